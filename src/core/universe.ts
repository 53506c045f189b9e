/**
 * The default universe (docs/DESIGN.md, "Data") and how each symbol is sourced. Users may add
 * symbols (watchlist, catalog); the fallback chains here are defaults that a setting can reorder.
 */
import type { AssetClass, DataOrigin } from './types';

export type Group = 'miner' | 'ai' | 'benchmark' | 'crypto';

/** One place a symbol's data can come from: a provider id and that provider's symbol. */
export interface SourceRef {
  /** `yahoo`, `ccxt:binance`, `ccxt:coinbase`, `ccxt:kraken`, `ccxt:bitstamp`. */
  provider: string;
  symbol: string;
}

export interface UniverseEntry {
  /** Hashpivot's own symbol: `IREN`, `BTC`, `NDX`, `CD20`. */
  symbol: string;
  name: string;
  assetClass: AssetClass;
  group: Group;
  /** Live sources in fallback order. */
  sources: SourceRef[];
  /** Keys of the embedded snapshot, in fallback order. */
  snapshotKeys: string[];
}

const equity = (symbol: string, name: string, group: Group): UniverseEntry => ({
  symbol,
  name,
  assetClass: 'equity',
  group,
  sources: [{ provider: 'yahoo', symbol }],
  snapshotKeys: [symbol],
});

/** BTC: Binance BTC/USDT, then Coinbase, Kraken, Bitstamp, then Yahoo's BTC-USD. */
export const DEFAULT_BTC_SOURCES: readonly SourceRef[] = [
  { provider: 'ccxt:binance', symbol: 'BTC/USDT' },
  { provider: 'ccxt:coinbase', symbol: 'BTC/USD' },
  { provider: 'ccxt:kraken', symbol: 'BTC/USD' },
  { provider: 'ccxt:bitstamp', symbol: 'BTC/USD' },
  { provider: 'yahoo', symbol: 'BTC-USD' },
];

/** NASDAQ-100: the index itself, then the QQQ ETF that tracks it. */
export const DEFAULT_NDX_SOURCES: readonly SourceRef[] = [
  { provider: 'yahoo', symbol: '^NDX' },
  { provider: 'yahoo', symbol: 'QQQ' },
];

export const MINERS: readonly UniverseEntry[] = [
  equity('CORZ', 'Core Scientific', 'miner'),
  equity('CLSK', 'CleanSpark', 'miner'),
  equity('BITF', 'Bitfarms', 'miner'),
  equity('IREN', 'IREN', 'miner'),
  equity('WULF', 'TeraWulf', 'miner'),
  equity('MARA', 'MARA Holdings', 'miner'),
  equity('RIOT', 'Riot Platforms', 'miner'),
  equity('HUT', 'Hut 8', 'miner'),
  equity('CIFR', 'Cipher Mining', 'miner'),
  equity('HIVE', 'HIVE Digital Technologies', 'miner'),
  equity('BTDR', 'Bitdeer Technologies', 'miner'),
  equity('APLD', 'Applied Digital', 'miner'),
];

export const AI_INFRA: readonly UniverseEntry[] = [
  equity('NVDA', 'NVIDIA', 'ai'),
  equity('AMZN', 'Amazon', 'ai'),
  equity('GOOGL', 'Alphabet', 'ai'),
  equity('MSFT', 'Microsoft', 'ai'),
  equity('CRWV', 'CoreWeave', 'ai'),
];

export const BENCHMARKS: readonly UniverseEntry[] = [
  {
    symbol: 'BTC',
    name: 'Bitcoin',
    assetClass: 'crypto',
    group: 'benchmark',
    sources: [...DEFAULT_BTC_SOURCES],
    snapshotKeys: ['BTC', 'BTC-USDT'],
  },
  {
    symbol: 'NDX',
    name: 'NASDAQ-100',
    assetClass: 'index',
    group: 'benchmark',
    sources: [...DEFAULT_NDX_SOURCES],
    snapshotKeys: ['^NDX', 'QQQ'],
  },
];

