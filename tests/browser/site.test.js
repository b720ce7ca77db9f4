'use strict';
// Every site that run.sh built and extracted from its ZIP (KENSHU_SITES) is opened from file://
// in Chromium, the way a branch office opens the offline bundle, and checked:
//   links and #fragments, no orphan page, no outside request, no script or console error,
//   basic page structure with the stylesheet applied, no sideways scrolling at 360 px;
// and on the fixture course, that a link to a Japanese heading anchor lands on that heading.
// One browser and one context serve the whole run.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib.js');

const sites = lib.sitesFromEnv();
const fixture = lib.fixtureFromEnv();

let browser;
let context;

before(async () => {
  browser = await lib.launch();
  context = await lib.newContext(browser);
});

after(async () => {
  if (browser) await browser.close();
});

function report(list, what) {
  assert.ok(list.length === 0, `${list.length} ${what}:\n  ${list.join('\n  ')}`);
}

test('run.sh gave at least one extracted site (KENSHU_SITES)', () => {
  assert.ok(sites.length > 0, 'KENSHU_SITES is empty: run these tests through tests/browser/run.sh KENSHU');
});

for (const site of sites) {
  describe(`site ${site.name}`, () => {
    let crawl;

    before(async () => {
      crawl = await lib.crawlSite(context, site.root);
    });

    test('every internal link target exists and every #fragment names an id there', () => {
      report(crawl.loadErrors.concat(crawl.brokenLinks), 'broken link(s)');
      assert.ok(crawl.pages.has('index.html'), 'index.html was not loaded');
    });

    test('every HTML page is reachable from index.html (no orphan page)', () => {
      report(crawl.orphans.map((rel) => `${rel}: no link leads here from index.html`), 'orphan page(s)');
    });

    test('no request outside the site, no console or page error', () => {
      report(crawl.problems, 'outside request(s) or error(s)');
    });

    test('each page has <html lang>, a <title>, one <h1> and the stylesheet applied', () => {
      const bad = [];
      for (const [rel, info] of crawl.pages) {
        if (!info.lang || !info.lang.trim()) bad.push(`${rel}: <html> has no lang`);
        if (!info.title || !info.title.trim()) bad.push(`${rel}: empty or missing <title>`);
        if (info.h1 !== 1) bad.push(`${rel}: ${info.h1} <h1> elements, expected exactly 1`);
        if (!info.sheets.some((href) => /\/assets\/style\.css$/.test(href))) {
          bad.push(`${rel}: no stylesheet from assets/style.css (sheets: ${info.sheets.join(', ') || 'none'})`);
        }
        // The default theme sets body { margin: 0; line-height: 1.8 }: the browser defaults are
        // 8px and 'normal', so these say the stylesheet was really loaded and applied.
        if (info.lineHeight === 'normal' || info.bodyMargin !== '0px') {
          bad.push(`${rel}: stylesheet not applied (body line-height ${info.lineHeight}, margin ${info.bodyMargin})`);
        }
      }
      report(bad, 'page structure problem(s)');
    });

    test(`no page scrolls sideways at ${lib.PHONE.width} px`, () => {
      report(crawl.overflow, `page(s) wider than ${lib.PHONE.width} px`);
    });
  });
}

