'use strict';
// The search core (themes/default/assets/search-core.js) under node, with no browser: the
// query's normal form and tokens (the vectors test_search.c pins for the indexer), the
// positions code, the order tokens are sharded in, and, on the fixture course's own index
// read from its files, which shards a query needs, that a phrase does not match its
// characters apart, and what a result shows.

const { describe, test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const core = require('../../themes/default/assets/search-core.js');

const tokens = (s) => core.tokenize(core.normalize(s)).map((t) => `${t.k}@${t.p}`).join(' ');

describe('the query, as the indexer cuts text', () => {
  test('NFKC, lower case, katakana as hiragana', () => {
    assert.strictEqual(core.normalize('ｶﾀｶﾅ'), 'かたかな');
    assert.strictEqual(core.normalize('ﾊﾟｽﾜｰﾄﾞ'), 'ぱすわーど');
    assert.strictEqual(core.normalize('ＡＢＣ　Ｕｔｍ'), 'abc utm');
    assert.strictEqual(core.normalize('ヴァ'), 'ゔぁ');
    assert.strictEqual(core.normalize('①２'), '12');
  });

  test('bigrams at consecutive positions, a word at one, a lone character for a prefix', () => {
    // The indexer also gives the run's last character alone (り@7); a query needs no such token.
    assert.strictEqual(tokens('東京都とUSB-メモリ'), '東京@0 京都@1 都と@2 usb@4 めも@5 もり@6');
    assert.strictEqual(tokens('東京、京都'), '東京@0 京都@2');
    assert.strictEqual(tokens('Wi-Fi 3-2-1ルール'), 'wi@0 fi@1 3@2 2@3 1@4 るー@5 ーる@6');
    assert.deepStrictEqual(core.tokenize('鍵'), [{ k: '鍵', p: 0, t: 'u' }]);
  });
});

describe('positions and token order', () => {
  test('Rice-coded positions decode', () => {
    // k = 0 ("A"); count - 1 = 1 as Exp-Golomb (010); gaps 0 (0) and 2 (110); zero bits to a
    // whole character: 010011 000000, "TA".
    assert.deepStrictEqual(Array.from(core.decode('ATA')), [0, 3]);
  });

  test('code point order, as the index sorts its tokens (UTF-8 bytes), not UTF-16 units', () => {
    const list = ['\u{20B9F}', '\uFF5E', 'a', '\u9375', 'ab'];
    assert.deepStrictEqual(list.slice().sort(core.compare), ['a', 'ab', '\u9375', '\uFF5E', '\u{20B9F}']);
    assert.ok(core.compare('\uFF5E', '\u{20B9F}') < 0, 'JavaScript\'s own < says the opposite');
    assert.ok('\uFF5E' > '\u{20B9F}');
  });

  test('a token and the tokens it begins are found from the shards\' first keys', () => {
    // Shards from "a", "ab", "abc" and "b": the section table is one document's one section.
    const ix = core.open({ chars: '', ones: 92, s: 'DK', t: ['a', 'ab', 'abc', 'b'], d: [0] });
    assert.strictEqual(ix.shardOf('aa'), 't0');
    assert.strictEqual(ix.shardOf('abd'), 't2');
    assert.strictEqual(ix.shardOf('0'), null, 'sorts before every token: in no shard');
    assert.deepStrictEqual(ix.prefixShards('ab'), ['t1', 't2']);
    assert.deepStrictEqual(ix.prefixShards('a'), ['t0', 't1', 't2']);
    assert.deepStrictEqual(ix.prefixShards('c'), ['t3']);
    assert.deepStrictEqual(ix.tokenShards('abd b'), ['t2', 't3']);
  });

  test('the section table: heads, lengths, documents', () => {
    // Document 0: one section, head 2 of 6 positions (F G); document 1: head 3 of 10 (H K),
    // then a heading's section, head 1 of 40 (C, and 40 as 8 + 32, o, then 1, B).
    const ix = core.open({ chars: '', ones: 92, s: 'FGHKCoB', t: [], d: [0] });
    assert.strictEqual(ix.ndocs, 2);
    assert.deepStrictEqual(Array.from(ix.secDoc), [0, 1, 1]);
    assert.deepStrictEqual(Array.from(ix.headLen), [2, 3, 1]);
    assert.deepStrictEqual(Array.from(ix.start), [0, 6, 16, 56]);
    assert.deepStrictEqual(ix.first, [0, 1]);
  });
});

// The fixture course's index as kenshu wrote it (run.sh builds it): its manifest and every
// shard, read here as the page reads them, through the names they register.
function siteIndex(root) {
  const shards = new Map();
  const sandbox = { window: {}, KENSHU_SEARCH_SHARD: (id, data) => shards.set(id, data) };
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(path.join(root, 'assets', 'search-index.js'), 'utf8'), sandbox);
  for (const f of fs.readdirSync(path.join(root, 'assets', 'search')))
    vm.runInContext(fs.readFileSync(path.join(root, 'assets', 'search', f), 'utf8'), sandbox);
  return { manifest: sandbox.window.KENSHU_SEARCH, shards };
}

// Only the shards asked for are added, as search.js adds them when their scripts run.
function answer(site, q, n) {
  const ix = core.open(site.manifest);
  const need = ix.tokenShards(q);
  for (const id of need) ix.addShard(id, site.shards.get(id));
  const res = ix.query(q);
  const shown = res.results.slice(0, n);
  const text = ix.textShards(shown);
  for (const id of text) ix.addShard(id, site.shards.get(id));
  const body = ix.bodyShards(shown, res.terms);
  for (const id of body) ix.addShard(id, site.shards.get(id));
  const described = shown.map((r) => ix.describe(r, res.terms));
  return { need, text, body, described, pages: described.map((d) => d.href.split('#')[0]), all: res.results, terms: res.terms };
}

