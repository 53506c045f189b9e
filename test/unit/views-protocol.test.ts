import assert from 'node:assert/strict';
import path from 'node:path';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { lttb, type Point } from '../../src/core/decimate';
import { buildCompare, buildDashboard, buildTicker, riskTableCsv, type ViewInput } from '../../src/core/views/build';
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

  it('the ticker view has candles only for short ranges, and a CSV of its row', () => {
    const t = buildTicker(input, 'IREN', '6M', []);
    assert.ok(t.candles && t.candles.length > 100);
    assert.ok(t.candles.every((c) => c.l <= Math.min(c.o, c.c) && c.h >= Math.max(c.o, c.c)));
    assert.equal(buildTicker(input, 'IREN', 'ALL', []).candles, null);
    const csv = riskTableCsv([t.row!], t.asOf, t.data);
    assert.match(csv, /^# Hashpivot risk table as of 2026-05-29; data: snapshot/);
    assert.match(csv.split('\n')[2]!, /^IREN,IREN,,,,-0\.\d+,,,,13100000000,energized$/);
  });

  it('compare needs two symbols with data and dates itself by the latest date they all have', () => {
    const c = buildCompare(input, ['IREN', 'BTC'], '3M');
    assert.equal(c.asOf, '2026-05-29');
    assert.throws(() => buildCompare(input, ['IREN', 'NOPE'], '3M'), /at least two symbols/);
  });
});
