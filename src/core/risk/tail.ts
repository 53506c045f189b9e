/**
 * Value at risk and expected shortfall (docs/RISK_CONVENTIONS.md, "VaR / CVaR"). α is the
 * lower-tail probability (1 - confidence). Results are RETURNS (a loss negative) unless
 * `sign: 'positive_magnitude'`.
 *
 * Historical VaR and CVaR come from one selection of the kept rows (`selectTail`: the k smallest
 * values and the type-7 quantile in O(n), no sort); `tailRisk` gives both from the same one.
 */
import { momentsOf, singleRows, type SeriesInput } from './columns';
import { alphaOf, applySign, checkToken, ddofOf } from './prepare';
import { mean, normalInverseCdf, normalPdf, selectTail, stdOfMoments, type Moments } from './stats';
import type { DdofOptions, NanOptions, SignOptions, TailOptions, TailRule } from './types';

export interface VarOptions extends TailOptions, SignOptions, NanOptions {}

/** Historical VaR: the type-7 α-quantile of the returns (`h = (n-1)α`, linear interpolation); NaN for n = 0. */
export function historicalVar(returns: SeriesInput, options: VarOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const r = singleRows(returns, options.nanPolicy);
  return applySign(r.length === 0 ? NaN : selectTail(copyOf(r), a).quantile, options.sign);
}

export interface CvarOptions extends VarOptions, DdofOptions {
  /**
   * `k_smallest` (default, empyrical): mean of the k = ⌊(n-1)α⌋+1 smallest returns;
   * `strictly_below_quantile` (PA `ES.historical`): mean of returns strictly below the type-7
   * quantile, else that quantile; `below_gaussian_var` (quantstats): mean of returns strictly
   * below `mean + std(ddof)*Phi^-1(α)`, else that value.
   */
  tailRule?: TailRule;
}

/** Conditional VaR / expected shortfall per `tailRule`; NaN for n = 0 (n < 2 with `below_gaussian_var`). */
export function cvar(returns: SeriesInput, options: CvarOptions = {}): number {
  return tailRisk(returns, options).cvar;
}

/**
 * Historical VaR and CVaR (per `tailRule`) of the same returns from ONE selection: the same values
 * as {@link historicalVar} and {@link cvar} with these options.
 */
export function tailRisk(returns: SeriesInput, options: CvarOptions = {}): { var: number; cvar: number } {
  const a = alphaOf(options.tailProbability);
  const rule = checkToken('tailRule', options.tailRule ?? 'k_smallest', ['k_smallest', 'strictly_below_quantile', 'below_gaussian_var']);
  const ddof = ddofOf(options.ddof);
  const r = singleRows(returns, options.nanPolicy);
  const n = r.length;
  let q = NaN;
  let v = NaN;
  if (n > 0) {
    const sel = copyOf(r);
    const t = selectTail(sel, a);
    q = t.quantile;
    if (rule === 'k_smallest') v = mean(sel.subarray(0, t.k));
    // Values strictly below the quantile are all among the k smallest (the rest are >= s[k] >= q).
    else if (rule === 'strictly_below_quantile') v = meanBelow(sel.subarray(0, t.k), q);
    else if (n >= 2) v = meanBelow(r, gaussianVar(momentsOf(returns, options.nanPolicy), a, ddof));
  }
  return { var: applySign(q, options.sign), cvar: applySign(v, options.sign) };
}

/** A Float64Array copy of complete rows (the selection works in place). */
function copyOf(r: ArrayLike<number>): Float64Array {
  return r instanceof Float64Array ? r.slice() : new Float64Array(r as readonly number[]);
}

/** Mean of the values strictly below `threshold`, else the threshold itself. */
function meanBelow(r: ArrayLike<number>, threshold: number): number {
  const below: number[] = [];
  for (let i = 0; i < r.length; i++) if (r[i]! < threshold) below.push(r[i]!);
  return below.length > 0 ? mean(below) : threshold;
}

function gaussianVar(m: Moments, a: number, ddof: 0 | 1): number {
  return m.mean + stdOfMoments(m, ddof) * normalInverseCdf(a);
}

export interface ParametricOptions extends VarOptions, DdofOptions {}

/**
 * Parametric (Gaussian) VaR `mean + std(ddof)*Phi^-1(α)`: ddof 1 for quantstats, 0 for PA
 * `VaR(method="gaussian")`. NaN when n < 2.
 */
export function parametricVar(returns: SeriesInput, options: ParametricOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const ddof = ddofOf(options.ddof);
  const m = momentsOf(returns, options.nanPolicy);
  return applySign(m.n < 2 ? NaN : gaussianVar(m, a, ddof), options.sign);
}

/** Parametric (Gaussian) expected shortfall `mean - std(ddof)*phi(Phi^-1(α))/α` (PA `ES(method="gaussian")`). NaN when n < 2. */
export function parametricEs(returns: SeriesInput, options: ParametricOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const ddof = ddofOf(options.ddof);
  const m = momentsOf(returns, options.nanPolicy);
  const v = m.n < 2 ? NaN : m.mean - (stdOfMoments(m, ddof) * normalPdf(normalInverseCdf(a))) / a;
  return applySign(v, options.sign);
}
