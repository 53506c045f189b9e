import assert from 'node:assert/strict';
import path from 'node:path';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { lttb, type Point } from '../../src/core/decimate';
import { buildCompare, buildDashboard, buildTicker, riskTableCsv, type ViewInput } from '../../src/core/views/build';
import { RANGES, type LineSeries, type XRange, type XY } from '../../src/shared/protocol';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { dayNumber } from '../../src/core/calendar';

describe('host ⇄ webview protocol', () => {
  it('accepts well-formed webview messages and drops the rest with a reason', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'setRange', range: '3M' }), { ok: true, message: { type: 'setRange', range: '3M' } });
    assert.equal(parseWebviewMessage({ type: 'setRange', range: '2W' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'openTicker', symbol: 'IREN; rm -rf' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'exportPng', chart: 'performance', dataUrl: 'javascript:alert(1)' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'runScenario' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'runScenario', shock: 'BTC=-30%, NDX=-0.2' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'runScenario', shock: '<script>' }).ok, false);
    const unknown = parseWebviewMessage({ type: 'eval', code: '1' });
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.match(unknown.reason, /unknown message type/);
    assert.equal(parseWebviewMessage('ready').ok, false);
    assert.equal(parseWebviewMessage(null).ok, false);
  });

  it('the webview side checks host messages too', () => {
    assert.equal(parseHostMessage({ type: 'data', payload: { kind: 'pie' } }).ok, false);
    assert.equal(parseHostMessage({ type: 'loading', message: 'Loading…' }).ok, true);
    assert.equal(parseHostMessage({ type: 'exported', ok: 'yes', message: '' }).ok, false);
  });
});

describe('LTTB decimation', () => {
  it('keeps the first and last points, exact observations only, and the extremes of a spike', () => {
    const pts: Point[] = Array.from({ length: 5000 }, (_, i) => [i, Math.sin(i / 50) + (i === 2500 ? 10 : 0)]);
    const out = lttb(pts, 300);
    assert.equal(out.length, 300);
    assert.deepEqual(out[0], pts[0]);
    assert.deepEqual(out.at(-1), pts.at(-1));
    for (const p of out) assert.equal(p[1], pts[p[0]]![1], 'values are real observations');
    assert.ok(
      out.some((p) => p[0] === 2500),
      'the spike survives',
    );
    assert.equal(lttb(pts.slice(0, 10), 300).length, 10, 'short series pass through');
  });
});

