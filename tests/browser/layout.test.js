'use strict';
// Phone and wide screen: every kind of page of the "kenshu new" course, ja and en, in the state
// a learner sees it, is screenshot whole (fullPage) at 360 px and at 1280 px. A page that
// scrolls sideways gives a picture wider than the window, so each PNG must be exactly the
// window's width; the page's own scroll width is checked too, to say what sticks out.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');
const { eachKind } = require('./kinds.js');

const courses = [
  { lang: 'ja', root: process.env.KENSHU_NEW_JA },
  { lang: 'en', root: process.env.KENSHU_NEW_EN },
];
const WIDTHS = [lib.PHONE, lib.DESKTOP];

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

// Width and height of a PNG, from its IHDR chunk.
function pngSize(buf) {
  assert.strictEqual(buf.toString('latin1', 1, 4), 'PNG', 'not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

for (const course of courses) {
  test(`no page of the ${course.lang} course scrolls sideways at ${WIDTHS.map((w) => w.width).join(' or ')} px`, { skip: course.root ? false : 'run through run.sh' }, async () => {
    const bad = [];
    let shots = 0;
    await eachKind(browser, course.root, { lang: course.lang }, async (page, kind) => {
      for (const viewport of WIDTHS) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const png = pngSize(await page.screenshot({ fullPage: true }));
        shots++;
        const m = await page.evaluate(lib.measureOverflow);
        if (png.width !== viewport.width || m.scrollWidth > m.clientWidth) {
          bad.push(`${kind.name} at ${viewport.width} px: screenshot ${png.width} px wide, scrollWidth ${m.scrollWidth}` +
            (m.culprits.length ? `; sticking out: ${m.culprits.join('; ')}` : ''));
        }
      }
    });
    assert.ok(shots >= 26, `only ${shots} screenshots taken`);
    assert.ok(bad.length === 0, `${bad.length} page(s) wider than the window:\n  ${bad.join('\n  ')}`);
  });
}
