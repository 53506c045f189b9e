/**
 * The scenario engine (src/core/scenario): historical replays over the embedded snapshot checked
 * against returns computed here straight from the CSV fixtures, the decomposition (contributions +
 * unexplained = actual, per symbol and for the portfolio), betas from before the window only,
 * hypothetical shocks (predicted = Σ beta × shock, the band), weights and the text parsers.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { addDays } from '../../src/core/calendar';
import { AI_FACTOR, AnalyticsError, BTC_FACTOR, NDX_FACTOR, pivotAnalysis, regressOver, type PriceSeries } from '../../src/core/pivot';
import {
  analyticsToJson,
  equalWeights,
  findScenario,
  normaliseWeights,
  parseShocks,
  parseWeights,
  portfolioReturns,
  REPLAYS,
  runReplay,
  runShock,
  SCENARIOS,
  SHOCKS,
  shockFactors,
  type ScenarioResult,
} from '../../src/core/scenario';
import { AI_INFRA, MINERS } from '../../src/core/universe';
import { loadSnapshotFile, type Snapshot } from '../../src/data/snapshot';
import { readPriceCsv, rowOnOrBefore, type CsvSeries } from '../support/prices';

const MINER_SYMBOLS = MINERS.map((m) => m.symbol);

/** The snapshot decoded to exactly the CSV fixtures' doubles. */
let snap: Snapshot | undefined;
const snapshot = () => (snap ??= loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'), { values: 'source' }));

let priceMap: Record<string, PriceSeries> | undefined;
function prices(): Record<string, PriceSeries> {
  if (priceMap) return priceMap;
  const s = snapshot();
  const out: Record<string, PriceSeries> = {};
  for (const sym of [...MINER_SYMBOLS, ...AI_INFRA.map((e) => e.symbol)]) out[sym] = s.get(sym)!;
  out.BTC = s.get('BTC')!;
  out.NDX = s.get('QQQ')!;
  return (priceMap = out);
}

const csvCache = new Map<string, CsvSeries>();
function csv(name: string): CsvSeries {
  let c = csvCache.get(name);
  if (!c) csvCache.set(name, (c = readPriceCsv(name)));
  return c;
}
/** The CSV row of the last finite close on or before `date`. */
function csvRow(name: string, date: string): number {
  const c = csv(name);
  let i = rowOnOrBefore(c, date);
  while (i >= 0 && !Number.isFinite(c.close[i]!)) i--;
  return i;
}

function sumCheck(r: ScenarioResult): void {
  for (const s of r.symbols) {
    if (s.status !== 'ok') continue;
    const sum = s.contributions.reduce((a, c) => a + c.contribution, 0);
    assert.ok(Math.abs(sum - s.explained) < 1e-15, `${s.symbol}: Σ contributions = explained`);
    if (r.kind === 'replay') assert.ok(Math.abs(sum + s.unexplained - s.actual) < 1e-14, `${s.symbol}: contributions + unexplained = actual`);
    for (const c of s.contributions) if (r.attribution !== 'compounded') assert.ok(Math.abs(c.contribution - c.beta * c.move) < 1e-15);
  }
  const p = r.portfolio;
  if (p && p.weights.length) {
    const sum = p.contributions.reduce((a, c) => a + c.contribution, 0);
    assert.ok(Math.abs(sum - p.explained) < 1e-14);
    if (r.kind === 'replay') assert.ok(Math.abs(sum + p.unexplained - p.actual) < 1e-14, 'portfolio: contributions + unexplained = actual');
  }
}

describe('scenario: definitions', () => {
  it('the named replays and shocks, with unique ids, found case-insensitively', () => {
    assert.deepEqual(
      REPLAYS.map((r) => [r.id, r.start, r.end]),
      [
        ['crypto-winter-2022', '2021-11-10', '2022-11-21'],
        ['terra-celsius-2022', '2022-05-01', '2022-06-30'],
        ['ftx-2022', '2022-11-01', '2022-11-30'],
        ['covid-2020', '2020-02-19', '2020-03-23'],
        ['deepseek-2025', '2025-01-24', '2025-01-27'],
      ],
    );
    assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
    assert.deepEqual(findScenario(' FTX-2022 ')?.kind, 'replay');
    assert.deepEqual((findScenario('everything') as { shocks: object }).shocks, { BTC: -0.3, NDX: -0.2, AI: -0.35 });
    assert.equal(findScenario('nope'), undefined);
    for (const s of SHOCKS) for (const v of Object.values(s.shocks)) assert.ok(v < 0 && v > -1);
  });
});

describe('scenario: historical replays over the snapshot', () => {
  it('every named window: actual returns and factor returns equal those computed from the CSV prices', () => {
    const p = prices();
    for (const def of REPLAYS) {
      const r = runReplay({ scenario: def, symbols: MINER_SYMBOLS, prices: p, weights: equalWeights(MINER_SYMBOLS) });
      sumCheck(r);
      let checked = 0;
      for (const s of r.symbols) {
        const series = p[s.symbol]!;
        if (s.status === 'no-data') {
          // The snapshot has no close within 7 days before the start (listed later, or trimmed).
          const first = series.dates[0]!;
          assert.ok(first > addDays(def.start, -7), `${def.id} ${s.symbol}: no-data but the snapshot starts ${first}`);
          continue;
        }
        const i0 = csvRow(s.symbol, def.start);
        const i1 = csvRow(s.symbol, def.end);
        const c = csv(s.symbol);
        assert.equal(s.start, c.dates[i0], `${def.id} ${s.symbol} start session`);
        assert.equal(s.end, c.dates[i1], `${def.id} ${s.symbol} end session`);
        const want = c.close[i1]! / c.close[i0]! - 1;
        assert.ok(Math.abs(s.actual - want) < 1e-12, `${def.id} ${s.symbol}: ${s.actual} vs ${want}`);
        // BTC and NDX over the same two sessions, BTC as of each equity close.
        const btc = csv('BTC-USD');
        const qqq = csv('QQQ');
        const wantBtc = btc.close[rowOnOrBefore(btc, s.end!)]! / btc.close[rowOnOrBefore(btc, s.start!)]! - 1;
        const wantNdx = qqq.close[rowOnOrBefore(qqq, s.end!)]! / qqq.close[rowOnOrBefore(qqq, s.start!)]! - 1;
        assert.ok(Math.abs(s.contributions.find((x) => x.factor === 'BTC')!.move - wantBtc) < 1e-12);
        assert.ok(Math.abs(s.contributions.find((x) => x.factor === 'NDX')!.move - wantNdx) < 1e-12);
        checked++;
      }
      assert.ok(checked >= 4, `${def.id}: only ${checked} symbols had data`);
      // Scenario-level factor returns on the NASDAQ-100's sessions.
      const qqq = csv('QQQ');
      const q0 = csvRow('QQQ', def.start);
      const q1 = csvRow('QQQ', def.end);
      assert.ok(Math.abs(r.factorMoves.NDX! - (qqq.close[q1]! / qqq.close[q0]! - 1)) < 1e-12);
    }
  });

  it('known moves: the 2022 winter, FTX (crypto-only) and the DeepSeek Monday; CORZ only after its relisting', () => {
    const p = prices();
    const winter = runReplay({ scenario: findScenario('crypto-winter-2022') as never, symbols: MINER_SYMBOLS, prices: p });
    assert.ok(winter.factorMoves.BTC! < -0.75 && winter.factorMoves.BTC! > -0.77);
    const mara = winter.symbols.find((s) => s.symbol === 'MARA')!;
    assert.ok(mara.actual < -0.9 && mara.status === 'ok');
    const ftx = runReplay({ scenario: findScenario('ftx-2022') as never, symbols: MINER_SYMBOLS, prices: p });
    assert.ok(ftx.factorMoves.BTC! < -0.15 && ftx.factorMoves.NDX! > 0.05);
    const ds = runReplay({ scenario: findScenario('deepseek-2025') as never, symbols: ['CORZ', 'NVDA'], prices: p });
    const corz = ds.symbols[0]!;
    assert.equal(corz.status, 'ok');
    assert.equal(corz.start, '2025-01-24');
    assert.equal(corz.end, '2025-01-27');
    assert.ok(ds.symbols[1]!.actual < -0.16 && ds.symbols[1]!.actual > -0.18, 'NVDA -17%');
    for (const def of REPLAYS.filter((d) => d.end < '2024-01-01')) {
      const r = runReplay({ scenario: def, symbols: ['CORZ'], prices: p });
      assert.equal(r.symbols[0]!.status, 'no-data');
      assert.match(r.symbols[0]!.note!, /data starts 2024-01-24/);
    }
  });

  it('betas come from before the window only: changing prices inside and after it does not move them', () => {
    const p = prices();
    const def = findScenario('terra-celsius-2022') as never;
    const base = runReplay({ scenario: def, symbols: ['RIOT', 'MARA'], prices: p });
    // Wreck everything from the window's first session on.
    const cut = (s: PriceSeries): PriceSeries => ({
      dates: s.dates,
      close: s.close.map((v, i) => (s.dates[i]! > '2022-04-29' ? v * (1 + 0.3 * Math.sin(i)) : v)),
    });
    const altered = { ...p, RIOT: cut(p.RIOT!), MARA: cut(p.MARA!), BTC: cut(p.BTC!), NDX: cut(p.NDX!) };
    const alt = runReplay({ scenario: def, symbols: ['RIOT', 'MARA'], prices: altered });
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(alt.symbols[i]!.regression, base.symbols[i]!.regression);
      assert.equal(alt.symbols[i]!.regression!.to, '2022-04-29');
    }
    // And they are the OLS over the 365 days up to the start session.
    const reg = regressOver(p.RIOT!, [BTC_FACTOR, NDX_FACTOR], p, addDays('2022-04-29', -364), '2022-04-29', 60);
    assert.deepEqual(base.symbols[0]!.regression, reg);
  });

  it('a user window equals the named one; the AI factor and compounded attribution also add up', () => {
    const p = prices();
    const named = runReplay({ scenario: findScenario('deepseek-2025') as never, symbols: MINER_SYMBOLS, prices: p });
    const user = runReplay({ scenario: { start: '2025-01-24', end: '2025-01-27' }, symbols: MINER_SYMBOLS, prices: p });
    assert.deepEqual(user.symbols, named.symbols);
    assert.equal(user.id, '2025-01-24..2025-01-27');
    const three = runReplay({
      scenario: findScenario('deepseek-2025') as never,
      symbols: MINER_SYMBOLS,
      prices: p,
      factors: [BTC_FACTOR, NDX_FACTOR, AI_FACTOR],
      weights: equalWeights(MINER_SYMBOLS),
    });
    assert.deepEqual(three.factors, ['BTC', 'NDX', 'AI']);
    sumCheck(three);
    // The AI factor over one session: the mean of the names' returns (CRWV listed only in March 2025).
    const ai = AI_INFRA.filter((e) => e.symbol !== 'CRWV').map((e) => {
      const c = csv(e.symbol);
      return c.close[csvRow(e.symbol, '2025-01-27')]! / c.close[csvRow(e.symbol, '2025-01-24')]! - 1;
    });
    assert.equal(ai.length, 4);
    assert.ok(Math.abs(three.factorMoves.AI! - ai.reduce((a, b) => a + b, 0) / 4) < 1e-12);
    const comp = runReplay({
      scenario: findScenario('crypto-winter-2022') as never,
      symbols: MINER_SYMBOLS,
      prices: p,
      weights: equalWeights(MINER_SYMBOLS),
      attribution: 'compounded',
    });
    assert.equal(comp.attribution, 'compounded');
    sumCheck(comp);
    for (const s of comp.symbols)
      for (const c of s.contributions) if (s.status === 'ok') assert.ok(c.contribution > -1, `${s.symbol} ${c.factor} ${c.contribution}`);
  });

  it('the portfolio: weights renormalised over the members with a result; coverage and exclusions said', () => {
    const p = prices();
    const w = [
      { symbol: 'CORZ', weight: 2 },
      { symbol: 'MARA', weight: 1 },
      { symbol: 'RIOT', weight: 1 },
    ];
    const r = runReplay({ scenario: findScenario('ftx-2022') as never, symbols: [], prices: p, weights: w });
    const port = r.portfolio!;
    assert.deepEqual(port.requested, normaliseWeights(w));
    assert.equal(port.coverage, 0.5);
    assert.deepEqual(
      port.excluded.map((e) => e.symbol),
      ['CORZ'],
    );
    assert.deepEqual(port.weights, [
      { symbol: 'MARA', weight: 0.5 },
      { symbol: 'RIOT', weight: 0.5 },
    ]);
    const mara = r.symbols.find((s) => s.symbol === 'MARA')!;
    const riot = r.symbols.find((s) => s.symbol === 'RIOT')!;
    assert.ok(Math.abs(port.actual - (mara.actual + riot.actual) / 2) < 1e-15);
    sumCheck(r);
  });

  it('errors: a bad window, no factor data, too many factors, a short lookback', () => {
    const p = prices();
    assert.throws(() => runReplay({ scenario: { start: '2022-06-01', end: '2022-05-01' }, symbols: ['MARA'], prices: p }), /must be before its end/);
    assert.throws(() => runReplay({ scenario: { start: '2022-13-01', end: '2023-05-01' }, symbols: ['MARA'], prices: p }), /must be a date/);
    assert.throws(
      () => runReplay({ scenario: { start: '2022-01-01', end: '2022-05-01' }, symbols: ['MARA'], prices: { MARA: p.MARA! } }),
      /no price data for factor BTC/,
    );
    assert.throws(
      () =>
        runReplay({
          scenario: { start: '2022-01-01', end: '2022-05-01' },
          symbols: ['MARA'],
          prices: p,
          factors: [BTC_FACTOR, NDX_FACTOR, AI_FACTOR, BTC_FACTOR, NDX_FACTOR],
        }),
      /1 to 4 factors/,
    );
    assert.throws(() => runReplay({ scenario: { start: '2022-01-01', end: '2022-05-01' }, symbols: ['MARA'], prices: p, lookbackDays: 10 }), AnalyticsError);
    const none = runReplay({ scenario: { start: '2022-01-01', end: '2022-05-01' }, symbols: ['NOPE'], prices: p });
    assert.equal(none.symbols[0]!.status, 'no-data');
  });
});

