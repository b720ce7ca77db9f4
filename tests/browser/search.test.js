'use strict';
// Search, from file:// as a branch office opens the extracted ZIP: the index's manifest is
// loaded with a script tag on first use and a query's shards as it needs them, queries go
// through the page's own search function (the one the search box calls) and through the box
// itself (typing, arrows, Enter, Escape), and the full results page answers ?q=. Japanese queries are checked on the example course (41 lessons);
// half-width text and the phrase test on the fixture's 03-finding module.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.js');

const sites = lib.sitesFromEnv();
const fixture = lib.fixtureFromEnv();
const example = sites.find((s) => s.root !== fixture);

let browser;
let context;

before(async () => {
  browser = await lib.launch();
  context = await lib.newContext(browser);
});

after(async () => {
  if (browser) await browser.close();
});

// A page of root opened from file://, with its problems (outside requests, errors) recorded.
async function open(root, rel, query) {
  const problems = [];
  const page = await context.newPage();
  lib.watch(page, root, () => rel, problems);
  await page.goto(lib.fileUrl(root, rel) + (query || ''));
  return { page, problems };
}

// The result pages (output file names, fragment dropped) for q, through window.kenshu.search:
// every result, with the shards they need loaded, as the results page shows them.
async function search(page, q) {
  return page.evaluate((query) => new Promise((resolve, reject) => {
    window.kenshu.search.search(query, Infinity, (res) => {
      if (!res) return reject(new Error('the search index did not load'));
      resolve(res.results.map((d) => ({
        page: d.href.split('#')[0], href: d.href, title: d.title, heading: d.heading, snippet: d.snippet,
      })));
    });
  }), q);
}

const pagesOf = (results) => results.map((r) => r.page);

