/**
 * The holdings as inputs to the engines that take weights or a price series. Pure.
 *
 * - {@link holdingsWeights}: weights from market values over the priced positions (cash left
 *   out), normalised over the net exposure `invested` — the scenario, bootstrap VaR and the CLI's
 *   `var/scenario --portfolio` apply a portfolio return to that amount, and cash does not move.
 * - {@link holdingsValueSeries}: today’s holdings held through history (buy and hold, quantities
 *   fixed, cash constant): value_t = cash + Σ qᵢ · closeᵢ,t on the sessions every position has a
 *   close (a 7-day asset next to equities takes its close of each equity session, as in
 *   src/core/scenario/portfolio.ts). It is what the positions you hold now would have done — not
 *   your account's history (trades and deposits are not known).
 */
import type { PriceMap } from '../pivot/factors';
import type { Weight } from '../scenario/portfolio';
import type { DailySeries, IsoDate, SourceKind } from '../types';
import { portfolioValueHistory, type PortfolioValuation } from './valuation';

/** The symbol the portfolio's own series carries in views (never a ticker: tickers are upper case). */
export const PORTFOLIO_SERIES_ID = 'Portfolio';

export type HoldingsWeights = { ok: true; weights: Weight[]; invested: number } | { ok: false; reason: string };

/** Market-value weights over the priced positions; a reason instead when a position has no price or the net exposure is not positive. */
export function holdingsWeights(v: PortfolioValuation): HoldingsWeights {
  if (v.positions.length === 0) return { ok: false, reason: 'the holdings have no positions' };
  const unpriced = v.positions.filter((p) => p.value === null);
  if (unpriced.length) return { ok: false, reason: `no price on the as-of date for ${unpriced.map((p) => p.symbol).join(', ')}` };
  const invested = v.totals.invested;
  if (!(invested > 0))
    return {
      ok: false,
      reason: `the holdings' net market value is ${invested.toFixed(2)} USD: weights from market values need a net long portfolio (the Portfolio view and "hashpivot portfolio" give the VaR of any holdings)`,
    };
  return { ok: true, weights: v.positions.map((p) => ({ symbol: p.symbol, weight: p.value! / invested })), invested };
}

const RANK: Record<SourceKind, number> = { snapshot: 0, cache: 1, live: 2 };

/**
 * Today's holdings valued on every session they share to `to`, as a series for the views
 * (src/core/portfolio/valuation `portfolioValueHistory` over the whole history); undefined when a
 * position has no price or no series, the positions share fewer than two sessions, or the value is
 * not positive on some session (a net short: a rebased line or a drawdown of it means nothing).
 */
export function holdingsValueSeries(
  valuation: PortfolioValuation,
  prices: Readonly<Record<string, DailySeries | undefined>>,
  to: IsoDate,
): DailySeries | undefined {
  const held = valuation.positions.filter((p) => p.quantity !== 0);
  if (held.length === 0 || held.some((p) => p.value === null)) return undefined;
  const h = portfolioValueHistory(valuation, prices as PriceMap, to, null);
  if (h.excluded.length || h.dates.length < 2 || h.values.some((v) => !(v > 0))) return undefined;
  const weakest = held.map((p) => prices[p.symbol]!).reduce((a, s) => (RANK[s.origin.kind] < RANK[a.origin.kind] ? s : a));
  return {
    symbol: PORTFOLIO_SERIES_ID,
    dates: h.dates,
    close: h.values,
    origin: { ...weakest.origin, note: 'today’s holdings held through history (quantities fixed, cash constant)' },
  };
}
