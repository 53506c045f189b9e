/**
 * The per-symbol report (src/core/report.ts) on the real snapshot series, checked against values
 * computed here independently, straight from the fixture CSVs (fixtures/prices) with
 * plain loops: IREN (an equity, 252 periods a year) and BTC (7 days a week, 365) as of 2025-12-02,
 * the NASDAQ-100 being QQQ there (the ^NDX file ends 2022-03-01).
 *
 * Conventions the code follows (and these expectations restate):
 * - close: the last close dated on or before as-of; change over N days: against the close on or
 *   before as-of minus N calendar days;
 * - drawdown: prices dated from `from` (default as-of - 365) to as-of, the first one the first peak;
 * - volatility over N days: the closes from the one on or before as-of - N to as-of, simple returns,
 *   std with ddof 1, times sqrt(ppy);
 * - correlation and beta over 90 days: on the equity's sessions in that window (the BTC close taken
 *   as of each session date, never a later one); BTC against the NASDAQ-100 on the index's sessions;
 * - VaR95 / CVaR95: the returns of the 365-day window, type-7 quantile at 5%, mean of the
 *   floor((n-1)*0.05)+1 smallest.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DailySeries } from '../../src/core/types';
import {
  alignedWindowReturns,
  changeOver,
  closeAsOf,
  computeReport,
  ReportError,
  reportToJson,
  sessionChange,
  windowPrices,
  type ReportSeries,
  type SymbolReport,
} from '../../src/core/report';
import { loadSnapshotFile, type Snapshot } from '../../src/data/snapshot';
import { readPriceCsv, rowOnOrBefore, shiftDate, type CsvSeries } from '../support/prices';
import { meanOf, olsBeta, pearson, returns, stdOf } from '../support/stats';

const AS_OF = '2025-12-02';

let snap: Snapshot | undefined;
function snapshotSeries(key: string): DailySeries {
  // `values: 'source'`: exactly the CSV's doubles (float32 noise included), so the two sides can agree
  // to rounding; the default decoding gives the shortest decimals, about 1e-7 away.
  snap ??= loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'), { values: 'source' });
  const s = snap.get(key);
  assert.ok(s, `snapshot has no ${key}`);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Independent reference computations (plain loops over the CSV rows)

interface Rows {
  dates: string[];
  close: number[];
}

function closeOn(s: Rows, date: string): number {
  const i = rowOnOrBefore(s, date);
  return i < 0 ? NaN : s.close[i]!;
}

/** Rows from the one on or before `asOf - days` to the one on or before `asOf`. */
function window(s: Rows, asOf: string, days: number): Rows {
  const end = rowOnOrBefore(s, asOf);
  const start = Math.max(0, rowOnOrBefore(s, shiftDate(asOf, -days)));
  return { dates: s.dates.slice(start, end + 1), close: s.close.slice(start, end + 1) };
}

