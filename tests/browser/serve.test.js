'use strict';
// "kenshu serve --records": the course "kenshu new" writes, built and served on 127.0.0.1 in
// records mode. A learner passes the test and saves the 受講記録 on the page the server
// answers; the page posts it to the server by itself (the server told it where, in the page it
// answered, not in the file), the records page shows it sent, and the record is in the SQLite
// database, once, as the page keeps it.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { chromium } = require('playwright-core');
const { passBasics, saveRecord, LEARNER } = require('./kinds.js');

const bin = process.env.KENSHU_BIN;
const skip = !bin && 'KENSHU_BIN is set by run.sh';

// lib.js's launch with one exception: 127.0.0.1 resolves, for the server under test.
function launchWithLoopback() {
  return chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

// Start kenshu serve with args; resolves to { proc, url } once it says where it listens.
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

// The records of the database, read by python3's sqlite3 (another reader than the server).
function stored(db) {
  const out = execFileSync('python3', ['-c', `import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(json.dumps([[u, json.loads(r)] for u, r in con.execute('SELECT uid, record FROM records')]))`, db], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('records mode: a learner passes the test, saves the 受講記録, and it is in the database', { skip }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-serve-'));
  const course = path.join(tmp, 'course');
  const db = path.join(tmp, 'records.sqlite');
  execFileSync(bin, ['new', course], { stdio: 'ignore' });
  execFileSync(bin, ['build', '-C', course, '--no-zip', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const onDisk = fs.readFileSync(path.join(course, 'public', 'quiz-basics.html'));
  const server = await serve(['--records', db, '-C', course]);
  const browser = await launchWithLoopback();
  t.after(async () => {
    await browser.close();
    server.proc.kill('SIGINT');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const context = await browser.newContext();
  context.setDefaultTimeout(15000);
  // Nothing but the server under test may be reached.
  await context.route((url) => !url.href.startsWith(server.url), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });

  await page.goto(server.url + 'quiz-basics.html');
  assert.strictEqual(await page.getAttribute('meta[name="kenshu-submit"]', 'content'), 'api/records');
  assert.ok(!onDisk.includes('kenshu-submit'), 'the file on the disk must not name a submit address');
  await passBasics(page);
  assert.strictEqual((await page.textContent('.quiz-verdict')).trim(), '合格');
  await saveRecord(page);
  assert.match(await page.textContent('#learner-record .form-status'), /受講記録を保存しました/);

  // Sent by the page itself, to the same origin; shown as sent on the records page.
  await page.goto(server.url + 'records.html');
  await page.waitForFunction(() => {
    const s = document.querySelectorAll('.records-state');
    return s.length === 1 && s[0].textContent === '送信済み';
  });
  // Once, or again from records.html when the first answer had not come before the page was
  // left (a pending record is sent on every page until it is acknowledged): the uid keeps it
  // one record, below.
  assert.ok(posts.length >= 1, 'the page posted the record');
  assert.deepStrictEqual([...new Set(posts)], [server.url + 'api/records']);

  const kept = await page.evaluate(() => window.kenshu.records.list().filter((r) => r.uid));
  const rows = stored(db);
  assert.strictEqual(rows.length, 1, 'one record in the database');
  assert.strictEqual(rows[0][0], kept[0].uid);
  assert.deepStrictEqual(rows[0][1], kept[0], 'the record is stored as the page keeps it');
  assert.strictEqual(rows[0][1].result, 'pass');
  assert.deepStrictEqual(rows[0][1].learner, LEARNER);

  // A reload sends nothing again.
  const before = posts.length;
  await page.reload();
  await page.waitForTimeout(300);
  assert.strictEqual(posts.length, before, 'a record acknowledged is not sent again');
  assert.strictEqual(stored(db).length, 1);
  assert.deepStrictEqual(errors, []);
  assert.ok(!/Learner One|12345/.test(server.log()), 'record data in the server\'s output');
  await context.close();
});
