/**
 * BTC at the US close (src/core/sampling.ts): the daylight-saving rule, the 16:00 New York cut,
 * sampling from hourly bars built here (DST changeover weeks, weekends and holidays without a
 * session, missing hours), the coverage rule that falls back to the UTC-day close, the pair figures
 * moving in a known direction on constructed data, and the real snapshot hourly bars against the
 * fixture CSVs (fixtures/network/btc-usdt-1h.csv, fixtures/prices/IREN.csv) recomputed here with
 * plain loops and Intl's own New York clock.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { computeReport, type ReportSeries } from '../../src/core/report';
import {
  HOUR_MS,
  MAX_STALE_HOURS,
  describeSampling,
  isUsDaylightTime,
  pricesOnSessions,
  sampleAtUsClose,
  summariseSampling,
  sundayOfMonth,
  usCloseUtcMs,
  usDaylightSaving,
  type HourlySeries,
} from '../../src/core/sampling';
import { Xoshiro128ss } from '../../src/core/scenario/prng';
import type { DailySeries } from '../../src/core/types';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { readHourlyCsv } from '../support/hourly';
import { readPriceCsv, rowOnOrBefore, shiftDate } from '../support/prices';
import { olsBeta, pearson, returns } from '../support/stats';

const origin = { kind: 'snapshot' as const, provider: 'snapshot', asOf: '2025-06-30' };
const ms = (iso: string) => Date.parse(iso);

/** Hourly bars from `from` (inclusive) to `to` (exclusive), hour by hour, without the hours in `skip`. */
function bars(from: string, to: string, price: (t: number) => number, skip: (t: number) => boolean = () => false): HourlySeries {
  const times: number[] = [];
  for (let t = ms(from); t < ms(to); t += HOUR_MS) if (!skip(t)) times.push(t);
  return { symbol: 'BTC', times, close: times.map(price), origin: { ...origin, providerSymbol: 'BTC/USDT' } };
}

/** A bar's close that says which bar it is: its open time in hours since 1970. */
const hourNumber = (t: number) => t / HOUR_MS;

describe('US daylight saving time and the 16:00 New York cut', function () {
  it('second Sunday of March to first Sunday of November since 2007; April to October before', function () {
    assert.deepEqual(usDaylightSaving(2024), { start: '2024-03-10', end: '2024-11-03' });
    assert.deepEqual(usDaylightSaving(2025), { start: '2025-03-09', end: '2025-11-02' });
    assert.deepEqual(usDaylightSaving(2026), { start: '2026-03-08', end: '2026-11-01' });
    assert.deepEqual(usDaylightSaving(2007), { start: '2007-03-11', end: '2007-11-04' });
    // Before the Energy Policy Act of 2005 took effect: first Sunday of April, last Sunday of October.
    assert.deepEqual(usDaylightSaving(2006), { start: '2006-04-02', end: '2006-10-29' });
    assert.deepEqual(usDaylightSaving(1987), { start: '1987-04-05', end: '1987-10-25' });
    assert.throws(() => usDaylightSaving(1986), RangeError);
    assert.equal(sundayOfMonth(2025, 3, 1), 2);
    assert.equal(sundayOfMonth(2025, 11, -1), 30);
    assert.equal(sundayOfMonth(2026, 2, -1), 22);
  });

  it('16:00 New York is 21:00 UTC in winter and 20:00 UTC in summer, switching on the changeover Sundays', function () {
    assert.equal(new Date(usCloseUtcMs('2025-03-07')).toISOString(), '2025-03-07T21:00:00.000Z'); // Friday, EST
    assert.equal(new Date(usCloseUtcMs('2025-03-09')).toISOString(), '2025-03-09T20:00:00.000Z'); // changeover Sunday: EDT from 02:00
    assert.equal(new Date(usCloseUtcMs('2025-03-10')).toISOString(), '2025-03-10T20:00:00.000Z'); // Monday, EDT
    assert.equal(new Date(usCloseUtcMs('2025-10-31')).toISOString(), '2025-10-31T20:00:00.000Z'); // Friday, EDT
    assert.equal(new Date(usCloseUtcMs('2025-11-02')).toISOString(), '2025-11-02T21:00:00.000Z'); // changeover Sunday: EST from 02:00
    assert.equal(new Date(usCloseUtcMs('2025-11-03')).toISOString(), '2025-11-03T21:00:00.000Z'); // Monday, EST
    assert.equal(isUsDaylightTime('2025-03-08'), false);
    assert.equal(isUsDaylightTime('2025-11-01'), true);
    assert.throws(() => usCloseUtcMs('2025-02-30'), RangeError);
  });

  it('agrees with Intl (ICU time zone data) on every day from 2007 to 2035', function () {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    let days = 0;
    for (let d = '2007-01-01'; d <= '2035-12-31'; d = shiftDate(d, 1)) {
      assert.equal(f.format(new Date(usCloseUtcMs(d))), '16:00', d);
      days++;
    }
    assert.equal(days, 10_592);
  });
});

