import assert from 'node:assert/strict';
import { candlesOf, MAX_CANDLES } from '../../src/core/views/build/ticker';
import { xRangeOf, xRangesOf } from '../../src/core/views/build/common';
import { addDays, dayNumber } from '../../src/core/calendar';
import type { DailySeries } from '../../src/core/types';
import { barRange, dayToIso, logTicks, tickLabel, timeTicks, wantsLogScale } from '../../webview/common/axis';

/** Sessions Monday to Friday from `start`, prices 1, 2, 3, … (open = close − 0.5, high = close + 1, low = close − 1). */
function weekdays(start: string, n: number, ohlc = true): DailySeries {
  const dates: string[] = [];
  for (let d = start; dates.length < n; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) dates.push(d);
  }
  const close = dates.map((_, i) => i + 1);
  return {
    symbol: 'T',
    dates,
    close,
    ...(ohlc ? { open: close.map((c) => c - 0.5), high: close.map((c) => c + 1), low: close.map((c) => c - 1) } : {}),
    origin: { kind: 'snapshot', provider: 'test', asOf: dates.at(-1)! },
  } as DailySeries;
}

describe('candles of the ticker panel (src/core/views/build/ticker)', () => {
  it('are daily up to MAX_CANDLES sessions', () => {
    const s = weekdays('2026-01-05', 30);
    const { candles, period } = candlesOf(s, 10, 20);
    assert.equal(period, 'day');
    assert.equal(candles!.length, 20);
    assert.deepEqual(candles![0], { x: dayNumber(s.dates[10]!), o: 10.5, h: 12, l: 10, c: 11 });
  });

  it('aggregate to Monday–Sunday weeks beyond that: first open, highest high, lowest low, last close, at the last session', () => {
    const s = weekdays('2026-01-05', MAX_CANDLES + 50); // 2026-01-05 is a Monday
    const { candles, period } = candlesOf(s, 0, s.dates.length);
    assert.equal(period, 'week');
    assert.equal(candles!.length, Math.ceil(s.dates.length / 5));
    // The first week: sessions 1..5 (Mon 5 Jan to Fri 9 Jan).
    assert.deepEqual(candles![0], { x: dayNumber('2026-01-09'), o: 0.5, h: 6, l: 0, c: 5 });
    assert.equal(candles!.at(-1)!.x, dayNumber(s.dates.at(-1)!));
    assert.equal(candles!.at(-1)!.c, s.close.at(-1));
  });

  it('aggregate to calendar months when even weeks are too many, and are null without open/high/low', () => {
    const s = weekdays('2000-01-03', 5 * (MAX_CANDLES + 10));
    const { candles, period } = candlesOf(s, 0, s.dates.length);
    assert.equal(period, 'month');
    assert.deepEqual(
      candles!.slice(0, 2).map((c) => dayToIso(c.x)),
      ['2000-01-31', '2000-02-29'],
    );
    assert.equal(candles![0]!.o, 0.5);
    assert.equal(candles![0]!.c, 21); // 21 weekdays in January 2000
    assert.deepEqual(candlesOf(weekdays('2026-01-05', 30, false), 0, 30), { candles: null, period: 'day' });
  });
});

describe('x-ranges of the view models (src/core/views/build/common)', () => {
  it('span every part a chart plots, and leave out charts that plot nothing', () => {
    const line = { id: 'a', label: 'a', role: 'miner' as const, points: [[10, 1] as [number, number], [20, 2] as [number, number]] };
    assert.deepEqual(xRangeOf([line], [{ x: 25 }], [[5, 0]]), { min: 5, max: 25 });
    assert.equal(xRangeOf([], [{ ...line, points: [] }]), undefined);
    assert.deepEqual(xRangesOf({ one: [[line]], none: [[]] }), { one: { min: 10, max: 20 } });
  });
});

describe('time axes of the charts (webview/common/axis)', () => {
  it('tick on Mondays for a month, on month starts for a year, on Januaries for a decade, never outside the range', () => {
    const month = timeTicks(dayNumber('2026-04-29'), dayNumber('2026-05-29'));
    assert.deepEqual(month.map(dayToIso), ['2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25']);
    const year = timeTicks(dayNumber('2025-05-29'), dayNumber('2026-05-29'));
    assert.deepEqual(year.map(dayToIso), ['2025-07-01', '2025-09-01', '2025-11-01', '2026-01-01', '2026-03-01', '2026-05-01']);
    const decade = timeTicks(dayNumber('2014-09-17'), dayNumber('2026-08-21'));
    assert.ok(decade.length <= 8 && decade.length >= 4, String(decade.length));
    assert.ok(decade.every((x) => dayToIso(x).endsWith('-01-01')));
    for (const [a, b] of [
      [100, 101],
      [100, 112],
      [100, 160],
      [100, 5000],
    ] as const) {
      const t = timeTicks(a, b);
      assert.ok(t.length >= 1 && t.length <= 8, `${a}..${b}: ${t.length} ticks`);
      assert.ok(t.every((x) => x >= a && x <= b));
    }
    assert.deepEqual(timeTicks(5, 4), []);
    assert.equal(tickLabel(dayNumber('2026-05-04'), 30), '05-04');
    assert.equal(tickLabel(dayNumber('2026-05-01'), 365), '2026-05');
  });

  it('bars get half the narrowest gap of room at each end, so the first and last bars show whole', () => {
    assert.deepEqual(barRange({ min: 10, max: 20 }, [10, 11, 13, 20]), { min: 9.5, max: 20.5 });
    assert.deepEqual(barRange({ min: 10, max: 38 }, [10, 17, 24, 31, 38]), { min: 6.5, max: 41.5 });
    assert.equal(barRange(undefined, []), undefined);
  });

  it('a rebased line spanning more than 30× goes on a log axis with ticks at 1, 2 and 5 × 10ⁿ', () => {
    assert.equal(wantsLogScale([100, 150, 2900]), false);
    assert.equal(wantsLogScale([100, 150, 3100]), true);
    assert.equal(wantsLogScale([0, 5000]), false, 'zero cannot go on a log axis');
    assert.equal(wantsLogScale([NaN, 1, 40]), true);
    assert.deepEqual(logTicks(15, 700), [20, 50, 100, 200, 500]);
    assert.deepEqual(logTicks(0.3, 30000), [1, 10, 100, 1000, 10000]);
    assert.deepEqual(logTicks(0, 10), []);
  });
});
