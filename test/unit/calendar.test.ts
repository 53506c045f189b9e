import assert from 'node:assert/strict';
import { addDays, alignOnCalendar, dayNumber, fromDayNumber, indexAtOrBefore, pricesToReturns, seriesDays, valuesAsOf } from '../../src/core/calendar';

describe('calendar alignment (BTC 7 days a week vs equity sessions)', () => {
  // Fri 2024-01-05, Sat, Sun, Mon 2024-01-08, Tue 2024-01-09
  const btcDates = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-09'];
  const btc = [100, 110, 120, 90, 95];
  const sessions = ['2024-01-05', '2024-01-08', '2024-01-09'];

  it('takes the BTC close as of each session, so Friday→Monday includes the weekend', () => {
    const v = valuesAsOf(sessions, btcDates, btc);
    assert.deepEqual(v, [100, 90, 95]);
    const r = pricesToReturns(v);
    assert.ok(Math.abs(r[0]! - (90 / 100 - 1)) < 1e-15, 'Fri→Mon return spans Sat and Sun');
  });

  it('never uses a later price: a session before the first BTC observation is NaN', () => {
    const v = valuesAsOf(['2024-01-04', '2024-01-05'], btcDates, btc);
    assert.ok(Number.isNaN(v[0]!));
    assert.equal(v[1], 100);
  });

  it('a holiday gap in BTC takes the last observation before it, not the next one', () => {
    const v = valuesAsOf(['2024-01-08'], ['2024-01-05', '2024-01-09'], [100, 200]);
    assert.deepEqual(v, [100]);
  });

  it('lagDays gives a strict cut before the crypto day ends', () => {
    assert.deepEqual(
      valuesAsOf(sessions, btcDates, btc, { lagDays: 1 }),
      [NaN, 120, 90].map((x) => x),
    );
  });

  it('skips missing values back to the last real observation', () => {
    assert.deepEqual(valuesAsOf(['2024-01-08'], btcDates, [100, 110, 120, NaN, 95]), [120]);
  });

  it('maxStalenessDays turns an old observation into NaN', () => {
    const v = valuesAsOf(['2024-01-20'], btcDates, btc, { maxStalenessDays: 5 });
    assert.ok(Number.isNaN(v[0]!));
  });

  it('alignOnCalendar drops sessions before the other series starts', () => {
    const a = alignOnCalendar({ dates: ['2024-01-04', ...sessions], values: [1, 2, 3, 4] }, { dates: btcDates, values: btc });
    assert.deepEqual(a.dates, sessions);
    assert.deepEqual(a.base, [2, 3, 4]);
    assert.deepEqual(a.other, [100, 90, 95]);
  });

  it('rejects mismatched lengths and malformed dates clearly', () => {
    assert.throws(() => valuesAsOf(sessions, btcDates, [1, 2]), /5 dates but 2 values/);
    assert.throws(() => dayNumber('2024-13-01'), /not a calendar date/);
    assert.throws(() => dayNumber('24-1-1'), /not a YYYY-MM-DD date/);
    for (const bad of ['2023-02-29', '2024-04-31', '2024-00-10', '2024-01-00', '2024-01-1x', '2024/01/10'])
      assert.throws(() => dayNumber(bad), RangeError, bad);
  });

  it('dayNumber is exact against Date.UTC every day from 1900 to 2100, and fromDayNumber inverts it', () => {
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const d = dayNumber(iso);
      if (d !== t / 86_400_000 || fromDayNumber(d) !== iso) assert.fail(`${iso}: ${d}`);
    }
    assert.equal(dayNumber('2000-02-29'), 11016);
  });

  it('seriesDays: the producer’s own day numbers, else converted once per dates array', () => {
    const dates = ['2024-01-05', '2024-01-08'];
    const a = seriesDays({ dates });
    assert.deepEqual([...a], [19727, 19730]);
    assert.equal(seriesDays({ dates }), a, 'kept for the same array');
    const own = Int32Array.of(1, 2);
    assert.equal(seriesDays({ dates, days: own }), own);
  });

  it('date helpers', () => {
    assert.equal(addDays('2024-02-28', 2), '2024-03-01');
    assert.equal(indexAtOrBefore(btcDates, '2024-01-07'), 2);
    assert.equal(indexAtOrBefore(btcDates, '2024-01-01'), -1);
    assert.equal(indexAtOrBefore(btcDates, '2030-01-01'), 4);
  });
});
