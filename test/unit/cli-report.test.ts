/**
 * `hashpivot report` end to end: the built CLI (dist/cli.js, made by `node esbuild.mjs --tests`)
 * run as a child process with HOME, XDG_CACHE_HOME and --cache-dir in temporary folders. Nothing
 * here reaches the internet: every provider host is overridden to a loopback server (or to a
 * closed loopback port), and a `--require`d guard fails any non-loopback fetch or socket
 * (test/support/cliHarness.ts). Faults are served by that loopback server; the CLI's retries are
 * counted there, its fallbacks read from its JSON and its stderr.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { cacheFileName } from '../../src/data/cache';
import { endpointArgs, PROVIDER_HOSTS, runCli, tempHome, type CliResult, type TempHome } from '../support/cliHarness';
import { endpointCacheFolder } from '../../src/data/createStore';
import { collectEndpoints } from '../../src/cli/options';
import { sendJson, startFaultServer, type FaultHandler, type FaultServer } from '../support/faultServer';
import { readPriceCsv, rowOnOrBefore, shiftDate, type CsvSeries } from '../support/prices';
import { yahooChartBody } from '../support/yahooChart';
import { coinbaseCandles, hourlyRows } from '../support/hourly';

const AS_OF = '2025-12-02';
const REPORT_KEYS = [
  'symbol',
  'asOf',
  'close',
  'change',
  'drawdown',
  'volatility',
  'correlation',
  'beta',
  'var95',
  'cvar95',
  'btcSampling',
  'btcSamplingCoverage',
  'source',
];

interface JsonReport {
  symbol: string;
  asOf: string;
  close: number;
  change: { '1d': number; '7d': number; '30d': number };
  drawdown: { current: number; max: number };
  volatility: { '30d': number; '90d': number };
  correlation: { BTC: { '90d': number | null }; NDX: { '90d': number | null } };
  beta: { BTC: { '90d': number | null }; NDX: { '90d': number | null } };
  var95: number;
  cvar95: number;
  btcSampling: 'us-close' | 'utc-close' | 'mixed' | null;
  btcSamplingCoverage: {
    window: { from: string; to: string } | null;
    hourly: { from: string; to: string; source: string } | null;
    missingCloses: number;
    reason?: string;
  } | null;
  source: {
    kind: string;
    asOf: string;
    providerSymbol?: string;
    proxy?: string;
    basket?: { date: string; priced: number; constituents: number; btcWeight: number };
    benchmarks: {
      BTC: { kind: string; providerSymbol?: string; proxy?: string } | null;
      NDX: { kind: string; providerSymbol?: string; proxy?: string } | null;
    };
  };
}

const csv = new Map<string, CsvSeries>();
function prices(name: string): CsvSeries {
  let s = csv.get(name);
  if (!s) csv.set(name, (s = readPriceCsv(name)));
  return s;
}

/** The CSV close on or before `date`. */
function csvClose(name: string, date: string): number {
  const s = prices(name);
  const i = rowOnOrBefore(s, date);
  assert.ok(i >= 0, `${name}.csv has no row on or before ${date}`);
  return s.close[i]!;
}

function relClose(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got / want - 1) <= 1e-6, `${what}: got ${got}, want ${want}`);
}

function parseReports(r: CliResult): JsonReport[] {
  assert.equal(r.code, 0, `exit ${r.code}\nstderr:\n${r.stderr}`);
  let parsed: unknown;
  assert.doesNotThrow(() => (parsed = JSON.parse(r.stdout)), `stdout is not JSON:\n${r.stdout}`);
  assert.ok(Array.isArray(parsed));
  return parsed as JsonReport[];
}

function noEscape(r: CliResult): void {
  assert.doesNotMatch(r.stderr, /\[net-guard\]/, 'the CLI tried to reach a non-loopback address');
}

