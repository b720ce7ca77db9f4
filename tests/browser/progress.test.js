'use strict';
// The learner's progress on the "kenshu new" course: a lesson counts as read when its end is
// reached or when the learner ticks it (and unticking takes it back); a passed test counts
// from the quiz result; the header, the navigation, the module cards and the home page show
// it; resetting forgets both after a confirmation and keeps the training records.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');
const { passBasics, saveRecord } = require('./kinds.js');

const root = process.env.KENSHU_NEW_JA;
const skip = root ? false : 'run through run.sh';
// A window so short that a lesson's end is out of sight until the learner scrolls.
const SHORT = { width: 1280, height: 300 };

let browser;

before(async () => {
  if (root) browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function open(context, rel) {
  const page = await context.newPage();
  await page.setViewportSize(SHORT);
  await page.goto(lib.fileUrl(root, rel));
  return page;
}

async function header(page) {
  await page.waitForSelector('.header-progress', { state: 'visible' });
  return (await page.textContent('.header-progress-text')).trim();
}

async function readMarks(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('.site-nav a.is-read'), (a) => a.getAttribute('href')));
}

test('reaching the end of a lesson marks it read; the box marks and unmarks it', { skip }, async () => {
  const context = await lib.newContext(browser);
  const page = await open(context, 'basics-welcome.html');
  assert.strictEqual(await header(page), 'レッスン 0/2 テスト 0/1');
  await page.waitForTimeout(300);
  assert.strictEqual(await page.isChecked('#lesson-read'), false, 'read before its end was reached');
  assert.deepStrictEqual(await readMarks(page), []);

  await page.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
  await page.waitForFunction(() => document.getElementById('lesson-read').checked);
  assert.strictEqual(await header(page), 'レッスン 1/2 テスト 0/1');
  assert.deepStrictEqual(await readMarks(page), ['basics-welcome.html']);
  assert.strictEqual(await page.textContent('.site-nav a.is-read .sr-only'), '（読了）');
  assert.strictEqual(await page.textContent('.nav-module .module-progress'), '1/2 読了');

  // The second lesson: read at its end, then unticked (it stays unread while the box is in
  // view), ticked and unticked by hand.
  const second = await open(context, 'basics-passwords.html');
  await second.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
  await second.waitForFunction(() => document.getElementById('lesson-read').checked);
  assert.strictEqual(await header(second), 'レッスン 2/2 テスト 0/1');
  assert.strictEqual(await second.getAttribute('.nav-module', 'class'), 'nav-module is-open is-read');
  await second.uncheck('#lesson-read');
  await second.waitForTimeout(300);
  assert.strictEqual(await second.isChecked('#lesson-read'), false, 'the box ticked itself again');
  assert.strictEqual(await header(second), 'レッスン 1/2 テスト 0/1');
  await second.check('#lesson-read');
  assert.strictEqual(await header(second), 'レッスン 2/2 テスト 0/1');
  await second.uncheck('#lesson-read');
  assert.strictEqual(await header(second), 'レッスン 1/2 テスト 0/1');

  const home = await open(context, 'index.html');
  assert.strictEqual(await home.textContent('.progress-lessons'), '2レッスン中 1レッスンを読了');
  assert.strictEqual(await home.textContent('.card .meta'), '2 レッスン・1/2 読了');
  await context.close();
});

test('a passed test counts; reset forgets reading and results after confirming, records stay', { skip }, async () => {
  const context = await lib.newContext(browser);
  const quiz = await open(context, 'quiz-basics.html');
  await passBasics(quiz);
  await saveRecord(quiz);
  assert.strictEqual(await header(quiz), 'レッスン 0/2 テスト 1/1');

  const lesson = await open(context, 'basics-welcome.html');
  await lesson.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
  await lesson.waitForFunction(() => document.getElementById('lesson-read').checked);
  const home = await open(context, 'index.html');
  assert.strictEqual(await header(home), 'レッスン 1/2 テスト 1/1');
  assert.strictEqual(await home.textContent('.quiz-progress-summary'), '1件中 1件 合格');

  // Declining the confirmation changes nothing.
  home.once('dialog', (d) => d.dismiss());
  await home.click('[data-action="reset-progress"]');
  assert.strictEqual(await header(home), 'レッスン 1/2 テスト 1/1');

  home.once('dialog', (d) => {
    assert.match(d.message(), /受講記録は消えません/);
    d.accept();
  });
  await home.click('[data-action="reset-progress"]');
  assert.strictEqual(await header(home), 'レッスン 0/2 テスト 0/1');
  assert.strictEqual(await home.textContent('.progress-status'), '進み具合をリセットしました。');
  assert.strictEqual(await home.textContent('.quiz-progress-summary'), '1件中 0件 合格');
  assert.strictEqual(await home.textContent('.quiz-progress-list .quiz-status'), '未受験');

  const again = await open(context, 'basics-welcome.html');
  assert.strictEqual(await again.isChecked('#lesson-read'), false, 'the lesson is still read after the reset');
  const records = await open(context, 'records.html');
  await records.waitForSelector('.records-table tbody tr');
  assert.match(await records.textContent('.records-table tbody'), /Learner One/);
  await context.close();
});
