'use strict';
// The records list and its exports (kenshu.js's record rules, records.js's core): which
// records are exported, the CSV row of each in the learner's local time, the JSON export,
// and - with KENSHU_BIN, as make sets it - that "kenshu records merge" reads both exports
// and sees the same records in them.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { kenshu, records: page, inZone } = require('./assets.js');

const FIELDS = [{ id: 'name' }, { id: 'employee_id' }, { id: 'branch' }];
const YAMADA = { name: '山田 太郎', employee_id: '1001', branch: '本社' };

// A test attempt as quiz.js keeps it; kept before the date rule, its times are UTC.
const attempt = (n, score, date) => ({ type: 'quiz', site: 'sec', build: 'b1', quiz: 'basics', kind: 'test',
  title: '基礎テスト', score, max: 100, pass: 80, result: score >= 80 ? 'pass' : 'fail', band: null, attempt: n, date });
const ack = { type: 'acknowledgement', site: 'sec', build: 'b1', course: '情報セキュリティ基礎', document: 'basic-policy',
  title: '情報セキュリティ基本方針', version: '1.2', learner: { ...YAMADA, name: '=伊藤, 四郎' }, date: '2026-04-02',
  recorded: '2026-04-02T09:15:00+09:00', integrity: 'self-reported', uid: 'u-ack' };
const survey = { type: 'quiz', site: 'sec', build: 'b1', quiz: 'self', kind: 'survey', title: '自己診断', score: 6,
  max: 9, pass: null, result: 'done', band: '要注意', attempt: 1, date: '2026-04-01T00:00:00+09:00' };

// Two attempts; the learner completes the second one at 00:31 Tokyo time (15:31 UTC).
function kept() {
  const list = [attempt(1, 60, '2026-04-01T05:00:00.000Z'), attempt(2, 90, '2026-04-01T15:30:00.000Z'), survey, ack];
  const open = kenshu.records.open(list, 'basics');
  assert.strictEqual(open, list[1], 'the newest attempt not yet completed is the one the 受講記録 completes');
  const done = kenshu.records.fill(open, { course: '情報セキュリティ基礎', learner: YAMADA,
    recorded: '2026-04-02T00:31:00+09:00', uid: 'u-2' });
  return list.map((r) => (kenshu.records.same(r, open) ? done : r));
}

test('completing an attempt: learner, course, recorded, self-reported; the others untouched', () => {
  const list = kept();
  assert.strictEqual(list[0].learner, undefined);
  assert.deepStrictEqual(list[1], { ...attempt(2, 90, '2026-04-01T15:30:00.000Z'), course: '情報セキュリティ基礎',
    learner: YAMADA, recorded: '2026-04-02T00:31:00+09:00', integrity: 'self-reported', uid: 'u-2' });
  assert.strictEqual(kenshu.records.open(list, 'basics'), list[0], 'then the first attempt is the open one');
  assert.strictEqual(kenshu.records.open(list, 'other'), null);
});

test('records waiting to be sent', () => {
  const list = kept();
  assert.deepStrictEqual(kenshu.records.pending(list, { 'u-2': 'pending', 'u-ack': 'sent' }).map((r) => r.uid), ['u-2']);
  assert.deepStrictEqual(kenshu.records.pending(list, {}), []);
});

// The words of the CSV export (strings.yaml's export_*, which records.html hands records.js as
// data-export): the contract with "kenshu records merge", pinned here.
const JA = { lang: 'ja',
  columns: { type: '種別', site: 'サイト', course: 'コース', item: 'テスト・文書ID', title: 'テスト・文書名', version: '版',
    attempt: '受験回', score: '得点', max: '満点', pass: '合格点', result: '結果', date: '日時', recorded: '記録日時',
    build: '教材の版', integrity: '記録の方法' },
  values: { quiz: 'テスト', acknowledgement: '確認書', pass: '合格', fail: '不合格', acknowledged: '確認済み',
    'self-reported': '本人申告' },
  roles: { name: '氏名', employee_id: '社員番号', branch: '所属' } };
const EN = { lang: 'en',
  columns: { type: 'Kind', site: 'Site', course: 'Course', item: 'Test or document ID', title: 'Test or document',
    version: 'Version', attempt: 'Attempt', score: 'Score', max: 'Out of', pass: 'Pass mark', result: 'Result',
    date: 'Date', recorded: 'Recorded', build: 'Content version', integrity: 'Integrity' },
  values: { quiz: 'Test', acknowledgement: 'Acknowledgement', pass: 'Passed', fail: 'Not passed',
    acknowledged: 'Acknowledged', 'self-reported': 'Self-reported' },
  roles: { name: 'Name', employee_id: 'Employee ID', branch: 'Branch' } };

