/**
 * Bootstrap VaR/ES of a weighted watchlist portfolio: its daily returns over the lookback to the
 * as-of date (portfolio.ts: common sessions, daily-rebalanced weights), then bootstrap.ts.
 */
import { addDays } from '../calendar';
import { AnalyticsError, type PriceMap } from '../pivot/factors';
import type { IsoDate } from '../types';
import { bootstrapVar, type BootstrapOptions, type BootstrapResult } from './bootstrap';
import { normaliseWeights, portfolioReturns, type Weight } from './portfolio';

export const DEFAULT_VAR_LOOKBACK_DAYS = 365;

export interface PortfolioVarInput extends BootstrapOptions {
  weights: readonly Weight[];
  prices: PriceMap;
  asOf: IsoDate;
  /** Calendar days of history resampled; default 365 (as the report's historical VaR). */
  lookbackDays?: number;
}

export interface PortfolioVarResult extends BootstrapResult {
  weights: Weight[];
  asOf: IsoDate;
  lookbackDays: number;
  /** First and last session of the returns resampled. */
  from: IsoDate;
  to: IsoDate;
}

export function portfolioVar(input: PortfolioVarInput): PortfolioVarResult {
  const weights = normaliseWeights(input.weights);
  const lookbackDays = input.lookbackDays ?? DEFAULT_VAR_LOOKBACK_DAYS;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 30)) throw new AnalyticsError(`lookback must be at least 30 days, got ${lookbackDays}`);
  for (const w of weights) {
    const s = input.prices[w.symbol];
    if (!s || s.dates.length === 0) throw new AnalyticsError(`no price data for ${w.symbol}`);
    if (addDays(s.dates.at(-1)!, 7) < input.asOf) throw new AnalyticsError(`${w.symbol}: its data ends ${s.dates.at(-1)}, before ${input.asOf}`);
  }
  const pr = portfolioReturns(weights, input.prices, addDays(input.asOf, -lookbackDays + 1), input.asOf);
  if (pr.returns.length < 20)
    throw new AnalyticsError(
      `only ${pr.returns.length} common sessions of ${weights.map((w) => w.symbol).join(', ')} in the ${lookbackDays} days to ${input.asOf}; the bootstrap needs at least 20`,
    );
  const result = bootstrapVar(pr.returns, input);
  return { ...result, weights, asOf: input.asOf, lookbackDays, from: pr.dates[0]!, to: pr.dates.at(-1)! };
}
