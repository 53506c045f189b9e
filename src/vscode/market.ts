/**
 * The extension host's market data service: one MarketStore (providers through the HTTP layer,
 * disk cache under global storage, embedded snapshot), rebuilt when the data settings change.
 * Heavy libraries (ccxt, yahoo-finance2) are only loaded when a live request is made.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { BasketComposition } from '../core/basket';
import type { DailySeries } from '../core/types';
import { AI_INFRA, MINERS, BENCHMARKS, normaliseSymbol } from '../core/universe';
import { alignedWindowReturns, computeReport, type PairSampling, type ReportSeries, type SymbolReport } from '../core/report';
import type { HourlySeries } from '../core/sampling';
import { beta as betaOf, correlation as correlationOf } from '../core/risk';
import { createStore } from '../data/createStore';
import type { lazyProviderRegistry } from '../data/lazyProviders';
import { loadSnapshotFile, SNAPSHOT_PATH, type Snapshot } from '../data/snapshot';
import { NoDataError, type MarketStore } from '../data/store';
import type { Logger } from './log';
import type { HashpivotSettings } from './settings';
import { Disposable } from './lifecycle';
import { messageOf } from '../shared/errors';
import type { LogFn } from '../shared/log';

export interface RefreshResult {
  ok: string[];
  failed: Array<{ symbol: string; reason: string }>;
  /** The weakest origin among the loaded series: what the views should admit to. */
  kinds: Record<string, number>;
}

/** Symbols every view needs: the miners, the AI infrastructure names and the two benchmarks. */
export const CORE_SYMBOLS = [...MINERS.map((m) => m.symbol), ...AI_INFRA.map((m) => m.symbol), ...BENCHMARKS.map((b) => b.symbol)];

/** Correlation and beta of one symbol against an extra benchmark (CD20), 90 days. */
export interface ExtraPair {
  corr: number;
  beta: number;
  /** How the basket was priced on the symbol's calendar (its constituents' UTC-day closes). */
  sampling: PairSampling | null;
  /** The CD20 proxy on the symbol's as-of date: constituents priced, BTC's effective weight. */
  composition?: BasketComposition;
}

/** The extension's disk cache of market and network data (the MCP server it launches shares it). */
export function marketCacheDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'market-cache');
}

