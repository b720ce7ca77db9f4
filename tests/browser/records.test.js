'use strict';
// Training records, end to end. A copy of the browser fixture with site.yaml learner fields
// is built with kenshu and opened from file:// in Tokyo's time zone: a learner passes a test,
// fills in the 受講記録, downloads the CSV from records.html (Japanese columns and values, the
// local time with +09:00, 社員番号 01001 kept for Excel), and `kenshu records merge` on that
// file and a second branch's export in the machine names of earlier sites gives the expected
// roster, report and workbook, in Japanese. The same fixture in English, in New York's time
// zone, exports English columns and values with its own offset, and merges into English. A
// third copy has records.submit_url pointing at an HTTP endpoint this test runs on
// 127.0.0.1: records arrive; while it is down they wait as pending and arrive once it is back
// (on 'online' and on the next page load).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync, spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { launch, newContext, fileUrl } = require('./lib.js');

// lib.js's launch with one exception: 127.0.0.1 resolves, for the test's own endpoint.
function launchWithLoopback() {
  return chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

const src = process.env.KENSHU_FIXTURE_SRC;
const bin = process.env.KENSHU_BIN;
const skip = (!src || !bin) && 'KENSHU_FIXTURE_SRC and KENSHU_BIN are set by run.sh';

const LEARNER_FIELDS = `records:
  learner_fields:
    - {id: name, label: 氏名, required: true}
    - {id: employee_id, label: 社員番号, required: true, pattern: "^[0-9]{4,8}$"}
    - {id: branch, label: 所属, required: true, choices: [本社, 大阪支店, 福岡支店]}
`;

const LEARNER_FIELDS_EN = `records:
  learner_fields:
    - {id: name, label: Name, required: true}
    - {id: employee_id, label: Employee ID, required: true, pattern: "^[0-9]{4,8}$"}
    - {id: branch, label: Branch, required: true, choices: [Head office, New York]}
`;

// Copy the fixture, add to its site.yaml (lang: its language), build it (no ZIP), and return
// the site folder.
function buildCopy(tmp, name, extra, lang = 'ja') {
  const dir = path.join(tmp, name);
  fs.cpSync(src, dir, { recursive: true });
  const yaml = path.join(dir, 'site.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace(/^lang: ja$/m, `lang: ${lang}`) + extra);
  execFileSync(bin, ['build', '-C', dir, '-o', 'public', '--no-zip', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return path.join(dir, 'public');
}

// Pass the keyboard test (the right answers are the first choices) and fill in the record.
async function passAndRecord(page, root, learner, save = true) {
  await page.goto(fileUrl(root, 'quiz-keys.html'));
  if (!(await page.isVisible('#quiz-submit'))) await page.click('#quiz-retake');
  await page.check('#q-k1-a');
  await page.check('#q-k2-a');
  await page.check('#q-k2-b');
  await page.click('#quiz-submit');
  await page.waitForSelector('#learner-record', { state: 'visible' });
  if (learner) {
    await page.fill('#ack-name', learner.name);
    await page.fill('#ack-employee_id', learner.employee_id);
    await page.selectOption('#ack-branch', learner.branch);
  }
  if (save) await page.click('#learner-record button[type="submit"]');
}

// The workbook as tests/records/xlsx.py reads it (python3's zipfile and xml.etree).
function workbookLines(file) {
  const reader = path.join(__dirname, '..', 'records', 'xlsx.py');
  return execFileSync('python3', [reader, file], { encoding: 'utf8' }).trimEnd().split('\n');
}

function csvLines(file) {
  const bytes = fs.readFileSync(file);
  assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${file}: no UTF-8 BOM`);
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), `${file}: lines must end with CRLF`);
  return text.trimEnd().split('\r\n');
}

test('training records', { skip }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-records-'));
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  await t.test('round trip: pass, record, export CSV, merge with another branch', async () => {
    const root = buildCopy(tmp, 'plain', LEARNER_FIELDS);
    const context = await newContext(browser, { timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // A required field left empty is refused, with the message of the page.
    await passAndRecord(page, root, null);
    assert.strictEqual(await page.getAttribute('#ack-name', 'aria-invalid'), 'true');
    assert.ok((await page.textContent('#ack-name-error')).length > 0);
    await page.fill('#ack-name', '山田 太郎');
    await page.fill('#ack-employee_id', '12ab');
    await page.selectOption('#ack-branch', '本社');
    await page.click('#learner-record button[type="submit"]');
    assert.strictEqual(await page.getAttribute('#ack-employee_id', 'aria-invalid'), 'true', 'the pattern is checked');
    await page.fill('#ack-employee_id', '01001');
    await page.click('#learner-record button[type="submit"]');
    assert.match(await page.textContent('#learner-record .form-status'), /保存しました/);
    assert.strictEqual(await page.textContent('#learner-record [data-auto="score"]'), '100');

    // The learner's details are filled in next time.
    await passAndRecord(page, root, null, false);
    assert.strictEqual(await page.inputValue('#ack-employee_id'), '01001');
    assert.strictEqual(await page.inputValue('#ack-branch'), '本社');

    const stored = await page.evaluate(() => window.kenshu.records.list());
    assert.strictEqual(stored.length, 2);
    const r = stored[0];
    assert.deepStrictEqual(r.learner, { name: '山田 太郎', employee_id: '01001', branch: '本社' });
    assert.strictEqual(r.integrity, 'self-reported');
    assert.strictEqual(r.course, 'ブラウザ試験用コース');
    assert.ok(r.uid && r.recorded && r.build, 'uid, recorded and build are set');
    assert.strictEqual(stored[1].learner, undefined, 'the second attempt was not saved by the learner');

    // The records page: both attempts listed, only the completed one exported.
    await page.goto(fileUrl(root, 'records.html'));
    assert.strictEqual(await page.locator('.records-table tbody tr').count(), 2);
    assert.strictEqual(await page.locator('.records-table tbody tr.is-incomplete').count(), 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
    const mine = path.join(tmp, 'honsha.csv');
    await download.saveAs(mine);
    const lines = csvLines(mine);
    assert.strictEqual(lines[0], '種別,サイト,コース,テスト・文書ID,テスト・文書名,版,受験回,得点,満点,合格点,結果,日時,記録日時,教材の版,記録の方法,氏名,社員番号,所属');
    assert.strictEqual(lines.length, 2);
    // Japanese values, the time in Tokyo with its offset, 01001 as a text formula for Excel.
    const cells = lines[1].split(',');
    assert.deepStrictEqual([cells[0], cells[10], cells[14], cells[15], cells[16], cells[17]],
      ['テスト', '合格', '本人申告', '山田 太郎', '"=""01001"""', '本社']);
    assert.match(cells[11], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    assert.match(cells[12], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    assert.strictEqual(cells[11].slice(0, 10), await page.evaluate(() => window.kenshu.dates.day(new Date())),
      'the day in Tokyo, not in UTC');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="json"]')]);
    const mineJson = path.join(tmp, 'honsha.json');
    await jsonDownload.saveAs(mineJson);
    const exported = JSON.parse(fs.readFileSync(mineJson, 'utf8'));
    assert.strictEqual(exported.records.length, 1);
    assert.strictEqual(exported.lang, 'ja');

    // Printed on A4 with the signature and seal boxes.
    await page.emulateMedia({ media: 'print' });
    assert.strictEqual(await page.isVisible('.records-sign'), true);
    assert.strictEqual(await page.isVisible('.records-actions'), false);
    await page.emulateMedia({ media: 'screen' });

    // A second branch's export, made by a site of before (the machine names), and the staff list.
    const osaka = path.join(tmp, 'osaka.csv');
    fs.writeFileSync(osaka, 'type,site,course,item,title,version,attempt,score,max,pass,result,date,recorded,build,integrity,learner.name,learner.employee_id,learner.branch\r\n' +
      'quiz,kenshu-browser-fixture,ブラウザ試験用コース,keys,キーボードで受けるテスト,,1,50,100,100,fail,2026-04-02T01:00:00.000Z,2026-04-02T01:01:00.000Z,x,self-reported,鈴木 花子,2002,大阪支店\r\n' +
      'quiz,kenshu-browser-fixture,ブラウザ試験用コース,keys,キーボードで受けるテスト,,1,100,100,100,pass,2026-04-02T02:00:00.000Z,2026-04-02T02:01:00.000Z,x,self-reported,佐藤 次郎,2003,大阪支店\r\n');
    const staff = path.join(tmp, 'staff.csv');
    fs.writeFileSync(staff, '社員番号,氏名,所属\n01001,山田 太郎,本社\n2002,鈴木 花子,大阪支店\n2003,佐藤 次郎,大阪支店\n3004,高橋 三郎,福岡支店\n');
    const roster = path.join(tmp, 'roster.csv');
    const report = path.join(tmp, 'report.html');
    const workbook = path.join(tmp, 'roster.xlsx');
    const run = spawnSync(bin, ['records', 'merge', mine, mineJson, osaka, '-o', roster, '--html', report, '--staff', staff,
      '--xlsx', workbook], { encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Tokyo' } });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stderr, /honsha\.json:\d+: warning: duplicate of .*honsha\.csv:2, left out/);
    const rows = csvLines(roster).map((l) => l.split(','));
    assert.strictEqual(rows[0].join(','), lines[0]);
    assert.deepStrictEqual(rows.slice(1).map((c) => [c[17], c[16], c[15], c[10], c[7]]), [
      ['大阪支店', '2002', '鈴木 花子', '不合格', '50'],
      ['大阪支店', '2003', '佐藤 次郎', '合格', '100'],
      ['本社', '"=""01001"""', '山田 太郎', '合格', '100'],
    ]);
    const book = workbookLines(workbook);
    for (const line of ['sheet 1 受講記録', 'sheet 2 まだ合格していない人', '受講記録 frozen A2', '受講記録 autofilter A1:R4',
      '受講記録 Q1 text 社員番号', '受講記録 Q4 text 01001', '受講記録 K4 text 合格', '受講記録 L2 date yyyy-mm-dd hh:mm:ss 2026-04-02 10:00:00',
      'まだ合格していない人 C2 text 2002', 'まだ合格していない人 C3 text 3004']) {
      assert.ok(book.includes(line), `the workbook lacks: ${line}\n${book.join('\n')}`);
    }
    const html = fs.readFileSync(report, 'utf8');
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /<td id="records">3<\/td>/);
    assert.match(html, /<th scope="row">キーボードで受けるテスト<\/th><td>4<\/td><td>2<\/td><td>50\.0%<\/td>/);
    assert.match(html, /<th scope="row">大阪支店<\/th><td>2<\/td><td>1<\/td><td>50\.0%<\/td>/);
    assert.match(html, /<td>3004<\/td><td>高橋 三郎<\/td><td>福岡支店<\/td><td>未受験<\/td>/);
    assert.deepStrictEqual(errors, []);
    await context.close();
  });

  await t.test('an English site: English columns and values, New York\'s time and offset; merged into English', async () => {
    const root = buildCopy(tmp, 'english', LEARNER_FIELDS_EN, 'en');
    const context = await newContext(browser, { timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await passAndRecord(page, root, null);
    await page.fill('#ack-name', 'Jane Doe');
    await page.fill('#ack-employee_id', '00042');
    await page.selectOption('#ack-branch', 'New York');
    await page.click('#learner-record button[type="submit"]');
    await page.goto(fileUrl(root, 'records.html'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
    const file = path.join(tmp, 'english.csv');
    await download.saveAs(file);
    const lines = csvLines(file);
    assert.strictEqual(lines[0], 'Kind,Site,Course,Test or document ID,Test or document,Version,Attempt,Score,Out of,Pass mark,Result,Date,Recorded,Content version,Integrity,Name,Employee ID,Branch');
    const cells = lines[1].split(',');
    assert.deepStrictEqual([cells[0], cells[10], cells[14], cells[15], cells[16], cells[17]],
      ['Test', 'Passed', 'Self-reported', 'Jane Doe', '"=""00042"""', 'New York']);
    // New York is four or five hours behind UTC, as daylight saving has it.
    assert.match(cells[11], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    const roster = path.join(tmp, 'english-roster.csv');
    const report = path.join(tmp, 'english-report.html');
    const run = spawnSync(bin, ['records', 'merge', file, '-o', roster, '--html', report], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(csvLines(roster)[0], lines[0], 'the roster is in English, as the export named');
    const html = fs.readFileSync(report, 'utf8');
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h2>Pass rate per test<\/h2>/);
    assert.deepStrictEqual(errors, []);
    await context.close();
  });

  await t.test('submission: records arrive; while the endpoint is down they wait and are sent later', async () => {
    const received = [];
    const handler = (req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
    };
    let server = http.createServer(handler);
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    const port = server.address().port;
    const down = () => new Promise((ok) => { server.close(ok); server.closeAllConnections && server.closeAllConnections(); });
    const up = () => new Promise((ok) => { server = http.createServer(handler); server.listen(port, '127.0.0.1', ok); });
    t.after(() => server.close());
    const root = buildCopy(tmp, 'submit', LEARNER_FIELDS + `  submit_url: "http://127.0.0.1:${port}/records"\n`);

    // Only requests to the endpoint may leave file:// (the site is meant to talk to it).
    const loopback = await launchWithLoopback();
    t.after(() => loopback.close());
    const context = await loopback.newContext();
    await context.route((url) => !['file:', 'data:', 'blob:'].includes(url.protocol) &&
      !url.href.startsWith(`http://127.0.0.1:${port}/`), (route) => route.abort('blockedbyclient'));
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    page.on('console', (m) => { if (process.env.KENSHU_DEBUG) console.error(m.text()); });
    const learner = { name: '山田 太郎', employee_id: '1001', branch: '本社' };
    const arrived = async (n) => {
      for (let i = 0; i < 100 && received.length < n; i++) await page.waitForTimeout(100);
      assert.strictEqual(received.length, n, `${n} records should have arrived`);
    };

    await passAndRecord(page, root, learner);
    await arrived(1);
    assert.strictEqual(received[0].type, 'quiz');
    assert.deepStrictEqual(received[0].learner, learner);
    assert.strictEqual(received[0].result, 'pass');

    // Down: the next record waits as pending and arrives on 'online'.
    await down();
    await passAndRecord(page, root, learner);
    await page.waitForTimeout(500);
    assert.strictEqual(received.length, 1);
    await page.goto(fileUrl(root, 'records.html'));
    assert.deepStrictEqual(await page.locator('.records-state').allTextContents(), ['送信済み', '送信待ち']);
    await up();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await arrived(2);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.records-state')).every((td) => td.textContent === '送信済み'));

    // Down again: pending across closing the page; sent on the next page load.
    await down();
    await passAndRecord(page, root, learner);
    await page.goto(fileUrl(root, 'index.html'));
    await page.waitForTimeout(300);
    assert.strictEqual(received.length, 2);
    await up();
    await page.goto(fileUrl(root, 'records.html'));
    await arrived(3);
    assert.deepStrictEqual(received.map((r) => r.attempt), [1, 2, 3]);
    assert.strictEqual(new Set(received.map((r) => r.uid)).size, 3, 'no record was sent twice');
    await context.close();
  });
});
