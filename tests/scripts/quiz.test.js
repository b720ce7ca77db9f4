'use strict';
// quiz.js's core: the answer key hashed as the C side hashes it, the score and verdict a
// learner sees, partial credit, survey bands, attempt counting and the record kept.
const test = require('node:test');
const assert = require('node:assert');
const { quiz } = require('./assets.js');

const SALT = 'c0ffee12';
// A test as kenshu writes it into the page: the correct ids only as hashes.
function question(id, type, choices, correct, points = 1, partial = false) {
  const q = { id, type, choices, points, h: quiz.answerHash(SALT, id, correct) };
  if (partial) {
    q.partial = true;
    q.ch = choices.map((c) => quiz.choiceHash(SALT, id, c, correct.includes(c)));
  }
  return q;
}
function testConfig(questions, extra = {}) {
  return { id: 'basics', kind: 'test', title: '基礎テスト', page: 'quiz-basics.html', salt: SALT, pass: 80,
    attempts: 0, review: 'after_submit', questions, ...extra };
}
const five = testConfig([
  question('q1', 'single', ['a', 'b', 'c'], ['a']),
  question('q2', 'multiple', ['a', 'b', 'c'], ['a', 'c']),
  question('q3', 'truefalse', ['true', 'false'], ['false']),
  question('q4', 'single', ['a', 'b'], ['b']),
  question('q5', 'single', ['a', 'b'], ['a']),
]);
const ids = (cfg) => cfg.questions.map((q) => q.id);
const allRight = { q1: ['a'], q2: ['c', 'a'], q3: ['false'], q4: ['b'], q5: ['a'] };

test('the hash and the sealed explanation match tests/unit/test_quiz.c', () => {
  const hex = (h) => ('0000000' + h.toString(16)).slice(-8);
  assert.strictEqual(hex(quiz.hash('')), '811c9dc5');
  assert.strictEqual(hex(quiz.hash('foobar')), 'bf9cf968');
  assert.strictEqual(hex(quiz.hash('情報セキュリティ')), '5497dfb8');
  assert.strictEqual(quiz.answerHash('s', 'q', ['b', 'a']), 'b25dfce4');
  assert.strictEqual(quiz.choiceHash('salt', 'qid', 'c', true), 'd34594eb');
  assert.deepStrictEqual(quiz.unseal('0123abcd', 'q1', ['c', 'a'], 'lqftrGCmYCpkaiIgFvw='), { e: '解説' });
});

test('all right: 100 points, passed; the review finds each answer from its hash', () => {
  const r = quiz.scoreTest(five, ids(five), allRight);
  assert.deepStrictEqual([r.score, r.passed, r.right], [100, true, 5]);
  assert.deepStrictEqual(quiz.answerOf(SALT, five.questions[1]), ['a', 'c']);
  assert.deepStrictEqual(quiz.answerOf(SALT, five.questions[2]), ['false']);
});

test('one of five wrong is 80 and passes a pass mark of 80; two wrong is 60 and fails', () => {
  const one = quiz.scoreTest(five, ids(five), { ...allRight, q4: ['a'] });
  assert.deepStrictEqual([one.score, one.passed, one.right], [80, true, 4]);
  const two = quiz.scoreTest(five, ids(five), { ...allRight, q4: ['a'], q2: ['a'] });
  assert.deepStrictEqual([two.score, two.passed, two.right], [60, false, 3]);
});

test('the score is rounded down, so a shown 79 never passes 80', () => {
  // 19 of 24 points is 79.17 %.
  const cfg = testConfig([question('big', 'single', ['a', 'b'], ['a'], 19), question('small', 'single', ['a', 'b'], ['a'], 5)]);
  const r = quiz.scoreTest(cfg, ['big', 'small'], { big: ['a'], small: ['b'] });
  assert.deepStrictEqual([r.score, r.passed], [79, false]);
  // 2 of 3 is 66.67 %: shown as 66, and it passes a pass mark of 66.
  const thirds = testConfig([1, 2, 3].map((n) => question('t' + n, 'single', ['a', 'b'], ['a'])), { pass: 66 });
  const t = quiz.scoreTest(thirds, ['t1', 't2', 't3'], { t1: ['a'], t2: ['a'], t3: ['b'] });
  assert.deepStrictEqual([t.score, t.passed], [66, true]);
});

test('partial credit: right picks minus wrong picks, over the correct choices, never below 0', () => {
  const q = question('p', 'multiple', ['a', 'b', 'c', 'd'], ['a', 'b', 'c'], 3, true);
  assert.strictEqual(quiz.pointsFor(SALT, q, ['a', 'b', 'c']), 3);
  assert.strictEqual(quiz.pointsFor(SALT, q, ['a', 'b']), 2);
  assert.strictEqual(quiz.pointsFor(SALT, q, ['a', 'b', 'd']), 1);
  assert.strictEqual(quiz.pointsFor(SALT, q, ['a', 'd']), 0);
  assert.strictEqual(quiz.pointsFor(SALT, q, ['d']), 0);
  // Without partial credit the same picks earn nothing.
  const strict = question('s', 'multiple', ['a', 'b', 'c', 'd'], ['a', 'b', 'c'], 3);
  assert.strictEqual(quiz.pointsFor(SALT, strict, ['a', 'b']), 0);
});

test('only the questions asked count', () => {
  const r = quiz.scoreTest(five, ['q1', 'q2'], { q1: ['a'], q2: ['b'] });
  assert.deepStrictEqual([r.score, r.passed, r.right], [50, false, 1]);
});

