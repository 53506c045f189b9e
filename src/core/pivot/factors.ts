/**
 * Factors and aligned factor returns for the pivot regressions and the scenario engine.
 *
 * Factors:
 * - `BTC`: bitcoin (the 7-day series, taken as of each equity session).
 * - `NDX`: the NASDAQ-100 (`^NDX`, or QQQ where the store falls back to it).
 * - `AI`: an AI-infrastructure factor, the EQUAL-WEIGHT, daily-rebalanced basket of NVDA, AMZN,
 *   GOOGL, MSFT and CRWV: on each session, the mean of the simple returns of the members that
 *   have one (CRWV only from its 2025-03-28 listing, so earlier rows average four names). Equal
 *   weights rather than market caps so that no single mega-cap is the factor; the members are the
 *   universe's AI group (src/core/universe.ts AI_INFRA).
 * - any other symbol with prices (`ETH`, `NVDA`, `MSTR`, …): a user-defined single-name factor.
 *
 * Alignment (docs/RISK_CONVENTIONS.md, "Mixed calendars"): PRICES are aligned on the subject's own
 * sessions — each factor member's close as of each session (the last observation dated at or
 * before it, never a later one, and none older than {@link MAX_STALENESS_DAYS} days) — and only
 * then turned into simple returns, so BTC's Friday→Monday return includes the weekend. A row
 * with a missing price on either side is NaN; the regressions drop it.
 */
import { indexAtOrBefore, pricesToReturns } from '../calendar';
import { MAX_STALENESS_DAYS } from '../report';
import type { IsoDate } from '../types';
import { AI_INFRA } from '../universe';
import { olsHac, type HacResult } from './hac';
import type { OlsResult } from './regression';

export { MAX_STALENESS_DAYS };

/** Daily closes in ascending date order (a {@link DailySeries} fits). */
export interface PriceSeries {
  dates: readonly IsoDate[];
  close: readonly number[];
}

/** Price series by Hashpivot symbol (`IREN`, `BTC`, `NDX`, `NVDA`, …). */
export type PriceMap = Readonly<Record<string, PriceSeries | undefined>>;

/** Bad input or missing data for an analysis; the message is meant for the user. */
export class AnalyticsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyticsError';
  }
}

export interface FactorSpec {
  /** `BTC`, `NDX`, `AI` or a symbol. */
  id: string;
  name: string;
  /** Symbols whose prices make the factor (one, or the basket's members). */
  members: readonly string[];
  description: string;
}

export const BTC_FACTOR: FactorSpec = { id: 'BTC', name: 'Bitcoin', members: ['BTC'], description: 'BTC close as of each equity session' };
export const NDX_FACTOR: FactorSpec = { id: 'NDX', name: 'NASDAQ-100', members: ['NDX'], description: 'NASDAQ-100 (^NDX, QQQ as fallback)' };
export const AI_FACTOR: FactorSpec = {
  id: 'AI',
  name: 'AI infrastructure',
  members: AI_INFRA.map((e) => e.symbol),
  description: `equal-weight, daily-rebalanced ${AI_INFRA.map((e) => e.symbol).join('/')} (members with a return that day)`,
};
export const BUILTIN_FACTORS: readonly FactorSpec[] = [BTC_FACTOR, NDX_FACTOR, AI_FACTOR];

/** The built-in factor of an id (`btc`, `ndx`, `ai`, case-insensitive), else a single-symbol factor. */
export function factorSpec(id: string): FactorSpec {
  const u = id.trim().toUpperCase();
  const b = BUILTIN_FACTORS.find((f) => f.id === u);
  if (b) return b;
  if (!/^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/.test(u)) throw new AnalyticsError(`not a factor or symbol: "${id}"`);
  return { id: u, name: u, members: [u], description: `${u} (user-defined single-name factor)` };
}

/** Every symbol whose prices the factors need. */
export function factorSymbols(factors: readonly FactorSpec[]): string[] {
  return [...new Set(factors.flatMap((f) => f.members))];
}

/** Days since 1970-01-01 of a well-formed ISO date (no validation: the dates come from series). */
function dayOf(d: IsoDate): number {
  return Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;
}

/**
 * `valuesAsOf(targets, dates, values, { maxStalenessDays })` (calendar.ts) in one O(n + m) pass
 * with the day arithmetic done on numbers: the last finite value dated at or before each target,
 * NaN when there is none or it is more than `maxStalenessDays` older than the target.
 */
