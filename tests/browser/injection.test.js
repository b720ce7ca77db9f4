'use strict';
// Script injection: the course in tests/browser/injection puts <script>, event handler
// attributes, javascript: and data: URLs, <iframe>, <object>, <embed>, <base>, <meta refresh>
// and breakouts from attributes and from the quiz's JSON into every place an author or an
// organisation variable can write: lessons (raw HTML, Markdown links, images, references,
// autolinks, footnotes, tables, callouts), headings, front matter, module titles, quiz
// texts, survey scales and bands, glossary terms and definitions, site.yaml's organisation
// variables and learner fields, form labels, help and choices, document front matter.
//
// Every page of the extracted ZIP (KENSHU_INJECTION, built by run.sh) is opened from file://
// in Chromium, used the way a learner would (glossary terms hovered and focused, a search
// typed, the tests answered and their record saved, the forms filled, the records page
// shown), and then its DOM, as the browser parsed it, must hold no script other than the
// theme's own files and the quiz's JSON data, no on* attribute, no javascript:, vbscript: or
// data: URL, no frame, object, embed, base or meta refresh, and no style but the print rule;
// and no dialog may have opened. The payloads must also show as plain text where they were
// written, which proves they were escaped rather than run.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.js');

const site = process.env.KENSHU_INJECTION ? fs.realpathSync(process.env.KENSHU_INJECTION) : null;
// The theme's scripts and those kenshu writes (the search index and its shards, the course's
// lesson list).
const themeScripts = fs.readdirSync(path.join(__dirname, '../../themes/default/assets'))
  .filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)
  .concat(['assets/search-index.js', 'assets/course.js'])
  .concat(site ? fs.readdirSync(path.join(site, 'assets', 'search')).map((f) => `assets/search/${f}`) : []);

let browser;
let context;

before(async () => {
  browser = await lib.launch();
  context = await lib.newContext(browser);
});

after(async () => {
  if (browser) await browser.close();
});

// Runs in the page: everything in the DOM that could run script.
function scan(allowed) {
  const bad = [];
  const urlAttr = /^(href|src|action|formaction|xlink:href|data|poster|srcdoc|background|content|ping|codebase|cite)$/i;
  const show = (el) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(`event handler attribute: ${show(el)}`);
      const v = a.value.replace(/[\u0000-\u0020\u007f]/g, '');
      if (urlAttr.test(a.name) && /^(javascript|vbscript|data|livescript):/i.test(v)) bad.push(`script URL: ${show(el)}`);
      if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push(`meta refresh: ${show(el)}`);
    }
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal'].includes(tag)) {
      bad.push(`<${tag}>: ${show(el)}`);
    }
    if (tag === 'script') {
      const src = el.getAttribute('src');
      if (src !== null) {
        if (!allowed.includes(src)) bad.push(`foreign script: ${show(el)}`);
      } else if (el.getAttribute('type') !== 'application/json') {
        bad.push(`inline script: ${show(el)}`);
      } else {
        try { JSON.parse(el.textContent); } catch (e) { bad.push(`JSON data that does not parse (a breakout?): ${show(el)}`); }
      }
    }
    if (tag === 'style' && !(el.media === 'print' && /^@page\b/.test(el.textContent.trim()))) {
      bad.push(`style element: ${show(el)}`);
    }
  }
  return bad;
}

// What a learner does on the page, so that the theme's scripts render what they render.
async function use(page) {
  const quiet = { timeout: 1000 };
  for (const term of await page.locator('a.term').all()) {
    await term.hover(quiet).catch(() => {});
    await term.focus(quiet).catch(() => {});
  }
  const search = page.locator('#search-q');
  if (await search.count()) {
    for (const q of ['alert', 'script', 'パスワード', 'img']) {
      await search.fill(q, quiet).catch(() => {});
      await page.waitForTimeout(150);
      await search.press('ArrowDown', quiet).catch(() => {});
    }
    await search.fill('', quiet).catch(() => {});
  }
  if (await page.locator('#quiz-submit').count()) {
    for (const group of await page.locator('.quiz-question, fieldset').all()) {
      await group.locator('input[type=radio], input[type=checkbox]').first().check(quiet).catch(() => {});
    }
    await page.locator('#quiz-submit').click(quiet).catch(() => {});
    await page.waitForTimeout(200);
  }
  // Fill every visible field (the test's record, a form, an acknowledgement) and save.
  for (const input of await page.locator('input[type=text]:visible, input:not([type]):visible, textarea:visible').all()) {
    if ((await input.getAttribute('id')) === 'search-q') continue;
    await input.fill('1234', quiet).catch(() => {});
  }
  for (const select of await page.locator('select:visible').all()) {
    await select.selectOption({ index: 1 }, quiet).catch(() => {});
  }
  for (const box of await page.locator('input[type=checkbox]:visible').all()) {
    await box.check(quiet).catch(() => {});
  }
  for (const save of await page.locator('form:not(.search) button[type=submit]:visible').all()) {
    if ((await save.getAttribute('id')) === 'quiz-submit') continue;
    await save.click(quiet).catch(() => {});
  }
  await page.waitForTimeout(200);
}

test('run.sh built the injection course (KENSHU_INJECTION)', () => {
  assert.ok(site, 'KENSHU_INJECTION is not set: run these tests through tests/browser/run.sh KENSHU');
});

test('no page of the injection course runs injected script', { skip: !site }, async () => {
  const pages = lib.htmlFiles(site);
  // records.html last: it shows the records saved on the test and document pages.
  pages.sort((a, b) => (a === 'records.html') - (b === 'records.html') || a.localeCompare(b));
  assert.ok(pages.length >= 10, `only ${pages.length} pages`);
  const problems = [];
  const page = await context.newPage();
  page.on('dialog', (d) => {
    if (d.type() !== 'beforeunload') problems.push(`${page.url()}: a ${d.type()} dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: script error: ${e.message}`));
  for (const rel of pages) {
    await page.goto(lib.fileUrl(site, rel));
    await use(page);
    for (const p of await page.evaluate(scan, themeScripts)) problems.push(`${rel}: ${p}`);
  }
  await page.close();
  assert.deepStrictEqual(problems, []);
});

test('the payloads show as text where the author wrote them', { skip: !site }, async () => {
  const page = await context.newPage();
  const text = async (rel) => {
    await page.goto(lib.fileUrl(site, rel));
    return page.locator('body').innerText();
  };
  const home = await text('index.html');
  for (const s of ["<script>alert('raw script')</script>", `<img src=x onerror="alert('raw img')">`,
    `"><script>alert('org.name')</script>`, "<iframe src=\"javascript:alert('org.html')\"></iframe>"]) {
    assert.ok(home.includes(s), `the home page does not show ${s} as text`);
  }
  const lesson = await text('attack-lesson.html');
  assert.ok(lesson.includes("<script>alert('heading')</script>見出し"), 'the heading is not shown as text');
  const quiz = await text('quiz-attack.html');
  assert.ok(quiz.includes("<script>alert('prompt')</script>どれ？"), 'the quiz prompt is not shown as text');
  const form = await text('form-form.html');
  assert.ok(form.includes("<script>alert('form.label')</script>"), 'the form label is not shown as text');
  await page.close();
});
