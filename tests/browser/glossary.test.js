'use strict';
// Glossary links on the fixture course (tests/browser/fixture), opened from file:// as the
// offline ZIP is: a term's definition shows on hover, on keyboard focus and on a first tap,
// Escape closes it, following the link lands on the entry (its id is :target), and the
// glossary page lists the entries under kana-row headings in 五十音 order.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const lib = require('./lib.js');

const fixture = lib.fixtureFromEnv();
const LESSON = 'first-other.html';

let browser;
let context;

before(async () => {
  if (!fixture) return;
  browser = await lib.launch();
  context = await lib.newContext(browser);
});

after(async () => {
  if (browser) await browser.close();
});

// A page of the fixture with its problems (outside requests, script errors) recorded.
async function open(ctx, rel, problems) {
  const page = await ctx.newPage();
  lib.watch(page, fixture, () => rel, problems);
  await page.goto(lib.fileUrl(fixture, rel), { waitUntil: 'load' });
  return page;
}

describe('glossary', { skip: !fixture && 'KENSHU_FIXTURE is not set (run through run.sh)' }, () => {
  test('a definition shows on hover and hides when the pointer leaves', async () => {
    const problems = [];
    const page = await open(context, LESSON, problems);
    const link = page.locator('a.term', { hasText: 'パスワード' }).first();
    const tip = page.locator('#def-t-password');
    assert.strictEqual(await link.getAttribute('aria-describedby'), 'def-t-password');
    assert.ok(await tip.isHidden(), 'the definition is hidden before anything happens');
    await link.hover();
    await tip.waitFor({ state: 'visible' });
    const text = await tip.innerText();
    assert.match(text, /本人だけ/, `definition text: ${text}`);
    // The popup sits just below (or above) the term and inside the window.
    const l = await link.boundingBox();
    const t = await tip.boundingBox();
    assert.ok(t.x >= 0 && t.x + t.width <= 1280, `popup inside the window: ${JSON.stringify(t)}`);
    assert.ok(Math.abs(t.y - (l.y + l.height)) < 40 || Math.abs(t.y + t.height - l.y) < 40,
      `popup next to the term: term ${JSON.stringify(l)}, popup ${JSON.stringify(t)}`);
    // The pointer may move onto the popup without closing it.
    await page.mouse.move(t.x + 5, t.y + 5, { steps: 3 });
    await page.waitForTimeout(400);
    assert.ok(await tip.isVisible(), 'the popup stays open while the pointer is on it');
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: 'hidden' });
    await page.close();
    assert.deepStrictEqual(problems, []);
  });

  test('a definition shows on keyboard focus and Escape closes it', async () => {
    const problems = [];
    const page = await open(context, LESSON, problems);
    let focused = null;
    for (let i = 0; i < 200 && focused !== 'def-t-password'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.matches('a.term') ? a.getAttribute('aria-describedby') : null;
      });
    }
    assert.strictEqual(focused, 'def-t-password', 'Tab reaches the term link');
    const tip = page.locator('#def-t-password');
    await tip.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden' });
    assert.strictEqual(await page.evaluate(() => document.activeElement.getAttribute('aria-describedby')),
      'def-t-password', 'focus stays on the term');
    // The next term in tab order shows its own definition.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby'));
    assert.ok(next && next !== 'def-t-password', `the next link is a term: ${next}`);
    await page.locator(`#${next}`).waitFor({ state: 'visible' });
    await page.close();
    assert.deepStrictEqual(problems, []);
  });

  test('following a term leads to its entry on the glossary page', async () => {
    const problems = [];
    const page = await open(context, LESSON, problems);
    await Promise.all([
      page.waitForURL(/glossary\.html#t-password$/),
      page.locator('a.term', { hasText: 'パスワード' }).first().click(),
    ]);
    const target = await page.evaluate(() => {
      const t = document.querySelector(':target');
      return t ? { id: t.id, term: t.querySelector('h3').textContent } : null;
    });
    assert.deepStrictEqual(target, { id: 't-password', term: 'パスワード' });
    // The entry lists the pages that link the term, and they lead back.
    const pages = await page.locator('#t-password .glossary-pages a').evaluateAll(
      (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(pages.includes(LESSON) && pages.includes('first-start.html'), `pages: ${pages}`);
    await page.close();
    assert.deepStrictEqual(problems, []);
  });

  test('a first tap shows the definition, a second tap follows the link', async () => {
    const problems = [];
    const phone = await browser.newContext({ viewport: lib.PHONE, hasTouch: true, isMobile: true });
    await phone.route((url) => url.protocol !== 'file:', (route) => route.abort('blockedbyclient'));
    const page = await open(phone, LESSON, problems);
    const link = page.locator('a.term', { hasText: '脆弱性' }).first();
    const tip = page.locator('#def-t-vulnerability');
    await link.scrollIntoViewIfNeeded();
    await link.tap();
    await tip.waitFor({ state: 'visible' });
    assert.match(page.url(), new RegExp(`${LESSON}$`), 'the first tap stays on the page');
    const box = await tip.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= lib.PHONE.width, `popup fits the phone: ${JSON.stringify(box)}`);
    await Promise.all([page.waitForURL(/glossary\.html#t-vulnerability$/), link.tap()]);
    await phone.close();
    assert.deepStrictEqual(problems, []);
  });

  test('the glossary page groups entries under kana-row headings in 五十音 order', async () => {
    const problems = [];
    const page = await open(context, 'glossary.html', problems);
    const rows = await page.evaluate(() => Array.from(document.querySelectorAll('.glossary-row')).map((s) => ({
      heading: s.querySelector('h2').textContent,
      terms: Array.from(s.querySelectorAll('.glossary-entry h3')).map((h) => h.textContent),
    })));
    assert.deepStrictEqual(rows, [
      { heading: 'あ行', terms: ['アカウント', '暗号化'] },
      { heading: 'か行', terms: ['クラウドサービス'] },
      { heading: 'さ行', terms: ['脆弱性'] },
      { heading: 'た行', terms: ['多要素認証'] },
      { heading: 'は行', terms: ['パスワード'] },
      { heading: 'ま行', terms: ['マルウェア'] },
      { heading: 'や行', terms: ['USBメモリ'] },
      { heading: 'ら行', terms: ['ランサムウェア'] },
      { heading: 'わ行', terms: ['Wi-Fi'] },
      { heading: 'A–Z', terms: ['UTM'] },
    ]);
    // The index at the top leads to every row; see-also links lead to entries on the page.
    const index = await page.locator('.glossary-index a').evaluateAll((as) => as.map((a) => a.textContent));
    assert.deepStrictEqual(index, rows.map((r) => r.heading));
    await page.locator('#t-ransomware .glossary-facts a', { hasText: 'マルウェア' }).click();
    assert.strictEqual(await page.evaluate(() => document.querySelector(':target').id), 't-malware');
    // The header menu of every page links the glossary.
    const lesson = await open(context, LESSON, problems);
    assert.strictEqual(await lesson.locator('.site-menu a', { hasText: '用語集' }).getAttribute('href'), 'glossary.html');
    await lesson.close();
    await page.close();
    assert.deepStrictEqual(problems, []);
  });
});
