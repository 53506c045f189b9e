/**
 * What a block is rendered from: accessors the host implements over what it holds in memory (the
 * market store's series, the catalog, the holdings). No I/O: a block shows what is loaded and
 * says what is not. The shapes are structural, so the extension's `Catalog` and market service fit
 * them, and a unit test can build one from the embedded snapshot and the shipped catalog.
 */
import type { BasketComposition } from '../basket';
import type { Deal } from '../deals';
import type { FleetFacts } from '../fleet';
import type { NetworkSeries } from '../network';
import type { Holdings } from '../portfolio/holdings';
import type { ReportSeries } from '../report';
import type { BtcSampling } from '../sampling';
import type { AssetClass, DailySeries, IsoDate } from '../types';

/** A catalog source (title and URL; only http(s) URLs become links). */
export interface BlockSource {
  title: string;
  url: string;
}

/** The deal fields the blocks read (a catalog deal fits). */
export interface BlockDeal extends Deal {
  counterpartyBacker?: string | null;
  endUser?: string | null;
  confidence?: string;
  sources: readonly BlockSource[];
}

/** The miner fields the blocks read (a catalog miner fits). */
export interface BlockMiner {
  ticker: string;
  name: string;
  pivotStatus: string;
  confidence: string;
  asOf?: string;
  /** Self-mining fleet facts (efficiency, power price …), for the economics block. */
  fleet?: FleetFacts;
}

/** A miner's derived figures (src/catalog derivedFigures fits): null when unknown. */
export interface BlockMinerFigures {
  contractedMW: number | null;
  totalMW: number | null;
  mwShare: number | null;
  backlogUSD: number | null;
  pivotDebtUSD: number | null;
  debtToBacklog: number | null;
  /** Backlog deals whose value is not disclosed (the backlog is then a lower bound). */
  unknownValueDealIds: readonly string[];
}

/** The catalog as the blocks read it (src/catalog `Catalog` fits). */
export interface BlockCatalog {
  /** The newest as-of date of the catalog's files. */
  readonly asOf?: string;
  readonly miners: readonly BlockMiner[];
  readonly deals: readonly BlockDeal[];
  miner(ticker: string): BlockMiner | undefined;
  /** The deals of a company: those it lists, then those it provides. */
  dealsOf(ticker: string): readonly BlockDeal[];
}

export interface BlockContext {
  /**
   * Changes whenever anything the accessors return changes (market data, catalog, holdings,
   * settings): {@link import('./cache').BlockCache} keys on it.
   */
  readonly dataVersion: string | number;
  /** Whether the market store knows the symbol (universe, watchlist, snapshot). */
  isKnown(symbol: string): boolean;
  /** The daily series in memory, undefined when it is not loaded (no I/O). */
  series(symbol: string): DailySeries | undefined;
  /** The symbol's name (the catalog's company name first) and asset class. */
  entry(symbol: string): { name: string; assetClass: AssetClass } | undefined;
  /**
   * BTC for the report's pair figures: its daily bars plus, for the US close, the hourly bars in
   * memory (the extension's `MarketService.btcReportSeries()`). Default: `series('BTC')` alone
   * (the UTC-day close).
   */
  btcReportSeries?(): ReportSeries | undefined;
  /** `hashpivot.btcSampling` (default `us-close`: used where hourly bars cover the window). */
  readonly btcSampling?: BtcSampling;
  /** The CD20 proxy's composition on a date, when it was loaded. */
  basketComposition?(date: IsoDate): BasketComposition | undefined;
  catalog: BlockCatalog;
  /** src/catalog `derivedFigures(catalog, ticker)`. */
  catalogFigures(ticker: string): BlockMinerFigures;
  /** src/catalog `backlogStatus(deal)`: whether a deal's value counts as its provider's backlog, and why. */
  backlogStatus(deal: BlockDeal): { counts: boolean; reason: string };
  /** The holdings, or why there are none (no positions, no file, Restricted Mode). */
  holdings(): { holdings: Holdings } | { reason: string };
  /**
   * The bitcoin network data in memory (difficulty and fees by day) for the economics block, or
   * why there is none (not loaded yet: the host starts the load and shows a loading block).
   */
  network?(): { series: NetworkSeries } | { reason: string };
  /** A live quote in memory (intraday), for a `portfolio` block without as-of. */
  liveQuote?(symbol: string): { price: number; time: string } | undefined;
}
