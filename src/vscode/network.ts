/**
 * Bitcoin network data in the extension host (difficulty by day, fees per block) for the
 * economics panel: one NetworkStore (src/data/createNetworkStore.ts: the HTTP layer, the disk
 * cache under global storage beside the market data's, the embedded media/snapshot/network.json),
 * with the same data source, endpoint overrides and time-out as the market service, rebuilt when
 * those settings change. Nothing loads until a panel asks (`ensureLoaded`).
 */
import * as vscode from 'vscode';
import { createNetworkStore, NETWORK_SNAPSHOT_FILE } from '../data/createNetworkStore';
import type { NetworkResult, NetworkStore } from '../data/network';
import type { Logger } from './log';
import type { HashpivotSettings } from './settings';
import { Disposable } from './lifecycle';
import { marketCacheDir } from './market';
import { messageOf } from '../shared/errors';

export const NETWORK_SNAPSHOT_PATH = `media/snapshot/${NETWORK_SNAPSHOT_FILE}`;

export class NetworkService extends Disposable {
  private store!: NetworkStore;
  private loading: Promise<NetworkResult> | undefined;
  /** The last series loaded for the current settings. */
  current: NetworkResult | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the settings gave a new store (what was loaded is gone). */
  readonly onDidChange = this.changed.event;

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
    if (this.loading) return this.loading;
    const store = this.store;
    const t0 = Date.now();
    const p = store.series().then(
      (r) => {
        if (this.store === store) this.current = r;
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
