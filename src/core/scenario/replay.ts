/**
 * Historical replays: what each symbol actually did over a past window, and how much of it its
 * betas explain.
 *
 * Per symbol, on its own sessions:
 * - window: from its close on or before `start` to its close on or before `end` (each at most
 *   {@link MAX_STALENESS_DAYS} days before the date; otherwise the symbol has no data for the
 *   window — e.g. CORZ, whose data starts with its 2024 relisting);
 * - actual = close(end) / close(start) - 1, straight from the prices;
 * - factor returns over the same two sessions: a single-name factor's close as of each session
 *   (BTC's as of the equity close), a basket factor (AI) compounded from its daily equal-weight
 *   returns over the window's sessions;
 * - betas: the multi-factor OLS of its daily returns over the `lookbackDays` (365) calendar days
 *   up to the window's start session (only data from BEFORE the window: no look-ahead), at least
 *   `minRows` (60) complete rows;
 * - contribution_f = beta_f × factor return_f (`attribution: 'linear'`, the default);
 *   unexplained = actual - Σ contributions. The unexplained part holds the intercept,
 *   idiosyncratic news and the compounding a linear model on daily returns leaves out over a
 *   multi-day window. Over a long, deep window the linear form overshoots (BTC -76% over the 2022
 *   crypto winter times a beta of 1.3 is "-99%", and a sum of such terms can pass -100%):
 *   `attribution: 'compounded'` instead takes contribution_f = Π(1 + beta_f × r_f,t) - 1 over the
 *   window's daily factor returns (holding beta_f of the factor, rebalanced daily), which stays
 *   above -100%; the cross terms between factors then fall into the unexplained part. Either
 *   way contributions + unexplained = actual.
 */
import { addDays, dayNumber, indexAtOrBefore } from '../calendar';
import {
  AnalyticsError,
  BTC_FACTOR,
  factorReturnsOn,
  MAX_STALENESS_DAYS,
  NDX_FACTOR,
  regressOver,
  valuesAsOfFresh,
  type FactorSpec,
  type PriceMap,
  type PriceSeries,
} from '../pivot/factors';
import { MAX_FACTORS } from '../pivot/regression';
import type { IsoDate } from '../types';
import { aggregatePortfolio } from './aggregate';
import type { ReplayDefinition } from './definitions';
import type { Weight } from './portfolio';
import {
  DEFAULT_LOOKBACK_DAYS,
  DEFAULT_SCENARIO_MIN_ROWS,
  emptySymbolResult,
  type FactorContribution,
  type ReplayAttribution,
  type ScenarioResult,
  type ScenarioSymbolResult,
} from './types';

export interface ReplayInput {
  /** A named replay, or a user window. */
  scenario: ReplayDefinition | { start: IsoDate; end: IsoDate; id?: string; name?: string; description?: string };
  symbols: readonly string[];
  /** Prices of the symbols and of every factor member. */
  prices: PriceMap;
  /** Default BTC, NDX. */
  factors?: readonly FactorSpec[];
  /** Optional portfolio (symbols not in `symbols` are added). */
  weights?: readonly Weight[];
  lookbackDays?: number;
  minRows?: number;
  /** `linear` (default): beta × window return; `compounded`: daily-compounded beta exposure. */
  attribution?: ReplayAttribution;
}

/** Index of the last finite close dated at or before `date`, -1 if none. */
export function closeIndexAtOrBefore(s: PriceSeries, date: IsoDate): number {
  let i = indexAtOrBefore(s.dates, date);
  while (i >= 0 && !Number.isFinite(s.close[i]!)) i--;
  return i;
}

