'use strict';
// "kenshu serve" as an author's preview: the course "kenshu new" writes, served on 127.0.0.1
// while its sources are edited. An edit saved the way editors save (a new file renamed over
// the old one) shows in the open page by itself; a broken edit keeps the last good page and
// shows the diagnostics over it (file:line:col and the message); fixing it reloads the page
// without them. The pages served equal kenshu build's files but for the one script put after
// <head>, which no file holds; Ctrl-C stops the server with status 0.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync, spawn } = require('node:child_process');
const { chromium } = require('playwright-core');

const bin = process.env.KENSHU_BIN;
const skip = !bin && 'KENSHU_BIN is set by run.sh';
const LESSON = path.join('content', 'lessons', '01-basics', '01-welcome.md');

function launchWithLoopback() {
  return chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

function serve(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['serve', ...args, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) resolve({ proc, url: m[1], log: () => err });
    });
    proc.on('exit', (code) => reject(new Error(`kenshu serve exited with ${code}: ${err}`)));
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
}

// Save text into file as an editor does: write a new file beside it, rename it over the old.
function save(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

test('preview: an edit shows by itself; a broken one keeps the last good page and shows the problems', { skip }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-preview-'));
  const course = path.join(tmp, 'course');
  execFileSync(bin, ['new', course], { stdio: 'ignore' });
  const server = await serve(['-C', course]);
  const browser = await launchWithLoopback();
  t.after(async () => {
    await browser.close();
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // The pages as kenshu build writes them, but for the script after <head>.
  execFileSync(bin, ['build', '-C', course, '-o', path.join(tmp, 'built'), '--no-zip', '-q']);
  for (const name of ['index.html', 'basics-welcome.html', 'quiz-basics.html']) {
    const served = (await get(server.url + name)).toString();
    const file = fs.readFileSync(path.join(tmp, 'built', name), 'utf8');
    assert.ok(!file.includes('__kenshu'), `${name}: kenshu build's file holds the preview's script`);
    assert.strictEqual(served.replace(/<script src="\/__kenshu\/preview\.js" data-generation="\d+" defer><\/script>/, ''), file, name);
  }
  assert.strictEqual((await get(server.url + 'assets/style.css')).toString(), fs.readFileSync(path.join(tmp, 'built', 'assets', 'style.css'), 'utf8'));

  const context = await browser.newContext();
  context.setDefaultTimeout(15000);
  await context.route((url) => !url.href.startsWith(server.url), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + 'basics-welcome.html');
  const text = () => page.evaluate(() => document.querySelector('main').textContent);
  assert.ok(!(await text()).includes('プレビューの確認'));

  // An edit, saved by renaming: the open page reloads and shows it.
  const lesson = path.join(course, LESSON);
  const original = fs.readFileSync(lesson, 'utf8');
  const edited = original.replace('## 事故が起きると', 'プレビューの確認です。\n\n## 事故が起きると');
  save(lesson, edited);
  await page.waitForFunction(() => document.querySelector('main').textContent.includes('プレビューの確認'));
  assert.strictEqual(await page.$('#kenshu-preview-overlay'), null);

  // A broken edit: the page stays as it was and shows the diagnostics over it.
  const broken = edited.replace('プレビューの確認です。', 'プレビューの確認です。[壊れたリンク](nowhere.md)');
  const line = broken.split('\n').findIndex((l) => l.includes('nowhere.md')) + 1;
  save(lesson, broken);
  await page.waitForSelector('#kenshu-preview-overlay');
  const overlay = await page.textContent('#kenshu-preview-overlay');
  assert.match(overlay, new RegExp(`01-welcome\\.md:${line}:\\d+: error: `), overlay);
  assert.match(overlay, /nowhere\.md/);
  assert.ok((await text()).includes('プレビューの確認です。'), 'the last good page is kept');
  assert.ok(!(await text()).includes('壊れたリンク'));
  // A page opened now is the last good one, with the problems shown too.
  const second = await context.newPage();
  await second.goto(server.url + 'index.html');
  await second.waitForSelector('#kenshu-preview-overlay');
  await second.close();

  // Fixed: the page reloads, without the overlay.
  save(lesson, edited.replace('プレビューの確認です。', 'プレビューの確認です。直しました。'));
  await page.waitForFunction(() => document.querySelector('main').textContent.includes('直しました'));
  assert.strictEqual(await page.$('#kenshu-preview-overlay'), null);

  // A new module folder with a lesson, and its removal, are seen too.
  const mod = path.join(course, 'content', 'lessons', '02-more');
  fs.mkdirSync(mod);
  fs.writeFileSync(path.join(mod, '_module.yaml'), 'title: 追加のモジュール\n');
  fs.writeFileSync(path.join(mod, '01-extra.md'), '---\ntitle: 追加のレッスン\n---\n\n追加した本文です。\n');
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => document.body.textContent.includes('追加のモジュール'));
  fs.rmSync(mod, { recursive: true });
  await page.waitForFunction(() => !document.body.textContent.includes('追加のモジュール'));
  assert.deepStrictEqual(errors, []);
  await context.close();

  // Ctrl-C: stopped cleanly.
  const code = await new Promise((resolve) => { server.proc.on('exit', resolve); server.proc.kill('SIGINT'); });
  assert.strictEqual(code, 0, server.log());
  assert.match(server.log(), /kenshu: stopped/);
});
