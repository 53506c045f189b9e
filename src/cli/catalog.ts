/**
 * Catalog commands of the `hashpivot` CLI:
 *   hashpivot miners [TICKER...] [--catalog FILE] [--json]
 *   hashpivot deals [TICKER|DEAL-ID...] [--catalog FILE] [--json]
 *   hashpivot catalog validate FILE [--standalone] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  backlogStatus,
  CATALOG_PATH,
  derivedFigures,
  formatProblem,
  formatUSD,
  lineColumn,
  loadCatalog,
  parseCatalogText,
  validateCatalog,
  type Catalog,
  type CatalogDeal,
  type CatalogProblem,
} from '../catalog';
import { normaliseSymbol } from '../core/universe';
import { CliError, type Io } from './io';
import { formatTable, num, pct } from './table';

export const MINERS_USAGE = `Usage: hashpivot miners [TICKER...] [options]

The catalog's miners with their AI/HPC figures: pivot status, contracted HPC MW against total
power capacity, contracted backlog (sum of the values of their lease, colocation, cloud and JV
deals), debt raised for the pivot and its ratio to the backlog. Unknown figures show as "–".

Options:
  --catalog FILE   a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json           JSON: each miner with its derived figures and the notes behind them
  -h, --help       this text`;

export const DEALS_USAGE = `Usage: hashpivot deals [TICKER|DEAL-ID...] [options]

The catalog's AI/HPC deals (all of them, or those of the given companies / ids): provider,
counterparty, kind, stage, value, MW, term, announcement date, whether the value counts as backlog.

Options:
  --catalog FILE   a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json           JSON: each deal with its sources and whether (and why) it counts as backlog
  -h, --help       this text`;

export const CATALOG_USAGE = `Usage: hashpivot catalog validate FILE [options]

Checks a catalog file (JSON with comments) against the catalog schema and rules: types, dates,
negative values, unknown enum values and fields, duplicate ids, deal ids a miner names, sources.
Prints every problem as FILE:LINE:COL: error|warning: ENTRY FIELD: message. Exit status 1 when
there is an error (warnings alone: 0).

By default FILE is an override file checked against the shipped catalog (an entry with an existing
ticker or deal id only changes the fields it gives; a new one needs its required fields and a source).

Options:
  --standalone     check FILE as a complete catalog on its own (every entry is new)
  --json           the problems as JSON (with line and column)
  -h, --help       this text`;

/** The shipped catalog: media/catalog/catalog.json of the package (dist/cli.js is one level down). */
export function shippedCatalogFile(): string {
  const candidates = [
    path.resolve(__dirname, '..', CATALOG_PATH),
    path.resolve(__dirname, '../..', CATALOG_PATH),
    path.resolve(__dirname, '../../..', CATALOG_PATH),
    path.resolve(process.cwd(), CATALOG_PATH),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export interface CatalogCommandOptions {
  /** The shipped catalog file (default: {@link shippedCatalogFile}). */
  shippedCatalog?: string;
}

function readText(file: string, what: string): { text: string; file: string } {
  try {
    return { text: readFileSync(file, 'utf8'), file };
  } catch (e) {
    throw new CliError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(argv: string[], usage: string, options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** Loads the shipped catalog and the --catalog file over it; problems go to stderr (the valid rest is used). */
function loadForCli(overrideFile: string | undefined, io: Io, opts: CatalogCommandOptions): { catalog: Catalog; described: string } {
  const shipped = readText(opts.shippedCatalog ?? shippedCatalogFile(), 'the shipped catalog');
  const override = overrideFile !== undefined ? readText(overrideFile, 'catalog file') : undefined;
  const loaded = loadCatalog(shipped, override);
  const texts = new Map([shipped, ...(override ? [override] : [])].map((f) => [f.file, f.text]));
  for (const p of loaded.problems) io.err(`hashpivot: ${formatProblem(p, texts.get(p.file))}`);
  if (override && !loaded.sources.includes(override.file)) io.err(`hashpivot: ${override.file} is not used (see the errors above)`);
  const asOf = loaded.catalog.asOf ? ` as of ${loaded.catalog.asOf}` : '';
  const described = `Catalog${asOf}: shipped${override && loaded.sources.includes(override.file) ? ` + ${override.file}` : ''}.`;
  return { catalog: loaded.catalog, described };
}

const dash = '–';
const usd = (v: number | null | undefined) => (typeof v === 'number' ? formatUSD(v) : dash);
const mw = (v: number | null | undefined) => (typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 1) : dash);
const ratio = (v: number | null) => (v === null ? dash : pct(v, 1));
const cut = (s: string | null | undefined, n: number) => (!s ? dash : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function minersCommand(argv: string[], io: Io, opts: CatalogCommandOptions = {}): Promise<number> {
  const { values, positionals } = parse(argv, MINERS_USAGE, { catalog: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(MINERS_USAGE);
    return 0;
  }
  const { catalog, described } = loadForCli(values.catalog as string | undefined, io, opts);
  const tickers = positionals.length ? positionals.map(normaliseSymbol) : catalog.tickers();
  for (const t of tickers) if (!catalog.miner(t)) throw new CliError(`unknown ticker "${t}" (the catalog has ${catalog.tickers().join(', ')})`);
  const miners = tickers.map((t) => catalog.miner(t)!);

  if (values.json) {
    io.out(JSON.stringify(miners.map((m) => ({ ...m, derived: derivedFigures(catalog, m.ticker) })), null, 2));
    return 0;
  }
  const header = ['Ticker', 'Name', 'Pivot', 'HPC MW', 'Power MW', 'MW share', 'Backlog', 'Pivot debt', 'Debt/backlog', 'Deals', 'Conf.', 'As of'];
  const rows = miners.map((m) => {
    const f = derivedFigures(catalog, m.ticker);
    return [
      m.ticker,
      cut(m.name, 28),
      m.pivotStatus,
      mw(f.contractedMW),
      mw(f.totalMW),
      ratio(f.mwShare),
      usd(f.backlogUSD) + (f.backlogUSD !== null && f.unknownValueDealIds.length ? '+' : ''),
      usd(f.pivotDebtUSD),
      ratio(f.debtToBacklog),
      String(catalog.dealsOf(m.ticker).length),
      m.confidence,
      m.asOf ?? dash,
    ];
  });
  io.out(formatTable(header, rows, [0, 1, 2, 10, 11]));
  io.out('');
  io.out(`Backlog: values of contracted lease, colocation, cloud and JV deals over their initial terms ("+": some values undisclosed);`);
  io.out(`not acquisitions, plans, LOIs or terminated deals. Pivot debt: raises whose stated purpose is the AI/HPC build-out.`);
  io.out(`"–": unknown. Power MW bases differ by company (see --json notes). ${described}`);
  return 0;
}

function dealRow(d: CatalogDeal): string[] {
  const b = backlogStatus(d);
  return [
    d.id,
    d.provider || dash,
    cut(d.counterparty, 28),
    d.kind,
    d.stage,
    usd(d.valueUSD),
    mw(d.mw),
    typeof d.termYears === 'number' ? `${d.termYears}y` : dash,
    d.announced ?? dash,
    b.counts ? (typeof d.valueUSD === 'number' ? 'yes' : 'yes (value ?)') : 'no',
    d.confidence,
  ];
}

export async function dealsCommand(argv: string[], io: Io, opts: CatalogCommandOptions = {}): Promise<number> {
  const { values, positionals } = parse(argv, DEALS_USAGE, { catalog: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(DEALS_USAGE);
    return 0;
  }
  const { catalog, described } = loadForCli(values.catalog as string | undefined, io, opts);
  let deals: CatalogDeal[] = catalog.deals;
  if (positionals.length) {
    const picked = new Map<string, CatalogDeal>();
    for (const arg of positionals) {
      const byId = catalog.deal(arg);
      const t = normaliseSymbol(arg);
      const found = byId ? [byId] : catalog.miner(t) || catalog.deals.some((d) => normaliseSymbol(d.provider) === t) ? catalog.dealsOf(t) : undefined;
      if (!found) throw new CliError(`"${arg}" is neither a ticker nor a deal id of the catalog (tickers: ${catalog.tickers().join(', ')})`);
      for (const d of found) picked.set(d.id, d);
    }
    deals = [...picked.values()];
  }
  if (values.json) {
    io.out(JSON.stringify(deals.map((d) => ({ ...d, backlog: backlogStatus(d) })), null, 2));
    return 0;
  }
  const header = ['Deal', 'Provider', 'Counterparty', 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Backlog', 'Conf.'];
  io.out(formatTable(header, deals.map(dealRow), [0, 1, 2, 3, 4, 8, 9, 10]));
  io.out('');
  io.out(`Value: total contract value over the initial term as reported, USD; "–": unknown or not applicable. ${described}`);
  return 0;
}

export async function catalogCommand(argv: string[], io: Io, opts: CatalogCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.out(CATALOG_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'validate') throw new CliError(`unknown catalog command "${sub}"\n\n${CATALOG_USAGE}`);
  const { values, positionals } = parse(rest, CATALOG_USAGE, { standalone: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(CATALOG_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`catalog validate needs one FILE\n\n${CATALOG_USAGE}`);
  const input = readText(positionals[0]!, 'catalog file');

  let base: Catalog | undefined;
  if (!values.standalone) {
    const shipped = loadCatalog(readText(opts.shippedCatalog ?? shippedCatalogFile(), 'the shipped catalog'));
    base = shipped.catalog;
  }
  const parsed = parseCatalogText(input.text, input.file);
  const problems: CatalogProblem[] = [...parsed.problems];
  let counts = { miners: 0, deals: 0 };
  if (parsed.data !== undefined) {
    const { valid, problems: found } = validateCatalog(parsed.data, input.file, input.text, base);
    problems.push(...found);
    counts = { miners: valid.miners?.length ?? 0, deals: valid.deals?.length ?? 0 };
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;

  if (values.json) {
    const withPos = problems.map((p) => ({ ...p, ...(p.offset !== undefined ? lineColumn(input.text, p.offset) : {}) }));
    io.out(JSON.stringify({ file: input.file, valid: errors === 0, errors, warnings, validEntries: counts, problems: withPos }, null, 2));
  } else {
    for (const p of problems) io.out(formatProblem(p, input.text));
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const usable = parsed.data === undefined ? 'not usable' : `${plural(counts.miners, 'miner')} and ${plural(counts.deals, 'deal')} usable`;
    io.out(`${input.file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${usable}`);
  }
  return errors > 0 ? 1 : 0;
}
