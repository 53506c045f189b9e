import assert from 'node:assert/strict';
import path from 'node:path';
import { dayNumber, seriesDays, valuesAsOf } from '../../src/core/calendar';
import { lttb, lttbIndices, type Point } from '../../src/core/decimate';
import { buildCompare, buildDashboard, buildTicker, type ViewInput } from '../../src/core/views/build';
import { rangeStart, round, valuesAsOfDays, type Cols } from '../../src/core/views/build/common';
import { loadSnapshotFile } from '../../src/data/snapshot';
import type { DailySeries } from '../../src/core/types';
import { RANGES, packHostMessage, parseWireHostMessage, type HostMessage } from '../../src/shared/protocol';

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('view models on day numbers (src/core/views/build/common)', () => {
  it('round() is Number(v.toPrecision(8)) exactly: random magnitudes, ties, powers of ten, signs, non-finite values', () => {
    const r = rng(7);
    const values: number[] = [
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1,
      -1,
      0.5,
      123456785,
      1234567.85,
      99999999.5,
      999999995,
      1e-16,
      5e-324,
      1e22,
      1e21,
      9.9999999e21,
      1e300,
    ];
    for (let e = -20; e <= 25; e++) values.push(10 ** e, -(10 ** e), 10 ** e * (1 - 1e-16), 10 ** e * (1 + 1e-15), Number(`1e${e}`));
    for (let i = 0; i < 200_000; i++) {
      const mag = 10 ** (r() * 30 - 12);
      values.push((r() < 0.5 ? -1 : 1) * mag * r());
      values.push(Math.round(r() * 1e9) / 10 ** Math.floor(r() * 10)); // decimal-looking prices
      values.push(r() * 200 - 100); // rebased and percentage values
    }
    for (const v of values)
      assert.ok(Object.is(round(v), Number(v.toPrecision(8))), `round(${v}) = ${round(v)}, toPrecision gives ${Number(v.toPrecision(8))}`);
  });

  it('LTTB on columns keeps the same points as lttb() on [x, y] pairs', () => {
    const r = rng(11);
    for (const n of [0, 1, 2, 3, 10, 599, 600, 601, 1000, 4321]) {
      for (const max of [3, 400, 600]) {
        const pts: Point[] = Array.from({ length: n }, (_, i) => [18_000 + i + (i > n / 2 ? 2 : 0), Math.sin(i / 40) * 50 + r() * 10]);
        const cols: Cols = { x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]), length: n };
        const kept = [...lttbIndices(cols, max)].map((i) => pts[i]!);
        assert.deepEqual(kept, lttb(pts, max), `n=${n} max=${max}`);
      }
    }
  });

  it('valuesAsOfDays is valuesAsOf on day numbers: last finite observation at or before, NaN before any', () => {
    const src: DailySeries = series(['2024-01-02', '2024-01-03', '2024-01-05', '2024-01-08', '2024-01-09'], [1, NaN, 3, 4, NaN]);
    const targets = ['2023-12-31', '2024-01-02', '2024-01-04', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-10'];
    const t = Int32Array.from(targets, dayNumber);
    const want = valuesAsOf(targets, src.dates, src.close);
    assert.deepEqual(valuesAsOfDays(t, 0, t.length, seriesDays(src), src.close), want);
    assert.deepEqual(valuesAsOfDays(t, 2, 5, seriesDays(src), src.close), want.slice(2, 5), 'a sub-range starts at its own first target');
    assert.deepEqual(valuesAsOfDays(t, 3, 3, seriesDays(src), src.close), []);
  });

  it('rangeStart keeps its ISO edge: the range back from asOf, never before the earliest date', () => {
    assert.equal(rangeStart('1Y', '2026-05-29', '2015-01-02'), '2025-05-29');
    assert.equal(rangeStart('1M', '2024-03-01', '2015-01-02'), '2024-01-30');
    assert.equal(rangeStart('3Y', '2026-05-29', '2025-01-02'), '2025-01-02');
    assert.equal(rangeStart('ALL', '2026-05-29', '2015-01-02'), '2015-01-02');
  });

  describe('the same view models whether the producer set `days` or not (snapshot data)', () => {
    const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
    const list = ['IREN', 'CORZ', 'MARA', 'NVDA', 'ETH', 'BTC', 'QQQ'];
    const inputOf = (withDays: boolean): ViewInput => {
      const get = (s: string): DailySeries => {
        const x = snap.get(s)!;
        // Fresh arrays, so that neither input shares the other's cached day numbers.
        const copy: DailySeries = { ...x, dates: [...x.dates] };
        if (withDays) copy.days = Int32Array.from(x.dates, dayNumber);
        else delete copy.days;
        return copy;
      };
      const all = new Map(list.map((s) => [s, get(s)]));
      return {
        symbols: list.map((s) => ({
          symbol: s === 'QQQ' ? 'NDX' : s,
          name: s,
          role: s === 'BTC' || s === 'QQQ' ? ('benchmark' as const) : s === 'NVDA' ? ('ai' as const) : s === 'ETH' ? ('other' as const) : ('miner' as const),
          assetClass: snap.info(s)!.assetClass,
          series: all.get(s)!,
        })),
        btc: all.get('BTC'),
        ndx: all.get('QQQ'),
        reports: new Map(),
        deals: [
          { id: 'd1', name: 'IREN – Microsoft', provider: 'IREN', announced: '2025-11-03', valueUSD: 9.7e9 },
          { id: 'd2', name: 'CORZ – CoreWeave', provider: 'CORZ', announced: '2024-06', valueUSD: 3.5e9 },
        ],
        backlogUSD: () => null,
        pivotStatus: () => null,
        now: Date.parse('2026-11-26T00:00:00Z'),
      };
    };
    const withDays = inputOf(true);
    const without = inputOf(false);

    for (const range of RANGES)
      it(`range ${range}: dashboard, ticker and compare`, () => {
        const d = buildDashboard(withDays, range);
        assert.deepEqual(d, buildDashboard(without, range));
        assert.match(d.asOf, /^\d{4}-\d{2}-\d{2}$/, 'asOf stays an ISO date');
        for (const line of d.performance) for (const [x] of line.points) assert.ok(Number.isInteger(x), 'x values are day numbers');
        for (const m of d.markers) assert.ok(m.date === '2025-11-03' || m.date === '2024-06', 'deal dates stay as the catalog wrote them');
        assert.deepEqual(buildTicker(withDays, 'MARA', range, []), buildTicker(without, 'MARA', range, []));
        assert.deepEqual(buildTicker(withDays, 'ETH', range, []), buildTicker(without, 'ETH', range, []));
        assert.deepEqual(buildCompare(withDays, ['CORZ', 'BTC', 'NDX'], range), buildCompare(without, ['CORZ', 'BTC', 'NDX'], range));
      });
  });
});