export function valuesAsOfFresh(targets: readonly IsoDate[], dates: readonly IsoDate[], values: readonly number[], maxStalenessDays: number): number[] {
  const out = new Array<number>(targets.length);
  if (targets.length === 0) return out;
  // Start at the first target by binary search (the series may be far longer than the targets).
  let j = indexAtOrBefore(dates, targets[0]!);
  let k = j; // the last index <= j with a finite value
  while (k >= 0 && !Number.isFinite(values[k]!)) k--;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    while (j + 1 < dates.length && dates[j + 1]! <= t) {
      j++;
      if (Number.isFinite(values[j]!)) k = j;
    }
    if (k < 0) out[i] = NaN;
    else if (dates[k] === t) out[i] = values[k]!;
    else out[i] = dayOf(t) - dayOf(dates[k]!) > maxStalenessDays ? NaN : values[k]!;
  }
  return out;
}

/**
 * Simple returns of a factor between consecutive `sessions` (length `sessions.length - 1`):
 * members' prices as of each session, then returns; a basket averages the members' finite
 * returns of each row (NaN when none has one). Throws when no member has prices.
 */
export function factorReturnsOn(sessions: readonly IsoDate[], factor: FactorSpec, prices: PriceMap): number[] {
  const present = factor.members.filter((m) => prices[m] && prices[m]!.dates.length > 0);
  if (present.length === 0) throw new AnalyticsError(`no price data for factor ${factor.id} (${factor.members.join(', ')})`);
  const cols = present.map((m) => pricesToReturns(valuesAsOfFresh(sessions, prices[m]!.dates, prices[m]!.close, MAX_STALENESS_DAYS)));
  if (cols.length === 1) return cols[0]!;
  const out = new Array<number>(Math.max(0, sessions.length - 1));
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    let c = 0;
    for (const col of cols) {
      const r = col[i]!;
      if (Number.isFinite(r)) {
        s += r;
        c++;
      }
    }
    out[i] = c > 0 ? s / c : NaN;
  }
  return out;
}

/** Returns of a subject and its factors on the subject's sessions. */
export interface AlignedRows {
  /** The session each return ends on. */
  dates: IsoDate[];
  /** The subject's simple returns. */
  y: number[];
  /** `x[j]`: factor j's returns, row-aligned with y. */
  x: number[][];
  factors: string[];
}

/** Index of the first date `>= target` in ascending dates (dates.length if none). */
export function indexAtOrAfter(dates: readonly IsoDate[], target: IsoDate): number {
  const i = indexAtOrBefore(dates, target);
  return i >= 0 && dates[i] === target ? i : i + 1;
}

/**
 * The subject's returns ending on sessions in [from, to] (the first one's base is the session
 * before `from`) with each factor's returns on the same sessions.
 */
export function alignedFactorRows(subject: PriceSeries, factors: readonly FactorSpec[], prices: PriceMap, from: IsoDate | undefined, to: IsoDate): AlignedRows {
  const end = indexAtOrBefore(subject.dates, to);
  const first = from === undefined ? 0 : Math.max(0, indexAtOrAfter(subject.dates, from) - 1);
  if (end < 0 || first >= end) return { dates: [], y: [], x: factors.map(() => []), factors: factors.map((f) => f.id) };
  const sessions = subject.dates.slice(first, end + 1);
  const y = pricesToReturns(subject.close.slice(first, end + 1));
  const x = factors.map((f) => factorReturnsOn(sessions, f, prices));
  return { dates: sessions.slice(1), y, x, factors: factors.map((f) => f.id) };
}

/** An OLS fit with its figures keyed by factor id (for views and JSON). */
export interface Regression {
  factors: string[];
  /** Rows used (pairwise complete). */
  n: number;
  /** Per-session intercept. */
  alpha: number;
  alphaSe: number;
  alphaT: number;
  beta: Record<string, number>;
  se: Record<string, number>;
  t: Record<string, number>;
  r2: number;
  adjR2: number;
  /** Per-session residual standard deviation. */
  residualStd: number;
  /** Annualized (×√252) residual volatility. */
  residualVol: number;
  /** Classic covariance of the slopes (`s² Cxx⁻¹`), rows and columns in `factors` order. */
  betaCov: number[][];
  /** Newey–West (HAC) standard errors of the slopes (hac.ts: Bartlett kernel, small-sample factor n/(n − k − 1)). */
  hacSe: Record<string, number>;
  /** The Bartlett lags of `hacSe`: floor(4 (n/100)^(2/9)); NaN when the fit is degenerate. */
  hacLags: number;
}

