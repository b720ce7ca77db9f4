'use strict';
// Search figures for built sites: the size of the index (assets/search-index.js, the manifest,
// and its shards in assets/search/) against the bytes of text it indexes, what the first query
// loads, and query times in headless Chromium. Each site's search.html is opened from file://
// and each query goes through window.kenshu.search.search for the first eight results: what
// the search box does as the user types. A query's first-query figure is taken in a fresh
// browser context (nothing loaded yet: the core, the manifest and the shards it needs), as
// the bytes of the files the page requested; then every query is timed on its first run in
// one page (its shards not yet loaded or decoded) and again (decoded). 'ス' is what the box
// searches for after the first keystroke.
//
//     node tests/bench/search-bench.js SITE_DIR...
//
// Needs /usr/bin/chromium (or KENSHU_CHROMIUM) and playwright-core in tests/browser.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { chromium } = require(path.join(__dirname, '..', 'browser', 'node_modules', 'playwright-core'));

const QUERIES = [
  'パスワード', 'ランサムウェア', '標的型攻撃', '多要素認証', 'バックアップ', 'フィッシング',
  '公衆無線LAN', 'クラウド 共有', 'USBメモリ', 'ｳｲﾙｽ対策ｿﾌﾄ', '個人情報', '暗号化', 'シュレッダー',
  '管理者権限', 'ログ', 'wpa2', 'SNS 写真', '添付ファイル 拡張子', 'ス', '鍵', 'の',
];
const SHOWN = 8; // the search box's results
const TARGET = 3e6; // bytes the first query may load

function median(list) {
  const v = list.slice().sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

// One search in page, through the page's own function: resolves to the result count.
function search(page, q) {
  return page.evaluate((query) => new Promise((resolve, reject) => {
    window.kenshu.search.search(query, 8, (res) => (res ? resolve(res.count) : reject(new Error(`no index for ${query}`))));
  }), q);
}

// What the first query q loads on a page opened afresh: the bytes and number of the files.
async function firstQuery(browser, site, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = new Set();
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'file:' && /\/assets\/(search[^/]*\.js|search\/)/.test(url.pathname)) files.add(fileURLToPath(url));
  });
  await page.goto(pathToFileURL(path.join(site, 'search.html')).href);
  await search(page, q);
  await context.close();
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(f).size;
  return { q, bytes, files: files.size };
}

async function bench(browser, site) {
  const manifest = fs.statSync(path.join(site, 'assets', 'search-index.js')).size;
  const shardDir = path.join(site, 'assets', 'search');
  const shards = fs.readdirSync(shardDir).map((f) => fs.statSync(path.join(shardDir, f)).size);
  const total = manifest + shards.reduce((a, b) => a + b, 0);
  const lessons = fs.readdirSync(site).filter((f) => f.endsWith('.html')).length;

  const first = [];
  for (const q of QUERIES) first.push(await firstQuery(browser, site, q));
  const worst = first.reduce((a, x) => (x.bytes > a.bytes ? x : a));

  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(site, 'search.html')).href);
  const t0 = Date.now();
  const text = await page.evaluate(() => new Promise((resolve) => {
    window.kenshu.search.load(() => resolve(window.KENSHU_SEARCH.text));
  }));
  const load = Date.now() - t0;
  const run = async (q) => {
    const t = Date.now();
    const n = await search(page, q);
    return { ms: Date.now() - t, n };
  };
  const cold = [];
  for (const q of QUERIES) cold.push(await run(q));
  const warm = [];
  for (const q of QUERIES) warm.push(await run(q));
  await page.close();

  const slowest = cold.reduce((a, x, i) => (x.ms > cold[a].ms ? i : a), 0);
  const empty = QUERIES.filter((q, i) => cold[i].n === 0);
  const keystroke = first.find((x) => x.q === 'ス');
  console.log(`bench: search on ${site} (${lessons} pages): index ${mb(total)} for ${mb(text)} of text ` +
    `(ratio ${(total / text).toFixed(2)}, target < 1): manifest ${mb(manifest)}, ${shards.length} shards ` +
    `of ${mb(total - manifest)} (largest ${mb(Math.max(...shards))})`);
  console.log(`bench: search: the first query loads at most ${mb(worst.bytes)} (${worst.q}, ${worst.files} files; ` +
    `target ≤ ${mb(TARGET)}${worst.bytes > TARGET ? ', MISSED' : ''}), median ${mb(median(first.map((x) => x.bytes)))}, ` +
    `ス ${mb(keystroke.bytes)}; the whole index was ${mb(total)}`);
  console.log(`bench: search in headless Chromium: manifest loaded in ${load} ms; median query ` +
    `${median(cold.map((x) => x.ms)).toFixed(0)} ms first run (shards loaded), ` +
    `${median(warm.map((x) => x.ms)).toFixed(0)} ms again (${QUERIES.length} queries, ${SHOWN} results described; ` +
    `slowest ${cold[slowest].ms} ms for ${QUERIES[slowest]}; target < 50 ms)`);
  if (empty.length) console.log(`bench: search: no result for ${empty.join(', ')}`);
}

async function main() {
  const sites = process.argv.slice(2);
  if (!sites.length) {
    console.error('usage: node search-bench.js SITE_DIR...');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  try {
    for (const site of sites) await bench(browser, site);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`bench: search: ${err.message}`);
  process.exit(1);
});
