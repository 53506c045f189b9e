/**
 * Lifecycle: one `Disposable` base that long-lived classes extend, registering what they own
 * with `_register()` instead of keeping arrays by hand (the pattern of vscode-hexeditor
 * `src/dispose.ts` and vscode-pull-request-github `src/common/lifecycle.ts`).
 */
import type * as vscode from 'vscode';

export interface IDisposable {
  dispose(): unknown;
}

/** Wraps a function as a disposable that runs it once. */
export function toDisposable(fn: () => void): vscode.Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Disposes every item, in reverse order of registration, even when one throws; rethrows the first error. */
export function disposeAll(items: Iterable<IDisposable>): void {
  const list = [...items].reverse();
  let first: unknown;
  for (const d of list) {
    try {
      d.dispose();
    } catch (e) {
      first ??= e;
    }
  }
  if (first !== undefined) throw first;
}

/** A set of disposables owned together (for example, the subscriptions of one webview panel). */
export class DisposableStore implements vscode.Disposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `d`; a store that is already disposed disposes it at once. */
  add<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.add(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items];
    this.items.clear();
    disposeAll(items);
  }
}

/** Base of every long-lived class: what it registers is disposed with it. */
export abstract class Disposable implements vscode.Disposable {
  readonly #owned = new DisposableStore();

  protected get isDisposed(): boolean {
    return this.#owned.isDisposed;
  }

  protected _register<T extends IDisposable>(d: T): T {
    return this.#owned.add(d);
  }

  dispose(): void {
    this.#owned.dispose();
  }
}