describe('scenario: hypothetical shocks', () => {
  const asOf = '2025-12-11';

  it('predicted = Σ beta × shock; unshocked model factors at 0; the 90% band from the residual σ', () => {
    const p = prices();
    const r = runShock({ shocks: { BTC: -0.3 }, symbols: MINER_SYMBOLS, prices: p, asOf, bandDays: 5 });
    assert.deepEqual(r.factors, ['BTC', 'NDX']);
    assert.deepEqual(r.factorMoves, { BTC: -0.3, NDX: 0 });
    sumCheck(r);
    for (const s of r.symbols) {
      assert.equal(s.status, 'ok', `${s.symbol}: ${s.note}`);
      assert.ok(Number.isNaN(s.actual) && Number.isNaN(s.unexplained), 'a shock has no actual or unexplained part');
      assert.ok(Math.abs(s.explained - -0.3 * s.regression!.beta.BTC!) < 1e-15);
      const h = 1.645 * s.regression!.residualStd * Math.sqrt(5);
      assert.ok(Math.abs(s.band!.low - (s.explained - h)) < 1e-15 && Math.abs(s.band!.high - (s.explained + h)) < 1e-15);
      assert.equal(s.band!.days, 5);
    }
  });

  it('the two-factor betas are the pivot view’s current ones; shocking AI uses the three-factor model', () => {
    const p = prices();
    const two = runShock({ shocks: { BTC: -0.3, NDX: -0.2 }, symbols: ['IREN'], prices: p, asOf });
    const pv = pivotAnalysis({ symbol: 'IREN', subject: p.IREN!, prices: p, asOf });
    assert.deepEqual(two.symbols[0]!.regression!.beta, pv.current.beta);
    assert.deepEqual(two.symbols[0]!.regression!.se, pv.current.se);
    const three = runShock({ shocks: { BTC: -0.3, NDX: -0.2, AI: -0.35 }, symbols: ['IREN'], prices: p, asOf });
    assert.deepEqual(three.factors, ['BTC', 'NDX', 'AI']);
    const s = three.symbols[0]!;
    const want = -0.3 * s.regression!.beta.BTC! + -0.2 * s.regression!.beta.NDX! + -0.35 * s.regression!.beta.AI!;
    assert.ok(Math.abs(s.explained - want) < 1e-15);
    assert.deepEqual(
      shockFactors(['AI']).map((f) => f.id),
      ['BTC', 'NDX', 'AI'],
    );
    assert.deepEqual(
      shockFactors(['ETH', 'BTC']).map((f) => f.id),
      ['BTC', 'NDX', 'ETH'],
    );
  });

  it('a portfolio: Σ w × member results, its band from the portfolio’s own regression', () => {
    const p = prices();
    const w = [
      { symbol: 'IREN', weight: 0.5 },
      { symbol: 'CORZ', weight: 0.3 },
      { symbol: 'WULF', weight: 0.2 },
    ];
    const r = runShock({ shocks: { NDX: -0.2, AI: -0.35 }, symbols: [], prices: p, asOf, weights: w });
    sumCheck(r);
    const port = r.portfolio!;
    const want = w.reduce((a, m) => a + m.weight * r.symbols.find((s) => s.symbol === m.symbol)!.explained, 0);
    assert.ok(Math.abs(port.explained - want) < 1e-15);
    const pr = portfolioReturns(w, p, addDays(asOf, -364), asOf);
    assert.equal(port.regression!.n, pr.returns.length);
    assert.ok(port.band!.high - port.band!.low > 0);
    // Diversification: the portfolio's residual σ is below the weighted sum of the members'.
    const wsum = w.reduce((a, m) => a + m.weight * r.symbols.find((s) => s.symbol === m.symbol)!.regression!.residualStd, 0);
    assert.ok(port.regression!.residualStd < wsum);
  });

  it('a symbol without data as of the date; bad shocks', () => {
    const p = prices();
    const r = runShock({ shocks: { BTC: -0.3 }, symbols: ['BITF', 'CRWV'], prices: p, asOf: '2026-05-29' });
    assert.equal(r.symbols[0]!.status, 'no-data');
    assert.match(r.symbols[0]!.note!, /data ends 2025-12-11/);
    assert.equal(r.symbols[1]!.status, 'ok');
    // CRWV listed on 2025-03-28: too few sessions for betas seven weeks later.
    const young = runShock({ shocks: { BTC: -0.3 }, symbols: ['CRWV'], prices: p, asOf: '2025-05-15' }).symbols[0]!;
    assert.equal(young.status, 'no-model');
    assert.match(young.note!, /fewer than the 60 needed/);
    assert.equal(young.band, null);
    assert.throws(() => runShock({ shocks: {}, symbols: ['IREN'], prices: p, asOf }), /no shock given/);
    assert.throws(() => runShock({ shocks: { BTC: -1.5 }, symbols: ['IREN'], prices: p, asOf }), /must be a return >= -1/);
    assert.throws(() => runShock({ shocks: { BTC: NaN }, symbols: ['IREN'], prices: p, asOf }), /must be a return/);
    assert.throws(() => runShock({ shocks: { ETH: -0.5 }, symbols: ['IREN'], prices: p, asOf }), /no price data for factor ETH/);
    assert.throws(() => runShock({ shocks: { AI: -0.1, NVDA: -0.1, MSFT: -0.1 }, symbols: ['IREN'], prices: p, asOf }), /1 to 4 factors/);
  });

  it('JSON: NaN and infinities become null', () => {
    const r = runShock({ shocks: { BTC: -0.3 }, symbols: ['IREN'], prices: prices(), asOf });
    const j = JSON.parse(analyticsToJson(r)) as { symbols: Array<{ actual: unknown; explained: number }> };
    assert.equal(j.symbols[0]!.actual, null);
    assert.equal(typeof j.symbols[0]!.explained, 'number');
  });
});

