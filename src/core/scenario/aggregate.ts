/**
 * Portfolio rows of a scenario: the weighted sum of the members' results. Members without a full
 * result (no data for the window, or no betas to decompose it) are left out and the remaining
 * weights renormalised to sum to 1; the result says which were left out and why, and the share
 * of the weight that is covered.
 *
 * For a replay this is the buy-and-hold return of a portfolio holding those weights at the
 * window's start (a weighted sum of the members' window returns); the decomposition is the
 * weighted sum of theirs, so contributions + unexplained = actual holds for the portfolio too.
 *
 * Survivorship: a replay of the miners over 2020 or 2022 is the result of those that were listed
 * through the whole window (CORZ's 2024 relisting, later listings, a delisted name are left out),
 * which flatters a crash. `coverage` (and `dataCoverage`, the weight with prices whether or not it
 * had betas) and the sentence in `survivorship` say how much of the requested portfolio the
 * figure stands for.
 */
import { formatPercentPlain } from '../../shared/format';
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
  const dataCoverage = requested.reduce((s, w) => s + (bySymbol.get(w.symbol) && bySymbol.get(w.symbol)!.status !== 'no-data' ? w.weight : 0), 0);
  const survivorship = survivorshipText(kind, covered, dataCoverage, kept.length, requested.length);
  const empty: ScenarioPortfolioResult = {
    requested,
    weights: [],
    coverage: covered,
    dataCoverage,
    members: requested.length,
    covered: kept.length,
    survivorship,
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
    dataCoverage,
    members: requested.length,
    covered: kept.length,
    survivorship,
    excluded,
    actual,
    explained,
    unexplained: kind === 'replay' ? actual - explained : NaN,
    contributions,
    band: null,
    regression: null,
  };
}

const pct0 = (v: number) => formatPercentPlain(v, 0);

/** The survivorship sentence of a portfolio result. */
export function survivorshipText(kind: 'replay' | 'shock', coverage: number, dataCoverage: number, covered: number, members: number): string {
  const what = kind === 'replay' ? 'had prices for the whole window and betas from before it' : 'had prices and betas as of the date';
  if (covered === members) return `the whole portfolio (${members} of ${members} members) ${what}`;
  if (covered === 0) return `no member ${what}: no portfolio result`;
  const noData = dataCoverage < coverage + 1e-12 ? '' : `; ${pct0(dataCoverage)} had prices${kind === 'replay' ? ' for the window' : ''}`;
  const bias = kind === 'replay' ? ' — a survivors’ result: the members missing from the window (listed later or delisted) are not in it' : '';
  return `${pct0(coverage)} of the requested weight (${covered} of ${members} members) ${what}${noData}; the result is theirs, reweighted to 100%${bias}`;
}
