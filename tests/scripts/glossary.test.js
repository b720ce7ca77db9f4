'use strict';
// glossary.js's core: where a term's definition pops up, and when a tap shows it.
const test = require('node:test');
const assert = require('node:assert');
const { glossary } = require('./assets.js');

const desktop = { width: 1280, height: 800 };
const phone = { width: 360, height: 740 };

test('below the term, aligned with it', () => {
  assert.deepStrictEqual(glossary.position({ left: 100, top: 200, bottom: 220 }, { width: 300, height: 80 }, desktop),
    { left: 100, top: 226 });
});

test('above the term near the bottom of the window, below it again when there is no room above either', () => {
  assert.deepStrictEqual(glossary.position({ left: 100, top: 700, bottom: 720 }, { width: 300, height: 120 }, desktop),
    { left: 100, top: 574 });
  assert.deepStrictEqual(glossary.position({ left: 100, top: 50, bottom: 70 }, { width: 300, height: 760 }, desktop),
    { left: 100, top: 76 });
});

test('on a phone the popup stays inside the screen', () => {
  const width = glossary.maxWidth(phone.width);
  assert.strictEqual(width, 344);
  assert.deepStrictEqual(glossary.position({ left: 300, top: 100, bottom: 120 }, { width, height: 100 }, phone),
    { left: 8, top: 126 });
  assert.deepStrictEqual(glossary.position({ left: 2, top: 100, bottom: 120 }, { width: 100, height: 100 }, phone),
    { left: 8, top: 126 });
  assert.strictEqual(glossary.maxWidth(desktop.width), 360);
});

test('a first tap shows the definition, a second follows the link; mouse and keyboard follow at once', () => {
  assert.strictEqual(glossary.tapShows(1, 'touch', false), true);
  assert.strictEqual(glossary.tapShows(1, 'pen', false), true);
  assert.strictEqual(glossary.tapShows(1, 'touch', true), false);
  assert.strictEqual(glossary.tapShows(1, 'mouse', false), false);
  assert.strictEqual(glossary.tapShows(0, 'touch', false), false, 'Enter on a focused term (detail 0) follows the link');
});