test('questions left unanswered are named by their place on the page', () => {
  assert.deepStrictEqual(quiz.unanswered(['q3', 'q1', 'q2'], { q3: ['a'], q1: [], q2: undefined }), [1, 2]);
  assert.deepStrictEqual(quiz.unanswered(['q1'], { q1: ['a'] }), []);
});

test('attempts: counted, best kept, passed once stays passed, none left after the last', () => {
  const cfg = { ...five, attempts: 3 };
  let st = quiz.attempted(cfg, null, { score: 90, passed: true }, '2026-04-01T10:00:00+09:00');
  assert.deepStrictEqual(st, { kind: 'test', title: '基礎テスト', page: 'quiz-basics.html', attempts: 1, best: 90,
    passed: true, last: { score: 90, result: 'pass', band: null, date: '2026-04-01T10:00:00+09:00' } });
  assert.strictEqual(quiz.attemptsLeft(cfg, st), 2);
  st = quiz.attempted(cfg, st, { score: 40, passed: false }, '2026-04-01T11:00:00+09:00');
  assert.deepStrictEqual([st.attempts, st.best, st.passed, st.last.result], [2, 90, true, 'fail']);
  st = quiz.attempted(cfg, st, { score: 60, passed: false }, '2026-04-01T12:00:00+09:00');
  assert.strictEqual(quiz.attemptsLeft(cfg, st), 0);
  assert.strictEqual(quiz.attemptsLeft({ ...five, attempts: 0 }, st), Infinity);
  // The review after_pass opens once the test is passed, even after a later failure.
  assert.strictEqual(quiz.reviewShown({ ...cfg, review: 'after_pass' }, st), true);
  assert.strictEqual(quiz.reviewShown({ ...cfg, review: 'after_pass' }, { passed: false }), false);
  assert.strictEqual(quiz.reviewShown({ ...cfg, review: 'never' }, st), false);
});

test('the record of an attempt, as the records page and merge read it', () => {
  const st = quiz.attempted(five, { attempts: 1, best: 60, passed: false }, { score: 80, passed: true }, '2026-04-02T00:30:05+09:00');
  assert.deepStrictEqual(quiz.record(five, st, 'sec', 'b1'), {
    type: 'quiz', site: 'sec', build: 'b1', quiz: 'basics', kind: 'test', title: '基礎テスト', score: 80, max: 100,
    pass: 80, result: 'pass', band: null, attempt: 2, date: '2026-04-02T00:30:05+09:00',
  });
});

test('a survey: total, its band, each group against its highest, advice where below the top', () => {
  const cfg = { id: 'self', kind: 'survey', title: '自己診断', page: 'quiz-self.html', min: 3, max: 9, top: 3,
    scale: [{ points: 1 }, { points: 2 }, { points: 3 }], groups: ['パスワード', 'メール'],
    bands: [{ min: 8, label: '良好' }, { min: 5, label: '要注意' }, { min: 0, label: '要改善' }],
    questions: [{ id: 's1', group: 0, advice: '長くする' }, { id: 's2', group: 0 }, { id: 's3', group: 1, advice: '確かめる' }] };
  const r = quiz.scoreSurvey(cfg, ['s1', 's2', 's3'], { s1: ['s1'], s2: ['s2'], s3: ['s0'] });
  assert.strictEqual(r.total, 6);
  assert.strictEqual(r.band.label, '要注意');
  assert.deepStrictEqual(r.groups, [{ name: 'パスワード', score: 5, max: 6 }, { name: 'メール', score: 1, max: 3 }]);
  assert.deepStrictEqual(r.advice, [{ id: 's1', n: 1, advice: '長くする' }, { id: 's3', n: 3, advice: '確かめる' }]);
  const st = quiz.attempted(cfg, null, { score: r.total, band: r.band.label }, '2026-04-01T09:00:00+09:00');
  assert.deepStrictEqual([st.passed, st.best, st.last.result, st.last.band], [false, null, 'done', '要注意']);
  const rec = quiz.record(cfg, st, 'sec', 'b1');
  assert.deepStrictEqual([rec.max, rec.pass, rec.result, rec.band], [9, null, 'done', '要注意']);
});

test('draw: the number asked, from each group, in the pool\'s order', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pool = { draw: 3, questions: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id })) };
  for (let i = 0; i < 50; i++) {
    const got = quiz.draw(pool, random);
    assert.strictEqual(got.length, 3);
    assert.deepStrictEqual(got, [...got].sort(), 'drawn questions keep the pool order');
  }
  const grouped = { draws: [1, 2], questions: [{ id: 'a', group: 0 }, { id: 'b', group: 0 }, { id: 'c', group: 1 },
    { id: 'd', group: 1 }, { id: 'e', group: 1 }] };
  for (let i = 0; i < 50; i++) {
    const got = quiz.draw(grouped, random);
    assert.strictEqual(got.filter((id) => 'ab'.includes(id)).length, 1);
    assert.strictEqual(got.filter((id) => 'cde'.includes(id)).length, 2);
  }
  assert.deepStrictEqual(quiz.draw({ draw: 0, questions: pool.questions }, random), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('shuffle keeps every item and leaves its input as it was', () => {
  const list = [1, 2, 3, 4, 5];
  const out = quiz.shuffle(list, () => 0);
  assert.deepStrictEqual([...out].sort(), [1, 2, 3, 4, 5]);
  assert.notDeepStrictEqual(out, list);
  assert.deepStrictEqual(list, [1, 2, 3, 4, 5]);
});
