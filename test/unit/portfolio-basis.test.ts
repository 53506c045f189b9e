import assert from 'node:assert/strict';
import path from 'node:path';
import { holdingsValueSeries, holdingsWeights, PORTFOLIO_SERIES_ID, valueAtCloses, valueHoldings, type Holdings } from '../../src/core/portfolio';
import { buildDashboard, type ViewInput } from '../../src/core/views/build';
import { basisInfo, scenarioView } from '../../src/core/views/analyticsView';
import { equalWeights, findScenario, portfolioVar, runReplay } from '../../src/core/scenario';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { reviveState } from '../../src/vscode/panels/state';
import { loadSnapshotFile } from '../../src/data/snapshot';
import type { DailySeries } from '../../src/core/types';
import { fromDayNumber } from '../../src/core/calendar';
import type { PriceMap } from '../../src/core/pivot';

const origin = { kind: 'snapshot' as const, provider: 'test', asOf: '2026-01-09' };
const series = (symbol: string, dates: string[], close: number[]): DailySeries => ({ symbol, dates, close, origin });

describe('the holdings as an engine input (src/core/portfolio/history)', () => {
  it('weights from market values over the net exposure; cash left out; shorts negative', () => {
    const v = valueHoldings(
      {
        positions: [
          { symbol: 'IREN', quantity: 100, costBasis: 30 },
          { symbol: 'BTC', quantity: 0.5, costBasis: 60000 },
          { symbol: 'WULF', quantity: -100, costBasis: 10 },
        ],
        cash: 5000,
      },
      {
        IREN: { price: 40, time: '2026-01-09', source: 'snapshot' },
        BTC: { price: 90000, time: '2026-01-09', source: 'snapshot' },
        WULF: { price: 15, time: '2026-01-09', source: 'snapshot' },
      },
    );
    const w = holdingsWeights(v);
    assert.ok(w.ok);
    // 4,000 + 45,000 − 1,500 = 47,500 invested.
    assert.equal(w.invested, 47500);
    assert.deepEqual(
      w.weights.map((x) => [x.symbol, Math.round(x.weight * 1e6) / 1e6]),
      [
        ['IREN', 0.084211],
        ['BTC', 0.947368],
        ['WULF', -0.031579],
      ],
    );
  });

  it('says why there are no weights: no positions, an unpriced position, a net short', () => {
    const none = holdingsWeights(valueHoldings({ positions: [], cash: 100 }, {}));
    assert.ok(!none.ok && /no positions/.test(none.reason));
    const unpriced = holdingsWeights(valueHoldings({ positions: [{ symbol: 'IREN', quantity: 1 }], cash: 0 }, {}));
    assert.ok(!unpriced.ok && /no price on the as-of date for IREN/.test(unpriced.reason));
    const short = holdingsWeights(
      valueHoldings({ positions: [{ symbol: 'IREN', quantity: -10 }], cash: 1000 }, { IREN: { price: 40, time: '2026-01-09', source: 'snapshot' } }),
    );
    assert.ok(!short.ok && /net market value is -400\.00 USD/.test(short.reason));
  });

  it('values today’s holdings on the sessions every position has, BTC’s weekend closes skipped', () => {
    const prices = {
      // Fri 2, Mon 5, Tue 6 (no Wed 7: a halt), Thu 8.
      IREN: series('IREN', ['2026-01-02', '2026-01-05', '2026-01-06', '2026-01-08'], [10, 11, 12, 13]),
      BTC: series('BTC', ['2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'], [100, 90, 80, 110, 120, 130, 140]),
    };
    const h: Holdings = {
      positions: [
        { symbol: 'IREN', quantity: 10 },
        { symbol: 'BTC', quantity: 2 },
      ],
      cash: 50,
    };
    const s = holdingsValueSeries(valueAtCloses(h, prices, '2026-01-08'), prices, '2026-01-08')!;
    assert.equal(s.symbol, PORTFOLIO_SERIES_ID);
    assert.deepEqual(s.dates, ['2026-01-02', '2026-01-05', '2026-01-06', '2026-01-08']);
    // 50 + 10·IREN + 2·BTC
    assert.deepEqual(s.close, [50 + 100 + 200, 50 + 110 + 220, 50 + 120 + 240, 50 + 130 + 280]);
    assert.equal(s.origin.kind, 'snapshot');
    assert.match(s.origin.note!, /today’s holdings held through history/);
    assert.deepEqual(
      holdingsValueSeries(valueAtCloses(h, prices, '2026-01-06'), prices, '2026-01-06')!.dates,
      ['2026-01-02', '2026-01-05', '2026-01-06'],
      'ends at `to`',
    );
  });

  it('has no series for a position without prices, or a value that is not positive on some day', () => {
    const prices = { IREN: series('IREN', ['2026-01-02', '2026-01-05'], [10, 11]) };
    const at = (h: Holdings) => holdingsValueSeries(valueAtCloses(h, prices, '2026-01-05'), prices, '2026-01-05');
    assert.equal(at({ positions: [{ symbol: 'CORZ', quantity: 1 }], cash: 0 }), undefined);
    assert.equal(at({ positions: [{ symbol: 'IREN', quantity: -10 }], cash: 105 }), undefined, 'net short on the 5th');
    assert.equal(at({ positions: [], cash: 100 }), undefined);
  });
});

