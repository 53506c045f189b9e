/**
 * Equities, indices and ETFs (and BTC-USD as a fallback) from Yahoo Finance through
 * yahoo-finance2 v4, built with `createYahooFinance` and only the four modules used (chart,
 * quote, quoteSummary, search), which keeps the bundle about a third smaller than the whole
 * library. The library is loaded on first use, so activation does not pay for it.
 *
 * Every request goes through the HTTP layer handed in (rate limit, retries, time-outs, proxy);
 * `versionCheck: false` stops the library from calling the npm registry on validation errors.
 * Each call passes its own fetch (a module option, which wins over the instance's): it turns a
 * final error status into an {@link HttpStatusError}, so the library never sees (or logs) an
 * error page and the status survives to the ProviderError.
 *
 * - hourly: `chart` with interval `1h` (about the last 730 days only), for BTC at the US close.
 * - history: `chart` with a daily interval. Yahoo's `close` is adjusted for splits but not for
 *   dividends (`adjclose` is both); we use `close`. Bars are dated by the exchange's trading day in
 *   `meta.exchangeTimezoneName` (the recordings: `America/New_York` for AAPL/QQQ/NVDA, bars stamped
 *   at the 09:30 open; `UTC` for BTC-USD, stamped at midnight), falling back to `meta.gmtoffset`.
 *   Bars with a missing price are dropped; today's bar is dropped until the regular session ends.
 * - quote: `quote` (needs Yahoo's cookie and crumb: the library fetches a quote page, follows the
 *   consent redirect, then `/v1/test/getcrumb`; the cookie jar is per provider instance).
 * - fundamentals: `quoteSummary` with price, summaryDetail, financialData, defaultKeyStatistics.
 * - search: `search`.
 */
import { HOUR_MS, type HourlySeries } from '../../core/sampling';
import type { DailySeries, IsoDate, Quote } from '../../core/types';
import { HttpStatusError, kindOfFailure } from '../http';
import {
  ProviderError,
  type FetchLike,
  type Fundamentals,
  type HistoryRequest,
  type MarketDataProvider,
  type ProviderErrorKind,
  type SymbolMatch,
} from '../provider';
import { DAY_MS, checkRange, dateInZone, silent, throwIfCancelled, wrapFailure } from './common';
import type { LogFn, LogLevel } from '../../shared/log';

export interface YahooProviderOptions {
  /** The HTTP layer (see `createHttpClient`); every request of the library goes through it. */
  fetch: FetchLike;
  /** Clock, for "today" (the open bar) and timestamps. */
  now?: () => number;
  logger?: LogFn;
}

// The shapes we read from yahoo-finance2's results (after its validation and type coercion).
interface ChartQuote {
  date: Date;
  open?: number | null;
  high?: number | null;
  low?: number | null;
  close?: number | null;
  volume?: number | null;
}
interface TradingPeriod {
  start?: Date | number;
  end?: Date | number;
}
interface ChartMeta {
  symbol?: string;
  currency?: string | null;
  exchangeName?: string;
  exchangeTimezoneName?: string;
  gmtoffset?: number;
  instrumentType?: string;
  currentTradingPeriod?: { regular?: TradingPeriod };
}
interface ChartResult {
  meta: ChartMeta;
  quotes: ChartQuote[];
}
interface YahooQuote {
  symbol: string;
  regularMarketPrice?: number;
  regularMarketChangePercent?: number;
  regularMarketTime?: Date | number;
  currency?: string;
  marketCap?: number;
  longName?: string;
  shortName?: string;
}
interface YahooSummary {
  price?: { marketCap?: number; currency?: string; longName?: string | null; shortName?: string | null };
  summaryDetail?: { marketCap?: number; currency?: string };
  financialData?: { totalDebt?: number; totalCash?: number; financialCurrency?: string | null };
  defaultKeyStatistics?: { sharesOutstanding?: number; impliedSharesOutstanding?: number; enterpriseValue?: number };
}
interface YahooSearchQuote {
  symbol?: string;
  shortname?: string;
  longname?: string;
  exchange?: string;
  exchDisp?: string;
  quoteType?: string;
  typeDisp?: string;
  isYahooFinance?: boolean;
}
interface ModuleOptions {
  fetch: FetchLike;
  fetchOptions?: RequestInit;
}
interface YahooClient {
  chart(symbol: string, query: Record<string, unknown>, moduleOptions: ModuleOptions): Promise<ChartResult>;
  quote(symbol: string, query: Record<string, unknown>, moduleOptions: ModuleOptions): Promise<YahooQuote | undefined>;
  quoteSummary(symbol: string, query: { modules: string[] }, moduleOptions: ModuleOptions): Promise<YahooSummary>;
  search(query: string, options: Record<string, unknown>, moduleOptions: ModuleOptions): Promise<{ quotes?: YahooSearchQuote[] }>;
}

