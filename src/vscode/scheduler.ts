/**
 * Periodic refresh: every refresh interval while the window is focused (no polling while it is
 * not), and a refresh on focus when the data is older than the interval. Never in snapshot mode.
 */
import * as vscode from 'vscode';
import type { MarketService } from './market';
import { Disposable, toDisposable } from './lifecycle';

export class RefreshScheduler extends Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly market: MarketService) {
    super();
    this._register(toDisposable(() => this.disarm()));
    this._register(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) {
          if (this.isStale()) this.tick();
          this.arm();
        } else this.disarm();
      }),
    );
    this._register(market.onDidChange(() => this.arm()));
    this.arm();
  }

  private intervalMs(): number {
    return this.market.currentSettings.refreshIntervalMinutes * 60_000;
  }

  isStale(): boolean {
    return this.market.lastRefreshAt > 0 && Date.now() - this.market.lastRefreshAt >= this.intervalMs();
  }

  private tick(): void {
    if (this.market.mode === 'snapshot' || !vscode.window.state.focused || !this.market.lastRefresh) return;
    void this.market.refresh({ force: false });
  }

  private arm(): void {
    this.disarm();
    if (this.market.mode === 'snapshot' || !vscode.window.state.focused) return;
    this.timer = setTimeout(() => {
      this.tick();
      this.arm();
    }, this.intervalMs());
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
