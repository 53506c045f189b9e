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
import { Xoshiro128ss } from '../../src/core/scenario/prng';
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
    for (const c of s.contributions) {
      if (r.kind === 'shock') assert.equal(c.logContribution, c.beta * Math.log1p(c.move));
      else if (r.attribution !== 'compounded') assert.ok(Math.abs(c.contribution - c.beta * c.move) < 1e-15);
    }
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
    assert.equal(port.dataCoverage, 0.5, 'CORZ (half the weight) had no prices in November 2022');
    assert.equal(port.members, 3);
    assert.equal(port.covered, 2);
    assert.equal(
      port.survivorship,
      '50% of the requested weight (2 of 3 members) had prices for the whole window and betas from before it; the result is theirs, reweighted to 100% — a survivors’ result: the members missing from the window (listed later or delisted) are not in it',
    );
    assert.deepEqual(
      port.excluded.map((e) => e.symbol),
      ['CORZ'],
    );
    assert.deepEqual(port.weights, [
      { symbol: 'MARA', weight: 0.5 },
      { symbol: 'RIOT', weight: 0.5 },
    ]);
    // A member with prices but too short a history for betas counts in dataCoverage, not in coverage.
    const young = runReplay({
      scenario: { start: '2025-05-01', end: '2025-05-20' },
      symbols: [],
      prices: p,
      weights: [
        { symbol: 'CRWV', weight: 1 },
        { symbol: 'IREN', weight: 1 },
      ],
    }).portfolio!;
    assert.equal(young.coverage, 0.5);
    assert.equal(young.dataCoverage, 1);
    assert.match(young.survivorship, /^50% of the requested weight \(1 of 2 members\) .*; 100% had prices for the window; the result is theirs/);
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
  const asOf = '2026-05-29';
  const ln1p = Math.log1p;

  /** Solves the 3×3 system A v = b by Gaussian elimination with partial pivoting (written out for the hand computation). */
  function solve3(A: number[][], b: number[]): number[] {
    const m = A.map((r, i) => [...r, b[i]!]);
    for (let c = 0; c < 3; c++) {
      let piv = c;
      for (let r = c + 1; r < 3; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
      [m[c], m[piv]] = [m[piv]!, m[c]!];
      for (let r = 0; r < 3; r++) {
        if (r === c) continue;
        const f = m[r]![c]! / m[c]![c]!;
        for (let k = c; k < 4; k++) m[r]![k]! -= f * m[c]![k]!;
      }
    }
    return m.map((r, i) => r[3]! / r[i]!);
  }

  /**
   * The log-return OLS and the band of a shock, by hand from the rows: X = [1, x_BTC, x_NDX] of
   * ln(1 + r), β from the normal equations, s² = RSS/(n − 3), Σ_β = s² (XᵀX)⁻¹ (slope block),
   * sd² = xᵀ Σ_β x + s² days.
   */
  function handShock(y: number[], xb: number[], xn: number[], shock: [number, number], days: number) {
    const n = y.length;
    const X = y.map((_, i) => [1, xb[i]!, xn[i]!]);
    const XtX = [0, 1, 2].map((a) => [0, 1, 2].map((c) => X.reduce((acc, r) => acc + r[a]! * r[c]!, 0)));
    const Xty = [0, 1, 2].map((a) => X.reduce((acc, r, i) => acc + r[a]! * y[i]!, 0));
    const coef = solve3(XtX, Xty);
    const rss = X.reduce((acc, r, i) => acc + (y[i]! - coef[0]! - coef[1]! * r[1]! - coef[2]! * r[2]!) ** 2, 0);
    const s2 = rss / (n - 3);
    const inv = [0, 1, 2].map((c) =>
      solve3(
        XtX,
        [0, 1, 2].map((i) => (i === c ? 1 : 0)),
      ),
    );
    const x = [ln1p(shock[0]), ln1p(shock[1])];
    let q = 0;
    for (let j = 0; j < 2; j++) for (let l = 0; l < 2; l++) q += x[j]! * s2 * inv[j + 1]![l + 1]! * x[l]!;
    const L = coef[1]! * x[0]! + coef[2]! * x[1]!;
    const sd = Math.sqrt(q + s2 * days);
    return {
      beta: [coef[1]!, coef[2]!],
      L,
      sd,
      sdBetas: Math.sqrt(q),
      sdResidual: Math.sqrt(s2 * days),
      low: Math.expm1(L - 1.645 * sd),
      high: Math.expm1(L + 1.645 * sd),
    };
  }

  it('the log model: predicted = exp(Σ β ln(1 + shock)) − 1, contributions linked to add up, unshocked factors at 0', () => {
    const p = prices();
    const r = runShock({ shocks: { BTC: -0.3 }, symbols: MINER_SYMBOLS, prices: p, asOf, bandDays: 5 });
    assert.deepEqual(r.factors, ['BTC', 'NDX']);
    assert.deepEqual(r.factorMoves, { BTC: -0.3, NDX: 0 });
    assert.match(r.model, /ln\(1 \+ r\) = α \+ Σ β ln\(1 \+ F\) \+ ε/);
    sumCheck(r);
    for (const s of r.symbols) {
      assert.equal(s.status, 'ok', `${s.symbol}: ${s.note}`);
      assert.ok(Number.isNaN(s.actual) && Number.isNaN(s.unexplained), 'a shock has no actual or unexplained part');
      const L = s.regression!.beta.BTC! * ln1p(-0.3);
      assert.ok(Math.abs(s.explained - Math.expm1(L)) < 1e-15);
      assert.equal(s.contributions.find((c) => c.factor === 'NDX')!.contribution, 0);
      // The band: normal in log space, the betas' variance plus five days of residual.
      const sd = Math.sqrt(ln1p(-0.3) ** 2 * s.regression!.betaCov[0]![0]! + 5 * s.regression!.residualStd ** 2);
      assert.ok(Math.abs(s.band!.low - Math.expm1(L - 1.645 * sd)) < 1e-14 && Math.abs(s.band!.high - Math.expm1(L + 1.645 * sd)) < 1e-14);
      assert.equal(s.band!.days, 5);
      assert.ok(s.band!.low < s.explained && s.explained < s.band!.high);
    }
  });

  it('bounded: no long position loses more than 100%, however large the shock (the linear model gave −132% on WULF)', () => {
    const p = prices();
    const wulf = runShock({ shocks: { BTC: -0.9, NDX: -0.5 }, symbols: ['WULF'], prices: p, asOf, weights: [{ symbol: 'WULF', weight: 1 }] });
    const w = wulf.symbols[0]!;
    const linear = w.regression!.beta.BTC! * -0.9 + w.regression!.beta.NDX! * -0.5;
    assert.ok(linear < -1, `the same betas used linearly predict ${linear}`);
    assert.ok(w.explained > -1 && w.explained < -0.8, `${w.explained}`);
    assert.ok(w.band!.low > -1 && w.band!.high < 0);
    assert.ok(wulf.portfolio!.explained > -1 && wulf.portfolio!.band!.low > -1);
    const extreme = runShock({
      shocks: { BTC: -0.9999, NDX: -0.9999, AI: -0.9999 },
      symbols: MINER_SYMBOLS,
      prices: p,
      asOf,
      weights: equalWeights(MINER_SYMBOLS),
      bandDays: 20,
    });
    for (const s of [...extreme.symbols, extreme.portfolio!]) {
      assert.ok(Number.isFinite(s.explained) && s.explained > -1, `${'symbol' in s ? s.symbol : 'portfolio'}: ${s.explained}`);
      assert.ok(s.band!.low > -1 && s.band!.low <= s.explained, `band ${s.band!.low}`);
      const sum = s.contributions.reduce((acc, c) => acc + c.contribution, 0);
      assert.ok(Math.abs(sum - s.explained) < 1e-12, 'linked contributions add up even at −99.99%');
    }
  });

  it('the band includes the betas’ uncertainty: a hand computation of the log OLS, Σ_β and the band (few rows, large shock)', () => {
    // 80 sessions: BTC and NDX on the same weekday calendar; the subject's log return is
    // 1.4 ln(1 + r_BTC) + 0.6 ln(1 + r_NDX) + noise.
    const dates = Array.from({ length: 120 }, (_, i) => addDays('2025-01-06', i)).filter((d) => {
      const w = new Date(`${d}T00:00:00Z`).getUTCDay();
      return w !== 0 && w !== 6;
    });
    const g = new Xoshiro128ss(21);
    const z = () => g.next() + g.next() + g.next() - 1.5;
    const btc = [100];
    const ndx = [100];
    const sub = [10];
    for (let i = 1; i < dates.length; i++) {
      const lb = 0.06 * z();
      const ln = 0.025 * z();
      btc.push(btc[i - 1]! * Math.exp(lb));
      ndx.push(ndx[i - 1]! * Math.exp(ln));
      sub.push(sub[i - 1]! * Math.exp(1.4 * lb + 0.6 * ln + 0.05 * z()));
    }
    const pm = { BTC: { dates, close: btc }, NDX: { dates, close: ndx }, TEST: { dates, close: sub } };
    const last = dates.at(-1)!;
    const r = runShock({ shocks: { BTC: -0.5, NDX: -0.2 }, symbols: ['TEST'], prices: pm, asOf: last, minRows: 60, bandDays: 1 });
    const s = r.symbols[0]!;
    assert.equal(s.status, 'ok', s.note ?? '');
    assert.equal(s.asOf, last);
    const lr = (c: number[]) => c.slice(1).map((v, i) => Math.log(v / c[i]!));
    const hand = handShock(lr(sub), lr(btc), lr(ndx), [-0.5, -0.2], 1);
    assert.equal(s.regression!.n, dates.length - 1);
    assert.ok(Math.abs(s.regression!.beta.BTC! - hand.beta[0]!) < 1e-10 && Math.abs(s.regression!.beta.NDX! - hand.beta[1]!) < 1e-10);
    assert.ok(Math.abs(s.explained - Math.expm1(hand.L)) < 1e-12);
    for (const k of ['low', 'high', 'sd', 'sdBetas', 'sdResidual'] as const)
      assert.ok(Math.abs(s.band![k] - hand[k]) < 1e-12, `${k}: ${s.band![k]} vs ${hand[k]}`);
    // Wider than the residual-only band, by a visible margin with 80 rows and a −50% shock.
    const residualOnly = Math.expm1(hand.L + 1.645 * hand.sdResidual) - Math.expm1(hand.L - 1.645 * hand.sdResidual);
    assert.ok(s.band!.high - s.band!.low > 1.05 * residualOnly, `${s.band!.high - s.band!.low} vs residual-only ${residualOnly}`);
    assert.ok(s.band!.sdBetas > 0.3 * s.band!.sdResidual);
    // More shock, more beta uncertainty: the betas' part grows in proportion to |ln(1 + shock)|.
    const bigger = runShock({ shocks: { BTC: -0.75, NDX: -0.36 }, symbols: ['TEST'], prices: pm, asOf: last, minRows: 60 }).symbols[0]!;
    assert.ok(Math.abs(bigger.band!.sdBetas / s.band!.sdBetas - ln1p(-0.75) / ln1p(-0.5)) < 0.05);
    assert.equal(bigger.band!.sdResidual, s.band!.sdResidual);
  });

  it('each symbol’s betas are the log-return OLS to its own last date, not the earliest of all', () => {
    const p = prices();
    const r = runShock({ shocks: { BTC: -0.3, NDX: -0.2 }, symbols: ['IREN', 'BITF', 'HIVE'], prices: p });
    assert.equal(r.asOf, '2026-05-29', 'default as-of: the last date the factors (BTC, NDX = QQQ) share');
    const [iren, bitf, hive] = r.symbols;
    assert.equal(iren!.asOf, '2026-05-29');
    assert.equal(bitf!.asOf, '2025-12-11', 'BITF’s data ends 2025-12-11: its own betas, not everyone’s pulled back');
    assert.equal(bitf!.status, 'ok');
    assert.match(bitf!.note!, /betas as of 2025-12-11/);
    assert.equal(hive!.asOf, '2026-05-29', 'HIVE runs to 2026-07-31, capped at the factors’ last date');
    for (const s of r.symbols) {
      const own = regressOver(p[s.symbol]!, [BTC_FACTOR, NDX_FACTOR], p, addDays(s.asOf!, -364), s.asOf!, 60, 'log');
      assert.deepEqual(s.regression, own);
      assert.equal(s.regression!.to, s.asOf);
    }
    // The log betas of IREN from returns rebuilt here from the CSVs (BTC-USD as of each IREN close, QQQ).
    const ir = csv('IREN');
    const btc = csv('BTC-USD');
    const qqq = csv('QQQ');
    const end = rowOnOrBefore(ir, '2026-05-29');
    const start = rowOnOrBefore(ir, addDays('2026-05-29', -365));
    const y: number[] = [];
    const xb: number[] = [];
    const xn: number[] = [];
    for (let i = start + 1; i <= end; i++) {
      const d0 = ir.dates[i - 1]!;
      const d1 = ir.dates[i]!;
      y.push(Math.log(ir.close[i]! / ir.close[i - 1]!));
      xb.push(Math.log(btc.close[rowOnOrBefore(btc, d1)]! / btc.close[rowOnOrBefore(btc, d0)]!));
      xn.push(Math.log(qqq.close[rowOnOrBefore(qqq, d1)]! / qqq.close[rowOnOrBefore(qqq, d0)]!));
    }
    const hand = handShock(y, xb, xn, [-0.3, -0.2], 1);
    assert.ok(Math.abs(iren!.regression!.beta.BTC! - hand.beta[0]!) < 1e-9 && Math.abs(iren!.regression!.beta.NDX! - hand.beta[1]!) < 1e-9);
    assert.ok(Math.abs(iren!.band!.low - hand.low) < 1e-9 && Math.abs(iren!.band!.high - hand.high) < 1e-9);
    // Not the simple-return betas of the pivot view (a different model), though close for daily moves.
    const pv = pivotAnalysis({ symbol: 'IREN', subject: p.IREN!, prices: p, asOf });
    assert.notDeepEqual(iren!.regression!.beta, pv.current.beta);
    assert.ok(Math.abs(iren!.regression!.beta.BTC! - pv.current.beta.BTC!) < 0.2);
    // Shocking AI uses the three-factor model.
    const three = runShock({ shocks: { BTC: -0.3, NDX: -0.2, AI: -0.35 }, symbols: ['IREN'], prices: p, asOf });
    assert.deepEqual(three.factors, ['BTC', 'NDX', 'AI']);
    const t = three.symbols[0]!;
    const L = t.regression!.beta.BTC! * ln1p(-0.3) + t.regression!.beta.NDX! * ln1p(-0.2) + t.regression!.beta.AI! * ln1p(-0.35);
    assert.ok(Math.abs(t.explained - Math.expm1(L)) < 1e-15);
    assert.deepEqual(
      shockFactors(['AI']).map((f) => f.id),
      ['BTC', 'NDX', 'AI'],
    );
    assert.deepEqual(
      shockFactors(['ETH', 'BTC']).map((f) => f.id),
      ['BTC', 'NDX', 'ETH'],
    );
  });

  it('a portfolio: Σ w × member predictions, its band from the portfolio’s own log regression to its members’ common last date', () => {
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
    const x = [0, ln1p(-0.2), ln1p(-0.35)];
    let q = 0;
    for (let j = 0; j < 3; j++) for (let l = 0; l < 3; l++) q += x[j]! * port.regression!.betaCov[j]![l]! * x[l]!;
    const sd = Math.sqrt(q + port.regression!.residualStd ** 2);
    assert.ok(Math.abs(port.band!.low - ((1 + port.explained) * Math.exp(-1.645 * sd) - 1)) < 1e-14);
    assert.ok(Math.abs(port.band!.high - ((1 + port.explained) * Math.exp(1.645 * sd) - 1)) < 1e-14);
    // Diversification: the portfolio's residual σ is below the weighted sum of the members'.
    const wsum = w.reduce((a, m) => a + m.weight * r.symbols.find((s) => s.symbol === m.symbol)!.regression!.residualStd, 0);
    assert.ok(port.regression!.residualStd < wsum);
    assert.equal(port.survivorship, 'the whole portfolio (3 of 3 members) had prices and betas as of the date');
    // With BITF (data to 2025-12-11), the portfolio regression ends at that date.
    const withBitf = runShock({ shocks: { BTC: -0.3 }, symbols: [], prices: p, weights: [...w, { symbol: 'BITF', weight: 0.25 }] });
    assert.equal(withBitf.portfolio!.regression!.to, '2025-12-11');
  });

  it('a symbol without data as of the date; bad shocks', () => {
    const p = prices();
    const r = runShock({ shocks: { BTC: -0.3 }, symbols: ['BITF', 'CRWV'], prices: p, asOf: '2027-01-15' });
    assert.equal(r.asOf, '2026-05-29', 'an as-of past the factors’ data is capped at their last date');
    const late = runShock({ shocks: { BTC: -0.3 }, symbols: ['DOGE', 'CRWV'], prices: { ...p, DOGE: snapshot().get('DOGE')! }, asOf });
    assert.equal(late.symbols[0]!.status, 'no-data');
    assert.match(late.symbols[0]!.note!, /data ends 2024-12-06, more than the 365-day lookback before 2026-05-29/);
    assert.equal(late.symbols[1]!.status, 'ok');
    // CRWV listed on 2025-03-28: too few sessions for betas seven weeks later.
    const young = runShock({ shocks: { BTC: -0.3 }, symbols: ['CRWV'], prices: p, asOf: '2025-05-15' }).symbols[0]!;
    assert.equal(young.status, 'no-model');
    assert.match(young.note!, /fewer than the 60 needed/);
    assert.equal(young.band, null);
    assert.throws(() => runShock({ shocks: {}, symbols: ['IREN'], prices: p, asOf }), /no shock given/);
    assert.throws(() => runShock({ shocks: { BTC: -1.5 }, symbols: ['IREN'], prices: p, asOf }), /must be a return above -1/);
    assert.throws(() => runShock({ shocks: { BTC: -1 }, symbols: ['IREN'], prices: p, asOf }), /must be a return above -1/);
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
    for (const bad of ['BTC', 'BTC=-150%', 'BTC=-100%', 'BTC=-1', 'BTC=x', 'BTC=-0.1,btc=-0.2', 'BTC=-0.1;NDX=-0.2'])
      assert.throws(() => parseShocks(bad), AnalyticsError, bad);
  });
});
