/**
 * The extension host's market data service: one MarketStore (providers through the HTTP layer,
 * disk cache under global storage, embedded snapshot), rebuilt when the data settings change.
 * Heavy libraries (ccxt, yahoo-finance2) are only loaded when a live request is made.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { DailySeries } from '../core/types';
import { MINERS, BENCHMARKS } from '../core/universe';
import { DiskCache } from '../data/cache';
import { createHttpClient } from '../data/http';
import { lazyProviderRegistry } from '../data/lazyProviders';
import { loadSnapshotFile, SNAPSHOT_PATH, type Snapshot } from '../data/snapshot';
import { MarketStore, NoDataError } from '../data/store';
import type { Logger } from './log';
import type { HashpivotSettings } from './settings';

export interface RefreshResult {
  ok: string[];
  failed: Array<{ symbol: string; reason: string }>;
  /** The weakest origin among the loaded series: what the views should admit to. */
  kinds: Record<string, number>;
}

/** Symbols every view needs: the miners and the two benchmarks. */
export const CORE_SYMBOLS = [...MINERS.map((m) => m.symbol), ...BENCHMARKS.map((b) => b.symbol)];

export class MarketService implements vscode.Disposable {
  private store!: MarketStore;
  private snapshot: Snapshot | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a refresh changed what the store holds. */
  readonly onDidChange = this.changed.event;
  private loading: Promise<RefreshResult> | undefined;
  lastRefresh: RefreshResult | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private settings: HashpivotSettings,
  ) {
    this.build();
  }

  private build(): void {
    const s = this.settings;
    const httpLog = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => this.log[level]('http', message);
    // globalThis.fetch in the extension host goes through VS Code's proxy settings (http.proxy,
    // http.proxySupport) and system certificates; the HTTP layer looks it up on every call.
    const fetch = createHttpClient({ endpoints: s.endpoints, timeoutMs: s.timeoutMs, logger: httpLog });
    this.store = new MarketStore({
      mode: s.dataSource,
      provider: lazyProviderRegistry({ fetch, logger: httpLog }),
      snapshot: () => this.getSnapshot(),
      cache: new DiskCache(path.join(this.context.globalStorageUri.fsPath, 'market-cache'), (level, m) => this.log[level]('data', m)),
      log: (level, m) => this.log[level]('data', m),
      sourceOverrides: { BTC: s.sources.BTC, NDX: s.sources.NDX },
      maxAgeMs: s.refreshIntervalMinutes * 60_000,
    });
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
    this.lastRefresh = undefined;
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
    if (this.loading) return this.loading;
    const run = async (): Promise<RefreshResult> => {
      const result: RefreshResult = { ok: [], failed: [], kinds: {} };
      let done = 0;
      const t0 = Date.now();
      // BTC and NDX first: every miner's correlation and beta needs them.
      const order = ['BTC', 'NDX', ...CORE_SYMBOLS.filter((s) => s !== 'BTC' && s !== 'NDX')];
      const worker = async (symbol: string) => {
        try {
          const s = await this.store.history(symbol, { force: opts.force, signal: opts.signal });
          result.ok.push(symbol);
          result.kinds[s.origin.kind] = (result.kinds[s.origin.kind] ?? 0) + 1;
        } catch (e) {
          const reason = e instanceof NoDataError ? e.message : (e as Error).message;
          result.failed.push({ symbol, reason });
          this.log.warn('data', `refresh ${symbol}: ${reason}`);
        } finally {
          opts.onProgress?.(++done, order.length, symbol);
        }
      };
      // A few at a time: the HTTP layer rate-limits per host anyway.
      const queue = [...order];
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) await worker(s);
      }));
      this.log.info('data', `refresh: ${result.ok.length} loaded (${Object.entries(result.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), ${result.failed.length} failed, ${Date.now() - t0} ms`);
      this.lastRefresh = result;
      this.changed.fire();
      return result;
    };
    this.loading = run().finally(() => (this.loading = undefined));
    return this.loading;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
