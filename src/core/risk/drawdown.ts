/**
 * Drawdowns (docs/RISK_CONVENTIONS.md, "Drawdown"): wealth `W_t = prod(1+r)`, a running peak that
 * includes the starting wealth 1.0 (with prices: the first price), `DD_t = W_t/peak_t - 1 <= 0`.
 */
import { figureOf, prepareSeries, type SeriesInput } from './columns';
import { alignRows, applySign, ppyOf, signOf } from './prepare';
import { cagrOf } from './returns';
import type { NanOptions, PeriodOptions, Series, SignOptions } from './types';

/** Drawdowns of plain returns (no missing values), the peak starting at 1.0. */
export function drawdownsOfRows(r: readonly number[]): number[] {
  const out = new Array<number>(r.length);
  let w = 1;
  let peak = 1;
  for (let i = 0; i < r.length; i++) {
    w *= 1 + r[i]!;
    if (w > peak) peak = w;
    out[i] = w / peak - 1;
  }
  return out;
}

/** Max drawdown (a value <= 0) of plain returns; NaN for no rows. */
export function maxDrawdownOfRows(r: ArrayLike<number>): number {
  if (r.length === 0) return NaN;
  let w = 1;
  let peak = 1;
  let mdd = 0;
  for (let i = 0; i < r.length; i++) {
    w *= 1 + r[i]!;
    if (w > peak) peak = w;
    const dd = w / peak - 1;
    if (dd < mdd) mdd = dd;
  }
  return mdd;
}

/** Drawdown series from returns, one value per kept row; `sign` negates each value if `positive_magnitude`. */
export function drawdownSeries(returns: Series, options: SignOptions & NanOptions = {}): number[] {
  const sign = signOf(options.sign);
  const [r] = alignRows([{ name: 'returns', values: returns }], options.nanPolicy);
  return drawdownsOfRows(r!).map((v) => applySign(v, sign));
}

/** Drawdown series from prices (wealth = price, the first price is the first peak), one value per price. */
export function drawdownSeriesFromPrices(prices: Series, options: SignOptions = {}): number[] {
  const sign = signOf(options.sign);
  const out: number[] = [];
  let peak = -Infinity;
  for (const p of prices) {
    if (p > peak) peak = p;
    out.push(applySign(p / peak - 1, sign));
  }
  return out;
}

/** Max drawdown from returns: `min DD_t`, NEGATIVE by default (`sign: 'positive_magnitude'` for PA's positive number); NaN for n = 0. */
export function maxDrawdown(returns: SeriesInput, options: SignOptions & NanOptions = {}): number {
  return applySign(figureOf(returns, 'maxDrawdown', options.nanPolicy, maxDrawdownOfRows), options.sign);
}

/** Max drawdown from prices (ffn): the first price is the first peak; NaN for no prices. */
export function maxDrawdownFromPrices(prices: Series, options: SignOptions = {}): number {
  if (prices.length === 0) return applySign(NaN, options.sign);
  let peak = -Infinity;
  let mdd = 0;
  for (const p of prices) {
    if (p > peak) peak = p;
    const dd = p / peak - 1;
    if (dd < mdd || Number.isNaN(dd)) mdd = dd;
  }
  return applySign(mdd, options.sign);
}

/**
 * Calmar ratio `annual_return / |max_drawdown|` on the same rows; NaN when the max drawdown is 0
 * (or NaN) or the ratio is not finite.
 */
export function calmarRatio(returns: SeriesInput, options: PeriodOptions & NanOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  // Both figures of the same kept rows: prepared once (a prepared series has them cached).
  const s = prepareSeries(returns);
  const mdd = figureOf(s, 'maxDrawdown', options.nanPolicy, maxDrawdownOfRows);
  if (!(mdd < 0)) return NaN;
  const v = cagrOf(s, ppy, options.nanPolicy) / Math.abs(mdd);
  return Number.isFinite(v) ? v : NaN;
}
