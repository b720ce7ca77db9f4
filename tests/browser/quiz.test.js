'use strict';
// Quizzes on the fixture course (tests/browser/fixture/quizzes), opened from file:// the way a
// branch office opens the offline ZIP: passing and failing, partial credit, drawing, the
// attempts limit, each review mode, a survey landing in each band, the keyboard alone, a
// browser that blocks storage, results that survive a reload and a rebuild, progress on the
// home and lesson pages, and a page source that does not give the answers away.
// Every test runs in a fresh browser context, so stored results never leak between tests.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const lib = require('./lib.js');

const fixture = lib.fixtureFromEnv();

let browser;

before(async () => {
  if (fixture) browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
});

// A fresh context (empty storage) on one page; init is an optional script run before the
// page's own. Returns the page and the list of console and page errors seen.
async function open(rel, { init, root = fixture, context } = {}) {
  const ctx = context || await lib.newContext(browser);
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  const problems = [];
  lib.watch(page, root, () => rel, problems);
  await page.goto(lib.fileUrl(root, rel));
  return { ctx, page, problems };
}

async function pick(page, qid, cids) {
  for (const cid of cids) await page.check(`#q-${qid}-${cid}`);
}

async function submit(page) {
  await page.click('#quiz-submit');
  await page.waitForSelector('#quiz-result', { state: 'visible' });
  return page.evaluate(() => ({
    verdict: (document.querySelector('.quiz-verdict') || {}).textContent || '',
    text: document.getElementById('quiz-result-body').textContent,
    focused: document.activeElement && document.activeElement.id,
    retake: !document.getElementById('quiz-retake').hidden,
  }));
}

async function retake(page) {
  await page.click('#quiz-retake');
  await page.waitForSelector('#quiz-result', { state: 'hidden' });
}

// What a question shows after submitting: its classes, badges and feedback text.
function question(page, qid) {
  return page.evaluate((id) => {
    const fs = document.getElementById('q-' + id);
    const fb = document.getElementById('q-' + id + '-feedback');
    return {
      cls: fs.className,
      answers: Array.from(fs.querySelectorAll('.quiz-choice.is-answer')).map((li) => li.dataset.cid),
      feedback: fb.hidden ? null : fb.textContent,
    };
  }, qid);
}

function stored(page) {
  return page.evaluate(() => ({ quizzes: window.kenshu.store.get('quizzes', {}), records: window.kenshu.store.get('records', []) }));
}

function noProblems(problems) {
  assert.deepStrictEqual(problems, [], `console or page errors:\n  ${problems.join('\n  ')}`);
}

// The basics quiz answered right: every question, or all but the ones named.
async function answerBasics(page, wrong = []) {
  const right = { update: ['a'], both: ['a', 'b'], mail: ['false'], share: ['b'], report: ['a'] };
  const bad = { update: ['b'], both: ['a'], mail: ['true'], share: ['a'], report: ['c'] };
  for (const id of Object.keys(right)) await pick(page, id, wrong.includes(id) ? bad[id] : right[id]);
}

