/**
 * Pivot and scenario commands of the `hashpivot` CLI:
 *   hashpivot pivot [SYMBOL...] [--window N] [--as-of DATE] [--catalog FILE] [--json]
 *   hashpivot scenario list | NAME | --from DATE --to DATE | --shock F=V,... [--weights S=W,...]
 *   hashpivot var [--weights S=W,...] [--paths N] [--seed S] [--block L] [--horizon D]
 * All take --source auto|live|snapshot, --as-of, --json, --endpoint, --cache-dir. Every argument is
 * checked before any data is loaded: bad input gives a message and exit status 2, nothing else.
 */
import { checkDate } from './io';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatProblem, loadCatalog, type Catalog } from '../catalog';
import {
  AI_FACTOR,
  AnalyticsError,
  BUILTIN_FACTORS,
  DEFAULT_PIVOT_WINDOW,
  factorSpec,
  pivotAnalysis,
  type FactorSpec,
  type PeriodRegression,
  type PivotAnalysis,
  type PriceMap,
  type PriceSeries,
} from '../core/pivot';
import {
  analyticsToJson,
  DEFAULT_BLOCK,
  DEFAULT_PATHS,
  equalWeights,
  findScenario,
  MAX_PATHS,
  normaliseWeights,
  parseShocks,
  parseWeights,
  portfolioVar,
  runReplay,
  runShock,
  SCENARIOS,
  type BootstrapMethod,
  type PortfolioVarResult,
  type ReplayDefinition,
  type ScenarioResult,
  type Weight,
} from '../core/scenario';
import type { IsoDate } from '../core/types';
import { MINERS, normaliseSymbol } from '../core/universe';
import { NoDataError, UnknownSymbolError, type MarketStore, type SourceMode } from '../data/store';
import { shippedCatalogFile } from './catalog';
import { collectEndpoints, createCliStore } from './context';
import { CliError, type Io } from './io';
import { formatTable, num, pct } from './table';

const COMMON_OPTIONS = `  --as-of YYYY-MM-DD       closes on or before this date (default: the latest date the data has in common)
  --source auto|live|snapshot
                           auto (default): live, then the cache, then the embedded snapshot;
                           live: the network only; snapshot: the embedded snapshot only
  --json                   JSON instead of a table (fractions, not percent; NaN as null)
  --endpoint HOST=URL      send HOST's requests to URL (repeatable; also HASHPIVOT_ENDPOINTS)
  --cache-dir DIR          the disk cache (default: ~/.cache/hashpivot)
  -h, --help               this text`;

export const PIVOT_USAGE = `Usage: hashpivot pivot [SYMBOL...] [options]

Is a miner still a leveraged bet on BTC, or has its AI/HPC pivot made it a tech stock? A
two-factor OLS of its daily returns on BTC and NASDAQ-100 returns (prices aligned on its sessions,
BTC as of each close): betas with standard errors, R², residual volatility; before its first AI/HPC
deal (lease, colocation, cloud, JV or LOI, from the catalog; the 365 days before the announcement)
against after it (to the as-of date) with the change and a z-score; the last 365 days; and the
rolling betas (in --json). One symbol: the detail; several (default: every miner): a summary.
Each symbol's default as-of date is the latest date it, BTC and the NASDAQ-100 have in common.

Options:
  --window N               rolling window in sessions (default ${DEFAULT_PIVOT_WINDOW})
  --catalog FILE           a catalog override file merged over the shipped one (for the deal dates)
${COMMON_OPTIONS}`;