const fixture = process.env.KENSHU_FIXTURE;
const corpus = process.env.KENSHU_CORPUS;

describe('on the fixture course\'s index', { skip: fixture ? false : 'KENSHU_FIXTURE not set' }, () => {
  test('every shard the manifest names is there, each registered under its file name', () => {
    const site = siteIndex(fixture);
    const names = fs.readdirSync(path.join(fixture, 'assets', 'search')).map((f) => f.replace(/\.js$/, '')).sort();
    assert.deepStrictEqual([...site.shards.keys()].sort(), names);
    const want = Array.from(site.manifest.t, (k, i) => `t${i}`).concat(Array.from(site.manifest.d, (k, i) => `d${i}`),
      Array.from(site.manifest.b, (k, i) => `b${i}`)).sort();
    assert.deepStrictEqual(names, want);
  });

  test('a phrase needs the shards of its bigrams only, and does not match them apart', () => {
    const site = siteIndex(fixture);
    const ix = core.open(site.manifest);
    const r = answer(site, '東京都', Infinity);
    assert.deepStrictEqual(r.need, [...new Set([ix.shardOf('東京'), ix.shardOf('京都')])]);
    assert.deepStrictEqual(r.pages, ['finding-capital.html']);
    assert.ok(answer(site, '東京', Infinity).pages.includes('finding-scattered.html'));
    assert.ok(answer(site, '京', Infinity).pages.includes('finding-scattered.html'), 'one character, at a bigram\'s start');
    assert.ok(answer(site, '都', Infinity).pages.includes('finding-capital.html'), 'one character, at a run\'s end');
  });

  test('the results shown need only their own text shards', () => {
    const site = siteIndex(fixture);
    const r = answer(site, 'の', 3);
    assert.ok(r.all.length > 3, `の: ${r.all.length} results`);
    assert.ok(r.text.length >= 1 && r.text.length <= 3, `text shards ${r.text.join(', ')}`);
    assert.strictEqual(r.pages.length, 3);
  });

  test('a word past the stored snippet gets a snippet cut around it, from its body shard alone', () => {
    const site = siteIndex(fixture);
    // finding-capital.html: 避難経路 in the last sentence of its text, past the 64 characters kept.
    const far = answer(site, '避難経路', Infinity);
    assert.deepStrictEqual(far.pages, ['finding-capital.html']);
    assert.deepStrictEqual(far.body, [core.open(site.manifest).bodyShard(far.all[0].doc)]);
    const snippet = far.described[0].snippet;
    assert.ok(snippet.startsWith('\u2026') && snippet.includes('避難経路の説明があります。'), snippet);
    // A word in the stored snippet: that snippet, from the text's start, and no body shard.
    const near = answer(site, '新宿区', Infinity);
    assert.deepStrictEqual(near.pages, ['finding-capital.html']);
    assert.deepStrictEqual(near.body, []);
    assert.match(near.described[0].snippet, /^都庁の場所 東京都の庁舎は新宿区に/);
    // A body shard is needed, not guessed without: refused when it is missing.
    const bare = core.open(site.manifest);
    for (const id of far.need.concat(far.text)) bare.addShard(id, site.shards.get(id));
    assert.throws(() => bare.describe(bare.query('避難経路').results[0], far.terms), /shard b\d+ is not loaded/);
  });

  test('a query without its shards is refused, not answered as if nothing matched', () => {
    const site = siteIndex(fixture);
    const ix = core.open(site.manifest);
    assert.throws(() => ix.query('東京都'), /shard t\d+ is not loaded/);
    const r = answer(site, '東京都', 1);
    const bare = core.open(site.manifest);
    for (const id of r.need) bare.addShard(id, site.shards.get(id));
    assert.throws(() => bare.describe(bare.query('東京都').results[0]), /shard d\d+ is not loaded/);
  });
});

describe('on the generated corpus\'s index', { skip: corpus ? false : 'KENSHU_CORPUS not set' }, () => {
  const queries = ['ス', 'の', 'パスワード', 'ｳｲﾙｽ対策ｿﾌﾄ', 'os', 'w', 'クラウド 共有', 'サポートが終了したOS', 'xyzzy'];

  test('a query answers from its own shards as from the whole index', () => {
    const site = siteIndex(corpus);
    const whole = core.open(site.manifest);
    for (const [id, data] of site.shards) whole.addShard(id, data);
    for (const q of queries) {
      const r = answer(site, q, Infinity);
      const all = whole.query(q).results;
      assert.deepStrictEqual(r.all, all, q);
      assert.deepStrictEqual(r.described, all.map((x) => whole.describe(x, r.terms)), q);
    }
  });

  test('a query loads a few of the shards, not all', () => {
    const site = siteIndex(corpus);
    const tokens = site.manifest.t.length;
    const texts = site.manifest.d.length;
    assert.ok(tokens >= 5 && texts >= 5, `${tokens} token shards, ${texts} text shards`);
    const r = answer(site, 'パスワード', 8);
    assert.ok(r.need.length >= 1 && r.need.length <= 4 && r.need.length < tokens, `パスワード (4 bigrams): ${r.need.join(', ')}`);
    assert.ok(r.text.length >= 1 && r.text.length <= 8, `8 results shown: ${r.text.join(', ')}`);
  });
});
