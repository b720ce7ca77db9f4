'use strict';
// forms.js's core: a field's value checked as the learner types it, the 確認書 kept as a
// record and listed under the document, the facts the 受講記録 shows, and a record form's
// CSV and JSON exports with the learner's local day in their names.
const test = require('node:test');
const assert = require('node:assert');
const { kenshu, forms, inZone } = require('./assets.js');

test('required and pattern: the message the learner sees', () => {
  assert.strictEqual(forms.problem('', true, null), 'required');
  assert.strictEqual(forms.problem('', false, '[0-9]{4}'), '');
  assert.strictEqual(forms.problem('12ab', true, '[0-9]{4,8}'), 'pattern');
  assert.strictEqual(forms.problem('1001', true, '[0-9]{4,8}'), '');
  // The pattern holds for the whole value, as the browser's own pattern attribute does.
  assert.strictEqual(forms.problem('x1001', true, '[0-9]{4,8}'), 'pattern');
  assert.strictEqual(forms.problem('a|b', false, 'a|b'), 'pattern');
  // A pattern the browser cannot compile checks nothing rather than refusing every value.
  assert.strictEqual(forms.problem('anything', true, '(['), '');
});

test('an acknowledgement: the day the learner gave, recorded in local time, listed under its document', () => {
  const info = { document: 'basic-policy', title: '情報セキュリティ基本方針', version: '1.2', fields: [{ id: 'name' }] };
  const r = inZone('Asia/Tokyo', () => forms.ackRecord(info, { learner: { name: '山田 太郎' }, date: '2026-04-02',
    course: '情報セキュリティ基礎', site: 'sec', build: 'b1' }, new Date(Date.UTC(2026, 3, 1, 15, 30, 0))));
  assert.deepStrictEqual(r, { type: 'acknowledgement', site: 'sec', build: 'b1', course: '情報セキュリティ基礎',
    document: 'basic-policy', title: '情報セキュリティ基本方針', version: '1.2', learner: { name: '山田 太郎' },
    date: '2026-04-02', recorded: '2026-04-02T00:30:00+09:00', integrity: 'self-reported' });
  assert.ok(kenshu.records.completed(r), 'an acknowledgement is complete as it is made, so it is sent at once');
  const other = { ...r, document: 'other', learner: { name: '鈴木' } };
  const older = { ...r, version: '1.1', learner: { name: '佐藤' }, date: '2025-10-01' };
  assert.deepStrictEqual(forms.ackHistory([older, other, { type: 'quiz' }, r], info),
    ['2025-10-01 佐藤 (1.1)', '2026-04-02 山田 太郎 (1.2)']);
});

test('the 受講記録 shows the attempt\'s facts, its time in local time', () => {
  const attempt = { type: 'quiz', site: 'sec', build: 'b1', quiz: 'basics', title: '基礎テスト', score: 90, pass: 80,
    result: 'pass', attempt: 2, date: '2026-04-01T15:30:00.000Z' };
  const facts = inZone('Asia/Tokyo', () => forms.facts(attempt, 'コース', { passed: '合格', failed: '不合格' }));
  assert.deepStrictEqual(facts, { course: 'コース', title: '基礎テスト', score: 90, pass: 80, result: '合格', attempt: 2,
    date: '2026-04-02 00:30', site: 'sec', build: 'b1' });
  assert.strictEqual(forms.facts({ ...attempt, result: 'fail' }, 'コース', { passed: '合格', failed: '不合格' }).result, '不合格');
});

const SCALARS = [{ id: 'day', label: '実施日' }, { id: 'place', label: '場所' }];
const COLUMNS = [{ id: 'name', label: '氏名' }, { id: 'done', label: '受講' }];

test('a record form\'s CSV: one line per filled row, the form\'s fields on each', () => {
  const state = { fields: { day: '2026-04-01', place: '本社' }, rows: [
    { name: '山田', done: true }, { name: '', done: false }, { name: '=SUM(A1)', done: false }] };
  const text = kenshu.csv(forms.formCsvRows(SCALARS, COLUMNS, state));
  assert.strictEqual(text, '\ufeff実施日,場所,氏名,受講\r\n2026-04-01,本社,山田,\u2713\r\n2026-04-01,本社,\'=SUM(A1),\r\n');
  // A 社員番号 with a leading zero keeps it when Excel opens the file.
  assert.strictEqual(kenshu.csv(forms.formCsvRows(SCALARS, [{ id: 'id', label: '社員番号' }], { fields: {}, rows: [{ id: '01234' }] })),
    '\ufeff実施日,場所,社員番号\r\n,,"=""01234"""\r\n');
  const empty = { fields: { day: '2026-04-01', place: '' }, rows: [{ name: '', done: false }] };
  assert.deepStrictEqual(forms.formCsvRows(SCALARS, COLUMNS, empty), [['実施日', '場所', '氏名', '受講'], ['2026-04-01', '']]);
});

test('a record form\'s JSON and file names: exported and named in the learner\'s local time', () => {
  const state = { fields: { day: '2026-04-01' }, rows: [{ name: '山田', done: true }, { name: '', done: false }] };
  const at = new Date(Date.UTC(2026, 3, 1, 15, 30, 0));
  inZone('Asia/Tokyo', () => {
    const out = forms.formJson({ id: 'session', title: '教育実施記録' }, COLUMNS, state, { site: 'sec', build: 'b1' }, at);
    assert.deepStrictEqual(out, { form: 'session', title: '教育実施記録', site: 'sec', build: 'b1',
      exported: '2026-04-02T00:30:00+09:00', fields: { day: '2026-04-01' }, rows: [{ name: '山田', done: true }] });
    // Before 09:00 in Tokyo it is still the day before in UTC: the name is the learner's day.
    assert.strictEqual(forms.fileName('session', at, 'csv'), 'session-20260402.csv');
  });
});