export const SCENARIO_USAGE = `Usage: hashpivot scenario list
       hashpivot scenario NAME [options]
       hashpivot scenario --from YYYY-MM-DD --to YYYY-MM-DD [options]
       hashpivot scenario --shock FACTOR=MOVE[,FACTOR=MOVE...] [options]

Historical replays (what each symbol did over a window, split into beta × factor return per
factor and an unexplained part; betas from the 365 days before the window) and hypothetical shocks
(predicted return = Σ beta × shock with current betas, and a 90% band for the idiosyncratic move).
Factors: BTC, NDX (NASDAQ-100), AI (equal-weight NVDA/AMZN/GOOGL/MSFT/CRWV) or any known symbol.
Without --weights: every miner, and their equal-weight portfolio.

Options:
  --weights SYM=W,...      a portfolio, e.g. IREN=0.5,CORZ=0.3,WULF=0.2 (normalised to sum to 1)
  --shock F=M,...          factor moves as fractions or percent, e.g. BTC=-0.3,NDX=-20%,AI=-0.35
  --from, --to DATE        a replay of your own window (closes on or before each date)
  --factors F,...          replay factors (default BTC,NDX; at most 4)
  --compound               replay contributions compounded daily (Π(1 + β r) - 1) instead of β × window return
  --lookback DAYS          days of history for the betas (default 365)
  --horizon D              sessions the shock band spans (default 1)
${COMMON_OPTIONS}`;

export const VAR_USAGE = `Usage: hashpivot var [options]

Block-bootstrap VaR and expected shortfall (95%, 99%) of a weighted portfolio's daily returns
(common sessions, daily rebalanced) over the last 365 days, with the convergence of the estimates
as the number of paths grows (± the std across 10 independent runs). Seeded: the same seed gives
the same numbers. VaR and ES are returns: a loss is negative.

Options:
  --weights SYM=W,...      the portfolio (default: every miner, equal weights)
  --paths N                bootstrap paths (default ${DEFAULT_PATHS.toLocaleString('en-US')}, at most ${MAX_PATHS.toLocaleString('en-US')})
  --seed S                 integer seed 0..4294967295 (default 1)
  --block L                block length in sessions (default ${DEFAULT_BLOCK})
  --method circular|stationary
                           fixed circular blocks (default) or geometric block lengths of mean L
  --horizon D              days per path, compounded (default 1)
  --lookback DAYS          days of history resampled (default 365)
${COMMON_OPTIONS}`;

export interface AnalyticsCommandOptions {
  /** Use this store instead of creating one from --source (tests). */
  store?: MarketStore;
  /** Use this catalog instead of the shipped one (+ --catalog). */
  catalog?: Catalog;
  /** The shipped catalog file (default: {@link shippedCatalogFile}). */
  shippedCatalog?: string;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string; default?: string | boolean }>;

const COMMON_SPEC: OptionSpec = {
  'as-of': { type: 'string' },
  source: { type: 'string', default: 'auto' },
  json: { type: 'boolean', default: false },
  endpoint: { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function parse(argv: string[], usage: string, spec: OptionSpec) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...COMMON_SPEC, ...spec } });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}


function intOption(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().replace(/_/g, '');
  if (!/^\d+$/.test(t) || !(Number(t) >= min && Number(t) <= max)) throw new CliError(`${name} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${v}"`);
  return Number(t);
}

interface Common {
  mode: SourceMode;
  asOf: IsoDate | undefined;
  json: boolean;
  endpoints: Record<string, string>;
  cacheDir: string | undefined;
}

function commonOptions(values: Values): Common {
  const mode = str(values, 'source') ?? 'auto';
  if (mode !== 'auto' && mode !== 'live' && mode !== 'snapshot') throw new CliError(`--source must be auto, live or snapshot, got "${mode}"`);
  const cacheDir = str(values, 'cache-dir');
  // An empty --cache-dir would put the cache in the current folder.
  if (cacheDir !== undefined && cacheDir.trim() === '') throw new CliError('--cache-dir must name a folder, got ""');
  return {
    mode,
    asOf: checkDate('--as-of', str(values, 'as-of')),
    json: values.json === true,
    endpoints: collectEndpoints((values.endpoint as string[] | undefined) ?? []),
    cacheDir,
  };
}