export class MarketService extends Disposable {
  private store!: MarketStore;
  private snapshot: Snapshot | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after a refresh changed what the store holds. */
  readonly onDidChange = this.changed.event;
  /** The refresh under way, and the store generation it loads into. */
  private loading: { generation: number; promise: Promise<RefreshResult> } | undefined;
  /** Counts the stores built: a refresh that started on an older store is not the one to wait on. */
  private generation = 0;
  lastRefresh: RefreshResult | undefined;
  /** When the last refresh finished (ms). */
  lastRefreshAt = 0;
  private readonly reports = new Map<string, SymbolReport>();
  private readonly extraPairs = new Map<string, ExtraPair>();
  /** Why the last refresh has no hourly BTC bars (for the sampling notes), when it has none. */
  private hourlyProblem: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private settings: HashpivotSettings,
  ) {
    super();
    this.build();
  }

  private providers: ReturnType<typeof lazyProviderRegistry> | undefined;

  /** Yahoo's symbol search (online only); [] in snapshot mode. */
  async search(query: string, signal?: AbortSignal): Promise<Array<{ symbol: string; name?: string; exchange?: string; type?: string }>> {
    if (this.mode === 'snapshot' || !query.trim()) return [];
    const yahoo = this.providers?.('yahoo');
    if (!yahoo?.search) return [];
    return yahoo.search(query, signal);
  }

  private build(): void {
    const s = this.settings;
    const httpLog: LogFn = (level, message) => this.log[level]('http', message);
    // globalThis.fetch in the extension host goes through VS Code's proxy settings (http.proxy,
    // http.proxySupport) and system certificates; the HTTP layer looks it up on every call.
    const created = createStore({
      mode: s.dataSource,
      endpoints: s.endpoints,
      timeoutMs: s.timeoutMs,
      httpLog,
      snapshot: () => this.getSnapshot(),
      cache: marketCacheDir(this.context),
      log: (level, m) => this.log[level]('data', m),
      sourceOverrides: { BTC: s.sources.BTC, NDX: s.sources.NDX },
      maxAgeMs: s.refreshIntervalMinutes * 60_000,
      extraSymbols: s.watchlist,
    });
    this.store = created.store;
    this.providers = created.provider;
    this.reports.clear();
    this.extraPairs.clear();
    this.hourlyProblem = undefined;
  }

  get currentSettings(): HashpivotSettings {
    return this.settings;
  }

  /** Every symbol a refresh loads: core symbols, the watchlist, extra benchmarks. */
  symbolsToLoad(): string[] {
    const extra = this.settings.benchmarks.includes('CD20') ? ['CD20'] : [];
    return [...new Set([...CORE_SYMBOLS, ...this.settings.watchlist, ...extra])];
  }

  /** True when the store knows the symbol (universe, watchlist, snapshot, or added). */
  isKnown(symbol: string): boolean {
    return this.store.isKnown(symbol);
  }

  /** The last computed report of a symbol (memory only; no I/O). */
  report(symbol: string): SymbolReport | undefined {
    return this.reports.get(normaliseSymbol(symbol));
  }

  /** Hourly BTC bars in memory (BTC at the US close), no I/O. */
  btcHourly(): HourlySeries | undefined {
    return this.store.peekHourly('BTC');
  }

  /** The CD20 proxy's composition on a date, once it was loaded. */
  cd20Composition(date: string): BasketComposition | undefined {
    return this.store.basketComposition(date);
  }

  /** BTC as the pair figures take it: daily bars plus, with `hashpivot.btcSampling` usClose, the hourly bars in memory. */
  btcReportSeries(): ReportSeries | undefined {
    const btc = this.store.peek('BTC');
    if (!btc) return undefined;
    if (this.settings.btcSampling !== 'us-close') return { assetClass: 'crypto', series: btc };
    const hourly = this.store.peekHourly('BTC');
    return hourly
      ? { assetClass: 'crypto', series: btc, hourly }
      : { assetClass: 'crypto', series: btc, hourlyUnavailable: this.hourlyProblem ?? 'no hourly bars loaded' };
  }

  /** 90-day correlation/beta of a symbol to the CD20 proxy, when that benchmark is on. */
  cd20Pair(symbol: string): ExtraPair | undefined {
    return this.extraPairs.get(normaliseSymbol(symbol));
  }

  /** Recomputes the report of every symbol in memory. Cheap: pure maths on daily closes. */
  private recompute(): void {
    this.reports.clear();
    this.extraPairs.clear();
    const btc = this.btcReportSeries();
    const ndx = this.store.peek('NDX');
    const cd20 = this.store.peek('CD20');
    for (const symbol of this.symbolsToLoad()) {
      const series = this.store.peek(symbol);
      const entry = this.store.entry(symbol);
      if (!series || !entry || series.dates.length < 2) continue;
      const asOf = series.dates.at(-1)!;
      try {
        const subject: ReportSeries = entry.symbol === 'BTC' && btc ? btc : { assetClass: entry.assetClass, series };
        const report = computeReport({
          symbol: entry.symbol,
          subject,
          btc,
          ndx: ndx && { assetClass: 'index', series: ndx },
          asOf,
          btcSampling: this.settings.btcSampling,
          basket: entry.symbol === 'CD20' ? this.store.basketComposition(asOf) : undefined,
        });
        this.reports.set(entry.symbol, report);
        if (cd20) {
          const { r, b, sampling } = alignedWindowReturns(subject, { assetClass: 'basket', series: cd20 }, asOf, 90);
          this.extraPairs.set(entry.symbol, { corr: correlationOf(r, b), beta: betaOf(r, b), sampling, composition: this.store.basketComposition(asOf) });
        }
      } catch (e) {
        this.log.warn('data', `report ${symbol}: ${messageOf(e)}`);
      }
    }
  }

  /** Hourly BTC bars for the US close (with `hashpivot.btcSampling` usClose); a failure is logged and noted, never thrown. */
  private async loadHourly(opts: { force: boolean; signal?: AbortSignal }): Promise<void> {
    if (this.settings.btcSampling !== 'us-close') return;
    try {
      const h = await this.store.hourly('BTC', { force: opts.force, signal: opts.signal });
      this.hourlyProblem = undefined;
      this.log.info('data', `hourly BTC: ${h.times.length} bars (${h.origin.kind}), to ${new Date(h.times.at(-1) ?? 0).toISOString()}`);
    } catch (e) {
      this.hourlyProblem = `no hourly bars (${messageOf(e)})`;
      this.log.warn('data', `hourly BTC: ${messageOf(e)}; BTC pair figures use the UTC-day close`);
    }
  }

  getSnapshot(): Snapshot {
    if (!this.snapshot) {
      const file = this.context.asAbsolutePath(SNAPSHOT_PATH);
      const t0 = Date.now();
      this.snapshot = loadSnapshotFile(file);
      this.log.info('data', `snapshot of ${this.snapshot.asOf} loaded (${this.snapshot.symbols().length} series, ${Date.now() - t0} ms)`);
    }
    return this.snapshot;
  }

  get mode(): HashpivotSettings['dataSource'] {
    return this.settings.dataSource;
  }

  get marketStore(): MarketStore {
    return this.store;
  }

  /** New settings: a new store (memory is kept per store, so views reload). */
  updateSettings(s: HashpivotSettings): void {
    this.settings = s;
    this.build();
    this.generation++;
    this.lastRefresh = undefined;
    this.changed.fire();
  }

  /** Settings that change only how things are shown: no new store, views redraw. */
  applyViewSettings(s: HashpivotSettings): void {
    this.settings = s;
    this.changed.fire();
  }

  /** What memory holds, no I/O. */
  peek(symbol: string): DailySeries | undefined {
    return this.store.peek(symbol);
  }

  /** Loads the core symbols once (first view to ask); later calls reuse the result. */
  ensureLoaded(): Promise<RefreshResult> {
    if (this.lastRefresh) return Promise.resolve(this.lastRefresh);
    return this.refresh({ force: false });
  }

  /**
   * Loads the core symbols through the store's chain. Never throws for one symbol's failure: each
   * failure is logged and reported; the others still load.
   */
  refresh(opts: { force: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number, symbol: string) => void }): Promise<RefreshResult> {
    if (this.loading?.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const store = this.store;
    const run = async (): Promise<RefreshResult> => {
      const result: RefreshResult = { ok: [], failed: [], kinds: {} };
      let done = 0;
      const t0 = Date.now();
      // BTC and NDX first: every miner's correlation and beta needs them.
      const order = ['BTC', 'NDX', ...this.symbolsToLoad().filter((s) => s !== 'BTC' && s !== 'NDX')];
      const worker = async (symbol: string) => {
        try {
          const s = await store.history(symbol, { force: opts.force, signal: opts.signal });
          result.ok.push(symbol);
          result.kinds[s.origin.kind] = (result.kinds[s.origin.kind] ?? 0) + 1;
        } catch (e) {
          const reason = e instanceof NoDataError ? e.message : messageOf(e);
          result.failed.push({ symbol, reason });
          this.log.warn('data', `refresh ${symbol}: ${reason}`);
        } finally {
          opts.onProgress?.(++done, order.length, symbol);
        }
      };
      // A few at a time: the HTTP layer rate-limits per host anyway.
      const queue = [...order];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let s = queue.shift(); s !== undefined; s = queue.shift()) await worker(s);
        }),
      );
      await this.loadHourly(opts);
      this.log.info(
        'data',
        `refresh: ${result.ok.length} loaded (${Object.entries(result.kinds)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}), ${result.failed.length} failed, ${Date.now() - t0} ms`,
      );
      // The settings changed meanwhile (a new store, another watchlist): what was loaded went to the
      // old store; load into the new one and answer with that.
      if (generation !== this.generation) return this.refresh(opts);
      this.lastRefresh = result;
      this.lastRefreshAt = Date.now();
      this.recompute();
      this.changed.fire();
      return result;
    };
    const promise = run().finally(() => {
      if (this.loading?.promise === promise) this.loading = undefined;
    });
    this.loading = { generation, promise };
    return promise;
  }
}
