'use strict';
// The one date rule of the page scripts (kenshu.dates in assets/kenshu.js): what a learner
// reads on the page and in a file name is their local day and time, and what a machine reads
// carries the UTC offset, across midnight, daylight saving and half-hour zones.
const test = require('node:test');
const assert = require('node:assert');
const { dates } = require('./assets.js').kenshu;
const { inZone } = require('./assets.js');

// A test passed at 00:30 on 2 April in Tokyo is 15:30 on 1 April in UTC.
const AFTER_MIDNIGHT_TOKYO = new Date(Date.UTC(2026, 3, 1, 15, 30, 5));

test('after midnight in Tokyo: the learner\'s day, not UTC\'s', () => {
  inZone('Asia/Tokyo', () => {
    assert.strictEqual(dates.stamp(AFTER_MIDNIGHT_TOKYO), '2026-04-02T00:30:05+09:00');
    assert.strictEqual(dates.show(AFTER_MIDNIGHT_TOKYO.toISOString()), '2026-04-02 00:30');
    assert.strictEqual(dates.day(AFTER_MIDNIGHT_TOKYO), '2026-04-02');
    assert.strictEqual(dates.compact(AFTER_MIDNIGHT_TOKYO), '20260402');
  });
});

test('the same moment in New York is still the evening before, and its offset follows daylight saving', () => {
  inZone('America/New_York', () => {
    assert.strictEqual(dates.stamp(AFTER_MIDNIGHT_TOKYO), '2026-04-01T11:30:05-04:00');
    assert.strictEqual(dates.stamp(new Date(Date.UTC(2026, 0, 15, 17, 0, 0))), '2026-01-15T12:00:00-05:00');
    assert.strictEqual(dates.compact(new Date(Date.UTC(2026, 0, 1, 3, 0, 0))), '20251231');
  });
});

test('offsets with minutes, east and west', () => {
  inZone('Asia/Kathmandu', () => {
    assert.strictEqual(dates.stamp(new Date(Date.UTC(2026, 3, 1, 0, 0, 0))), '2026-04-01T05:45:00+05:45');
  });
  inZone('America/St_Johns', () => {
    assert.strictEqual(dates.stamp(new Date(Date.UTC(2026, 0, 1, 3, 29, 0))), '2025-12-31T23:59:00-03:30');
  });
});

test('a stamp read back is the same moment', () => {
  inZone('America/St_Johns', () => {
    const d = new Date(Date.UTC(2026, 6, 1, 12, 34, 56));
    assert.strictEqual(new Date(dates.stamp(d)).getTime(), d.getTime());
  });
});

test('exports: older UTC times become local, kept stamps and dates stay exactly as kept', () => {
  inZone('Asia/Tokyo', () => {
    assert.strictEqual(dates.exported('2026-04-01T15:30:00.000Z'), '2026-04-02T00:30:00+09:00');
    assert.strictEqual(dates.exported('2026-04-02'), '2026-04-02');
    assert.strictEqual(dates.exported(undefined), undefined);
    // Not a date: left for "kenshu records merge" to refuse at its line.
    assert.strictEqual(dates.exported('yesterday'), 'yesterday');
  });
  // A record kept in Tokyo and exported again on a laptop set to New York keeps its text, so
  // merge still sees the two exports as one record.
  inZone('America/New_York', () => {
    assert.strictEqual(dates.exported('2026-04-02T00:30:00+09:00'), '2026-04-02T00:30:00+09:00');
  });
});

test('what people read: a date alone as given, nothing for what is no date', () => {
  inZone('Asia/Tokyo', () => {
    assert.strictEqual(dates.show('2026-04-02T00:30:00+09:00'), '2026-04-02 00:30');
    assert.strictEqual(dates.show('2026-04-02'), '2026-04-02');
    assert.strictEqual(dates.show('not a date'), '');
    assert.strictEqual(dates.show(undefined), '');
  });
});