interface LoadedClient {
  client: YahooClient;
  /** Forgets the crumb and the cookies, so the next call that needs them fetches new ones. */
  clearCrumb(): Promise<void>;
}

/** How far back Yahoo serves 1h bars (it says "within the last 730 days"; one day of margin). */
export const YAHOO_HOURLY_DAYS = 729;

export const FUNDAMENTALS_MODULES = ['price', 'summaryDetail', 'financialData', 'defaultKeyStatistics'];

export class YahooProvider implements MarketDataProvider {
  readonly id = 'yahoo';
  private client?: Promise<LoadedClient>;
  private readonly http: FetchLike;
  private readonly now: () => number;
  private readonly log: LogFn;

  constructor(options: YahooProviderOptions) {
    this.http = options.fetch;
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? silent;
  }

  async history(symbol: string, request: HistoryRequest): Promise<DailySeries> {
    const nowMs = this.now();
    const range = checkRange(this.id, request.from, request.to, nowMs);
    // One day of margin each side: an exchange east of UTC opens before midnight UTC.
    const period1 = new Date((range.fromDay - 1) * DAY_MS);
    const period2 = new Date((range.toDay + 2) * DAY_MS);
    const chart = await this.call(`history ${symbol}`, request.signal, (client, mo) => client.chart(symbol, { period1, period2, interval: '1d' }, mo));
    return this.toSeries(symbol, chart, range.from, range.to, nowMs);
  }

  /**
   * Hourly bars from `chart` with interval `1h` (for BTC-USD: the fallback of the hourly BTC chain).
   * Yahoo serves 1h bars for about the last 730 days only: the request is cut to
   * {@link YAHOO_HOURLY_DAYS} days, and a range entirely before that is 'unsupported'. Only closed
   * bars on a whole hour with a positive, finite close are kept; a repeated time keeps the later bar.
   */
  async hourly(symbol: string, request: HistoryRequest): Promise<HourlySeries> {
    const nowMs = this.now();
    const range = checkRange(this.id, request.from, request.to, nowMs);
    const earliest = (Math.floor(nowMs / DAY_MS) - YAHOO_HOURLY_DAYS + 1) * DAY_MS;
    const fromMs = Math.max(range.fromDay * DAY_MS, earliest);
    const endMs = Math.min((range.toDay + 1) * DAY_MS, Math.floor(nowMs / HOUR_MS) * HOUR_MS); // exclusive: the open hour starts there
    if (fromMs >= endMs) {
      throw new ProviderError(
        this.id,
        'unsupported',
        `hourly ${symbol}: Yahoo serves hourly bars for the last ${YAHOO_HOURLY_DAYS} days only, not ${range.from} to ${range.to}`,
      );
    }
    const chart = await this.call(`hourly ${symbol}`, request.signal, (client, mo) =>
      client.chart(symbol, { period1: new Date(fromMs), period2: new Date(endMs), interval: '1h' }, mo),
    );
    const byTime = new Map<number, number>();
    let dropped = 0;
    for (const q of chart.quotes ?? []) {
      const t = q.date instanceof Date ? q.date.getTime() : toMs(q.date);
      if (t === undefined || t < fromMs || t + HOUR_MS > endMs) continue;
      if (t % HOUR_MS !== 0 || !finite(q.close) || !(q.close! > 0)) {
        dropped++;
        continue;
      }
      byTime.set(t, q.close!);
    }
    if (dropped) this.log('debug', `yahoo hourly ${symbol}: ${dropped} bar(s) off the hour or without a valid close left out`);
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const notes = ['Yahoo Finance hourly chart (bar open times, UTC), the open hour left out'];
    if (fromMs > range.fromDay * DAY_MS)
      notes.push(`Yahoo serves hourly bars for the last ${YAHOO_HOURLY_DAYS} days only: from ${new Date(fromMs).toISOString().slice(0, 10)}`);
    return {
      symbol,
      times,
      close: times.map((t) => byTime.get(t)!),
      origin: { kind: 'live', provider: this.id, providerSymbol: symbol, asOf: new Date(nowMs).toISOString(), note: notes.join('; ') },
    };
  }

