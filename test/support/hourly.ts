/**
 * The hourly BTC/USDT bars of fixtures/network/btc-usdt-1h.csv (Binance spot 1h klines, see
 * fixtures/network/README.md), read straight from disk, and replay bodies built from them.
 *
 * Replay bodies: fixtures/recorded has real 1h answers of Kraken, Bitstamp and Coinbase Exchange
 * (one page of 1–6 candles each) but no multi-page one, and no Yahoo 1h chart at all. So the
 * bodies below carry REAL hourly rows of the CSV (Binance BTC/USDT values, not the exchange the
 * format belongs to) in the exact response format of each endpoint:
 * - Coinbase Exchange `GET /products/{id}/candles?granularity=3600`: an array of
 *   `[time (s), low, high, open, close, volume]`, newest first (the recorded
 *   fixtures/recorded/ccxt/coinbaseexchange.json answer has this shape);
 * - Yahoo `GET /v8/finance/chart/BTC-USD?interval=1h`: the recorded
 *   fixtures/recorded/yahoo/chart-BTC-USD-2020-01-01-to-2020-01-03.json answer with its meta kept
 *   (dataGranularity set to `1h`) and its bars replaced by the CSV rows, stamped at their open time.
 * The fixtures/recorded README is a synced copy of the team's shared notes (fixtures/README.md),
 * so this note lives here and in the tests that use these bodies.
 */
import { readFileSync } from 'node:fs';
import { fixture } from './fixtures';
import { readYahooFixture } from './replay';

export interface HourlyCsv {
  /** Bar open times, ms (UTC). */
  times: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

let cached: HourlyCsv | undefined;

export function readHourlyCsv(): HourlyCsv {
  if (cached) return cached;
  const lines = readFileSync(fixture('network', 'btc-usdt-1h.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const col = (h: string) => header.indexOf(h);
  const out: HourlyCsv = { times: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    out.times.push(Date.parse(c[col('time')]!));
    out.open.push(Number(c[col('open')]));
    out.high.push(Number(c[col('high')]));
    out.low.push(Number(c[col('low')]));
    out.close.push(Number(c[col('close')]));
    out.volume.push(Number(c[col('volume')]));
  }
  cached = out;
  return out;
}

/** Row indexes of bars opening in [fromMs, toMs). */
export function hourlyRows(fromMs: number, toMs: number): number[] {
  const h = readHourlyCsv();
  const out: number[] = [];
  for (let i = 0; i < h.times.length; i++) if (h.times[i]! >= fromMs && h.times[i]! < toMs) out.push(i);
  return out;
}

/** Coinbase Exchange's candle answer for the CSV rows `rows`: `[time, low, high, open, close, volume]`, newest first. */
export function coinbaseCandles(rows: readonly number[]): number[][] {
  const h = readHourlyCsv();
  return rows.map((i) => [h.times[i]! / 1000, h.low[i]!, h.high[i]!, h.open[i]!, h.close[i]!, h.volume[i]!]).reverse();
}

interface ChartJson {
  chart: { result: Array<{ meta: Record<string, unknown>; timestamp: number[]; indicators: Record<string, unknown> }>; error: null };
}

/** A Yahoo 1h chart answer for BTC-USD carrying the CSV rows `rows` (plus `extra` raw bars, for faults). */
export function yahooHourlyBody(rows: readonly number[], extra: Array<{ t: number; close: number | null }> = []): unknown {
  const recorded = readYahooFixture('chart-BTC-USD-2020-01-01-to-2020-01-03.json').response.bodyJson as ChartJson;
  const base = recorded.chart.result[0]!;
  const h = readHourlyCsv();
  // Extra bars: the price in every price column, no volume.
  const pick = (a: number[]) => [...rows.map((i) => a[i]!), ...extra.map((e) => (a === h.volume ? 0 : e.close))];
  return {
    chart: {
      result: [
        {
          meta: { ...base.meta, dataGranularity: '1h' },
          timestamp: [...rows.map((i) => h.times[i]! / 1000), ...extra.map((e) => e.t / 1000)],
          indicators: { quote: [{ open: pick(h.open), high: pick(h.high), low: pick(h.low), close: pick(h.close), volume: pick(h.volume) }] },
        },
      ],
      error: null,
    },
  };
}
