/**
 * Providers against recorded real responses (fixtures/recorded), replayed through the
 * fetch the HTTP layer wraps. Every request must match a recording (or a route marked synthetic);
 * anything else fails the test, so nothing can reach the network.
 */
import assert from 'node:assert/strict';
import { createHttpClient } from '../../src/data/http';
import { ProviderError, type FetchLike } from '../../src/data/provider';
import { CcxtProvider, type CcxtExchangeName } from '../../src/data/providers/ccxt';
import { FUNDAMENTALS_MODULES, YahooProvider } from '../../src/data/providers/yahoo';
import { createReplay, jsonRoute, readCcxtCase, readYahooFixture, yahooRoute, type Replay, type Route } from '../support/replay';
import { sampleAtUsClose } from '../../src/core/sampling';
import { coinbaseCandles, hourlyRows, readHourlyCsv, yahooHourlyBody } from '../support/hourly';

const logs: string[] = [];
let replay: Replay | undefined;

/** The HTTP layer over the replay: no rate limit (no waiting), no retries to hide a miss. */
function layer(r: Replay): FetchLike {
  return createHttpClient({ fetch: r.fetch, rateLimits: false, maxAttempts: 1, logger: (level, m) => logs.push(`${level} ${m}`) });
}

function yahoo(routes: Route[], now = Date.parse('2025-03-01T00:00:00Z')): YahooProvider {
  replay = createReplay(routes);
  return new YahooProvider({ fetch: layer(replay), now: () => now, logger: (level, m) => logs.push(`${level} ${m}`) });
}

function ccxt(exchange: CcxtExchangeName, routes: Route[], now = Date.parse('2024-03-13T12:00:00Z')): CcxtProvider {
  replay = createReplay(routes);
  return new CcxtProvider({ exchange, fetch: layer(replay), now: () => now, enableRateLimit: false });
}

interface ChartBody {
  chart: {
    result: { timestamp: number[]; meta: { exchangeTimezoneName: string }; indicators: { quote: { close: number[]; volume: number[]; open: number[] }[] } }[];
  };
}
function chartOf(file: string) {
  const r = (readYahooFixture(file).response.bodyJson as ChartBody).chart.result[0]!;
  return { ts: r.timestamp, q: r.indicators.quote[0]!, meta: r.meta };
}
/** The New York trading day of a US bar: bars are stamped at the 09:30 open, i.e. 13:30 or 14:30 UTC, the same UTC date. */
const usDay = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 10);

const CHART_WINDOW = ['period1', 'period2'];

