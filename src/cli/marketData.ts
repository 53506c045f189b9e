/**
 * Market data for the commands that analyse it (report, pivot, scenario, var): their store,
 * known-symbol checks, loading series with data errors as exit status 1, the weights of a
 * portfolio, and the `Data:` line that says where the numbers came from.
 */
import type { Catalog } from '../catalog';
import { AnalyticsError, type PriceMap, type PriceSeries } from '../core/pivot';
import { equalWeights, normaliseWeights, parseWeights, type Weight } from '../core/scenario';
import type { DailySeries, IsoDate, SourceKind } from '../core/types';
import { MINERS } from '../core/universe';
import { NoDataError, UnknownSymbolError, type MarketStore } from '../data/store';
import type { CatalogFiles } from './catalogFiles';
import { createCliStore } from './context';
import { CliError, type Io } from './io';
import { asOfHelp, CACHE_DIR_HELP, ENDPOINT_HELP, HELP_HELP, jsonHelp, SOURCE_HELP, type MarketOptions } from './options';

export interface AnalyticsCommandOptions extends CatalogFiles {
  /** Use this store instead of creating one from --source (tests). */
  store?: MarketStore;
  /** Use this catalog instead of the shipped one (+ --catalog). */
  catalog?: Catalog;
}

/** The market-data options in the help of pivot, scenario and var. */
export const ANALYTICS_OPTIONS_HELP = [
  asOfHelp('closes on or before this date (default: the latest date the data has in common)'),
  SOURCE_HELP,
  jsonHelp('JSON instead of a table (fractions, not percent; NaN as null)'),
  ENDPOINT_HELP,
  CACHE_DIR_HELP,
  HELP_HELP,
].join('\n');

/** The store a test passed, else the CLI's store for the options. */
export function storeFor(c: MarketOptions, io: Io, opts: AnalyticsCommandOptions): MarketStore {
  return opts.store ?? createCliStore({ mode: c.mode, cacheDir: c.cacheDir, endpoints: c.endpoints, io });
}

export function checkKnown(store: MarketStore, symbols: readonly string[]): void {
  for (const s of symbols) if (!store.isKnown(s)) throw new CliError(`unknown symbol "${s}" (known: ${store.symbols().join(', ')})`);
}

/** One symbol's series covering `asOf` (data errors: exit 1). */
export async function loadSeries(store: MarketStore, symbol: string, asOf: IsoDate | undefined): Promise<DailySeries> {
  try {
    return await store.history(symbol, { needDate: asOf });
  } catch (e) {
    if (e instanceof UnknownSymbolError || e instanceof NoDataError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** Loads the series of `symbols` (data errors: exit 1). */
export async function loadPrices(
  store: MarketStore,
  symbols: readonly string[],
  asOf: IsoDate | undefined,
): Promise<Record<string, PriceSeries & { origin?: { kind: SourceKind; asOf: string } }>> {
  const out: Record<string, PriceSeries & { origin?: { kind: SourceKind; asOf: string } }> = {};
  const unique = [...new Set(symbols)];
  const series = await Promise.all(unique.map((sym) => loadSeries(store, sym, asOf)));
  unique.forEach((sym, i) => (out[sym] = series[i]!));
  return out;
}

/** The latest date every one of `symbols` has (the minimum of their last dates). */
export function commonAsOf(prices: PriceMap, symbols: readonly string[]): IsoDate {
  return symbols.map((s) => prices[s]!.dates.at(-1)!).sort()[0]!;
}

/** `f()`, an AnalyticsError from it turned into a CliError with exit status `code`. */
function analyticsErrorAs<T>(code: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError) throw new CliError(e.message, code);
    throw e;
  }
}

/** Errors of the analysis itself (too few rows, …): exit 1. */
export const analyticsError = <T>(f: () => T): T => analyticsErrorAs(1, f);

/** Input errors found by the core parsers: exit 2. */
export const inputError = <T>(f: () => T): T => analyticsErrorAs(2, f);

/** --weights SYM=W,..., checked (they must normalise); without it every miner, equal weights. */
export function portfolioWeights(v: string | undefined): { weights: Weight[]; given: boolean } {
  if (v === undefined) return { weights: equalWeights(MINERS.map((m) => m.symbol)), given: false };
  const weights = inputError(() => parseWeights(v));
  inputError(() => normaliseWeights(weights));
  return { weights, given: true };
}

export function sourceLine(prices: Record<string, { origin?: { kind: string; asOf: string } }>): string {
  const kinds = new Set<string>();
  for (const s of Object.values(prices)) if (s.origin) kinds.add(s.origin.kind === 'live' ? 'live' : `${s.origin.kind} ${s.origin.asOf.slice(0, 10)}`);
  return `Data: ${[...kinds].sort().join(', ') || 'unknown'}.`;
}
