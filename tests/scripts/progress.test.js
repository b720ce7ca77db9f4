'use strict';
// progress.js's core: what the header, the module cards and the home page count.
const test = require('node:test');
const assert = require('node:assert');
const { progress } = require('./assets.js');

const course = { lessons: ['a-1.html', 'a-2.html', 'b-1.html'], tests: ['quiz-a.html', 'quiz-b.html'],
  modules: { a: ['a-1.html', 'a-2.html'], b: ['b-1.html'] } };
const kept = {
  a: { kind: 'test', page: 'quiz-a.html', attempts: 2, passed: true },
  b: { kind: 'test', page: 'quiz-b.html', attempts: 1, passed: false },
  s: { kind: 'survey', page: 'quiz-s.html', attempts: 1, passed: false },
};

test('lessons read and tests passed, and the bar\'s share of both', () => {
  const read = { 'a-1.html': '2026-04-01T10:00:00+09:00', 'gone.html': '2026-03-01T10:00:00+09:00' };
  assert.deepStrictEqual(progress.overall(course, read, progress.byPage(kept)),
    { read: 1, lessons: 3, passed: 1, tests: 2, percent: 40 });
  assert.strictEqual(progress.countRead(course.modules.a, read), 1);
  assert.strictEqual(progress.countRead(course.modules.b, read), 0);
  assert.deepStrictEqual(progress.overall({ lessons: [], tests: [], modules: {} }, {}, {}).percent, 0);
});

test('each quiz\'s word: passed, failed, done for a survey, not taken', () => {
  const byPage = progress.byPage(kept);
  assert.deepStrictEqual(['quiz-a.html', 'quiz-b.html', 'quiz-s.html', 'quiz-x.html'].map((p) => progress.quizState(byPage[p])),
    ['passed', 'failed', 'done', 'not-taken']);
  assert.deepStrictEqual(progress.byPage([{ page: 'x' }]), {}, 'a damaged store counts nothing');
});

test('a lesson is read from the first time it is reached; unticking takes it back', () => {
  let read = progress.markRead({}, 'a-1.html', true, '2026-04-01T10:00:00+09:00');
  read = progress.markRead(read, 'a-1.html', true, '2026-04-02T10:00:00+09:00');
  assert.deepStrictEqual(read, { 'a-1.html': '2026-04-01T10:00:00+09:00' });
  const before = { ...read };
  assert.deepStrictEqual(progress.markRead(read, 'a-1.html', false, 'x'), {});
  assert.deepStrictEqual(read, before, 'the map given is left as it was');
});

test('the templates\' placeholders are filled, unknown ones left', () => {
  assert.strictEqual(progress.fill('{read}/{total} {other}', { read: 2, total: 3 }), '2/3 {other}');
});
