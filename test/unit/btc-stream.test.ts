/**
 * The BTC ticker stream (src/data/btcStream.ts) through ccxt's real pro classes
 * (src/data/providers/ccxtStream.ts) against loopback websocket servers (test/support/wsServer.ts)
 * speaking Coinbase Exchange's and Binance's documented message formats (test/fixtures/ws, built
 * from the documentation, not recorded), reached through the endpoint override. No network: every
 * URL is 127.0.0.1. No wall-clock assertions: the quote clock is injected, backoffs are a few
 * milliseconds, and each step waits for the event it expects.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BtcTickerStream,
  streamSourceOf,
  symbolsToPoll,
  type BtcStreamOptions,
  type BtcStreamStatus,
  type TickerUpdate,
  type TickerWatcher,
} from '../../src/data/btcStream';
import { createHttpClient, rewriteWsUrl } from '../../src/data/http';
import { ProviderError, type MarketDataProvider } from '../../src/data/provider';
import { CcxtProvider } from '../../src/data/providers/ccxt';
import { createTickerWatcher, hasTickerStream } from '../../src/data/providers/ccxtStream';
import { MarketStore } from '../../src/data/store';
import type { SourceRef } from '../../src/core/universe';
import { quoteProblem } from '../../src/core/priceChecks';
import { REPO_ROOT } from '../support/fixtures';
import { readPriceCsv } from '../support/prices';
import { createReplay, jsonRoute, readCcxtCase } from '../support/replay';
import { refusedPort, startSilentServer, startWsFeed, type WsFeed } from '../support/wsServer';

interface CoinbaseFixture {
  subscribe: unknown;
  subscriptions: unknown;
  ticks: Array<Record<string, unknown>>;
  bad: Array<{ why: string; message: Record<string, unknown> }>;
}
interface BinanceFixture {
  subscribe: { method: string; params: string[] };
  subscribed: { result: null };
  ticks: Array<Record<string, unknown>>;
}
const wsFixture = <T>(name: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/ws', name), 'utf8')) as T;
const COINBASE = wsFixture<CoinbaseFixture>('coinbaseexchange-ticker.json');
const BINANCE = wsFixture<BinanceFixture>('binance-miniticker.json');

const COINBASE_WS_HOST = 'ws-feed.exchange.coinbase.com';
const BINANCE_WS_HOST = 'stream.binance.com:9443';
/** The quote clock: a few seconds after the fixtures' ticks. */
const NOW = Date.parse('2026-08-22T14:30:05Z');
const BTC_USD: SourceRef = { provider: 'ccxt:coinbase', symbol: 'BTC/USD' };

/** A store whose BTC history (fixtures/prices/BTC-USD.csv, last close 2026-08-21) comes from a fake `ccxt:coinbase`. */
async function storeWithBtc(chain: SourceRef[] = [BTC_USD], now = NOW): Promise<MarketStore> {
  const csv = readPriceCsv('BTC-USD');
  const provider: MarketDataProvider = {
    id: chain[0]!.provider,
    history: async (symbol) => ({
      symbol,
      dates: csv.dates,
      close: csv.close,
      origin: { kind: 'live', provider: chain[0]!.provider, asOf: new Date(now).toISOString() },
    }),
    quote: async () => {
      throw new ProviderError(chain[0]!.provider, 'unsupported', 'no REST quote in this test');
    },
  };
  const store = new MarketStore({
    provider: (id) => (id === chain[0]!.provider ? provider : undefined),
    snapshot: () => {
      throw new Error('no snapshot in this test');
    },
    now: () => new Date(now),
    sourceOverrides: { BTC: chain },
  });
  await store.history('BTC');
  return store;
}

/** What a stream reported, and a way to wait for the next report that satisfies a condition. */
class Probe {
  readonly states: BtcStreamStatus[] = [];
  readonly rejections: string[] = [];
  readonly logs: string[] = [];
  changes = 0;
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  hooks(): Pick<BtcStreamOptions, 'onChange' | 'onState' | 'onReject' | 'log'> {
    return {
      onChange: () => this.event(() => this.changes++),
      onState: (s) => this.event(() => this.states.push(s)),
      onReject: (r) => this.event(() => this.rejections.push(r)),
      log: (level, m) => this.event(() => this.logs.push(`${level} ${m}`)),
    };
  }

