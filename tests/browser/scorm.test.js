'use strict';
// The SCORM packages of the fixture course (kenshu build --scorm, --scorm-version 1.2 and
// 2004; run.sh extracts them into KENSHU_SCORM and KENSHU_SCORM_2004) inside real SCORM
// runtimes: scorm-again's Scorm12API set as window.API, or its Scorm2004API as
// window.API_1484_11, on a harness page that loads an SCO (its launch URL, parameters and
// mastery read from imsmanifest.xml) in an iframe, as an LMS does; the LMS's data of an
// earlier session is loaded into a new runtime for a relaunch, in a browser with empty
// storage (another computer).
//
// In each version: reading a lesson to its end reports it completed, and unticking its box
// incomplete; the home page is completed once opened; passing a test records passed and the
// score, failing records failed; following the site's links inside an SCO carries on its
// session and moves its location; a relaunch brings back the earlier results, the lessons
// read and the page the learner left. Without an LMS the package is the plain site; the
// other browser tests cover that, since every page loads scorm.js.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lib = require('./lib.js');

const runtimes = path.join(__dirname, 'node_modules', 'scorm-again', 'dist');
const VERSIONS = [
  { version: '1.2', env: 'KENSHU_SCORM', runtime: 'scorm12.js', global: 'API', make: 'Scorm12API',
    calls: ['LMSInitialize', 'LMSSetValue', 'LMSCommit', 'LMSFinish'] },
  { version: '2004', env: 'KENSHU_SCORM_2004', runtime: 'scorm2004.js', global: 'API_1484_11', make: 'Scorm2004API',
    calls: ['Initialize', 'SetValue', 'Commit', 'Terminate'] },
];
const [INITIALIZE, SET, COMMIT, FINISH] = [0, 1, 2, 3];

let browser;
let harnessDir;
let harnesses = 0;

before(async () => {
  if (!VERSIONS.some((v) => process.env[v.env])) return;
  // An LMS serves the package from its own origin, where the SCO's frame reaches the API in
  // the LMS's frame; from file:// Chromium allows that only with this switch.
  browser = await lib.launch(['--allow-file-access-from-files']);
  harnessDir = fs.mkdtempSync(path.join(path.dirname(fs.realpathSync(process.env[VERSIONS.find((v) => process.env[v.env]).env])), 'lms-'));
});

after(async () => {
  if (browser) await browser.close();
  if (harnessDir) fs.rmSync(harnessDir, { recursive: true, force: true });
});

// The values kept between sessions, without the empty ones (an LMS has nothing for them).
function pruned(data) {
  const out = {};
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === 'object') {
      const inner = pruned(v);
      if (Object.keys(inner).length) out[k] = inner;
    } else if (v !== '' && v !== undefined && v !== null) {
      out[k] = v;
    }
  }
  return out;
}

