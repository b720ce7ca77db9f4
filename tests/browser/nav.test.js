'use strict';
// A course of 30 modules, built here: the navigation column lists the 24 modules around the
// page's own and links to the home page's list of all 30; the header still counts all 30
// lessons (assets/course.js), and a lesson read in a module the column leaves out counts too.

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const lib = require('./lib.js');

const bin = process.env.KENSHU_BIN;
const skip = bin ? false : 'run through run.sh';
const MODULES = 30;
const pad = (n) => String(n).padStart(2, '0');

let browser;
let tmp;
let site;

before(async () => {
  if (!bin) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-nav-'));
  const src = path.join(tmp, 'src');
  fs.mkdirSync(path.join(src, 'content', 'lessons'), { recursive: true });
  fs.writeFileSync(path.join(src, 'site.yaml'), 'title: 大きな研修\nid: nav-window\nlang: ja\n');
  fs.writeFileSync(path.join(src, 'content', 'index.md'), '---\ntitle: ようこそ\n---\n三十のモジュールがあります。\n');
  for (let m = 1; m <= MODULES; m++) {
    const dir = path.join(src, 'content', 'lessons', `${pad(m)}-m${pad(m)}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '_module.yaml'), `title: 第${m}章\n`);
    fs.writeFileSync(path.join(dir, '01-only.md'), `---\ntitle: 第${m}章のレッスン\n---\n本文です。\n`);
  }
  execFileSync(bin, ['build', '-C', src, '-o', path.join(tmp, 'out'), '--no-zip', '-q', '--strict']);
  site = fs.realpathSync(path.join(tmp, 'out'));
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function column(page) {
  return page.evaluate(() => ({
    modules: Array.from(document.querySelectorAll('.site-nav .nav-module > a'), (a) => a.textContent),
    current: Array.from(document.querySelectorAll('.site-nav [aria-current="page"]'), (a) => a.getAttribute('href')),
    all: document.querySelector('.site-nav .nav-all a')?.getAttribute('href'),
  }));
}

test('a lesson lists the 24 modules around its own, and a link to all of them', { skip }, async () => {
  const context = await lib.newContext(browser);
  const page = await context.newPage();
  await page.goto(lib.fileUrl(site, 'm15-only.html'));
  const nav = await column(page);
  assert.deepStrictEqual(nav.modules, Array.from({ length: 24 }, (_, i) => `第${i + 3}章`));
  assert.deepStrictEqual(nav.current, ['m15-only.html']);
  assert.strictEqual(nav.all, 'index.html#modules-heading');
  await page.click('.site-nav .nav-all a');
  assert.strictEqual(await page.locator('.module-list .card').count(), MODULES);
  assert.ok(await page.locator('#modules-heading').isVisible());
  await context.close();
});

test('the last module and the home page keep 24 modules in the column', { skip }, async () => {
  const context = await lib.newContext(browser);
  const page = await context.newPage();
  await page.goto(lib.fileUrl(site, 'm30-only.html'));
  assert.deepStrictEqual((await column(page)).modules, Array.from({ length: 24 }, (_, i) => `第${i + 7}章`));
  await page.goto(lib.fileUrl(site, 'index.html'));
  assert.deepStrictEqual((await column(page)).modules, Array.from({ length: 24 }, (_, i) => `第${i + 1}章`));
  await context.close();
});

test('progress counts every lesson, also those the column leaves out', { skip }, async () => {
  const context = await lib.newContext(browser);
  const page = await context.newPage();
  // Its end in sight, the lesson counts as read.
  await page.goto(lib.fileUrl(site, 'm30-only.html'));
  await page.waitForFunction(() => /1\/30/.test(document.querySelector('.header-progress-text').textContent));
  await page.goto(lib.fileUrl(site, 'index.html'));
  await page.waitForSelector('.header-progress', { state: 'visible' });
  assert.match(await page.textContent('.header-progress-text'), /1\/30/);
  // The home page's card of module 30 (not in the column there) shows it read.
  assert.match(await page.textContent('.card:last-child .card-progress'), /1\/1/);
  await context.close();
});