describe('panel view models (snapshot data)', () => {
  const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
  const sym = (s: string, role: 'miner' | 'benchmark' | 'other' = 'miner') => ({
    symbol: s === 'QQQ' ? 'NDX' : s,
    name: s,
    role,
    assetClass: snap.info(s)!.assetClass,
    series: snap.get(s)!,
  });
  const input: ViewInput = {
    symbols: [sym('IREN'), sym('CORZ'), sym('MARA'), sym('BTC', 'benchmark'), sym('QQQ', 'benchmark')],
    btc: snap.get('BTC'),
    ndx: snap.get('QQQ'),
    reports: new Map(),
    deals: [{ id: 'd1', name: 'IREN – Microsoft', provider: 'IREN', announced: '2025-11-03', valueUSD: 9.7e9 }],
    backlogUSD: (s) => (s === 'IREN' ? 13.1e9 : null),
    pivotStatus: () => 'energized',
    now: Date.parse('2026-11-26T00:00:00Z'),
  };

  it('the dashboard sends only the range, decimated, rebased to 100, with deal markers', () => {
    const d = buildDashboard(input, '1Y');
    assert.equal(d.asOf, '2026-05-29', 'dated by the miners');
    const from = dayNumber('2025-05-29');
    for (const s of d.performance) {
      assert.ok(s.points.length <= 600);
      assert.ok(
        s.points.every(([x]) => x >= from && x <= dayNumber(d.asOf)),
        `${s.id} stays in range`,
      );
      assert.ok(Math.abs(s.points[0]![1] - 100) < 1e-9, `${s.id} starts at 100`);
    }
    assert.deepEqual(
      d.markers.map((m) => m.label),
      ['IREN – Microsoft'],
    );
    assert.equal(d.data.kind, 'snapshot');
    const all = buildDashboard(input, 'ALL');
    assert.ok(all.stats.pointsSent < all.stats.pointsIn, 'long series are decimated');
    assert.equal(d.heatmap.symbols.length, d.heatmap.matrix.length);
  });

  it('the ticker view has daily candles for short ranges, weekly ones for long ranges, and a CSV of its row', () => {
    const t = buildTicker(input, 'IREN', '6M', []);
    assert.ok(t.candles && t.candles.length > 100);
    assert.equal(t.candlePeriod, 'day');
    assert.ok(t.candles.every((c) => c.l <= Math.min(c.o, c.c) && c.h >= Math.max(c.o, c.c)));
    const all = buildTicker(input, 'IREN', 'ALL', []);
    assert.equal(all.candlePeriod, 'week');
    assert.ok(all.candles!.every((c) => c.l <= Math.min(c.o, c.c) && c.h >= Math.max(c.o, c.c)));
    const csv = riskTableCsv([t.row!], t.asOf, t.data);
    assert.match(csv, /^# Hashpivot risk table as of 2026-05-29; data: snapshot/);
    assert.match(csv.split('\n')[2]!, /^IREN,IREN,,,,-0\.\d+,,,,13100000000,energized$/);
  });

  /** The first and last x of what a chart plots, computed here independently of the view model. */
  const span = (...parts: Array<ReadonlyArray<LineSeries | { x: number } | XY>>): XRange | undefined => {
    const xs = parts.flatMap((p) => p.flatMap((i) => (Array.isArray(i) ? [i[0]] : 'points' in i ? i.points.map((q) => q[0]) : [i.x])));
    return xs.length ? { min: Math.min(...xs), max: Math.max(...xs) } : undefined;
  };
  const rangeDays = { '1M': 31, '3M': 92, '6M': 183, '1Y': 365, '3Y': 1096, ALL: Infinity } as const;

  it("every time chart of the dashboard and compare panels spans its own data, ending at the as-of date, not at BTC's later last date", () => {
    const btcLast = dayNumber(input.btc!.dates.at(-1)!);
    for (const range of RANGES) {
      const d = buildDashboard(input, range);
      const asOf = dayNumber(d.asOf);
      assert.ok(btcLast > asOf, 'the snapshot has BTC beyond the miners (the case that left a blank tail)');
      assert.deepEqual(d.xRanges.performance, span(d.performance, d.markers), `${range} performance`);
      assert.deepEqual(d.xRanges.drawdown, span(d.drawdown), `${range} drawdown`);
      for (const b of ['BTC', 'NDX'] as const)
        for (const w of ['30', '90'] as const) assert.deepEqual(d.xRanges[`rolling-${b}-${w}`], span(d.rolling[b][w]), `${range} rolling ${b} ${w}`);
      assert.equal(d.xRanges.performance!.max, asOf, `${range}: the performance axis ends at the as-of date`);
      assert.ok(d.xRanges.performance!.max - d.xRanges.performance!.min <= rangeDays[range], `${range}: no wider than the range`);
      for (const [k, r] of Object.entries(d.xRanges)) assert.ok(r.min < r.max && r.max <= asOf, `${range} ${k}: ${JSON.stringify(r)}`);

      const c = buildCompare(input, ['IREN', 'BTC'], range);
      assert.deepEqual(c.xRanges, { performance: span(c.performance), drawdown: span(c.drawdown) }, `compare ${range}`);
      assert.equal(c.xRanges.performance!.max, dayNumber(c.asOf), `compare ${range} ends at the date both have, not BTC's last`);
    }
  });

  it('every time chart of the ticker panel spans its own data; candles are daily, weekly or monthly so that every range has them', () => {
    const periods: string[] = [];
    for (const symbol of ['IREN', 'BTC'])
      for (const range of RANGES) {
        const pivot = { eventDate: null, eventLabel: '', rows: [], r2: { before: null, after: null, current: null }, rolling: [], method: '' };
        const t = buildTicker(input, symbol, range, [], pivot);
        const asOf = dayNumber(t.asOf);
        const where = `${symbol} ${range}`;
        assert.deepEqual(t.xRanges.price, span([t.close], t.markers), where);
        assert.deepEqual(t.xRanges.candles, span(t.candles!, t.markers), where);
        assert.deepEqual(t.xRanges.volume, span(t.volume!), where);
        assert.deepEqual(t.xRanges.drawdown, span([t.drawdown]), where);
        assert.deepEqual(t.xRanges.volatility, span([t.rollingVol]), where);
        assert.deepEqual(t.xRanges.beta, span(t.rollingBeta), where);
        assert.equal(t.xRanges.pivot, undefined, `${where}: a pivot card without points has no range`);
        assert.equal(t.xRanges.price!.max, asOf, where);
        assert.equal(t.candles!.at(-1)!.x, asOf, `${where}: the last candle closes on the as-of date`);
        assert.ok(t.candles!.length <= 400, where);
        periods.push(`${symbol} ${range} ${t.candlePeriod}`);
      }
    assert.deepEqual(periods, [
      'IREN 1M day',
      'IREN 3M day',
      'IREN 6M day',
      'IREN 1Y day',
      'IREN 3Y week',
      'IREN ALL week',
      'BTC 1M day',
      'BTC 3M day',
      'BTC 6M day',
      'BTC 1Y day',
      'BTC 3Y week',
      'BTC ALL month',
    ]);
    // BTC trades after the NASDAQ-100's last snapshot date: its beta chart ends with the beta's data, not BTC's.
    const btc = buildTicker(input, 'BTC', '1Y', []);
    assert.equal(btc.xRanges.beta!.max, dayNumber(input.ndx!.dates.at(-1)!));
    assert.ok(btc.xRanges.beta!.max < btc.xRanges.price!.max);
  });

  it('compare needs two symbols with data and dates itself by the latest date they all have', () => {
    const c = buildCompare(input, ['IREN', 'BTC'], '3M');
    assert.equal(c.asOf, '2026-05-29');
    assert.throws(() => buildCompare(input, ['IREN', 'NOPE'], '3M'), /at least two symbols/);
  });
});