describe('fixture: Japanese heading anchors', { skip: fixture ? false : 'KENSHU_FIXTURE not set' }, () => {
  // Returns where the browser ended up after the click: the decoded hash, the :target element
  // and whether it is on screen.
  async function clickAndLocate(page, fromRel, hrefEnd) {
    await page.goto(lib.fileUrl(fixture, fromRel));
    // Compare hrefs decoded: kenshu may write the fragment raw or percent-encoded.
    const found = await page.evaluate((end) => {
      for (const a of document.querySelectorAll('a[href]')) {
        let h = a.getAttribute('href');
        try { h = decodeURIComponent(h); } catch { /* leave as is */ }
        if (h.endsWith(end)) { a.setAttribute('data-test-click', ''); return true; }
      }
      return false;
    }, hrefEnd);
    assert.ok(found, `${fromRel}: no link whose href (decoded) ends with ${hrefEnd}`);
    const link = page.locator('a[data-test-click]').first();
    await link.click();
    await page.waitForFunction(() => document.readyState === 'complete');
    return page.evaluate(() => {
      const t = document.querySelector(':target');
      const r = t ? t.getBoundingClientRect() : null;
      return {
        path: location.pathname.split('/').pop(),
        hash: decodeURIComponent(location.hash),
        target: t ? { tag: t.tagName.toLowerCase(), id: t.id, text: t.textContent.trim() } : null,
        top: r ? r.top : null,
        scrollY: window.scrollY,
        innerHeight: window.innerHeight,
      };
    });
  }

  test('a link to other.html#見出し from another page lands on that heading', async () => {
    const page = await context.newPage();
    try {
      // lessons/01-first/01-start.md links to [..](02-other.md#見出し) -> first-other.html#%E8%A6%8B...
      const at = await clickAndLocate(page, 'first-start.html', 'first-other.html#見出し');
      assert.strictEqual(at.path, 'first-other.html', `first-start.html: the link led to ${at.path}`);
      assert.strictEqual(at.hash, '#見出し');
      assert.ok(at.target, 'first-other.html#見出し: no element is :target after the click');
      assert.deepStrictEqual([at.target.tag, at.target.id], ['h2', '見出し'],
        `first-other.html#見出し: :target is <${at.target.tag} id="${at.target.id}">, expected the <h2 id="見出し">`);
      assert.ok(at.top >= -1 && at.top < at.innerHeight,
        `first-other.html#見出し: the heading is not on screen after the jump (top ${at.top}px, viewport ${at.innerHeight}px)`);
    } finally {
      await page.close();
    }
  });

  test('a same-page link to #基本のルール targets that heading, and the table of contents links work', async () => {
    const page = await context.newPage();
    try {
      await page.setViewportSize(lib.PHONE); // short viewport: the jump must really scroll
      const at = await clickAndLocate(page, 'first-start.html', '#細かい点');
      assert.strictEqual(at.hash, '#細かい点');
      assert.ok(at.target && at.target.id === '細かい点' && /^h[2-6]$/.test(at.target.tag),
        `first-start.html#細かい点: :target is ${JSON.stringify(at.target)}`);
      assert.ok(at.scrollY > 0, 'first-start.html#細かい点: the page did not scroll to the heading');
      assert.ok(at.top >= -1 && at.top < at.innerHeight, `first-start.html#細かい点: heading off screen (top ${at.top}px)`);

      const back = await clickAndLocate(page, 'first-start.html', '#基本のルール');
      assert.ok(back.target && back.target.id === '基本のルール',
        `first-start.html#基本のルール: :target is ${JSON.stringify(back.target)}`);
    } finally {
      await page.close();
    }
  });
});

describe('fixture: images, PDFs, video and sound beside a lesson', { skip: fixture ? false : 'KENSHU_FIXTURE not set' }, () => {
  test('the image shows from its copy under assets/media, and the PDF link leads to its copy', async () => {
    const page = await context.newPage();
    try {
      await page.goto(lib.fileUrl(fixture, 'second-more.html'));
      const img = await page.evaluate(() => {
        const i = document.querySelector('main img[alt="警告画面の例"]');
        return i && { src: i.getAttribute('src'), width: i.naturalWidth, height: i.naturalHeight };
      });
      assert.ok(img, 'second-more.html: no image with the alt text 警告画面の例');
      assert.match(img.src, /^assets\/media\/[a-z0-9-]+-[0-9a-f]{8}\.png$/);
      assert.deepStrictEqual([img.width, img.height], [40, 20], 'the image did not load');
      const pdf = await page.getAttribute('main a[href*=".pdf"]', 'href');
      assert.match(pdf, /^assets\/media\/[a-z0-9-]+-[0-9a-f]{8}\.pdf#page=2$/);
      const copy = fs.readFileSync(path.join(fixture, pdf.replace(/#.*/, '')));
      assert.strictEqual(copy.subarray(0, 5).toString(), '%PDF-');
    } finally {
      await page.close();
    }
  });

  test('![...](x.mp4) and ![...](x.wav) are players with controls, named by their description, with a link to the copy', async () => {
    const page = await context.newPage();
    try {
      await page.goto(lib.fileUrl(fixture, 'second-more.html'));
      const players = await page.evaluate(() => [...document.querySelectorAll('main video, main audio')].map((m) => ({
        tag: m.localName,
        controls: m.controls,
        label: m.getAttribute('aria-label'),
        src: m.getAttribute('src'),
        fallback: m.querySelector('a') && m.querySelector('a').getAttribute('href'),
        wide: m.getBoundingClientRect().width <= document.querySelector('main').getBoundingClientRect().width,
      })));
      assert.deepStrictEqual(players.map((p) => [p.tag, p.controls, p.label]),
        [['video', true, '不審なメールを報告する手順'], ['audio', true, '朝礼での注意']]);
      for (const p of players) {
        assert.match(p.src, /^assets\/media\/[a-z0-9-]+-[0-9a-f]{8}\.(mp4|wav)$/);
        assert.strictEqual(p.fallback, p.src, `${p.tag}: the download link does not lead to the copy`);
        assert.ok(fs.existsSync(path.join(fixture, p.src)), `${p.src} is not in the extracted ZIP`);
        assert.ok(p.wide, `${p.tag} is wider than the page's main column`);
      }
      // The sound is a real WAV file: it loads from disk.
      const duration = await page.evaluate(() => new Promise((resolve) => {
        const a = document.querySelector('main audio');
        if (a.readyState >= 1) resolve(a.duration);
        a.addEventListener('loadedmetadata', () => resolve(a.duration));
        a.addEventListener('error', () => resolve(-1));
        a.load();
      }));
      assert.ok(duration > 0.05 && duration < 0.2, `the WAV copy did not load (duration ${duration})`);
    } finally {
      await page.close();
    }
  });
});
