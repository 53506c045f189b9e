import assert from 'node:assert/strict';
import { intradaySymbols, isUsMarketOpen, newYorkTime } from '../../src/core/marketHours';

describe('US market hours (src/core/marketHours)', () => {
  it('09:30–16:00 New York on weekdays, under daylight and standard time', () => {
    // Tuesday 2026-07-14 (EDT, UTC-4): opens 13:30Z, closes 20:00Z.
    assert.equal(isUsMarketOpen(Date.parse('2026-07-14T13:29:00Z')), false);
    assert.equal(isUsMarketOpen(Date.parse('2026-07-14T13:30:00Z')), true);
    assert.equal(isUsMarketOpen(Date.parse('2026-07-14T19:59:00Z')), true);
    assert.equal(isUsMarketOpen(Date.parse('2026-07-14T20:00:00Z')), false);
    // Tuesday 2026-12-01 (EST, UTC-5): opens 14:30Z, closes 21:00Z.
    assert.equal(isUsMarketOpen(Date.parse('2026-12-01T14:29:00Z')), false);
    assert.equal(isUsMarketOpen(Date.parse('2026-12-01T20:30:00Z')), true);
    assert.equal(isUsMarketOpen(Date.parse('2026-12-01T21:00:00Z')), false);
    // Saturday and Sunday never.
    assert.equal(isUsMarketOpen(Date.parse('2026-12-05T16:00:00Z')), false);
    assert.equal(isUsMarketOpen(Date.parse('2026-12-06T16:00:00Z')), false);
  });

  it('intraday quotes: BTC and crypto at any hour, equities only in the session', () => {
    const crypto = (s: string) => s === 'BTC' || s === 'ETH';
    assert.deepEqual(intradaySymbols(Date.parse('2026-12-05T16:00:00Z'), ['IREN', 'ETH', 'BTC'], crypto), ['BTC', 'ETH']);
    assert.deepEqual(intradaySymbols(Date.parse('2026-12-01T16:00:00Z'), ['IREN', 'ETH'], crypto), ['BTC', 'IREN', 'ETH']);
  });

  it('the New York date around midnight UTC is the previous day', () => {
    assert.deepEqual(newYorkTime(Date.parse('2026-12-02T03:00:00Z')), { date: '2026-12-01', minutes: 22 * 60, weekday: 2 });
    assert.deepEqual(newYorkTime(Date.parse('2026-07-15T02:30:00Z')), { date: '2026-07-14', minutes: 22 * 60 + 30, weekday: 2 });
  });
});
