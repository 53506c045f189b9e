/**
 * A CoinDesk-20 proxy basket. The CoinDesk 20 index itself is served by neither Yahoo nor the
 * exchanges ccxt reaches, so Hashpivot builds a stand-in from constituents it can price:
 *
 * - constituents: the large, liquid coins of the index's universe (no stablecoins) that both
 *   sources carry (list below);
 * - weights: fixed target weights, BTC 30% (the largest single-constituent share the index
 *   allows), ETH 20%, and the remaining 50% in equal shares across the other constituents;
 * - daily rebalanced to those weights: the basket's daily return is the weighted mean of its
 *   constituents' daily returns; on a day a constituent has no price (not yet listed, or its data
 *   ended), the weights of the others are scaled up to sum to one;
 * - level: 1000 on the first day BTC has a price.
 *
 * It tracks the shape of a broad large-cap crypto index, not the CoinDesk 20's published level.
 * Its composition on a date ({@link compositionOn}) says how many constituents priced that day's
 * return and BTC's effective weight after the scaling (30% when all are priced, more when some are not).
 */
import { indexAtOrBefore } from './calendar';
import type { IsoDate } from './types';
import { CD20_PROXY_NAME, type SourceRef } from './universe';

export interface BasketComponent {
  symbol: string;
  weight: number;
  sources: SourceRef[];
  snapshotKeys: string[];
}

const coin = (symbol: string, weight: number, extraSnapshot: string[] = []): BasketComponent => ({
  symbol,
  weight,
  sources: [
    { provider: 'ccxt:binance', symbol: `${symbol}/USDT` },
    { provider: 'yahoo', symbol: `${symbol}-USD` },
  ],
  snapshotKeys: [symbol, ...extraSnapshot],
});

const OTHERS = ['XRP', 'SOL', 'ADA', 'DOGE', 'LINK', 'AVAX', 'LTC', 'BCH', 'DOT', 'XLM', 'NEAR', 'APT', 'SUI'];

export const CD20_PROXY = {
  symbol: 'CD20',
  name: CD20_PROXY_NAME,
  components: [
    { ...coin('BTC', 0.3), sources: [], snapshotKeys: [] }, // BTC uses the store's own BTC chain
    coin('ETH', 0.2),
    ...OTHERS.map((s) => coin(s, 0.5 / OTHERS.length, [`${s}-USDT`])),
  ] satisfies BasketComponent[],
} as const;

export interface BasketInput {
  symbol: string;
  weight: number;
  series: { dates: readonly IsoDate[]; close: readonly number[] };
}

export interface BasketResult {
  dates: IsoDate[];
  levels: number[];
  /** How many constituents priced each day's return. */
  counts: number[];
  /** The anchor's (BTC's) effective weight in each day's return: its weight over the priced constituents' total; 0 when it was not priced, NaN on the first day. */
  anchorWeights: number[];
}

/** The basket on one date: what the UI shows next to its figures. */
export interface BasketComposition {
  /** The basket date used: the last one on or before the date asked for. */
  date: IsoDate;
  /** Constituents that priced that day's return. */
  priced: number;
  /** Constituents of the basket's definition. */
  constituents: number;
  /** BTC's effective weight that day (a fraction). */
  btcWeight: number;
}

/**
 * Daily-rebalanced basket on the union of the constituents' dates from the first date of the
 * first component (the anchor, BTC). Each constituent's return on day t is close_t/close_{t-1}-1
 * over ITS OWN consecutive observations that are both on days t-1 and t; a constituent missing
 * either day does not take part in day t's return.
 */
export function buildBasket(parts: readonly BasketInput[], base = 1000): BasketResult {
  if (parts.length === 0) return { dates: [], levels: [], counts: [], anchorWeights: [] };
  const anchor = parts[0]!.series;
  const start = anchor.dates[0];
  if (start === undefined) return { dates: [], levels: [], counts: [], anchorWeights: [] };
  const maps = parts.map((p) => {
    const m = new Map<string, number>();
    p.series.dates.forEach((d, i) => {
      const v = p.series.close[i]!;
      if (Number.isFinite(v) && v > 0) m.set(d, v);
    });
    return m;
  });
  const dateSet = new Set<string>();
  for (const p of parts) for (const d of p.series.dates) if (d >= start) dateSet.add(d);
  const dates = [...dateSet].sort();
  const levels: number[] = [base];
  const counts: number[] = [0];
  const anchorWeights: number[] = [NaN];
  for (let t = 1; t < dates.length; t++) {
    let wsum = 0;
    let rsum = 0;
    let n = 0;
    let anchorIn = false;
    for (let k = 0; k < parts.length; k++) {
      const a = maps[k]!.get(dates[t - 1]!);
      const b = maps[k]!.get(dates[t]!);
      if (a === undefined || b === undefined) continue;
      wsum += parts[k]!.weight;
      rsum += parts[k]!.weight * (b / a - 1);
      n++;
      if (k === 0) anchorIn = true;
    }
    levels.push(levels[t - 1]! * (wsum > 0 ? 1 + rsum / wsum : 1));
    counts.push(n);
    anchorWeights.push(anchorIn ? parts[0]!.weight / wsum : 0);
  }
  return { dates, levels, counts, anchorWeights };
}

/** The composition on the last basket date on or before `date` (undefined before the basket starts). */
export function compositionOn(basket: BasketResult, date: IsoDate, constituents: number): BasketComposition | undefined {
  const i = indexAtOrBefore(basket.dates, date);
  if (i < 0) return undefined;
  return { date: basket.dates[i]!, priced: basket.counts[i]!, constituents, btcWeight: basket.anchorWeights[i]! };
}
