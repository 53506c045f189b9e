/**
 * Market data for the commands that analyse it (report, pivot, scenario, var): their store,
 * known-symbol checks, loading series with data errors as exit status 1, the weights of a
 * portfolio, and the `Data:` line that says where the numbers came from.
 */
import type { Catalog } from '../catalog';
import { AnalyticsError } from '../core/pivot';
import { equalWeights, normaliseWeights, parseWeights, type Weight } from '../core/scenario';
import type { DailySeries, IsoDate } from '../core/types';
import { MINERS } from '../core/universe';
import type { MarketStore } from '../data/store';
import { isInputError, ToolError } from '../tools/errors';
import { checkKnown as checkKnownSymbols, commonAsOf, loadPrices as loadPricesOf, loadSeries as loadSeriesOf, type LoadedSeries } from '../tools/market';
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

/** `f()`, a ToolError from the shared figures (src/tools) as a CliError: input errors exit 2, data and analysis errors 1. */
export async function cliErrors<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ToolError) throw new CliError(e.message, isInputError(e.code) ? 2 : 1);
    throw e;
  }
}

/** The synchronous {@link cliErrors}. */
export function cliErrorsSync<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ToolError) throw new CliError(e.message, isInputError(e.code) ? 2 : 1);
    throw e;
  }
}

export function checkKnown(store: MarketStore, symbols: readonly string[]): void {
  cliErrorsSync(() => checkKnownSymbols(store, symbols));
}

/** One symbol's series covering `asOf` (data errors: exit 1). */
export function loadSeries(store: MarketStore, symbol: string, asOf: IsoDate | undefined): Promise<DailySeries> {
  return cliErrors(() => loadSeriesOf(store, symbol, asOf));
}

/** Loads the series of `symbols` (data errors: exit 1). */
export function loadPrices(store: MarketStore, symbols: readonly string[], asOf: IsoDate | undefined): Promise<Record<string, LoadedSeries>> {
  return cliErrors(() => loadPricesOf(store, symbols, asOf));
}

export { commonAsOf };

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