/** Usage errors: a clear message, a non-zero exit, nothing on stdout, no cache folder. */
function usageError(t: TempHome, r: CliResult, message: RegExp, code = 2): void {
  assert.equal(r.code, code, `exit code; stderr:\n${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^hashpivot: /);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/, 'a stack trace instead of a message');
  assert.ok(!existsSync(t.cacheDir), 'the --cache-dir was created');
  assert.ok(!existsSync(path.join(t.xdg, 'hashpivot')), 'the default cache dir was created');
  assert.ok(!existsSync(path.join(t.home, '.cache')), 'a cache under HOME was created');
}

const YAHOO_404 = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };

function isChart(req: http.IncomingMessage, symbol: string): boolean {
  return (req.url ?? '').startsWith(`/v8/finance/chart/${encodeURIComponent(symbol)}?`);
}

/** `subject` answers its chart requests; every other request (benchmarks, ccxt) gets a 404. */
function onlyFor(symbol: string, subject: FaultHandler): FaultHandler {
  let n = 0;
  return (req, res) => {
    if (isChart(req, symbol)) subject(req, res, ++n);
    else sendJson(res, 404, YAHOO_404);
  };
}

function chartRequests(server: FaultServer, symbol: string): number {
  return server.requests.filter((q) => q.url.startsWith(`/v8/finance/chart/${encodeURIComponent(symbol)}?`)).length;
}

/** IREN's CSV rows up to `last`, as a cache envelope the way DiskCache writes it. */
function cacheEnvelope(fetchedAt: string, last: string): string {
  const s = prices('IREN');
  const n = rowOnOrBefore(s, last) + 1;
  const value = {
    symbol: 'IREN',
    dates: s.dates.slice(0, n),
    close: s.close.slice(0, n),
    open: s.open.slice(0, n),
    high: s.high.slice(0, n),
    low: s.low.slice(0, n),
    volume: s.volume.slice(0, n),
    origin: { kind: 'live', provider: 'yahoo', providerSymbol: 'IREN', asOf: fetchedAt },
  };
  return JSON.stringify({ format: 1, kind: 'history', key: 'yahoo/IREN', fetchedAt, value });
}

/** Where the CLI caches under `--endpoint HOST=url` for every provider host: a folder per set of overrides. */
function cacheDirVia(t: TempHome, url: string): string {
  return path.join(
    t.cacheDir,
    endpointCacheFolder(
      collectEndpoints(
        PROVIDER_HOSTS.map((h) => `${h}=${url}`),
        {},
      ),
    )!,
  );
}

function irenCacheFile(t: TempHome, url: string): string {
  return path.join(cacheDirVia(t, url), 'history', cacheFileName('yahoo/IREN'));
}

describe('CLI: hashpivot report, from the snapshot', function () {
  this.timeout(20_000);

  it('report BTC QQQ IREN --as-of 2025-12-02 --source snapshot --json: the snapshot, exactly the documented keys, fractions', async function () {
    const t = tempHome();
    const r = await runCli(t, ['report', 'BTC', 'QQQ', 'IREN', '--as-of', AS_OF, '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    noEscape(r);
    const reports = parseReports(r);
    assert.deepEqual(
      reports.map((x) => x.symbol),
      ['BTC', 'QQQ', 'IREN'],
    );
    const files: Record<string, string> = { BTC: 'BTC-USD', QQQ: 'QQQ', IREN: 'IREN' };
    for (const rep of reports) {
      assert.deepEqual(Object.keys(rep).sort(), [...REPORT_KEYS].sort(), `keys of ${rep.symbol}`);
      assert.deepEqual(Object.keys(rep.change).sort(), ['1d', '30d', '7d']);
      assert.deepEqual(Object.keys(rep.drawdown).sort(), ['current', 'max']);
      assert.deepEqual(Object.keys(rep.volatility).sort(), ['30d', '90d']);
      for (const k of ['correlation', 'beta'] as const) {
        assert.deepEqual(Object.keys(rep[k]).sort(), ['BTC', 'NDX']);
        assert.deepEqual(Object.keys(rep[k].BTC), ['90d']);
        assert.deepEqual(Object.keys(rep[k].NDX), ['90d']);
        assert.equal(typeof rep[k].BTC['90d'], 'number');
        assert.equal(typeof rep[k].NDX['90d'], 'number');
      }
      assert.deepEqual(Object.keys(rep.source).sort(), ['asOf', 'benchmarks', 'kind', 'providerSymbol']);
      // The NASDAQ-100 figures came from QQQ (^NDX ends 2022-03): the JSON source names it.
      assert.deepEqual(rep.source.benchmarks.NDX, { kind: 'snapshot', providerSymbol: 'QQQ', proxy: 'QQQ as NASDAQ-100 proxy' });
      // BTC priced at the US close from the snapshot's hourly bars (they cover 2024-06 .. 2026-06).
      assert.equal(rep.btcSampling, 'us-close', `${rep.symbol} btcSampling`);
      assert.deepEqual(rep.btcSamplingCoverage?.hourly, { from: '2024-06-01T00:00Z', to: '2026-06-20T09:00Z', source: 'snapshot BTC/USDT' });
      assert.equal(rep.btcSamplingCoverage?.window?.to, AS_OF);
      assert.equal(rep.asOf, AS_OF);
      assert.equal(rep.source.kind, 'snapshot');
      assert.match(rep.source.asOf, /^\d{4}-\d{2}-\d{2}$/);

      const file = files[rep.symbol]!;
      relClose(rep.close, csvClose(file, AS_OF), `${rep.symbol} close`);
      // Fractions, not percent: the change is the CSV's own ratio, not 100 times it.
      const want1d = csvClose(file, AS_OF) / csvClose(file, shiftDate(AS_OF, -1)) - 1;
      assert.ok(Math.abs(rep.change['1d'] - want1d) < 1e-6, `${rep.symbol} 1d change ${rep.change['1d']} vs ${want1d}`);
      const want30 = csvClose(file, AS_OF) / csvClose(file, shiftDate(AS_OF, -30)) - 1;
      assert.ok(Math.abs(rep.change['30d'] - want30) < 1e-6, `${rep.symbol} 30d change`);
      assert.ok(rep.drawdown.max <= rep.drawdown.current && rep.drawdown.current <= 0 && rep.drawdown.max > -1);
      assert.ok(rep.volatility['30d'] > 0 && rep.volatility['30d'] < 5);
      assert.ok(rep.var95 < 0 && rep.var95 > -1 && rep.cvar95 <= rep.var95);
      for (const k of ['correlation'] as const) {
        assert.ok(Math.abs(rep[k].BTC['90d']!) <= 1 + 1e-12 && Math.abs(rep[k].NDX['90d']!) <= 1 + 1e-12);
      }
    }
    // The benchmarks against themselves.
    assert.ok(Math.abs(reports[0]!.correlation.BTC['90d']! - 1) < 1e-12);
    assert.ok(Math.abs(reports[1]!.correlation.NDX['90d']! - 1) < 1e-12, 'QQQ stands in for the NASDAQ-100 after ^NDX ends');
    // The snapshot dates are the series' own last dates.
    assert.equal(reports[2]!.source.asOf, prices('IREN').dates.at(-1));
    assert.equal(reports[1]!.source.asOf, prices('QQQ').dates.at(-1));
    assert.equal(r.stderr, '');
    assert.ok(!existsSync(t.cacheDir), 'snapshot mode wrote to the cache');
  });

  it('prints a readable table: header, rule, one aligned row per symbol, percentages, the source with its date', async function () {
    const t = tempHome();
    const r = await runCli(t, ['report', 'IREN', 'BTC', '--as-of', AS_OF, '--source', 'snapshot', '--cache-dir', t.cacheDir]);
    noEscape(r);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^Symbol\s+As of\s+Close\s+1d\s+7d\s+30d\s+DD now\s+DD max\s+Vol 30d\s+Vol 90d\s+ρ BTC\s+β BTC\s+ρ NDX\s+β NDX\s+VaR95\s+CVaR95\s+Source$/,
    );
    assert.match(lines[1]!, /^-+( {2}-+)+$/);
    const iren = lines[2]!;
    const btc = lines[3]!;
    assert.match(iren, /^IREN\s+2025-12-02\s+41\.12\s+-15\.2%\s+-13\.4%\s+-32\.3%\s/);
    assert.match(iren, /snapshot 2026-05-29$/);
    assert.match(btc, /^BTC\s+2025-12-02\s+91,350\s/);
    // Columns line up: every cell ends where its header's column ends (right-aligned numbers).
    const closeEnd = lines[0]!.indexOf('Close') + 'Close'.length;
    assert.equal(iren.indexOf('41.12') + '41.12'.length, closeEnd);
    assert.equal(btc.indexOf('91,350') + '91,350'.length, closeEnd);
    const notes = lines.slice(4);
    assert.match(notes[0]!, /^1d: the last two sessions; 7d, 30d: over calendar days/);
    assert.match(
      notes[1]!,
      /^BTC pair figures: BTC at the US close \(16:00 New York, from hourly bars: snapshot BTC\/USDT\), sessions 2025-09-03 to 2025-12-02\.$/,
    );
    assert.equal(notes[2], 'ρ NDX, β NDX: QQQ as NASDAQ-100 proxy.');
  });

  it('answers NDX from ^NDX for a 2020 date and from QQQ for 2025, and CD20 from its constituents', async function () {
    const t = tempHome();
    const old = parseReports(await runCli(t, ['report', 'NDX', '--as-of', '2020-06-01', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]));
    relClose(old[0]!.close, csvClose('NDX', '2020-06-01'), 'NDX 2020 close (^NDX)');
    const now = parseReports(await runCli(t, ['report', 'NDX', 'CD20', '--as-of', AS_OF, '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]));
    relClose(now[0]!.close, csvClose('QQQ', AS_OF), 'NDX 2025 close (QQQ)');
    assert.equal(now[1]!.symbol, 'CD20');
    assert.equal(now[1]!.source.kind, 'snapshot');
    assert.ok(Number.isFinite(now[1]!.close) && now[1]!.close > 0);
    assert.ok(now[1]!.correlation.BTC['90d']! > 0.5, 'a BTC-heavy basket moves with BTC');
    // The stand-ins are named in the JSON source: QQQ for the NASDAQ-100, the basket with its composition.
    assert.equal(now[0]!.source.providerSymbol, 'QQQ');
    assert.equal(now[0]!.source.proxy, 'QQQ as NASDAQ-100 proxy');
    assert.equal(old[0]!.source.providerSymbol, '^NDX');
    assert.equal(old[0]!.source.proxy, undefined, '^NDX itself: no proxy');
    assert.equal(now[1]!.source.proxy, 'CoinDesk 20 proxy basket');
    const b = now[1]!.source.basket!;
    assert.equal(b.date, AS_OF);
    assert.equal(b.constituents, 15);
    assert.ok(b.priced >= 2 && b.priced <= 15);
    assert.ok(b.btcWeight >= 0.3 && b.btcWeight < 1);
    const table = await runCli(t, ['report', 'NDX', 'CD20', '--as-of', AS_OF, '--source', 'snapshot', '--cache-dir', t.cacheDir]);
    assert.match(table.stdout, /^NDX .*snapshot 2026-05-29 \(QQQ as NASDAQ-100 proxy\)$/m);
    assert.match(
      table.stdout,
      new RegExp(
        `^CD20 \\(CoinDesk 20 proxy basket\\): ${b.priced} of 15 constituents priced on ${AS_OF}, BTC's effective weight ${(b.btcWeight * 100).toFixed(1)}%\\.$`,
        'm',
      ),
    );
  });

  it('--btc-at utc-close: the daily bar for every BTC pair figure, said so in the JSON; the US close is the default', async function () {
    const t = tempHome();
    const args = ['report', 'MSTR', 'BTC', '--as-of', '2026-05-29', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir];
    const [mstrUs, btcUs] = parseReports(await runCli(t, args));
    const [mstrUtc, btcUtc] = parseReports(await runCli(t, [...args, '--btc-at', 'utc-close']));
    assert.equal(mstrUs!.btcSampling, 'us-close');
    assert.equal(btcUs!.btcSampling, 'us-close', "BTC's own pair with the NASDAQ-100");
    assert.equal(mstrUtc!.btcSampling, 'utc-close');
    assert.equal(mstrUtc!.btcSamplingCoverage!.reason, 'the UTC-day close was chosen (hashpivot.btcSampling utcClose, or --btc-at utc-close)');
    assert.deepEqual(parseReports(await runCli(t, [...args, '--btc-at', 'us-close'])), [mstrUs, btcUs]);
    // The pair figures move with the choice; nothing else does.
    assert.ok(
      Math.abs(mstrUs!.correlation.BTC['90d']! - mstrUtc!.correlation.BTC['90d']!) > 0.05,
      `ρ ${mstrUs!.correlation.BTC['90d']} vs ${mstrUtc!.correlation.BTC['90d']}`,
    );
    assert.ok(Math.abs(btcUs!.correlation.NDX['90d']! - btcUtc!.correlation.NDX['90d']!) > 0.05);
    assert.deepEqual(mstrUs!.volatility, mstrUtc!.volatility);
    assert.deepEqual(mstrUs!.correlation.NDX, mstrUtc!.correlation.NDX);
    const help = await runCli(t, ['report', '--help']);
    assert.match(help.stdout, /--btc-at us-close\|utc-close/);
  });
});

