/**
 * A Yahoo v8 chart answer for any daily series, built on a real recorded one: the recording of
 * `chart-AAPL-2020-08-31-to-2020-11-07.json` (fixtures/recorded/yahoo) keeps its meta,
 * with the symbol replaced, and its bars are replaced by the given rows, each stamped at 14:30 UTC
 * (the 09:30 New York open in winter, 10:30 in summer: the same New York trading day either way).
 */
import { readYahooFixture } from './replay';

interface ChartResultJson {
  meta: Record<string, unknown>;
  timestamp: number[];
  events?: unknown;
  indicators: { quote: Array<Record<string, number[]>>; adjclose?: Array<{ adjclose: number[] }> };
}

export interface ChartRows {
  dates: readonly string[];
  close: readonly number[];
  open: readonly number[];
  high: readonly number[];
  low: readonly number[];
  volume: readonly number[];
}

export function yahooChartBody(symbol: string, rows: ChartRows): unknown {
  const recorded = readYahooFixture('chart-AAPL-2020-08-31-to-2020-11-07.json').response.bodyJson as { chart: { result: ChartResultJson[]; error: null } };
  const base = recorded.chart.result[0]!;
  const timestamp = rows.dates.map((d) => Date.parse(`${d}T14:30:00Z`) / 1000);
  const result: ChartResultJson = {
    meta: { ...base.meta, symbol, longName: symbol, shortName: symbol },
    timestamp,
    indicators: {
      quote: [{ open: [...rows.open], high: [...rows.high], low: [...rows.low], close: [...rows.close], volume: [...rows.volume] }],
      adjclose: [{ adjclose: [...rows.close] }],
    },
  };
  return { chart: { result: [result], error: null } };
}