for (const v of VERSIONS) {
  const pkg = process.env[v.env] ? fs.realpathSync(process.env[v.env]) : null;
  const is12 = v.version === '1.2';

  // The launch URL of the SCO "?sco=<sco>" from the manifest, its resource's href and the
  // item's parameters, and its mastery (1.2's masteryscore, 2004's minNormalizedMeasure).
  function launchOf(sco) {
    const xml = fs.readFileSync(path.join(pkg, 'imsmanifest.xml'), 'utf8');
    const item = new RegExp(`<item [^>]*identifierref="([^"]+)"[^>]*parameters="(\\?sco=${sco.replace(/\./g, '\\.')})">([\\s\\S]*?)</item>`).exec(xml);
    assert.ok(item, `no item for ${sco} in imsmanifest.xml`);
    const res = new RegExp(`<resource identifier="${item[1]}" type="webcontent" adlcp:${is12 ? 'scormtype' : 'scormType'}="sco" href="([^"]+)"`).exec(xml);
    assert.ok(res, `no SCO resource ${item[1]}`);
    const mastery = /<adlcp:masteryscore>([\d.]+)</.exec(item[3]) || /<imsss:minNormalizedMeasure>([\d.]+)</.exec(item[3]);
    return { href: res[1] + item[2], mastery: mastery ? Number(mastery[1]) : null };
  }

  // A harness page next to the package: the runtime as the LMS's API, started from the data
  // the LMS kept of an earlier session (cmi) and the item's mastery, and the SCO in an iframe
  // short enough that a lesson's end is out of sight. Every LMS call is logged.
  async function launch(sco, cmi) {
    const { href, mastery } = launchOf(sco);
    const start = { ...(cmi || {}) };
    if (mastery !== null) {
      if (is12) start.student_data = { mastery_score: String(mastery) };
      else start.scaled_passing_score = String(mastery);
    }
    const file = path.join(harnessDir, `lms-${++harnesses}.html`);
    const src = path.relative(harnessDir, path.join(pkg, href)).split(path.sep).join('/');
    fs.writeFileSync(file, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="${pathToFileURL(path.join(runtimes, v.runtime)).href}"></script>
<script>
window.${v.global} = new ${v.make}({ logLevel: 5 });
window.lms = window.${v.global};
window.lmsCalls = [];
${JSON.stringify(v.calls)}.forEach(function (name) {
  var real = window.lms[name].bind(window.lms);
  window.lms[name] = function (a, b) {
    var r = real(a, b);
    window.lmsCalls.push([name, a, b === undefined ? null : b, String(r)]);
    return r;
  };
});
window.lms.loadFromJSON(${JSON.stringify(pruned(start))}, '');
</script></head>
<body><iframe id="sco" title="course" src="${src}" style="width:1000px;height:300px"></iframe></body></html>
`);
    const ctx = await lib.newContext(browser);
    const page = await ctx.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(pathToFileURL(file).href);
    const handle = await page.waitForSelector('#sco');
    const frame = await handle.contentFrame();
    await frame.waitForLoadState('load');
    await page.waitForFunction(() => window.lmsCalls.some((x) => x[1] === 'cmi.suspend_data' || x[0].endsWith('Commit')));
    return { ctx, page, frame, problems };
  }

  // What the LMS holds, in one shape for both versions: the values an LMS keeps between
  // sessions, the last session time and exit set (write-only), and the calls made.
  function lms(page) {
    return page.evaluate(([is, names]) => {
      const cmi = window.lms.cmi;
      const last = (el) => (window.lmsCalls.filter((x) => x[0] === names[1] && x[1] === el).pop() || [])[2];
      const state = is ? {
        completion: cmi.core.lesson_status, success: cmi.core.lesson_status, raw: cmi.core.score.raw,
        min: cmi.core.score.min, max: cmi.core.score.max, scaled: null, location: cmi.core.lesson_location,
        session: last('cmi.core.session_time'), exit: last('cmi.core.exit'),
      } : {
        completion: cmi.completion_status, success: cmi.success_status, raw: cmi.score.raw, min: cmi.score.min,
        max: cmi.score.max, scaled: cmi.score.scaled, location: cmi.location,
        session: last('cmi.session_time'), exit: last('cmi.exit'),
      };
      state.suspend = cmi.suspend_data;
      state.calls = window.lmsCalls.map((x) => x[0]);
      state.sets = window.lmsCalls.filter((x) => x[0] === names[1]).map((x) => [x[1], x[2], x[3]]);
      return state;
    }, [is12, v.calls]);
  }

  // What an LMS keeps of a session and hands to the next launch (entry "resume" after exit
  // "suspend").
  function kept(s) {
    const entry = s.exit === 'suspend' ? 'resume' : '';
    const score = { raw: s.raw, min: s.min, max: s.max };
    if (is12) {
      return { core: { lesson_status: s.completion, lesson_location: s.location, entry, score }, suspend_data: s.suspend };
    }
    return { completion_status: s.completion, success_status: s.success, location: s.location, entry,
      score: { ...score, scaled: s.scaled }, suspend_data: s.suspend };
  }

  // The SCO's window goes away (the learner closes it): pagehide commits and finishes.
  async function close(page) {
    await page.evaluate(() => document.getElementById('sco').remove());
    await page.waitForFunction((name) => window.lmsCalls.some((x) => x[0] === name), v.calls[FINISH]);
  }

  // A test's status as each version keeps it: 1.2's lesson_status, 2004's completion and success.
  function testStatus(s) {
    return is12 ? s.completion : `${s.completion}/${s.success}`;
  }
  const PASSED = is12 ? 'passed' : 'completed/passed';
  const FAILED = is12 ? 'failed' : 'completed/failed';

  async function answerBasics(frame, wrong = []) {
    const right = { update: ['a'], both: ['a', 'b'], mail: ['false'], share: ['b'], report: ['a'] };
    const bad = { update: ['b'], both: ['a'], mail: ['true'], share: ['a'], report: ['c'] };
    for (const id of Object.keys(right)) {
      for (const cid of wrong.includes(id) ? bad[id] : right[id]) await frame.check(`#q-${id}-${cid}`);
    }
    await frame.click('#quiz-submit');
    await frame.waitForSelector('#quiz-result', { state: 'visible' });
  }

  function noProblems(problems) {
    assert.deepStrictEqual(problems, [], `console or page errors:\n  ${problems.join('\n  ')}`);
  }
  function accepted(got) {
    assert.ok(got.sets.every((s) => s[2] === 'true'), `every value accepted: ${JSON.stringify(got.sets)}`);
  }

  describe(`SCORM ${v.version} under scorm-again`, { skip: pkg ? false : `${v.env} not set (run through run.sh)` }, () => {
    test('the manifest launches each SCO at its page and gives each test its pass mark as mastery', () => {
      assert.deepStrictEqual(launchOf('test:basics'),
        { href: 'quiz-basics.html?sco=test:basics', mastery: is12 ? 80 : 0.8 });
      assert.strictEqual(launchOf('test:partial').mastery, is12 ? 70 : 0.7);
      assert.deepStrictEqual(launchOf('lesson:first-start.html'),
        { href: 'first-start.html?sco=lesson:first-start.html', mastery: null });
      assert.deepStrictEqual(launchOf('home'), { href: 'index.html?sco=home', mastery: null });
      assert.deepStrictEqual(launchOf('survey:survey'), { href: 'quiz-survey.html?sco=survey:survey', mastery: null });
    });

    test('the home page is completed once opened', async () => {
      const home = await launch('home');
      const got = await lms(home.page);
      assert.strictEqual(got.calls[0], v.calls[INITIALIZE]);
      assert.strictEqual(got.completion, 'completed');
      assert.strictEqual(got.location, 'index.html');
      accepted(got);
      noProblems(home.problems);
      await home.ctx.close();
    });

    test('a lesson read to its end is completed; its box unticked, incomplete again', async () => {
      const first = await launch('lesson:first-other.html');
      let got = await lms(first.page);
      assert.strictEqual(got.completion, 'incomplete', 'not read before its end is reached');
      await first.frame.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
      await first.page.waitForFunction(() => window.lms.cmi.core ? window.lms.cmi.core.lesson_status === 'completed'
        : window.lms.cmi.completion_status === 'completed');
      got = await lms(first.page);
      assert.deepStrictEqual(JSON.parse(got.suspend).r, ['first-other.html']);
      assert.strictEqual(got.calls[got.calls.length - 1], v.calls[COMMIT], 'committed at once');
      await first.frame.uncheck('#lesson-read');
      got = await lms(first.page);
      assert.strictEqual(got.completion, 'incomplete');
      assert.deepStrictEqual(JSON.parse(got.suspend).r, []);
      accepted(got);
      noProblems(first.problems);
      await first.ctx.close();
    });

    test('a relaunch brings back the lessons read, the results and the page the learner left', async () => {
      const first = await launch('lesson:first-start.html');
      await first.frame.evaluate(() => document.querySelector('.lesson-read').scrollIntoView());
      await first.page.waitForFunction(() => (window.lms.cmi.core ? window.lms.cmi.core.lesson_status
        : window.lms.cmi.completion_status) === 'completed');
      // The site's own link to the next page: the same SCO's session goes on there.
      await first.frame.click('a.pager-next');
      await first.frame.waitForURL(/first-other\.html$/);
      await first.page.waitForFunction((name) => window.lmsCalls.filter((x) => x[0] === name).length === 2, v.calls[INITIALIZE]);
      let got = await lms(first.page);
      assert.strictEqual(got.location, 'first-other.html');
      assert.strictEqual(got.completion, 'completed', 'the lesson the SCO is for stays completed');
      assert.ok(!got.calls.includes(v.calls[FINISH]), 'the session is not finished by following a link');
      await close(first.page);
      got = await lms(first.page);
      assert.deepStrictEqual(got.calls.slice(-2), [v.calls[COMMIT], v.calls[FINISH]]);
      assert.strictEqual(got.exit, 'suspend');
      assert.match(got.session, is12 ? /^\d{4}:\d{2}:\d{2}\.\d{2}$/ : /^PT\d+H\d+M[\d.]+S$/);
      accepted(got);
      noProblems(first.problems);
      await first.ctx.close();

      // Another computer: empty browser storage, only what the LMS kept.
      const again = await launch('lesson:first-start.html', kept(got));
      await again.frame.waitForURL(/first-other\.html$/);
      await again.frame.waitForLoadState('load');
      const state = await again.frame.evaluate(() => ({
        read: Object.keys(window.kenshu.store.get('read', {})),
        marked: Array.from(document.querySelectorAll('.site-nav a.is-read'), (a) => a.getAttribute('href')),
      }));
      assert.deepStrictEqual(state.read, ['first-start.html']);
      assert.deepStrictEqual(state.marked, ['first-start.html']);
      const after = await lms(again.page);
      assert.strictEqual(after.completion, 'completed');
      assert.strictEqual(after.location, 'first-other.html');
      noProblems(again.problems);
      await again.ctx.close();
    });

    test('passing a test records passed and the score, committed, and survives a relaunch', async () => {
      const first = await launch('test:basics');
      let got = await lms(first.page);
      assert.strictEqual(got.completion, 'incomplete');
      await answerBasics(first.frame);
      got = await lms(first.page);
      assert.strictEqual(testStatus(got), PASSED);
      assert.deepStrictEqual([got.raw, got.min, got.max], ['100', '0', '100']);
      if (!is12) assert.strictEqual(got.scaled, '1');
      assert.strictEqual(got.calls[got.calls.length - 1], v.calls[COMMIT], 'committed right after the result');
      accepted(got);
      const suspend = JSON.parse(got.suspend);
      assert.strictEqual(suspend.q.basics.b, 100);
      assert.ok(got.suspend.length <= (is12 ? 4096 : 64000));
      await close(first.page);
      got = await lms(first.page);
      assert.deepStrictEqual(got.calls.slice(-2), [v.calls[COMMIT], v.calls[FINISH]]);
      noProblems(first.problems);
      await first.ctx.close();

      const again = await launch('test:basics', kept(got));
      const state = await again.frame.evaluate(() => ({
        shown: !document.getElementById('quiz-state').hidden,
        text: document.getElementById('quiz-state').textContent,
        stored: window.kenshu.store.get('quizzes', {}).basics,
      }));
      assert.ok(state.shown, 'the earlier result shows on the quiz page');
      assert.match(state.text, /100/);
      assert.strictEqual(state.stored.attempts, 1);
      assert.strictEqual(state.stored.passed, true);
      const after = await lms(again.page);
      assert.strictEqual(testStatus(after), PASSED, 'a relaunch does not undo the result');
      assert.strictEqual(after.raw, '100');
      assert.strictEqual(after.location, 'quiz-basics.html');
      noProblems(again.problems);
      await again.ctx.close();
    });

    test('failing a test records failed, a relaunch keeps it, and a pass later turns it to passed', async () => {
      const first = await launch('test:basics');
      await answerBasics(first.frame, ['update', 'both']);
      let got = await lms(first.page);
      assert.strictEqual(testStatus(got), FAILED);
      assert.strictEqual(got.raw, '60');
      if (!is12) assert.strictEqual(got.scaled, '0.6');
      await close(first.page);
      got = await lms(first.page);
      accepted(got);
      noProblems(first.problems);
      await first.ctx.close();

      const again = await launch('test:basics', kept(got));
      const stored = await again.frame.evaluate(() => window.kenshu.store.get('quizzes', {}).basics);
      assert.strictEqual(stored.attempts, 1);
      assert.strictEqual(stored.passed, false);
      assert.strictEqual(stored.last.result, 'fail');
      assert.strictEqual(testStatus(await lms(again.page)), FAILED);
      await answerBasics(again.frame);
      const after = await lms(again.page);
      assert.deepStrictEqual([testStatus(after), after.raw], [PASSED, '100']);
      assert.strictEqual(JSON.parse(after.suspend).q.basics.a, 2);
      noProblems(again.problems);
      await again.ctx.close();
    });

    test('a result for another quiz taken from this SCO does not change its score', async () => {
      const first = await launch('test:basics');
      await first.frame.evaluate(() => {
        const all = window.kenshu.store.get('quizzes', {});
        all.partial = { kind: 'test', page: 'quiz-partial.html', attempts: 1, best: 100, passed: true, last: null };
        window.kenshu.store.set('quizzes', all);
        document.dispatchEvent(new CustomEvent('kenshu:quiz-result', {
          detail: { quiz: 'partial', kind: 'test', score: 100, min: 0, max: 100, pass: 70, passed: true },
        }));
      });
      const got = await lms(first.page);
      assert.strictEqual(got.completion, 'incomplete');
      assert.strictEqual(got.raw, '');
      assert.strictEqual(JSON.parse(got.suspend).q.partial.b, 100, 'kept for a relaunch all the same');
      await first.ctx.close();
    });
  });
}
