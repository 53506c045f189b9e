/**
 * The market store: memory, then the disk cache, then live providers along each symbol's
 * fallback chain, then the last good cache, then the embedded snapshot. Every series and quote
 * it returns says where it came from (live, cache with its fetch time, snapshot with its date).
 * A failed refresh never replaces good data: the cache is written only after a successful fetch,
 * and memory keeps the last good series.
 */
import type { DailySeries, DataOrigin, IsoDate, Quote, SourceKind } from '../core/types';
import { addDays, fromDayNumber } from '../core/calendar';
import { DEFAULT_UNIVERSE, normaliseSymbol, type SourceRef, type UniverseEntry } from '../core/universe';
import { CD20_PROXY, buildBasket, compositionOn, type BasketComposition, type BasketResult } from '../core/basket';
import type { HourlySeries } from '../core/sampling';
import type { CacheEntry, DiskCache } from './cache';
import { ProviderError, type MarketDataProvider } from './provider';
import type { SeriesInfo, Snapshot } from './snapshot';
import { messageOf } from '../shared/errors';
import type { LogFn } from '../shared/log';
import { historiesDisagree, impossiblePrices, quoteProblem } from '../core/priceChecks';

export type SourceMode = 'auto' | 'live' | 'snapshot';

export interface StoreOptions {
  /** Provider by id (`yahoo`, `ccxt:binance`, …), created on first use; undefined if unknown. */
  provider: (id: string) => MarketDataProvider | undefined;
  /** The embedded snapshot, loaded on first use. */
  snapshot: () => Snapshot;
  cache?: DiskCache;
  log?: LogFn;
  now?: () => Date;
  mode?: SourceMode;
  /** Symbol -> fallback chain, replacing the universe's default (the "data source order" setting). */
  sourceOverrides?: Record<string, SourceRef[]>;
  /** Cached or in-memory data younger than this is used without a network request. Default 5 min. */
  maxAgeMs?: number;
  /** How much history a first live fetch asks for, in calendar days. Default 5 years. */
  historyDays?: number;
  /** Extra symbols (watchlist, catalog) beyond the default universe, sourced from Yahoo. */
  extraSymbols?: string[];
  /** How much hourly history (BTC at the US close) a first live fetch asks for, in calendar days. Default 730 (Yahoo's 1h limit). */
  hourlyDays?: number;
}

/** One try along the chain, kept for the log and for error messages. */
export interface Attempt {
  source: string;
  ok: boolean;
  reason?: string;
}

export interface HistoryOptions {
  signal?: AbortSignal;
  /** Skip memory and fresh cache: go to the network (auto, live). */
  force?: boolean;
  /** The date the caller needs covered; picks the first snapshot key that covers it. */
  needDate?: IsoDate;
}

/** Symbols the store keeps hourly bars for (BTC at the US equity close). */
export const HOURLY_SYMBOLS: readonly string[] = ['BTC'];

export class NoDataError extends Error {
  constructor(
    readonly symbol: string,
    readonly attempts: Attempt[],
  ) {
    super(`no data for ${symbol}` + (attempts.length ? `: ${attempts.map((a) => `${a.source}: ${a.reason ?? 'failed'}`).join('; ')}` : ''));
    this.name = 'NoDataError';
  }
}

export class UnknownSymbolError extends Error {
  constructor(readonly symbol: string) {
    super(`unknown symbol "${symbol}"`);
    this.name = 'UnknownSymbolError';
  }
}

interface MemoryEntry<T = DailySeries> {
  series: T;
  /** When it was obtained (ms); live/cache freshness. */
  at: number;
}

const KIND_RANK: Record<SourceKind, number> = { snapshot: 0, cache: 1, live: 2 };

/** History fetched before a needed date: the report's longest window (365 days) and a few days' slack. */
const NEED_LOOKBACK_DAYS = 375;

/** A cache entry younger than `maxAge`, and not dated in the future (a clock that jumped, a forged file). */
function isFresh(fetchedAt: string, nowMs: number, maxAge: number): boolean {
  const age = nowMs - Date.parse(fetchedAt);
  return age >= -60_000 && age < maxAge;
}

