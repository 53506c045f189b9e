/**
 * The BTC websocket ticker in the extension (src/data/btcStream.ts): it runs when
 * `hashpivot.intraday.btcStream` is on, intraday quotes are on (`hashpivot.intraday.refreshSeconds`
 * above 0), the data source is not the snapshot, the market data has loaded once (so the stream's
 * ticks are checked against a last close, and activation loads no ccxt) and the window has been
 * focused within the last {@link UNFOCUSED_STOP_MS}. A new market store (the data settings
 * changed: another BTC chain, other endpoints) gets a new stream. The exchange's pro class comes
 * from dist/providers.js (`createTickerWatcher`), loaded on the first connection.
 *
 * `onDidChange` (a new tick, at most once a second) is for the status bar and the Portfolio view;
 * `onDidChangeState` says when the stream goes live, down or away, so the REST poll can take BTC
 * back at once (src/vscode/intraday.ts asks {@link BtcStreamService.healthy} each round).
 */
import * as vscode from 'vscode';
import { BtcTickerStream, streamSourceOf, type BtcStreamStatus } from '../data/btcStream';
import { loadProviders } from '../data/lazyProviders';
import type { MarketStore } from '../data/store';
import { Disposable, toDisposable } from './lifecycle';
import type { Logger } from './log';
import type { MarketService } from './market';
import type { HashpivotSettings } from './settings';

/** Unfocused this long, the stream closes; focus opens it again. */
export const UNFOCUSED_STOP_MS = 5 * 60_000;

export class BtcStreamService extends Disposable {
  private stream: BtcTickerStream | undefined;
  /** What the stream was made for: a different store or source makes a new one. */
  private madeFor: { store: MarketStore; key: string } | undefined;
  private unfocusedTimer: ReturnType<typeof setTimeout> | undefined;
  private idle = false;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** A new streamed quote (at most once a second). */
  readonly onDidChange = this.changed.event;
  private readonly stateChanged = this._register(new vscode.EventEmitter<BtcStreamStatus>());
  /** The stream went live, down, stopped or unsupported. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly market: MarketService,
    private readonly log: Logger,
    private settings: HashpivotSettings,
  ) {
    super();
    this._register(market.onDidChange(() => this.update()));
    this._register(
      vscode.window.onDidChangeWindowState((s) => {
        clearTimeout(this.unfocusedTimer);
        this.unfocusedTimer = undefined;
        if (s.focused) this.idle = false;
        else this.idleAfter(UNFOCUSED_STOP_MS);
        this.update();
      }),
    );
    if (!vscode.window.state.focused) this.idleAfter(UNFOCUSED_STOP_MS);
    this._register(
      toDisposable(() => {
        clearTimeout(this.unfocusedTimer);
        void this.stream?.stop();
        this.stream = undefined;
      }),
    );
    this.update();
  }

  private idleAfter(ms: number): void {
    clearTimeout(this.unfocusedTimer);
    this.unfocusedTimer = setTimeout(() => {
      this.unfocusedTimer = undefined;
      this.idle = true;
      if (this.stream?.isRunning) this.log.info('data', `BTC stream: the window has not been focused for ${ms / 60_000} min; closing the stream`);
      this.update();
    }, ms);
  }

  /** Streaming and fresh: the REST poll leaves BTC alone. */
  get healthy(): boolean {
    return this.stream?.healthy ?? false;
  }

  /** The stream's state (`stopped` when there is none). */
  get status(): BtcStreamStatus {
    return this.stream?.status ?? { state: 'stopped', ticks: 0, rejected: 0, failures: 0 };
  }

  setSettings(s: HashpivotSettings): void {
    this.settings = s;
    this.update();
  }

  /** Starts, stops or remakes the stream as the settings, the data source, the store and the focus say. */
  private update(): void {
    const s = this.settings;
    const wanted = s.btcStream && s.intradaySeconds > 0 && this.market.mode !== 'snapshot' && this.market.lastRefresh !== undefined && !this.idle;
    const store = this.market.marketStore;
    const source = streamSourceOf(s.sources.BTC);
    const key = JSON.stringify([source, s.endpoints]);
    if (this.stream && (this.madeFor?.store !== store || this.madeFor.key !== key)) {
      void this.stream.stop();
      this.stream = undefined;
      this.madeFor = undefined;
    }
    if (!wanted) {
      if (this.stream?.isRunning) void this.stream.stop();
      return;
    }
    if (!this.stream) {
      const endpoints = s.endpoints;
      this.stream = new BtcTickerStream({
        store,
        source,
        connect: (ref) =>
          loadProviders().createTickerWatcher({ exchange: ref.provider.replace(/^ccxt:/, ''), symbol: ref.symbol, endpoints, connectionTimeoutMs: 15_000 }),
        log: (level, message) => this.log[level]('data', message),
        onChange: () => this.changed.fire(),
        onState: (status) => this.stateChanged.fire(status),
      });
      this.madeFor = { store, key };
    }
    this.stream.start();
  }
}

/** The stream's state in a few words, for tooltips; undefined when there is nothing to say. */
export function describeStream(status: BtcStreamStatus, pollSeconds: number): string | undefined {
  const src = status.source ? `${status.source.provider.replace(/^ccxt:/, '')} ${status.source.symbol}` : 'the exchange';
  switch (status.state) {
    case 'live':
      return `BTC ticks live from ${src} (websocket)`;
    case 'connecting':
      return `BTC stream: connecting to ${src}; polled every ${pollSeconds} s meanwhile`;
    case 'down':
      return `BTC stream down (${status.reason ?? 'no connection'}); reconnecting, polled every ${pollSeconds} s meanwhile`;
    case 'unsupported':
      return `No BTC stream: ${status.reason ?? 'not available'}; polled every ${pollSeconds} s`;
    default:
      return undefined;
  }
}
