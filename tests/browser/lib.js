'use strict';
// Shared helpers for the browser tests: launching Debian's Chromium through playwright-core,
// finding the extracted sites that run.sh prepared, and crawling a site opened from file://.
// CommonJS and Node 18 compatible on purpose (a fresh Debian 12 has nodejs 18).

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.KENSHU_CHROMIUM || '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

// extraArgs: further Chromium switches for one suite (the SCORM test needs file:// frames to
// reach each other, as http:// frames of one LMS do).
function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Belt and braces: no host name ever resolves, so nothing can leave this machine.
      '--host-resolver-rules=MAP * ~NOTFOUND', ...extraArgs],
  });
}

// One context for the whole run. A request that would leave file:// is recorded by watch()
// (the 'request' event fires first) and then aborted here, so a regression never reaches the
// network; WebSockets are closed without connecting. options: more of Playwright's context
// options (a time zone).
async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(15000);
  await context.route((url) => !['file:', 'data:', 'blob:'].includes(url.protocol), (route) => route.abort('blockedbyclient'));
  if (typeof context.routeWebSocket === 'function') await context.routeWebSocket(() => true, (ws) => ws.close());
  return context;
}

// The extracted site folders, from KENSHU_SITES="dir1:dir2" (set by run.sh).
function sitesFromEnv() {
  const list = (process.env.KENSHU_SITES || '').split(':').filter(Boolean);
  return list.map((dir) => {
    const root = fs.realpathSync(dir);
    return { root, name: path.basename(root) };
  });
}

// The extracted fixture site (KENSHU_FIXTURE), or null when not set.
function fixtureFromEnv() {
  const dir = process.env.KENSHU_FIXTURE;
  return dir ? fs.realpathSync(dir) : null;
}

// Every *.html file under root, as paths relative to root with '/' separators.
function htmlFiles(root) {
  const out = [];
  (function walk(dir) {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && /\.html?$/i.test(ent.name)) out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  })(root);
  return out.sort();
}

function fileUrl(root, rel) {
  return pathToFileURL(path.join(root, rel)).href;
}