/** A factor's return between two sessions of `calendar` (indices i0 < i1). */
function factorMove(factor: FactorSpec, calendar: readonly IsoDate[], i0: number, i1: number, prices: PriceMap): number {
  if (factor.members.length === 1) {
    const m = prices[factor.members[0]!];
    if (!m) return NaN;
    const v = valuesAsOfFresh([calendar[i0]!, calendar[i1]!], m.dates, m.close, MAX_STALENESS_DAYS);
    return v[1]! / v[0]! - 1;
  }
  const r = factorReturnsOn(calendar.slice(i0, i1 + 1), factor, prices);
  let w = 1;
  for (const x of r) if (Number.isFinite(x)) w *= 1 + x;
  return w - 1;
}

function checkWindow(start: IsoDate, end: IsoDate): void {
  for (const [name, d] of [
    ['start', start],
    ['end', end],
  ] as const) {
    try {
      dayNumber(d);
    } catch {
      throw new AnalyticsError(`the window's ${name} must be a date YYYY-MM-DD, got "${d}"`);
    }
  }
  if (!(start < end)) throw new AnalyticsError(`the window's start ${start} must be before its end ${end}`);
}

export function checkFactors(factors: readonly FactorSpec[], prices: PriceMap): void {
  if (factors.length === 0 || factors.length > MAX_FACTORS)
    throw new AnalyticsError(`a scenario model takes 1 to ${MAX_FACTORS} factors, got ${factors.length}`);
  const ids = new Set<string>();
  for (const f of factors) {
    if (ids.has(f.id)) throw new AnalyticsError(`factor ${f.id} is given twice`);
    ids.add(f.id);
    if (!f.members.some((m) => prices[m]?.dates.length)) throw new AnalyticsError(`no price data for factor ${f.id} (${f.members.join(', ')})`);
  }
}

/** Π(1 + beta × r_t) - 1 over a factor's daily returns between sessions i0 < i1 (NaN rows skipped). */
function compoundedExposure(factor: FactorSpec, calendar: readonly IsoDate[], i0: number, i1: number, prices: PriceMap, beta: number): number {
  const r = factorReturnsOn(calendar.slice(i0, i1 + 1), factor, prices);
  let w = 1;
  let any = false;
  for (const x of r) {
    if (!Number.isFinite(x)) continue;
    any = true;
    w *= 1 + beta * x;
  }
  return any ? w - 1 : NaN;
}

function replaySymbol(
  symbol: string,
  start: IsoDate,
  end: IsoDate,
  factors: readonly FactorSpec[],
  prices: PriceMap,
  lookbackDays: number,
  minRows: number,
  attribution: ReplayAttribution,
): ScenarioSymbolResult {
  const base = emptySymbolResult(symbol);
  const s = prices[symbol];
  if (!s || s.dates.length === 0) return { ...base, note: 'no price data' };
  const i0 = closeIndexAtOrBefore(s, start);
  if (i0 < 0 || dayNumber(start) - dayNumber(s.dates[i0]!) > MAX_STALENESS_DAYS)
    return { ...base, note: `no close on or shortly before ${start} (data starts ${s.dates[0]})` };
  const i1 = closeIndexAtOrBefore(s, end);
  if (dayNumber(end) - dayNumber(s.dates[i1]!) > MAX_STALENESS_DAYS)
    return { ...base, note: `no close on or shortly before ${end} (data ends ${s.dates.at(-1)})` };
  if (i1 <= i0) return { ...base, note: `no session between ${start} and ${end}` };
  const startSession = s.dates[i0]!;
  const endSession = s.dates[i1]!;
  const actual = s.close[i1]! / s.close[i0]! - 1;
  const regression = regressOver(s, factors, prices, addDays(startSession, -lookbackDays + 1), startSession, minRows);
  const contributions: FactorContribution[] = factors.map((f) => {
    const move = factorMove(f, s.dates, i0, i1, prices);
    const beta = regression.beta[f.id]!;
    const contribution = attribution === 'compounded' && Number.isFinite(move) ? compoundedExposure(f, s.dates, i0, i1, prices, beta) : beta * move;
    return { factor: f.id, beta, se: regression.se[f.id]!, move, contribution, logContribution: null };
  });
  const explained = contributions.reduce((acc, c) => acc + c.contribution, 0);
  let status: ScenarioSymbolResult['status'] = 'ok';
  let note: string | null = null;
  if (regression.note) {
    status = 'no-model';
    note = `no betas before the window: ${regression.note}`;
  } else if (contributions.some((c) => !Number.isFinite(c.move))) {
    status = 'no-model';
    note = `no factor prices for ${contributions
      .filter((c) => !Number.isFinite(c.move))
      .map((c) => c.factor)
      .join(', ')} in the window`;
  }
  return { ...base, status, note, start: startSession, end: endSession, actual, explained, unexplained: actual - explained, contributions, regression };
}

