/**
 * `hashpivot pivot | scenario | var` (src/cli/commands/), called directly with a fake Io and a
 * snapshot-mode store (createCliStore, the embedded snapshot; no network, no cache writes):
 * tables and JSON, numbers against the CSV fixtures, reproducibility with a seed, and bad input —
 * a clear message, exit status 2, nothing on stdout.
 *
 * The commands are loaded from a bundle made here with esbuild: src/cli/context.ts reaches
 * src/data/lazyProviders.ts, whose `require('./providers.js')` only the dist builds mark external,
 * so the test build (esbuild.mjs --tests) cannot bundle it. Here it stays external (and is never
 * called: snapshot mode makes no live request).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type * as Analytics from '../../src/cli/commands';
import type { AnalyticsCommandOptions } from '../../src/cli/commands';
import type * as Context from '../../src/cli/context';
import type * as IoModule from '../../src/cli/io';
import type { Io } from '../../src/cli/io';
import type { PivotAnalysis } from '../../src/core/pivot';
import type { PortfolioVarResult, ScenarioResult } from '../../src/core/scenario';
import type { MarketStore } from '../../src/data/store';
import { readPriceCsv, rowOnOrBefore } from '../support/prices';

type Loaded = typeof Analytics & Pick<typeof Context, 'createCliStore'> & Pick<typeof IoModule, 'CliError'>;

/** src/cli/commands (with createCliStore and CliError from the same bundle), built for this test. */
function loadCommands(): Loaded {
  // Beside this test in out/test/unit, so that the bundle's external packages resolve from node_modules.
  const outfile = path.join(__dirname, 'analytics-cli.bundle.js');
  buildSync({
    stdin: {
      contents: "export * from './src/cli/commands'; export { createCliStore } from './src/cli/context'; export { CliError } from './src/cli/io';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['vscode', './providers.js', './mcp.js'],
    outfile,
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as Loaded;
}
const mod = loadCommands();
const { pivotCommand, portfolioCommand, scenarioCommand, varCommand, createCliStore, CliError } = mod;

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) };
  return { io, out, err, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

const SHIPPED = path.join(process.cwd(), 'media/catalog/catalog.json');
const cacheDir = path.join(mkdtempSync(path.join(tmpdir(), 'hp-analytics-')), 'cache');
let store: MarketStore | undefined;
function opts(): AnalyticsCommandOptions {
  store ??= createCliStore({ mode: 'snapshot', endpoints: {}, io: fakeIo().io, cacheDir });
  return { store, shippedCatalog: SHIPPED };
}

async function run(cmd: typeof pivotCommand, argv: string[]) {
  const t = fakeIo();
  const code = await cmd(argv, t.io, opts());
  return { code, ...t };
}

async function json<T>(cmd: typeof pivotCommand, argv: string[]): Promise<T> {
  const r = await run(cmd, [...argv, '--json']);
  assert.equal(r.code, 0, r.stderr());
  return JSON.parse(r.stdout()) as T;
}

/** Bad input: a CliError with exit status 2 whose message matches, and nothing printed. */
async function rejects(cmd: typeof pivotCommand, argv: string[], message: RegExp): Promise<void> {
  const t = fakeIo();
  await assert.rejects(cmd(argv, t.io, opts()), (e: unknown) => {
    assert.ok(e instanceof CliError, `not a CliError: ${String(e)}`);
    assert.equal(e.code, 2, `exit code for ${argv.join(' ')}: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });
  assert.equal(t.stdout(), '', `stdout for ${argv.join(' ')}`);
}

function csvReturn(name: string, from: string, to: string): number {
  const c = readPriceCsv(name);
  return c.close[rowOnOrBefore(c, to)]! / c.close[rowOnOrBefore(c, from)]! - 1;
}

describe('CLI: hashpivot pivot', function () {
  this.timeout(20_000);

  it('one symbol: before/after table, changes with z, rolling summary', async () => {
    const r = await run(pivotCommand, ['IREN']);
    assert.equal(r.code, 0);
    const s = r.stdout();
    assert.match(s, /^IREN, as of 2026-05-29: two-factor OLS/);
    assert.match(s, /^First AI\/HPC deal: .*iren-microsoft-2025, cloud-services, announced 2025-11-03\)\.$/m);
    assert.match(s, /Before deal\s+2024-11-04\s+2025-10-31\s+\d+\s+-?\d\.\d\d \(\d\.\d\d\)/);
    assert.match(s, /After deal\s+2025-11-04\s+2026-05-29/, 'the announcement session (Monday 3 Nov) is left out');
    assert.match(
      s,
      /Change: β BTC (rose|fell) by \d\.\d\d \(z = -?\d\.\d\d, p = (0\.\d{3}|< 0\.001), HAC errors; one event chosen after the fact, not a clean test\)\./,
    );
    assert.match(s, /^2 tests: at 5% about 0\.1 false positives expected by chance alone; Holm-adjusted p: BTC [\d.]+, NDX [\d.]+\.$/m);
    assert.match(s, /The announcement session \(2025-11-03\) is in neither window/);
    assert.match(s, /Standard errors: Newey–West \(HAC, Bartlett kernel, L = floor\(4\(n\/100\)\^\(2\/9\)\) lags: before 4, after 4, 1y 4\)/);
    assert.doesNotMatch(s, /significant at/i);
    assert.match(s, /Rolling 90-session betas: \d+ windows ending .* to 2026-05-29/);
    assert.match(s, /Data: snapshot/);
    assert.ok(!existsSync(cacheDir), 'snapshot mode wrote no cache');
  });

  it('--json: the analysis with chart-ready rolling series; --window and --as-of', async () => {
    const [a] = await json<PivotAnalysis[]>(pivotCommand, ['iren', '--window', '60', '--as-of', '2026-03-31']);
    assert.equal(a!.symbol, 'IREN');
    assert.equal(a!.asOf, '2026-03-31');
    assert.equal(a!.event?.date, '2025-11-03');
    assert.deepEqual(a!.factors, ['BTC', 'NDX']);
    assert.equal(a!.rolling.window, 60);
    assert.equal(a!.rolling.dates.at(-1), '2026-03-31');
    assert.equal(a!.rolling.beta.BTC!.length, a!.rolling.dates.length);
    assert.equal(a!.changes.length, 2);
    assert.equal(typeof a!.before?.se.NDX, 'number');
    assert.equal(typeof a!.before?.hacSe.NDX, 'number');
    assert.equal(a!.tests, 2);
    assert.equal(a!.announcementSession, '2025-11-03');
    for (const ch of a!.changes) {
      assert.ok(ch.p > 0 && ch.p <= 1 && ch.pHolm >= ch.p, JSON.stringify(ch));
      assert.ok(Math.abs(ch.se - Math.hypot(a!.before!.hacSe[ch.factor]!, a!.after!.hacSe[ch.factor]!)) < 1e-12);
    }
  });

  it('no symbol: a summary of every miner, each as of its own latest common date', async () => {
    const r = await run(pivotCommand, []);
    assert.equal(r.code, 0);
    const rows = r.out.filter((l) => /^[A-Z]{3,4}\s+\d{4}-\d{2}-\d{2}/.test(l));
    assert.equal(rows.length, 12);
    assert.match(
      r.out.find((l) => l.startsWith('BITF'))!,
      /^BITF\s+2025-12-11\s+–/,
    );
    assert.match(
      r.out.find((l) => l.startsWith('CORZ'))!,
      /^CORZ\s+2026-05-29\s+2024-06-03\s+\d\.\d\d\s+\d\.\d\d\s+[+-]\d\.\d\d \((0\.\d{3}|< 0\.001); (0\.\d{3}|1\.000|< 0\.001)\)/,
    );
    // Every miner with a deal gives two tests; Holm over all of them.
    const list = await json<PivotAnalysis[]>(pivotCommand, []);
    const tests = list.flatMap((a) => a.changes).filter((c) => c.p !== null).length;
    assert.ok(tests >= 14, `${tests} tests`);
    for (const a of list) assert.equal(a.tests, tests);
    assert.match(
      r.stdout(),
      new RegExp(`${tests} tests: at 5% about ${(tests * 0.05).toFixed(1)} false positives expected by chance alone; Holm p adjusts for the ${tests}`),
    );
    assert.match(r.stdout(), /one event chosen after the fact: p describes, it is not a clean test/);
    assert.doesNotMatch(r.stdout(), /significant at/i);
  });

  it('bad input', async () => {
    await rejects(pivotCommand, ['NOPE'], /unknown symbol "NOPE"/);
    await rejects(pivotCommand, ['BTC'], /BTC is a factor/);
    await rejects(pivotCommand, ['IREN', '--window', '2'], /--window must be an integer from 4/);
    await rejects(pivotCommand, ['IREN', '--window', 'abc'], /--window/);
    await rejects(pivotCommand, ['IREN', '--as-of', '2026-02-30'], /--as-of must be a date/);
    await rejects(pivotCommand, ['IREN', '--source', 'web'], /--source must be auto, live or snapshot/);
    await rejects(pivotCommand, ['IREN', '--bogus'], /Unknown option '--bogus'/);
    await rejects(pivotCommand, ['IREN', '--catalog', '/no/such/catalog.json'], /cannot read catalog file/);
  });

  it('a date outside the data is a data error (exit 1), not a crash', async () => {
    const t = fakeIo();
    await assert.rejects(
      pivotCommand(['CORZ', '--as-of', '2023-01-03'], t.io, opts()),
      (e: unknown) => e instanceof CliError && e.code === 1 && /before its data starts/.test(e.message),
    );
  });
});

describe('CLI: hashpivot scenario', function () {
  this.timeout(20_000);

  it('list: every named scenario', async () => {
    const r = await run(scenarioCommand, ['list']);
    assert.equal(r.code, 0);
    for (const id of ['crypto-winter-2022', 'terra-celsius-2022', 'ftx-2022', 'covid-2020', 'deepseek-2025', 'btc-crash', 'ai-slowdown', 'liquidity-crisis'])
      assert.match(r.stdout(), new RegExp(`^${id}\\s`, 'm'));
    const j = await json<Array<{ id: string }>>(scenarioCommand, ['list']);
    assert.equal(j.length, 11);
  });

  it('a named replay over the miners: actual returns from the prices, the equal-weight portfolio', async () => {
    const r = await json<ScenarioResult>(scenarioCommand, ['deepseek-2025']);
    assert.equal(r.kind, 'replay');
    assert.equal(r.symbols.length, 12);
    for (const s of r.symbols) {
      assert.equal(s.status, 'ok', s.symbol);
      const want = csvReturn(s.symbol, '2025-01-24', '2025-01-27');
      assert.ok(Math.abs(s.actual / want - 1) < 1e-6, `${s.symbol} ${s.actual} vs ${want}`);
      const sum = s.contributions.reduce((a: number, c: { contribution: number }) => a + c.contribution, 0);
      assert.ok(Math.abs(sum + s.unexplained - s.actual) < 1e-12);
    }
    assert.ok(Math.abs(r.factorMoves.BTC - csvReturn('BTC-USD', '2025-01-24', '2025-01-27')) < 1e-6);
    assert.equal(r.portfolio!.weights.length, 12);
    const table = await run(scenarioCommand, ['covid-2020']);
    assert.match(table.stdout(), /^Replay: March 2020 \(COVID-19 crash\) \(covid-2020\), 2020-02-19 to 2020-03-23/);
    assert.match(table.stdout(), /^CORZ\s+–\s+–\s+–.*no close on or shortly before 2020-02-19/m);
    assert.match(table.stdout(), /^Portfolio \(equal\).*covers \d+% of the weight/m);
    assert.match(
      table.stdout(),
      /^Portfolio coverage: \d+% of the requested weight \(\d+ of 12 members\) had prices for the whole window and betas from before it; .*survivors’ result/m,
    );
    const covid = await json<ScenarioResult>(scenarioCommand, ['covid-2020']);
    assert.ok(covid.portfolio!.coverage < 1 && covid.portfolio!.members === 12 && covid.portfolio!.covered < 12);
  });

  it('a user window with --weights and --factors; --compound', async () => {
    const r = await json<ScenarioResult>(scenarioCommand, [
      '--from',
      '2024-08-01',
      '--to',
      '2024-08-09',
      '--weights',
      'IREN=0.5,CORZ=0.3,WULF=0.2',
      '--factors',
      'BTC,NDX,AI',
    ]);
    assert.equal(r.id, '2024-08-01..2024-08-09');
    assert.deepEqual(r.factors, ['BTC', 'NDX', 'AI']);
    assert.deepEqual(
      r.symbols.map((s: { symbol: string }) => s.symbol),
      ['IREN', 'CORZ', 'WULF'],
    );
    const want =
      0.5 * csvReturn('IREN', '2024-08-01', '2024-08-09') +
      0.3 * csvReturn('CORZ', '2024-08-01', '2024-08-09') +
      0.2 * csvReturn('WULF', '2024-08-01', '2024-08-09');
    assert.ok(Math.abs(r.portfolio!.actual - want) < 1e-6);
    const c = await json<ScenarioResult>(scenarioCommand, ['crypto-winter-2022', '--compound', '--weights', 'MARA=1,RIOT=1']);
    assert.equal(c.attribution, 'compounded');
  });

  it('shocks: a named one and --shock, predicted = Σ beta × shock, the band', async () => {
    const r = await json<ScenarioResult>(scenarioCommand, [
      '--shock',
      'BTC=-30%,AI=-0.35',
      '--weights',
      'IREN=1,CIFR=1',
      '--as-of',
      '2026-05-29',
      '--horizon',
      '5',
    ]);
    assert.equal(r.kind, 'shock');
    assert.equal(r.asOf, '2026-05-29');
    assert.deepEqual(r.factorMoves, { BTC: -0.3, NDX: 0, AI: -0.35 });
    for (const s of r.symbols) {
      assert.ok(Math.abs(s.explained - Math.expm1(Math.log(0.7) * s.regression!.beta.BTC! + Math.log(0.65) * s.regression!.beta.AI!)) < 1e-12);
      assert.equal(s.band!.days, 5);
      assert.equal(s.asOf, '2026-05-29');
    }
    assert.match(r.model, /log-return factor model/);
    const t = await run(scenarioCommand, ['liquidity-crisis']);
    assert.match(t.stdout(), /^Shock: 2022-style liquidity crisis/);
    assert.match(t.stdout(), /betas over the 365 days to each symbol's own last date \(at most 2026-05-29\)/);
    assert.match(t.stdout(), /^Model: log-return factor model: ln\(1 \+ r\) = α \+ Σ β ln\(1 \+ F\) \+ ε on BTC \+ NDX/m);
    assert.match(t.stdout(), /^BITF\s.*\s2025-12-11\s+betas as of 2025-12-11 \(its data ends there\)$/m, 'BITF keeps its own, older betas');
    assert.match(t.stdout(), /^IREN\s.*\s2026-05-29\s*$/m);
    assert.match(t.stdout(), /^Portfolio \(equal\)/m);
    // The −132% of the linear model on WULF: now above −100%, band included.
    const w = await json<ScenarioResult>(scenarioCommand, ['--shock', 'BTC=-90%,NDX=-50%', '--weights', 'WULF=1']);
    assert.ok(w.symbols[0]!.explained > -1 && w.symbols[0]!.band!.low > -1);
  });

  it('bad input', async () => {
    await rejects(scenarioCommand, [], /needs a NAME, --from\/--to or --shock/);
    await rejects(scenarioCommand, ['nope'], /unknown scenario "nope"/);
    await rejects(scenarioCommand, ['ftx-2022', 'covid-2020'], /at most one NAME/);
    await rejects(scenarioCommand, ['ftx-2022', '--shock', 'BTC=-0.3'], /only one of/);
    await rejects(scenarioCommand, ['--from', '2022-01-01'], /--from and --to go together/);
    await rejects(scenarioCommand, ['--from', '2022-03-01', '--to', '2022-01-01'], /must be before --to/);
    await rejects(scenarioCommand, ['--from', '2022-01-01', '--to', '2022-02-31'], /--to must be a date/);
    await rejects(scenarioCommand, ['--shock', 'BTC=abc'], /shock of BTC: "abc" is not a number/);
    await rejects(scenarioCommand, ['--shock', 'BTC'], /SYMBOL=VALUE/);
    await rejects(scenarioCommand, ['--shock', 'BTC=-2'], /below -100%/);
    await rejects(scenarioCommand, ['--shock', 'BTC=-100%'], /a shock must be above -100%/);
    await rejects(scenarioCommand, ['--shock', 'ZZZZ=-0.1'], /unknown factor "ZZZZ"/);
    await rejects(scenarioCommand, ['--shock', 'BTC=-0.1', '--factors', 'BTC'], /--factors is for replays/);
    await rejects(scenarioCommand, ['ftx-2022', '--factors', 'BTC,NDX,AI,ETH,SOL'], /at most 4 factors/);
    await rejects(scenarioCommand, ['ftx-2022', '--factors', 'BTC,,NDX'], /--factors must be factor names/);
    await rejects(scenarioCommand, ['ftx-2022', '--factors', 'BTC,btc'], /names a factor twice/);
    await rejects(scenarioCommand, ['ftx-2022', '--weights', 'IREN=0.5,FOO=0.5'], /unknown symbol "FOO"/);
    await rejects(scenarioCommand, ['ftx-2022', '--weights', 'IREN=0.5,IREN=0.5'], /IREN is given twice/);
    await rejects(scenarioCommand, ['ftx-2022', '--weights', 'IREN=1,CORZ=-1'], /sum to 0/);
    await rejects(scenarioCommand, ['ftx-2022', '--weights', 'IREN:1'], /not SYMBOL=VALUE/);
    await rejects(scenarioCommand, ['ftx-2022', '--horizon', '5'], /--horizon is for shocks/);
    await rejects(scenarioCommand, ['btc-crash', '--compound'], /--compound is for replays/);
    await rejects(scenarioCommand, ['ftx-2022', '--as-of', '2022-11-15'], /after --as-of/);
    await rejects(scenarioCommand, ['ftx-2022', '--lookback', '5'], /--lookback must be an integer from 30/);
  });
});

describe('CLI: hashpivot var', function () {
  this.timeout(20_000);
  const W = ['--weights', 'IREN=0.5,CORZ=0.3,WULF=0.2'];

  it('a table with the estimates and the convergence; the default portfolio is every miner', async () => {
    const r = await run(varCommand, [...W, '--paths', '5000', '--seed', '7']);
    assert.equal(r.code, 0);
    const s = r.stdout();
    assert.match(s, /^Portfolio: IREN 50\.0%, CORZ 30\.0%, WULF 20\.0%\./);
    assert.match(s, /circular, fixed blocks of 5 sessions; horizon 1 day; 5,000 paths; seed 7/);
    assert.match(s, /^95%\s+-\d+\.\d\d%\s+±\d\.\d\d%\s+-\d+\.\d\d% … -\d+\.\d\d%\s+-\d+\.\d\d%/m);
    assert.match(
      s,
      /95% interval \(data\): the sampling uncertainty — outer circular block bootstrap of the \d+ daily returns \(blocks of 5\): the estimate re-run on 200 resampled histories with 5,000 paths each/,
    );
    assert.match(s, /^\s*1,000\s/m);
    assert.match(s, /^\s*5,000\s/m);
    const d = await run(varCommand, ['--paths', '1000']);
    assert.match(d.stdout(), /^Portfolio: CORZ 8\.3%, CLSK 8\.3%/);
  });

  it('--json is reproducible with a seed; another seed differs; --horizon, --block, --method', async () => {
    const argv = [...W, '--paths', '3000', '--seed', '42', '--horizon', '10', '--block', '3', '--method', 'stationary'];
    const a = await json<PortfolioVarResult>(varCommand, argv);
    const b = await json<PortfolioVarResult>(varCommand, argv);
    assert.deepEqual(a, b);
    assert.equal(a.method, 'stationary');
    assert.equal(a.blockLength, 3);
    assert.equal(a.horizon, 10);
    assert.deepEqual(a.convergence.paths, [1000, 2000, 3000]);
    const c = await json<PortfolioVarResult>(varCommand, [...argv.slice(0, -6), '--seed', '43', ...argv.slice(-6)]);
    assert.notEqual(c.estimates[0].var, a.estimates[0].var);
    for (const e of a.estimates) {
      assert.ok(e.varInterval!.low <= e.var && e.var <= e.varInterval!.high, JSON.stringify(e));
      assert.ok(e.esInterval!.low <= e.es && e.es <= e.esInterval!.high);
      assert.ok(e.varInterval!.high - e.varInterval!.low > 10 * e.varSe, 'the sampling interval dwarfs the Monte Carlo error');
    }
    assert.equal(a.sampling!.resamples, 200);
    assert.equal(a.sampling!.pathsPerResample, 3000, 'min(paths, 5,000)');
    const none = await json<PortfolioVarResult>(varCommand, [...W, '--paths', '1000', '--outer', '0']);
    assert.equal(none.sampling, null);
    assert.equal(none.estimates[0]!.varInterval, null);
  });

  it('bad input', async () => {
    await rejects(varCommand, ['IREN'], /no positional arguments/);
    await rejects(varCommand, ['--paths', '10'], /--paths must be an integer from 100/);
    await rejects(varCommand, ['--paths', '1e5'], /--paths/);
    await rejects(varCommand, ['--seed=-1'], /--seed must be an integer from 0/);
    await rejects(varCommand, ['--seed', '-1'], /argument is ambiguous/);
    await rejects(varCommand, ['--seed', 'x'], /--seed/);
    await rejects(varCommand, ['--block', '0'], /--block/);
    await rejects(varCommand, ['--horizon', '0'], /--horizon/);
    await rejects(varCommand, ['--method', 'iid'], /--method must be circular or stationary/);
    await rejects(varCommand, ['--outer', 'x'], /--outer/);
    await rejects(varCommand, ['--outer', '20000'], /--outer must be an integer from 0/);
    await rejects(varCommand, ['--weights', ''], /SYMBOL=VALUE/);
    await rejects(varCommand, ['--weights', 'NOPE=1'], /unknown symbol "NOPE"/);
    await rejects(varCommand, ['--weights', 'IREN=0'], /must sum to a positive number/);
    await rejects(varCommand, ['--cache-dir', ' '], /--cache-dir must name a folder/);
  });

  it('a member without data at the date is a data error (exit 1)', async () => {
    const t = fakeIo();
    await assert.rejects(
      varCommand(['--weights', 'BITF=1,IREN=1', '--as-of', '2026-05-29'], t.io, opts()),
      (e: unknown) => e instanceof CliError && e.code === 1 && /BITF: its data ends 2025-12-11/.test(e.message),
    );
  });
});

describe('CLI: hashpivot portfolio, var --portfolio, scenario --portfolio', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-portfolio-'));
  const file = path.join(dir, 'portfolio.json');
  writeFileSync(
    file,
    `{
  // hand-kept holdings: a long, BTC, a short, lots, cash
  "positions": [
    { "symbol": "IREN", "quantity": 100, "costBasis": 30 },
    { "symbol": "BTC", "quantity": 0.5, "costBasis": 60000 },
    { "symbol": "WULF", "quantity": -200, "costBasis": 12 },
    { "symbol": "CORZ", "lots": [ { "date": "2025-03-03", "quantity": 50, "price": 9.5 }, { "date": "2025-09-02", "quantity": 50, "price": 14 } ] },
  ],
  "cash": 1000,
}`,
  );
  const asOf = '2026-05-29';
  const closeOn = (name: string) => {
    const c = readPriceCsv(name);
    const i = rowOnOrBefore(c, asOf);
    return { last: c.close[i]!, prev: c.close[i - 1]! };
  };

  it('values, P&L and weights match the price files; JSON numbers are numbers; risk figures add up', async () => {
    const j = await json<{
      asOf: string;
      totals: { value: number; pnl: number; dayPnl: number; cash: number };
      positions: Array<{ symbol: string; value: number; pnl: number; weight: number; short: boolean; componentVarShare: number; esContributionUsd: number }>;
      risk: { varUsd: number; esUsd: number; betaBtc: number; betaNdx: number; sessions: number };
    }>(portfolioCommand, ['--file', file, '--as-of', asOf]);
    assert.equal(j.asOf, asOf);
    const iren = closeOn('IREN');
    const btc = closeOn('BTC-USD');
    const wulf = closeOn('WULF');
    const corz = closeOn('CORZ');
    const values = { IREN: 100 * iren.last, BTC: 0.5 * btc.last, WULF: -200 * wulf.last, CORZ: 100 * corz.last };
    const nav = values.IREN + values.BTC + values.WULF + values.CORZ + 1000;
    const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
    near(j.totals.value, nav, 'NAV');
    for (const p of j.positions) {
      near(p.value, values[p.symbol as keyof typeof values], `${p.symbol} value`);
      near(p.weight, values[p.symbol as keyof typeof values] / nav, `${p.symbol} weight`);
    }
    near(j.positions.find((p) => p.symbol === 'CORZ')!.pnl, 100 * corz.last - (50 * 9.5 + 50 * 14), 'CORZ P&L from its lots');
    near(j.positions.find((p) => p.symbol === 'WULF')!.pnl, -200 * (wulf.last - 12), 'the short’s P&L');
    assert.equal(j.positions.find((p) => p.symbol === 'WULF')!.short, true);
    // The day's change as the price files give it, to the cent (the snapshot keeps closes to the cent; the CSV has float32 digits).
    assert.ok(
      Math.abs(
        j.totals.dayPnl - (100 * (iren.last - iren.prev) + 0.5 * (btc.last - btc.prev) - 200 * (wulf.last - wulf.prev) + 100 * (corz.last - corz.prev)),
      ) < 0.01,
      'day P&L',
    );
    near(
      j.positions.reduce((s, p) => s + p.componentVarShare, 0),
      1,
      'risk shares add up to 1',
    );
    near(
      j.positions.reduce((s, p) => s + p.esContributionUsd, 0),
      j.risk.esUsd,
      'ES contributions add up to the ES',
    );
    assert.ok(j.risk.varUsd < 0 && j.risk.esUsd < j.risk.varUsd);
    assert.ok(j.risk.betaBtc > 0.5 && j.risk.betaBtc < 1.5, `β BTC ${j.risk.betaBtc}`);
    assert.ok(Number.isFinite(j.risk.betaNdx));
    assert.ok(j.risk.sessions > 200);
  });

  it('the table names the short, the totals and the data source', async () => {
    const r = await run(portfolioCommand, ['--file', file, '--as-of', asOf]);
    assert.equal(r.code, 0, r.stderr());
    assert.match(r.stdout(), /^Portfolio .*portfolio\.json, as of 2026-05-29\.$/m);
    assert.match(r.stdout(), /WULF \(short\)/);
    assert.match(r.stdout(), /1-day VaR 95% −\$[\d,]+\.\d\d/);
    assert.match(r.stdout(), /Data: snapshot/);
  });

  it('var --portfolio and scenario --portfolio take weights from market values and give USD', async () => {
    const v = await json<PortfolioVarResult & { holdings: { invested: number; estimates: Array<{ varUsd: number }> } }>(varCommand, [
      '--portfolio',
      file,
      '--as-of',
      asOf,
      '--paths',
      '2000',
      '--outer',
      '0',
    ]);
    const w = Object.fromEntries(v.weights.map((x) => [x.symbol, x.weight]));
    assert.ok(Math.abs(w.WULF! - (-200 * closeOn('WULF').last) / v.holdings.invested) < 1e-6);
    assert.ok(Math.abs(v.holdings.estimates[0]!.varUsd - v.estimates[0]!.var * v.holdings.invested) < 1e-6);
    const s = await run(scenarioCommand, ['btc-crash', '--portfolio', file, '--as-of', asOf]);
    assert.equal(s.code, 0, s.stderr());
    assert.match(s.stdout(), /On the holdings of .* the shock would make −\$[\d,.]+ \(−[\d.]+% of \$[\d,.]+\)/);
  });

  it('a bad holdings file: every problem named by line, entry and field, exit 2, nothing on stdout', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"positions": [{"symbol": "IREN", "quantity": "ten"}, {"symbol": "NOTATICKER", "quantity": 1}]}');
    await rejects(
      portfolioCommand,
      ['--file', bad],
      /bad\.json:1:\d+: error: IREN positions\[0\]\.quantity: the quantity is a non-zero number[\s\S]*NOTATICKER positions\[1\]\.symbol: NOTATICKER is not in the universe/,
    );
    await rejects(portfolioCommand, ['--file', path.join(dir, 'missing.json')], /cannot read holdings file .*missing\.json: ENOENT/);
    await rejects(varCommand, ['--portfolio', file, '--weights', 'IREN=1'], /--weights or --portfolio, not both/);
    const empty = path.join(dir, 'empty.json');
    writeFileSync(empty, '{"positions": []}');
    await rejects(portfolioCommand, ['--file', empty], /no positions/);
  });
});
