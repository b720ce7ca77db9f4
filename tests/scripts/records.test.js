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

test('the CSV: completed tests and acknowledgements only, times in local time with their offset', () => {
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
  const out = inZone('Asia/Tokyo', () => page.json('sec', '情報セキュリティ基礎', kept(), new Date(Date.UTC(2026, 3, 2, 15, 0, 0))));
  assert.strictEqual(out.exported, '2026-04-03T00:00:00+09:00');
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
test('"kenshu records merge" reads both exports and sees one set of records in them', { skip: !bin && 'KENSHU_BIN is not set' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-scripts-'));
  try {
    inZone('America/New_York', () => {
      const list = kept();
      fs.writeFileSync(path.join(tmp, 'branch.csv'), kenshu.csv(page.csvRows(list, FIELDS)));
      fs.writeFileSync(path.join(tmp, 'branch.json'), JSON.stringify(page.json('sec', 'c', list, new Date()), null, 2));
    });
    const run = spawnSync(bin, ['records', 'merge', path.join(tmp, 'branch.csv'), path.join(tmp, 'branch.json'),
      '-o', path.join(tmp, 'roster.csv')], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual((run.stderr.match(/warning: duplicate of /g) || []).length, 2, run.stderr);
    const roster = fs.readFileSync(path.join(tmp, 'roster.csv'), 'utf8').trimEnd().split('\r\n');
    assert.strictEqual(roster.length, 3);
    // The old UTC time in New York's local time; the time kept in the rule as it was kept.
    assert.ok(roster.some((l) => l.includes(',2026-04-01T11:30:00-04:00,2026-04-02T00:31:00+09:00,')), roster.join('\n'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