  /** Resolves as soon as `check()` holds (now, or after a later event). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  private event(record: () => void): void {
    record();
    for (const w of [...this.waiters])
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
  }
}

/** A Coinbase Exchange feed: answers a `subscribe` with the fixture's `subscriptions`. */
function coinbaseFeed(): Promise<WsFeed> {
  return startWsFeed((m) => ((m as { type?: string }).type === 'subscribe' ? COINBASE.subscriptions : undefined));
}

function streamOn(
  store: MarketStore,
  probe: Probe,
  endpoints: Record<string, string>,
  extra: Partial<BtcStreamOptions> & { connectionTimeoutMs?: number } = {},
): BtcTickerStream {
  const { connectionTimeoutMs, ...rest } = extra;
  return new BtcTickerStream({
    store,
    source: BTC_USD,
    connect: (ref) =>
      createTickerWatcher({ exchange: ref.provider.slice('ccxt:'.length), symbol: ref.symbol, endpoints, connectionTimeoutMs: connectionTimeoutMs ?? 2000 }),
    now: () => NOW,
    throttleMs: 30,
    backoff: { initialMs: 10, maxMs: 80, jitter: 0 },
    ...probe.hooks(),
    ...rest,
  });
}

describe('BTC ticker stream: websocket ticks through ccxt pro, on loopback servers', function () {
  this.timeout(15_000);
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('ticks arrive and become BTC’s live quote, labelled stream, with their time; change events are throttled', async () => {
    const store = await storeWithBtc();
    const feed = await coinbaseFeed();
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url });
    cleanup.push(() => stream.stop());
    stream.start();
    assert.equal(stream.status.state, 'connecting');
    await feed.messages(1);
    assert.deepEqual(feed.received[0], COINBASE.subscribe, 'ccxt sends the documented subscribe request');
    assert.deepEqual(feed.paths, ['/']);

    feed.send(COINBASE.ticks[0]);
    await probe.until(() => stream.status.ticks === 1);
    const q = store.peekQuote('BTC')!;
    assert.equal(q.price, 78412.35);
    assert.equal(q.time, '2026-08-22T14:30:01.120Z');
    assert.equal(q.feed, 'stream');
    assert.equal(q.currency, 'USD');
    assert.deepEqual(
      { kind: q.origin.kind, provider: q.origin.provider, providerSymbol: q.origin.providerSymbol, asOf: q.origin.asOf },
      { kind: 'live', provider: 'ccxt:coinbase', providerSymbol: 'BTC/USD', asOf: new Date(NOW).toISOString() },
    );
    assert.match(q.origin.note!, /Coinbase Exchange websocket ticker/);
    assert.ok(Math.abs(q.changeFraction! - (78412.35 - 77010.02) / 77010.02) < 1e-12, 'ccxt’s percentage from open_24h');
    assert.equal(stream.status.state, 'live');
    assert.ok(stream.healthy);
    assert.deepEqual(symbolsToPoll(['BTC', 'IREN'], stream), ['IREN'], 'the REST poll leaves BTC to a healthy stream');
    assert.ok(probe.logs.some((l) => /^info BTC stream ccxt:coinbase: live \(78412\.35/.test(l)));

    // Two more ticks, each sent once the previous one was taken: the quote follows; onChange fires
    // at most once per 30 ms, and once more after the last tick.
    for (const [i, t] of COINBASE.ticks.slice(1).entries()) {
      feed.send(t);
      await probe.until(() => stream.status.ticks === i + 2);
    }
    assert.equal(store.peekQuote('BTC')!.price, 78398.1);
    await probe.until(() => probe.changes >= 2);
    assert.ok(probe.changes <= 3, `${probe.changes} change events for 3 ticks`);
  });

  it('a bad tick (negative, NaN, ×100 off, in the future, no price) is rejected and reported; the last good quote stays', async () => {
    const store = await storeWithBtc();
    const feed = await coinbaseFeed();
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url });
    cleanup.push(() => stream.stop());
    stream.start();
    await feed.messages(1);
    feed.send(COINBASE.ticks[0]);
    await probe.until(() => stream.status.ticks === 1);
    const good = store.peekQuote('BTC');
    for (const [i, bad] of COINBASE.bad.entries()) {
      feed.send(bad.message);
      await probe.until(() => probe.rejections.length === i + 1);
      assert.equal(store.peekQuote('BTC'), good, `${bad.why}: the quote in memory is kept`);
    }
    const [negative, nan, off, future, none] = probe.rejections;
    assert.match(negative!, /a quote of -78398\.1 cannot be a price; not used/);
    assert.match(nan!, /a ticker message ccxt could not parse/);
    assert.match(off!, /a quote of 7839810 is ×50 away from the last close 78335\.1875/);
    assert.match(future!, /dated 2031-01-01T00:00:00\.000Z is in the future/);
    assert.match(none!, /without a last price/);
    assert.equal(stream.status.rejected, 5);
    assert.match(stream.status.lastRejection!, /without a last price/);
    assert.equal(stream.status.state, 'live', 'bad updates do not end a working connection');
    // One warning for the burst (at most one a minute), naming the first.
    const warnings = probe.logs.filter((l) => l.startsWith('warn BTC stream: update rejected'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /cannot be a price/);
    // The stream still takes good ticks after bad ones.
    feed.send(COINBASE.ticks[1]);
    await probe.until(() => stream.status.ticks === 2);
    assert.equal(store.peekQuote('BTC')!.price, 78420);
  });