/** How every surface names the NASDAQ-100 when its figures come from the QQQ ETF. */
export const NDX_PROXY = 'QQQ as NASDAQ-100 proxy';
/** How every surface names the CoinDesk-20 stand-in (src/core/basket.ts). */
export const CD20_PROXY_NAME = 'CoinDesk 20 proxy basket';

/**
 * What a series stands in for, from where its data came: `QQQ as NASDAQ-100 proxy` for NDX when the
 * store's series is the QQQ ETF (a live fallback, or the snapshot after 2022-03, where ^NDX ends),
 * `CoinDesk 20 proxy basket` for CD20; undefined when the series is the thing itself.
 */
export function proxyOf(symbol: string, origin: Pick<DataOrigin, 'providerSymbol'> | undefined): string | undefined {
  const sym = normaliseSymbol(symbol);
  if (sym === 'NDX' && origin?.providerSymbol?.trim().toUpperCase() === 'QQQ') return NDX_PROXY;
  if (sym === 'CD20') return CD20_PROXY_NAME;
  return undefined;
}

/** The NASDAQ-100 as a figure's label names it: `NASDAQ-100`, or `QQQ as NASDAQ-100 proxy`. */
export function ndxLabel(origin: Pick<DataOrigin, 'providerSymbol'> | undefined): string {
  return proxyOf('NDX', origin) ?? 'NASDAQ-100';
}

/** Ordinary Yahoo symbols users may ask for by name that also stand for a benchmark. */
const ALIASES: Record<string, string> = {
  '^NDX': 'NDX',
  NDX100: 'NDX',
  'NASDAQ-100': 'NDX',
  NASDAQ100: 'NDX',
  'BTC-USD': 'BTC',
  'BTC/USDT': 'BTC',
  'BTC/USD': 'BTC',
  XBT: 'BTC',
  BITCOIN: 'BTC',
};

export const DEFAULT_UNIVERSE: readonly UniverseEntry[] = [...MINERS, ...AI_INFRA, ...BENCHMARKS];

/** Normalises a user-typed symbol: trims, drops a leading `$`, upper-cases, resolves aliases. */
export function normaliseSymbol(input: string): string {
  const s = input.trim().replace(/^\$/, '').toUpperCase();
  return ALIASES[s] ?? s;
}

/** The class used for calendars and annualization: 365 periods a year for crypto, 252 otherwise. */
export function periodsPerYear(assetClass: AssetClass): number {
  return assetClass === 'crypto' || assetClass === 'basket' ? 365 : 252;
}

/** Trades every calendar day. */
export function isSevenDay(assetClass: AssetClass): boolean {
  return assetClass === 'crypto' || assetClass === 'basket';
}

const SPEC_PROVIDERS = new Set(['binance', 'coinbase', 'coinbaseexchange', 'kraken', 'bitstamp', 'yahoo']);

/**
 * Parses a source as the settings write it, `PROVIDER SYMBOL` (`binance BTC/USDT`, `yahoo ^NDX`),
 * into a {@link SourceRef}; throws an Error naming the entry when it is malformed.
 */
export function parseSourceSpec(spec: string): SourceRef {
  const m = /^\s*([a-z]+)\s+(\S+)\s*$/i.exec(spec);
  const provider = m?.[1]?.toLowerCase();
  if (!m || !provider || !SPEC_PROVIDERS.has(provider)) {
    throw new Error(`Invalid source "${spec}": write PROVIDER SYMBOL with PROVIDER one of ${[...SPEC_PROVIDERS].join(', ')}, e.g. "binance BTC/USDT"`);
  }
  return { provider: provider === 'yahoo' ? 'yahoo' : `ccxt:${provider}`, symbol: m[2]! };
}

/** The inverse of {@link parseSourceSpec}. */
export function formatSourceSpec(ref: SourceRef): string {
  return `${ref.provider.replace(/^ccxt:/, '')} ${ref.symbol}`;
}
