/**
 * The HTTP layer and the providers against a loopback server that misbehaves on purpose, reached
 * through the endpoint override (the libraries still ask for query2.finance.yahoo.com or
 * api.binance.com). Waits between attempts go through an injected sleep that records the delay
 * and returns at once; only the time-out tests wait for real (a few hundred ms).
 */
import assert from 'node:assert/strict';
import {
  createHttpClient,
  kindOfFailure,
  parseEndpointOverrides,
  parseRetryAfter,
  rewriteUrl,
  HttpTimeoutError,
  TruncatedBodyError,
  type HttpClientOptions,
} from '../../src/data/http';
import { ProviderError, type ProviderErrorKind } from '../../src/data/provider';
import { CcxtProvider, type CcxtExchangeName } from '../../src/data/providers/ccxt';
import { YahooProvider } from '../../src/data/providers/yahoo';
import { loopbackFetch, sendJson, startFaultServer, type FaultHandler, type FaultServer } from '../support/faultServer';
import { readYahooFixture } from '../support/replay';

/** A whole second, so an HTTP-date Retry-After converts to an exact delay. */
const NOW = Date.parse('2025-02-20T12:00:00Z');
const CHART_OK = readYahooFixture('chart-AAPL-2020-01-01-to-2020-01-03.json').response.bodyJson;
const RANGE = { from: '2020-01-01', to: '2020-01-02' };

let server: FaultServer | undefined;

afterEach(async function () {
  await server?.close();
  server = undefined;
});

interface Rig {
  server: FaultServer;
  delays: number[];
  logs: string[];
  yahoo: YahooProvider;
  ccxt: (exchange: CcxtExchangeName) => CcxtProvider;
}

async function rig(handler: FaultHandler, options: Partial<HttpClientOptions> = {}): Promise<Rig> {
  server = await startFaultServer(handler);
  const s = server;
  const delays: number[] = [];
  const logs: string[] = [];
  const logger = (level: string, message: string) => logs.push(`${level} ${message}`);
  const http = createHttpClient({
    fetch: loopbackFetch,
    endpoints: {
      'query2.finance.yahoo.com': s.url,
      'api.binance.com': s.url,
      'api.kraken.com': s.url,
      'api.exchange.coinbase.com': s.url,
    },
    rateLimits: false,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      delays.push(ms);
    },
    random: () => 0.5,
    now: () => NOW,
    logger,
    ...options,
  });
  return {
    server: s,
    delays,
    logs,
    yahoo: new YahooProvider({ fetch: http, now: () => NOW, logger }),
    ccxt: (exchange) => new CcxtProvider({ exchange, fetch: http, now: () => NOW, logger, enableRateLimit: false }),
  };
}