  async quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    const q = await this.call(`quote ${symbol}`, signal, (client, mo) => client.quote(symbol, {}, mo));
    if (!q) throw new ProviderError(this.id, 'not-found', `quote ${symbol}: Yahoo has no quote for this symbol`);
    const price = q.regularMarketPrice;
    if (typeof price !== 'number' || !Number.isFinite(price)) {
      throw new ProviderError(this.id, 'malformed', `quote ${symbol}: no regular market price in Yahoo's answer`);
    }
    const at = toMs(q.regularMarketTime);
    const fetchedAt = new Date(this.now()).toISOString();
    return {
      symbol,
      price,
      ...(finite(q.regularMarketChangePercent) ? { changeFraction: q.regularMarketChangePercent! / 100 } : {}),
      ...(q.currency ? { currency: q.currency } : {}),
      ...(finite(q.marketCap) ? { marketCap: q.marketCap } : {}),
      ...(q.longName || q.shortName ? { name: (q.longName || q.shortName)! } : {}),
      time: at !== undefined ? new Date(at).toISOString() : fetchedAt,
      origin: { kind: 'live', provider: this.id, providerSymbol: symbol, asOf: fetchedAt, note: 'Yahoo Finance quote (regular market price)' },
    };
  }

  async fundamentals(symbol: string, signal?: AbortSignal): Promise<Fundamentals> {
    const s = await this.call(`fundamentals ${symbol}`, signal, (client, mo) => client.quoteSummary(symbol, { modules: FUNDAMENTALS_MODULES }, mo));
    const currency = s.price?.currency ?? s.summaryDetail?.currency ?? undefined;
    const fin = s.financialData;
    // totalDebt/totalCash are in the reporting currency; keep them only when it is the quote's.
    const finOk = !fin?.financialCurrency || !currency || fin.financialCurrency === currency;
    if (fin && !finOk) {
      this.log('debug', `yahoo fundamentals ${symbol}: debt and cash are in ${fin.financialCurrency}, the price in ${currency}: left out`);
    }
    const out: Fundamentals = { symbol, time: new Date(this.now()).toISOString() };
    const marketCap = s.price?.marketCap ?? s.summaryDetail?.marketCap;
    if (finite(marketCap)) out.marketCap = marketCap;
    if (finOk && finite(fin?.totalDebt)) out.totalDebt = fin!.totalDebt;
    if (finOk && finite(fin?.totalCash)) out.totalCash = fin!.totalCash;
    const shares = s.defaultKeyStatistics?.sharesOutstanding ?? s.defaultKeyStatistics?.impliedSharesOutstanding;
    if (finite(shares)) out.sharesOutstanding = shares;
    if (finite(s.defaultKeyStatistics?.enterpriseValue)) out.enterpriseValue = s.defaultKeyStatistics!.enterpriseValue;
    if (currency) out.currency = currency;
    const name = s.price?.longName || s.price?.shortName;
    if (name) out.name = name;
    return out;
  }

  async search(query: string, signal?: AbortSignal): Promise<SymbolMatch[]> {
    const r = await this.call(`search "${query}"`, signal, (client, mo) => client.search(query, {}, mo));
    return (r.quotes ?? [])
      .filter((q) => q.isYahooFinance !== false && typeof q.symbol === 'string' && q.symbol !== '')
      .map((q) => ({
        symbol: q.symbol!,
        ...(q.longname || q.shortname ? { name: (q.longname || q.shortname)! } : {}),
        ...(q.exchDisp || q.exchange ? { exchange: (q.exchDisp || q.exchange)! } : {}),
        ...(q.quoteType ? { type: q.quoteType } : {}),
        provider: this.id,
      }));
  }

  /** Runs one library call with this call's fetch and signal, mapping every failure to a ProviderError. */
  private async call<T>(what: string, signal: AbortSignal | undefined, run: (client: YahooClient, mo: ModuleOptions) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(this.id, signal);
      const moduleOptions: ModuleOptions = { fetch: this.callFetch(), ...(signal ? { fetchOptions: { signal } } : {}) };
      let loaded: LoadedClient | undefined;
      try {
        loaded = await this.getClient();
        return await run(loaded.client, moduleOptions);
      } catch (error) {
        const wrapped = wrapFailure(this.id, what, error, { signal, classify: classifyYahooError, fallback: 'http', message: yahooMessage(error) });
        // An expired crumb or cookie (yahoo-finance2 issue #741) answers 401: start a new session once.
        if (error instanceof HttpStatusError && error.status === 401 && attempt === 1 && loaded) {
          this.log('info', `${wrapped.message}: getting a new Yahoo cookie and crumb`);
          await loaded.clearCrumb();
          continue;
        }
        // The crumb request is shared by concurrent calls and runs with the first caller's signal:
        // when that caller cancels, the others see an abort that is not theirs. Try once more.
        if (wrapped.kind === 'cancelled' && !signal?.aborted && attempt === 1) {
          this.log('debug', `${wrapped.message} (by another caller): trying again`);
          continue;
        }
        this.log('debug', wrapped.message);
        throw wrapped;
      }
    }
  }

  /** The fetch handed to the library for one call: final error statuses become HttpStatusError. */
  private callFetch(): FetchLike {
    return async (input, init) => {
      const response = await this.http(input, init);
      if (response.status < 400) return response;
      const url = input instanceof Request ? input.url : String(input);
      throw new HttpStatusError(url, response.status, response.statusText, errorText(await response.text()));
    };
  }

  private getClient(): Promise<LoadedClient> {
    this.client ??= loadClient(this.http, this.log).catch((error) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private toSeries(symbol: string, chart: ChartResult, from: IsoDate, to: IsoDate, nowMs: number): DailySeries {
    const meta = chart.meta ?? {};
    const zone = meta.exchangeTimezoneName;
    const offset = meta.gmtoffset;
    const today = dateInZone(nowMs, zone, offset);
    const regularEnd = toMs(meta.currentTradingPeriod?.regular?.end);
    const todayClosed = regularEnd !== undefined && nowMs >= regularEnd && dateInZone(regularEnd, zone, offset) === today;
    const byDate = new Map<IsoDate, { open: number; high: number; low: number; close: number; volume: number }>();
    let dropped = 0;
    let open = 0;
    for (const q of chart.quotes ?? []) {
      const t = q.date instanceof Date ? q.date.getTime() : toMs(q.date);
      if (t === undefined) continue;
      const date = dateInZone(t, zone, offset);
      if (date < from || date > to) continue;
      if (date > today || (date === today && !todayClosed)) {
        open++;
        continue;
      }
      if (!finite(q.close) || !finite(q.open) || !finite(q.high) || !finite(q.low)) {
        dropped++;
        continue;
      }
      // A repeated date (Yahoo sometimes appends a live bar) keeps the later, more complete one;
      // a missing volume (some indices) reads 0.
      byDate.set(date, { open: q.open!, high: q.high!, low: q.low!, close: q.close!, volume: finite(q.volume) ? q.volume! : 0 });
    }
    if (dropped || open) {
      this.log('debug', `yahoo history ${symbol}: ${dropped} bar(s) with missing prices dropped, ${open} still-open bar(s) left out`);
    }
    const dates = [...byDate.keys()].sort();
    const bars = dates.map((d) => byDate.get(d)!);
    const fetchedAt = new Date(nowMs).toISOString();
    return {
      symbol,
      dates,
      close: bars.map((b) => b.close),
      open: bars.map((b) => b.open),
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      volume: bars.map((b) => b.volume),
      origin: {
        kind: 'live',
        provider: this.id,
        providerSymbol: symbol,
        asOf: fetchedAt,
        note: `Yahoo Finance daily chart: closes adjusted for splits, not dividends; dates are ${zone ?? 'exchange'} trading days`,
      },
    };
  }
}

async function loadClient(fetch: FetchLike, log: LogFn): Promise<LoadedClient> {
  // All from one import style, so the cookie jar passes the library's instanceof check.
  const [created, chart, quote, quoteSummary, search, jar, crumb] = await Promise.all([
    import('yahoo-finance2/createYahooFinance'),
    import('yahoo-finance2/modules/chart'),
    import('yahoo-finance2/modules/quote'),
    import('yahoo-finance2/modules/quoteSummary'),
    import('yahoo-finance2/modules/search'),
    import('yahoo-finance2/lib/cookieJar'),
    import('yahoo-finance2/lib/getCrumb'),
  ]);
  const YahooFinance = created.default({
    modules: { chart: chart.default, quote: quote.default, quoteSummary: quoteSummary.default, search: search.default },
  });
  const say =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      const text = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
      // On Node 20 the library warns that it wants Node 22; it works, so keep that out of the way.
      log(/Things might break/.test(text) ? 'debug' : level, `yahoo-finance2: ${text}`);
    };
  const cookieJar = new jar.ExtendedCookieJar();
  const client = new YahooFinance({
    fetch,
    versionCheck: false,
    cookieJar,
    logger: { info: say('debug'), warn: say('warn'), error: say('warn'), debug: say('debug'), dir: say('debug') },
    validation: { logErrors: false, logOptionsErrors: true },
    suppressNotices: ['yahooSurvey'],
  });
  return { client: client as unknown as YahooClient, clearCrumb: () => crumb.getCrumbClear(cookieJar) };
}