describe('search on the example course', { skip: example ? false : 'no example site in KENSHU_SITES' }, () => {
  let page;
  let problems;

  before(async () => {
    ({ page, problems } = await open(example.root, 'index.html'));
  });

  after(async () => {
    if (page) await page.close();
  });

  test('the index is not loaded until the search box is used, then by a script tag', async () => {
    assert.strictEqual(await page.evaluate(() => typeof window.KENSHU_SEARCH), 'undefined');
    await page.focus('#search-q');
    await page.waitForFunction(() => typeof window.KENSHU_SEARCH === 'object');
    const src = await page.evaluate(() => Array.from(document.scripts).map((s) => s.getAttribute('src')));
    assert.ok(src.includes('assets/search-index.js'), `scripts: ${src.join(', ')}`);
  });

  test('a query loads the shards its tokens and the results shown need, not the whole index', async () => {
    const fresh = await open(example.root, 'index.html');
    const loaded = [];
    fresh.page.on('request', (req) => {
      const m = /\/assets\/search\/([td]\d+)\.js$/.exec(req.url());
      if (m) loaded.push(m[1]);
    });
    await fresh.page.type('#search-q', 'ランサムウェア');
    await fresh.page.waitForSelector('#search-listbox [role="option"]');
    const all = fs.readdirSync(path.join(example.root, 'assets', 'search'));
    const tokens = loaded.filter((id) => id[0] === 't');
    const texts = loaded.filter((id) => id[0] === 'd');
    await fresh.page.close();
    // Typed a character at a time: the shards of ら, らん, ... each loaded once, when first needed.
    assert.strictEqual(new Set(loaded).size, loaded.length, `loaded twice: ${loaded.join(', ')}`);
    assert.ok(tokens.length >= 1 && tokens.length < all.filter((f) => f[0] === 't').length, `token shards: ${tokens.join(', ')}`);
    assert.ok(texts.length >= 1 && texts.length <= 8, `text shards: ${texts.join(', ')}`);
    assert.deepStrictEqual(fresh.problems, []);
  });

  test('Japanese queries find their lessons, the title match first', async () => {
    let r = await search(page, 'ランサムウェア');
    assert.strictEqual(r[0] && r[0].page, 'attacks-ransomware.html', `ランサムウェア: ${pagesOf(r).join(', ')}`);
    assert.ok(r.length > 1, 'ランサムウェア is named in other lessons too');
    r = await search(page, '標的型');
    assert.strictEqual(r[0] && r[0].page, 'attacks-targeted-mail.html', `標的型: ${pagesOf(r).join(', ')}`);
    r = await search(page, 'パスワード');
    assert.ok(r[0] && r[0].title.includes('パスワード'), `パスワード: first result "${r[0] && r[0].title}"`);
    assert.ok(pagesOf(r).slice(0, 3).includes('five-rules-passwords.html'), `パスワード: ${pagesOf(r).join(', ')}`);
    assert.ok(r.length >= 5, `パスワード: only ${r.length} results`);
  });

  test('a half-width query finds the full-width text', async () => {
    const full = await search(page, 'パスワード');
    const half = await search(page, 'ﾊﾟｽﾜｰﾄﾞ');
    assert.deepStrictEqual(pagesOf(half), pagesOf(full));
    assert.ok(half.length > 0);
  });

  test('two words are both required (AND), each anywhere on the page', async () => {
    const a = pagesOf(await search(page, 'パスワード'));
    const b = pagesOf(await search(page, '使い回し'));
    const both = pagesOf(await search(page, 'パスワード 使い回し'));
    assert.ok(both.length > 0, 'パスワード 使い回し: no result');
    assert.ok(both.length < a.length, `パスワード 使い回し: ${both.length} results, パスワード alone ${a.length}`);
    for (const p of both) assert.ok(a.includes(p) && b.includes(p), `${p} lacks one of the words`);
    for (const p of a) if (b.includes(p)) assert.ok(both.includes(p), `${p} has both words but is not found`);
    // An ideographic space separates words too.
    assert.deepStrictEqual(pagesOf(await search(page, 'パスワード\u3000使い回し')).sort(), both.slice().sort());
  });

  test('a Latin query, in any case and width', async () => {
    const lower = await search(page, 'utm');
    assert.ok(pagesOf(lower).includes('five-rules-antivirus.html'), `utm: ${pagesOf(lower).join(', ')}`);
    assert.deepStrictEqual(pagesOf(await search(page, 'UTM')), pagesOf(lower));
    assert.deepStrictEqual(pagesOf(await search(page, 'ＵＴＭ')), pagesOf(lower));
  });

  test('typing shows results with the query marked, ArrowDown and Enter open the first', async () => {
    await page.fill('#search-q', '');
    await page.type('#search-q', 'ランサムウェア');
    // Typed a character at a time: wait for the list of the whole query, not of its start.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#search-listbox mark'))
      .some((m) => m.textContent === 'ランサムウェア'));
    const box = await page.evaluate(() => ({
      expanded: document.getElementById('search-q').getAttribute('aria-expanded'),
      options: document.querySelectorAll('#search-listbox [role="option"]').length,
      marks: Array.from(document.querySelectorAll('#search-listbox mark')).map((m) => m.textContent),
      status: document.querySelector('[data-search-status]').textContent,
      count: document.querySelector('form.search').getAttribute('data-count'),
    }));
    assert.strictEqual(box.expanded, 'true');
    assert.ok(box.options > 0 && box.options <= 8, `${box.options} options`);
    assert.ok(box.marks.includes('ランサムウェア'), `marked: ${box.marks.join(', ')}`);
    assert.ok(/\d/.test(box.status) && box.count.includes('{n}'), `status "${box.status}"`);
    await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(() => {
      const input = document.getElementById('search-q');
      const id = input.getAttribute('aria-activedescendant');
      const opt = id && document.getElementById(id);
      return { id, selected: opt && opt.getAttribute('aria-selected'), href: opt && opt.querySelector('a').getAttribute('href') };
    });
    assert.strictEqual(active.id, 'search-opt-0');
    assert.strictEqual(active.selected, 'true');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.strictEqual(page.url().split('/').pop().split('#')[0], active.href.split('#')[0]);
    assert.strictEqual(active.href.split('#')[0], 'attacks-ransomware.html');
  });

  test('Escape closes the list; a query with no result says so', async () => {
    await page.goto(lib.fileUrl(example.root, 'index.html'));
    await page.type('#search-q', 'ぬゑゐ');
    await page.waitForFunction(() => !document.querySelector('.search-popup').hidden);
    const none = await page.evaluate(() => ({
      shown: Array.from(document.querySelectorAll('.search-none')).filter((e) => !e.hidden).map((e) => e.textContent),
      want: document.querySelector('form.search').getAttribute('data-none'),
      options: document.querySelectorAll('#search-listbox [role="option"]').length,
      status: document.querySelector('[data-search-status]').textContent,
    }));
    assert.ok(none.want && none.want.length > 0, 'the form carries no data-none string');
    assert.deepStrictEqual(none.shown, [none.want]);
    assert.strictEqual(none.options, 0);
    assert.strictEqual(none.status, none.want);
    await page.keyboard.press('Escape');
    assert.strictEqual(await page.evaluate(() => document.querySelector('.search-popup').hidden), true);
    assert.strictEqual(await page.getAttribute('#search-q', 'aria-expanded'), 'false');
  });

  test('Enter without a chosen result opens the results page, which reads ?q=', async () => {
    await page.goto(lib.fileUrl(example.root, 'index.html'));
    await page.type('#search-q', '標的型');
    await page.waitForSelector('#search-listbox [role="option"]'); // (leaving sooner aborts the index load)
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    assert.strictEqual(url.protocol, 'file:');
    assert.strictEqual(url.pathname.split('/').pop(), 'search.html');
    assert.strictEqual(url.searchParams.get('q'), '標的型');
    await page.waitForSelector('[data-search-results] li');
    const res = await page.evaluate(() => ({
      value: document.getElementById('search-page-q').value,
      first: document.querySelector('[data-search-results] a').getAttribute('href'),
      n: document.querySelectorAll('[data-search-results] li').length,
      status: document.querySelector('[data-search-page-status]').textContent,
      h1: document.querySelector('h1').textContent,
    }));
    assert.strictEqual(res.value, '標的型');
    assert.strictEqual(res.first, 'attacks-targeted-mail.html');
    assert.ok(res.status.includes(String(res.n)), `status "${res.status}" for ${res.n} results`);
    assert.deepStrictEqual(pagesOf(await search(page, '標的型')).length, res.n);
  });

  test('no outside request, no console or page error', () => {
    assert.deepStrictEqual(problems, []);
  });
});

