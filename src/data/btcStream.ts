/**
 * BTC's live price from an exchange's websocket ticker: the first ccxt entry of BTC's source chain
 * (`hashpivot.sources.btc`), watched through ccxt's pro class (src/data/providers/ccxtStream.ts,
 * loaded with the other providers). Each update is checked like a polled quote and kept as BTC's
 * live quote by the store (`MarketStore.acceptQuote`, labelled `feed: 'stream'`), so whatever reads
 * `peekQuote('BTC')` shows it, live, with its time.
 *
 * - A rejected update (no price, not a price, ×50 off the last close, dated in the future or more
 *   than `maxTickAgeMs` old) is counted, reported to `onReject` and logged (at most one warning a
 *   minute); the quote in memory stays.
 * - The connection failing or closing: the stream is `down`, tries again after a backoff
 *   (exponential from `backoff.initialMs`, capped at `backoff.maxMs`, with jitter), and says so;
 *   meanwhile {@link BtcTickerStream.healthy} is false and the REST poll (src/vscode/intraday.ts)
 *   keeps BTC fresh. A valid update resets the backoff.
 * - No stream to use (no ccxt entry in the chain, an exchange without a ticker stream, a pair
 *   without a known market id): `unsupported`, for good; the poll alone serves BTC.
 * - `onChange` (new quote, for the UI) fires at most once per `throttleMs`, the last update of a
 *   burst included; `onState` fires on every change of state.
 * - `stop()` closes the connection and clears every timer; the caller decides when to run (never
 *   in snapshot mode, only while the window is in use: src/vscode/btcStream.ts).
 */
import type { Quote } from '../core/types';
import type { SourceRef } from '../core/universe';
import { ProviderError } from './provider';
import type { MarketStore } from './store';
import type { TickerUpdate, TickerWatcher } from './providers/ccxtStream';
import { messageOf } from '../shared/errors';
import type { LogFn } from '../shared/log';

export type { TickerUpdate, TickerWatcher };

export type BtcStreamState = 'stopped' | 'connecting' | 'live' | 'down' | 'unsupported';

export interface BtcStreamStatus {
  state: BtcStreamState;
  /** The chain entry streamed (`ccxt:coinbase` `BTC/USD`), when there is one. */
  source?: SourceRef;
  /** Why the stream is down or unsupported. */
  reason?: string;
  /** Valid updates kept, and updates rejected, since the stream was made. */
  ticks: number;
  rejected: number;
  /** The last rejection's reason. */
  lastRejection?: string;
  /** When the last valid update was kept (ms, the stream's clock). */
  lastTickAt?: number;
  /** Connection failures in a row (0 once an update arrived). */
  failures: number;
  /** When the next connection attempt is due, while down (ms, the stream's clock). */
  retryAt?: number;
}

export interface BtcStreamOptions {
  store: MarketStore;
  /** What to stream: {@link streamSourceOf} of BTC's chain (undefined: unsupported). */
  source: SourceRef | undefined;
  /** Opens a watcher for the source (in the extension: the providers bundle's createTickerWatcher). */
  connect: (source: SourceRef) => Promise<TickerWatcher>;
  log?: LogFn;
  /** The clock for quote times and checks. Default Date.now. */
  now?: () => number;
  /** Least time between two `onChange` calls. Default 1000 ms. */
  throttleMs?: number;
  /** Reconnect delays: `initialMs` doubling up to `maxMs`, ±`jitter` (a fraction). Default 2 s, 5 min, 0.2. */
  backoff?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** A stream whose last valid update is older than this is not {@link BtcTickerStream.healthy}. Default 90 s. */
  staleMs?: number;
  /** An update dated earlier than this before now is rejected. Default 10 min. */
  maxTickAgeMs?: number;
  random?: () => number;
  /** A new quote was kept (throttled). */
  onChange?: () => void;
  /** The state, its reason or the count of failures in a row changed. */
  onState?: (status: BtcStreamStatus) => void;
  /** An update was rejected, with why. */
  onReject?: (reason: string) => void;
}

/** The entry of a source chain the stream watches: the first ccxt one. */
export function streamSourceOf(chain: readonly SourceRef[]): SourceRef | undefined {
  return chain.find((r) => r.provider.startsWith('ccxt:'));
}