describe('sampling BTC at the US close from hourly bars', function () {
  it('takes the close of the bar that ends at 16:00 New York (opens 15:00), across the March changeover', function () {
    // Thu 03-06 and Fri 03-07 on EST, Mon 03-10 and Tue 03-11 on EDT; no session on the weekend in between.
    const h = bars('2025-03-05T00:00Z', '2025-03-12T00:00Z', hourNumber);
    const s = sampleAtUsClose(['2025-03-06', '2025-03-07', '2025-03-10', '2025-03-11'], h);
    assert.deepEqual(s.values, [ms('2025-03-06T20:00Z'), ms('2025-03-07T20:00Z'), ms('2025-03-10T19:00Z'), ms('2025-03-11T19:00Z')].map(hourNumber));
    assert.deepEqual(s.missing, []);
  });

  it('and across the November changeover (EDT Friday, EST Monday)', function () {
    const h = bars('2025-10-30T00:00Z', '2025-11-05T00:00Z', hourNumber);
    const s = sampleAtUsClose(['2025-10-31', '2025-11-03'], h);
    assert.deepEqual(s.values, [hourNumber(ms('2025-10-31T19:00Z')), hourNumber(ms('2025-11-03T20:00Z'))]);
  });

  it('prices only the equity sessions: the Thursday->Monday return over a holiday weekend holds every hour of it', function () {
    // Good Friday 2025-04-18: no session; BTC trades on. The sessions are Thu 04-17 and Mon 04-21.
    const price = (t: number) => 80_000 + (t - ms('2025-04-17T00:00Z')) / HOUR_MS; // +1 per hour
    const h = bars('2025-04-16T00:00Z', '2025-04-23T00:00Z', price);
    const s = sampleAtUsClose(['2025-04-16', '2025-04-17', '2025-04-21', '2025-04-22'], h);
    assert.deepEqual(s.values, [ms('2025-04-16T19:00Z'), ms('2025-04-17T19:00Z'), ms('2025-04-21T19:00Z'), ms('2025-04-22T19:00Z')].map(price));
    // 96 hours between the Thursday and the Monday close, weekend included.
    assert.equal(s.values[2]! - s.values[1]!, 96);
  });

  it('a missing bar: the latest earlier one, at most MAX_STALE_HOURS before the close; never a later one', function () {
    const gone = new Set([ms('2025-06-03T19:00Z'), ...[16, 17, 18, 19].map((hh) => ms(`2025-06-04T${hh}:00Z`))]);
    const h = bars('2025-06-02T00:00Z', '2025-06-06T00:00Z', hourNumber, (t) => gone.has(t));
    const s = sampleAtUsClose(['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05'], h);
    assert.equal(MAX_STALE_HOURS, 3);
    assert.equal(s.values[0], hourNumber(ms('2025-06-02T19:00Z')));
    assert.equal(s.values[1], hourNumber(ms('2025-06-03T18:00Z')), 'the bar that ended an hour before the close');
    // 06-04: the bars 16:00-20:00 UTC are missing; the one ending 16:00 UTC is 4 h old: no price, not the 20:00 bar after the close.
    assert.ok(Number.isNaN(s.values[2]!));
    assert.deepEqual(s.missing, ['2025-06-04']);
    assert.equal(s.values[3], hourNumber(ms('2025-06-05T19:00Z')));
    // A bar with a bad close does not count.
    const bad = bars('2025-06-02T00:00Z', '2025-06-03T00:00Z', (t) => (t === ms('2025-06-02T19:00Z') ? NaN : hourNumber(t)));
    assert.equal(sampleAtUsClose(['2025-06-02'], bad).values[0], hourNumber(ms('2025-06-02T18:00Z')));
  });
});