const DAY_MS = 86_400_000;
const dateOfMs = (ms: number): IsoDate => fromDayNumber(Math.floor(ms / DAY_MS));

/** Merges newer hourly bars into older ones by time (newer wins on the same hour). */
export function mergeHourly(older: HourlySeries, newer: HourlySeries): HourlySeries {
  const byTime = new Map<number, number>();
  older.times.forEach((t, i) => byTime.set(t, older.close[i]!));
  newer.times.forEach((t, i) => byTime.set(t, newer.close[i]!));
  const times = [...byTime.keys()].sort((a, b) => a - b);
  return { symbol: newer.symbol, times, close: times.map((t) => byTime.get(t)!), origin: newer.origin };
}

/**
 * The same bars under another symbol and origin, without reading them: the snapshot's series
 * decode their dates and other columns on first read (getters), which a spread would trigger.
 * The arrays stay shared (read-only).
 */
export function relabel(series: DailySeries, symbol: string, origin: DataOrigin): DailySeries {
  const out = {} as DailySeries;
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(series))) {
    if (!d.enumerable) continue;
    const value: unknown = key === 'symbol' ? symbol : key === 'origin' ? origin : d.value;
    Object.defineProperty(
      out,
      key,
      d.get ? { enumerable: true, configurable: true, get: d.get } : { enumerable: true, configurable: true, writable: true, value },
    );
  }
  return out;
}

/** Merges newer bars into older ones by date (newer wins on the same date). */
export function mergeSeries(older: DailySeries, newer: DailySeries): DailySeries {
  const cols = ['close', 'open', 'high', 'low', 'volume'] as const;
  const byDate = new Map<string, Record<string, number | undefined>>();
  const put = (s: DailySeries) => {
    s.dates.forEach((d, i) => {
      const row: Record<string, number | undefined> = {};
      for (const c of cols) row[c] = s[c]?.[i];
      byDate.set(d, row);
    });
  };
  put(older);
  put(newer);
  const dates = [...byDate.keys()].sort();
  const out: DailySeries = { symbol: newer.symbol, dates, close: dates.map((d) => byDate.get(d)!.close ?? NaN), origin: newer.origin };
  for (const c of ['open', 'high', 'low', 'volume'] as const) {
    if (older[c] && newer[c]) out[c] = dates.map((d) => byDate.get(d)![c] ?? NaN);
  }
  return out;
}

export class MarketStore {
  private cacheKey(ref: SourceRef): string {
    return `${ref.provider}/${ref.symbol}`;
  }

  private readonly memory = new Map<string, MemoryEntry>();
  private readonly inflight = new Map<string, Promise<DailySeries>>();
  private readonly hourlyMemory = new Map<string, MemoryEntry<HourlySeries>>();
  private readonly hourlyInflight = new Map<string, Promise<HourlySeries>>();
  private readonly quotes = new Map<string, Quote>();
  private basket: BasketResult | undefined;
  private readonly entries = new Map<string, UniverseEntry>();
  private readonly log: LogFn;
  private readonly now: () => Date;
  mode: SourceMode;

  constructor(private readonly options: StoreOptions) {
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.mode = options.mode ?? 'auto';
    for (const e of DEFAULT_UNIVERSE) this.entries.set(e.symbol, e);
    for (const s of options.extraSymbols ?? []) this.addSymbol(s);
  }

  /** Adds a Yahoo-sourced equity (watchlist, catalog) if it is not known yet. */
  addSymbol(symbol: string): UniverseEntry {
    const sym = normaliseSymbol(symbol);
    const known = this.entries.get(sym);
    if (known) return known;
    const e: UniverseEntry = { symbol: sym, name: sym, assetClass: 'equity', group: 'ai', sources: [{ provider: 'yahoo', symbol: sym }], snapshotKeys: [sym] };
    this.entries.set(sym, e);
    return e;
  }

