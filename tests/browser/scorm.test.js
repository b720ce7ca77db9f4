'use strict';
// The SCORM 1.2 package of the fixture course (kenshu build --scorm; run.sh extracts it into
// KENSHU_SCORM) inside a real SCORM 1.2 runtime: scorm-again's Scorm12API set as window.API
// on a harness page that loads a SCO (a test's quiz page, with the launch URL and parameters
// read from imsmanifest.xml) in an iframe, as an LMS does. Passing a test records 'passed'
// and the score, failing records 'failed', and both survive a relaunch through
// cmi.suspend_data into a browser with empty storage. Without an LMS the package is the
// plain site; the other browser tests cover that, since every page loads scorm.js.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lib = require('./lib.js');

const pkg = process.env.KENSHU_SCORM ? fs.realpathSync(process.env.KENSHU_SCORM) : null;
const runtime = path.join(__dirname, 'node_modules', 'scorm-again', 'dist', 'scorm12.js');

let browser;
let harnessDir;

before(async () => {
  if (!pkg) return;
  // An LMS serves the package from its own origin, where the SCO's frame reaches window.API
  // in the LMS's frame; from file:// Chromium allows that only with this switch.
  browser = await lib.launch(['--allow-file-access-from-files']);
  harnessDir = fs.mkdtempSync(path.join(path.dirname(pkg), 'lms-'));
});

after(async () => {
  if (browser) await browser.close();
  if (harnessDir) fs.rmSync(harnessDir, { recursive: true, force: true });
});

// The launch URL of the SCO for a quiz, from the manifest: its resource's href and the
// item's parameters, and the item's mastery score.
function launchOf(quiz) {
  const xml = fs.readFileSync(path.join(pkg, 'imsmanifest.xml'), 'utf8');
  const item = new RegExp(`<item [^>]*identifierref="([^"]+)"[^>]*parameters="(\\?sco=${quiz})">[\\s\\S]*?<adlcp:masteryscore>(\\d+)<`).exec(xml);
  assert.ok(item, `no item for ${quiz} in imsmanifest.xml`);
  const res = new RegExp(`<resource identifier="${item[1]}"[^>]*adlcp:scormtype="sco" href="([^"]+)"`).exec(xml);
  assert.ok(res, `no SCO resource ${item[1]}`);
  return { href: res[1] + item[2], mastery: Number(item[3]) };
}

let harnesses = 0;