describe('where hourly bars cover the window: the US close, else the UTC-day close', function () {
  const sessions = ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-09', '2025-06-10', '2025-06-11', '2025-06-12', '2025-06-13'];
  const daily = { dates: [] as string[], close: [] as number[] };
  for (let d = '2025-05-30'; d <= '2025-06-14'; d = shiftDate(d, 1)) {
    daily.dates.push(d);
    daily.close.push(hourNumber(ms(`${d}T23:00Z`)) + 0.5);
  }
  const h = bars('2025-06-01T00:00Z', '2025-06-15T00:00Z', hourNumber);

  it('covered: every session at its US close', function () {
    const p = pricesOnSessions(sessions, daily, h, 'us-close');
    assert.equal(p.sampling, 'us-close');
    assert.deepEqual(
      p.values,
      sessions.map((d) => hourNumber(ms(`${d}T19:00Z`))),
    );
    assert.deepEqual(p.coverage, {
      window: { from: '2025-06-02', to: '2025-06-13' },
      hourly: { from: '2025-06-01T00:00Z', to: '2025-06-14T23:00Z', source: 'snapshot BTC/USDT' },
      missingCloses: 0,
    });
    assert.match(
      describeSampling(p.sampling, p.coverage),
      /^BTC at the US close \(16:00 New York, from hourly bars: snapshot BTC\/USDT\), sessions 2025-06-02 to 2025-06-13$/,
    );
  });

  it('bars starting after the window starts, or ending before its last close: the UTC-day close, with the reason', function () {
    const late = bars('2025-06-04T00:00Z', '2025-06-15T00:00Z', hourNumber);
    const a = pricesOnSessions(sessions, daily, late, 'us-close');
    assert.equal(a.sampling, 'utc-close');
    assert.deepEqual(
      a.values,
      sessions.map((d) => hourNumber(ms(`${d}T23:00Z`)) + 0.5),
    );
    assert.equal(a.coverage.reason, 'hourly bars start 2025-06-04T00:00Z, after the US close of 2025-06-02 where the window starts');
    const early = bars('2025-06-01T00:00Z', '2025-06-13T19:00Z', hourNumber); // the 13th's 19:00 bar is not in
    const b = pricesOnSessions(sessions, daily, early, 'us-close');
    assert.equal(b.sampling, 'utc-close');
    assert.match(b.coverage.reason!, /hourly bars end 2025-06-13T18:00Z, before the US close of 2025-06-13/);
    // A window long before the bars needs no daylight-saving rule for its dates (1980 has none here).
    assert.equal(pricesOnSessions(['1980-01-02', '1980-01-03'], daily, h, 'us-close').sampling, 'utc-close');
  });

  it('a few closes without a bar are left out (NaN); more than 10% of them: the UTC-day close', function () {
    const gap = (days: string[]) =>
      bars('2025-06-01T00:00Z', '2025-06-15T00:00Z', hourNumber, (t) => days.some((d) => t >= ms(`${d}T15:00Z`) && t < ms(`${d}T21:00Z`)));
    const one = pricesOnSessions(sessions, daily, gap(['2025-06-05']), 'us-close');
    assert.equal(one.sampling, 'us-close');
    assert.equal(one.coverage.missingCloses, 1);
    assert.ok(Number.isNaN(one.values[3]!));
    const two = pricesOnSessions(sessions, daily, gap(['2025-06-05', '2025-06-10']), 'us-close');
    assert.equal(two.sampling, 'utc-close');
    assert.equal(two.coverage.reason, 'hourly bars are missing near 2 of 10 US closes (first 2025-06-05)');
  });

  it('the UTC-day close when chosen, or without hourly bars, saying which', function () {
    assert.equal(
      pricesOnSessions(sessions, daily, h, 'utc-close').coverage.reason,
      'the UTC-day close was chosen (hashpivot.btcSampling utcClose, or --btc-at utc-close)',
    );
    assert.equal(pricesOnSessions(sessions, daily, undefined, 'us-close').coverage.reason, 'no hourly bars');
    assert.equal(
      pricesOnSessions(sessions, daily, undefined, 'us-close', {}, 'no hourly bars (every source failed)').coverage.reason,
      'no hourly bars (every source failed)',
    );
    assert.equal(summariseSampling(['us-close', null, 'us-close']), 'us-close');
    assert.equal(summariseSampling(['us-close', 'utc-close']), 'mixed');
    assert.equal(summariseSampling([null, undefined]), null);
  });
});

