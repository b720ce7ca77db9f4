'use strict';
// scorm.js's core: what the LMS is told and keeps - score and status from the best attempt,
// the session time, and the learner's results in cmi.suspend_data within its 4096 characters.
const test = require('node:test');
const assert = require('node:assert');
const { scorm } = require('./assets.js');

const basics = { kind: 'test', title: '基礎', page: 'quiz-basics.html', attempts: 2, best: 90, passed: true,
  last: { score: 40, result: 'fail', band: null, date: '2026-04-01T10:00:00+09:00' } };

test('score and status: the best attempt, and a test passed once stays passed', () => {
  assert.deepStrictEqual(scorm.scoreValues(basics, { score: 60, passed: false, min: 0, max: 100 }), [
    ['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'], ['cmi.core.score.raw', '90'],
    ['cmi.core.lesson_status', 'passed']]);
  assert.deepStrictEqual(scorm.scoreValues(undefined, { score: 70, passed: false, min: 0, max: 100 }).slice(2), [
    ['cmi.core.score.raw', '70'], ['cmi.core.lesson_status', 'failed']]);
});

test('session time as SCORM 1.2 writes it, capped at 9999 hours', () => {
  assert.strictEqual(scorm.timespan(3723450), '0001:02:03.45');
  assert.strictEqual(scorm.timespan(0), '0000:00:00.00');
  assert.strictEqual(scorm.timespan(-5), '0000:00:00.00');
  assert.strictEqual(scorm.timespan(20000 * 3600 * 1000), '9999:00:00.00');
});

test('suspend data: the results, then without dates, then this SCO\'s alone, never over the limit', () => {
  const all = { basics, none: { kind: 'test', attempts: 0 } };
  const text = scorm.suspendData(all, 'basics', scorm.LIMIT);
  assert.deepStrictEqual(JSON.parse(text), { v: 1, q: { basics: { k: 'test', g: 'quiz-basics.html', a: 2, b: 90, p: 1,
    s: 40, r: 'fail', d: '2026-04-01T10:00:00+09:00' } } });
  const many = {};
  for (let i = 0; i < 45; i++) many['quiz-' + i] = { ...basics, page: 'quiz-' + i + '.html' };
  const trimmed = JSON.parse(scorm.suspendData(many, 'quiz-7', scorm.LIMIT));
  assert.ok(scorm.suspendData(many, 'quiz-7', 1e6).length > scorm.LIMIT, 'with their dates they do not fit');
  assert.strictEqual(Object.keys(trimmed.q).length, 45, 'dates go first');
  assert.strictEqual(trimmed.q['quiz-7'].d, undefined);
  assert.ok(scorm.suspendData(many, 'quiz-7', scorm.LIMIT).length <= scorm.LIMIT);
  const mine = JSON.parse(scorm.suspendData(many, 'quiz-7', 200));
  assert.deepStrictEqual(Object.keys(mine.q), ['quiz-7']);
  assert.strictEqual(scorm.suspendData(many, 'quiz-7', 20), '');
});

test('a relaunch on another computer takes back what the LMS knows more of', () => {
  const saved = scorm.suspendData({ basics }, 'basics', scorm.LIMIT);
  const here = { basics: { ...basics, attempts: 1, best: 40, passed: false }, other: { kind: 'test', attempts: 1 } };
  const got = scorm.restore(here, saved);
  assert.deepStrictEqual(got.basics, { kind: 'test', title: '基礎', page: 'quiz-basics.html', attempts: 2, best: 90,
    passed: true, last: { score: 40, result: 'fail', band: null, date: '2026-04-01T10:00:00+09:00' } });
  assert.strictEqual(got.other, here.other);
  assert.strictEqual(scorm.restore({ basics }, saved), null, 'nothing newer: nothing changes');
  assert.strictEqual(scorm.restore({}, 'not json'), null);
  assert.strictEqual(scorm.restore({}, ''), null);
});

test('the SCO from the launch URL, and which links carry the session to another page', () => {
  assert.strictEqual(scorm.scoOf('?sco=%E5%9F%BA%E7%A4%8E&x=1'), '基礎');
  assert.strictEqual(scorm.scoOf('?x=1'), null);
  assert.strictEqual(scorm.scoOf('?sco=%E5'), '%E5');
  assert.deepStrictEqual(['basics.html', '#top', 'https://example.com/', 'mailto:a@b', ''].map(scorm.staysInCourse),
    [true, false, false, false, false]);
});
