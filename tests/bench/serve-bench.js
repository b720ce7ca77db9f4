'use strict';
// Figures of "kenshu serve", printed as "name=value" lines for tests/bench/serve.sh:
//
//     node tests/bench/serve-bench.js KENSHU COURSE DBDIR RECORDS RUNS
//
// records_per_second: RECORDS records posted by 40 clients at once over loopback (keep-alive
// connections, as browsers keep them) to "kenshu serve --records DBDIR/bench.sqlite -C COURSE"
// (the course built beforehand), each acknowledged only once it is on the disk, over the
// wall time from the first request to the last answer.
//
// reload_ms_median, reload_ms_min, reload_ms_max: the preview of COURSE ("kenshu serve -C
// COURSE") with a lesson open in headless Chromium; RUNS times, the lesson's file is saved as
// an editor saves it (written anew, renamed over the old) with one more sentence, and the time
// is taken from just before the rename until the reloaded page shows the sentence.
//
// Needs /usr/bin/chromium (or KENSHU_CHROMIUM) and playwright-core in tests/browser.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawn, execFileSync } = require('node:child_process');
const { chromium } = require(path.join(__dirname, '..', 'browser', 'node_modules', 'playwright-core'));

const [kenshu, course, dbdir, nrecords, nruns] = process.argv.slice(2);
const CLIENTS = 40;

function serve(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(kenshu, ['serve', ...args, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolve({ proc, port: Number(m[1]), log: () => err });
    });
    proc.on('exit', (code) => reject(new Error(`kenshu serve exited with ${code}: ${err}`)));
  });
}

function stop(server) {
  return new Promise((resolve) => { server.proc.on('exit', resolve); server.proc.kill('SIGINT'); });
}

function record(i) {
  return JSON.stringify({
    type: 'quiz', site: 'bench', quiz: `t${i % 5}`, title: `テスト${i % 5}`, score: i % 101, max: 100,
    pass: 80, result: i % 101 >= 80 ? 'pass' : 'fail', attempt: 1 + (i % 3),
    date: '2026-04-01T10:00:00+09:00', recorded: `2026-04-01T10:${String(i % 60).padStart(2, '0')}:00+09:00`,
    integrity: 'self-reported', course: 'ベンチ研修', uid: `bench-${i}`,
    learner: { employee_id: String(10000 + (i % 3000)), name: `受講者${i % 3000}`, branch: `支店${i % 20}` },
  });
}

async function records() {
  const server = await serve(['--records', path.join(dbdir, 'bench.sqlite'), '-C', course]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let next = 0;
  const total = Number(nrecords);
  const post = (body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/records', method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  async function client() {
    while (next < total) await post(record(next++));
  }
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  await stop(server);
  console.log(`records_seconds=${seconds.toFixed(3)}`);
  console.log(`records_per_second=${Math.round(total / seconds)}`);
}

function median(v) {
  const s = v.slice().sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function reload() {
  const lessons = path.join(course, 'content', 'lessons');
  const module = fs.readdirSync(lessons).filter((n) => fs.statSync(path.join(lessons, n)).isDirectory()).sort()[0];
  const file = path.join(lessons, module, fs.readdirSync(path.join(lessons, module)).filter((n) => n.endsWith('.md')).sort()[0]);
  const server = await serve(['-C', course]);
  const browser = await chromium.launch({
    executablePath: process.env.KENSHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const page = await browser.newPage();
  const base = `http://127.0.0.1:${server.port}/`;
  // The lesson's page: the one the build titled with the lesson's title.
  const title = /^title:\s*(.+)$/m.exec(fs.readFileSync(file, 'utf8'))[1].trim();
  const site = path.join(course, 'public');
  const name = fs.readdirSync(site).find((n) => n.endsWith('.html') &&
    fs.readFileSync(path.join(site, n), 'utf8').includes(`<title>${title} |`));
  await page.goto(base + name);
  const original = fs.readFileSync(file, 'utf8');
  const times = [];
  for (let i = 0; i < Number(nruns); i++) {
    const mark = `ベンチの保存${i}です。`;
    const tmp = path.join(path.dirname(file), `.bench-${i}.tmp`);
    fs.writeFileSync(tmp, `${original}\n\n${mark}\n`);
    const start = process.hrtime.bigint();
    fs.renameSync(tmp, file);
    await page.waitForFunction((m) => document.body.textContent.includes(m), mark, { polling: 'raf', timeout: 10000 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    await new Promise((r) => setTimeout(r, 200));
  }
  fs.writeFileSync(file, original);
  await browser.close();
  await stop(server);
  console.log(`reload_ms_median=${median(times).toFixed(0)}`);
  console.log(`reload_ms_min=${Math.min(...times).toFixed(0)}`);
  console.log(`reload_ms_max=${Math.max(...times).toFixed(0)}`);
}

(async () => {
  execFileSync(kenshu, ['build', '-q', '-C', course, '--no-zip']);
  await records();
  await reload();
})().catch((e) => { console.error(e); process.exit(1); });