  it('an update older than maxTickAgeMs is rejected (a stalled feed replaying old ticks)', async () => {
    const store = await storeWithBtc(undefined, NOW + 3_600_000);
    const feed = await coinbaseFeed();
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url }, { now: () => NOW + 3_600_000, maxTickAgeMs: 600_000 });
    cleanup.push(() => stream.stop());
    stream.start();
    await feed.messages(1);
    feed.send(COINBASE.ticks[0]);
    await probe.until(() => probe.rejections.length === 1);
    assert.match(probe.rejections[0]!, /dated 2026-08-22T14:30:01\.120Z is more than 10 min old/);
    assert.equal(store.peekQuote('BTC'), undefined);
    assert.ok(!stream.healthy);
  });

  it('the server drops the connection: down, a reconnect after the backoff, ticks resume', async () => {
    const store = await storeWithBtc();
    const feed = await coinbaseFeed();
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url });
    cleanup.push(() => stream.stop());
    stream.start();
    await feed.messages(1);
    feed.send(COINBASE.ticks[0]);
    await probe.until(() => stream.status.ticks === 1);

    feed.drop();
    await probe.until(() => probe.states.some((s) => s.state === 'down'));
    const down = probe.states.find((s) => s.state === 'down')!;
    assert.match(down.reason!, /closed|1006/);
    assert.equal(down.failures, 1);
    assert.equal(down.retryAt, NOW + 10, 'the first retry after backoff.initialMs');
    assert.ok(!stream.healthy);
    assert.deepEqual(symbolsToPoll(['BTC'], stream), ['BTC'], 'BTC goes back to the REST poll');
    assert.ok(probe.logs.some((l) => /^warn BTC stream ccxt:coinbase: .*trying again in 10 ms \(failure 1\); BTC is polled by REST meanwhile/.test(l)));

    // It reconnects (a new connection, a new subscribe) and takes ticks again.
    await feed.messages(2);
    assert.equal(feed.paths.length, 2);
    assert.deepEqual(feed.received[1], COINBASE.subscribe);
    feed.send(COINBASE.ticks[1]);
    await probe.until(() => stream.status.ticks === 2);
    assert.equal(stream.status.state, 'live');
    assert.equal(stream.status.failures, 0);
    assert.equal(store.peekQuote('BTC')!.price, 78420);
    assert.ok(stream.healthy);
  });

  it('failures in a row (a refused port) back off exponentially up to the cap, with one warning', async () => {
    const store = await storeWithBtc();
    const refused = await refusedPort();
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: refused });
    cleanup.push(() => stream.stop());
    stream.start();
    await probe.until(() => stream.status.failures >= 6);
    await stream.stop();
    // Each failure is a status report with its retry time (the quote clock stands still: retryAt - NOW is the delay).
    const delays = probe.states.filter((s) => s.state === 'down').map((s) => [s.failures, s.retryAt! - NOW]);
    assert.deepEqual(delays.slice(0, 6), [
      [1, 10],
      [2, 20],
      [3, 40],
      [4, 80],
      [5, 80],
      [6, 80],
    ]);
    assert.match(probe.states.find((s) => s.state === 'down')!.reason!, /ECONNREFUSED|refused/i);
    const warnings = probe.logs.filter((l) => l.startsWith('warn '));
    assert.equal(warnings.length, 1, 'only the first failure of a run is a warning; the rest are debug lines');
    assert.match(warnings[0]!, /trying again in 10 ms \(failure 1\); BTC is polled by REST meanwhile/);
    assert.ok(probe.logs.some((l) => /^debug BTC stream ccxt:coinbase: .*trying again in 80 ms \(failure 5\)/.test(l)));
  });

  it('a server that never answers the handshake: down after the connection time-out; the REST poll keeps BTC live (recorded ticker)', async () => {
    // The REST side: the recorded Coinbase Exchange ticker (fixtures/recorded/ccxt/coinbaseexchange.json) through the real provider.
    const t = readCcxtCase('coinbaseexchange.json', 'fetchTicker');
    const replay = createReplay([
      jsonRoute('ccxt/coinbaseexchange.json fetchTicker', 'https://api.exchange.coinbase.com/products/BTC-USDT/ticker', t.httpResponse),
    ]);
    const recordedNow = Date.parse('2024-03-13T11:11:00Z');
    const rest = new CcxtProvider({
      exchange: 'coinbase',
      fetch: createHttpClient({ fetch: replay.fetch, rateLimits: false, maxAttempts: 1 }),
      now: () => recordedNow,
      enableRateLimit: false,
    });
    const chain: SourceRef[] = [{ provider: 'ccxt:coinbase', symbol: 'BTC/USDT' }];
    const store = new MarketStore({
      provider: (id) => (id === 'ccxt:coinbase' ? rest : undefined),
      snapshot: () => {
        throw new Error('no snapshot in this test');
      },
      now: () => new Date(recordedNow),
      sourceOverrides: { BTC: chain },
    });
    const silent = await startSilentServer();
    cleanup.push(() => silent.close());
    const probe = new Probe();
    const stream = streamOn(
      store,
      probe,
      { [COINBASE_WS_HOST]: silent.url },
      { source: streamSourceOf(chain), now: () => recordedNow, connectionTimeoutMs: 100, backoff: { initialMs: 50, maxMs: 50, jitter: 0 } },
    );
    cleanup.push(() => stream.stop());
    stream.start();
    await probe.until(() => probe.states.some((s) => s.state === 'down'));
    assert.match(stream.status.reason!, /connection timeout/i);
    assert.ok(silent.accepted() >= 1, 'the stream did try the (silent) server');
    assert.ok(!stream.healthy);

    // What IntradayQuotes does each round: BTC is polled while the stream is down.
    const toPoll = symbolsToPoll(['BTC'], stream);
    assert.deepEqual(toPoll, ['BTC']);
    for (const s of toPoll) await store.quote(s);
    const q = store.peekQuote('BTC')!;
    assert.equal(q.price, 73367.8);
    assert.equal(q.time, '2024-03-13T11:10:41.270Z');
    assert.equal(q.feed, 'poll');
    assert.equal(q.origin.kind, 'live');
    replay.assertNoMisses();
    // The stream keeps trying in the background.
    await probe.until(() => silent.accepted() >= 2);
    assert.equal(stream.status.state, 'down');
  });

  it('stop (dispose) closes the connection and every timer: nothing stays open', async () => {
    // Mocha arms the test's time-out once this function first yields: count after that.
    await new Promise((r) => setImmediate(r));
    const before = resourceCounts();
    const store = await storeWithBtc();
    const feed = await coinbaseFeed();
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url }, { throttleMs: 10_000 });
    stream.start();
    await feed.messages(1);
    feed.send(COINBASE.ticks[0]);
    await probe.until(() => stream.status.ticks === 1);
    feed.send(COINBASE.ticks[1]);
    await until(() => stream.status.ticks === 2); // taken without an event: a trailing change event is pending (10 s)
    assert.equal(feed.open(), 1);
    await stream.stop();
    assert.equal(stream.status.state, 'stopped');
    assert.ok(!stream.isRunning);
    assert.ok(!stream.healthy);
    await until(() => feed.open() === 0);
    assert.equal(probe.changes, 1, 'the pending change event was cancelled');
    await feed.close();
    // Stopping again, or after the server is gone, is harmless.
    await stream.stop();
    // Closed handles leave the list on a later turn of the event loop: wait for that, then compare.
    const kinds = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'] as const;
    const settled = () => kinds.every((k) => (resourceCounts()[k] ?? 0) <= (before[k] ?? 0));
    for (let i = 0; i < 200 && !settled(); i++) await new Promise((r) => setTimeout(r, 5));
    const after = resourceCounts();
    for (const kind of kinds) assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0), `${kind}: ${before[kind] ?? 0} before, ${after[kind] ?? 0} after`);
  });

  it('stop while a connection is still opening (a silent server) ends it too', async () => {
    const store = await storeWithBtc();
    const silent = await startSilentServer();
    cleanup.push(() => silent.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: silent.url }, { connectionTimeoutMs: 60_000 });
    stream.start();
    await until(() => silent.accepted() === 1);
    await stream.stop();
    assert.equal(stream.status.state, 'stopped');
    assert.equal(probe.states.filter((s) => s.state === 'down').length, 0, 'a stop is not a failure');
  });

  it('start again after a stop reconnects', async () => {
    const store = await storeWithBtc();
    const feed = await coinbaseFeed();
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const stream = streamOn(store, probe, { [COINBASE_WS_HOST]: feed.url });
    cleanup.push(() => stream.stop());
    stream.start();
    await feed.messages(1);
    await stream.stop();
    stream.start();
    await feed.messages(2);
    feed.send(COINBASE.ticks[2]);
    await probe.until(() => stream.status.ticks === 1);
    assert.equal(store.peekQuote('BTC')!.price, 78398.1);
  });

  it('Binance (the default chain’s first source): the documented miniTicker stream, BTC/USDT', async () => {
    const chain: SourceRef[] = [{ provider: 'ccxt:binance', symbol: 'BTC/USDT' }, BTC_USD];
    const store = await storeWithBtc(chain);
    const feed = await startWsFeed((m) => {
      const msg = m as { method?: string; id?: unknown };
      return msg.method === 'SUBSCRIBE' ? { ...BINANCE.subscribed, id: msg.id } : undefined;
    });
    cleanup.push(() => feed.close());
    const probe = new Probe();
    const source = streamSourceOf(chain);
    assert.deepEqual(source, chain[0]);
    const stream = streamOn(store, probe, { [BINANCE_WS_HOST]: feed.url }, { source });
    cleanup.push(() => stream.stop());
    stream.start();
    await feed.messages(1);
    const sub = feed.received[0] as { method: string; params: string[] };
    assert.equal(sub.method, BINANCE.subscribe.method);
    assert.deepEqual(sub.params, BINANCE.subscribe.params);
    assert.match(feed.paths[0]!, /^\/ws(\/|$)/, 'the raw-stream path of the documented base endpoint');
    feed.send(BINANCE.ticks[0]);
    await probe.until(() => stream.status.ticks === 1);
    const q = store.peekQuote('BTC')!;
    assert.equal(q.price, 78405.12);
    assert.equal(q.time, '2026-08-22T14:30:01.120Z');
    assert.equal(q.origin.provider, 'ccxt:binance');
    assert.equal(q.currency, 'USDT');
    assert.equal(q.feed, 'stream');
  });

  it('no stream to use: Bitstamp (no ticker stream in ccxt), a chain without an exchange, a pair without a known market id', async () => {
    assert.ok(hasTickerStream('coinbase') && hasTickerStream('binance') && hasTickerStream('kraken'));
    assert.ok(!hasTickerStream('bitstamp') && !hasTickerStream('yahoo'));
    const store = await storeWithBtc();
    const cases: Array<[SourceRef | undefined, RegExp]> = [
      [{ provider: 'ccxt:bitstamp', symbol: 'BTC/USD' }, /no websocket ticker for bitstamp/],
      [streamSourceOf([{ provider: 'yahoo', symbol: 'BTC-USD' }]), /no exchange \(ccxt\) source/],
      [{ provider: 'ccxt:kraken', symbol: 'BTC/CHF' }, /BTC\/CHF: no known market id on Kraken/],
    ];
    for (const [source, why] of cases) {
      const probe = new Probe();
      const stream = streamOn(store, probe, {}, { source });
      stream.start();
      await probe.until(() => stream.status.state === 'unsupported');
      assert.match(stream.status.reason!, why);
      assert.ok(!stream.isRunning && !stream.healthy);
      assert.deepEqual(symbolsToPoll(['BTC'], stream), ['BTC']);
      assert.ok(probe.logs.some((l) => /^info BTC stream: .*BTC is polled by REST/.test(l)));
      stream.start(); // stays unsupported, opens nothing
      assert.equal(stream.status.state, 'unsupported');
      await stream.stop();
    }
  });
});