describe('replay: Yahoo through yahoo-finance2 and the HTTP layer', function () {
  afterEach(function () {
    replay?.assertNoMisses();
    replay = undefined;
    logs.length = 0;
  });

  it('chart AAPL 2020-01-02: one daily bar, dated by the New York trading day', async function () {
    const p = yahoo([yahooRoute('chart-AAPL-2020-01-01-to-2020-01-03.json', { ignoreParams: CHART_WINDOW })]);
    const s = await p.history('AAPL', { from: '2020-01-01', to: '2020-01-02' });
    assert.deepEqual(s.dates, ['2020-01-02']);
    assert.deepEqual(s.close, [75.0875015258789]);
    assert.deepEqual(s.open, [74.05999755859375]);
    assert.deepEqual(s.volume, [135480400]);
    assert.equal(s.origin.kind, 'live');
    assert.equal(s.origin.provider, 'yahoo');
    assert.match(s.origin.note ?? '', /America\/New_York/);
    // The window asked covers the recording's (one day of margin each side).
    const url = new URL(replay!.requests[0]!.url);
    assert.equal(url.pathname, '/v8/finance/chart/AAPL');
    assert.equal(url.searchParams.get('interval'), '1d');
    assert.ok(Number(url.searchParams.get('period1')) <= 1577836800);
    assert.ok(Number(url.searchParams.get('period2')) >= 1578009600);
  });

  it('chart AAPL 2020-08-31..2020-11-06: 49 bars across the 4:1 split and the DST change', async function () {
    const file = 'chart-AAPL-2020-08-31-to-2020-11-07.json';
    const p = yahoo([yahooRoute(file, { ignoreParams: CHART_WINDOW })]);
    const s = await p.history('AAPL', { from: '2020-08-31', to: '2020-11-06' });
    const { ts, q } = chartOf(file);
    assert.equal(s.dates.length, 49);
    assert.deepEqual(s.dates, ts.map(usDay));
    assert.deepEqual(s.close, q.close);
    assert.equal(s.dates.at(-1), '2020-11-06'); // stamped 14:30Z after the clocks changed on 1 Nov
  });

  it('chart BTC-USD: three UTC days, seven-day week', async function () {
    const file = 'chart-BTC-USD-2020-01-01-to-2020-01-03.json';
    const p = yahoo([yahooRoute(file, { ignoreParams: CHART_WINDOW })]);
    const s = await p.history('BTC-USD', { from: '2020-01-01', to: '2020-01-03' });
    assert.deepEqual(s.dates, ['2020-01-01', '2020-01-02', '2020-01-03']);
    assert.deepEqual(s.close, [7200.17431640625, 6985.47021484375, 7344.88427734375]);
    assert.deepEqual(s.volume, chartOf(file).q.volume);
    assert.match(s.origin.note ?? '', /UTC/);
  });

  it('chart QQQ (the Nasdaq-100 ETF)', async function () {
    const p = yahoo([yahooRoute('chart-QQQ-2020-01-01-to-2020-01-03.json', { ignoreParams: CHART_WINDOW })]);
    const s = await p.history('QQQ', { from: '2020-01-01', to: '2020-01-02' });
    assert.deepEqual(s.dates, ['2020-01-02']);
    assert.deepEqual(s.close, [216.16000366210938]);
    assert.deepEqual(s.volume, [30969400]);
  });

  it('chart NVDA 2021-02..2022-01: 252 bars, split-adjusted (no 4x jump at the 2021-07-20 split)', async function () {
    const file = 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json';
    // That recording asked for events=split; we ask for the library's default events.
    const p = yahoo([yahooRoute(file, { ignoreParams: [...CHART_WINDOW, 'events'] })]);
    const s = await p.history('NVDA', { from: '2021-02-01', to: '2022-01-31' });
    const { ts, q } = chartOf(file);
    assert.equal(s.dates.length, 252);
    assert.deepEqual(s.dates, ts.map(usDay));
    assert.deepEqual(s.close, q.close);
    assert.equal(s.dates[0], '2021-02-01');
    assert.equal(s.close[0], 13.237000465393066); // about 529 / 40: adjusted for the 4:1 (2021) and 10:1 (2024) splits
    const i = s.dates.indexOf('2021-07-20');
    assert.ok(i > 0);
    const ratio = s.close[i]! / s.close[i - 1]!;
    assert.ok(ratio > 0.8 && ratio < 1.25, `close ratio across the split ${ratio}`);
  });

  it("leaves out today's bar while the session is open (crypto: the UTC day; equities: until the close)", async function () {
    const btc = yahoo([yahooRoute('chart-BTC-USD-2020-01-01-to-2020-01-03.json', { ignoreParams: CHART_WINDOW })], Date.parse('2020-01-03T12:00:00Z'));
    const s = await btc.history('BTC-USD', { from: '2020-01-01', to: '2020-01-03' });
    assert.deepEqual(s.dates, ['2020-01-01', '2020-01-02']);
    replay!.assertNoMisses();
    const aapl = yahoo([yahooRoute('chart-AAPL-2020-01-01-to-2020-01-03.json', { ignoreParams: CHART_WINDOW })], Date.parse('2020-01-02T16:00:00Z'));
    const a = await aapl.history('AAPL', { from: '2020-01-01', to: '2020-01-02' });
    assert.deepEqual(a.dates, []);
  });

  /** The crumb flow: the recorded quote page (307 to guce.yahoo.com with a cookie), then the consent return, then the recorded getcrumb. */
  function crumbRoutes(times = 1): Route[] {
    return [
      yahooRoute('getCrumb-quote-AAPL.json', { times }),
      {
        // Not recorded: yahoo-finance2 4.x follows the consent redirect. For a non-EU visitor Yahoo
        // sends it straight back to the page with ?guccounter=1 (the recorded getcrumb request's referer).
        label: 'synthetic: guce consent, non-EU',
        url: 'https://guce.yahoo.com/consent?brandType=nonEu&gcrumb=Xvxf4hA&done=https%3A%2F%2Ffinance.yahoo.com%2Fquote%2FAAPL',
        times,
        response: { status: 302, headers: { location: 'https://finance.yahoo.com/quote/AAPL?guccounter=1' }, body: '' },
      },
      {
        label: 'synthetic: quote page after consent',
        url: 'https://finance.yahoo.com/quote/AAPL?guccounter=1',
        times,
        response: { status: 200, headers: { 'content-type': 'text/html' }, body: '' },
      },
      yahooRoute('getCrumb-getcrumb.json', { times }),
    ];
  }

  it('quote AAPL with the cookie and crumb flow', async function () {
    const p = yahoo([...crumbRoutes(), yahooRoute('quote-AAPL.json'), yahooRoute('quote-BTC-USD.json')]);
    const q = await p.quote('AAPL');
    assert.equal(q.symbol, 'AAPL');
    assert.equal(q.price, 244.6);
    assert.ok(Math.abs(q.changeFraction! - 0.012710667) < 1e-12);
    assert.equal(q.currency, 'USD');
    assert.equal(q.marketCap, 3674405863424);
    assert.equal(q.name, 'Apple Inc.');
    assert.equal(q.time, new Date(1739566800 * 1000).toISOString());
    assert.equal(q.origin.provider, 'yahoo');
    assert.deepEqual(
      replay!.requests.map((r) => r.route),
      [
        'yahoo/getCrumb-quote-AAPL.json',
        'synthetic: guce consent, non-EU',
        'synthetic: quote page after consent',
        'yahoo/getCrumb-getcrumb.json',
        'yahoo/quote-AAPL.json',
      ],
    );
    const quoteRequest = replay!.requests.at(-1)!;
    assert.equal(new URL(quoteRequest.url).searchParams.get('crumb'), 'haT3oykhHqZ');
    assert.match(quoteRequest.headers.get('cookie') ?? '', /GUCS=AV78X-IQ/);
    // The crumb is kept: a second quote makes one request.
    const btc = await p.quote('BTC-USD');
    assert.equal(btc.symbol, 'BTC-USD');
    assert.equal(replay!.requests.length, 6);
    assert.equal(replay!.requests.at(-1)!.route, 'yahoo/quote-BTC-USD.json');
  });

  it('an expired crumb (401 Invalid Crumb) starts a new cookie and crumb once', async function () {
    const invalidCrumb: Route = {
      label: 'synthetic: 401 Invalid Crumb',
      url: 'https://query2.finance.yahoo.com/v7/finance/quote?symbols=AAPL&crumb=haT3oykhHqZ',
      times: 1,
      response: {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } }),
      },
    };
    const p = yahoo([...crumbRoutes(2), invalidCrumb, yahooRoute('quote-AAPL.json')]);
    const q = await p.quote('AAPL');
    assert.equal(q.price, 244.6);
    const routes = replay!.requests.map((r) => r.route);
    assert.equal(routes.filter((r) => r === 'yahoo/getCrumb-getcrumb.json').length, 2);
    assert.deepEqual(routes.slice(4, 5), ['synthetic: 401 Invalid Crumb']);
    assert.equal(routes.at(-1), 'yahoo/quote-AAPL.json');
    assert.ok(logs.some((l) => /Invalid Crumb: getting a new Yahoo cookie and crumb/.test(l)));
  });

  it('fundamentals AAPL from quoteSummary (price, summaryDetail, financialData, defaultKeyStatistics)', async function () {
    // The all-modules recording answers our four-module request, cut down to the four modules
    // asked for (as Yahoo would answer). Served whole, it fails yahoo-finance2 4.0.2's schema in a
    // module we do not ask for (upgradeDowngradeHistory).
    const onlyAsked = (json: unknown) => {
      const body = json as { quoteSummary: { result: Record<string, unknown>[] } };
      const all = body.quoteSummary.result[0]!;
      return { ...body, quoteSummary: { ...body.quoteSummary, result: [Object.fromEntries(FUNDAMENTALS_MODULES.map((m) => [m, all[m]]))] } };
    };
    const p = yahoo([...crumbRoutes(), yahooRoute('quoteSummary-all-AAPL.json', { ignoreParams: ['modules'], transformJson: onlyAsked })]);
    const f = await p.fundamentals('AAPL');
    assert.equal(f.marketCap, 3688676720640);
    assert.equal(f.totalDebt, 96798998528);
    assert.equal(f.totalCash, 53774999552);
    assert.equal(f.sharesOutstanding, 15022100480);
    assert.equal(f.enterpriseValue, 3731694026752);
    assert.equal(f.currency, 'USD');
    assert.equal(f.name, 'Apple Inc.');
    const url = new URL(replay!.requests.at(-1)!.url);
    assert.equal(url.pathname, '/v10/finance/quoteSummary/AAPL');
    assert.equal(url.searchParams.get('modules'), FUNDAMENTALS_MODULES.join(','));
    assert.equal(url.searchParams.get('crumb'), 'haT3oykhHqZ');
  });

  it('search AAPL: Yahoo Finance matches only', async function () {
    const p = yahoo([yahooRoute('search-AAPL.json')]);
    const m = await p.search('AAPL');
    assert.equal(m.length, 6);
    assert.deepEqual(m[0], { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', type: 'EQUITY', provider: 'yahoo' });
    assert.deepEqual(m.map((x) => x.symbol).slice(0, 2), ['AAPL', 'AAPU']);
  });

  it('a request without a recording fails loudly', async function () {
    const p = yahoo([]);
    await assert.rejects(
      p.history('MSFT', { from: '2021-02-01', to: '2021-02-05' }),
      (e: unknown) => e instanceof ProviderError && /no recording/.test(e.message),
    );
    assert.equal(replay!.misses.length, 1);
    assert.throws(() => replay!.assertNoMisses(), /without a recording/);
    replay = undefined; // expected miss
  });
});

