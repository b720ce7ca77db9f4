'use strict';
// scorm.js's core: what the LMS is told and keeps in SCORM 1.2 and 2004 - completion of the
// home page, lessons read and surveys done, score and status of a test from the best attempt,
// the session time, the learner's results and lessons read in cmi.suspend_data within its
// limit, and the page a relaunch goes on to.
const test = require('node:test');
const assert = require('node:assert');
const { scorm } = require('./assets.js');

const [v2004, v12] = scorm.VERSIONS;
const basics = { kind: 'test', title: '基礎', page: 'quiz-basics.html', attempts: 2, best: 90, passed: true,
  last: { score: 40, result: 'fail', band: null, date: '2026-04-01T10:00:00+09:00' } };
const read = { 'first-start.html': '2026-04-01T09:00:00+09:00' };
const sco = (text) => scorm.parseSco(text);

test('the versions: the 2004 API first, then 1.2, each with its names', () => {
  assert.deepStrictEqual([v2004.version, v2004.api, v2004.limit], ['2004', 'API_1484_11', 64000]);
  assert.deepStrictEqual([v12.version, v12.api, v12.limit], ['1.2', 'API', 4096]);
});

test('a test: the best attempt\'s score, passed once stays passed, nothing before it is taken', () => {
  assert.deepStrictEqual(scorm.report(v12, sco('test:basics'), { basics }, {}), [
    ['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'], ['cmi.core.score.raw', '90'],
    ['cmi.core.lesson_status', 'passed']]);
  assert.deepStrictEqual(scorm.report(v2004, sco('test:basics'), { basics }, {}), [
    ['cmi.score.min', '0'], ['cmi.score.max', '100'], ['cmi.score.raw', '90'], ['cmi.score.scaled', '0.9'],
    ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]);
  const failed = { ...basics, best: 60, passed: false };
  assert.deepStrictEqual(scorm.report(v2004, sco('test:basics'), { basics: failed }, {}).slice(3), [
    ['cmi.score.scaled', '0.6'], ['cmi.completion_status', 'completed'], ['cmi.success_status', 'failed']]);
  assert.deepStrictEqual(scorm.report(v12, sco('test:basics'), { basics: failed }, {}).slice(2), [
    ['cmi.core.score.raw', '60'], ['cmi.core.lesson_status', 'failed']]);
  assert.deepStrictEqual(scorm.report(v12, sco('test:basics'), {}, {}), []);
  assert.deepStrictEqual(scorm.report(v12, sco('test:basics'), { basics: { ...basics, attempts: 0 } }, {}), []);
  assert.deepStrictEqual(scorm.report(v2004, sco('test:basics'), { basics: { ...basics, best: null } }, {}), []);
});

test('a lesson by the site\'s rule for read; the home page; a survey once done; no SCO', () => {
  assert.deepStrictEqual(scorm.report(v12, sco('lesson:first-start.html'), {}, read),
    [['cmi.core.lesson_status', 'completed']]);
  assert.deepStrictEqual(scorm.report(v2004, sco('lesson:first-other.html'), {}, read),
    [['cmi.completion_status', 'incomplete']]);
  assert.deepStrictEqual(scorm.report(v2004, sco('home'), {}, {}), [['cmi.completion_status', 'completed']]);
  const survey = { kind: 'survey', attempts: 1, best: null, passed: false, last: { score: 7, result: 'done' } };
  assert.deepStrictEqual(scorm.report(v12, sco('survey:check'), { check: survey }, {}),
    [['cmi.core.lesson_status', 'completed']]);
  assert.deepStrictEqual(scorm.report(v12, sco('survey:check'), {}, {}), []);
  assert.deepStrictEqual(scorm.report(v12, null, { basics }, read), []);
});

test('what the LMS keeps counts as done, or as nothing yet', () => {
  assert.deepStrictEqual(['completed', 'passed', 'failed', 'incomplete'].map((s) => scorm.completed(v12, s)),
    [true, true, true, false]);
  assert.deepStrictEqual(['completed', 'passed', 'incomplete'].map((s) => scorm.completed(v2004, s)),
    [true, false, false]);
  assert.deepStrictEqual(['', 'not attempted', 'unknown', 'incomplete', 'completed'].map(scorm.untouched),
    [true, true, true, false, false]);
});

test('session time as each version writes it; 1.2 capped at 9999 hours', () => {
  assert.strictEqual(scorm.sessionTime(v12, 3723450), '0001:02:03.45');
  assert.strictEqual(scorm.sessionTime(v12, 0), '0000:00:00.00');
  assert.strictEqual(scorm.sessionTime(v12, -5), '0000:00:00.00');
  assert.strictEqual(scorm.sessionTime(v12, 20000 * 3600 * 1000), '9999:00:00.00');
  assert.strictEqual(scorm.sessionTime(v2004, 3723450), 'PT1H2M3.45S');
  assert.strictEqual(scorm.sessionTime(v2004, 0), 'PT0H0M0S');
  assert.strictEqual(scorm.sessionTime(v2004, 20000 * 3600 * 1000), 'PT20000H0M0S');
});

