/**
 * Symbols side by side (`hashpivot compare`, the `hashpivot_compare` tool): the correlations of
 * their daily returns pair by pair, each pair aligned exactly as the report aligns a symbol with
 * its benchmark (src/core/report.ts alignPair: on the equity side's sessions, BTC at the US close
 * where hourly bars cover the window), so that the BTC row of the matrix is each symbol's report ρ
 * to BTC. Pure.
 */
import { addDays } from './calendar';
import { alignedWindowReturns, MAX_STALENESS_DAYS, type ReportSeries } from './report';
import { correlation } from './risk';
import { summariseSampling, type BtcSampling, type BtcSamplingSummary } from './sampling';
import type { IsoDate } from './types';
import { isSevenDay } from './universe';

export const DEFAULT_COMPARE_DAYS = 90;

export interface CorrelationMatrix {
  /** Calendar days of daily returns to the as-of date. */
  days: number;
  asOf: IsoDate;
  symbols: string[];
  /** matrix[i][j]: the correlation of symbols i and j; NaN (JSON null) when a pair has too little data. */
  matrix: number[][];
  /** How BTC (and any seven-day series) was priced in the pairs with an equity: `us-close`, `utc-close`, `mixed`; null when no pair mixes calendars. */
  btcSampling: BtcSamplingSummary | null;
}

/** Whether `s` has data on and around `asOf` (the report's rule: not before it starts, at most 7 days stale). */
function covers(s: ReportSeries, asOf: IsoDate): boolean {
  const d = s.series.dates;
  return d.length > 0 && d[0]! <= asOf && addDays(d.at(-1)!, MAX_STALENESS_DAYS) >= asOf;
}

/** Correlations of daily returns over the `days` to `asOf`, each pair aligned as the report aligns one (pairs with fewer than 10 returns: NaN). */
export function correlationMatrix(
  series: ReadonlyArray<ReportSeries & { symbol: string }>,
  asOf: IsoDate,
  days = DEFAULT_COMPARE_DAYS,
  sampling: BtcSampling = 'us-close',
): CorrelationMatrix {
  const n = series.length;
  const matrix = series.map((_, i) => series.map((__, j) => (i === j ? 1 : NaN)));
  const samplings: BtcSamplingSummary[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = series[i]!;
      const b = series[j]!;
      if (!covers(a, asOf) || !covers(b, asOf)) continue;
      const { r, b: rb, sampling: s } = alignedWindowReturns(a, b, asOf, days, { sampling });
      if (s && isSevenDay(a.assetClass) !== isSevenDay(b.assetClass)) samplings.push(s.sampling);
      const c = r.length >= 10 ? correlation(r, rb) : NaN;
      matrix[i]![j] = c;
      matrix[j]![i] = c;
    }
  }
  return { days, asOf, symbols: series.map((s) => s.symbol), matrix, btcSampling: summariseSampling(samplings) };
}
