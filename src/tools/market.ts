/**
 * The market data a tool (or the CLI command behind it) reads, as the host gives it: a structural
 * view of src/data's `MarketStore` (the CLI's store from createCliStore, the extension's from its
 * MarketService fit it), loading with data errors as {@link ToolError}s, the as-of date several
 * series share, and the label that says where the numbers came from.
 */
import type { BasketComposition } from '../core/basket';
import type { PriceMap, PriceSeries } from '../core/pivot';
import type { HourlySeries } from '../core/sampling';
import type { AssetClass, DailySeries, IsoDate } from '../core/types';
import { dataLabel } from '../core/views/build/common';
import { ToolError } from './errors';

/** What the tools read of a market store (src/data `MarketStore` fits). */
export interface ToolMarket {
  /** Known to the store: the universe, the watchlist, the basket, what the snapshot carries. */
  isKnown(symbol: string): boolean;
  /** Every known symbol. */
  symbols(): string[];
  entry(symbol: string): { assetClass: AssetClass } | undefined;
  /** Daily bars covering `needDate` (memory, cache, live, snapshot as the store's mode says); rejects when there are none. */
  history(symbol: string, opts?: { needDate?: IsoDate }): Promise<DailySeries>;
  /** Hourly bars (BTC), for BTC at the US close. */
  hourly(symbol: string, opts?: { needDate?: IsoDate }): Promise<HourlySeries>;
  /** The CD20 proxy's composition on a date. */
  basketComposition(date: IsoDate): BasketComposition | undefined;
}

/** A series as the analyses read it, with where it came from. */
export type LoadedSeries = DailySeries & PriceSeries;

/** The store's own data errors (src/data NoDataError, UnknownSymbolError), known by name so that this layer needs no import of src/data. */
function isStoreDataError(e: unknown): e is Error {
  return e instanceof Error && (e.name === 'NoDataError' || e.name === 'UnknownSymbolError');
}

/** `unknown symbol "X" (known: …)` for the first symbol the store does not know. */
export function checkKnown(market: ToolMarket, symbols: readonly string[]): void {
  for (const s of symbols) if (!market.isKnown(s)) throw new ToolError('unknown-symbol', `unknown symbol "${s}" (known: ${market.symbols().join(', ')})`);
}

/** One symbol's series covering `asOf`; no data is a `no-data` ToolError. */
export async function loadSeries(market: ToolMarket, symbol: string, asOf: IsoDate | undefined): Promise<LoadedSeries> {
  try {
    return await market.history(symbol, { needDate: asOf });
  } catch (e) {
    if (isStoreDataError(e)) throw new ToolError('no-data', e.message);
    throw e;
  }
}

/** The series of `symbols` (each once), by symbol. */
export async function loadPrices(market: ToolMarket, symbols: readonly string[], asOf: IsoDate | undefined): Promise<Record<string, LoadedSeries>> {
  const unique = [...new Set(symbols)];
  const series = await Promise.all(unique.map((sym) => loadSeries(market, sym, asOf)));
  const out: Record<string, LoadedSeries> = {};
  unique.forEach((sym, i) => (out[sym] = series[i]!));
  return out;
}

/** The latest date every one of `symbols` has (the minimum of their last dates). */
export function commonAsOf(prices: PriceMap, symbols: readonly string[]): IsoDate {
  return symbols.map((s) => prices[s]!.dates.at(-1)!).sort()[0]!;
}

/** Where a result's numbers came from. */
export interface ToolSource {
  /** `live`, `cache`, `snapshot`, `mixed` (series of several kinds), or `catalog` (the deals). */
  kind: 'live' | 'cache' | 'snapshot' | 'mixed' | 'catalog';
  /** In words: `snapshot of 2026-05-29`, `cached 3 h ago`, `live`, `catalog as of 2026-05: shipped`. */
  text: string;
}

/** The label of the series behind a result (src/core/views dataLabel: live, cached with its age, snapshot with its date). */
export function seriesSource(series: readonly DailySeries[], now: number): ToolSource {
  if (series.length === 0) return { kind: 'mixed', text: 'no market data' };
  return dataLabel(series, now);
}