function series(dates: string[], close: number[]): DailySeries {
  return { symbol: 'X', dates, close, origin: { kind: 'snapshot', asOf: '2024-01-09T00:00:00Z' } } as unknown as DailySeries;
}

describe('host messages on the wire (packHostMessage / parseWireHostMessage)', () => {
  const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
  const sym = (s: string, role: 'miner' | 'benchmark' = 'miner') => ({
    symbol: s === 'QQQ' ? 'NDX' : s,
    name: s,
    role,
    assetClass: snap.info(s)!.assetClass,
    series: snap.get(s)!,
  });
  const input: ViewInput = {
    symbols: [sym('IREN'), sym('CORZ'), sym('BTC', 'benchmark'), sym('QQQ', 'benchmark')],
    btc: snap.get('BTC'),
    ndx: snap.get('QQQ'),
    reports: new Map(),
    deals: [{ id: 'd1', name: 'IREN – Microsoft', provider: 'IREN', announced: '2025-11-03', valueUSD: 9.7e9 }],
    backlogUSD: () => null,
    pivotStatus: () => null,
    now: Date.parse('2026-11-26T00:00:00Z'),
  };
  const viaJson = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

  it('a data message comes back equal to what was packed, through JSON, for each panel kind', () => {
    for (const payload of [buildDashboard(input, 'ALL'), buildTicker(input, 'IREN', '3Y', []), buildCompare(input, ['IREN', 'CORZ'], '1Y')]) {
      const m: HostMessage = { type: 'data', payload };
      const wire = viaJson(packHostMessage(m));
      assert.ok(!JSON.stringify(wire).includes('"points"'), 'no [x, y] pairs on the wire');
      const back = parseWireHostMessage(wire);
      assert.ok(back.ok);
      if (back.ok) assert.deepEqual(back.message, viaJson(m));
      assert.ok(JSON.stringify(wire).length < JSON.stringify(m).length);
    }
  });

  it('other messages pass as they are; bad packed points are dropped with a reason', () => {
    assert.deepEqual(parseWireHostMessage({ type: 'loading', message: 'Loading…' }), { ok: true, message: { type: 'loading', message: 'Loading…' } });
    const line = (packedPoints: unknown) => ({
      type: 'data',
      payload: { kind: 'compare', range: '1Y', asOf: '2026-05-29', data: {}, table: [], performance: [{ id: 'A', label: 'A', role: 'miner', packedPoints }] },
    });
    assert.equal(parseWireHostMessage(line([20000, 1, 1, 2])).ok, true);
    for (const bad of [[20000, 1, 1], [20000.5, 1], [20000, '1'], 'x', [20000, {}]]) {
      const r = parseWireHostMessage(line(bad));
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok) assert.match(r.reason, /bad packed points/);
    }
  });
});
