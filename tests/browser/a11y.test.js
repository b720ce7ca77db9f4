'use strict';
// Accessibility: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices) run
// in headless Chromium on every kind of page of the course "kenshu new" writes, in Japanese
// and in English, each in the state a learner sees it (a test before and after submitting, a
// survey's result, the records page holding a record, search results), and on every page of
// the example course as it loads: zero violations. Colour contrast is checked again with the
// system in dark mode. The pages checked are printed.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');
const { eachKind } = require('./kinds.js');

const AXE = require.resolve('axe-core/axe.min.js');
const courses = [
  { lang: 'ja', root: process.env.KENSHU_NEW_JA },
  { lang: 'en', root: process.env.KENSHU_NEW_EN },
];

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

// axe's violations on the page, one line per offending element.
async function axe(page, options) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate((opts) => window.axe.run(document, opts).then((r) => r.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}`),
  }))), options);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) ${n}`));
}

const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } };

for (const course of courses) {
  test(`axe-core finds no violation on any kind of page of the "kenshu new --lang ${course.lang}" course, light and dark`, { skip: course.root ? false : 'run through run.sh' }, async () => {
    const found = [];
    const checked = [];
    await eachKind(browser, course.root, { lang: course.lang }, async (page, kind) => {
      const url = new URL(page.url());
      checked.push(`${kind.name} (${url.pathname.split("/").pop()}${decodeURIComponent(url.search)})`);
      for (const v of await axe(page, RULES)) found.push(`${kind.name}: ${v}`);
      // The same page in the system's dark mode: its own colours, still readable.
      await page.emulateMedia({ colorScheme: 'dark' });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (bg === 'rgb(255, 255, 255)') found.push(`${kind.name}: dark mode kept the white background`);
      for (const v of await axe(page, { runOnly: ['color-contrast'] })) found.push(`${kind.name} (dark): ${v}`);
    });
    console.log(`axe-core checked ${checked.length} pages of the ${course.lang} course, light and dark: ${checked.join(', ')}`);
    assert.ok(checked.length >= 13, `only ${checked.length} pages checked`);
    assert.ok(found.length === 0, `${found.length} violation(s):\n  ${found.join('\n  ')}`);
  });
}

test('axe-core finds no violation on any page of the example course, light and dark', { skip: process.env.KENSHU_EXAMPLE ? false : 'run through run.sh' }, async () => {
  const root = process.env.KENSHU_EXAMPLE;
  const files = lib.htmlFiles(root);
  const found = [];
  const context = await lib.newContext(browser);
  try {
    const page = await context.newPage();
    for (const rel of files) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(lib.fileUrl(root, rel), { waitUntil: 'load' });
      for (const v of await axe(page, RULES)) found.push(`${rel}: ${v}`);
      await page.emulateMedia({ colorScheme: 'dark' });
      for (const v of await axe(page, { runOnly: ['color-contrast'] })) found.push(`${rel} (dark): ${v}`);
    }
  } finally {
    await context.close();
  }
  console.log(`axe-core checked all ${files.length} pages of the example course, light and dark`);
  assert.ok(files.length >= 60, `only ${files.length} pages found`);
  assert.ok(found.length === 0, `${found.length} violation(s):\n  ${found.join('\n  ')}`);
});