  /** Universe entry of a symbol (aliases resolved), or undefined. */
  entry(symbol: string): UniverseEntry | undefined {
    const sym = normaliseSymbol(symbol);
    if (sym === CD20_PROXY.symbol) return { symbol: sym, name: CD20_PROXY.name, assetClass: 'basket', group: 'benchmark', sources: [], snapshotKeys: [] };
    return this.entries.get(sym) ?? this.snapshotEntry(sym);
  }

  /** A symbol the embedded snapshot carries beyond the universe (QQQ, SPY, ETH, …). */
  private snapshotEntry(sym: string): UniverseEntry | undefined {
    let info;
    try {
      info = this.options.snapshot().info(sym);
    } catch {
      return undefined;
    }
    if (!info) return undefined;
    const crypto = info.assetClass === 'crypto';
    const e: UniverseEntry = {
      symbol: sym,
      name: info.name,
      assetClass: info.assetClass,
      group: crypto ? 'crypto' : info.group === 'miner' || info.group === 'ai' || info.group === 'benchmark' ? info.group : 'ai',
      sources: crypto
        ? [
            { provider: 'ccxt:binance', symbol: `${sym.replace(/-USDT?$/, '')}/USDT` },
            { provider: 'yahoo', symbol: info.providerSymbol.includes('/') ? `${sym.replace(/-USDT?$/, '')}-USD` : info.providerSymbol },
          ]
        : [{ provider: 'yahoo', symbol: info.providerSymbol }],
      snapshotKeys: [info.symbol],
    };
    this.entries.set(sym, e);
    return e;
  }

  /** Every known symbol: the universe, the basket, and what the snapshot carries. */
  symbols(): string[] {
    const out = new Set([...this.entries.keys(), CD20_PROXY.symbol]);
    try {
      for (const s of this.options.snapshot().symbols()) if (!s.startsWith('^') && s !== 'BTC-USDT') out.add(s);
    } catch {
      // no snapshot: the universe alone
    }
    return [...out];
  }

  /** True when the symbol is known to the store or present in the snapshot. */
  isKnown(symbol: string): boolean {
    return this.entry(symbol) !== undefined;
  }

  private chain(entry: UniverseEntry): SourceRef[] {
    return this.options.sourceOverrides?.[entry.symbol] ?? entry.sources;
  }

  /** What memory holds for a symbol, without any I/O (for hovers). */
  peek(symbol: string): DailySeries | undefined {
    return this.memory.get(normaliseSymbol(symbol))?.series;
  }

  /** The last live quote memory holds for a symbol, without any I/O. */
  peekQuote(symbol: string): Quote | undefined {
    return this.quotes.get(normaliseSymbol(symbol));
  }