describe('panels on the holdings', () => {
  const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
  const get = (s: string) => snap.get(s)!;
  const holdings: Holdings = {
    positions: [
      { symbol: 'IREN', quantity: 200 },
      { symbol: 'CORZ', quantity: 300 },
      { symbol: 'BTC', quantity: 0.1 },
    ],
    cash: 2000,
  };
  const series4: Record<string, DailySeries> = { IREN: get('IREN'), CORZ: get('CORZ'), BTC: get('BTC'), NDX: get('QQQ') };
  const prices = series4 as unknown as PriceMap;

  it('the dashboard draws the holdings’ own line in the performance, drawdown, rolling and heatmap charts, not in the table', () => {
    const sym = (s: string, role: 'miner' | 'benchmark') => ({
      symbol: s,
      name: s,
      role,
      assetClass: snap.info(s === 'NDX' ? 'QQQ' : s)!.assetClass,
      series: series4[s]!,
    });
    const input: ViewInput = {
      symbols: [sym('IREN', 'miner'), sym('CORZ', 'miner'), sym('BTC', 'benchmark'), sym('NDX', 'benchmark')],
      btc: series4.BTC,
      ndx: series4.NDX,
      reports: new Map(),
      deals: [],
      backlogUSD: () => null,
      pivotStatus: () => null,
      now: Date.parse('2026-11-26T00:00:00Z'),
    };
    const value = holdingsValueSeries(valueAtCloses(holdings, series4, '2026-05-29'), series4, '2026-05-29')!;
    const info = { kind: 'portfolio' as const, portfolioAvailable: true, note: 'your 3 position(s)' };
    const d = buildDashboard(input, '1Y', info, value);
    assert.deepEqual(d.basis, info);
    assert.equal(d.asOf, value.dates.at(-1), 'dated by the holdings’ last common session');
    const own = d.performance.find((l) => l.id === PORTFOLIO_SERIES_ID)!;
    assert.equal(own.role, 'portfolio');
    assert.ok(own.points.length > 200, 'a year of sessions');
    assert.ok(Math.abs(own.points[0]![1] - 100) < 1e-9, 'rebased to 100');
    // The last rebased point is the holdings' value change over the range.
    const base = value.close[value.dates.indexOf(fromDayNumber(own.points[0]![0]))]!;
    const want = (100 * value.close.at(-1)!) / base;
    assert.ok(Math.abs(own.points.at(-1)![1] - want) < 1e-6 * want, `${own.points.at(-1)![1]} vs ${want}`);
    assert.ok(d.drawdown.some((l) => l.id === PORTFOLIO_SERIES_ID && l.points.every(([, y]) => y <= 0)));
    assert.ok(d.rolling.BTC['90'].some((l) => l.id === PORTFOLIO_SERIES_ID && l.points.length > 100));
    assert.ok(d.heatmap.symbols.includes(PORTFOLIO_SERIES_ID));
    assert.ok(!d.table.some((r) => r.symbol === PORTFOLIO_SERIES_ID), 'no row: it is not a ticker');
    assert.deepEqual(
      d.table.map((r) => r.symbol),
      ['IREN', 'CORZ', 'BTC', 'NDX'],
    );
    const universe = buildDashboard(input, '1Y');
    assert.equal(universe.basis.kind, 'universe');
    assert.ok(!universe.performance.some((l) => l.role === 'portfolio'));
  });

  it('the scenario panel on the holdings gives the portfolio’s replay and VaR in USD of the invested amount', () => {
    const valuation = valueAtCloses(holdings, series4, '2026-05-29');
    const w = holdingsWeights(valuation);
    assert.ok(w.ok);
    const def = findScenario('deepseek-2025')!;
    assert.equal(def.kind, 'replay');
    if (def.kind !== 'replay') return;
    const symbols = w.weights.map((x) => x.symbol);
    const res = runReplay({ scenario: def, symbols, prices, weights: w.weights });
    const v = portfolioVar({ weights: w.weights, prices, asOf: '2026-05-29', paths: 2000, seed: 1, blockLength: 5, horizon: 1 });
    const info = basisInfo('portfolio', { weights: w });
    assert.equal(info.kind, 'portfolio');
    const d = scenarioView(res, v, def.id, '2026-05-29', { text: 'snapshot', kind: 'snapshot' }, info, {
      invested: w.invested,
      cash: valuation.totals.cash,
      value: valuation.totals.value,
    });
    assert.ok(res.portfolio);
    assert.equal(d.holdingsUsd!.scenarioPnl, res.portfolio!.actual * w.invested);
    assert.equal(d.holdingsUsd!.cash, 2000);
    assert.equal(d.holdingsUsd!.value, w.invested + 2000);
    assert.deepEqual(
      d.holdingsUsd!.var.map((x) => x.var),
      v.estimates.map((e) => e.var * w.invested),
    );
    assert.match(d.result.weightsText, /^IREN \d+\.\d%, CORZ \d+\.\d%, BTC \d+\.\d%$/);
    // The same engine on equal weights gives another portfolio figure.
    const eq = runReplay({ scenario: def, symbols, prices, weights: equalWeights(symbols) });
    assert.notEqual(eq.portfolio!.actual, res.portfolio!.actual);
  });

  it('says what it runs on, and why not on the holdings', () => {
    assert.deepEqual(basisInfo('universe', undefined), { kind: 'universe', portfolioAvailable: false, note: 'equal-weight miner portfolio' });
    const why = basisInfo('portfolio', { weights: { ok: false, reason: 'the holdings have no positions' } });
    assert.equal(why.kind, 'universe');
    assert.equal(why.portfolioAvailable, false);
    assert.match(why.note, /cannot be used: the holdings have no positions/);
    assert.equal(basisInfo('universe', { weights: { ok: true, weights: [{ symbol: 'IREN', weight: 1 }], invested: 1 } }).portfolioAvailable, true);
  });

  it('the webview may only ask for a known basis, and a revived panel keeps a valid one', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'setBasis', basis: 'portfolio' }), { ok: true, message: { type: 'setBasis', basis: 'portfolio' } });
    assert.equal(parseWebviewMessage({ type: 'setBasis', basis: 'everything' }).ok, false);
    assert.equal(reviveState('scenario', { basis: 'portfolio', scenario: 'liquidity-crisis' }).basis, 'portfolio');
    assert.equal(reviveState('dashboard', { basis: 'x' }).basis, undefined);
    assert.equal(reviveState('ticker', { basis: 'portfolio', symbols: ['IREN'] }).basis, undefined);
  });
});
