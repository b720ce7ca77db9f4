'use strict';
// Every kind of page a learner meets, on the course "kenshu new" writes (skeleton/ja and
// skeleton/en), each with the steps that bring it into the state worth checking: a test
// before and after it is submitted, a survey's result, the records page holding a record,
// search results. Shared by the accessibility, layout, language and screenshot runs.

const lib = require('./lib.js');

// The skeleton's test (quizzes/basics.yaml): question id -> its correct choice id. Choice ids
// are a, b, c... in the file's order (shuffling changes only the order shown).
const BASICS_ANSWERS = { accident: 'a', strong: 'b', reuse: 'false' };
// The skeleton's learner fields (site.yaml records.learner_fields), filled in the same way in
// both languages.
const LEARNER = { name: 'Learner One', employee_id: '12345', branch: 'HQ' };
// A word of the skeleton's lessons to search for, per language.
const SEARCH = { ja: 'パスワード', en: 'password' };

async function passBasics(page) {
  await page.waitForFunction(() => !document.getElementById('quiz-submit').disabled);
  for (const [q, c] of Object.entries(BASICS_ANSWERS)) await page.check(`#q-${q}-${c}`);
  await page.click('#quiz-submit');
  await page.waitForSelector('#quiz-result', { state: 'visible' });
}

async function saveRecord(page) {
  for (const [id, v] of Object.entries(LEARNER)) await page.fill(`#ack-${id}`, v);
  await page.click('#learner-record button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#learner-record .form-status').textContent !== '');
}

// { name, rel, prepare(page, lang) } in the order a learner meets them. prepare runs after
// the page at rel has loaded and may move to another page (the records page is reached after
// saving a record); it leaves the page ready to be checked.
const KINDS = [
  { name: 'home', rel: 'index.html' },
  { name: 'module', rel: 'basics.html' },
  { name: 'lesson', rel: 'basics-welcome.html' },
  { name: 'test', rel: 'quiz-basics.html' },
  { name: 'test result', rel: 'quiz-basics.html', prepare: passBasics },
  { name: 'quiz index', rel: 'quizzes.html' },
  {
    name: 'survey result',
    rel: 'quiz-self-check.html',
    async prepare(page) {
      await page.check('#q-update-s0');
      await page.check('#q-password-s1');
      await page.click('#quiz-submit');
      await page.waitForSelector('#quiz-result', { state: 'visible' });
    },
  },
  { name: 'glossary', rel: 'glossary.html' },
  { name: 'documents', rel: 'documents.html' },
  { name: 'document', rel: 'policy.html' },
  { name: 'form', rel: 'form-session-record.html' },
  {
    name: 'records',
    rel: 'quiz-basics.html',
    async prepare(page) {
      await passBasics(page);
      await saveRecord(page);
      await page.goto(new URL('records.html', page.url()).href);
      await page.waitForSelector('.records-table tbody tr');
    },
  },
  {
    name: 'search results',
    rel: 'search.html',
    async prepare(page, lang) {
      await page.goto(`${page.url()}?q=${encodeURIComponent(SEARCH[lang])}`);
      await page.waitForSelector('.search-results li');
    },
  },
];

// Open each kind in a fresh context (so stored results never leak between kinds) and call
// check(page, kind) on it. options: lang ('ja' | 'en'), only (the names of the kinds to open;
// all when missing).
async function eachKind(browser, root, options, check) {
  for (const kind of KINDS) {
    if (options.only && !options.only.includes(kind.name)) continue;
    const context = await lib.newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(lib.fileUrl(root, kind.rel), { waitUntil: 'load' });
      if (kind.prepare) await kind.prepare(page, options.lang || 'ja');
      await check(page, kind);
    } finally {
      await context.close();
    }
  }
}

module.exports = { KINDS, BASICS_ANSWERS, LEARNER, passBasics, saveRecord, eachKind };