describe('replay: exchanges through ccxt and the HTTP layer', function () {
  afterEach(function () {
    replay?.assertNoMisses();
    replay = undefined;
    logs.length = 0;
  });

  /** Calls the recorded ccxt method with its recorded arguments through the provider (our fetch hook, minimal market). */
  async function callCase(p: CcxtProvider, file: string, method: 'fetchOHLCV' | 'fetchTicker') {
    const c = readCcxtCase(file, method);
    const symbol = c.input[0] as string;
    const result = await p.run<unknown>(method, symbol, undefined, (ex) =>
      method === 'fetchOHLCV'
        ? ex.fetchOHLCV(symbol, c.input[1] as string, c.input[2] as number | undefined, c.input[3] as number | undefined)
        : ex.fetchTicker(symbol),
    );
    return { c, result };
  }

  /** Every field ccxt recorded equals what it parses now (JSON null standing for undefined, as in ccxt's own tests). */
  function assertTicker(actual: Record<string, unknown>, expected: Record<string, unknown>) {
    for (const [k, v] of Object.entries(expected)) {
      if (v === null) assert.ok(actual[k] === null || actual[k] === undefined, `ticker.${k}: ${String(actual[k])}`);
      else assert.deepEqual(actual[k], v, `ticker.${k}`);
    }
  }

  it('bitstamp fetchOHLCV and fetchTicker (BTC/USDT)', async function () {
    const o = readCcxtCase('bitstamp.json', 'fetchOHLCV');
    const t = readCcxtCase('bitstamp.json', 'fetchTicker');
    const p = ccxt('bitstamp', [
      jsonRoute('ccxt/bitstamp.json fetchOHLCV', 'https://www.bitstamp.net/api/v2/ohlc/btcusdt/?step=3600&limit=1', o.httpResponse),
      jsonRoute('ccxt/bitstamp.json fetchTicker', 'https://www.bitstamp.net/api/v2/ticker/btcusdt/', t.httpResponse),
    ]);
    const ohlcv = await callCase(p, 'bitstamp.json', 'fetchOHLCV');
    assert.deepEqual(ohlcv.result, o.parsedResponse);
    const ticker = await callCase(p, 'bitstamp.json', 'fetchTicker');
    // `average` is derived, not read: the recording (older ccxt) has 72366, ccxt 4.5.84 computes
    // (open + last) / 2 = (71448 + 73285) / 2 exactly.
    const { average: _recordedAverage, ...recorded } = t.parsedResponse as Record<string, unknown>;
    assertTicker(ticker.result as unknown as Record<string, unknown>, recorded);
    assert.equal((ticker.result as { average?: number }).average, (71448 + 73285) / 2);
    const q = await p.quote('BTC/USDT');
    assert.equal(q.price, 73285);
    assert.ok(Math.abs(q.changeFraction! - 1837 / 71448) < 1e-15); // ccxt's percentage 2.5711…: (last - open) / open
    assert.equal(q.time, '2024-03-13T11:10:41.000Z');
    assert.equal(q.currency, 'USDT');
    assert.equal(q.origin.provider, 'ccxt:bitstamp');
  });

  it('coinbaseexchange fetchOHLCV ([time, low, high, open, close, volume]) and fetchTicker; `coinbase` is served by it', async function () {
    const o = readCcxtCase('coinbaseexchange.json', 'fetchOHLCV');
    const t = readCcxtCase('coinbaseexchange.json', 'fetchTicker');
    const routes = [
      jsonRoute('ccxt/coinbaseexchange.json fetchOHLCV', 'https://api.exchange.coinbase.com/products/BTC-USDT/candles?granularity=3600', o.httpResponse),
      jsonRoute('ccxt/coinbaseexchange.json fetchTicker', 'https://api.exchange.coinbase.com/products/BTC-USDT/ticker', t.httpResponse),
    ];
    for (const name of ['coinbaseexchange', 'coinbase'] as const) {
      const p = ccxt(name, routes);
      assert.equal(p.id, `ccxt:${name}`);
      const ohlcv = await callCase(p, 'coinbaseexchange.json', 'fetchOHLCV');
      assert.deepEqual(ohlcv.result, o.parsedResponse);
      const ticker = await callCase(p, 'coinbaseexchange.json', 'fetchTicker');
      assertTicker(ticker.result as unknown as Record<string, unknown>, t.parsedResponse as Record<string, unknown>);
      const q = await p.quote('BTC/USDT');
      assert.equal(q.price, 73367.8);
      assert.equal(q.time, '2024-03-13T11:10:41.270Z');
      assert.equal(q.changeFraction, undefined);
      replay!.assertNoMisses();
    }
  });

  it('kraken fetchOHLCV (BTC/USDT as XBTUSDT, since and limit)', async function () {
    const o = readCcxtCase('kraken.fetchOHLCV.json', 'fetchOHLCV');
    // ccxt asks from one interval before `since` (1706628191 - 3600), in seconds.
    const p = ccxt('kraken', [
      jsonRoute('ccxt/kraken.fetchOHLCV.json', 'https://api.kraken.com/0/public/OHLC?pair=XBTUSDT&interval=60&since=1706624591', o.httpResponse),
    ]);
    const ohlcv = await callCase(p, 'kraken.fetchOHLCV.json', 'fetchOHLCV');
    assert.deepEqual(ohlcv.result, o.parsedResponse);
  });

  it('history pages daily candles until `to` and leaves out the open UTC day (bodies in the recorded bitstamp format)', async function () {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
    const candle = (d: string, close: number) => ({
      timestamp: String(day(d)),
      open: String(close - 1),
      high: String(close + 1),
      low: String(close - 2),
      close: String(close),
      volume: '1.5',
    });
    const p = ccxt(
      'bitstamp',
      [
        // The exchange answers part of the window; the next request starts after the last candle.
        jsonRoute('synthetic page 1', 'https://www.bitstamp.net/api/v2/ohlc/btcusd/?step=86400&limit=5&start=1709856000&end=1710287999', {
          data: { pair: 'BTC/USD', ohlc: [candle('2024-03-08', 100), candle('2024-03-09', 101), candle('2024-03-10', 102)] },
        }),
        jsonRoute('synthetic page 2', 'https://www.bitstamp.net/api/v2/ohlc/btcusd/?step=86400&limit=2&start=1710115200&end=1710287999', {
          data: { pair: 'BTC/USD', ohlc: [candle('2024-03-11', 103), candle('2024-03-12', 104), candle('2024-03-13', 999)] },
        }),
      ],
      Date.parse('2024-03-13T12:00:00Z'),
    );
    const s = await p.history('BTC/USD', { from: '2024-03-08', to: '2024-03-20' });
    // 2024-03-13 is today (UTC): its candle is still open and is left out, even though the answer had it.
    assert.deepEqual(s.dates, ['2024-03-08', '2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12']);
    assert.deepEqual(s.close, [100, 101, 102, 103, 104]);
    assert.deepEqual(s.volume, [1.5, 1.5, 1.5, 1.5, 1.5]);
    assert.match(s.origin.note ?? '', /UTC days/);
  });

  it('kraken history says it serves only the latest 720 daily candles', async function () {
    const p = ccxt(
      'kraken',
      [
        jsonRoute(
          'synthetic kraken daily',
          'https://api.kraken.com/0/public/OHLC?pair=XXBTZUSD&interval=1440',
          {
            error: [],
            result: {
              XXBTZUSD: [
                [1710201600, '71000.0', '72000.0', '70000.0', '71500.0', '71400.0', '12.5', 100],
                [1710288000, '71500.0', '73000.0', '71000.0', '72900.0', '72000.0', '10.0', 90],
              ],
              last: 1710288000,
            },
          },
          { ignoreParams: ['since'] },
        ),
      ],
      Date.parse('2024-03-13T12:00:00Z'),
    );
    const s = await p.history('BTC/USD', { from: '2020-01-01', to: '2024-03-12' });
    assert.deepEqual(s.dates, ['2024-03-12']);
    assert.deepEqual(s.close, [71500]);
    assert.match(s.origin.note ?? '', /latest 720 daily candles/);
    assert.match(s.origin.note ?? '', /starts 2024-03-12, not 2020-01-01/);
  });
});

