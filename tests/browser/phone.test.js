'use strict';
// A phone (390 × 844): a lesson starts with its title on the first screen, the course's
// contents wait behind the 目次 (Contents) button, which opens and closes them from the
// keyboard and says whether they are open (aria-expanded); Escape closes them and gives the
// focus back to the button; with scripts off the contents show as before; on a wide screen
// there is no button and the column shows. The records table, wider than a phone, scrolls in
// a labelled region that the keyboard reaches, with a note that it scrolls.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');
const { passBasics, saveRecord } = require('./kinds.js');

const PHONE = { width: 390, height: 844 };
const courses = [
  { lang: 'ja', root: process.env.KENSHU_NEW_JA, toggle: '目次' },
  { lang: 'en', root: process.env.KENSHU_NEW_EN, toggle: 'Contents' },
];
const example = process.env.KENSHU_EXAMPLE;

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function phonePage(root, rel, options = {}) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: options.js !== false });
  const page = await context.newPage();
  const problems = [];
  lib.watch(page, root, () => rel, problems);
  await page.goto(lib.fileUrl(root, rel), { waitUntil: 'load' });
  return { context, page, problems };
}

// Where the page's title, the button and the column are, and what the button says.
function layout() {
  const box = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, visible: r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' };
  };
  const button = document.querySelector('.nav-toggle');
  return {
    h1: box('main h1'),
    nav: box('#site-nav'),
    button: box('.nav-toggle'),
    expanded: button && button.getAttribute('aria-expanded'),
    controls: button && button.getAttribute('aria-controls'),
    label: button && button.textContent.trim(),
  };
}

for (const course of courses) {
  test(`${course.lang}: at 390 × 844 a lesson's title is on the first screen, the contents behind a button the keyboard works`, { skip: course.root ? false : 'run through run.sh' }, async () => {
    const { context, page, problems } = await phonePage(course.root, 'basics-welcome.html');
    let l = await page.evaluate(layout);
    assert.ok(l.h1.bottom <= PHONE.height, `the title ends ${Math.round(l.h1.bottom)} px down`);
    assert.strictEqual(l.nav.visible, false, 'the contents show before the button is pressed');
    assert.deepStrictEqual([l.button.visible, l.label, l.expanded, l.controls], [true, course.toggle, 'false', 'site-nav']);

    // Tab from the top of the page reaches the button before the page's own links.
    await page.keyboard.press('Tab'); // the skip link
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'nav-toggle'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement.className);
    }
    assert.strictEqual(focused, 'nav-toggle', 'Tab never reached the button');
    await page.keyboard.press('Enter');
    l = await page.evaluate(layout);
    assert.deepStrictEqual([l.expanded, l.nav.visible], ['true', true], 'Enter did not open the contents');
    assert.ok(await page.isVisible('#site-nav a[aria-current="page"]'), 'the open contents do not show this lesson');
    // Into the contents, then Escape: closed, and the focus back on the button.
    await page.keyboard.press('Tab');
    assert.strictEqual(await page.evaluate(() => !!document.activeElement.closest('#site-nav')), true, 'Tab did not go into the contents');
    await page.keyboard.press('Escape');
    l = await page.evaluate(layout);
    assert.deepStrictEqual([l.expanded, l.nav.visible], ['false', false], 'Escape did not close the contents');
    assert.strictEqual(await page.evaluate(() => document.activeElement.className), 'nav-toggle', 'Escape left the focus elsewhere');
    // Space opens, and the button closes them again.
    await page.keyboard.press('Space');
    assert.strictEqual((await page.evaluate(layout)).expanded, 'true');
    await page.keyboard.press('Enter');
    l = await page.evaluate(layout);
    assert.deepStrictEqual([l.expanded, l.nav.visible], ['false', false]);

    // A wide screen: no button, the column beside the page, whatever the button said.
    await page.setViewportSize(lib.DESKTOP);
    l = await page.evaluate(layout);
    assert.deepStrictEqual([l.button.visible, l.nav.visible], [false, true]);
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test('ja: with scripts off the contents show on a phone, and no button that would do nothing', { skip: courses[0].root ? false : 'run through run.sh' }, async () => {
  const { context, page } = await phonePage(courses[0].root, 'basics-welcome.html', { js: false });
  const l = await page.evaluate(layout);
  assert.deepStrictEqual([l.nav.visible, l.button.visible], [true, false]);
  assert.ok(await page.isVisible('#site-nav a[aria-current="page"]'));
  await context.close();
});

test('every lesson of the example course starts with its title on a phone\'s first screen', { skip: example ? false : 'run through run.sh' }, async () => {
  const lessons = lib.htmlFiles(example).filter((rel) => /^[a-z0-9]+(-[a-z0-9]+)+\.html$/.test(rel));
  const { context, page } = await phonePage(example, 'index.html');
  const late = [];
  let checked = 0;
  for (const rel of lessons) {
    await page.goto(lib.fileUrl(example, rel));
    if (!(await page.$('main article.lesson'))) continue;
    checked++;
    const l = await page.evaluate(layout);
    if (l.h1.bottom > PHONE.height) late.push(`${rel}: ${Math.round(l.h1.bottom)} px`);
  }
  await context.close();
  assert.ok(checked >= 40, `only ${checked} lessons checked`);
  assert.deepStrictEqual(late, [], 'titles below the first screen');
});

test('ja: the records table scrolls sideways in a labelled region the keyboard reaches, and says so', { skip: courses[0].root ? false : 'run through run.sh' }, async () => {
  const { context, page, problems } = await phonePage(courses[0].root, 'quiz-basics.html');
  await passBasics(page);
  await saveRecord(page);
  await page.goto(lib.fileUrl(courses[0].root, 'records.html'));
  await page.waitForSelector('.records-table tbody tr');
  const region = await page.evaluate(() => {
    const el = document.querySelector('.records-scroll');
    return { role: el.getAttribute('role'), label: el.getAttribute('aria-label'), wider: el.scrollWidth > el.clientWidth };
  });
  assert.deepStrictEqual(region, { role: 'region', label: '記録の一覧', wider: true });
  assert.ok(await page.isVisible('.records-scroll-note'), 'no word that the table scrolls');
  assert.strictEqual(await page.textContent('.records-scroll-note'), '表は横にスクロールできます。');
  // Tab reaches the region (after the export and print buttons), and the arrow keys scroll it.
  await page.focus('button[data-action="print"]');
  await page.keyboard.press('Tab');
  assert.strictEqual(await page.evaluate(() => document.activeElement.className), 'records-scroll');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.records-scroll').scrollLeft > 0);
  // Wide enough for the whole table: no note.
  await page.setViewportSize(lib.DESKTOP);
  await page.waitForFunction(() => document.querySelector('.records-scroll-note').hidden);
  assert.deepStrictEqual(problems, []);
  await context.close();
});
