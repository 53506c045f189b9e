/**
 * Watchlist portfolios: weights (validated and normalised to sum to 1) and the portfolio's daily
 * returns.
 *
 * Daily returns: on the COMMON sessions of the members — the dates on which every member has a
 * close — each member's simple return between consecutive common sessions, and the portfolio
 * return `Σ w_i r_i` (weights rebalanced every session). A 7-day asset (BTC) has a close every
 * day, so next to equities the common sessions are the equity sessions and BTC's return runs
 * from one session's close to the next (the weekend included), as docs/RISK_CONVENTIONS.md asks; a
 * session one member lacks (a halt, a missing bar) is skipped by all, so the next return spans
 * both days for everyone rather than mixing horizons.
 */
import { indexAtOrBefore } from '../calendar';
import { AnalyticsError, indexAtOrAfter, type PriceMap } from '../pivot/factors';
import type { IsoDate } from '../types';

export interface Weight {
  symbol: string;
  weight: number;
}

/**
 * Checks and normalises weights to sum to 1. Individual weights may be negative (a short) as
 * long as the sum is positive. Throws {@link AnalyticsError} on an empty list, a duplicate, a
 * non-finite weight, or a sum that is not positive.
 */
export function normaliseWeights(weights: readonly Weight[]): Weight[] {
  if (weights.length === 0) throw new AnalyticsError('no weights given');
  const seen = new Set<string>();
  let sum = 0;
  for (const w of weights) {
    if (!w.symbol) throw new AnalyticsError('a weight without a symbol');
    if (seen.has(w.symbol)) throw new AnalyticsError(`${w.symbol} is given twice in the weights`);
    seen.add(w.symbol);
    if (!Number.isFinite(w.weight)) throw new AnalyticsError(`the weight of ${w.symbol} is not a number: ${String(w.weight)}`);
    sum += w.weight;
  }
  if (!(sum > 1e-12)) throw new AnalyticsError(`the weights sum to ${sum}; they must sum to a positive number`);
  return weights.map((w) => ({ symbol: w.symbol, weight: w.weight / sum }));
}

export function equalWeights(symbols: readonly string[]): Weight[] {
  return symbols.map((symbol) => ({ symbol, weight: 1 / symbols.length }));
}

export interface PortfolioReturns {
  /** The common sessions: the base of the first return, then one per return. */
  sessions: IsoDate[];
  /** The session each return ends on. */
  dates: IsoDate[];
  /** Portfolio simple returns (daily rebalanced). */
  returns: number[];
  members: string[];
  /** `memberReturns[i]`: member i's returns, row-aligned with `returns`. */
  memberReturns: number[][];
}

/**
 * Daily returns of the (normalised) portfolio ending on common sessions in [from, to]; the first
 * return's base is the common session before `from`.
 */
export function portfolioReturns(weights: readonly Weight[], prices: PriceMap, from: IsoDate | undefined, to: IsoDate): PortfolioReturns {
  const w = normaliseWeights(weights);
  const series = w.map((m) => {
    const s = prices[m.symbol];
    if (!s || s.dates.length === 0) throw new AnalyticsError(`no price data for ${m.symbol}`);
    return s;
  });
  // Common sessions with a finite close for every member (up to `to`).
  const maps = series.map((s) => {
    const m = new Map<IsoDate, number>();
    const end = indexAtOrBefore(s.dates, to);
    for (let i = 0; i <= end; i++) if (Number.isFinite(s.close[i]!) && s.close[i]! > 0) m.set(s.dates[i]!, s.close[i]!);
    return m;
  });
  const smallest = maps.reduce((a, b) => (b.size < a.size ? b : a));
  const common = [...smallest.keys()].filter((d) => maps.every((m) => m.has(d))).sort();
  const start = from === undefined ? 0 : Math.max(0, indexAtOrAfter(common, from) - 1);
  const sessions = common.slice(start);
  const n = Math.max(0, sessions.length - 1);
  const memberReturns = maps.map((m) => {
    const r = new Array<number>(n);
    for (let i = 0; i < n; i++) r[i] = m.get(sessions[i + 1]!)! / m.get(sessions[i]!)! - 1;
    return r;
  });
  const returns = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j]!.weight * memberReturns[j]![i]!;
    returns[i] = s;
  }
  return { sessions, dates: sessions.slice(1), returns, members: w.map((m) => m.symbol), memberReturns };
}