describe('BTC ticker stream: the loop, with a scripted watcher', () => {
  /** A watcher whose updates the test queues; `next()` answers at once while the queue has some. */
  function scripted() {
    const queue: Array<TickerUpdate | Error> = [];
    let waiting: ((u: TickerUpdate | Error) => void) | undefined;
    let closed = 0;
    const watcher: TickerWatcher = {
      provider: 'ccxt:coinbase',
      symbol: 'BTC/USD',
      label: 'Scripted',
      url: 'ws://scripted',
      next: () =>
        new Promise<TickerUpdate>((resolve, reject) => {
          const settle = (u: TickerUpdate | Error) => (u instanceof Error ? reject(u) : resolve(u));
          const u = queue.shift();
          if (u) settle(u);
          else waiting = settle;
        }),
      close: async () => {
        closed++;
      },
    };
    const push = (...us: Array<TickerUpdate | Error>) => {
      queue.push(...us);
      if (waiting && queue.length) {
        const w = waiting;
        waiting = undefined;
        w(queue.shift()!);
      }
    };
    return { watcher, push, closed: () => closed };
  }

  it('a burst of updates: every one is checked and kept, onChange fires once at once and once at the end of the window', async () => {
    const store = await storeWithBtc();
    const s = scripted();
    const probe = new Probe();
    const stream = new BtcTickerStream({ store, source: BTC_USD, connect: async () => s.watcher, now: () => NOW, throttleMs: 200, ...probe.hooks() });
    stream.start();
    const prices = Array.from({ length: 10 }, (_, i) => 78_400 + i);
    s.push(...prices.map((price, i) => ({ price, timestamp: NOW - 10_000 + i, percentage: undefined })));
    await until(() => stream.status.ticks === 10);
    assert.equal(probe.changes, 1, 'the first update is announced at once, the other nine wait for the window to end');
    await probe.until(() => probe.changes === 2);
    assert.equal(store.peekQuote('BTC')!.price, 78_409, 'the trailing announcement finds the last update');
    await stream.stop();
    assert.equal(s.closed(), 1);
    assert.equal(probe.changes, 2);
  });

  it('a watcher error that is not a bad message ends the connection: closed, down, reconnected through connect()', async () => {
    const store = await storeWithBtc();
    const made: Array<ReturnType<typeof scripted>> = [];
    const probe = new Probe();
    const stream = new BtcTickerStream({
      store,
      source: BTC_USD,
      connect: async () => {
        const s = scripted();
        made.push(s);
        return s.watcher;
      },
      now: () => NOW,
      backoff: { initialMs: 5, jitter: 0 },
      ...probe.hooks(),
    });
    stream.start();
    await until(() => made.length === 1);
    made[0]!.push({ price: 78_400, timestamp: NOW, percentage: undefined }, new Error('connection closed by remote server, closing code 1006'));
    await until(() => made.length === 2);
    assert.equal(made[0]!.closed(), 1, 'the failed watcher was closed');
    assert.equal(probe.states.find((x) => x.state === 'down')?.reason, 'connection closed by remote server, closing code 1006');
    made[1]!.push({ price: 78_401, timestamp: NOW, percentage: undefined });
    await until(() => stream.status.ticks === 2);
    assert.equal(stream.status.state, 'live');
    await stream.stop();
    assert.equal(made[1]!.closed(), 1);
  });

  it('a stop while connect() is still running closes the watcher it makes', async () => {
    const store = await storeWithBtc();
    const s = scripted();
    let finish!: () => void;
    const stream = new BtcTickerStream({
      store,
      source: BTC_USD,
      connect: () => new Promise<TickerWatcher>((resolve) => (finish = () => resolve(s.watcher))),
    });
    stream.start();
    await until(() => finish !== undefined);
    await stream.stop();
    finish();
    await until(() => s.closed() === 1);
    assert.equal(stream.status.state, 'stopped');
  });
});