async function rejectsWith(promise: Promise<unknown>, kind: ProviderErrorKind): Promise<ProviderError> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof ProviderError, `expected a ProviderError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, `kind of: ${caught.message}`);
  return caught;
}

function logged(logs: string[], re: RegExp): void {
  assert.ok(
    logs.some((l) => re.test(l)),
    `no log line matches ${re}:\n  ${logs.join('\n  ')}`,
  );
}

describe('HTTP faults through the endpoint override (Yahoo chart)', function () {
  this.timeout(5000);

  it('429 with Retry-After (seconds): waits what the server asks, then succeeds', async function () {
    const r = await rig((_req, res, n) => (n <= 2 ? sendJson(res, 429, 'Too Many Requests', { 'retry-after': '2' }) : sendJson(res, 200, CHART_OK)));
    const s = await r.yahoo.history('AAPL', RANGE);
    assert.deepEqual(s.dates, ['2020-01-02']);
    assert.equal(r.server.requests.length, 3);
    assert.ok(r.server.requests.every((q) => q.url.startsWith('/v8/finance/chart/AAPL?')));
    assert.deepEqual(r.delays, [2000, 2000]);
    logged(r.logs, /GET query2\.finance\.yahoo\.com\/v8\/finance\/chart\/AAPL: 429 \(Retry-After 2\.0 s\), retrying in 2\.0 s \(attempt 2\/4\)/);
    logged(r.logs, /retrying in 2\.0 s \(attempt 3\/4\)/);
  });

  it('429 with Retry-After (HTTP date) every time: rate-limited after 4 attempts', async function () {
    const r = await rig((_req, res) => sendJson(res, 429, 'Too Many Requests', { 'retry-after': new Date(NOW + 3000).toUTCString() }));
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'rate-limited');
    assert.match(e.message, /HTTP 429/);
    assert.equal(r.server.requests.length, 4);
    assert.deepEqual(r.delays, [3000, 3000, 3000]);
    logged(r.logs, /429, giving up after 4 attempts/);
  });

  it('a Retry-After beyond the cap is not waited for: the 429 comes back at once', async function () {
    const r = await rig((_req, res) => sendJson(res, 429, 'Too Many Requests', { 'retry-after': '3600' }), { maxRetryAfterMs: 10_000 });
    await rejectsWith(r.yahoo.history('AAPL', RANGE), 'rate-limited');
    assert.equal(r.server.requests.length, 1);
    assert.deepEqual(r.delays, []);
    logged(r.logs, /Retry-After 3600\.0 s, longer than the 10\.0 s cap: not retrying/);
  });

  it('500 then success: one retry after a jittered backoff', async function () {
    const r = await rig((_req, res, n) =>
      n === 1 ? sendJson(res, 500, { finance: { error: { code: 'Internal Server Error', description: 'boom' } } }) : sendJson(res, 200, CHART_OK),
    );
    const s = await r.yahoo.history('AAPL', RANGE);
    assert.deepEqual(s.close, [75.0875015258789]);
    assert.equal(r.server.requests.length, 2);
    assert.deepEqual(r.delays, [250]); // random 0.5 x min(30 s, 500 ms x 2^0)
    logged(r.logs, /chart\/AAPL: 500, retrying in 0\.\d s \(attempt 2\/4\)/);
  });

  it('500 every time: exponential backoff with full jitter, then an http error with the body', async function () {
    const r = await rig((_req, res) => sendJson(res, 503, { chart: { result: null, error: { code: 'Service Unavailable', description: 'try later' } } }));
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'http');
    assert.match(e.message, /HTTP 503.*try later/);
    assert.equal(r.server.requests.length, 4);
    assert.deepEqual(r.delays, [250, 500, 1000]);
  });

  it('a time-out (the server never answers) is retried, then reported as a time-out', async function () {
    const r = await rig(() => undefined, { timeoutMs: 200, maxAttempts: 2 });
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'timeout');
    assert.match(e.message, /time-out after 0\.2 s/);
    assert.equal(r.server.requests.length, 2);
    logged(r.logs, /chart\/AAPL: time-out after 0\.2 s, retrying in 0\.3 s \(attempt 2\/2\)/);
    logged(r.logs, /chart\/AAPL: time-out after 0\.2 s, giving up after 2 attempts/);
  });

  it('a time-out also covers a body that stalls after the headers', async function () {
    const r = await rig(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('{"chart":');
      },
      { timeoutMs: 150, maxAttempts: 1 },
    );
    await rejectsWith(r.yahoo.history('AAPL', RANGE), 'timeout');
    assert.equal(r.server.requests.length, 1);
  });

  it('a connection reset is retried, then reported as a network error', async function () {
    const r = await rig((req) => req.socket.destroy(), { maxAttempts: 3 });
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'network');
    assert.match(e.message, /connection failed/);
    assert.equal(r.server.requests.length, 3);
    assert.deepEqual(r.delays, [250, 500]);
    logged(r.logs, /connection failed .*retrying in 0\.\d s \(attempt 2\/3\)/);
  });

  it('malformed JSON is not retried: malformed', async function () {
    const r = await rig((_req, res) => sendJson(res, 200, '{"chart": {"result": [ {"meta": '));
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'malformed');
    assert.match(e.message, /not parsable/);
    assert.equal(r.server.requests.length, 1);
    logged(r.logs, /yahoo: history AAPL: .*not parsable/);
  });

  it('a truncated body (Content-Length larger than sent, then end) is retried, then malformed', async function () {
    const r = await rig(
      (_req, res) => {
        const text = JSON.stringify(CHART_OK);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, 100), () => res.socket?.end());
      },
      { maxAttempts: 2 },
    );
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'malformed');
    assert.match(e.message, /truncated body/);
    assert.equal(r.server.requests.length, 2);
    logged(r.logs, /truncated body .*retrying in 0\.3 s \(attempt 2\/2\)/);
  });

  it('a schema-invalid chart (valid JSON, wrong shape) is malformed, not retried', async function () {
    const wrong = {
      chart: {
        result: [
          {
            meta: { currency: 'USD' },
            timestamp: [1577975400],
            indicators: { quote: [{ open: ['x'], high: ['x'], low: ['x'], close: ['x'], volume: ['x'] }] },
          },
        ],
        error: null,
      },
    };
    const r = await rig((_req, res) => sendJson(res, 200, wrong));
    const e = await rejectsWith(r.yahoo.history('AAPL', RANGE), 'malformed');
    assert.match(e.message, /expected shape/);
    assert.equal(r.server.requests.length, 1);
    logged(r.logs, /debug yahoo: history AAPL: Yahoo's answer does not have the expected shape/);
  });

  it("an unknown symbol (404 with Yahoo's error body) is not-found, not retried", async function () {
    const r = await rig((_req, res) =>
      sendJson(res, 404, { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }),
    );
    const e = await rejectsWith(r.yahoo.history('NOPE', RANGE), 'not-found');
    assert.match(e.message, /No data found/);
    assert.equal(r.server.requests.length, 1);
  });

  it('cancellation stops the request and is never retried', async function () {
    const controller = new AbortController();
    const r = await rig(() => controller.abort()); // cancelled once the request reached the host
    await rejectsWith(r.yahoo.history('AAPL', { ...RANGE, signal: controller.signal }), 'cancelled');
    assert.equal(r.server.requests.length, 1);
    assert.deepEqual(r.delays, []);
    assert.ok(!r.logs.some((l) => /retrying/.test(l)));
  });

  it('cancellation during a backoff wait ends the wait', async function () {
    const controller = new AbortController();
    const r = await rig((_req, res) => sendJson(res, 503, 'busy'), {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          controller.abort();
          reject(signal?.reason);
        }),
    });
    await rejectsWith(r.yahoo.history('AAPL', { ...RANGE, signal: controller.signal }), 'cancelled');
    assert.equal(r.server.requests.length, 1);
  });
});

describe('HTTP faults through the endpoint override (ccxt)', function () {
  this.timeout(5000);

  it('Binance 451 (restricted location) is an http error naming the restriction, not retried', async function () {
    const r = await rig((_req, res) =>
      sendJson(res, 451, { code: 0, msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms." }),
    );
    const e = await rejectsWith(r.ccxt('binance').quote('BTC/USDT'), 'http');
    assert.match(e.message, /451/);
    assert.match(e.message, /restricted locations/);
    assert.match(e.message, /United States/);
    assert.equal(r.server.requests.length, 1);
    assert.match(r.server.requests[0]!.url, /^\/api\/v3\/ticker\/24hr\?symbol=BTCUSDT/);
  });

  it('Kraken 502 then success: retried by the layer, ccxt sees only the good answer', async function () {
    const ticker = {
      error: [],
      result: {
        XXBTZUSD: {
          a: ['71001.0', '1', '1.0'],
          b: ['71000.0', '1', '1.0'],
          c: ['71000.5', '0.01'],
          v: ['10', '100'],
          p: ['70000', '70500'],
          t: [10, 100],
          l: ['69000', '68000'],
          h: ['72000', '72500'],
          o: '70000.0',
        },
      },
    };
    const r = await rig((_req, res, n) => (n === 1 ? sendJson(res, 502, 'bad gateway') : sendJson(res, 200, ticker)));
    const q = await r.ccxt('kraken').quote('BTC/USD');
    assert.equal(q.price, 71000.5);
    assert.equal(r.server.requests.length, 2);
    assert.match(r.server.requests[1]!.url, /^\/0\/public\/Ticker\?pair=XXBTZUSD/);
    logged(r.logs, /GET api\.kraken\.com\/0\/public\/Ticker: 502, retrying/);
  });

  it('a persistent 429 from an exchange is rate-limited', async function () {
    const r = await rig((_req, res) => sendJson(res, 429, { message: 'slow down' }), { maxAttempts: 2 });
    await rejectsWith(r.ccxt('coinbase').quote('BTC/USD'), 'rate-limited');
    assert.equal(r.server.requests.length, 2);
  });

  it('malformed JSON from an exchange is malformed (ccxt would have returned an empty result)', async function () {
    const r = await rig((_req, res) => sendJson(res, 200, '[[1710288000, 1, 2'));
    const e = await rejectsWith(r.ccxt('coinbase').history('BTC/USD', { from: '2025-02-10', to: '2025-02-12' }), 'malformed');
    assert.match(e.message, /not JSON/);
    assert.equal(r.server.requests.length, 1);
  });

  it('a connection reset from an exchange is a network error', async function () {
    const r = await rig((req) => req.socket.destroy(), { maxAttempts: 2 });
    await rejectsWith(r.ccxt('kraken').quote('BTC/USD'), 'network');
    assert.equal(r.server.requests.length, 2);
  });

  it("ccxt's own time-out (set above the layer's budget) reads as a time-out, not a cancellation", async function () {
    const r = await rig(() => undefined);
    // Built by hand: a ccxt time-out far shorter than the layer's 15 s, to see it fire.
    const p = new CcxtProvider({
      exchange: 'kraken',
      fetch: createHttpClient({ fetch: loopbackFetch, endpoints: { 'api.kraken.com': r.server.url }, rateLimits: false }),
      ccxtTimeoutMs: 100,
      enableRateLimit: false,
    });
    await rejectsWith(p.quote('BTC/USD'), 'timeout');
    assert.equal(r.server.requests.length, 1);
  });

  it('cancellation reaches a ccxt request', async function () {
    // Cancelled once the request has reached the host (never answered): not on a timer, which a
    // loaded machine can beat before ccxt has even sent it.
    const controller = new AbortController();
    const r = await rig(() => controller.abort());
    await rejectsWith(r.ccxt('kraken').quote('BTC/USD', controller.signal), 'cancelled');
    assert.equal(r.server.requests.length, 1);
  });
});

describe('HTTP layer: rate limit, overrides, helpers', function () {
  it('spaces requests to one host by the rate limit (token bucket shared by *.yahoo.com)', async function () {
    server = await startFaultServer((_req, res) => sendJson(res, 200, {}));
    let clock = NOW;
    const delays: number[] = [];
    const http = createHttpClient({
      fetch: loopbackFetch,
      endpoints: { 'query1.finance.yahoo.com': server.url, 'query2.finance.yahoo.com': server.url, 'www.bitstamp.net': server.url },
      rateLimits: { 'yahoo.com': { perSecond: 2, burst: 1 } },
      defaultRateLimit: null,
      now: () => clock,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
    });
    await http('https://query2.finance.yahoo.com/a');
    await http('https://query1.finance.yahoo.com/b'); // same bucket: waits 500 ms
    await http('https://www.bitstamp.net/c'); // no rule, no default: no wait
    clock += 2000;
    await http('https://query2.finance.yahoo.com/d'); // refilled
    assert.deepEqual(delays, [500]);
    assert.deepEqual(
      server.requests.map((q) => q.url),
      ['/a', '/b', '/c', '/d'],
    );
  });

  it('rewrites overridden hosts: scheme, host and port replaced, base path prepended, path and query kept', async function () {
    server = await startFaultServer((_req, res) => sendJson(res, 200, { ok: true }));
    const endpoints = parseEndpointOverrides(`query2.finance.yahoo.com=${server.url}/yahoo/`);
    const http = createHttpClient({ fetch: loopbackFetch, endpoints, rateLimits: false });
    const res = await http('https://query2.finance.yahoo.com/v8/finance/chart/AAPL?interval=1d&period1=1');
    assert.deepEqual(await res.json(), { ok: true });
    assert.equal(server.requests[0]!.url, '/yahoo/v8/finance/chart/AAPL?interval=1d&period1=1');
    assert.equal(rewriteUrl('https://api.kraken.com/0/public/OHLC', endpoints), 'https://api.kraken.com/0/public/OHLC');
  });

  it('parses HASHPIVOT_ENDPOINTS and --endpoint entries, and rejects bad ones clearly', function () {
    assert.deepEqual(parseEndpointOverrides('query2.finance.yahoo.com=http://127.0.0.1:8080, API.Kraken.com=https://mirror.example/kraken/'), {
      'query2.finance.yahoo.com': 'http://127.0.0.1:8080',
      'api.kraken.com': 'https://mirror.example/kraken',
    });
    assert.deepEqual(parseEndpointOverrides(['a.example=http://127.0.0.1:1', 'b.example:8443=http://127.0.0.1:2']), {
      'a.example': 'http://127.0.0.1:1',
      'b.example:8443': 'http://127.0.0.1:2',
    });
    assert.deepEqual(parseEndpointOverrides(''), {});
    assert.throws(() => parseEndpointOverrides('query2.finance.yahoo.com'), /Invalid endpoint override "query2\.finance\.yahoo\.com": expected HOST=URL/);
    assert.throws(() => parseEndpointOverrides('https://query2.finance.yahoo.com=http://127.0.0.1:1'), /not a host name/);
    assert.throws(() => parseEndpointOverrides('a.example=127.0.0.1:8080'), /must be http or https|not an absolute URL/);
    assert.throws(() => parseEndpointOverrides('a.example=ftp://127.0.0.1'), /must be http or https/);
    assert.throws(() => parseEndpointOverrides('a.example=http://127.0.0.1/?x=1'), /query or fragment/);
    assert.throws(() => parseEndpointOverrides('a.example=http://127.0.0.1:1,a.example=http://127.0.0.1:2'), /already mapped/);
    assert.throws(() => createHttpClient({ fetch: loopbackFetch, endpoints: { 'a.example': 'nope' } }), /not an absolute URL/);
  });

  it('reads Retry-After as seconds or an HTTP date', function () {
    assert.equal(parseRetryAfter('2', NOW), 2000);
    assert.equal(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW), 5000);
    assert.equal(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW), 0);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
    assert.equal(parseRetryAfter(null, NOW), undefined);
  });

  it('maps failures to ProviderError kinds', function () {
    assert.equal(kindOfFailure(new Response('', { status: 429 })), 'rate-limited');
    assert.equal(kindOfFailure(new Response('', { status: 404 })), 'not-found');
    assert.equal(kindOfFailure(451), 'http');
    assert.equal(kindOfFailure(200), undefined);
    assert.equal(kindOfFailure(new HttpTimeoutError('https://x.example/', 10)), 'timeout');
    assert.equal(kindOfFailure(new DOMException('stop', 'AbortError')), 'cancelled');
    assert.equal(kindOfFailure(new TruncatedBodyError('https://x.example/', 200, new Error('terminated'))), 'malformed');
    assert.equal(kindOfFailure(new SyntaxError('Unexpected token')), 'malformed');
    assert.equal(
      kindOfFailure(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })),
      'network',
    );
    assert.equal(kindOfFailure(new Error('something else')), undefined);
  });

  it('does not retry non-idempotent requests', async function () {
    server = await startFaultServer((_req, res) => sendJson(res, 503, 'busy'));
    const delays: number[] = [];
    const http = createHttpClient({ fetch: loopbackFetch, rateLimits: false, sleep: async (ms) => void delays.push(ms) });
    const res = await http(`${server.url}/submit`, { method: 'POST', body: 'x' });
    assert.equal(res.status, 503);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(delays, []);
  });
});
