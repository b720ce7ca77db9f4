'use strict';
// The same ranked results, query for query, as the search gave before its index was split
// into shards: search-expected.json was recorded from the one-file index (kenshu at commit
// 9904286) on the example course and on a generated corpus of 100 lessons (gencorpus 100
// 1000 200). Its queries cover one, two and more Japanese characters, kana folding, full- and
// half-width text, Latin words and prefixes, several words, a phrase whose characters occur
// apart, and no hit. Each result is its title, heading, link and snippet for the first ten,
// its link after them. The snippets were recorded again when a snippet that showed none of
// the words searched for came to be cut around the first of them; the results, their order,
// titles, headings and links are those of 9904286.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.js');

const expected = JSON.parse(fs.readFileSync(path.join(__dirname, 'search-expected.json'), 'utf8'));
const sites = {
  example: process.env.KENSHU_EXAMPLE,
  corpus: process.env.KENSHU_CORPUS,
};

let browser;
let context;

before(async () => {
  browser = await lib.launch();
  context = await lib.newContext(browser);
});

after(async () => {
  if (browser) await browser.close();
});

// Every query's results on the site at root, as search-expected.json keeps them.
async function resultsOf(root, queries) {
  const problems = [];
  const page = await context.newPage();
  lib.watch(page, root, () => 'search.html', problems);
  await page.goto(lib.fileUrl(root, 'search.html'));
  // One query after another, each loading the shards it needs, as the results page does.
  const got = await page.evaluate(async (qs) => {
    const out = {};
    for (const q of qs) {
      const res = await new Promise((resolve) => window.kenshu.search.search(q, Infinity, resolve));
      if (!res) throw new Error(`the search index did not load for ${q}`);
      out[q] = res.results.map((d, i) => (i < 10 ? [d.title, d.heading, d.href, d.snippet] : d.href));
    }
    return out;
  }, queries);
  await page.close();
  return { got, problems };
}

for (const name of Object.keys(sites)) {
  describe(`search results on the ${name} site, as before the shards`, { skip: sites[name] ? false : `no ${name} site` }, () => {
    let run;

    before(async () => {
      run = await resultsOf(sites[name], expected.queries);
    });

    for (const q of expected.queries) {
      test(`${JSON.stringify(q)}: ${expected[name][q].length} results`, () => {
        assert.deepStrictEqual(run.got[q], expected[name][q]);
      });
    }

    test('no outside request, no console or page error', () => {
      assert.deepStrictEqual(run.problems, []);
    });
  });
}

// The results page shows 50 results at a time, so that a word on every page does not load
// every text shard: a button shows 50 more, and goes once all are shown.
describe('the results page, 50 results at a time', { skip: sites.corpus ? false : 'no corpus site' }, () => {
  test('a word found nearly everywhere: 50, then 50 more with each click, until all', async () => {
    const problems = [];
    const page = await context.newPage();
    lib.watch(page, sites.corpus, () => 'search.html', problems);
    await page.goto(`${lib.fileUrl(sites.corpus, 'search.html')}?q=${encodeURIComponent('の')}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] li').length > 0);
    const total = await page.evaluate(() => new Promise((resolve) => window.kenshu.search.search('の', 0, (r) => resolve(r.count))));
    assert.ok(total > 100, `${total} results`);
    for (let want = 50; ; want = Math.min(total, want + 50)) {
      await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] li').length === n, want);
      const hidden = await page.evaluate(() => document.querySelector('[data-search-more]').hidden);
      if (want === total) {
        assert.ok(hidden, 'no more button once every result is shown');
        break;
      }
      assert.ok(!hidden, `a more button with ${want} of ${total} shown`);
      await page.click('[data-search-more]');
    }
    assert.deepStrictEqual(problems, []);
    await page.close();
  });
});