describe('search on the fixture course', { skip: fixture ? false : 'KENSHU_FIXTURE not set' }, () => {
  let page;
  let problems;

  before(async () => {
    ({ page, problems } = await open(fixture, 'search.html', '?q=' + encodeURIComponent('東京都')));
  });

  after(async () => {
    if (page) await page.close();
  });

  test('a phrase does not match its characters apart', async () => {
    // finding-scattered.html has 東京 and 京都 (東京の本社と京都の支店), not 東京都.
    assert.ok(pagesOf(await search(page, '東京')).includes('finding-scattered.html'));
    assert.ok(pagesOf(await search(page, '京都')).includes('finding-scattered.html'));
    const phrase = pagesOf(await search(page, '東京都'));
    assert.deepStrictEqual(phrase, ['finding-capital.html']);
    // One character finds it inside a word, at a run's end, and alone.
    assert.ok(pagesOf(await search(page, '都')).includes('finding-capital.html'));
    assert.ok(pagesOf(await search(page, '京')).includes('finding-scattered.html'));
  });

  test('the results page shows the ?q= results from file://', async () => {
    await page.waitForSelector('[data-search-results] li');
    const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('[data-search-results] a')).map((a) => a.getAttribute('href')));
    assert.deepStrictEqual(hrefs, ['finding-capital.html']);
    const marks = await page.evaluate(() => Array.from(document.querySelectorAll('[data-search-results] mark')).map((m) => m.textContent));
    assert.ok(marks.includes('東京都'), `marked: ${marks.join(', ')}`);
  });

  test('a word far into a lesson shows in its snippet, marked, cut around it', async () => {
    // finding-capital.html ends with 避難経路, past the start of its text that every result keeps.
    const fresh = await open(fixture, 'index.html');
    const bodies = [];
    fresh.page.on('request', (req) => {
      const m = /\/assets\/search\/(b\d+)\.js$/.exec(req.url());
      if (m) bodies.push(m[1]);
    });
    await fresh.page.type('#search-q', '避難経路');
    await fresh.page.waitForSelector('#search-listbox [role="option"] mark');
    const shown = await fresh.page.evaluate(() => {
      const snip = document.querySelector('#search-listbox [role="option"] .search-result-snippet');
      return { text: snip.textContent, marks: Array.from(snip.querySelectorAll('mark'), (m) => m.textContent) };
    });
    assert.deepStrictEqual(shown.marks, ['避難経路']);
    assert.match(shown.text, /^….*避難経路の説明があります。$/);
    assert.strictEqual(bodies.length, 1, `body shards: ${bodies.join(', ')}`);
    // A word near the start: the snippet from the start of the text, no body shard loaded.
    await fresh.page.fill('#search-q', '新宿区');
    await fresh.page.waitForFunction(() => /新宿区/.test(document.querySelector('#search-listbox mark')?.textContent || ''));
    assert.match(await fresh.page.textContent('#search-listbox .search-result-snippet'), /^都庁の場所 東京都の庁舎は新宿区に/);
    assert.strictEqual(bodies.length, 1, `body shards: ${bodies.join(', ')}`);
    assert.deepStrictEqual(fresh.problems, []);
    await fresh.page.close();
  });

  test('full-width query, half-width text: and the other way round', async () => {
    assert.ok(pagesOf(await search(page, 'スマートスピーカー')).includes('finding-scattered.html'));
    assert.ok(pagesOf(await search(page, 'すまーとすぴーかー')).includes('finding-scattered.html'), 'hiragana finds katakana');
    const marks = await page.evaluate(async () => {
      document.getElementById('search-page-q').value = 'スマートスピーカー';
      document.querySelector('.search-page-form button').click();
      return Array.from(document.querySelectorAll('[data-search-results] mark')).map((m) => m.textContent);
    });
    assert.ok(marks.includes('ｽﾏｰﾄｽﾋﾟｰｶｰ'), `the half-width text is marked: ${marks.join(', ')}`);
  });

  test('no outside request, no console or page error', () => {
    assert.deepStrictEqual(problems, []);
  });
});
