import assert from 'node:assert/strict';
import { LOADING_MESSAGE, PanelFeed, type FeedDeps } from '../../src/vscode/panels/feed';
import type { DashboardData, HostMessage, PanelData } from '../../src/shared/protocol';

/** A market load the test resolves or fails by hand, a fake webview that records what it is posted. */
function harness(opts: { loadedAlready?: boolean } = {}) {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  let loaded = !!opts.loadedAlready;
  let pending: Promise<void> | undefined;
  const calls = { load: 0, compute: 0 };
  const posted: HostMessage[] = [];
  const failures: string[] = [];
  let range: DashboardData['range'] = '1Y';
  const deps: FeedDeps = {
    load: () => {
      calls.load++;
      if (loaded) return Promise.resolve();
      pending ??= new Promise<void>((res, rej) => {
        resolve = () => {
          loaded = true;
          pending = undefined;
          res();
        };
        reject = (e) => {
          pending = undefined;
          rej(e);
        };
      });
      return pending;
    },
    loaded: () => loaded,
    compute: () => {
      calls.compute++;
      return { kind: 'dashboard', range } as unknown as PanelData;
    },
    post: (m) => posted.push(m),
    failed: (m) => failures.push(m),
  };
  const flush = () => new Promise((r) => setImmediate(r));
  const data = () => posted.filter((m) => m.type === 'data');
  return {
    deps,
    calls,
    posted,
    failures,
    data,
    flush,
    setRange: (r: DashboardData['range']) => (range = r),
    resolve: () => resolve(),
    reject: (e: Error) => reject(e),
  };
}

describe('panel feed: market data loads with the panel, posted once the webview is ready (src/vscode/panels/feed)', () => {
  it('starts loading when the panel is created, before the webview says ready, and posts nothing until then', async () => {
    const h = harness();
    new PanelFeed(h.deps);
    assert.equal(h.calls.load, 1, 'the load started with the panel');
    h.resolve();
    await h.flush();
    assert.deepEqual(h.posted, [], 'nothing is posted to a webview that has not said ready');
    assert.equal(h.calls.compute, 1, 'the view model is built ahead of ready');
  });

  it('ready after the data: the data is posted at once, exactly once', async () => {
    const h = harness();
    const feed = new PanelFeed(h.deps);
    h.resolve();
    await h.flush();
    await feed.onReady();
    assert.deepEqual(
      h.posted.map((m) => m.type),
      ['data'],
    );
  });

  it('ready before the data: a loading message, then the data exactly once, even when the load also reports a change', async () => {
    const h = harness();
    const feed = new PanelFeed(h.deps);
    const ready = feed.onReady();
    assert.deepEqual(h.posted, [{ type: 'loading', message: LOADING_MESSAGE }]);
    // The market fires its change event when the load completes, before the load's promise settles.
    h.resolve();
    void feed.onChange();
    await ready;
    await h.flush();
    assert.deepEqual(
      h.posted.map((m) => m.type),
      ['loading', 'data'],
    );
    assert.equal(h.calls.load, 2, 'the change asked the (now loaded) market again; the load itself ran once');
  });

  it('changes before ready post nothing; the ready posts the state as it is then', async () => {
    const h = harness({ loadedAlready: true });
    const feed = new PanelFeed(h.deps);
    await feed.onChange();
    assert.deepEqual(h.posted, []);
    h.setRange('ALL');
    await feed.onReady();
    assert.equal(h.data().length, 1);
    assert.equal((h.data()[0] as { payload: DashboardData }).payload.range, 'ALL');
  });

  it('a burst of requests while loading posts the data once, for the last state', async () => {
    const h = harness();
    const feed = new PanelFeed(h.deps);
    const all = [feed.onReady()];
    h.setRange('3M');
    all.push(feed.onChange());
    h.setRange('ALL');
    all.push(feed.onChange());
    h.resolve();
    await Promise.all(all);
    assert.equal(h.data().length, 1);
    assert.equal((h.data()[0] as { payload: DashboardData }).payload.range, 'ALL');
  });

  it('a webview that loads again (ready a second time) is sent the data again', async () => {
    const h = harness({ loadedAlready: true });
    const feed = new PanelFeed(h.deps);
    await feed.onReady();
    await feed.onReady();
    assert.equal(h.data().length, 2);
  });

  for (const when of ['before', 'after'] as const)
    it(`a load that fails ${when} ready: the panel is sent a clear error, once, and it is logged`, async () => {
      const h = harness();
      const feed = new PanelFeed(h.deps);
      let ready: Promise<void> | undefined;
      if (when === 'after') ready = feed.onReady();
      h.reject(new Error('no route to the snapshot'));
      await h.flush();
      if (when === 'before') ready = feed.onReady();
      await ready;
      const errors = h.posted.filter((m) => m.type === 'error');
      assert.deepEqual(errors, [{ type: 'error', message: 'no route to the snapshot' }]);
      assert.equal(h.data().length, 0);
      assert.deepEqual(h.failures, ['no route to the snapshot']);
      assert.equal(h.calls.load, 1, 'the failure reported is the load started with the panel');
    });

  it('a later request after a failed load tries the load again', async () => {
    const h = harness();
    const feed = new PanelFeed(h.deps);
    h.reject(new Error('offline'));
    await feed.onReady();
    const again = feed.onChange();
    h.resolve();
    await again;
    assert.equal(h.calls.load, 2);
    assert.equal(h.data().length, 1);
  });

  it('a build that throws is an error in the panel, not an unhandled rejection', async () => {
    const h = harness({ loadedAlready: true });
    h.deps.compute = () => {
      throw new Error('no price data for ZZZ');
    };
    const feed = new PanelFeed(h.deps);
    await h.flush();
    await feed.onReady();
    assert.deepEqual(h.posted, [{ type: 'error', message: 'no price data for ZZZ' }]);
  });

  it('posts nothing after the panel is closed', async () => {
    const h = harness();
    const feed = new PanelFeed(h.deps);
    const ready = feed.onReady();
    feed.dispose();
    h.resolve();
    await ready;
    assert.equal(h.data().length, 0);
  });
});
