import assert from 'node:assert/strict';
import { createHttpClient, HostUnreachableError, kindOfFailure } from '../../src/data/http';

function failingFetch(code: string) {
  const calls: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    calls.push(String(input));
    const cause = Object.assign(new Error(`getaddrinfo ${code} example.test`), { code });
    throw new TypeError('fetch failed', { cause });
  };
  return { calls, fetch };
}

describe('HTTP layer: unreachable hosts fail fast', () => {
  const noSleep = async () => undefined;

  it('does not retry a DNS miss (ENOTFOUND), and then fails fast for that host', async () => {
    const { calls, fetch } = failingFetch('ENOTFOUND');
    let t = 1_000_000;
    const http = createHttpClient({ fetch, sleep: noSleep, now: () => t, rateLimits: false, unreachableMs: 30_000 });
    await assert.rejects(http('https://query2.finance.yahoo.com/v8/finance/chart/IREN'), (e: unknown) => kindOfFailure(e) === 'network');
    assert.equal(calls.length, 1, 'one attempt only');
    await assert.rejects(http('https://query2.finance.yahoo.com/v8/finance/chart/QQQ'), HostUnreachableError);
    assert.equal(calls.length, 1, 'the second request never reached fetch');
    // Another host is not affected.
    await assert.rejects(http('https://api.binance.com/api/v3/klines'));
    assert.equal(calls.length, 2);
    // After the pause the host is tried again.
    t += 30_001;
    await assert.rejects(http('https://query2.finance.yahoo.com/v8/finance/chart/QQQ'), (e: unknown) => !(e instanceof HostUnreachableError));
    assert.equal(calls.length, 3);
  });

  it('retries a reset connection up to maxAttempts before marking the host unreachable', async () => {
    const { calls, fetch } = failingFetch('ECONNRESET');
    const http = createHttpClient({ fetch, sleep: noSleep, rateLimits: false, maxAttempts: 3 });
    await assert.rejects(http('https://api.kraken.com/0/public/OHLC'));
    assert.equal(calls.length, 3);
    const e = await http('https://api.kraken.com/0/public/Ticker').catch((x: unknown) => x);
    assert.ok(e instanceof HostUnreachableError);
    assert.equal(kindOfFailure(e), 'network');
    assert.match((e as Error).message, /api\.kraken\.com unreachable/);
    assert.equal(calls.length, 3);
  });

  it('unreachableMs: 0 turns the breaker off', async () => {
    const { calls, fetch } = failingFetch('ENOTFOUND');
    const http = createHttpClient({ fetch, sleep: noSleep, rateLimits: false, unreachableMs: 0 });
    await assert.rejects(http('https://a.example/x'));
    await assert.rejects(http('https://a.example/y'));
    assert.equal(calls.length, 2);
  });
});