/** A regression over a date range: the first and last return dates used, and why it is empty if it is. */
export interface PeriodRegression extends Regression {
  from: IsoDate | null;
  to: IsoDate | null;
  /** Set when the fit is NaN (too few rows, no data). */
  note: string | null;
}

export function keyedRegression(fit: OlsResult, factors: readonly string[], hac?: Pick<HacResult, 'se' | 'lags'>): Regression {
  const rec = (a: readonly number[]) => Object.fromEntries(factors.map((f, j) => [f, a[j]!]));
  return {
    factors: [...factors],
    n: fit.n,
    alpha: fit.alpha,
    alphaSe: fit.alphaSe,
    alphaT: fit.alphaT,
    beta: rec(fit.beta),
    se: rec(fit.se),
    t: rec(fit.t),
    r2: fit.r2,
    adjR2: fit.adjR2,
    residualStd: fit.residualStd,
    residualVol: fit.residualVol,
    betaCov: fit.betaCov.map((r) => [...r]),
    hacSe: rec(hac?.se ?? factors.map(() => NaN)),
    hacLags: hac?.lags ?? NaN,
  };
}

export function nanRegression(factors: readonly string[], n: number, note: string): PeriodRegression {
  const fit: OlsResult = {
    n,
    k: factors.length,
    alpha: NaN,
    alphaSe: NaN,
    alphaT: NaN,
    beta: factors.map(() => NaN),
    se: factors.map(() => NaN),
    t: factors.map(() => NaN),
    r2: NaN,
    adjR2: NaN,
    residualStd: NaN,
    residualVol: NaN,
    betaCov: factors.map(() => factors.map(() => NaN)),
  };
  return { ...keyedRegression(fit, factors), from: null, to: null, note };
}

/** Periods per year of regressions on equity sessions. */
export const EQUITY_PPY = 252;

/** `simple`: regress simple returns; `log`: log returns ln(1 + r) of the subject and of every factor. */
export type ReturnKind = 'simple' | 'log';

/** The rows with every return r turned into ln(1 + r) (a basket factor: ln(1 + its equal-weight simple return)). */
export function logRows(rows: AlignedRows): AlignedRows {
  const lg = (v: number) => Math.log1p(v);
  return { ...rows, y: rows.y.map(lg), x: rows.x.map((c) => c.map(lg)) };
}

/**
 * The multi-factor OLS of the subject's returns ending in [from, to] on the factors (simple or
 * log returns); NaN fields with a note when fewer than `minRows` complete rows.
 */
export function regressOver(
  subject: PriceSeries,
  factors: readonly FactorSpec[],
  prices: PriceMap,
  from: IsoDate | undefined,
  to: IsoDate,
  minRows: number,
  returns: ReturnKind = 'simple',
): PeriodRegression {
  const rows = alignedFactorRows(subject, factors, prices, from, to);
  return regressRows(returns === 'log' ? logRows(rows) : rows, minRows);
}

export function regressRows(rows: AlignedRows, minRows: number): PeriodRegression {
  const hac = olsHac(rows.y, rows.x, { periodsPerYear: EQUITY_PPY });
  const fit = hac.fit;
  let firstUsed: IsoDate | null = null;
  let lastUsed: IsoDate | null = null;
  for (let i = 0; i < rows.y.length; i++) {
    if (!Number.isFinite(rows.y[i]!) || rows.x.some((c) => !Number.isFinite(c[i]!))) continue;
    firstUsed ??= rows.dates[i]!;
    lastUsed = rows.dates[i]!;
  }
  if (fit.n < minRows)
    return { ...nanRegression(rows.factors, fit.n, `${fit.n} complete rows, fewer than the ${minRows} needed`), from: firstUsed, to: lastUsed };
  const keyed = keyedRegression(fit, rows.factors, hac);
  const note = Number.isNaN(fit.beta[0]!) ? 'degenerate regression (a factor without variance, or collinear factors)' : null;
  return { ...keyed, from: firstUsed, to: lastUsed, note };
}