describe('pair figures at the US close against the UTC-day close (constructed data, known direction)', function () {
  // A seeded random walk of hourly BTC prices over 2025 H1; the UTC-day close is the 23:00 UTC bar's close.
  const g = new Xoshiro128ss(13);
  const next = () => g.next();
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const hourly: HourlySeries = { symbol: 'BTC', times: [], close: [], origin: { ...origin, providerSymbol: 'BTC/USDT' } };
  let p = 90_000;
  for (let t = ms('2025-01-01T00:00Z'); t < ms('2025-07-01T00:00Z'); t += HOUR_MS) {
    p *= Math.exp(0.007 * normal());
    hourly.times.push(t);
    hourly.close.push(p);
  }
  const closeAt = (t: number) => hourly.close[(t - hourly.times[0]!) / HOUR_MS]!;
  const btcDaily: DailySeries = { symbol: 'BTC', dates: [], close: [], origin };
  for (let d = '2025-01-01'; d <= '2025-06-30'; d = shiftDate(d, 1)) {
    btcDaily.dates.push(d);
    btcDaily.close.push(closeAt(ms(`${d}T23:00Z`)));
  }
  const weekdays = btcDaily.dates.filter((d) => ![0, 6].includes(new Date(`${d}T00:00Z`).getUTCDay()));
  /** An equity whose session closes follow `btcAt(date)` with a little noise of its own. */
  const equity = (btcAt: (d: string) => number): ReportSeries => ({
    assetClass: 'equity',
    series: { symbol: 'EQ', dates: weekdays, close: weekdays.map((d) => (btcAt(d) / 1000) * Math.exp(0.002 * normal())), origin },
  });
  const btc: ReportSeries = { assetClass: 'crypto', series: btcDaily, hourly };
  const asOf = '2025-06-30';

  it('an equity that moves with BTC up to the US close: ρ and β near 1 at the US close, lower with the UTC-day close', function () {
    const eq = equity((d) => closeAt(usCloseUtcMs(d) - HOUR_MS));
    const us = computeReport({ symbol: 'EQ', subject: eq, btc, asOf });
    const utc = computeReport({ symbol: 'EQ', subject: eq, btc, asOf, btcSampling: 'utc-close' });
    assert.equal(us.btcSampling, 'us-close');
    assert.equal(utc.btcSampling, 'utc-close');
    const [ru, bu, rc, bc] = [us.correlation.BTC['90d'], us.beta.BTC['90d'], utc.correlation.BTC['90d'], utc.beta.BTC['90d']];
    assert.ok(ru > 0.97 && Math.abs(bu - 1) < 0.05, `US close: ρ ${ru}, β ${bu}`);
    // The UTC-day return shares only about 20 of its 24 hours with the session's: both figures drop.
    assert.ok(rc < ru - 0.05 && rc > 0.6, `UTC close: ρ ${rc} (US ${ru})`);
    assert.ok(bc < bu - 0.05 && bc > 0.6, `UTC close: β ${bc} (US ${bu})`);
  });

  it("an equity that (by construction) follows BTC's UTC-day close: the other way round", function () {
    const eq = equity((d) => closeAt(ms(`${d}T23:00Z`)));
    const us = computeReport({ symbol: 'EQ', subject: eq, btc, asOf });
    const utc = computeReport({ symbol: 'EQ', subject: eq, btc, asOf, btcSampling: 'utc-close' });
    assert.ok(utc.correlation.BTC['90d'] > 0.97 && us.correlation.BTC['90d'] < utc.correlation.BTC['90d'] - 0.05);
  });

  it("BTC's own report: its pair with the NASDAQ-100 uses the index sessions, at the US close", function () {
    const ndx: ReportSeries = { ...equity((d) => closeAt(usCloseUtcMs(d) - HOUR_MS)), assetClass: 'index' };
    const rep = computeReport({ symbol: 'BTC', subject: btc, btc, ndx, asOf });
    assert.equal(rep.btcSampling, 'us-close');
    assert.ok(rep.correlation.NDX['90d'] > 0.97);
    assert.ok(Math.abs(rep.correlation.BTC['90d'] - 1) < 1e-12);
    // A seven-day subject against BTC: UTC days on both sides, said so.
    const eth = computeReport({ symbol: 'ETH', subject: { assetClass: 'crypto', series: { ...btcDaily, symbol: 'ETH' } }, btc, asOf });
    assert.equal(eth.btcSampling, 'utc-close');
    assert.equal(eth.btcSamplingCoverage?.reason, 'both series trade every day (UTC days)');
  });
});