describe('quizzes', { skip: fixture ? false : 'KENSHU_FIXTURE not set' }, () => {
  test('the page hashes exactly as the C side does (tests/unit/test_quiz.c)', async () => {
    const { ctx, page, problems } = await open('quiz-basics.html');
    const got = await page.evaluate(() => {
      const q = window.kenshu.quiz;
      const hex = (h) => ('0000000' + h.toString(16)).slice(-8);
      return {
        empty: hex(q.hash('')), a: hex(q.hash('a')), foobar: hex(q.hash('foobar')),
        ja: hex(q.hash('情報セキュリティ')), answer: q.answerHash('s', 'q', ['b', 'a']),
        choice1: q.choiceHash('salt', 'qid', 'c', true), choice0: q.choiceHash('salt', 'qid', 'c', false),
        sealed: q.unseal('0123abcd', 'q1', ['c', 'a'], 'lqftrGCmYCpkaiIgFvw='),
      };
    });
    assert.deepStrictEqual(got, {
      empty: '811c9dc5', a: 'e40c292c', foobar: 'bf9cf968', ja: '5497dfb8', answer: 'b25dfce4',
      choice1: 'd34594eb', choice0: 'd2459358', sealed: { e: '解説' },
    });
    noProblems(problems);
    await ctx.close();
  });

  test('the page source holds no answer key, explanation or feedback in readable form', () => {
    for (const rel of ['quiz-basics.html', 'quiz-limited.html', 'quiz-secret.html', 'quiz-partial.html']) {
      const html = fs.readFileSync(path.join(fixture, rel), 'utf8');
      assert.ok(!html.includes('秘密'), `${rel}: an explanation or feedback is readable in the source`);
      assert.ok(!/"correct"\s*:|correct:\s*true|"answer"\s*:|is-answer/.test(html),
        `${rel}: the source marks which choice is correct`);
      assert.ok(/"h":"[0-9a-f]{8}"/.test(html), `${rel}: no hashed answers in the page`);
    }
    // The explanation is there, sealed: it opens with the right answer only.
    const cfg = JSON.parse(/<script type="application\/json" id="quiz-data">(.*?)<\/script>/s
      .exec(fs.readFileSync(path.join(fixture, 'quiz-basics.html'), 'utf8'))[1]);
    assert.ok(cfg.questions.find((q) => q.id === 'update').x, 'the explanation of "update" is not in the page at all');
  });

  test('passing: score, verdict, focus on the result, review, stored record', async () => {
    const { ctx, page, problems } = await open('quiz-basics.html');
    await answerBasics(page);
    const r = await submit(page);
    assert.strictEqual(r.verdict, '合格');
    assert.match(r.text, /得点 100点（合格点 80点/);
    assert.match(r.text, /5問中 5問 正解/);
    assert.strictEqual(r.focused, 'quiz-result-heading', 'focus did not move to the result');
    assert.ok(r.retake, 'no retake button (attempts are unlimited)');
    const q = await question(page, 'update');
    assert.match(q.cls, /is-right/);
    assert.deepStrictEqual(q.answers, ['a']);
    assert.match(q.feedback, /秘密の解説その1/);
    assert.match(q.feedback, /秘密の選択肢フィードバック（正しい）/);
    assert.deepStrictEqual((await question(page, 'both')).answers, ['a', 'b']);
    assert.deepStrictEqual((await question(page, 'mail')).answers, ['false']);
    const s = await stored(page);
    assert.strictEqual(s.quizzes.basics.passed, true);
    assert.strictEqual(s.quizzes.basics.attempts, 1);
    assert.strictEqual(s.records.length, 1);
    const rec = s.records[0];
    assert.deepStrictEqual(Object.keys(rec).sort(), ['attempt', 'band', 'build', 'date', 'kind', 'max', 'pass',
      'quiz', 'result', 'score', 'site', 'title', 'type'].sort());
    assert.deepStrictEqual([rec.type, rec.site, rec.quiz, rec.kind, rec.score, rec.max, rec.pass, rec.result, rec.attempt],
      ['quiz', 'kenshu-browser-fixture', 'basics', 'test', 100, 100, 80, 'pass', 1]);
    assert.match(rec.build, /^[0-9a-f]{16}$/);
    // The content version comes from course.js, once for the site: the footer shows the same.
    assert.strictEqual(await page.textContent('[data-course-build]'), rec.build);
    assert.ok(!isNaN(Date.parse(rec.date)), `record date ${rec.date} is not ISO 8601`);
    noProblems(problems);
    await ctx.close();
  });

  test('failing: a wrong pick fails a multiple question outright; unanswered questions are named', async () => {
    const { ctx, page, problems } = await open('quiz-basics.html');
    await pick(page, 'both', ['a']);
    await page.click('#quiz-submit');
    const err = await page.evaluate(() => ({ text: document.getElementById('quiz-error').textContent, hidden: document.getElementById('quiz-error').hidden, focus: document.activeElement.id }));
    assert.strictEqual(err.hidden, false);
    assert.match(err.text, /問1、問3、問4、問5/);
    assert.strictEqual(err.focus, 'q-update-a', 'focus did not move to the first unanswered question');
    assert.strictEqual(await page.isVisible('#quiz-result'), false);

    await answerBasics(page, ['both', 'report']);
    const r = await submit(page);
    assert.strictEqual(r.verdict, '不合格');
    assert.match(r.text, /得点 60点/);
    assert.match(r.text, /5問中 3問 正解/);
    const both = await question(page, 'both');
    assert.match(both.cls, /is-wrong/, 'one of two correct picks must score nothing without partial');
    assert.match(both.feedback, /^不正解/);
    const s = await stored(page);
    assert.deepStrictEqual([s.quizzes.basics.passed, s.records[0].result, s.records[0].score], [false, 'fail', 60]);
    noProblems(problems);
    await ctx.close();
  });

  test('partial credit: points × (right − wrong picks) / correct choices', async () => {
    const { ctx, page, problems } = await open('quiz-partial.html');
    await pick(page, 'habits', ['a', 'b']);
    await pick(page, 'one', ['a']);
    let r = await submit(page);
    // (3 × 2/3 + 1) / 4 = 75 %
    assert.strictEqual(r.verdict, '合格');
    assert.match(r.text, /得点 75点/);
    let q = await question(page, 'habits');
    assert.match(q.cls, /is-partial/);
    assert.match(q.feedback, /部分正解（2点 \/ 3点）/);
    await retake(page);
    await pick(page, 'habits', ['a', 'b', 'd']);
    await pick(page, 'one', ['a']);
    r = await submit(page);
    // (3 × (2 − 1)/3 + 1) / 4 = 50 %
    assert.strictEqual(r.verdict, '不合格');
    assert.match(r.text, /得点 50点/);
    q = await question(page, 'habits');
    assert.match(q.feedback, /部分正解（1点 \/ 3点）/);
    await retake(page);
    await pick(page, 'habits', ['a', 'd']);
    await pick(page, 'one', ['b']);
    r = await submit(page);
    assert.match(r.text, /得点 0点/, 'right − wrong never goes below zero');
    noProblems(problems);
    await ctx.close();
  });

  test('draw: three of six questions each time, the set varies, numbering follows the order shown', async () => {
    const { ctx, page, problems } = await open('quiz-drawn.html');
    const sets = new Set();
    for (let i = 0; i < 12; i++) {
      const shown = await page.evaluate(() => Array.from(document.querySelectorAll('.quiz-question'))
        .filter((f) => !f.hidden).map((f) => ({ id: f.dataset.qid, n: f.querySelector('.quiz-number').textContent })));
      assert.strictEqual(shown.length, 3, `attempt ${i + 1}: ${shown.length} questions shown`);
      assert.deepStrictEqual(shown.map((s) => s.n), ['問1', '問2', '問3']);
      sets.add(shown.map((s) => s.id).sort().join(','));
      for (const s of shown) await pick(page, s.id, ['a']);
      const r = await submit(page);
      assert.match(r.text, /3問中 3問 正解/);
      await retake(page);
    }
    assert.ok(sets.size > 1, `the same questions were drawn 12 times: ${[...sets]}`);
    noProblems(problems);
    await ctx.close();
  });

  test('draw by group: every group in every sitting, as many as asked of each, on screen and in 2,000 draws', async () => {
    const { ctx, page, problems } = await open('quiz-grouped.html');
    const want = { a: 1, b: 2, c: 1 };
    const count = (ids) => ids.reduce((n, id) => { n[id[0]] = (n[id[0]] || 0) + 1; return n; }, {});
    for (let i = 0; i < 6; i++) {
      const shown = await page.evaluate(() => Array.from(document.querySelectorAll('.quiz-question'))
        .filter((f) => !f.hidden).map((f) => f.dataset.qid));
      assert.deepStrictEqual(count(shown), want, `sitting ${i + 1} showed ${shown}`);
      for (const id of shown) await pick(page, id, ['a']);
      const r = await submit(page);
      assert.match(r.text, /4問中 4問 正解/);
      await retake(page);
    }
    const draws = await page.evaluate(() => {
      const cfg = JSON.parse(document.getElementById('quiz-data').textContent);
      const seen = new Set(), bad = [];
      for (let i = 0; i < 2000; i++) {
        const ids = window.kenshu.quiz.draw(cfg, Math.random);
        seen.add(ids.join(','));
        const per = {};
        for (const id of ids) per[id[0]] = (per[id[0]] || 0) + 1;
        if (JSON.stringify(per) !== JSON.stringify({ a: 1, b: 2, c: 1 })) bad.push(ids.join(','));
      }
      return { groups: cfg.groups, distinct: seen.size, bad: bad.slice(0, 5) };
    });
    assert.deepStrictEqual(draws.groups, ['a', 'b', 'c']);
    assert.deepStrictEqual(draws.bad, [], 'draws that missed a group or asked too many of one');
    // 3 x 3 x 2 = 18 possible sets: 2,000 draws see them all.
    assert.strictEqual(draws.distinct, 18);
    noProblems(problems);
    await ctx.close();
  });

  test('attempts limit with review after_pass: hidden while failing, shown once passed, then no retake', async () => {
    const { ctx, page, problems } = await open('quiz-limited.html');
    await pick(page, 'l1', ['b']);
    await pick(page, 'l2', ['false']);
    let r = await submit(page);
    assert.strictEqual(r.verdict, '不合格');
    assert.match(r.text, /1回目の受験（2回まで）/);
    assert.match(r.text, /あと1回受験できます/);
    assert.match(r.text, /正解と解説は、合格すると表示されます/);
    assert.strictEqual((await question(page, 'l1')).feedback, null, 'answers shown before passing');
    assert.deepStrictEqual((await question(page, 'l1')).answers, []);
    assert.ok(r.retake);
    await retake(page);
    await pick(page, 'l1', ['a']);
    await pick(page, 'l2', ['false']);
    r = await submit(page);
    assert.strictEqual(r.verdict, '合格');
    assert.match((await question(page, 'l1')).feedback, /秘密の解説L1/);
    assert.match(r.text, /受験できる回数（2回）をすべて使いました/);
    assert.strictEqual(r.retake, false, 'a retake is offered after the last attempt');
    await page.reload();
    const locked = await page.evaluate(() => ({ form: document.getElementById('quiz-form').hidden, state: document.getElementById('quiz-state').textContent }));
    assert.strictEqual(locked.form, true, 'the test can still be taken after the last attempt');
    assert.match(locked.state, /すべて使いました/);
    noProblems(problems);
    await ctx.close();
  });

  test('review never: no answers, no explanations, a note instead', async () => {
    const { ctx, page, problems } = await open('quiz-secret.html');
    await pick(page, 's1', ['a']);
    const r = await submit(page);
    assert.strictEqual(r.verdict, '合格');
    assert.match(r.text, /このテストでは正解と解説を表示しません/);
    const q = await question(page, 's1');
    assert.deepStrictEqual([q.feedback, q.answers], [null, []]);
    noProblems(problems);
    await ctx.close();
  });

  test('survey: each band, the chart per group, advice for every item not fully done (360 px wide)', async () => {
    const { ctx, page, problems } = await open('quiz-survey.html');
    await page.setViewportSize(lib.PHONE);
    const runs = [
      { picks: ['s0', 's0', 's0'], total: 12, band: '帯1 満点', advice: [] },
      { picks: ['s0', 's1', 's2'], total: 6, band: '帯2 もう一歩', advice: ['助言A2', '助言B1'] },
      { picks: ['s3', 's3', 's3'], total: -3, band: '帯3 要改善', advice: ['助言A1', '助言A2', '助言B1'] },
    ];
    for (const [i, run] of runs.entries()) {
      if (i) await retake(page);
      for (const [k, id] of ['a1', 'a2', 'b1'].entries()) await pick(page, id, [run.picks[k]]);
      const r = await submit(page);
      assert.strictEqual(r.focused, 'quiz-result-heading');
      assert.match(r.text, new RegExp(`合計 ${run.total}点（-3点から12点まで）`));
      const got = await page.evaluate(() => ({
        band: document.querySelector('.quiz-band-label').textContent,
        bars: document.querySelectorAll('#quiz-result svg.quiz-chart rect.quiz-chart-bar').length,
        chart: document.querySelector('#quiz-result svg.quiz-chart').getAttribute('aria-label'),
        advice: Array.from(document.querySelectorAll('.quiz-advice li p')).map((p) => p.textContent.slice(0, 4)),
        wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      }));
      assert.strictEqual(got.band, run.band);
      assert.strictEqual(got.bars, 2, 'one bar per group');
      assert.match(got.chart, /基本/);
      assert.deepStrictEqual(got.advice, run.advice);
      if (!run.advice.length) assert.match(r.text, /すべての項目を実施しています/);
      assert.strictEqual(got.wide, false, 'the survey result scrolls sideways at 360 px');
    }
    const s = await stored(page);
    assert.deepStrictEqual(s.records.map((x) => [x.kind, x.score, x.max, x.pass, x.result, x.band]), [
      ['survey', 12, 12, null, 'done', '帯1 満点'], ['survey', 6, 12, null, 'done', '帯2 もう一歩'],
      ['survey', -3, 12, null, 'done', '帯3 要改善']]);
    noProblems(problems);
    await ctx.close();
  });

  test('keyboard alone: Tab, Space and Enter take the test and reach the retake', async () => {
    const { ctx, page, problems } = await open('quiz-keys.html');
    const active = () => page.evaluate(() => document.activeElement && document.activeElement.id);
    let id = '';
    for (let i = 0; i < 80 && id !== 'q-k1-a'; i++) {
      await page.keyboard.press('Tab');
      id = await active();
    }
    assert.strictEqual(id, 'q-k1-a', 'Tab never reached the first answer');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.strictEqual(await active(), 'q-k2-a');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.strictEqual(await active(), 'quiz-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#quiz-result', { state: 'visible' });
    assert.strictEqual(await active(), 'quiz-result-heading');
    assert.strictEqual(await page.textContent('.quiz-verdict'), '合格');
    await page.keyboard.press('Tab');
    assert.strictEqual(await active(), 'quiz-retake');
    await page.keyboard.press('Enter');
    assert.strictEqual(await active(), 'q-k1-a', 'retaking did not put focus on the first answer');
    assert.strictEqual(await page.isChecked('#q-k1-a'), false, 'a retake starts with no answers');
    noProblems(problems);
    await ctx.close();
  });

  test('storage blocked: the test still runs and shows its result, with a notice', async () => {
    const block = () => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    };
    const { ctx, page, problems } = await open('quiz-basics.html', { init: block });
    assert.strictEqual(await page.isVisible('#quiz-storage'), true, 'no notice that results are not kept');
    await answerBasics(page, ['report']);
    const r = await submit(page);
    assert.strictEqual(r.verdict, '合格');
    assert.match(r.text, /得点 80点/);
    assert.match(await page.textContent('#quiz-state'), /今回の結果: 合格/);
    noProblems(problems);
    await ctx.close();
  });

  test('a result survives a reload and a rebuild, and shows as progress on the lesson and home pages', async () => {
    const ctx = await lib.newContext(browser);
    const { page, problems } = await open('quiz-basics.html', { context: ctx });
    await answerBasics(page);
    await submit(page);
    await page.reload();
    assert.match(await page.textContent('#quiz-state'), /前回の結果: 合格（100点/);

    await page.goto(lib.fileUrl(fixture, 'first-start.html'));
    await page.waitForFunction(() => document.querySelector('.lesson-quiz .quiz-status').textContent !== '');
    assert.strictEqual(await page.textContent('.lesson-quiz .quiz-status'), '合格済み');
    await page.goto(lib.fileUrl(fixture, 'second-more.html'));
    await page.waitForFunction(() => document.querySelector('.lesson-quiz .quiz-status').textContent !== '');
    assert.strictEqual(await page.textContent('.lesson-quiz .quiz-status'), '未受験');
    await page.goto(lib.fileUrl(fixture, 'index.html'));
    await page.waitForSelector('.quiz-progress-summary', { state: 'visible' });
    assert.strictEqual(await page.textContent('.quiz-progress-summary'), '7件中 1件 合格');
    await page.goto(lib.fileUrl(fixture, 'quizzes.html'));
    assert.strictEqual(await page.textContent('.quiz-status[data-quiz-page="quiz-basics.html"]'), '合格済み');
    assert.strictEqual(await page.textContent('.quiz-status[data-quiz-page="quiz-survey.html"]'), '未受験');

    const bin = process.env.KENSHU_BIN, src = process.env.KENSHU_FIXTURE_SRC;
    if (bin && src) {
      // The same course with changed content: a new build id, the same site id.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-quiz-'));
      try {
        fs.cpSync(src, path.join(tmp, 'src'), { recursive: true });
        fs.appendFileSync(path.join(tmp, 'src', 'content', 'index.md'), '\n改訂しました。\n');
        execFileSync(bin, ['build', '-C', path.join(tmp, 'src'), '-o', path.join(tmp, 'out'), '--no-zip', '-q']);
        const root = fs.realpathSync(path.join(tmp, 'out'));
        const before = await page.evaluate(() => window.kenshu.build);
        const rebuilt = await ctx.newPage();
        lib.watch(rebuilt, root, () => 'rebuilt quiz-basics.html', problems);
        await rebuilt.goto(lib.fileUrl(root, 'quiz-basics.html'));
        assert.notStrictEqual(await rebuilt.evaluate(() => window.kenshu.build), before, 'the rebuild kept the build id');
        assert.match(await rebuilt.textContent('#quiz-state'), /前回の結果: 合格（100点/, 'the result did not survive a rebuild');
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
    noProblems(problems);
    await ctx.close();
  });
});
