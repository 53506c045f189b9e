/**
 * Value at risk and expected shortfall (docs/RISK_CONVENTIONS.md, "VaR / CVaR"). α is the
 * lower-tail probability (1 - confidence). Results are RETURNS (a loss negative) unless
 * `sign: 'positive_magnitude'`.
 */
import { alignRows, alphaOf, applySign, checkToken, ddofOf } from './prepare';
import { mean, normalInverseCdf, normalPdf, quantileSorted, sortAscending, std } from './stats';
import type { DdofOptions, NanOptions, Series, SignOptions, TailOptions, TailRule } from './types';

export interface VarOptions extends TailOptions, SignOptions, NanOptions {}

function rowsOf(returns: Series, nanPolicy: NanOptions['nanPolicy']): number[] {
  return alignRows([{ name: 'returns', values: returns }], nanPolicy)[0]!;
}

/** Historical VaR: the type-7 α-quantile of the returns (`h = (n-1)α`, linear interpolation); NaN for n = 0. */
export function historicalVar(returns: Series, options: VarOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const r = rowsOf(returns, options.nanPolicy);
  return applySign(quantileSorted(sortAscending(r), a), options.sign);
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
export function cvar(returns: Series, options: CvarOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const rule = checkToken('tailRule', options.tailRule ?? 'k_smallest', ['k_smallest', 'strictly_below_quantile', 'below_gaussian_var']);
  const ddof = ddofOf(options.ddof);
  const r = rowsOf(returns, options.nanPolicy);
  const n = r.length;
  let v: number;
  if (n === 0) v = NaN;
  else if (rule === 'k_smallest') {
    const s = sortAscending(r);
    const k = Math.min(n, Math.floor((n - 1) * a) + 1);
    v = mean(s.subarray(0, k));
  } else if (rule === 'strictly_below_quantile') {
    v = meanBelow(r, quantileSorted(sortAscending(r), a));
  } else if (n < 2) v = NaN;
  else v = meanBelow(r, gaussianVar(r, a, ddof));
  return applySign(v, options.sign);
}

/** Mean of the values strictly below `threshold`, else the threshold itself. */
function meanBelow(r: readonly number[], threshold: number): number {
  const below = r.filter((x) => x < threshold);
  return below.length > 0 ? mean(below) : threshold;
}

function gaussianVar(r: readonly number[], a: number, ddof: 0 | 1): number {
  return mean(r) + std(r, ddof) * normalInverseCdf(a);
}

export interface ParametricOptions extends VarOptions, DdofOptions {}

/**
 * Parametric (Gaussian) VaR `mean + std(ddof)*Phi^-1(α)`: ddof 1 for quantstats, 0 for PA
 * `VaR(method="gaussian")`. NaN when n < 2.
 */
export function parametricVar(returns: Series, options: ParametricOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const ddof = ddofOf(options.ddof);
  const r = rowsOf(returns, options.nanPolicy);
  return applySign(r.length < 2 ? NaN : gaussianVar(r, a, ddof), options.sign);
}

/** Parametric (Gaussian) expected shortfall `mean - std(ddof)*phi(Phi^-1(α))/α` (PA `ES(method="gaussian")`). NaN when n < 2. */
export function parametricEs(returns: Series, options: ParametricOptions = {}): number {
  const a = alphaOf(options.tailProbability);
  const ddof = ddofOf(options.ddof);
  const r = rowsOf(returns, options.nanPolicy);
  const v = r.length < 2 ? NaN : mean(r) - (std(r, ddof) * normalPdf(normalInverseCdf(a))) / a;
  return applySign(v, options.sign);
}