function type7(xs: readonly number[], p: number): number {
  const s = [...xs].sort((x, y) => x - y);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

function kSmallestMean(xs: readonly number[], p: number): number {
  const s = [...xs].sort((x, y) => x - y);
  const k = Math.floor((s.length - 1) * p) + 1;
  return meanOf(s.slice(0, k));
}

/** Prices of `other` as of each of `dates`: the last row dated on or before it. */
function asOfEach(dates: readonly string[], other: Rows): number[] {
  return dates.map((d) => closeOn(other, d));
}

interface Expected {
  close: number;
  change: { '1d': number; '7d': number; '30d': number };
  drawdown: { current: number; max: number };
  volatility: { '30d': number; '90d': number };
  corrBtc: number;
  betaBtc: number;
  corrNdx: number;
  betaNdx: number;
  var95: number;
  cvar95: number;
}

function expected(subject: CsvSeries, sevenDay: boolean, btc: CsvSeries, ndx: CsvSeries, asOf: string, from = shiftDate(asOf, -365)): Expected {
  const ppy = sevenDay ? 365 : 252;
  const close = closeOn(subject, asOf);
  const change = (n: number) => close / closeOn(subject, shiftDate(asOf, -n)) - 1;

  const dd: number[] = [];
  let peak = -Infinity;
  subject.dates.forEach((d, i) => {
    if (d < from || d > asOf) return;
    peak = Math.max(peak, subject.close[i]!);
    dd.push(subject.close[i]! / peak - 1);
  });

  const vol = (n: number) => stdOf(returns(window(subject, asOf, n).close)) * Math.sqrt(ppy);

  // Pairs: the equity calendar when there is one, the other series as of each of its dates.
  const pairWith = (bench: CsvSeries, benchSevenDay: boolean) => {
    const calendarIsBench = sevenDay && !benchSevenDay;
    const w = window(calendarIsBench ? bench : subject, asOf, 90);
    const sub = calendarIsBench ? asOfEach(w.dates, subject) : w.close;
    const ben = calendarIsBench ? w.close : asOfEach(w.dates, bench);
    const r = returns(sub);
    const b = returns(ben);
    return { corr: pearson(r, b), beta: olsBeta(r, b) };
  };
  const vsBtc = pairWith(btc, true);
  const vsNdx = pairWith(ndx, false);

  const year = returns(window(subject, asOf, 365).close);
  return {
    close,
    change: { '1d': change(1), '7d': change(7), '30d': change(30) },
    drawdown: { current: dd.at(-1)!, max: Math.min(...dd) },
    volatility: { '30d': vol(30), '90d': vol(90) },
    corrBtc: vsBtc.corr,
    betaBtc: vsBtc.beta,
    corrNdx: vsNdx.corr,
    betaNdx: vsNdx.beta,
    var95: type7(year, 0.05),
    cvar95: kSmallestMean(year, 0.05),
  };
}

function near(got: number, want: number, tol: number, what: string): void {
  assert.ok(Number.isFinite(want), `${what}: the expectation is not finite (${want})`);
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${tol})`);
}

/** Same prices on both sides: only the order of floating-point operations differs. */
const TOL = 1e-10;

function compare(rep: SymbolReport, want: Expected): void {
  assert.equal(rep.close, want.close, 'close');
  for (const k of ['1d', '7d', '30d'] as const) near(rep.change[k], want.change[k], TOL, `change ${k}`);
  near(rep.drawdown.current, want.drawdown.current, TOL, 'drawdown current');
  near(rep.drawdown.max, want.drawdown.max, TOL, 'drawdown max');
  near(rep.volatility['30d'], want.volatility['30d'], TOL, 'volatility 30d');
  near(rep.volatility['90d'], want.volatility['90d'], TOL, 'volatility 90d');
  near(rep.correlation.BTC['90d'], want.corrBtc, TOL, 'correlation BTC');
  near(rep.beta.BTC['90d'], want.betaBtc, TOL, 'beta BTC');
  near(rep.correlation.NDX['90d'], want.corrNdx, TOL, 'correlation NDX');
  near(rep.beta.NDX['90d'], want.betaNdx, TOL, 'beta NDX');
  near(rep.var95, want.var95, TOL, 'VaR95');
  near(rep.cvar95, want.cvar95, TOL, 'CVaR95');
}

const csvIren = () => readPriceCsv('IREN');
const csvBtc = () => readPriceCsv('BTC-USD');
const csvQqq = () => readPriceCsv('QQQ');

function inputs() {
  const btc: ReportSeries = { assetClass: 'crypto', series: snapshotSeries('BTC') };
  const ndx: ReportSeries = { assetClass: 'index', series: snapshotSeries('QQQ') };
  const iren: ReportSeries = { assetClass: 'equity', series: snapshotSeries('IREN') };
  return { btc, ndx, iren };
}

describe('report: real snapshot series against the fixture CSVs (as of 2025-12-02)', function () {
  it('the snapshot rows of the windows used are the CSV rows (a precondition of the comparison)', function () {
    for (const [key, file] of [
      ['IREN', 'IREN'],
      ['BTC', 'BTC-USD'],
      ['QQQ', 'QQQ'],
    ] as const) {
      const s = snapshotSeries(key);
      const c = readPriceCsv(file);
      const from = shiftDate(AS_OF, -400);
      const a = s.dates.filter((d) => d >= from && d <= AS_OF);
      const b = c.dates.filter((d) => d >= from && d <= AS_OF);
      assert.deepEqual(a, b, key);
    }
  });

  it('IREN (equity, 252/yr): close, changes, drawdown, volatility, ρ and β to BTC and the NASDAQ-100, VaR and CVaR', function () {
    const { btc, ndx, iren } = inputs();
    const rep = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: AS_OF });
    assert.equal(rep.symbol, 'IREN');
    assert.equal(rep.asOf, AS_OF);
    assert.deepEqual(rep.source, {
      kind: 'snapshot',
      asOf: '2026-05-29',
      providerSymbol: 'IREN',
      benchmarks: { BTC: { kind: 'snapshot', providerSymbol: 'BTC-USD' }, NDX: { kind: 'snapshot', providerSymbol: 'QQQ', proxy: 'QQQ as NASDAQ-100 proxy' } },
    });
    // No hourly bars given: BTC at the UTC-day close, and the report says why.
    assert.equal(rep.btcSampling, 'utc-close');
    assert.equal(rep.btcSamplingCoverage?.reason, 'no hourly bars');
    const want = expected(csvIren(), false, csvBtc(), csvQqq(), AS_OF);
    compare(rep, want);
    // Spot values, so a wrong convention on both sides would still show: IREN fell 15.2% on 2025-12-02.
    near(rep.change['1d'], 41.119998931884766 / 48.4900016784668 - 1, TOL, 'IREN 1d');
  });

  it('BTC (7 days a week, 365/yr): the same, ρ and β to the NASDAQ-100 on the index sessions, 1 against itself', function () {
    const { btc, ndx } = inputs();
    const rep = computeReport({ symbol: 'BTC', subject: btc, btc, ndx, asOf: AS_OF });
    const want = expected(csvBtc(), true, csvBtc(), csvQqq(), AS_OF);
    compare(rep, want);
    assert.ok(Math.abs(rep.correlation.BTC['90d'] - 1) < 1e-12);
    assert.ok(Math.abs(rep.beta.BTC['90d'] - 1) < 1e-12);
  });

  it('a change over a weekend compares with the close on or before the earlier date (Saturday -> Friday)', function () {
    const { iren } = inputs();
    // 2025-11-29 is a Saturday: 2025-11-30 minus 1 day has no session, so the Friday close counts.
    const sunday = '2025-11-30';
    const fri = closeOn(csvIren(), '2025-11-28');
    assert.equal(closeAsOf(iren.series, sunday), fri);
    near(changeOver(iren.series, sunday, 1), 0, 0, 'Sunday vs Saturday, both the Friday close');
    near(changeOver(iren.series, AS_OF, 7), closeOn(csvIren(), AS_OF) / closeOn(csvIren(), '2025-11-25') - 1, TOL, '7d');
  });

  it("the report's 1d change on a weekend as-of date compares the last two sessions (over a holiday too)", function () {
    const { btc, ndx, iren } = inputs();
    const c = csvIren();
    // Sunday 2025-11-30: the last sessions are Friday 11-28 and Wednesday 11-26 (Thanksgiving, 11-27, has none).
    assert.equal(rowOnOrBefore(c, '2025-11-27'), rowOnOrBefore(c, '2025-11-26'), 'no IREN row on Thanksgiving');
    const rep = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: '2025-11-30' });
    near(rep.change['1d'], closeOn(c, '2025-11-28') / closeOn(c, '2025-11-26') - 1, TOL, 'Sunday 1d');
    assert.notEqual(rep.change['1d'], 0);
    assert.equal(sessionChange(iren.series, '2025-11-29'), rep.change['1d'], 'Saturday: the same two sessions');
    // On a session day it is the day's own change; BTC (every day) compares Sunday with Saturday.
    near(sessionChange(iren.series, AS_OF), closeOn(c, AS_OF) / closeOn(c, '2025-12-01') - 1, TOL, 'Tuesday 1d');
    const b = csvBtc();
    near(
      computeReport({ symbol: 'BTC', subject: btc, btc, ndx, asOf: '2025-11-30' }).change['1d'],
      closeOn(b, '2025-11-30') / closeOn(b, '2025-11-29') - 1,
      TOL,
      'BTC Sunday 1d',
    );
  });

  it('windows start at the close on or before as-of minus N days: 30 returns for BTC over 30 days, about 21 for IREN', function () {
    const { btc, iren } = inputs();
    assert.equal(windowPrices(btc.series, AS_OF, 30).close.length, 31);
    assert.equal(windowPrices(btc.series, AS_OF, 30).dates[0], '2025-11-02');
    const w = windowPrices(iren.series, AS_OF, 30);
    assert.equal(w.dates[0], '2025-10-31'); // 2025-11-02 is a Sunday: the Friday before
    assert.equal(w.dates.at(-1), AS_OF);
    assert.equal(w.close.length, 22);
  });

  it('--from sets the drawdown window; the other metrics do not move', function () {
    const { btc, ndx, iren } = inputs();
    const rep = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: AS_OF, from: '2025-10-01' });
    const want = expected(csvIren(), false, csvBtc(), csvQqq(), AS_OF, '2025-10-01');
    compare(rep, want);
    const dflt = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: AS_OF });
    assert.notEqual(rep.drawdown.max, dflt.drawdown.max);
    assert.equal(rep.volatility['90d'], dflt.volatility['90d']);
  });

  it('as of 2020-06-01, the NASDAQ-100 being ^NDX itself', function () {
    const btc: ReportSeries = { assetClass: 'crypto', series: snapshotSeries('BTC') };
    const ndx: ReportSeries = { assetClass: 'index', series: snapshotSeries('^NDX') };
    const rep = computeReport({ symbol: 'BTC', subject: btc, btc, ndx, asOf: '2020-06-01' });
    compare(rep, expected(csvBtc(), true, csvBtc(), readPriceCsv('NDX'), '2020-06-01'));
  });
});

describe('report: calendars, bounds, JSON', function () {
  const origin = { kind: 'snapshot' as const, provider: 'snapshot', asOf: '2025-01-31' };
  const daily = (from: string, n: number, price: (i: number) => number): DailySeries => {
    const dates = Array.from({ length: n }, (_, i) => shiftDate(from, i));
    return { symbol: 'X', dates, close: dates.map((_, i) => price(i)), origin };
  };

  it('aligns BTC on the equity sessions as of each session date: the Friday->Monday return holds the weekend, never a later price', function () {
    // Sessions Thu 2025-01-02, Fri 01-03, Mon 01-06, Tue 01-07; BTC every day, with a jump on Saturday.
    const eq: ReportSeries = {
      assetClass: 'equity',
      series: { symbol: 'EQ', dates: ['2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07'], close: [10, 11, 12, 13], origin },
    };
    const btcPrices: Record<string, number> = {
      '2025-01-02': 100,
      '2025-01-03': 101,
      '2025-01-04': 150,
      '2025-01-05': 151,
      '2025-01-06': 152,
      '2025-01-07': 200,
      '2025-01-08': 999,
    };
    const btc: ReportSeries = { assetClass: 'crypto', series: { symbol: 'BTC', dates: Object.keys(btcPrices), close: Object.values(btcPrices), origin } };
    const { r, b, ppy } = alignedWindowReturns(eq, btc, '2025-01-07', 90);
    assert.deepEqual(r, [11 / 10 - 1, 12 / 11 - 1, 13 / 12 - 1]);
    assert.deepEqual(b, [101 / 100 - 1, 152 / 101 - 1, 200 / 152 - 1]);
    assert.equal(ppy, 252);
    // Either side may be the subject: BTC as the subject still uses the equity's sessions.
    const flipped = alignedWindowReturns(btc, eq, '2025-01-07', 90);
    assert.deepEqual(flipped.r, b);
    assert.deepEqual(flipped.b, r);
    // A session BTC has no bar for takes the one before, not the one after.
    const gappy: ReportSeries = {
      assetClass: 'crypto',
      series: {
        ...btc.series,
        dates: btc.series.dates.filter((d) => d !== '2025-01-06'),
        close: btc.series.close.filter((_, i) => btc.series.dates[i] !== '2025-01-06'),
      },
    };
    assert.deepEqual(alignedWindowReturns(eq, gappy, '2025-01-07', 90).b, [101 / 100 - 1, 151 / 101 - 1, 200 / 151 - 1]);
    // As of a Saturday: the window ends at the Friday session, BTC as of that Friday.
    assert.deepEqual(alignedWindowReturns(eq, btc, '2025-01-04', 90).b, [101 / 100 - 1]);
  });

  it('an as-of before the data starts is a ReportError', function () {
    const { btc, ndx, iren } = inputs();
    assert.throws(
      () => computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: '2021-11-16' }),
      (e: unknown) => e instanceof ReportError && /IREN: 2021-11-16 is before its data starts \(2021-11-17\)/.test(e.message),
    );
    // Its first day is answered (with what one day allows).
    const first = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: '2021-11-17' });
    assert.equal(first.close, 24.450000762939453);
    assert.ok(Number.isNaN(first.change['1d']));
  });

  it('an as-of more than 7 days after the last bar is a ReportError; 7 days is fine', function () {
    const { btc, ndx, iren } = inputs();
    assert.throws(
      () => computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: '2026-06-06' }),
      (e: unknown) => e instanceof ReportError && /IREN: 2026-06-06 is after its data ends \(2026-05-29\)/.test(e.message),
    );
    const late = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: '2026-06-05' });
    assert.equal(late.close, 63.540000915527344);
    // 1d: the last two sessions (2026-05-29 against 2026-05-28), not the last close against itself.
    const c = csvIren();
    near(late.change['1d'], closeOn(c, '2026-05-29') / closeOn(c, '2026-05-28') - 1, TOL, 'stale as-of 1d');
    assert.notEqual(late.change['1d'], 0);
  });

  it('--from after --as-of is a ReportError; an empty series is one too', function () {
    const { iren } = inputs();
    assert.throws(
      () => computeReport({ symbol: 'IREN', subject: iren, asOf: AS_OF, from: '2025-12-03' }),
      (e: unknown) => e instanceof ReportError && /--from 2025-12-03 is after --as-of 2025-12-02/.test(e.message),
    );
    assert.throws(
      () => computeReport({ symbol: 'X', subject: { assetClass: 'equity', series: { symbol: 'X', dates: [], close: [], origin } }, asOf: AS_OF }),
      ReportError,
    );
  });

  it('a benchmark that does not reach the as-of date (^NDX after 2022) gives NaN, not a stale figure', function () {
    const { btc, iren } = inputs();
    const ndx: ReportSeries = { assetClass: 'index', series: snapshotSeries('^NDX') };
    const rep = computeReport({ symbol: 'IREN', subject: iren, btc, ndx, asOf: AS_OF });
    assert.ok(Number.isNaN(rep.correlation.NDX['90d']));
    assert.ok(Number.isNaN(rep.beta.NDX['90d']));
    assert.ok(Number.isFinite(rep.correlation.BTC['90d']));
  });

  it('JSON: NaN and infinities become null, the rest as computed, fractions', function () {
    const s = daily('2025-01-01', 40, (i) => 100 + i);
    const rep = computeReport({ symbol: 'X', subject: { assetClass: 'crypto', series: s }, asOf: '2025-02-09' });
    const json = JSON.parse(reportToJson([rep, { ...rep, symbol: 'Y', var95: Infinity, cvar95: -Infinity }])) as Array<
      Record<string, unknown> & { correlation: { BTC: { '90d': unknown } }; change: { '1d': number } }
    >;
    assert.equal(json[0]!.correlation.BTC['90d'], null);
    assert.equal(json[0]!.change['1d'], 139 / 138 - 1);
    assert.equal(json[1]!.var95, null);
    assert.equal(json[1]!.cvar95, null);
    assert.deepEqual(Object.keys(json[0]!), [
      'symbol',
      'asOf',
      'close',
      'change',
      'drawdown',
      'volatility',
      'correlation',
      'beta',
      'var95',
      'cvar95',
      'btcSampling',
      'btcSamplingCoverage',
      'source',
    ]);
    // A seven-day subject paired with BTC on UTC days: the UTC-day close, said so.
    assert.equal(json[0]!.btcSampling, null, 'no BTC given: no BTC figure');
  });
});
