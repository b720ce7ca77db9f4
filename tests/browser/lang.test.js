'use strict';
// lang: en leaves no Japanese in the interface. The course "kenshu new --lang en" writes has
// English content, so any Japanese left in its built pages is an interface string that did
// not come from strings.yaml's en: every HTML file as written (text and attributes, data-*
// words the scripts show included), and every kind of page as a learner sees it once the
// scripts ran (a test's result, the training record, the records page, search results).
// The Japanese course must show Japanese in the same places, so the check itself can fail.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.js');
const { eachKind } = require('./kinds.js');

const en = process.env.KENSHU_NEW_EN;
const ja = process.env.KENSHU_NEW_JA;
// Kana, kanji, and CJK and full-width punctuation.
const JAPANESE = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+/g;
const skip = en && ja ? false : 'run through run.sh';

let browser;

before(async () => {
  if (!skip) browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

// Every run of Japanese in the page as shown: its text, and the words of its attributes.
function shownJapanese(pattern) {
  const re = new RegExp(pattern, 'g');
  const found = [];
  for (const m of document.body.innerText.match(re) || []) found.push(`text "${m}"`);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      for (const m of a.value.match(re) || []) found.push(`<${el.tagName.toLowerCase()} ${a.name}> "${m}"`);
    }
  }
  found.push(...(document.title.match(re) || []).map((m) => `title "${m}"`));
  return found;
}

test('the English course\'s HTML files hold no Japanese; the Japanese course\'s do', { skip }, () => {
  const bad = [];
  for (const rel of lib.htmlFiles(en)) {
    const html = fs.readFileSync(path.join(en, rel), 'utf8');
    for (const m of html.match(JAPANESE) || []) bad.push(`${rel}: "${m}"`);
  }
  assert.ok(lib.htmlFiles(en).length >= 13, 'too few pages in the English course');
  assert.ok(bad.length === 0, `${bad.length} Japanese string(s) in the English course:\n  ${bad.join('\n  ')}`);
  for (const rel of lib.htmlFiles(ja)) {
    const html = fs.readFileSync(path.join(ja, rel), 'utf8');
    assert.match(html.replace(/<main[\s\S]*<\/main>/, ''), JAPANESE, `${rel}: the Japanese course's header, navigation and footer show no Japanese`);
  }
});

test('no Japanese shows on any kind of page of the English course once its scripts ran', { skip }, async () => {
  const bad = [];
  await eachKind(browser, en, { lang: 'en' }, async (page, kind) => {
    for (const m of await page.evaluate(shownJapanese, JAPANESE.source)) bad.push(`${kind.name}: ${m}`);
  });
  assert.ok(bad.length === 0, `${bad.length} Japanese string(s) shown:\n  ${bad.join('\n  ')}`);
  const only = ['test result', 'records', 'search results'];
  let shownJa = 0;
  await eachKind(browser, ja, { lang: 'ja', only }, async (page, kind) => {
    const found = await page.evaluate(shownJapanese, JAPANESE.source);
    assert.ok(found.length > 0, `${kind.name}: no Japanese shown on the Japanese course`);
    shownJa++;
  });
  assert.strictEqual(shownJa, only.length);
});