test('a Japanese site\'s CSV: Japanese columns and values, local time with its offset, 01234 kept for Excel', () => {
  const fields = [{ id: 'name', label: '氏名' }, { id: 'employee_id', label: '社員番号' }, { id: 'branch', label: '所属' },
    { id: 'section', label: '部署' }];
  const list = kept().map((r) => (r.learner ? { ...r, learner: { ...r.learner, employee_id: '01234', section: '総務' } } : r));
  const text = inZone('Asia/Tokyo', () => kenshu.csv(page.csvRows(list, fields, JA)));
  assert.deepStrictEqual(text.slice(1).split('\r\n'), [
    '種別,サイト,コース,テスト・文書ID,テスト・文書名,版,受験回,得点,満点,合格点,結果,日時,記録日時,教材の版,記録の方法,氏名,社員番号,所属,部署 (section)',
    'テスト,sec,情報セキュリティ基礎,basics,基礎テスト,,2,90,100,80,合格,2026-04-02T00:30:00+09:00,2026-04-02T00:31:00+09:00,b1,本人申告,山田 太郎,"=""01234""",本社,総務',
    '確認書,sec,情報セキュリティ基礎,basic-policy,情報セキュリティ基本方針,1.2,,,,,確認済み,2026-04-02,2026-04-02T09:15:00+09:00,b1,本人申告,"\'=伊藤, 四郎","=""01234""",本社,総務',
    '',
  ]);
  const failed = page.csvRows([{ ...list[1], result: 'fail' }], fields, JA)[1];
  assert.strictEqual(failed[10], '不合格');
});

test('an English site\'s CSV: English columns and values; a label that is not the role\'s word keeps its id', () => {
  const fields = [{ id: 'name', label: 'Name' }, { id: 'employee_id', label: 'Employee number' }, { id: 'branch', label: 'Department' }];
  const rows = inZone('America/New_York', () => page.csvRows(kept(), fields, EN));
  assert.deepStrictEqual(rows[0], ['Kind', 'Site', 'Course', 'Test or document ID', 'Test or document', 'Version', 'Attempt',
    'Score', 'Out of', 'Pass mark', 'Result', 'Date', 'Recorded', 'Content version', 'Integrity', 'Name',
    'Employee number (employee_id)', 'Department (branch)']);
  assert.deepStrictEqual(rows.slice(1).map((r) => [r[0], r[10], r[11], r[14]]), [
    ['Test', 'Passed', '2026-04-01T11:30:00-04:00', 'Self-reported'],
    ['Acknowledgement', 'Acknowledged', '2026-04-02', 'Self-reported'],
  ]);
  // A field the site no longer asks for has no label: its machine name.
  const extra = page.csvRows([{ ...ack, learner: { name: '鈴木', section: '総務' } }], fields, EN);
  assert.deepStrictEqual(extra[0].slice(15), ['Name', 'Employee number (employee_id)', 'Department (branch)', 'learner.section']);
});

test('Excel\'s digits: a leading zero or more than 11 digits is written as a text formula, nothing else', () => {
  assert.strictEqual(kenshu.csv([['01234', '0', '1234', '12345678901', '123456789012', '0.5', '-01', '=01']]),
    '\ufeff"=""01234""",0,1234,12345678901,"=""123456789012""",0.5,\'-01,\'=01\r\n');
});

test('Excel\'s numbers: a version 1.0 (shown as 1), 1.10, 01.5 and 1e5 are written as text formulas too', () => {
  assert.strictEqual(kenshu.csv([['1.0', '1.10', '0.50', '01.5', '1e5', '2E10', '1.5e3', '1.1', '0.5', '10', '1.2.0', 'e5', '1e']]),
    '\ufeff"=""1.0""","=""1.10""","=""0.50""","=""01.5""","=""1e5""","=""2E10""","=""1.5e3""",1.1,0.5,10,1.2.0,e5,1e\r\n');
});

test('the CSV of a theme without the export\'s words: the machine names, as sites before wrote', () => {
  const text = inZone('Asia/Tokyo', () => kenshu.csv(page.csvRows(kept(), FIELDS)));
  assert.ok(text.startsWith('\ufeff'), 'a BOM, for Excel');
  assert.deepStrictEqual(text.slice(1).split('\r\n'), [
    'type,site,course,item,title,version,attempt,score,max,pass,result,date,recorded,build,integrity,learner.name,learner.employee_id,learner.branch',
    'quiz,sec,情報セキュリティ基礎,basics,基礎テスト,,2,90,100,80,pass,2026-04-02T00:30:00+09:00,2026-04-02T00:31:00+09:00,b1,self-reported,山田 太郎,1001,本社',
    'acknowledgement,sec,情報セキュリティ基礎,basic-policy,情報セキュリティ基本方針,1.2,,,,,acknowledged,2026-04-02,2026-04-02T09:15:00+09:00,b1,self-reported,"\'=伊藤, 四郎",1001,本社',
    '',
  ]);
});