function storeFor(c: Common, io: Io, opts: AnalyticsCommandOptions): MarketStore {
  return opts.store ?? createCliStore({ mode: c.mode, cacheDir: c.cacheDir, endpoints: c.endpoints, io });
}

function checkKnown(store: MarketStore, symbols: readonly string[], what = 'symbol'): void {
  for (const s of symbols) if (!store.isKnown(s)) throw new CliError(`unknown ${what} "${s}" (known: ${store.symbols().join(', ')})`);
}

/** Loads the series of `symbols` (data errors: exit 1). */
async function loadPrices(store: MarketStore, symbols: readonly string[], asOf: IsoDate | undefined): Promise<Record<string, PriceSeries & { origin?: { kind: string; asOf: string } }>> {
  const out: Record<string, PriceSeries & { origin?: { kind: string; asOf: string } }> = {};
  const unique = [...new Set(symbols)];
  const series = await Promise.all(
    unique.map(async (sym) => {
      try {
        return await store.history(sym, { needDate: asOf });
      } catch (e) {
        if (e instanceof UnknownSymbolError || e instanceof NoDataError) throw new CliError(e.message, 1);
        throw e;
      }
    }),
  );
  unique.forEach((sym, i) => (out[sym] = series[i]!));
  return out;
}

/** The latest date every one of `symbols` has (the minimum of their last dates). */
function commonAsOf(prices: PriceMap, symbols: readonly string[]): IsoDate {
  return symbols.map((s) => prices[s]!.dates.at(-1)!).sort()[0]!;
}

function analyticsError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** Input errors found by the core parsers: exit 2. */
function inputError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError) throw new CliError(e.message, 2);
    throw e;
  }
}

function sourceLine(prices: Record<string, { origin?: { kind: string; asOf: string } }>): string {
  const kinds = new Set<string>();
  for (const s of Object.values(prices)) if (s.origin) kinds.add(s.origin.kind === 'live' ? 'live' : `${s.origin.kind} ${s.origin.asOf.slice(0, 10)}`);
  return `Data: ${[...kinds].sort().join(', ') || 'unknown'}.`;
}

// ---------------------------------------------------------------------------------------------
// pivot