test('suspend data: results and lessons read, then without dates, then this SCO\'s alone, never over the limit', () => {
  const all = { basics, none: { kind: 'test', attempts: 0 } };
  const text = scorm.suspendData(all, { ...read, 'unticked.html': undefined }, sco('test:basics'), v12.limit);
  assert.deepStrictEqual(JSON.parse(text), { v: 1, q: { basics: { k: 'test', g: 'quiz-basics.html', a: 2, b: 90, p: 1,
    s: 40, r: 'fail', d: '2026-04-01T10:00:00+09:00' } }, r: ['first-start.html'] });
  const many = {}, lessons = {};
  for (let i = 0; i < 40; i++) many['quiz-' + i] = { ...basics, page: 'quiz-' + i + '.html' };
  for (let i = 0; i < 30; i++) lessons['module-lesson-' + i + '.html'] = 'x';
  const me = sco('test:quiz-7');
  assert.ok(scorm.suspendData(many, lessons, me, 1e6).length > v12.limit, 'with their dates they do not fit');
  const trimmed = JSON.parse(scorm.suspendData(many, lessons, me, v12.limit));
  assert.strictEqual(Object.keys(trimmed.q).length, 40, 'dates go first');
  assert.strictEqual(trimmed.r.length, 30);
  assert.strictEqual(trimmed.q['quiz-7'].d, undefined);
  assert.ok(scorm.suspendData(many, lessons, me, v12.limit).length <= v12.limit);
  assert.ok(scorm.suspendData(many, lessons, me, v2004.limit).includes('"d":'), '2004 keeps them all');
  const mine = JSON.parse(scorm.suspendData(many, lessons, me, 200));
  assert.deepStrictEqual([Object.keys(mine.q), mine.r], [['quiz-7'], []]);
  const lesson = JSON.parse(scorm.suspendData(many, lessons, sco('lesson:module-lesson-3.html'), 200));
  assert.deepStrictEqual([Object.keys(lesson.q), lesson.r], [[], ['module-lesson-3.html']]);
  assert.strictEqual(scorm.suspendData(many, lessons, me, 20), '');
});

test('a relaunch on another computer takes back what the LMS knows more of', () => {
  const saved = scorm.suspendData({ basics }, read, sco('test:basics'), v12.limit);
  const here = { basics: { ...basics, attempts: 1, best: 40, passed: false }, other: { kind: 'test', attempts: 1 } };
  const got = scorm.restore(here, { 'first-other.html': 'then' }, saved, 'now');
  assert.deepStrictEqual(got.quizzes.basics, { kind: 'test', title: '基礎', page: 'quiz-basics.html', attempts: 2,
    best: 90, passed: true, last: { score: 40, result: 'fail', band: null, date: '2026-04-01T10:00:00+09:00' } });
  assert.strictEqual(got.quizzes.other, here.other);
  assert.deepStrictEqual(got.read, { 'first-other.html': 'then', 'first-start.html': 'now' });
  assert.deepStrictEqual(scorm.restore({ basics }, read, saved, 'now'), { quizzes: null, read: null },
    'nothing newer: nothing changes');
  assert.deepStrictEqual(scorm.restore({}, {}, 'not json', 'now'), { quizzes: null, read: null });
  assert.deepStrictEqual(scorm.restore({}, {}, '', 'now'), { quizzes: null, read: null });
  assert.deepStrictEqual(scorm.restore({}, {}, '{"v":1,"q":[],"r":[3]}', 'now'), { quizzes: null, read: null });
});

test('the SCO from the launch URL', () => {
  assert.deepStrictEqual(scorm.scoOf('?sco=test:%E5%9F%BA%E7%A4%8E&x=1'), { kind: 'test', name: '基礎' });
  assert.deepStrictEqual(scorm.scoOf('?x=1&sco=lesson%3Afirst-start.html'), { kind: 'lesson', name: 'first-start.html' });
  assert.deepStrictEqual(scorm.scoOf('?sco=home'), { kind: 'home', name: '' });
  assert.deepStrictEqual(scorm.scoOf('?sco=survey:a:b'), { kind: 'survey', name: 'a:b' });
  assert.strictEqual(scorm.scoOf('?x=1'), null);
  assert.deepStrictEqual(scorm.scoOf('?sco=test:%E5'), { kind: 'test', name: '%E5' });
  for (const bad of ['?sco=basics', '?sco=home:x', '?sco=lesson:', '?sco=page:x.html']) {
    assert.strictEqual(scorm.scoOf(bad), null, bad);
  }
  assert.strictEqual(scorm.parseSco(null), null);
});

test('the page the learner is on, the page a relaunch goes on to, and links that carry the session', () => {
  assert.strictEqual(scorm.pageOf('/pluginfile.php/12/mod_scorm/content/3/first-start.html'), 'first-start.html');
  assert.strictEqual(scorm.pageOf('/lms/package/'), 'index.html');
  const course = { lessons: ['first-start.html', 'first-other.html'], modules: { 'first.html': [] },
    tests: ['quiz-basics.html'] };
  assert.strictEqual(scorm.resumeTo('first-other.html', 'first-start.html', course), 'first-other.html');
  assert.strictEqual(scorm.resumeTo('first-start.html', 'first-start.html', course), null);
  for (const page of ['index.html', 'first.html', 'quiz-basics.html']) {
    assert.strictEqual(scorm.resumeTo(page, 'first-start.html', course), page);
  }
  for (const bad of ['', 'removed-lesson.html', 'constructor', 'javascript:alert(1)', '//evil.example/x.html',
    '../first-start.html']) {
    assert.strictEqual(scorm.resumeTo(bad, 'index.html', course), null, bad);
  }
  assert.deepStrictEqual(['basics.html', '#top', 'https://example.com/', 'mailto:a@b', ''].map(scorm.staysInCourse),
    [true, false, false, false, false]);
});