describe('CLI: hashpivot report, bad input', function () {
  this.timeout(20_000);
  let server: FaultServer;
  let t: TempHome;

  before(async function () {
    server = await startFaultServer((_req, res) => sendJson(res, 404, YAHOO_404));
  });
  after(async function () {
    await server.close();
  });
  beforeEach(function () {
    t = tempHome();
  });
  afterEach(function () {
    assert.equal(server.requests.length, 0, 'bad input made a network request');
  });

  /** In auto mode, every host pointed at the loopback server: a request would be counted. */
  const run = (...args: string[]) => runCli(t, ['report', ...args, '--cache-dir', t.cacheDir, ...endpointArgs(server.url)]);

  it('an unknown symbol', async function () {
    const r = await run('IREN', 'NOPE', '--as-of', AS_OF);
    usageError(t, r, /unknown symbol "NOPE" \(known: .*IREN/);
  });

  it('a malformed date: not YYYY-MM-DD, or not a calendar date', async function () {
    usageError(t, await run('IREN', '--as-of', '2025-13-01'), /--as-of must be a date YYYY-MM-DD, got "2025-13-01"/);
    usageError(t, await run('IREN', '--as-of', '20251202'), /--as-of must be a date YYYY-MM-DD, got "20251202"/);
    usageError(t, await run('IREN', '--from', '2025-02-30'), /--from must be a date YYYY-MM-DD, got "2025-02-30"/);
  });

  it('--from after --as-of', async function () {
    usageError(t, await run('IREN', '--as-of', AS_OF, '--from', '2025-12-03'), /--from 2025-12-03 is after --as-of 2025-12-02/);
  });

  it('an unknown option, a missing option value, no symbol', async function () {
    usageError(t, await run('IREN', '--bogus'), /Unknown option '--bogus'/);
    usageError(t, await run('IREN', '--as-of'), /--as-of/);
    usageError(t, await runCli(t, ['report', '--source', 'snapshot', '--cache-dir', t.cacheDir]), /report needs at least one symbol/);
  });

  it('a bad --btc-at', async function () {
    usageError(
      t,
      await runCli(t, ['report', 'IREN', '--btc-at', 'noon', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)]),
      /--btc-at must be us-close or utc-close, got "noon"/,
    );
  });

  it('a bad --source', async function () {
    usageError(t, await run('IREN', '--source', 'web'), /--source must be auto, live or snapshot, got "web"/);
  });

  it('a bad --endpoint', async function () {
    usageError(t, await run('IREN', '--endpoint', 'query2.finance.yahoo.com'), /Invalid endpoint override "query2\.finance\.yahoo\.com": expected HOST=URL/);
    usageError(t, await run('IREN', '--endpoint', 'api.kraken.com=ftp://127.0.0.1'), /must be http or https/);
  });

  it('an empty --cache-dir (which would put the cache in the current folder)', async function () {
    usageError(t, await runCli(t, ['report', 'IREN', '--cache-dir', '', ...endpointArgs(server.url)]), /--cache-dir must name a folder/);
  });

  it('a bad HASHPIVOT_HTTP_TIMEOUT_MS', async function () {
    const r = await runCli(t, ['report', 'IREN', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)], { env: { HASHPIVOT_HTTP_TIMEOUT_MS: 'soon' } });
    usageError(t, r, /HASHPIVOT_HTTP_TIMEOUT_MS must be a positive number of milliseconds, got "soon"/);
  });

  it('a date outside the data: before it starts, or more than 7 days after it ends (exit 1, nothing on stdout)', async function () {
    const before = await runCli(t, ['report', 'IREN', '--as-of', '2020-01-02', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    usageError(t, before, /IREN: 2020-01-02 is before its data starts \(2021-11-17\)/, 1);
    const after = await runCli(t, ['report', 'IREN', '--as-of', '2026-06-06', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    usageError(t, after, /IREN: 2026-06-06 is after its data ends \(2026-05-29\)/, 1);
    // Seven days after the last close is still answered.
    const edge = await runCli(t, ['report', 'IREN', '--as-of', '2026-06-05', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    assert.equal(parseReports(edge)[0]!.close, 63.54);
  });
});

describe('CLI: hashpivot report, faults through the endpoint override', function () {
  this.timeout(20_000);
  let server: FaultServer | undefined;

  afterEach(async function () {
    await server?.close();
    server = undefined;
  });

  /** `report IREN --as-of 2025-12-02 --json` in auto mode with every provider host on the loopback server. */
  async function reportIren(
    t: TempHome,
    handler: FaultHandler,
    env: Record<string, string> = {},
    before?: (url: string) => void,
  ): Promise<{ r: CliResult; report: JsonReport; server: FaultServer }> {
    server = await startFaultServer(handler);
    before?.(server.url);
    const r = await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--json', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)], { env });
    noEscape(r);
    const reports = parseReports(r);
    assert.equal(reports.length, 1);
    relClose(reports[0]!.close, csvClose('IREN', AS_OF), 'IREN close');
    return { r, report: reports[0]!, server };
  }

  const CHART_TEXT = JSON.stringify(yahooChartBody('IREN', prices('IREN')));

  const faults: Array<{ name: string; handler: FaultHandler; requests: number; reason: RegExp; env?: Record<string, string> }> = [
    { name: '429 with Retry-After: 1', handler: (_q, res) => sendJson(res, 429, 'Too Many Requests', { 'retry-after': '1' }), requests: 4, reason: /HTTP 429/ },
    {
      name: '500',
      handler: (_q, res) => sendJson(res, 500, { chart: { result: null, error: { code: 'Internal Server Error', description: 'boom' } } }),
      requests: 4,
      reason: /HTTP 500.*boom/,
    },
    {
      name: 'a time-out (the server never answers)',
      handler: () => undefined,
      requests: 4,
      reason: /within 0\.3 s|time-out after 0\.3 s/,
      env: { HASHPIVOT_HTTP_TIMEOUT_MS: '300' },
    },
    { name: 'a connection reset', handler: (req) => req.socket.destroy(), requests: 4, reason: /connection failed/ },
    // Malformed and schema-invalid answers are complete answers: the HTTP layer does not retry
    // them (by design, see http-faults.test.ts); the store goes on to the next source at once.
    { name: 'malformed JSON', handler: (_q, res) => sendJson(res, 200, '{"chart": {"result": [ {"meta": '), requests: 1, reason: /not parsable|JSON/ },
    {
      name: 'a truncated body',
      handler: (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(CHART_TEXT)) });
        res.write(CHART_TEXT.slice(0, 200), () => res.socket?.end());
      },
      requests: 4,
      // undici reports a body cut off right after the headers either way: as a truncated body, or as
      // the fetch itself failing with "terminated" (a connection failure). Both are retried.
      reason: /truncated body|terminated/,
    },
    {
      name: 'a schema-invalid payload',
      handler: (_q, res) =>
        sendJson(res, 200, {
          chart: {
            result: [
              {
                meta: { currency: 'USD' },
                timestamp: [1764685800],
                indicators: { quote: [{ open: ['x'], high: ['x'], low: ['x'], close: ['x'], volume: ['x'] }] },
              },
            ],
            error: null,
          },
        }),
      requests: 1,
      reason: /expected shape/,
    },
  ];

  for (const f of faults) {
    it(`${f.name}: retried as the HTTP layer allows, the reason logged, the snapshot answers`, async function () {
      const t = tempHome();
      const { r, report, server: s } = await reportIren(t, onlyFor('IREN', f.handler), f.env);
      assert.equal(chartRequests(s, 'IREN'), f.requests, `IREN requests: ${s.requests.map((q) => q.url).join('\n')}`);
      assert.equal(report.source.kind, 'snapshot');
      assert.equal(report.source.asOf, '2026-05-29');
      assert.match(r.stderr, /\[warn\] history IREN: 1 live source failed, first: yahoo: history IREN: .*; using the snapshot \(IREN to 2026-05-29\)/);
      const line = r.stderr.split('\n').find((l) => l.includes('history IREN:'))!;
      assert.match(line, f.reason);
      // The benchmarks fell back too (their sources answered 404), and every request stayed on loopback.
      assert.match(r.stderr, /history BTC: 5 live sources failed/);
      assert.match(r.stderr, /history NDX: 2 live sources failed/);
      // Nothing good was fetched, so nothing was cached.
      assert.ok(!existsSync(irenCacheFile(t, s.url)));
    });
  }

  it("--source live: every source failing is an error naming each source's reason (exit 1), no fallback, nothing on stdout", async function () {
    const t = tempHome();
    server = await startFaultServer((_req, res) => sendJson(res, 404, YAHOO_404));
    const r = await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--source', 'live', '--json', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)]);
    noEscape(r);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /hashpivot: no data for IREN: yahoo IREN: yahoo: history IREN: .*No data found/);
    assert.equal(chartRequests(server, 'IREN'), 1);
    assert.ok(!existsSync(irenCacheFile(t, server.url)));
  });

  it('a failed refresh falls back to a seeded cache (kind cache, its fetch time) and leaves the cache file as it was', async function () {
    const t = tempHome();
    const fetchedAt = '2026-01-15T21:30:00.000Z';
    let file = '';
    let before = Buffer.alloc(0);
    const {
      r,
      report,
      server: s,
    } = await reportIren(
      t,
      onlyFor('IREN', (_q, res) => sendJson(res, 500, 'boom')),
      {},
      (url) => {
        file = irenCacheFile(t, url);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, cacheEnvelope(fetchedAt, '2026-01-14'));
        before = readFileSync(file);
      },
    );
    assert.equal(chartRequests(s, 'IREN'), 4);
    assert.equal(report.source.kind, 'cache');
    assert.equal(report.source.asOf, fetchedAt);
    assert.match(r.stderr, /history IREN: 1 live source failed, first: yahoo: history IREN: HTTP 500.*; using the cache of 2026-01-15T21:30:00\.000Z/);
    assert.deepEqual(readFileSync(file), before, 'the cache file changed');
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'stray files in the cache folder');
  });

  it('a live answer (a recorded Yahoo chart carrying the CSV bars) is used, reported as live and written to the cache; a second run answers from that fresh cache without the network', async function () {
    const t = tempHome();
    const body = yahooChartBody('IREN', prices('IREN'));
    const {
      r,
      report,
      server: s,
    } = await reportIren(
      t,
      onlyFor('IREN', (_q, res) => sendJson(res, 200, body)),
    );
    assert.equal(chartRequests(s, 'IREN'), 1);
    assert.equal(report.source.kind, 'live');
    assert.ok(Math.abs(Date.parse(report.source.asOf) - Date.now()) < 10 * 60_000, `live asOf ${report.source.asOf} is the fetch time`);
    assert.doesNotMatch(r.stderr, /history IREN/);
    const file = irenCacheFile(t, s.url);
    const env = JSON.parse(readFileSync(file, 'utf8')) as {
      format: number;
      kind: string;
      key: string;
      fetchedAt: string;
      value: { dates: string[]; close: number[] };
    };
    assert.equal(env.format, 1);
    assert.equal(env.kind, 'history');
    assert.equal(env.key, 'yahoo/IREN');
    assert.equal(env.fetchedAt, report.source.asOf);
    assert.equal(env.value.dates.at(-1), prices('IREN').dates.at(-1));
    assert.ok(env.value.dates.includes(AS_OF));
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'a temporary file was left behind');

    // The same numbers as the snapshot (the same bars; float32 noise aside).
    const snap = parseReports(await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]))[0]!;
    relClose(report.close, snap.close, 'live close vs snapshot close');
    for (const k of ['var95', 'cvar95'] as const) assert.ok(Math.abs(report[k] - snap[k]) < 1e-6, `${k}: live ${report[k]}, snapshot ${snap[k]}`);
    for (const k of ['1d', '7d', '30d'] as const) assert.ok(Math.abs(report.change[k] - snap.change[k]) < 1e-6, `change ${k}`);
    assert.ok(Math.abs(report.drawdown.max - snap.drawdown.max) < 1e-6);
    assert.ok(Math.abs(report.volatility['90d'] - snap.volatility['90d']) < 1e-6);
    assert.ok(Math.abs(report.beta.BTC['90d']! - snap.beta.BTC['90d']!) < 1e-6);

    const served = s.requests.length;
    const again = await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--json', '--cache-dir', t.cacheDir, ...endpointArgs(s.url)]);
    const cached = parseReports(again)[0]!;
    assert.equal(cached.source.kind, 'cache');
    assert.equal(cached.source.asOf, env.fetchedAt);
    assert.equal(chartRequests(s, 'IREN'), 1, 'a fresh cache went to the network');
    assert.ok(s.requests.length > served, 'the benchmarks (not cached) were asked again');
  });

  it('an --as-of older than the default live history: the live fetch reaches back to it, same numbers as the snapshot', async function () {
    const t = tempHome();
    const body = yahooChartBody('IREN', prices('IREN'));
    server = await startFaultServer(onlyFor('IREN', (_q, res) => sendJson(res, 200, body)));
    const args = ['report', 'IREN', '--as-of', '2022-06-01', '--json', '--cache-dir', t.cacheDir];
    const live = parseReports(await runCli(t, [...args, ...endpointArgs(server.url)]))[0]!;
    assert.equal(live.source.kind, 'live');
    const snap = parseReports(await runCli(t, [...args, '--source', 'snapshot']))[0]!;
    relClose(live.close, snap.close, 'close');
    assert.ok(Math.abs(live.drawdown.max - snap.drawdown.max) < 1e-6, `drawdown max: live ${live.drawdown.max}, snapshot ${snap.drawdown.max}`);
    assert.ok(Math.abs(live.var95 - snap.var95) < 1e-6, `VaR: live ${live.var95}, snapshot ${snap.var95}`);
  });

  it('impossible prices from the source (a zero close) are refused: the snapshot answers and nothing is cached', async function () {
    const t = tempHome();
    const p = prices('IREN');
    const close = [...p.close];
    close[close.length - 20] = 0;
    const body = yahooChartBody('IREN', { ...p, close });
    const {
      r,
      report,
      server: s,
    } = await reportIren(
      t,
      onlyFor('IREN', (_q, res) => sendJson(res, 200, body)),
    );
    assert.equal(report.source.kind, 'snapshot');
    assert.match(r.stderr, /history IREN: 1 live source failed, first: yahoo: IREN: impossible close 0 on \d{4}-\d{2}-\d{2}; not used/);
    assert.ok(!existsSync(irenCacheFile(t, s.url)), 'nothing cached');
  });

  it('a source that rescaled its history (×10 on every bar) is fetched whole again, not merged into a jump', async function () {
    const t = tempHome();
    const p = prices('IREN');
    const body = yahooChartBody('IREN', {
      ...p,
      open: p.open.map((x) => x * 10),
      high: p.high.map((x) => x * 10),
      low: p.low.map((x) => x * 10),
      close: p.close.map((x) => x * 10),
    });
    server = await startFaultServer(onlyFor('IREN', (_q, res) => sendJson(res, 200, body)));
    const s = server;
    const seeded = irenCacheFile(t, s.url);
    mkdirSync(path.dirname(seeded), { recursive: true });
    writeFileSync(seeded, cacheEnvelope('2026-01-15T21:30:00.000Z', '2026-01-14'));
    const r = await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--json', '--cache-dir', t.cacheDir, ...endpointArgs(s.url)]);
    noEscape(r);
    const report = parseReports(r)[0]!;
    assert.equal(chartRequests(s, 'IREN'), 2, 'the incremental fetch, then the whole history');
    assert.match(r.stderr, /rescaled its history; fetching its whole history again/);
    assert.equal(report.source.kind, 'live');
    const env = JSON.parse(readFileSync(irenCacheFile(t, s.url), 'utf8')) as { value: { dates: string[]; close: number[] } };
    const i = env.value.dates.indexOf('2025-06-02');
    assert.ok(Math.abs(env.value.close[i]! - csvClose('IREN', '2025-06-02') * 10) < 1e-6, 'the old part is on the new scale too');
  });

  it('a corrupted cache file is discarded with a warning; the snapshot answers when the source fails', async function () {
    const t = tempHome();
    let file = '';
    const { r, report } = await reportIren(
      t,
      onlyFor('IREN', (_q, res) => sendJson(res, 404, YAHOO_404)),
      {},
      (url) => {
        file = irenCacheFile(t, url);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, cacheEnvelope('2026-01-15T21:30:00.000Z', '2026-01-14').slice(0, 5000)); // truncated JSON
      },
    );
    assert.match(r.stderr, /\[warn\] cache: discarding .*yahoo%2FIREN\.json: not valid JSON/);
    assert.equal(report.source.kind, 'snapshot');
    assert.ok(!existsSync(file), 'the corrupt file was kept');
  });

  it('a corrupted cache file is discarded with a warning; a live answer replaces it', async function () {
    const t = tempHome();
    let file = '';
    const body = yahooChartBody('IREN', prices('IREN'));
    const { r, report } = await reportIren(
      t,
      onlyFor('IREN', (_q, res) => sendJson(res, 200, body)),
      {},
      (url) => {
        file = irenCacheFile(t, url);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '\u0000\u0001garbage{{{');
      },
    );
    assert.match(r.stderr, /\[warn\] cache: discarding .*yahoo%2FIREN\.json: not valid JSON/);
    assert.equal(report.source.kind, 'live');
    const env = JSON.parse(readFileSync(file, 'utf8')) as { key: string };
    assert.equal(env.key, 'yahoo/IREN');
  });
});

