import assert from 'node:assert/strict';
import { Disposable, DisposableStore, disposeAll, toDisposable } from '../../src/vscode/lifecycle';

class Owner extends Disposable {
  constructor(log: string[]) {
    super();
    this._register(toDisposable(() => log.push('first')));
    this._register(toDisposable(() => log.push('second')));
  }
  add(d: { dispose(): unknown }) {
    return this._register(d);
  }
}

describe('lifecycle (src/vscode/lifecycle)', () => {
  it('a Disposable disposes what it registered once, newest first', () => {
    const log: string[] = [];
    const o = new Owner(log);
    o.dispose();
    o.dispose();
    assert.deepEqual(log, ['second', 'first']);
  });

  it('registering on a disposed owner disposes at once', () => {
    const log: string[] = [];
    const o = new Owner(log);
    o.dispose();
    o.add(toDisposable(() => log.push('late')));
    assert.deepEqual(log, ['second', 'first', 'late']);
  });

  it('one failing dispose does not stop the others; the first error is rethrown', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => log.push('a')));
    store.add({
      dispose: () => {
        throw new Error('boom');
      },
    });
    store.add(toDisposable(() => log.push('c')));
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual(log, ['c', 'a']);
    assert.ok(store.isDisposed);
    assert.doesNotThrow(() => disposeAll([]));
  });
});
