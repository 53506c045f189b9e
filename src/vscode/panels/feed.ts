/**
 * What one panel's webview is sent, and when. Market data starts loading when the panel is created
 * (the webview takes seconds to start; its `ready` used to be what started the load), and the
 * panel's view model is built as soon as the data is there; both are posted once the webview says
 * `ready`, never before (a message posted to a page that is still loading can be lost). Each
 * request to post (ready, a range, a market or catalog change) supersedes the ones still waiting,
 * so a burst of them posts the data once. A failed load is posted as an `error` the panel shows.
 * No VS Code API here, so it is tested with a fake webview (test/unit/panel-feed.test.ts).
 */
import type { HostMessage, PanelData } from '../../shared/protocol';
import { messageOf } from '../../shared/errors';

export interface FeedDeps {
  /** Loads market data; concurrent calls share one load, later calls resolve at once when it is loaded. */
  load(): Promise<unknown>;
  /** True when market data is loaded (no `loading` message needed). */
  loaded(): boolean;
  /** The panel's view model for its current state (the caller caches it per state and data). */
  compute(): PanelData;
  post(message: HostMessage): void;
  /** A load or a build failed (for the log); the panel is sent the message as an `error`. */
  failed(message: string): void;
}

export const LOADING_MESSAGE = 'Loading market data…';

export class PanelFeed {
  private webviewReady = false;
  private seq = 0;
  private disposed = false;
  /** The load started with the panel, until the first post consumes it (its failure is reported then). */
  private started: Promise<unknown> | undefined;

  constructor(private readonly deps: FeedDeps) {
    try {
      this.started = deps.load();
    } catch (e) {
      this.started = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.started.then(
      () => this.prepare(),
      () => undefined, // reported by the first post
    );
  }

  /** True once the webview has said `ready` (since it last loaded). */
  get ready(): boolean {
    return this.webviewReady;
  }

  /** The webview has loaded (again): it shows nothing yet, so it is sent the data once it is there. */
  onReady(): Promise<void> {
    this.webviewReady = true;
    return this.send();
  }

  /** The panel's state or the data changed: post again if the webview listens (else its `ready` will). */
  onChange(): Promise<void> {
    return this.webviewReady ? this.send() : Promise.resolve();
  }

  /** The webview is gone (panel closed): nothing more is posted. */
  dispose(): void {
    this.disposed = true;
  }

  /** Builds the view model ahead of `ready`, so that it is there to post at once. */
  private prepare(): void {
    if (this.webviewReady || this.disposed) return;
    try {
      this.deps.compute();
    } catch {
      // reported when it is posted
    }
  }

  private async send(): Promise<void> {
    const mine = ++this.seq;
    const pending = this.started ?? this.deps.load();
    this.started = undefined;
    try {
      if (!this.deps.loaded()) this.deps.post({ type: 'loading', message: LOADING_MESSAGE });
      await pending;
      if (mine !== this.seq || this.disposed) return; // a later request posts
      this.deps.post({ type: 'data', payload: this.deps.compute() });
    } catch (e) {
      if (mine !== this.seq || this.disposed) return;
      const message = messageOf(e);
      this.deps.failed(message);
      this.deps.post({ type: 'error', message });
    }
  }
}