describe('the snapshot hourly bars: IREN against BTC at the US close, as of 2025-12-02, recomputed from the CSVs', function () {
  it('the window, the BTC closes and ρ, β match a plain-loop recomputation that reads the New York clock from Intl', function () {
    const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'), { values: 'source' });
    const hourly = snap.hourly('BTC')!;
    const iren: ReportSeries = { assetClass: 'equity', series: snap.get('IREN')! };
    const btc: ReportSeries = { assetClass: 'crypto', series: snap.get('BTC')!, hourly };
    const rep = computeReport({ symbol: 'IREN', subject: iren, btc, asOf: '2025-12-02' });
    assert.equal(rep.btcSampling, 'us-close');

    // Reference: the IREN rows of the window; for each, the CSV bar whose New York open is 15:00 that day.
    const csv = readPriceCsv('IREN');
    const start = rowOnOrBefore(csv, shiftDate('2025-12-02', -90));
    const end = rowOnOrBefore(csv, '2025-12-02');
    const dates = csv.dates.slice(start, end + 1);
    const h = readHourlyCsv();
    const ny = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    const byNyHour = new Map<string, number>();
    h.times.forEach((t, i) => {
      const parts = Object.fromEntries(ny.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      if (parts.hour === '15') byNyHour.set(`${parts.year}-${parts.month}-${parts.day}`, h.close[i]!);
    });
    const btcAtClose = dates.map((d) => byNyHour.get(d)!);
    assert.ok(btcAtClose.every((x) => x > 0));
    assert.deepEqual(rep.btcSamplingCoverage?.window, { from: dates[0], to: dates.at(-1) });
    assert.equal(rep.btcSamplingCoverage?.missingCloses, 0);
    const r = returns(csv.close.slice(start, end + 1));
    const b = returns(btcAtClose);
    const tol = (x: number) => 1e-10 * Math.max(1, Math.abs(x));
    assert.ok(Math.abs(rep.correlation.BTC['90d'] - pearson(r, b)) < tol(pearson(r, b)), `ρ ${rep.correlation.BTC['90d']} vs ${pearson(r, b)}`);
    assert.ok(Math.abs(rep.beta.BTC['90d'] - olsBeta(r, b)) < tol(olsBeta(r, b)), `β ${rep.beta.BTC['90d']} vs ${olsBeta(r, b)}`);

    // Before the hourly bars start (2024-06-01): the UTC-day close, and why.
    const old = computeReport({ symbol: 'IREN', subject: iren, btc, asOf: '2024-07-15' });
    assert.equal(old.btcSampling, 'utc-close');
    assert.match(old.btcSamplingCoverage!.reason!, /^hourly bars start 2024-06-01T00:00Z, after the US close of 2024-04-16 where the window starts$/);
  });
});