function loadCatalogForCli(overrideFile: string | undefined, io: Io, opts: AnalyticsCommandOptions): Catalog {
  if (opts.catalog) return opts.catalog;
  const shippedFile = opts.shippedCatalog ?? shippedCatalogFile();
  const read = (file: string, what: string) => {
    try {
      return { text: readFileSync(file, 'utf8'), file };
    } catch (e) {
      throw new CliError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const shipped = read(shippedFile, 'the shipped catalog');
  const override = overrideFile !== undefined ? read(overrideFile, 'catalog file') : undefined;
  const loaded = loadCatalog(shipped, override);
  const texts = new Map([shipped, ...(override ? [override] : [])].map((f) => [f.file, f.text]));
  for (const p of loaded.problems) io.err(`hashpivot: ${formatProblem(p, texts.get(p.file))}`);
  return loaded.catalog;
}

export async function pivotCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parse(argv, PIVOT_USAGE, { window: { type: 'string' }, catalog: { type: 'string' } });
  if (values.help) {
    io.out(PIVOT_USAGE);
    return 0;
  }
  const c = commonOptions(values);
  const window = intOption('--window', str(values, 'window'), 4, 2000) ?? DEFAULT_PIVOT_WINDOW;
  const catalogFile = str(values, 'catalog');
  if (catalogFile !== undefined && !opts.catalog && !existsSync(catalogFile)) throw new CliError(`cannot read catalog file ${catalogFile}: ENOENT`);
  const symbols = positionals.length ? [...new Set(positionals.map(normaliseSymbol))] : MINERS.map((m) => m.symbol);
  for (const s of symbols) if (s === 'BTC' || s === 'NDX') throw new CliError(`${s} is a factor of the pivot regression, not a subject`);

  const store = storeFor(c, io, opts);
  checkKnown(store, symbols);
  const catalog = loadCatalogForCli(catalogFile, io, opts);
  const prices = await loadPrices(store, [...symbols, 'BTC', 'NDX'], c.asOf);
  const analyses = symbols.map((symbol) =>
    analyticsError(() =>
      pivotAnalysis({
        symbol,
        subject: prices[symbol]!,
        prices,
        asOf: c.asOf ?? commonAsOf(prices, [symbol, 'BTC', 'NDX']),
        deals: catalog.dealsOf(symbol),
        window,
      }),
    ),
  );
  if (c.json) io.out(analyticsToJson(analyses));
  else io.out((analyses.length === 1 ? renderPivotDetail(analyses[0]!) : renderPivotSummary(analyses)) + `\n${sourceLine(prices)}`);
  return 0;
}

const beta2 = (r: PeriodRegression | null, f: string) => (r ? num(r.beta[f] ?? NaN, 2) : '–');
const withSe = (r: PeriodRegression, f: string) => `${num(r.beta[f] ?? NaN, 2)} (${num(r.se[f] ?? NaN, 2)})`;

export function renderPivotDetail(a: PivotAnalysis): string {
  const lines = [`${a.symbol}, as of ${a.asOf}: two-factor OLS of daily returns on BTC and NASDAQ-100 returns`, a.event ? `${a.eventNote}.` : `No before/after view: ${a.eventNote}.`, ''];
  const header = ['Window', 'From', 'To', 'Rows', 'β BTC (se)', 'β NDX (se)', 't BTC', 't NDX', 'α/yr', 'R²', 'Adj R²', 'Resid vol', 'Note'];
  const row = (name: string, r: PeriodRegression) => [
    name,
    r.from ?? '–',
    r.to ?? '–',
    String(r.n),
    withSe(r, 'BTC'),
    withSe(r, 'NDX'),
    num(r.t.BTC ?? NaN, 1),
    num(r.t.NDX ?? NaN, 1),
    pct(r.alpha * 252),
    num(r.r2, 2),
    num(r.adjR2, 2),
    pct(r.residualVol),
    r.note ?? '',
  ];
  const rows = [];
  if (a.before) rows.push(row('Before deal', a.before));
  if (a.after) rows.push(row('After deal', a.after));
  rows.push(row('Last 365 days', a.current));
  lines.push(formatTable(header, rows, [0, 1, 2, 12]));
  if (a.changes.length) {
    lines.push('');
    for (const ch of a.changes) lines.push(`Change: ${ch.note}.`);
  }
  const n = a.rolling.dates.length;
  lines.push('');
  if (n > 0) {
    lines.push(
      `Rolling ${a.rolling.window}-session betas: ${n} windows ending ${a.rolling.dates[0]} to ${a.rolling.dates[n - 1]}; last: β BTC ${num(a.rolling.beta.BTC!.at(-1)!, 2)}, β NDX ${num(a.rolling.beta.NDX!.at(-1)!, 2)}, R² ${num(a.rolling.r2.at(-1)!, 2)} (the series: --json).`,
    );
  } else lines.push(`Rolling ${a.rolling.window}-session betas: not enough sessions.`);
  lines.push('Standard errors: classic OLS; z of a change = Δβ / √(se₁² + se₂²), a rough guide (no autocorrelation or heteroskedasticity correction). α/yr = intercept × 252; residual vol annualized.');
  return lines.join('\n');
}

export function renderPivotSummary(list: readonly PivotAnalysis[]): string {
  const header = ['Symbol', 'As of', 'First deal', 'β BTC before', 'after', 'Δ (z)', 'β NDX before', 'after', 'Δ (z)', 'β BTC 1y', 'β NDX 1y', 'R² 1y'];
  const dz = (a: PivotAnalysis, f: string) => {
    const ch = a.changes.find((c) => c.factor === f);
    return ch && Number.isFinite(ch.diff) ? `${ch.diff >= 0 ? '+' : ''}${num(ch.diff, 2)} (${num(ch.z, 1)})` : '–';
  };
  const rows = list.map((a) => [
    a.symbol,
    a.asOf,
    a.event?.date ?? '–',
    beta2(a.before, 'BTC'),
    beta2(a.after, 'BTC'),
    dz(a, 'BTC'),
    beta2(a.before, 'NDX'),
    beta2(a.after, 'NDX'),
    dz(a, 'NDX'),
    num(a.current.beta.BTC ?? NaN, 2),
    num(a.current.beta.NDX ?? NaN, 2),
    num(a.current.r2, 2),
  ]);
  return (
    formatTable(header, rows, [0, 1, 2]) +
    '\nTwo-factor OLS of daily returns on BTC and NASDAQ-100 returns (aligned on each stock’s sessions). Before: the 365 days before the first AI/HPC deal' +
    ' in the catalog; after: from it to the as-of date; 1y: the 365 days to the as-of date. z = Δβ / √(se₁² + se₂²); |z| ≥ 1.96 ≈ significant at 5%. "–": no deal or too few rows.'
  );
}

// ---------------------------------------------------------------------------------------------
// scenario

function weightsOption(v: string | undefined): Weight[] | undefined {
  return v === undefined ? undefined : inputError(() => parseWeights(v));
}

function defaultWeights(): Weight[] {
  return equalWeights(MINERS.map((m) => m.symbol));
}

function describeFactor(f: FactorSpec): string {
  return f.id === 'AI' ? `AI (${AI_FACTOR.members.join('/')})` : f.id;
}

export function renderScenarioList(): string {
  const rows = SCENARIOS.map((s) => [
    s.id,
    s.kind,
    s.kind === 'replay' ? `${s.start} → ${s.end}` : Object.entries(s.shocks).map(([k, v]) => `${k} ${pct(v, 0)}`).join(', '),
    s.name,
  ]);
  return (
    formatTable(['Name', 'Kind', 'Window / shocks', 'Scenario'], rows, [0, 1, 2, 3]) +
    `\nAlso: --from DATE --to DATE (your own window), --shock F=M,... (factors ${BUILTIN_FACTORS.map(describeFactor).join(', ')}, or any known symbol).`
  );
}

export async function scenarioCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parse(argv, SCENARIO_USAGE, {
    weights: { type: 'string' },
    shock: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    factors: { type: 'string' },
    compound: { type: 'boolean', default: false },
    lookback: { type: 'string' },
    horizon: { type: 'string' },
  });
  if (values.help) {
    io.out(SCENARIO_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`scenario takes at most one NAME, got ${positionals.join(' ')}\n\n${SCENARIO_USAGE}`);
  const name = positionals[0];
  const c = commonOptions(values);
  if (name === 'list') {
    if (c.json) io.out(analyticsToJson(SCENARIOS));
    else io.out(renderScenarioList());
    return 0;
  }
  const shockText = str(values, 'shock');
  const from = checkDate('--from', str(values, 'from'));
  const to = checkDate('--to', str(values, 'to'));
  const sources = [name !== undefined, shockText !== undefined, from !== undefined || to !== undefined].filter(Boolean).length;
  if (sources === 0) throw new CliError(`scenario needs a NAME, --from/--to or --shock (see "hashpivot scenario list")\n\n${SCENARIO_USAGE}`);
  if (sources > 1) throw new CliError('give only one of a scenario NAME, --from/--to, or --shock');
  if ((from === undefined) !== (to === undefined)) throw new CliError('--from and --to go together');
  if (from && to && !(from < to)) throw new CliError(`--from ${from} must be before --to ${to}`);

  const def = name !== undefined ? findScenario(name) : undefined;
  if (name !== undefined && !def) throw new CliError(`unknown scenario "${name}" (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
  const shocks = shockText !== undefined ? inputError(() => parseShocks(shockText)) : def?.kind === 'shock' ? { ...def.shocks } : undefined;
  const replay: ReplayDefinition | { start: IsoDate; end: IsoDate } | undefined = def?.kind === 'replay' ? def : from && to ? { start: from, end: to } : undefined;

  const factorsText = str(values, 'factors');
  if (factorsText !== undefined && shocks) throw new CliError('--factors is for replays; a shock uses BTC, NDX and the factors it moves');
  const factorIds = factorsText !== undefined ? factorsText.split(',').map((f) => f.trim()) : ['BTC', 'NDX'];
  if (factorIds.some((f) => f === '')) throw new CliError(`--factors must be factor names separated by commas, e.g. BTC,NDX,AI; got "${factorsText}"`);
  if (values.compound && shocks) throw new CliError('--compound is for replays');
  const lookback = intOption('--lookback', str(values, 'lookback'), 30, 3650);
  const horizon = intOption('--horizon', str(values, 'horizon'), 1, 260);
  if (horizon !== undefined && replay) throw new CliError('--horizon is for shocks (the band); a replay has its own window');
  const weightsGiven = weightsOption(str(values, 'weights'));
  const weights = weightsGiven ?? defaultWeights();
  if (weightsGiven) inputError(() => normaliseWeights(weightsGiven));
  const factorSpecs = inputError(() => factorIds.map((f) => factorSpec(normaliseSymbol(f))));
  if (new Set(factorSpecs.map((f) => f.id)).size !== factorSpecs.length) throw new CliError(`--factors names a factor twice: "${factorsText}"`);
  if (factorSpecs.length > 4) throw new CliError(`at most 4 factors, got ${factorSpecs.length}`);
  if (replay && c.asOf && replay.end > c.asOf) throw new CliError(`the window ends ${replay.end}, after --as-of ${c.asOf}`);

  const store = storeFor(c, io, opts);
  checkKnown(store, weights.map((w) => w.symbol));
  const neededFactors: FactorSpec[] = shocks ? Object.keys(shocks).map((k) => factorSpec(k)) : factorSpecs;
  for (const f of neededFactors) if (f.id !== 'AI' && !store.isKnown(f.members[0]!)) throw new CliError(`unknown factor "${f.id}" (factors: BTC, NDX, AI, or a known symbol)`);
  const needed = [...weights.map((w) => w.symbol), 'BTC', 'NDX', ...neededFactors.flatMap((f) => f.members)];
  const prices = await loadPrices(store, needed, c.asOf);

  let result: ScenarioResult;
  if (shocks) {
    const asOf = c.asOf ?? commonAsOf(prices, [...weights.map((w) => w.symbol), 'BTC', 'NDX']);
    result = analyticsError(() =>
      runShock({
        shocks,
        id: def?.id,
        name: def?.name,
        description: def?.description,
        symbols: weights.map((w) => w.symbol),
        prices,
        asOf,
        weights,
        lookbackDays: lookback,
        bandDays: horizon,
      }),
    );
  } else {
    result = analyticsError(() =>
      runReplay({
        scenario: replay!,
        symbols: weights.map((w) => w.symbol),
        prices,
        factors: factorSpecs,
        weights,
        lookbackDays: lookback,
        attribution: values.compound ? 'compounded' : 'linear',
      }),
    );
  }
  if (c.json) io.out(analyticsToJson(result));
  else io.out(renderScenario(result, weightsGiven === undefined) + `\n${sourceLine(prices)}`);
  return 0;
}

const signedPct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${pct(v)}` : '–');

export function renderScenario(r: ScenarioResult, equalWeightUniverse = false): string {
  const lines: string[] = [];
  if (r.kind === 'replay') {
    lines.push(`Replay: ${r.name} (${r.id}), ${r.start} to ${r.end}: ${r.description}.`);
    lines.push(`Factor returns over the window: ${r.factors.map((f) => `${f} ${signedPct(r.factorMoves[f] ?? NaN)}`).join(', ')}.`);
  } else {
    lines.push(`Shock: ${r.name} (${r.id}): ${r.description}.`);
    lines.push(`Moves: ${r.factors.map((f) => `${f} ${signedPct(r.factorMoves[f] ?? 0)}`).join(', ')}; betas over the ${r.lookbackDays} days to ${r.asOf}.`);
  }
  lines.push('');
  const f = r.factors;
  const header =
    r.kind === 'replay'
      ? ['Symbol', 'From', 'To', 'Actual', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Unexplained', 'Note']
      : ['Symbol', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Predicted', '90% band', 'R²', 'Note'];
  const contrib = (row: { contributions: Array<{ factor: string; contribution: number }> }, x: string) => signedPct(row.contributions.find((c) => c.factor === x)?.contribution ?? NaN);
  const betaOf = (row: { contributions: Array<{ factor: string; beta: number }> }, x: string) => num(row.contributions.find((c) => c.factor === x)?.beta ?? NaN, 2);
  const rows = r.symbols.map((s) =>
    r.kind === 'replay'
      ? [s.symbol, s.start ?? '–', s.end ?? '–', signedPct(s.actual), ...f.map((x) => betaOf(s, x)), ...f.map((x) => contrib(s, x)), signedPct(s.unexplained), s.note ?? '']
      : [s.symbol, ...f.map((x) => betaOf(s, x)), ...f.map((x) => contrib(s, x)), signedPct(s.explained), s.band ? `${pct(s.band.low)} … ${pct(s.band.high)}` : '–', num(s.regression?.r2 ?? NaN, 2), s.note ?? ''],
  );
  const p = r.portfolio;
  if (p) {
    const label = equalWeightUniverse ? 'Portfolio (equal)' : 'Portfolio';
    rows.push(
      r.kind === 'replay'
        ? [label, '', '', signedPct(p.actual), ...f.map(() => ''), ...f.map((x) => contrib(p, x)), signedPct(p.unexplained), p.excluded.length ? `covers ${pct(p.coverage, 0)} of the weight` : '']
        : [label, ...f.map(() => ''), ...f.map((x) => contrib(p, x)), signedPct(p.explained), p.band ? `${pct(p.band.low)} … ${pct(p.band.high)}` : '–', num(p.regression?.r2 ?? NaN, 2), p.excluded.length ? `covers ${pct(p.coverage, 0)} of the weight` : ''],
    );
  }
  const noteCol = header.length - 1;
  lines.push(formatTable(header, rows, r.kind === 'replay' ? [0, 1, 2, noteCol] : [0, noteCol - 1, noteCol]));
  if (p) {
    lines.push('');
    lines.push(`Portfolio weights: ${p.requested.map((w) => `${w.symbol} ${pct(w.weight, 1)}`).join(', ')}.`);
    if (p.excluded.length) lines.push(`Left out (weights renormalised over the rest): ${p.excluded.map((e) => `${e.symbol} (${e.reason})`).join('; ')}.`);
  }
  lines.push('');
  for (const n of r.notes) lines.push(`Note: ${n}.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// var

export async function varCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parse(argv, VAR_USAGE, {
    weights: { type: 'string' },
    paths: { type: 'string' },
    seed: { type: 'string' },
    block: { type: 'string' },
    method: { type: 'string' },
    horizon: { type: 'string' },
    lookback: { type: 'string' },
  });
  if (values.help) {
    io.out(VAR_USAGE);
    return 0;
  }
  if (positionals.length) throw new CliError(`var takes no positional arguments, got ${positionals.join(' ')} (a portfolio is --weights SYM=W,...)\n\n${VAR_USAGE}`);
  const c = commonOptions(values);
  const paths = intOption('--paths', str(values, 'paths'), 100, MAX_PATHS) ?? DEFAULT_PATHS;
  const seed = intOption('--seed', str(values, 'seed'), 0, 0xffffffff) ?? 1;
  const block = intOption('--block', str(values, 'block'), 1, 260) ?? DEFAULT_BLOCK;
  const horizon = intOption('--horizon', str(values, 'horizon'), 1, 260) ?? 1;
  const lookback = intOption('--lookback', str(values, 'lookback'), 30, 3650);
  const method = str(values, 'method') ?? 'circular';
  if (method !== 'circular' && method !== 'stationary') throw new CliError(`--method must be circular or stationary, got "${method}"`);
  const weightsGiven = weightsOption(str(values, 'weights'));
  if (weightsGiven) inputError(() => normaliseWeights(weightsGiven));
  const weights = weightsGiven ?? defaultWeights();

  const store = storeFor(c, io, opts);
  checkKnown(store, weights.map((w) => w.symbol));
  const prices = await loadPrices(store, weights.map((w) => w.symbol), c.asOf);
  const asOf = c.asOf ?? commonAsOf(prices, weights.map((w) => w.symbol));
  const result = analyticsError(() => portfolioVar({ weights, prices, asOf, lookbackDays: lookback, paths, seed, blockLength: block, horizon, method: method as BootstrapMethod }));
  if (c.json) io.out(analyticsToJson(result));
  else io.out(renderVar(result) + `\n${sourceLine(prices)}`);
  return 0;
}

export function renderVar(r: PortfolioVarResult): string {
  const lines = [
    `Portfolio: ${r.weights.map((w) => `${w.symbol} ${pct(w.weight, 1)}`).join(', ')}.`,
    `${r.sampleSize} daily returns on common sessions ${r.from} to ${r.to} (daily rebalanced), as of ${r.asOf}.`,
    `Block bootstrap: ${r.method === 'circular' ? `circular, fixed blocks of ${r.blockLength}` : `stationary, mean block ${r.blockLength}`} sessions; horizon ${r.horizon} day${r.horizon === 1 ? '' : 's'}; ${r.paths.toLocaleString('en-US')} paths; seed ${r.seed}.`,
    '',
  ];
  const se = (v: number) => (Number.isFinite(v) ? `±${pct(v, 2)}` : '–');
  lines.push(
    formatTable(
      ['Confidence', 'VaR', '± se', 'ES', '± se', 'Historical VaR', 'Historical ES'],
      r.estimates.map((e) => [pct(e.confidence, 0), pct(e.var, 2), se(e.varSe), pct(e.es, 2), se(e.esSe), pct(e.historicalVar, 2), pct(e.historicalEs, 2)]),
    ),
  );
  lines.push('');
  lines.push(`Convergence (estimate from the first N paths; ± the std of an N-path estimate across ${r.replications} independent runs):`);
  const cb = r.convergence.byConfidence;
  const header = ['Paths', ...cb.flatMap((b) => [`VaR ${pct(b.confidence, 0)}`, '±', `ES ${pct(b.confidence, 0)}`, '±'])];
  const rows = r.convergence.paths.map((n, i) => [n.toLocaleString('en-US'), ...cb.flatMap((b) => [pct(b.var[i]!, 2), se(b.varSe[i]!), pct(b.es[i]!, 2), se(b.esSe[i]!)])]);
  lines.push(formatTable(header, rows, []));
  lines.push('');
  lines.push('VaR and ES are returns over the horizon (a loss is negative). VaR: the type-7 quantile of the path returns; ES: the mean of the worst ⌊(n−1)α⌋+1 paths. Historical: the same on the sample (overlapping returns for a multi-day horizon).');
  if (r.horizon === 1) lines.push('With a 1-day horizon every path is one of the sample’s days, so the VaR settles on one of them (its ± can be 0); ES still averages.');
  return lines.join('\n');
}