test('learner fields the site no longer asks for still get a column', () => {
  const extra = { ...ack, learner: { name: '鈴木', section: '総務' } };
  const rows = page.csvRows([extra], FIELDS);
  assert.deepStrictEqual(rows[0].slice(15), ['learner.name', 'learner.employee_id', 'learner.branch', 'learner.section']);
  assert.deepStrictEqual(rows[1].slice(15), ['鈴木', '', '', '総務']);
});

test('the JSON export: the same records, times in the same rule, and when it was exported', () => {
  const out = inZone('Asia/Tokyo', () => page.json('sec', '情報セキュリティ基礎', 'ja', kept(), new Date(Date.UTC(2026, 3, 2, 15, 0, 0))));
  assert.strictEqual(out.exported, '2026-04-03T00:00:00+09:00');
  assert.strictEqual(out.lang, 'ja');
  assert.strictEqual(out.records[0].result, 'pass', 'JSON keeps the values as kept, in any language');
  assert.deepStrictEqual(out.records.map((r) => [r.type, r.date, r.recorded]), [
    ['quiz', '2026-04-02T00:30:00+09:00', '2026-04-02T00:31:00+09:00'],
    ['acknowledgement', '2026-04-02', '2026-04-02T09:15:00+09:00'],
  ]);
  assert.strictEqual(kept()[1].date, '2026-04-01T15:30:00.000Z', 'the kept record itself is not changed');
});

test('the file name carries the learner\'s day', () => {
  const name = inZone('Asia/Tokyo', () => page.fileName('sec', new Date(Date.UTC(2026, 3, 1, 15, 30)), 'csv'));
  assert.strictEqual(name, 'records-sec-20260402.csv');
});

test('the table: every test attempt and acknowledgement, in the page\'s words and local time', () => {
  const words = { 'kind-test': 'テスト', 'kind-ack': '確認書', incomplete: '（未記入）', passed: '合格', failed: '不合格',
    acknowledged: '確認済み', sent: '送信済み', pending: '送信待ち', local: 'この端末のみ' };
  const say = (w) => words[w];
  const list = page.shown(kept());
  assert.strictEqual(list.length, 3, 'the survey is not a training record');
  const cells = inZone('Asia/Tokyo', () => list.map((r, i) => page.cells(r, FIELDS, say, i === 1 ? 'pending' : '')));
  assert.deepStrictEqual(cells, [
    ['テスト', '基礎テスト', '（未記入）', '60', '不合格', '2026-04-01 14:00', ''],
    ['テスト', '基礎テスト', '山田 太郎 1001 本社', '90', '合格', '2026-04-02 00:30', '送信待ち'],
    ['確認書', '情報セキュリティ基本方針 (1.2)', '=伊藤, 四郎 1001 本社', '', '確認済み', '2026-04-02', 'この端末のみ'],
  ]);
});

const bin = process.env.KENSHU_BIN;
test('"kenshu records merge" reads every export and sees one set of records in them', { skip: !bin && 'KENSHU_BIN is not set' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-scripts-'));
  const labelled = [{ id: 'name', label: '氏名' }, { id: 'employee_id', label: '社員番号' }, { id: 'branch', label: '所属' }];
  const list = kept().map((r) => (r.learner ? { ...r, learner: { ...r.learner, employee_id: '01234' } } : r));
  const files = { 'old.csv': () => kenshu.csv(page.csvRows(list, FIELDS)), 'ja.csv': () => kenshu.csv(page.csvRows(list, labelled, JA)),
    'en.csv': () => kenshu.csv(page.csvRows(list, labelled, EN)),
    'ja.json': () => JSON.stringify(page.json('sec', 'c', 'ja', list, new Date()), null, 2) };
  try {
    inZone('America/New_York', () => {
      for (const [name, make] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), make());
    });
    const run = spawnSync(bin, ['records', 'merge', ...Object.keys(files).map((n) => path.join(tmp, n)),
      '-o', path.join(tmp, 'roster.csv')], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual((run.stderr.match(/warning: duplicate of /g) || []).length, 6, run.stderr);
    assert.match(run.stderr, /warning: exports in Japanese \(.*ja\.csv\) and in English \(.*en\.csv\): the outputs are in Japanese/);
    const roster = fs.readFileSync(path.join(tmp, 'roster.csv'), 'utf8').trimEnd().split('\r\n');
    assert.strictEqual(roster.length, 3);
    assert.ok(roster[0].startsWith('\ufeff種別,'), roster[0]);
    // The old UTC time in New York's local time; the time kept in the rule as it was kept;
    // the 社員番号 with its zero, for Excel.
    assert.ok(roster.some((l) => l.includes(',合格,2026-04-01T11:30:00-04:00,2026-04-02T00:31:00+09:00,b1,本人申告,山田 太郎,"=""01234""",本社')),
      roster.join('\n'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