describe('scenario: weights, portfolio returns and parsers', () => {
  it('normaliseWeights: sums to 1, shorts allowed, bad input named', () => {
    assert.deepEqual(
      normaliseWeights([
        { symbol: 'A', weight: 3 },
        { symbol: 'B', weight: 1 },
      ]),
      [
        { symbol: 'A', weight: 0.75 },
        { symbol: 'B', weight: 0.25 },
      ],
    );
    assert.deepEqual(
      normaliseWeights([
        { symbol: 'A', weight: 2 },
        { symbol: 'B', weight: -1 },
      ]).map((w) => w.weight),
      [2, -1],
    );
    assert.throws(() => normaliseWeights([]), /no weights/);
    assert.throws(() => normaliseWeights([{ symbol: 'A', weight: 0 }]), /sum to 0; they must sum to a positive number/);
    assert.throws(
      () =>
        normaliseWeights([
          { symbol: 'A', weight: 1 },
          { symbol: 'B', weight: -2 },
        ]),
      /sum to -1/,
    );
    assert.throws(() => normaliseWeights([{ symbol: 'A', weight: Infinity }]), /not a number/);
    assert.throws(
      () =>
        normaliseWeights([
          { symbol: 'A', weight: 1 },
          { symbol: 'A', weight: 1 },
        ]),
      /twice/,
    );
  });

  it('portfolio returns on common sessions equal those computed from the CSVs', () => {
    const p = prices();
    const w = [
      { symbol: 'IREN', weight: 0.5 },
      { symbol: 'HIVE', weight: 0.3 },
      { symbol: 'BTC', weight: 0.2 },
    ];
    const pr = portfolioReturns(w, p, '2025-06-01', '2025-09-30');
    const names = { IREN: 'IREN', HIVE: 'HIVE', BTC: 'BTC-USD' } as const;
    const maps = Object.fromEntries(Object.entries(names).map(([k, f]) => [k, new Map(csv(f).dates.map((d, i) => [d, csv(f).close[i]!]))]));
    const common = csv('IREN').dates.filter((d) => Object.values(maps).every((m) => Number.isFinite(m.get(d) ?? NaN)));
    const from = common.findIndex((d) => d >= '2025-06-01') - 1;
    const to = common.filter((d) => d <= '2025-09-30').length - 1;
    assert.equal(pr.returns.length, to - from);
    assert.equal(pr.sessions[0], common[from]);
    for (let i = from + 1; i <= to; i++) {
      const r = (s: keyof typeof names) => maps[s]!.get(common[i]!)! / maps[s]!.get(common[i - 1]!)! - 1;
      const want = 0.5 * r('IREN') + 0.3 * r('HIVE') + 0.2 * r('BTC');
      assert.ok(Math.abs(pr.returns[i - from - 1]! - want) < 1e-15);
    }
    assert.throws(() => portfolioReturns([{ symbol: 'NOPE', weight: 1 }], p, undefined, '2025-01-01'), /no price data for NOPE/);
  });

  it('parseWeights and parseShocks: symbols normalised, percent accepted, malformed input named', () => {
    assert.deepEqual(parseWeights('IREN=0.5, $corz=0.3,wulf=20%'), [
      { symbol: 'IREN', weight: 0.5 },
      { symbol: 'CORZ', weight: 0.3 },
      { symbol: 'WULF', weight: 0.2 },
    ]);
    assert.deepEqual(parseShocks('BTC=-0.3,^NDX=-20%,ai=-.35'), { BTC: -0.3, NDX: -0.2, AI: -0.35 });
    for (const bad of ['', 'IREN', 'IREN=', '=0.5', 'IREN=abc', 'IREN=0.5,,CORZ=1', 'IREN=0.5,IREN=0.2', 'IREN=1e999', 'IREN=0x10', 'bad sym=1']) {
      assert.throws(() => parseWeights(bad), AnalyticsError, bad);
    }
    for (const bad of ['BTC', 'BTC=-150%', 'BTC=x', 'BTC=-0.1,btc=-0.2', 'BTC=-0.1;NDX=-0.2']) assert.throws(() => parseShocks(bad), AnalyticsError, bad);
  });
});
