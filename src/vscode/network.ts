/**
 * Bitcoin network data in the extension host (difficulty by day, fees per block) for the
 * economics panel: one NetworkStore (src/data/createNetworkStore.ts: the HTTP layer, the disk
 * cache under global storage beside the market data's, the embedded media/snapshot/network.json),
 * with the same data source, endpoint overrides and time-out as the market service, rebuilt when
 * those settings change. Nothing loads until a panel, a miner hover or tooltip, or a note's
 * economics block asks (`ensureLoaded`, `requestLoad`); Refresh Data asks again (`refresh`).
 */
import * as vscode from 'vscode';
import { createNetworkStore, NETWORK_SNAPSHOT_FILE } from '../data/createNetworkStore';
import type { NetworkResult, NetworkStore } from '../data/network';
import type { Logger } from './log';
import type { HashpivotSettings } from './settings';
import { Disposable } from './lifecycle';
import { marketCacheDir } from './market';
import { messageOf } from '../shared/errors';
import { hashpriceAsOf, hashpriceHistory, type HashpricePoint } from '../core/network';
import type { DailySeries } from '../core/types';

export const NETWORK_SNAPSHOT_PATH = `media/snapshot/${NETWORK_SNAPSHOT_FILE}`;

export class NetworkService extends Disposable {
  private store!: NetworkStore;
  private loading: Promise<NetworkResult> | undefined;
  /** The last series loaded for the current settings. */
  current: NetworkResult | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the settings gave a new store (what was loaded is gone). */
  readonly onDidChange = this.changed.event;
  private readonly loaded = this._register(new vscode.EventEmitter<void>());
  /** Fires when a load or a refresh brought new series (or failed: see `lastError`). */
  readonly onDidLoad = this.loaded.event;
  private readonly refreshed = this._register(new vscode.EventEmitter<void>());
  /** Fires when Refresh Data brought new series (open economics panels redraw). */
  readonly onDidRefresh = this.refreshed.event;
  /** Why the last load failed (cleared by the next success). */
  lastError: string | undefined;
  private day: { key: unknown; btcLast: string | undefined; point: HashpricePoint | undefined } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private settings: HashpivotSettings,
  ) {
    super();
    this.build();
  }

  private build(): void {
    const s = this.settings;
    this.store = createNetworkStore({
      mode: s.dataSource,
      endpoints: s.endpoints,
      timeoutMs: s.timeoutMs,
      cacheDir: marketCacheDir(this.context),
      snapshotFile: this.context.asAbsolutePath(NETWORK_SNAPSHOT_PATH),
      log: (level, m) => this.log[level]('data', m),
      httpLog: (level, m) => this.log[level]('http', m),
    });
    this.loading = undefined;
    this.current = undefined;
    this.lastError = undefined;
  }

  /** New data settings: a new store; open panels reload. */
  updateSettings(s: HashpivotSettings): void {
    this.settings = s;
    this.build();
    this.changed.fire();
  }

  /** Loads the network series once (concurrent calls share the load); a failed load is tried again next time. */
  ensureLoaded(): Promise<NetworkResult> {
    if (this.current) return Promise.resolve(this.current);
    return this.loading ?? this.load(false);
  }

  /** Starts a load in the background when nothing is loaded or loading (hovers, tooltips, note blocks); `onDidLoad` fires when it ends. */
  requestLoad(): void {
    if (this.current || this.loading || this.lastError) return;
    void this.load(false).catch(() => undefined);
  }

  /** Refresh Data: the live source again (past the cache's 6 hours), whatever was loaded; the fallbacks as on a first load. */
  refresh(signal?: AbortSignal): Promise<NetworkResult> {
    return this.load(true, signal);
  }

  /**
   * The hashprice on the latest day that has both network data and one of `btc`'s closes (the
   * economics panel's day), or undefined when the network data is not loaded. Memoised on the
   * series and BTC's last date.
   */
  latestDay(btc: DailySeries | undefined): HashpricePoint | undefined {
    const net = this.current;
    if (!net || !btc || btc.dates.length === 0) return undefined;
    const btcLast = `${btc.dates.at(-1)}:${btc.close.at(-1)}:${btc.dates.length}`;
    if (this.day?.key !== net || this.day.btcLast !== btcLast) this.day = { key: net, btcLast, point: hashpriceAsOf(hashpriceHistory(net.series, btc)) };
    return this.day.point;
  }

  private load(force: boolean, signal?: AbortSignal): Promise<NetworkResult> {
    const store = this.store;
    const t0 = Date.now();
    const p = store.series(signal, force).then(
      (r) => {
        if (this.store === store) {
          this.current = r;
          this.lastError = undefined;
          this.loaded.fire();
          if (force) this.refreshed.fire();
        }
        const o = r.series.origin;
        this.log.info(
          'data',
          `network data: ${r.series.dates.length} days to ${r.series.dates.at(-1) ?? '–'} (${o.kind}, ${o.provider}) in ${Date.now() - t0} ms`,
        );
        for (const problem of r.problems) this.log.warn('data', `network data: ${problem}`);
        return r;
      },
      (e: unknown) => {
        this.log.error('data', `network data: ${messageOf(e)}`);
        if (this.store === store && !this.current) {
          this.lastError = messageOf(e);
          this.loaded.fire();
        }
        throw e;
      },
    );
    this.loading = p;
    void p
      .catch(() => undefined)
      .finally(() => {
        if (this.loading === p) this.loading = undefined;
      });
    return p;
  }
}
