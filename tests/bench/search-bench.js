'use strict';
// Search figures for a built site: the size of assets/search-index.js against the bytes of
// text it indexes, and query times in headless Chromium. The site's search.html is opened
// from file://, the index loaded as the search box loads it, and each query goes through
// window.kenshu.search.query plus describe() for the first eight results: what the search
// box does as the user types. Every query is timed on its first run (its tokens not yet
// decoded) and again (decoded). 'ス' is what the box searches for after the first keystroke.
//
//     node tests/bench/search-bench.js SITE_DIR
//
// Needs /usr/bin/chromium (or KENSHU_CHROMIUM) and playwright-core in tests/browser.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require(path.join(__dirname, '..', 'browser', 'node_modules', 'playwright-core'));

const QUERIES = [
  'パスワード', 'ランサムウェア', '標的型攻撃', '多要素認証', 'バックアップ', 'フィッシング',
  '公衆無線LAN', 'クラウド 共有', 'USBメモリ', 'ｳｲﾙｽ対策ｿﾌﾄ', '個人情報', '暗号化', 'シュレッダー',
  '管理者権限', 'ログ', 'wpa2', 'SNS 写真', '添付ファイル 拡張子', 'ス', '鍵',
];

function median(list) {
  const v = list.slice().sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

async function main() {
  const site = process.argv[2];
  if (!site) {
    console.error('usage: node search-bench.js SITE_DIR');
    process.exit(2);
  }
  const indexBytes = fs.statSync(path.join(site, 'assets', 'search-index.js')).size;
  const browser = await chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(site, 'search.html')).href);
    const r = await page.evaluate((queries) => new Promise((resolve, reject) => {
      const s = window.kenshu.search;
      const t0 = performance.now();
      s.load((ok) => {
        if (!ok) return reject(new Error('the search index did not load'));
        const load = performance.now() - t0;
        const run = (q) => {
          const t = performance.now();
          const res = s.query(q);
          res.results.slice(0, 8).forEach(s.describe);
          return { ms: performance.now() - t, n: res.results.length };
        };
        const cold = queries.map(run);
        const warm = queries.map(run);
        resolve({ load, cold, warm, text: window.KENSHU_SEARCH.text });
      });
    }), QUERIES);
    const cold = r.cold.map((x) => x.ms);
    const slowest = r.cold.reduce((a, x, i) => (x.ms > r.cold[a].ms ? i : a), 0);
    const empty = QUERIES.filter((q, i) => r.cold[i].n === 0);
    console.log(`bench: search index ${(indexBytes / 1e6).toFixed(1)} MB for ${(r.text / 1e6).toFixed(1)} MB ` +
      `of text (ratio ${(indexBytes / r.text).toFixed(2)}, target < 1)`);
    console.log(`bench: search in headless Chromium: index loaded in ${r.load.toFixed(0)} ms; ` +
      `median query ${median(cold).toFixed(1)} ms first run, ${median(r.warm.map((x) => x.ms)).toFixed(1)} ms again ` +
      `(${QUERIES.length} queries; slowest ${cold[slowest].toFixed(1)} ms for ${QUERIES[slowest]}; target < 50 ms)`);
    if (empty.length) console.log(`bench: search: no result for ${empty.join(', ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`bench: search: ${err.message}`);
  process.exit(1);
});
