'use strict';
// Photographs the built "kenshu new" course for the README: the home page with some progress,
// a lesson, a passed test's result and the records page, at 1280 x 800 in light mode.
// Usage: node screenshots.js SITE OUTDIR (see screenshots.sh, run by make screenshots).

const path = require('node:path');
const lib = require('./lib.js');
const { passBasics, saveRecord } = require('./kinds.js');

async function main(site, out) {
  const browser = await lib.launch();
  try {
    const context = await lib.newContext(browser);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    const shoot = async (name) => {
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      console.log(`screenshots.js: ${path.join(out, `${name}.png`)}`);
    };

    await page.goto(lib.fileUrl(site, 'basics-welcome.html'));
    await shoot('lesson');
    await page.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
    await page.waitForFunction(() => document.getElementById('lesson-read').checked);

    await page.goto(lib.fileUrl(site, 'quiz-basics.html'));
    await passBasics(page);
    await page.evaluate(() => document.getElementById('quiz-result').scrollIntoView());
    await shoot('test-result');
    await saveRecord(page);

    await page.goto(lib.fileUrl(site, 'records.html'));
    await page.waitForSelector('.records-table tbody tr');
    await shoot('records');

    await page.goto(lib.fileUrl(site, 'index.html'));
    await page.waitForSelector('.header-progress', { state: 'visible' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot('home');
  } finally {
    await browser.close();
  }
}

main(process.argv[2], process.argv[3]).catch((err) => {
  console.error(err);
  process.exit(1);
});