describe('replay: hourly bars (BTC at the US close) through ccxt and Yahoo', function () {
  afterEach(function () {
    replay?.assertNoMisses();
    replay = undefined;
    logs.length = 0;
  });
  const iso = (t: number) => new Date(t).toISOString();
  /** The bars are exactly the CSV rows `rows`: their open times and closes. */
  const assertCsvRows = (h: { times: number[]; close: number[] }, rows: number[]) => {
    const csv = readHourlyCsv();
    assert.deepEqual(
      h.times,
      rows.map((i) => csv.times[i]!),
    );
    assert.deepEqual(
      h.close,
      rows.map((i) => csv.close[i]!),
    );
  };
  /** The recorded chart-BTC-USD request, at interval 1h, answered with `body` (any window). */
  const yahooHourlyRoute = (body: unknown): Route => {
    const f = readYahooFixture('chart-BTC-USD-2020-01-01-to-2020-01-03.json');
    return {
      label: 'CSV rows in the recorded Yahoo chart format',
      url: f.request.url.replace('interval=1d', 'interval=1h'),
      ignoreParams: CHART_WINDOW,
      response: { status: 200, headers: f.response.headers, body: JSON.stringify(body) },
    };
  };

  it('kraken 1h: the recorded XBTUSDT answer, every candle on the hour, the missing hours left missing', async function () {
    const o = readCcxtCase('kraken.fetchOHLCV.json', 'fetchOHLCV');
    const rows = (o.httpResponse as { result: { XBTUSDT: Array<[number, string, string, string, string]> } }).result.XBTUSDT;
    const p = ccxt(
      'kraken',
      [
        // ccxt asks from one interval before `since`, in seconds: 2024-01-30T00:00Z - 1 h.
        jsonRoute(
          'ccxt/kraken.fetchOHLCV.json (recorded 1h answer)',
          'https://api.kraken.com/0/public/OHLC?pair=XBTUSDT&interval=60&since=1706569200',
          o.httpResponse,
        ),
        // The next page starts one hour after the last candle (2024-02-01T15:00Z): nothing more.
        jsonRoute('synthetic: no later candles', 'https://api.kraken.com/0/public/OHLC?pair=XBTUSDT&interval=60&since=1706799600', {
          error: [],
          result: { XBTUSDT: [], last: 1706799600 },
        }),
      ],
      Date.parse('2024-02-02T12:00:00Z'),
    );
    const h = await p.hourly('BTC/USDT', { from: '2024-01-30', to: '2024-02-01' });
    assert.deepEqual(
      h.times,
      rows.map((r) => r[0] * 1000),
    );
    assert.deepEqual(
      h.close,
      rows.map((r) => Number(r[4])),
    );
    assert.equal(iso(h.times[0]!), '2024-01-30T15:00:00.000Z');
    assert.equal(h.origin.provider, 'ccxt:kraken');
    assert.match(h.origin.note ?? '', /hourly candles through ccxt.*latest 720 candles/);
    // The recording lacks the 20:00 UTC bar of 2024-01-30 (15:00 New York, EST): the 19:00 bar stands for it,
    // ending an hour before the close. 2024-02-01 has nothing within three hours of its close.
    const s = sampleAtUsClose(['2024-01-30', '2024-02-01'], h);
    assert.equal(s.values[0], 43539.7);
    assert.ok(Number.isNaN(s.values[1]!));
    assert.deepEqual(s.missing, ['2024-02-01']);
  });

  it('coinbaseexchange 1h, paged 300 candles at a time across the March DST change (bodies: real CSV rows in its recorded candle format)', async function () {
    // Replay bodies in Coinbase Exchange's candle format ([time, low, high, open, close, volume],
    // newest first, as in the recorded fixtures/recorded/ccxt/coinbaseexchange.json) carrying the real
    // Binance BTC/USDT rows of fixtures/network/btc-usdt-1h.csv: no recorded multi-page 1h answer exists.
    const from = Date.parse('2025-03-06T00:00:00Z');
    const page2 = from + 300 * 3_600_000;
    const end = Date.parse('2025-03-19T00:00:00Z');
    const url = (a: number, b: number) =>
      `https://api.exchange.coinbase.com/products/BTC-USDT/candles?granularity=3600&start=${encodeURIComponent(iso(a).replace('.000Z', 'Z'))}&end=${encodeURIComponent(iso(b).replace('.000Z', 'Z'))}`;
    const p = ccxt(
      'coinbaseexchange',
      [
        jsonRoute('CSV rows in the coinbaseexchange candle format, page 1', url(from, page2), coinbaseCandles(hourlyRows(from, page2)), {
          ignoreParams: ['start', 'end'],
          times: 1,
        }),
        jsonRoute('CSV rows in the coinbaseexchange candle format, page 2', url(page2, end), coinbaseCandles(hourlyRows(page2, end)), {
          ignoreParams: ['start', 'end'],
          times: 1,
        }),
      ],
      Date.parse('2025-03-20T12:00:00Z'),
    );
    const h = await p.hourly('BTC/USDT', { from: '2025-03-06', to: '2025-03-18' });
    assert.equal(replay!.requests.length, 2);
    const starts = replay!.requests.map((q) => new URL(q.url).searchParams.get('start'));
    assert.deepEqual(starts, ['2025-03-06T00:00:00.000Z', '2025-03-18T12:00:00.000Z']);
    const csv = readHourlyCsv();
    assert.equal(h.times.length, 13 * 24);
    assertCsvRows(h, hourlyRows(from, end));
    // At the US close: Friday 03-07 under EST (the 20:00 UTC bar), Monday 03-10 under EDT (the 19:00 UTC bar).
    const s = sampleAtUsClose(['2025-03-07', '2025-03-10'], h);
    const at = (t: string) => csv.close[csv.times.indexOf(Date.parse(t))]!;
    assert.deepEqual(s.values, [at('2025-03-07T20:00:00Z'), at('2025-03-10T19:00:00Z')]);
  });

  it('Yahoo 1h chart BTC-USD: closed bars on the hour with a valid close (body: real CSV rows in the recorded chart format)', async function () {
    // The recorded chart-BTC-USD answer's meta with its bars replaced by real CSV rows (Binance BTC/USDT
    // values), stamped at their open times; no Yahoo 1h recording exists. Two extra bars: one off the hour
    // (Yahoo's trailing live price) and one without a close; both are left out.
    const a = Date.parse('2025-03-06T00:00:00Z');
    const b = Date.parse('2025-03-12T00:00:00Z');
    const gone = Date.parse('2025-03-08T05:00:00Z');
    const rows = hourlyRows(a, b).filter((i) => readHourlyCsv().times[i] !== gone);
    const body = yahooHourlyBody(rows, [
      { t: Date.parse('2025-03-09T10:30:00Z'), close: 1 },
      { t: gone, close: null },
    ]);
    const p = yahoo([yahooHourlyRoute(body)], Date.parse('2025-03-12T12:00:00Z'));
    const h = await p.hourly('BTC-USD', { from: '2025-03-06', to: '2025-03-11' });
    assertCsvRows(h, rows);
    assert.equal(h.times.length, 6 * 24 - 1);
    const q = new URL(replay!.requests[0]!.url).searchParams;
    assert.equal(q.get('interval'), '1h');
    assert.equal(Number(q.get('period1')), a / 1000);
    assert.equal(Number(q.get('period2')), b / 1000);
    assert.match(h.origin.note ?? '', /Yahoo Finance hourly chart/);
  });

  it('Yahoo 1h reaches back 729 days at most, and says so; a range entirely before that asks nothing', async function () {
    const now = Date.parse('2025-03-12T12:00:00Z');
    const p = yahoo([yahooHourlyRoute(yahooHourlyBody(hourlyRows(Date.parse('2024-06-01T00:00:00Z'), Date.parse('2024-06-02T00:00:00Z'))))], now);
    const h = await p.hourly('BTC-USD', { from: '2020-01-01', to: '2025-03-11' });
    const earliest = Date.parse('2023-03-15T00:00:00Z'); // 2025-03-12 minus 728 days: 729 calendar days with today
    assert.equal(Number(new URL(replay!.requests[0]!.url).searchParams.get('period1')), earliest / 1000);
    assert.match(h.origin.note ?? '', /Yahoo serves hourly bars for the last 729 days only: from 2023-03-15/);
    assert.equal(h.times.length, 24);
    await assert.rejects(
      p.hourly('BTC-USD', { from: '2020-01-01', to: '2022-12-31' }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'unsupported' && /last 729 days only/.test(e.message),
    );
    assert.equal(replay!.requests.length, 1);
  });
});