describe('BTC ticker stream: the pieces', () => {
  it('rewriteWsUrl: a wss URL through the HTTP overrides (http → ws, https → wss), the path kept', () => {
    const e = {
      'ws-feed.exchange.coinbase.com': 'http://127.0.0.1:9000',
      'stream.binance.com': 'https://mirror.example/binance',
      'ws.kraken.com': 'http://127.0.0.1:9001/k',
    };
    assert.equal(rewriteWsUrl('wss://ws-feed.exchange.coinbase.com', e), 'ws://127.0.0.1:9000/');
    assert.equal(rewriteWsUrl('wss://stream.binance.com:9443/ws', e), 'wss://mirror.example/binance/ws');
    assert.equal(rewriteWsUrl('wss://ws.kraken.com/v2', e), 'ws://127.0.0.1:9001/k/v2');
    assert.equal(rewriteWsUrl('wss://other.example/ws', e), 'wss://other.example/ws');
    assert.equal(rewriteWsUrl('https://ws-feed.exchange.coinbase.com', e), 'https://ws-feed.exchange.coinbase.com', 'not a websocket URL: unchanged');
  });

  it('streamSourceOf: the first ccxt entry of the chain', () => {
    assert.deepEqual(streamSourceOf([{ provider: 'yahoo', symbol: 'BTC-USD' }, { provider: 'ccxt:kraken', symbol: 'BTC/USD' }, BTC_USD]), {
      provider: 'ccxt:kraken',
      symbol: 'BTC/USD',
    });
    assert.equal(streamSourceOf([]), undefined);
  });

  it('quoteProblem: the checks a polled quote and a streamed tick share', () => {
    const at = (iso: string, price = 78000) => ({ price, time: iso });
    assert.equal(quoteProblem(at('2026-08-22T14:30:00Z'), 78335, NOW), undefined);
    assert.match(quoteProblem(at('2026-08-22T14:30:00Z', 0), 78335, NOW)!, /cannot be a price/);
    assert.match(quoteProblem(at('2026-08-22T14:30:00Z', Infinity), undefined, NOW)!, /cannot be a price/);
    assert.match(quoteProblem(at('2026-08-22T14:30:00Z', 1.5e8), undefined, NOW)!, /cannot be a price/);
    assert.match(quoteProblem(at('2026-08-22T14:30:00Z', 1000), 78335, NOW)!, /×50 away/);
    assert.match(quoteProblem(at('not a time'), 78335, NOW)!, /not a time/);
    assert.equal(quoteProblem(at('2026-08-22T14:34:59Z'), 78335, NOW), undefined, 'a little clock skew is allowed');
    assert.match(quoteProblem(at('2026-08-22T14:35:06Z'), 78335, NOW)!, /in the future/);
    assert.equal(quoteProblem(at('2020-01-02T21:00:00Z'), 78335, NOW), undefined, 'a polled quote may be old (an equity over a weekend)');
    assert.match(quoteProblem(at('2026-08-22T14:00:00Z'), 78335, NOW, 600_000)!, /more than 10 min old/);
  });

  it('MarketStore.acceptQuote: kept under the store’s symbol, or refused with why; never in snapshot mode', async () => {
    const store = await storeWithBtc();
    const origin = { kind: 'live' as const, provider: 'ccxt:coinbase', providerSymbol: 'BTC/USD', asOf: new Date(NOW).toISOString() };
    const q = store.acceptQuote('btc', { symbol: 'BTC/USD', price: 78400, time: '2026-08-22T14:30:00Z', origin, feed: 'stream' });
    assert.equal(q.symbol, 'BTC');
    assert.equal(store.peekQuote('BTC'), q);
    assert.throws(
      () => store.acceptQuote('BTC', { symbol: 'BTC/USD', price: -1, time: '2026-08-22T14:30:00Z', origin }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'malformed' && /BTC\/USD: a quote of -1 cannot be a price; not used/.test(e.message),
    );
    assert.equal(store.peekQuote('BTC'), q);
    store.mode = 'snapshot';
    assert.throws(
      () => store.acceptQuote('BTC', { ...q }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'unsupported',
    );
  });
});

/** Active handles by kind (process.getActiveResourcesInfo). */
function resourceCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** Waits (in 5 ms steps, at most 5 s) for a condition nothing announces (a socket closing on the server side). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'condition not reached');
}
