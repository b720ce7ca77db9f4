'use strict';
// Details a learner sees on the "kenshu new" courses and the example course: a test's result
// just submitted is this attempt's, and the earlier result only when the page is opened
// again; the focused result heading is underlined, not boxed like a field; a module card
// reads "2 レッスン・0/2 読了" ("2 lessons · 0/2 read"); task list items have no bullet and a
// check box of normal size on their first line; a printed 確認書 has boxes to sign and seal.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const lib = require('./lib.js');
const { passBasics } = require('./kinds.js');

const ja = process.env.KENSHU_NEW_JA;
const en = process.env.KENSHU_NEW_EN;
const example = process.env.KENSHU_EXAMPLE;
const skip = ja && en && example ? false : 'run through run.sh';

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function open(root, rel) {
  const context = await lib.newContext(browser);
  const page = await context.newPage();
  const problems = [];
  lib.watch(page, root, () => rel, problems);
  await page.goto(lib.fileUrl(root, rel), { waitUntil: 'load' });
  return { context, page, problems };
}

test('the result just submitted is this attempt\'s; opened again, it is the earlier result', { skip }, async () => {
  const { context, page, problems } = await open(ja, 'quiz-basics.html');
  assert.strictEqual(await page.isVisible('#quiz-state'), false, 'a result before any attempt');
  await passBasics(page);
  assert.match(await page.textContent('#quiz-state'), /^今回の結果: 合格（100点、/);
  assert.doesNotMatch(await page.textContent('#quiz-state'), /前回/);
  await page.reload();
  assert.match(await page.textContent('#quiz-state'), /^前回の結果: 合格（100点、/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test('the focused result heading is underlined, not drawn as a box', { skip }, async () => {
  const { context, page, problems } = await open(ja, 'quiz-basics.html');
  await page.waitForFunction(() => !document.getElementById('quiz-submit').disabled);
  for (const [q, c] of Object.entries({ accident: 'a', strong: 'b', reuse: 'false' })) await page.check(`#q-${q}-${c}`);
  // Submitted from the keyboard, so the focus that follows is the keyboard's.
  await page.focus('#quiz-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#quiz-result', { state: 'visible' });
  const look = () => page.evaluate(() => {
    const h = document.getElementById('quiz-result-heading'), s = getComputedStyle(h);
    return {
      focused: document.activeElement === h,
      outline: s.outlineStyle,
      sides: [s.borderTopStyle, s.borderLeftStyle, s.borderRightStyle],
      underline: s.textDecorationLine,
    };
  });
  const focused = await look();
  assert.deepStrictEqual(focused, { focused: true, outline: 'none', sides: ['none', 'none', 'none'], underline: 'underline' });
  const shot = await page.locator('#quiz-result-heading').screenshot();
  await page.evaluate(() => document.activeElement.blur());
  const blurred = await look();
  assert.deepStrictEqual([blurred.focused, blurred.underline], [false, 'none']);
  assert.notDeepStrictEqual(await page.locator('#quiz-result-heading').screenshot(), shot, 'focus changes nothing one can see');
  assert.deepStrictEqual(problems, []);
  await context.close();
});

for (const [root, want, read] of [[ja, '2 レッスン', '2 レッスン・0/2 読了'], [en, '2 lessons', '2 lessons · 0/2 read']]) {
  test(`a module card reads "${read}"`, { skip }, async () => {
    const { context, page, problems } = await open(root, 'index.html');
    await page.waitForFunction(() => document.querySelector('.card-progress').textContent !== '');
    assert.strictEqual(await page.textContent('.card .meta'), read);
    // Without progress to show (scripts off), the count alone.
    const bare = await browser.newContext({ javaScriptEnabled: false });
    const still = await bare.newPage();
    await still.goto(lib.fileUrl(root, 'index.html'));
    assert.strictEqual(await still.textContent('.card .meta'), want);
    await bare.close();
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test('task list items show no bullet, and a check box of normal size on their first line', { skip }, async () => {
  const { context, page } = await open(example, 'managers-principles.html');
  const items = await page.evaluate(() => Array.from(document.querySelectorAll('main .body li'))
    .filter((li) => li.firstElementChild && li.firstElementChild.matches('input[type="checkbox"]'))
    .map((li) => {
      const box = li.firstElementChild.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(li);
      const line = range.getClientRects()[0];
      const lineHeight = parseFloat(getComputedStyle(li).lineHeight);
      return {
        bullet: getComputedStyle(li).listStyleType,
        size: Math.round(box.width),
        // The box's middle within the first line of text, and left of the text.
        middle: box.top + box.height / 2 - li.getBoundingClientRect().top,
        lineHeight,
        leftOfText: box.right <= line.right,
        inside: box.left >= li.parentElement.getBoundingClientRect().left,
      };
    }));
  assert.ok(items.length >= 3, `only ${items.length} task list items`);
  for (const it of items) {
    assert.strictEqual(it.bullet, 'none');
    assert.ok(it.size >= 16, `a check box ${it.size} px wide`);
    assert.ok(it.middle > it.lineHeight * 0.25 && it.middle < it.lineHeight * 0.75, `the box's middle ${it.middle} px down a ${it.lineHeight} px line`);
    assert.ok(it.inside && it.leftOfText, JSON.stringify(it));
  }
  await context.close();
});

test('a printed 確認書 has boxes to sign and seal; the screen does not', { skip }, async () => {
  const { context, page, problems } = await open(ja, 'policy.html');
  assert.strictEqual(await page.isVisible('.ack-sign'), false);
  await page.emulateMedia({ media: 'print' });
  const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('.ack-sign .sign-box'), (b) => {
    const r = b.getBoundingClientRect();
    return { text: b.textContent, wide: r.width > 80, tall: r.height > 60 };
  }));
  assert.deepStrictEqual(boxes, [{ text: '署名', wide: true, tall: true }, { text: '印', wide: true, tall: true }]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-ack-'));
  try {
    const pdf = path.join(dir, 'policy.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    assert.match(text, /確認書[\s\S]*署名\s+印/, 'the printed 確認書 has no 署名 and 印 boxes');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.deepStrictEqual(problems, []);
  await context.close();
});