// A harness page next to the package: the runtime as window.API, started from the data the
// LMS kept of an earlier session (cmi), and the SCO in an iframe. Every LMS call is logged.
async function launch(quiz, cmi) {
  const { href } = launchOf(quiz);
  const file = path.join(harnessDir, `lms-${++harnesses}.html`);
  const sco = path.relative(harnessDir, path.join(pkg, href)).split(path.sep).join('/');
  fs.writeFileSync(file, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="${pathToFileURL(runtime).href}"></script>
<script>
window.API = new Scorm12API({ logLevel: 5 });
window.lmsCalls = [];
['LMSInitialize', 'LMSSetValue', 'LMSCommit', 'LMSFinish'].forEach(function (name) {
  var real = window.API[name].bind(window.API);
  window.API[name] = function (a, b) {
    var r = real(a, b);
    window.lmsCalls.push([name, a, b === undefined ? null : b, String(r)]);
    return r;
  };
});
var earlier = ${JSON.stringify(cmi || null)};
if (earlier) window.API.loadFromJSON(earlier, '');
</script></head>
<body><iframe id="sco" title="course" src="${sco}" style="width:1000px;height:700px"></iframe></body></html>
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
  await frame.waitForSelector('#quiz-submit');
  return { ctx, page, frame, problems };
}

// What the LMS holds: the values an LMS keeps between sessions, and the calls made.
function lms(page) {
  return page.evaluate(() => {
    const c = window.API.cmi.core;
    return {
      status: c.lesson_status, raw: c.score.raw, min: c.score.min, max: c.score.max,
      // session_time is write-only in SCORM 1.2: the last value set.
      session: (window.lmsCalls.filter((x) => x[1] === 'cmi.core.session_time').pop() || [])[2],
      suspend: window.API.cmi.suspend_data,
      calls: window.lmsCalls.map((x) => x[0]),
      sets: window.lmsCalls.filter((x) => x[0] === 'LMSSetValue').map((x) => [x[1], x[2], x[3]]),
    };
  });
}

// The SCO's window goes away (the learner closes it): pagehide commits and finishes.
async function close(page) {
  await page.evaluate(() => document.getElementById('sco').remove());
  await page.waitForFunction(() => window.lmsCalls.some((x) => x[0] === 'LMSFinish'));
}

// What an LMS keeps of a session and hands to the next launch.
function kept(state) {
  return { core: { lesson_status: state.status, score: { raw: state.raw, min: state.min, max: state.max } }, suspend_data: state.suspend };
}

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

describe('SCORM 1.2 under scorm-again', { skip: pkg ? false : 'KENSHU_SCORM not set' }, () => {
  test('the manifest gives each test its pass mark as mastery score', () => {
    assert.deepStrictEqual(launchOf('basics'), { href: 'quiz-basics.html?sco=basics', mastery: 80 });
    assert.strictEqual(launchOf('partial').mastery, 70);
  });

  test('passing a test records passed and the score, committed, and survives a relaunch', async () => {
    const first = await launch('basics');
    let got = await lms(first.page);
    assert.deepStrictEqual(got.calls.slice(0, 1), ['LMSInitialize']);
    assert.strictEqual(got.status, 'incomplete');
    await answerBasics(first.frame);
    got = await lms(first.page);
    assert.strictEqual(got.status, 'passed');
    assert.deepStrictEqual([got.raw, got.min, got.max], ['100', '0', '100']);
    assert.match(got.session, /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
    assert.strictEqual(got.calls[got.calls.length - 1], 'LMSCommit', 'committed right after the result');
    assert.ok(got.sets.every((s) => s[2] === 'true'), `every value accepted: ${JSON.stringify(got.sets)}`);
    const suspend = JSON.parse(got.suspend);
    assert.strictEqual(suspend.q.basics.b, 100);
    assert.ok(got.suspend.length <= 4096);
    await close(first.page);
    got = await lms(first.page);
    assert.deepStrictEqual(got.calls.slice(-2), ['LMSCommit', 'LMSFinish']);
    noProblems(first.problems);
    await first.ctx.close();

    // Another computer: empty browser storage, only what the LMS kept.
    const again = await launch('basics', kept(got));
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
    assert.strictEqual(after.status, 'passed', 'a relaunch does not undo the result');
    assert.strictEqual(after.raw, '100');
    noProblems(again.problems);
    await again.ctx.close();
  });

  test('failing a test records failed, and a relaunch keeps it', async () => {
    const first = await launch('basics');
    await answerBasics(first.frame, ['update', 'both']);
    let got = await lms(first.page);
    assert.strictEqual(got.status, 'failed');
    assert.strictEqual(got.raw, '60');
    await close(first.page);
    got = await lms(first.page);
    noProblems(first.problems);
    await first.ctx.close();

    const again = await launch('basics', kept(got));
    const stored = await again.frame.evaluate(() => window.kenshu.store.get('quizzes', {}).basics);
    assert.strictEqual(stored.attempts, 1);
    assert.strictEqual(stored.passed, false);
    assert.strictEqual(stored.last.result, 'fail');
    assert.strictEqual((await lms(again.page)).status, 'failed');
    // A second attempt that passes turns the LMS's record to passed.
    await answerBasics(again.frame);
    const after = await lms(again.page);
    assert.deepStrictEqual([after.status, after.raw], ['passed', '100']);
    assert.strictEqual(JSON.parse(after.suspend).q.basics.a, 2);
    noProblems(again.problems);
    await again.ctx.close();
  });

  test('a result for another quiz taken from this SCO does not change its score', async () => {
    const first = await launch('basics');
    const sets = await first.frame.evaluate(() => {
      document.dispatchEvent(new CustomEvent('kenshu:quiz-result', {
        detail: { quiz: 'partial', kind: 'test', score: 100, min: 0, max: 100, pass: 70, passed: true },
      }));
      return null;
    }).then(() => lms(first.page));
    assert.strictEqual(sets.status, 'incomplete');
    assert.strictEqual(sets.raw, '');
    await first.ctx.close();
  });
});