const REJECTION_LOG_MS = 60_000;

export class BtcTickerStream {
  private readonly o: BtcStreamOptions;
  private readonly now: () => number;
  private readonly log: LogFn;
  private current: BtcStreamStatus;
  /** Bumped by start and stop: a loop of an older generation ends at its next step. */
  private generation = 0;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  /** Resolves when the running loop is stopped, so a watcher that never settles cannot hold it. */
  private stopped: { promise: Promise<void>; resolve: () => void } | undefined;
  private sleepTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastChangeAt = -Infinity;
  private rejectionLoggedAt = -Infinity;
  private rejectionsUnlogged = 0;

  constructor(options: BtcStreamOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.current = { state: 'stopped', ...(options.source ? { source: options.source } : {}), ticks: 0, rejected: 0, failures: 0 };
  }

  get status(): BtcStreamStatus {
    return { ...this.current };
  }

  /** Live and fresh: a valid update within `staleMs`. While false, BTC is left to the REST poll. */
  get healthy(): boolean {
    const s = this.current;
    return s.state === 'live' && s.lastTickAt !== undefined && this.now() - s.lastTickAt <= (this.o.staleMs ?? 90_000);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts watching (nothing when already running or unsupported). */
  start(): void {
    if (this.running || this.current.state === 'unsupported') return;
    this.running = true;
    const generation = ++this.generation;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.stopped = { promise, resolve };
    const source = this.o.source;
    if (!source) {
      this.running = false;
      this.setState({ state: 'unsupported', reason: 'no exchange (ccxt) source in the BTC source chain' });
      this.log('info', 'BTC stream: no exchange (ccxt) source in hashpivot.sources.btc; BTC is polled by REST');
      return;
    }
    this.loopDone = this.loop(generation, source);
  }

  /** Closes the connection, clears every timer and waits for the watch loop to end. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.generation++;
      this.setState({ state: 'stopped' });
    }
    this.stopped?.resolve();
    this.wake?.();
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    // The loop sees the stop at once (its waits race against it) and closes its watcher on the way out.
    await this.loopDone;
  }

  private async loop(generation: number, source: SourceRef): Promise<void> {
    const alive = () => generation === this.generation;
    const stopped = this.stopped!.promise.then(() => {
      throw new ProviderError(source.provider, 'cancelled', 'the BTC stream was stopped');
    });
    stopped.catch(() => undefined);
    let watcher: TickerWatcher | undefined;
    this.setState({ state: 'connecting', failures: 0 });
    try {
      while (alive()) {
        try {
          if (!watcher) {
            const opening = this.o.connect(source);
            // Made after a stop (the race below lost): closed at once; it has not connected yet.
            opening.then(
              (w) => !alive() && void w.close(),
              () => undefined,
            );
            watcher = await Promise.race([opening, stopped]);
            if (!alive()) break;
            this.log(
              this.current.failures ? 'debug' : 'info',
              `BTC stream: watching ${source.provider} ${source.symbol} (${watcher.label} websocket ticker, ${watcher.url})`,
            );
          }
          const update = await Promise.race([watcher.next(), stopped]);
          if (!alive()) break;
          this.take(update, source, watcher.label);
        } catch (e) {
          if (!alive()) break;
          const reason = messageOf(e);
          if (e instanceof ProviderError && e.kind === 'malformed') {
            // A message the parser could not read: one bad update; the connection goes on.
            this.rejected(reason);
            continue;
          }
          if (e instanceof ProviderError && e.kind === 'unsupported') {
            this.running = false;
            this.setState({ state: 'unsupported', reason });
            this.log('info', `BTC stream: ${reason}; BTC is polled by REST`);
            break;
          }
          // A fresh ccxt instance for the next attempt: nothing of the failed connection carries over.
          const failed = watcher;
          watcher = undefined;
          await failed?.close();
          if (!alive()) break;
          const failures = this.current.failures + 1;
          const delay = this.backoffMs(failures);
          this.setState({ state: 'down', reason, failures, retryAt: this.now() + delay });
          this.log(
            failures === 1 ? 'warn' : 'debug',
            `BTC stream ${source.provider}: ${reason}; trying again in ${delay < 1000 ? `${delay} ms` : `${(delay / 1000).toFixed(1)} s`} (failure ${failures}); BTC is polled by REST meanwhile`,
          );
          await this.sleep(delay);
        }
      }
    } finally {
      await watcher?.close();
    }
  }

  /** One update: checked and kept by the store, or rejected. */
  private take(update: TickerUpdate, source: SourceRef, label: string): void {
    const nowMs = this.now();
    const at = update.timestamp ?? nowMs;
    const quoteCurrency = source.symbol.split('/')[1];
    const q: Quote = {
      symbol: 'BTC',
      price: update.price ?? NaN,
      time: Number.isFinite(at) && Math.abs(at) < 8.64e15 ? new Date(at).toISOString() : String(at),
      ...(update.percentage !== undefined && Number.isFinite(update.percentage) ? { changeFraction: update.percentage / 100 } : {}),
      ...(quoteCurrency ? { currency: quoteCurrency } : {}),
      origin: {
        kind: 'live',
        provider: source.provider,
        providerSymbol: source.symbol,
        asOf: new Date(nowMs).toISOString(),
        note: `${label} websocket ticker through ccxt`,
      },
      feed: 'stream',
    };
    try {
      if (update.price === undefined) throw new ProviderError(source.provider, 'malformed', `${source.symbol}: a ticker update without a last price; not used`);
      this.o.store.acceptQuote('BTC', q, source, this.o.maxTickAgeMs ?? 10 * 60_000);
    } catch (e) {
      this.rejected(messageOf(e));
      return;
    }
    const wasLive = this.current.state === 'live';
    this.current = { ...this.current, ticks: this.current.ticks + 1, lastTickAt: nowMs, failures: 0 };
    if (!wasLive) {
      this.setState({ state: 'live' });
      this.log('info', `BTC stream ${source.provider}: live (${q.price} at ${q.time})`);
    }
    this.changed();
  }

  private rejected(reason: string): void {
    this.current = { ...this.current, rejected: this.current.rejected + 1, lastRejection: reason };
    this.o.onReject?.(reason);
    const t = Date.now();
    if (t - this.rejectionLoggedAt >= REJECTION_LOG_MS) {
      const more = this.rejectionsUnlogged ? ` (and ${this.rejectionsUnlogged} more since the last warning)` : '';
      this.log('warn', `BTC stream: update rejected: ${reason}${more}`);
      this.rejectionLoggedAt = t;
      this.rejectionsUnlogged = 0;
    } else this.rejectionsUnlogged++;
  }

  /** At most one `onChange` per `throttleMs`; an update inside the window is announced at its end. */
  private changed(): void {
    if (this.changeTimer) return;
    const wait = this.lastChangeAt + (this.o.throttleMs ?? 1000) - Date.now();
    const fire = () => {
      this.changeTimer = undefined;
      this.lastChangeAt = Date.now();
      this.o.onChange?.();
    };
    if (wait <= 0) fire();
    else this.changeTimer = setTimeout(fire, wait);
  }

  private setState(patch: Partial<BtcStreamStatus> & { state: BtcStreamState }): void {
    const { reason: _r, retryAt: _t, ...rest } = this.current;
    const next: BtcStreamStatus = { ...rest, ...patch };
    const changed = next.state !== this.current.state || next.reason !== this.current.reason || next.failures !== this.current.failures;
    this.current = next;
    if (changed) this.o.onState?.(this.status);
  }

  private backoffMs(failures: number): number {
    const b = this.o.backoff ?? {};
    const initial = b.initialMs ?? 2000;
    const max = b.maxMs ?? 300_000;
    const jitter = b.jitter ?? 0.2;
    const base = Math.min(max, initial * 2 ** Math.min(failures - 1, 30));
    const r = (this.o.random ?? Math.random)();
    return Math.max(0, Math.min(max, Math.round(base * (1 + jitter * (2 * r - 1)))));
  }

  /** Waits `ms`, or less when stopped. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.sleepTimer);
        this.sleepTimer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.sleepTimer = setTimeout(done, ms);
    });
  }
}

/** The symbols a REST round still has to quote: BTC is left out while the stream is healthy. */
export function symbolsToPoll(symbols: readonly string[], stream: { readonly healthy: boolean } | undefined): string[] {
  return stream?.healthy ? symbols.filter((s) => s !== 'BTC') : [...symbols];
}
