/**
 * Portfolio rows of a scenario: the weighted sum of the members' results. Members without a full
 * result (no data for the window, or no betas to decompose it) are left out and the remaining
 * weights renormalised to sum to 1; the result says which were left out and why, and the share
 * of the weight that is covered.
 *
 * For a replay this is the buy-and-hold return of a portfolio holding those weights at the
 * window's start (a weighted sum of the members' window returns); the decomposition is the
 * weighted sum of theirs, so contributions + unexplained = actual holds for the portfolio too.
 */
import { normaliseWeights, type Weight } from './portfolio';
import type { ScenarioPortfolioResult, ScenarioSymbolResult } from './types';

export function aggregatePortfolio(
  rows: readonly ScenarioSymbolResult[],
  weights: readonly Weight[],
  factors: readonly string[],
  kind: 'replay' | 'shock',
): ScenarioPortfolioResult {
  const requested = normaliseWeights(weights);
  const bySymbol = new Map(rows.map((r) => [r.symbol, r]));
  const excluded: Array<{ symbol: string; reason: string }> = [];
  const kept: Array<{ w: Weight; r: ScenarioSymbolResult }> = [];
  for (const w of requested) {
    const r = bySymbol.get(w.symbol);
    if (!r) excluded.push({ symbol: w.symbol, reason: 'not computed' });
    else if (r.status !== 'ok') excluded.push({ symbol: w.symbol, reason: r.note ?? r.status });
    else kept.push({ w, r });
  }
  const covered = kept.reduce((s, k) => s + k.w.weight, 0);
  const empty: ScenarioPortfolioResult = {
    requested,
    weights: [],
    coverage: covered,
    excluded,
    actual: NaN,
    explained: NaN,
    unexplained: NaN,
    contributions: factors.map((factor) => ({ factor, contribution: NaN })),
    band: null,
    regression: null,
  };
  if (kept.length === 0 || !(covered > 1e-12)) return empty;
  const used = kept.map((k) => ({ symbol: k.w.symbol, weight: k.w.weight / covered }));
  const wsum = (f: (r: ScenarioSymbolResult) => number) => kept.reduce((s, k, i) => s + used[i]!.weight * f(k.r), 0);
  const contributions = factors.map((factor) => ({ factor, contribution: wsum((r) => r.contributions.find((c) => c.factor === factor)?.contribution ?? NaN) }));
  const explained = contributions.reduce((s, c) => s + c.contribution, 0);
  const actual = kind === 'replay' ? wsum((r) => r.actual) : NaN;
  return {
    requested,
    weights: used,
    coverage: covered,
    excluded,
    actual,
    explained,
    unexplained: kind === 'replay' ? actual - explained : NaN,
    contributions,
    band: null,
    regression: null,
  };
}