/** Replays a window over the symbols (and the portfolio, when weights are given). */
export function runReplay(input: ReplayInput): ScenarioResult {
  const { scenario, prices } = input;
  checkWindow(scenario.start, scenario.end);
  const factors = input.factors ?? [BTC_FACTOR, NDX_FACTOR];
  checkFactors(factors, prices);
  const lookbackDays = input.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const minRows = input.minRows ?? DEFAULT_SCENARIO_MIN_ROWS;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 30)) throw new AnalyticsError(`lookback must be at least 30 days, got ${lookbackDays}`);
  const attribution = input.attribution ?? 'linear';
  if (attribution !== 'linear' && attribution !== 'compounded')
    throw new AnalyticsError(`attribution must be linear or compounded, got "${String(attribution)}"`);
  const symbols = [...new Set([...input.symbols, ...(input.weights ?? []).map((w) => w.symbol)])];
  const rows = symbols.map((sym) => replaySymbol(sym, scenario.start, scenario.end, factors, prices, lookbackDays, minRows, attribution));

  // The factors' own moves over the window, on the NASDAQ-100's sessions (BTC's days without it).
  const cal = prices['NDX'] ?? prices['BTC'];
  const factorMoves: Record<string, number> = {};
  if (cal) {
    const a = closeIndexAtOrBefore(cal, scenario.start);
    const b = closeIndexAtOrBefore(cal, scenario.end);
    for (const f of factors) factorMoves[f.id] = a >= 0 && b > a ? factorMove(f, cal.dates, a, b, prices) : NaN;
  }
  const id = 'id' in scenario && scenario.id ? scenario.id : `${scenario.start}..${scenario.end}`;
  const factorIds = factors.map((f) => f.id);
  const portfolio = input.weights ? aggregatePortfolio(rows, input.weights, factorIds, 'replay') : null;
  return {
    kind: 'replay',
    id,
    name: ('name' in scenario && scenario.name) || `${scenario.start} to ${scenario.end}`,
    description: ('description' in scenario && scenario.description) || 'a user-defined window',
    start: scenario.start,
    end: scenario.end,
    shocks: null,
    factors: factorIds,
    factorMoves,
    asOf: null,
    model:
      attribution === 'linear'
        ? `actual return split into beta × factor return (betas: OLS of daily simple returns on ${factorIds.join(' + ')} over the ${lookbackDays} days before the window) and an unexplained part`
        : `actual return split into daily-compounded beta exposures (betas: OLS of daily simple returns on ${factorIds.join(' + ')} over the ${lookbackDays} days before the window) and an unexplained part`,
    lookbackDays,
    attribution,
    symbols: rows,
    portfolio,
    notes: [
      `actual: close on or before ${scenario.end} / close on or before ${scenario.start} - 1, per symbol on its own sessions`,
      `betas: ${factorIds.join(' + ')} OLS of daily returns over the ${lookbackDays} days up to each symbol's window start (no data from inside the window)`,
      attribution === 'linear'
        ? 'contribution = beta × factor return over the same sessions; unexplained = actual - Σ contributions (intercept, idiosyncratic moves, compounding)'
        : 'contribution = Π(1 + beta × daily factor return) - 1 over the window (daily-rebalanced beta exposure); unexplained = actual - Σ contributions (intercept, idiosyncratic moves, cross terms)',
    ],
  };
}
