/**
 * Intraday quotes: while the window is focused, every `hashpivot.intraday.refreshSeconds`
 * (default 60; 0 turns it off; never in snapshot mode), the live price of BTC and of every held
 * position — equities only during the US regular session (src/core/marketHours.ts), crypto at any
 * hour — through the store's `quote` (each source's own chain, prices checked). BTC is left out
 * while its websocket stream (src/vscode/btcStream.ts) is healthy, and polled again as soon as it
 * is not. The Portfolio view and the status bar then show those prices, labelled live with their
 * time, polled or streamed.
 */
import * as vscode from 'vscode';
import { intradaySymbols } from '../core/marketHours';
import { symbolsToPoll } from '../data/btcStream';
import { Disposable } from './lifecycle';
import type { Logger } from './log';
import type { MarketService } from './market';
import type { PortfolioService } from './portfolio/portfolioService';
import { messageOf } from '../shared/errors';

export class IntradayQuotes extends Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after a round of quotes changed something. */
  readonly onDidChange = this.changed.event;
  /** Rounds completed and quotes received (tests, logs). */
  rounds = 0;
  received = 0;

  constructor(
    private readonly market: MarketService,
    private readonly portfolio: PortfolioService,
    private readonly log: Logger,
    private seconds: number,
    /** BTC's websocket stream: while healthy, BTC is not polled. */
    private readonly btcStream?: { readonly healthy: boolean },
  ) {
    super();
    this.schedule();
    this._register({ dispose: () => clearInterval(this.timer) });
    this._register(vscode.window.onDidChangeWindowState((s) => s.focused && void this.poll()));
  }

  setInterval(seconds: number): void {
    this.seconds = seconds;
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.seconds > 0) this.timer = setInterval(() => void this.poll(), Math.max(15, this.seconds) * 1000);
  }

  /** One round (skipped when one is running, the window is not focused, or the data source is the snapshot). */
  async poll(force = false): Promise<number> {
    if (this.running || this.market.mode === 'snapshot' || (!force && (!vscode.window.state.focused || this.seconds <= 0))) return 0;
    this.running = true;
    try {
      const store = this.market.marketStore;
      const held = this.portfolio.current.holdings.positions.map((p) => p.symbol).filter((s) => store.isKnown(s));
      const symbols = symbolsToPoll(
        intradaySymbols(Date.now(), held, (s) => store.entry(s)?.assetClass === 'crypto'),
        this.btcStream,
      );
      let got = 0;
      await Promise.all(
        symbols.map(async (s) => {
          try {
            await store.quote(s);
            got++;
          } catch (e) {
            this.log.debug('data', `quote ${s}: ${messageOf(e)}`);
          }
        }),
      );
      this.rounds++;
      this.received += got;
      if (got) this.changed.fire();
      return got;
    } finally {
      this.running = false;
    }
  }
}