  /**
   * A live quote (intraday price) from the first source along the symbol's chain that gives one,
   * checked like daily closes: positive, finite, and within ×50 of the last close in memory. Kept
   * in memory only (a quote is never cached on disk nor served from the snapshot). Snapshot mode
   * and a basket have none: NoDataError.
   */
  async quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    const entry = this.entry(symbol);
    if (!entry) throw new UnknownSymbolError(normaliseSymbol(symbol));
    if (this.mode === 'snapshot' || entry.assetClass === 'basket')
      throw new NoDataError(entry.symbol, [
        { source: 'snapshot', ok: false, reason: this.mode === 'snapshot' ? 'no live quotes in snapshot mode' : 'a basket has no quote' },
      ]);
    const attempts: Attempt[] = [];
    for (const ref of this.chain(entry)) {
      if (signal?.aborted) throw new ProviderError(ref.provider, 'cancelled', 'cancelled');
      const provider = this.options.provider(ref.provider);
      if (!provider) {
        attempts.push({ source: ref.provider, ok: false, reason: 'unknown provider' });
        continue;
      }
      try {
        const q = await provider.quote(ref.symbol, signal);
        return this.acceptQuote(entry.symbol, { ...q, feed: 'poll' }, ref);
      } catch (e) {
        this.sourceFailed('quote', entry, ref, e, { signal }, attempts);
      }
    }
    throw new NoDataError(entry.symbol, attempts);
  }

  /**
   * Checks a live quote as {@link quote} does (src/core/priceChecks.ts `quoteProblem`: a real
   * price, within ×50 of the last close in memory, a time not in the future; with `maxAgeMs`, not
   * older than that) and keeps it as the symbol's live quote, under the store's symbol. A quote
   * that fails is a ProviderError of kind `malformed` naming why, and memory keeps the previous
   * one. This is also how a streamed ticker (src/data/btcStream.ts) becomes the live quote.
   */
  acceptQuote(
    symbol: string,
    q: Quote,
    ref: SourceRef = { provider: q.origin.provider, symbol: q.origin.providerSymbol ?? q.symbol },
    maxAgeMs?: number,
  ): Quote {
    const entry = this.entry(symbol);
    if (!entry) throw new UnknownSymbolError(normaliseSymbol(symbol));
    if (this.mode === 'snapshot') throw new ProviderError(ref.provider, 'unsupported', `${ref.symbol}: no live quotes in snapshot mode; not used`);
    const lastClose = this.memory.get(entry.symbol)?.series.close.at(-1);
    const problem = quoteProblem(q, lastClose, this.now().getTime(), maxAgeMs);
    if (problem) throw new ProviderError(ref.provider, 'malformed', `${ref.symbol}: ${problem}; not used`);
    const quote: Quote = { ...q, symbol: entry.symbol };
    this.quotes.set(entry.symbol, quote);
    return quote;
  }

  /** Daily history of a symbol, through the chain the store's mode allows. */
  history(symbol: string, opts: HistoryOptions = {}): Promise<DailySeries> {
    const entry = this.entry(symbol);
    if (!entry) return Promise.reject(new UnknownSymbolError(normaliseSymbol(symbol)));
    const key = `${entry.symbol}|${opts.needDate ?? ''}|${opts.force ? 'f' : ''}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.load(entry, opts).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** The hourly bars memory holds for a symbol (BTC), without any I/O. */
  peekHourly(symbol: string): HourlySeries | undefined {
    return this.hourlyMemory.get(normaliseSymbol(symbol))?.series;
  }

  /** The CD20 proxy's composition on a date (the last basket date on or before it), once the basket was loaded. */
  basketComposition(date: IsoDate): BasketComposition | undefined {
    return this.basket ? compositionOn(this.basket, date, CD20_PROXY.components.length) : undefined;
  }

  /**
   * Hourly bars of BTC (for BTC at the US equity close), along the same chain as its daily history
   * (live providers that serve hourly bars, then the last good data, then the snapshot's hourly
   * closes), cached like the daily series (`<provider>/<symbol>@1h`). Other symbols: NoDataError.
   */
  hourly(symbol: string, opts: HistoryOptions = {}): Promise<HourlySeries> {
    const entry = this.entry(symbol);
    if (!entry) return Promise.reject(new UnknownSymbolError(normaliseSymbol(symbol)));
    if (!HOURLY_SYMBOLS.includes(entry.symbol)) {
      return Promise.reject(
        new NoDataError(entry.symbol, [{ source: 'hourly', ok: false, reason: `hourly bars are kept for ${HOURLY_SYMBOLS.join(', ')} only` }]),
      );
    }
    const key = `${entry.symbol}|${opts.needDate ?? ''}|${opts.force ? 'f' : ''}`;
    const running = this.hourlyInflight.get(key);
    if (running) return running;
    const p = this.loadHourly(entry, opts).finally(() => this.hourlyInflight.delete(key));
    this.hourlyInflight.set(key, p);
    return p;
  }

  private async loadHourly(entry: UniverseEntry, opts: HistoryOptions): Promise<HourlySeries> {
    const attempts: Attempt[] = [];
    if (this.mode === 'snapshot') return this.hourlyFromSnapshot(entry, attempts);
    const maxAge = this.options.maxAgeMs ?? 5 * 60_000;
    const nowMs = this.now().getTime();
    const needFrom = opts.needDate ? addDays(opts.needDate, -NEED_LOOKBACK_DAYS) : undefined;
    const covers = (h: HourlySeries) => !needFrom || (h.times.length > 0 && dateOfMs(h.times[0]!) <= needFrom);
    const mem = this.hourlyMemory.get(entry.symbol);
    if (!opts.force && mem && mem.series.origin.kind !== 'snapshot' && nowMs - mem.at < maxAge && covers(mem.series)) return mem.series;
    const chain = this.chain(entry);
    const key = (ref: SourceRef) => `${this.cacheKey(ref)}@1h`;
    if (!opts.force && this.options.cache && chain[0]) {
      const c = await this.options.cache.readHourly(key(chain[0]));
      if (c && isFresh(c.fetchedAt, nowMs, maxAge) && covers(c.value)) return this.fromCache(this.hourlyMemory, entry.symbol, c);
    }
    for (const ref of chain) {
      if (opts.signal?.aborted) throw new ProviderError(ref.provider, 'cancelled', 'cancelled');
      const provider = this.options.provider(ref.provider);
      if (!provider?.hourly) {
        attempts.push({ source: `${ref.provider} ${ref.symbol}`, ok: false, reason: provider ? 'no hourly bars from this source' : 'unknown provider' });
        continue;
      }
      const cached = this.options.cache ? await this.options.cache.readHourly(key(ref)) : undefined;
      const { from, to } = this.hourlyRange(cached?.value, needFrom, opts.needDate);
      try {
        const fetched = await provider.hourly(ref.symbol, { from, to, signal: opts.signal });
        if (fetched.times.length === 0) throw new ProviderError(ref.provider, 'not-found', `no hourly bars for ${ref.symbol} since ${from}`);
        const h = await this.keepLive(
          this.hourlyMemory,
          entry.symbol,
          ref,
          cached ? mergeHourly(cached.value, fetched) : fetched,
          fetched.origin.note,
          key(ref),
          (at, v) => this.options.cache?.writeHourly(key(ref), at, v),
        );
        this.log('info', `hourly ${entry.symbol} from ${ref.provider} ${ref.symbol}: ${fetched.times.length} bars (${h.times.length} kept)`);
        return h;
      } catch (e) {
        this.sourceFailed('hourly', entry, ref, e, opts, attempts);
      }
    }
    if (this.mode === 'live') throw new NoDataError(`${entry.symbol} (hourly)`, attempts);
    const why = attempts.find((a) => a.reason !== 'no hourly bars from this source')?.reason ?? 'no live source of hourly bars';
    const good = await this.lastGood('hourly', this.hourlyMemory, entry.symbol, why, chain, (ref) => this.options.cache?.readHourly(key(ref)));
    if (good) return good;
    const h = this.hourlyFromSnapshot(entry, attempts);
    this.log('warn', `hourly ${entry.symbol}: ${why}; using the snapshot's hourly bars (to ${h.origin.asOf})`);
    return h;
  }

  /**
   * What a live hourly fetch asks for: after a cache, from a day before its last bar to today; a
   * needed date before the cache, the part before it; no cache, the year before a needed date up to
   * it (not two years of hours to today for one --as-of), else the last `hourlyDays` days.
   */
  private hourlyRange(cached: HourlySeries | undefined, needFrom: IsoDate | undefined, needDate: IsoDate | undefined): { from: IsoDate; to: IsoDate } {
    const today = this.now().toISOString().slice(0, 10);
    const min = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
    const first = cached?.times[0];
    const last = cached?.times.at(-1);
    if (first !== undefined && last !== undefined) {
      if (needFrom && needFrom < dateOfMs(first)) return { from: needFrom, to: min(today, dateOfMs(first)) };
      return { from: dateOfMs(last - DAY_MS), to: today };
    }
    if (needFrom && needDate) return { from: needFrom, to: min(today, addDays(needDate, 1)) };
    return { from: addDays(today, -(this.options.hourlyDays ?? 730)), to: today };
  }

  private hourlyFromSnapshot(entry: UniverseEntry, attempts: Attempt[]): HourlySeries {
    let h: HourlySeries | undefined;
    try {
      h = this.options.snapshot().hourly(entry.symbol);
    } catch (e) {
      attempts.push({ source: 'snapshot', ok: false, reason: messageOf(e) });
      throw new NoDataError(`${entry.symbol} (hourly)`, attempts);
    }
    if (!h) {
      attempts.push({ source: 'snapshot', ok: false, reason: 'no hourly bars in the snapshot' });
      throw new NoDataError(`${entry.symbol} (hourly)`, attempts);
    }
    const prev = this.hourlyMemory.get(entry.symbol);
    if (!prev || prev.series.origin.kind === 'snapshot') this.hourlyMemory.set(entry.symbol, { series: h, at: 0 });
    return h;
  }

  private async load(entry: UniverseEntry, opts: HistoryOptions): Promise<DailySeries> {
    if (entry.assetClass === 'basket') return this.loadBasket(opts);
    const maxAge = this.options.maxAgeMs ?? 5 * 60_000;
    const nowMs = this.now().getTime();
    const attempts: Attempt[] = [];

    if (this.mode === 'snapshot') return this.fromSnapshot(entry, opts, attempts);

    const mem = this.memory.get(entry.symbol);
    if (!opts.force && mem && mem.series.origin.kind !== 'snapshot' && nowMs - mem.at < maxAge) return mem.series;

    const chain = this.chain(entry);
    // A fresh cache answers without the network.
    if (!opts.force && this.options.cache) {
      for (const ref of chain) {
        const c = await this.options.cache.readHistory(this.cacheKey(ref));
        if (c && isFresh(c.fetchedAt, nowMs, maxAge) && !impossiblePrices(c.value)) return this.fromCache(this.memory, entry.symbol, c);
        break; // only the preferred source's cache counts as fresh
      }
    }

    for (const ref of chain) {
      if (opts.signal?.aborted) throw new ProviderError(ref.provider, 'cancelled', 'cancelled');
      const provider = this.options.provider(ref.provider);
      if (!provider) {
        attempts.push({ source: ref.provider, ok: false, reason: 'unknown provider' });
        continue;
      }
      const read = this.options.cache ? await this.options.cache.readHistory(this.cacheKey(ref)) : undefined;
      // A cached history with impossible prices (written by an older version) is not built on.
      const cached = read && !impossiblePrices(read.value) ? read : undefined;
      const today = this.now().toISOString().slice(0, 10);
      const fullFrom = addDays(today, -(this.options.historyDays ?? 5 * 365));
      let from = cached && cached.value.dates.length ? addDays(cached.value.dates.at(-1)!, -10) : fullFrom;
      // A caller that needs an older date (the CLI's --as-of) gets it and the year before it, even
      // when the cache or the default history starts later.
      const needFrom = opts.needDate ? addDays(opts.needDate, -NEED_LOOKBACK_DAYS) : undefined;
      if (needFrom && needFrom < (cached?.value.dates[0] ?? from)) from = needFrom;
      const fetchChecked = async (since: IsoDate) => {
        const got = await provider.history(ref.symbol, { from: since, to: today, signal: opts.signal });
        if (got.dates.length === 0) throw new ProviderError(ref.provider, 'not-found', `no bars for ${ref.symbol} since ${since}`);
        const bad = impossiblePrices(got);
        if (bad) throw new ProviderError(ref.provider, 'malformed', `${ref.symbol}: ${bad}; not used`);
        return got;
      };
      try {
        const fetched = await fetchChecked(from);
        let merged = fetched;
        if (cached) {
          const disagree = historiesDisagree(cached.value, fetched);
          if (disagree) {
            this.log('warn', `history ${entry.symbol} from ${ref.provider} ${ref.symbol}: ${disagree}; fetching its whole history again`);
            merged = await fetchChecked(needFrom && needFrom < fullFrom ? needFrom : fullFrom);
          } else merged = mergeSeries(cached.value, fetched);
        }
        const s = await this.keepLive(this.memory, entry.symbol, ref, merged, fetched.origin.note, this.cacheKey(ref), (at, v) =>
          this.options.cache?.writeHistory(this.cacheKey(ref), at, v),
        );
        attempts.push({ source: `${ref.provider} ${ref.symbol}`, ok: true });
        this.log('info', `history ${entry.symbol} from ${ref.provider} ${ref.symbol}: ${merged.dates.length} bars (${s.dates.length} kept)`);
        return s;
      } catch (e) {
        this.sourceFailed('history', entry, ref, e, opts, attempts);
      }
    }

    if (this.mode === 'live') throw new NoDataError(entry.symbol, attempts);
    const why = attempts.length ? `${attempts.length} live source${attempts.length === 1 ? '' : 's'} failed, first: ${attempts[0]!.reason}` : 'no live source';

    // Last good data: memory, then any cached copy along the chain (stale), then the snapshot.
    const good = await this.lastGood('history', this.memory, entry.symbol, why, chain, (ref) => this.options.cache?.readHistory(this.cacheKey(ref)));
    if (good) return good;
    const s = this.fromSnapshot(entry, opts, attempts);
    this.log('warn', `history ${entry.symbol}: ${why}; using the snapshot (${s.origin.providerSymbol ?? entry.symbol} to ${s.dates.at(-1)})`);
    return s;
  }

  private fromSnapshot(entry: UniverseEntry, opts: HistoryOptions, attempts: Attempt[]): DailySeries {
    let snap: Snapshot;
    try {
      snap = this.options.snapshot();
    } catch (e) {
      attempts.push({ source: 'snapshot', ok: false, reason: messageOf(e) });
      throw new NoDataError(entry.symbol, attempts);
    }
    // Chosen by the manifest's first and last dates (the decoder checks them), so only the chosen key is decoded.
    const candidates = entry.snapshotKeys.map((k) => snap.info(k)).filter((s): s is SeriesInfo => !!s);
    if (candidates.length === 0) {
      attempts.push({ source: 'snapshot', ok: false, reason: `not in the snapshot of ${snap.asOf}` });
      throw new NoDataError(entry.symbol, attempts);
    }
    const need = opts.needDate;
    const covering = need ? candidates.find((s) => s.first <= need && s.last >= addDays(need, -7)) : undefined;
    const chosen = snap.get((covering ?? candidates.reduce((a, b) => (b.last > a.last ? b : a))).symbol)!;
    const s = relabel(chosen, entry.symbol, { ...chosen.origin, kind: 'snapshot', providerSymbol: chosen.symbol });
    const prev = this.memory.get(entry.symbol);
    if (!prev || prev.series.origin.kind === 'snapshot') this.remember(entry.symbol, s, 0);
    return s;
  }

  private async loadBasket(opts: HistoryOptions): Promise<DailySeries> {
    const parts: Array<{ symbol: string; weight: number; series: DailySeries }> = [];
    const failures: Attempt[] = [];
    for (const c of CD20_PROXY.components) {
      const e = this.entries.get(c.symbol) ?? {
        symbol: c.symbol,
        name: c.symbol,
        assetClass: 'crypto' as const,
        group: 'crypto' as const,
        sources: c.sources,
        snapshotKeys: c.snapshotKeys,
      };
      this.entries.set(c.symbol, e);
      try {
        parts.push({ symbol: c.symbol, weight: c.weight, series: await this.history(c.symbol, opts) });
      } catch (err) {
        failures.push({ source: c.symbol, ok: false, reason: messageOf(err) });
      }
    }
    if (!parts.some((p) => p.symbol === 'BTC')) throw new NoDataError(CD20_PROXY.symbol, failures);
    const basket = buildBasket(parts);
    this.basket = basket;
    const weakest = parts.reduce((a, p) => (KIND_RANK[p.series.origin.kind] < KIND_RANK[a.series.origin.kind] ? p : a));
    const s: DailySeries = {
      symbol: CD20_PROXY.symbol,
      dates: basket.dates,
      close: basket.levels,
      origin: {
        kind: weakest.series.origin.kind,
        provider: 'basket',
        asOf: weakest.series.origin.asOf,
        note:
          parts.length === CD20_PROXY.components.length
            ? `CoinDesk 20 proxy of ${parts.length} constituents`
            : `CoinDesk 20 proxy of ${parts.length} of ${CD20_PROXY.components.length} constituents (the others failed to load)`,
      },
    };
    this.remember(s.symbol, s, this.now().getTime());
    return s;
  }

  /** A cache entry as the store hands it out (kind `cache`, dated by its fetch), remembered. */
  private fromCache<T extends { symbol: string; origin: DataOrigin }>(memory: Map<string, MemoryEntry<T>>, symbol: string, c: CacheEntry<T>): T {
    const v: T = { ...c.value, symbol, origin: { ...c.value.origin, kind: 'cache', asOf: c.fetchedAt } };
    memory.set(symbol, { series: v, at: Date.parse(c.fetchedAt) });
    return v;
  }

  /** A successful fetch (merged with its cache): labelled live, written to the cache (a failure there is a warning), remembered. */
  private async keepLive<T extends { symbol: string; origin: DataOrigin }>(
    memory: Map<string, MemoryEntry<T>>,
    symbol: string,
    ref: SourceRef,
    merged: T,
    note: string | undefined,
    cacheName: string,
    write: (fetchedAt: string, value: T) => Promise<void> | undefined,
  ): Promise<T> {
    const fetchedAt = this.now().toISOString();
    const v: T = { ...merged, symbol, origin: { kind: 'live', provider: ref.provider, providerSymbol: ref.symbol, asOf: fetchedAt, note } };
    await write(fetchedAt, v)?.catch((e: Error) => this.log('warn', `cache: cannot write ${cacheName}: ${e.message}`));
    memory.set(symbol, { series: v, at: this.now().getTime() });
    return v;
  }

  /** One source of the chain failed: the caller's cancellation stops the chain; anything else is noted and the next source tried. */
  private sourceFailed(what: string, entry: UniverseEntry, ref: SourceRef, e: unknown, opts: HistoryOptions, attempts: Attempt[]): void {
    if (e instanceof ProviderError && e.kind === 'cancelled') throw e;
    // The caller cancelled, whatever the provider threw for it: stop here, no fallback.
    if (opts.signal?.aborted) throw new ProviderError(ref.provider, 'cancelled', 'cancelled', e);
    const reason = messageOf(e);
    attempts.push({ source: `${ref.provider} ${ref.symbol}`, ok: false, reason });
    this.log('debug', `${what} ${entry.symbol}: ${ref.provider} ${ref.symbol} failed (${reason}); trying the next source`);
  }

  /** After every live source failed: the last good data in memory (no longer live: shown as cached), else any cached copy along the chain. */
  private async lastGood<T extends { symbol: string; origin: DataOrigin }>(
    what: string,
    memory: Map<string, MemoryEntry<T>>,
    symbol: string,
    why: string,
    chain: readonly SourceRef[],
    read: (ref: SourceRef) => Promise<CacheEntry<T> | undefined> | undefined,
  ): Promise<T | undefined> {
    const mem = memory.get(symbol);
    if (mem && mem.series.origin.kind !== 'snapshot') {
      this.log('warn', `${what} ${symbol}: ${why}; keeping the last good data (${mem.series.origin.kind}, ${mem.series.origin.asOf})`);
      if (mem.series.origin.kind === 'live') memory.set(symbol, { series: { ...mem.series, origin: { ...mem.series.origin, kind: 'cache' } }, at: mem.at });
      return memory.get(symbol)!.series;
    }
    for (const ref of chain) {
      const c = await read(ref);
      if (!c) continue;
      this.log('warn', `${what} ${symbol}: ${why}; using the cache of ${c.fetchedAt}`);
      return this.fromCache(memory, symbol, c);
    }
    return undefined;
  }

  private remember(symbol: string, series: DailySeries, at: number): void {
    this.memory.set(symbol, { series, at });
  }
}
