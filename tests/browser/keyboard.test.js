'use strict';
// A learner without a mouse: from the home page of the "kenshu new" course through a lesson
// to a passed test and its 受講記録, then to the records page that lists it, with
// page.keyboard.press alone (Tab, Shift+Tab, Enter, Space, arrow keys and typed characters).
// The page is only read, to know where the focus is; nothing is clicked or filled.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');
const { BASICS_ANSWERS, LEARNER } = require('./kinds.js');

const root = process.env.KENSHU_NEW_JA;
let browser;

before(async () => {
  if (root) browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

// What has the focus: tag, id, name, type, href (as written) and value.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? {
      tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
      type: el.getAttribute('type') || '', href: el.getAttribute('href') || '', value: el.value || '',
      checked: !!el.checked, text: (el.textContent || '').trim(),
    } : null;
  });
}

// Press Tab until want(focused element) holds; fails after limit presses.
async function tabTo(page, what, want, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && want(f)) return f;
  }
  throw new Error(`Tab never reached ${what} (${limit} presses) on ${page.url()}`);
}

async function type(page, text) {
  for (const ch of text) await page.keyboard.press(ch);
}

async function follow(page, what, want) {
  await tabTo(page, what, want);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('keyboard only: home, a lesson, a passed test, the training record, the records page', { skip: root ? false : 'run through run.sh' }, async () => {
  const context = await lib.newContext(browser);
  const page = await context.newPage();
  const problems = [];
  lib.watch(page, root, () => page.url(), problems);
  await page.goto(lib.fileUrl(root, 'index.html'));

  // The first Tab reaches the skip link, which moves the focus to the content.
  await page.keyboard.press('Tab');
  assert.strictEqual((await focused(page)).href, '#main', 'the first Tab does not reach the skip link');
  await page.keyboard.press('Enter');
  assert.strictEqual((await focused(page)).id, 'main');

  await follow(page, 'the module', (f) => f.href === 'basics.html');
  await follow(page, 'the first lesson', (f) => f.href === 'basics-welcome.html');
  assert.match(page.url(), /basics-welcome\.html$/);

  // Reading to the end: the read box comes into view with the focus and is ticked.
  await tabTo(page, 'the read box', (f) => f.id === 'lesson-read');
  await page.waitForFunction(() => document.getElementById('lesson-read').checked);
  await follow(page, 'the next lesson', (f) => f.href === 'basics-passwords.html');
  await follow(page, 'the test', (f) => f.href === 'quiz-basics.html');

  // Each question: Tab into its group, then arrow keys to the right answer (the order is
  // shuffled, so the focus says which choice it is on).
  await page.waitForFunction(() => !document.getElementById('quiz-submit').disabled);
  for (const [q, answer] of Object.entries(BASICS_ANSWERS)) {
    let f = await tabTo(page, `question ${q}`, (x) => x.name === `q-${q}`);
    for (let i = 0; i < 5 && f.value !== answer; i++) {
      await page.keyboard.press('ArrowDown');
      f = await focused(page);
    }
    assert.strictEqual(f.value, answer, `arrow keys never reached answer ${answer} of ${q}`);
    if (!f.checked) await page.keyboard.press('Space');
    assert.ok((await focused(page)).checked, `${q}: ${answer} is not chosen`);
  }
  await tabTo(page, 'the submit button', (f) => f.id === 'quiz-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#quiz-result', { state: 'visible' });
  assert.strictEqual((await focused(page)).id, 'quiz-result-heading', 'the focus did not move to the result');
  assert.strictEqual((await page.textContent('.quiz-verdict')).trim(), '合格');

  // The 受講記録 after the test, typed in and saved.
  for (const [id, v] of Object.entries(LEARNER)) {
    await tabTo(page, `the ${id} field`, (f) => f.id === `ack-${id}`);
    await type(page, v);
  }
  await tabTo(page, 'the save button', (f) => f.tag === 'button' && f.type === 'submit' && f.text === '受講記録を保存する');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#learner-record .form-status').textContent !== '');
  assert.match(await page.textContent('#learner-record .form-status'), /受講記録を保存しました/);

  // Back to the top of the page, through the header menu to the records page.
  await follow(page, 'the records page in the header menu', (f) => f.href === 'records.html');
  await page.waitForSelector('.records-table tbody tr');
  const row = await page.textContent('.records-table tbody tr');
  assert.match(row, /Learner One/);
  assert.match(row, /合格/);

  // And home again: both lessons read (their ends were passed on the way) and the test
  // passed show in the header.
  await follow(page, 'the site title', (f) => f.href === 'index.html' && f.text !== '');
  await page.waitForSelector('.header-progress', { state: 'visible' });
  assert.match(await page.textContent('.header-progress-text'), /レッスン 2\/2 テスト 1\/1/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});
