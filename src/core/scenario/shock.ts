/**
 * Hypothetical shocks: an instantaneous move of one or more factors, pushed through each
 * symbol's current betas.
 *
 * Model: the multi-factor OLS of each symbol's daily returns over the `lookbackDays` (365)
 * calendar days to the as-of date, on BTC and the NASDAQ-100 always (the two-factor model), plus
 * every other shocked factor (AI, or a user-defined symbol): shocking AI uses the three-factor
 * BTC + NDX + AI model; at most 4 factors. A model factor the scenario does not shock is held at
 * 0: the shock is a partial move (BTC -30% with the NASDAQ-100 flat), not "BTC -30% and whatever
 * usually comes with it".
 *
 * predicted = Σ beta_f × shock_f (no intercept), with each factor's contribution. A shock has no
 * "unexplained" part (nothing happened): instead, `band` = predicted ± 1.645 × residual daily σ ×
 * √days, a 90% normal band for the idiosyncratic move over `bandDays` (default 1: the shock
 * lands in one session). Linear betas on daily returns: a large shock extrapolates them, and
 * betas are not stable under stress (compare the replays).
 *
 * Portfolio: Σ w × (each member's result); its band uses the residual σ of the same regression
 * run on the portfolio's own daily returns (which diversifies the idiosyncratic risk).
 */
import { addDays } from '../calendar';
import {
  AI_FACTOR,
  AnalyticsError,
  BTC_FACTOR,
  factorReturnsOn,
  factorSpec,
  MAX_STALENESS_DAYS,
  NDX_FACTOR,
  regressOver,
  regressRows,
  type FactorSpec,
  type PriceMap,
} from '../pivot/factors';
import type { IsoDate } from '../types';
import { aggregatePortfolio } from './aggregate';
import { portfolioReturns, type Weight } from './portfolio';
import { checkFactors } from './replay';
import { BAND_Z, DEFAULT_LOOKBACK_DAYS, DEFAULT_SCENARIO_MIN_ROWS, type Band, type ScenarioResult, type ScenarioSymbolResult } from './types';

export interface ShockInput {
  /** Factor id (`BTC`, `NDX`, `AI`, or a symbol) -> move as a fraction. */
  shocks: Readonly<Record<string, number>>;
  id?: string;
  name?: string;
  description?: string;
  symbols: readonly string[];
  prices: PriceMap;
  /** The betas are estimated over the lookback to this date. */
  asOf: IsoDate;
  weights?: readonly Weight[];
  lookbackDays?: number;
  minRows?: number;
  /** Sessions the idiosyncratic band spans; default 1. */
  bandDays?: number;
}

/** The model's factors for a set of shocked factor ids: BTC, NDX, then the others shocked. */
export function shockFactors(shocked: readonly string[]): FactorSpec[] {
  const out: FactorSpec[] = [BTC_FACTOR, NDX_FACTOR];
  for (const id of shocked) {
    const f = factorSpec(id);
    if (!out.some((o) => o.id === f.id)) out.push(f.id === 'AI' ? AI_FACTOR : f);
  }
  return out;
}

function band(center: number, residualStd: number, days: number): Band {
  const h = BAND_Z * residualStd * Math.sqrt(days);
  return { level: 0.9, days, low: center - h, high: center + h };
}

export function runShock(input: ShockInput): ScenarioResult {
  const { prices, asOf } = input;
  const entries = Object.entries(input.shocks);
  if (entries.length === 0) throw new AnalyticsError('no shock given');
  const shocks: Record<string, number> = {};
  for (const [k, v] of entries) {
    const id = factorSpec(k).id;
    if (id in shocks) throw new AnalyticsError(`factor ${id} is shocked twice`);
    if (!Number.isFinite(v) || v < -1) throw new AnalyticsError(`the shock of ${id} must be a return >= -1 (-100%), got ${String(v)}`);
    shocks[id] = v;
  }
  const factors = shockFactors(Object.keys(shocks));
  checkFactors(factors, prices);
  const lookbackDays = input.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const minRows = input.minRows ?? DEFAULT_SCENARIO_MIN_ROWS;
  const bandDays = input.bandDays ?? 1;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 30)) throw new AnalyticsError(`lookback must be at least 30 days, got ${lookbackDays}`);
  if (!(Number.isInteger(bandDays) && bandDays >= 1)) throw new AnalyticsError(`the band's days must be a positive integer, got ${bandDays}`);
  const from = addDays(asOf, -lookbackDays + 1);
  const moves = Object.fromEntries(factors.map((f) => [f.id, shocks[f.id] ?? 0]));

  const symbols = [...new Set([...input.symbols, ...(input.weights ?? []).map((w) => w.symbol)])];
  const rows: ScenarioSymbolResult[] = symbols.map((symbol) => {
    const base: ScenarioSymbolResult = {
      symbol,
      status: 'no-data',
      note: null,
      start: null,
      end: null,
      actual: NaN,
      explained: NaN,
      unexplained: NaN,
      contributions: [],
      regression: null,
      band: null,
    };
    const s = prices[symbol];
    if (!s || s.dates.length === 0) return { ...base, note: 'no price data' };
    if (s.dates[0]! > asOf) return { ...base, note: `data starts ${s.dates[0]}, after ${asOf}` };
    if (addDays(s.dates.at(-1)!, MAX_STALENESS_DAYS) < asOf) return { ...base, note: `data ends ${s.dates.at(-1)}, before ${asOf}` };
    const regression = regressOver(s, factors, prices, from, asOf, minRows);
    const contributions = factors.map((f) => ({
      factor: f.id,
      beta: regression.beta[f.id]!,
      se: regression.se[f.id]!,
      move: moves[f.id]!,
      contribution: regression.beta[f.id]! * moves[f.id]!,
    }));
    const explained = contributions.reduce((a, c) => a + c.contribution, 0);
    const ok = !regression.note;
    return {
      ...base,
      status: ok ? 'ok' : 'no-model',
      note: ok ? null : `no betas: ${regression.note}`,
      explained,
      contributions,
      regression,
      band: ok ? band(explained, regression.residualStd, bandDays) : null,
    };
  });

  const factorIds = factors.map((f) => f.id);
  let portfolio = null;
  if (input.weights) {
    portfolio = aggregatePortfolio(rows, input.weights, factorIds, 'shock');
    if (portfolio.weights.length > 0) {
      const pr = portfolioReturns(portfolio.weights, prices, from, asOf);
      const x = factors.map((f) => factorReturnsOn(pr.sessions, f, prices));
      const reg = regressRows({ dates: pr.dates, y: pr.returns, x, factors: factorIds }, minRows);
      portfolio.regression = reg;
      portfolio.band = reg.note ? null : band(portfolio.explained, reg.residualStd, bandDays);
    }
  }
  const named = Object.entries(shocks)
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`)
    .join(', ');
  return {
    kind: 'shock',
    id: input.id ?? 'custom',
    name: input.name ?? named,
    description: input.description ?? `user-defined shock: ${named}`,
    start: null,
    end: null,
    shocks,
    factors: factorIds,
    factorMoves: moves,
    asOf,
    lookbackDays,
    attribution: null,
    symbols: rows,
    portfolio,
    notes: [
      `betas: ${factorIds.join(' + ')} OLS of daily returns over the ${lookbackDays} days to ${asOf}; factors not shocked are held at 0`,
      'predicted = Σ beta × shock (no intercept); a hypothetical shock has no unexplained part',
      `band: predicted ± ${BAND_Z} × residual daily σ × √${bandDays} (90%, normal)`,
    ],
  };
}