// The path of a file: URL relative to root ('/'-separated), or null when the URL is not a
// file: URL inside root.
function relInside(root, href) {
  let u;
  try { u = new URL(href); } catch { return null; }
  if (u.protocol !== 'file:') return null;
  let p;
  try { p = fileURLToPath(u); } catch { return null; }
  const rel = path.relative(root, p);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

function decodeFragment(frag) {
  try { return { ok: true, value: decodeURIComponent(frag) }; } catch { return { ok: false, value: frag }; }
}

// Attach request, console and error recorders to a page. `where()` names the page being loaded
// and the pass (desktop or phone) so a failure says where it happened.
function watch(page, root, where, problems) {
  page.on('request', (req) => {
    const url = req.url();
    let scheme = '';
    try { scheme = new URL(url).protocol; } catch { scheme = '?'; }
    if (scheme === 'file:') {
      if (relInside(root, url) === null) problems.push(`${where()}: request for a file outside the site: ${url}`);
    } else if (scheme === 'data:') {
      if (req.resourceType() !== 'image') problems.push(`${where()}: ${req.resourceType()} request for a data: URL: ${url.slice(0, 80)}`);
    } else {
      problems.push(`${where()}: outside request (${req.resourceType()}): ${url}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A load the page itself gave up on, because the learner moved to another page before a
    // script (the search index) had arrived, is no fault; a missing file is ERR_FILE_NOT_FOUND.
    if (req.failure() && req.failure().errorText === 'net::ERR_ABORTED') return;
    problems.push(`${where()}: request failed (${req.failure() ? req.failure().errorText : '?'}): ${req.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.push(`${where()}: console error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`${where()}: page error: ${err.message}`));
  page.on('websocket', (ws) => problems.push(`${where()}: WebSocket opened: ${ws.url()}`));
}

// What the tests need from one loaded page, gathered in the page itself.
function inspectPage() {
  const ids = new Set();
  for (const el of document.querySelectorAll('[id]')) ids.add(el.id);
  for (const el of document.querySelectorAll('a[name]')) ids.add(el.getAttribute('name'));
  const links = [];
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    links.push({ raw: a.getAttribute('href'), abs: a.href, text: (a.textContent || '').trim().slice(0, 40) });
  }
  const sheets = Array.from(document.styleSheets).map((s) => s.href || '(inline)');
  const bodyStyle = getComputedStyle(document.body);
  return {
    url: location.href,
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    ids: Array.from(ids),
    links,
    sheets,
    lineHeight: bodyStyle.lineHeight,
    bodyMargin: bodyStyle.marginTop,
  };
}

// Horizontal overflow at the current viewport: the widths, and when the page scrolls sideways,
// the outermost elements that stick out past the right edge (to say what to fix).
function measureOverflow() {
  const de = document.documentElement;
  const limit = de.clientWidth;
  const culprits = [];
  if (de.scrollWidth > limit) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const pr = el.parentElement.getBoundingClientRect();
      if (r.right > limit + 0.5 && pr.right <= limit + 0.5 && r.width > 0) {
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        culprits.push(`<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> right=${Math.round(r.right)}px "${(el.textContent || '').trim().slice(0, 30)}"`);
        if (culprits.length >= 5) break;
      }
    }
  }
  return { scrollWidth: de.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth, culprits };
}

// Crawl one extracted site opened from file://, starting at index.html and following every
// <a href> that stays inside the site; then load every reached page again at phone width.
// Returns everything the tests assert on; it never throws for a broken site, it records.
async function crawlSite(context, root) {
  const problems = []; // outside requests, failed requests, console and page errors
  const brokenLinks = [];
  const pages = new Map(); // rel -> inspectPage() result
  const loadErrors = [];
  const fragmentChecks = []; // {from, raw, target, fragment}
  let current = '(none)';
  let pass = 'desktop';
  const page = await context.newPage();
  watch(page, root, () => `${current} [${pass}]`, problems);

  const queue = ['index.html'];
  const seen = new Set(queue);
  await page.setViewportSize(DESKTOP);
  while (queue.length) {
    const rel = queue.shift();
    current = rel;
    try {
      await page.goto(fileUrl(root, rel), { waitUntil: 'load' });
    } catch (err) {
      loadErrors.push(`${rel}: failed to load: ${err.message.split('\n')[0]}`);
      continue;
    }
    const info = await page.evaluate(inspectPage);
    pages.set(rel, info);
    for (const link of info.links) {
      const where = `${rel}: link "${link.raw}" ("${link.text}")`;
      let u;
      try { u = new URL(link.abs); } catch { brokenLinks.push(`${where}: not a valid URL`); continue; }
      if (u.protocol === 'javascript:') { brokenLinks.push(`${where}: javascript: URL`); continue; }
      if (u.protocol !== 'file:') continue; // an author's link to the web or mailto:, not followed
      const target = relInside(root, u.href);
      if (target === null) { brokenLinks.push(`${where}: points outside the site (${u.href})`); continue; }
      const abs = path.join(root, target);
      let st = null;
      try { st = fs.statSync(abs); } catch { /* missing */ }
      if (!st) { brokenLinks.push(`${where}: target file ${target} does not exist`); continue; }
      if (!st.isFile()) { brokenLinks.push(`${where}: target ${target} is a folder, not a file`); continue; }
      const isHtml = /\.html?$/i.test(target);
      if (u.hash && u.hash !== '#') {
        if (isHtml) fragmentChecks.push({ where, target, fragment: u.hash.slice(1) });
        // A PDF's page number is the one fragment a file other than a page may carry.
        else if (!(/\.pdf$/i.test(target) && /^#page=[1-9][0-9]*$/.test(u.hash))) {
          brokenLinks.push(`${where}: #fragment on a non-HTML target ${target}`);
        }
      }
      if (isHtml && !seen.has(target)) { seen.add(target); queue.push(target); }
    }
  }

  for (const f of fragmentChecks) {
    const info = pages.get(f.target);
    if (!info) continue; // its load error is reported already
    const dec = decodeFragment(f.fragment);
    if (!dec.ok) { brokenLinks.push(`${f.where}: fragment #${f.fragment} is not valid percent-encoded UTF-8`); continue; }
    if (!info.ids.includes(dec.value)) {
      brokenLinks.push(`${f.where}: ${f.target} has no element with id "${dec.value}"`);
    }
  }

  // Phone width: load every reached page again (requests and errors are recorded again too).
  pass = 'phone';
  const overflow = [];
  await page.setViewportSize(PHONE);
  for (const rel of pages.keys()) {
    current = rel;
    try {
      await page.goto(fileUrl(root, rel), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
    } catch (err) {
      loadErrors.push(`${rel} [phone]: failed to load: ${err.message.split('\n')[0]}`);
      continue;
    }
    const m = await page.evaluate(measureOverflow);
    if (m.scrollWidth > m.clientWidth) {
      overflow.push(`${rel}: scrolls sideways at ${PHONE.width}px (scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth})` +
        (m.culprits.length ? `; sticking out: ${m.culprits.join('; ')}` : ''));
    }
  }
  current = '(done)';
  await page.close();

  const all = htmlFiles(root);
  const orphans = all.filter((rel) => !seen.has(rel));
  return { root, pages, brokenLinks, loadErrors, problems, overflow, orphans, htmlCount: all.length };
}

module.exports = {
  launch, newContext, sitesFromEnv, fixtureFromEnv, crawlSite, htmlFiles, fileUrl, relInside,
  decodeFragment, watch, measureOverflow, DESKTOP, PHONE,
};