/** yahoo-finance2's failures, by class name and message (its classes differ between its ESM and CJS builds). */
export function classifyYahooError(error: unknown): ProviderErrorKind | undefined {
  const http = kindOfFailure(error);
  if (http) return http;
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'FailedYahooValidationError') return 'malformed';
  if (error.name === 'InvalidOptionsError') return 'unsupported';
  if (error.name === 'HTTPError') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return kindOfFailure(code) ?? 'http';
  }
  const m = error.message;
  if (/no data found|not found|delisted|no fundamentals/i.test(m)) return 'not-found';
  if (/too many requests/i.test(m)) return 'rate-limited';
  if (/not parsable|expect json|unexpected result|timestamp count mismatch|please report/i.test(m)) return 'malformed';
  // The library tripping over a shape it did not expect.
  if (error instanceof TypeError || error instanceof SyntaxError) return 'malformed';
  return undefined;
}

function yahooMessage(error: unknown): string | undefined {
  if (error instanceof Error && error.name === 'FailedYahooValidationError') {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors ?? [];
    const first = errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    return `Yahoo's answer does not have the expected shape (${first.join('; ') || 'schema validation failed'})`;
  }
  return undefined;
}

/** The useful part of an error body: Yahoo's `{ x: { error: { description } } }`, else its first 200 characters. */
function errorText(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, { error?: { description?: string; code?: string } } | undefined>;
    for (const value of Object.values(json)) {
      const e = value?.error;
      if (e && (e.description || e.code)) return String(e.description || e.code);
    }
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function toMs(value: Date | number | string | undefined | null): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value; // seconds or ms
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function safeJson(x: unknown): string {
  if (x instanceof Error) return x.message;
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}