describe('CLI: hashpivot report, hourly BTC bars live through the endpoint override', function () {
  this.timeout(30_000);
  let server: FaultServer | undefined;
  after(async function () {
    await server?.close();
  });

  it('Coinbase Exchange 1h candles (real CSV rows in its candle format) price BTC at the US close, named as live; the same ρ as the snapshot', async function () {
    // Binance answers 404 (as for a US address that is refused, only quicker): the chain goes on to
    // Coinbase Exchange, whose hourly candles are served from fixtures/network/btc-usdt-1h.csv (real
    // Binance BTC/USDT rows in Coinbase's recorded [time, low, high, open, close, volume] format).
    // Its daily candles, and every other request, get a 404: daily BTC comes from the snapshot.
    const t = tempHome();
    const irenBody = yahooChartBody('IREN', prices('IREN'));
    server = await startFaultServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/products/BTC-USD/candles' && u.searchParams.get('granularity') === '3600') {
        const a = Date.parse(u.searchParams.get('start')!);
        const b = Date.parse(u.searchParams.get('end')!);
        return sendJson(res, 200, coinbaseCandles(hourlyRows(a, b + 1)));
      }
      if (isChart(req, 'IREN')) return sendJson(res, 200, irenBody);
      sendJson(res, 404, YAHOO_404);
    });
    const r = await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--json', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)]);
    noEscape(r);
    const live = parseReports(r)[0]!;
    assert.equal(live.btcSampling, 'us-close');
    assert.equal(live.btcSamplingCoverage!.hourly!.source, 'live ccxt:coinbase BTC/USD');
    // Fetched from a year (and ten days) before --as-of at the latest (earlier when today is less than two years later).
    const first = live.btcSamplingCoverage!.hourly!.from;
    assert.ok(first >= '2024-06-01T00:00Z' && first <= '2024-11-22T00:00Z', first);
    assert.ok(server.requests.some((q) => q.url.startsWith('/products/BTC-USD/candles?granularity=3600')));
    assert.ok(existsSync(path.join(cacheDirVia(t, server.url), 'hourly', cacheFileName('ccxt:coinbase/BTC/USD@1h'))), 'hourly bars cached');
    const snap = parseReports(await runCli(t, ['report', 'IREN', '--as-of', AS_OF, '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]))[0]!;
    assert.ok(
      Math.abs(live.correlation.BTC['90d']! - snap.correlation.BTC['90d']!) < 1e-6,
      `live ρ ${live.correlation.BTC['90d']}, snapshot ${snap.correlation.BTC['90d']}`,
    );
    assert.ok(Math.abs(live.beta.BTC['90d']! - snap.beta.BTC['90d']!) < 1e-6);
  });
});
