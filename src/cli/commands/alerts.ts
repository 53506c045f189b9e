/**
 * Alert commands of the `hashpivot` CLI (issue 8):
 *   hashpivot alerts check [--rules FILE] [--portfolio FILE] [--as-of DATE] [--source auto|live|snapshot] [--json] [--memory FILE]
 *   hashpivot alerts validate [FILE] [--json]
 *
 * Exit status: 0 when the rules were evaluated (triggered rules are not failures; bad entries are
 * reported on stderr and skipped, the good ones evaluated); 1 when the rules file cannot be read or
 * parsed, or has no valid rule; 2 for usage errors. `validate`: 1 when the file has any problem.
 */
import { existsSync } from 'node:fs';
import { readJsonFileLimited } from '../../data/files';
import { withFileLock, writeFileAtomic } from '../../data/sharedFile';
import path from 'node:path';
import { catalogExposure, type Catalog } from '../../catalog';
import type { ExposureModel } from '../../core/exposure';
import { indexAtOrBefore } from '../../core/calendar';
import type { ReportSeries } from '../../core/report';
import type { IsoDate } from '../../core/types';
import {
  describeRule,
  evaluateRules,
  formatRuleProblem,
  parseMemory,
  parseRulesFile,
  measuredPercent,
  moneyText,
  priceText,
  ratioText,
  shareText,
  summarizeStates,
  usdText,
  WORKSPACE_ALERTS_PATH,
  type AlertEvent,
  type AlertMemoryMap,
  type AlertRule,
  type AlertState,
  type RuleContext,
} from '../../core/alerts';
import { createStore } from '../../data/createStore';
import type { MarketStore } from '../../data/store';
import { isCatalogCompany, loadCliCatalog, type CatalogFiles } from '../catalogFiles';
import { readHoldingsFile } from '../holdings';
import { WORKSPACE_PORTFOLIO_PATH, type Holdings } from '../../core/portfolio';
import type { CliStoreOptions } from '../context';
import { CliError, readText, type Io } from '../io';
import { asOfHelp, CACHE_DIR_HELP, ENDPOINT_HELP, HELP_HELP, jsonHelp, MARKET_OPTIONS, marketOptions, parseOptions, SOURCE_HELP } from '../options';
import { snapshotFile } from '../paths';
import { formatTable } from '../table';
import { messageOf } from '../../shared/errors';

export const ALERTS_USAGE = `Usage: hashpivot alerts check [options]
       hashpivot alerts validate [FILE] [options]

check: evaluates alert rules on market data and the catalog and prints each rule's state
(armed, triggered, snoozed, disabled, error), its current value and its distance to the trigger,
and the data it was evaluated on (live, cache or snapshot). Bad rule entries are reported on
stderr and skipped; the others are evaluated. Triggered rules are not failures (exit 0).

validate: checks a rules file (JSON with comments, { "rules": [ ... ] }) and prints every problem
as FILE:LINE:COL: error: ENTRY FIELD: message (exit 1 when there is one).

Options:
  --rules FILE             the rules file (default: ./${WORKSPACE_ALERTS_PATH})
  --portfolio FILE         the holdings portfolio rules watch (${WORKSPACE_PORTFOLIO_PATH}: positions with
                           quantity and cost basis, cash), valued at the closes of the as-of date;
                           without it, portfolio rules are errors that say they need holdings
${asOfHelp("evaluate on closes on or before this date (default: each series' latest)")}
${SOURCE_HELP}
  --memory FILE            alert memory (JSON): read before and written after, so that a rule
                           notifies once and re-arms only after its condition cleared across runs
  --catalog FILE           a catalog override file merged over the shipped one (deal rules; the
                           exposure model of concentration and counterparty rules)
${jsonHelp('JSON: each rule with its state (fractions, not percent) and any event')}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}
${HELP_HELP}`;

export interface AlertsCommandOptions extends CatalogFiles {
  /** Folder the default rules file is looked up in (default: process.cwd()). */
  cwd?: string;
  /** The clock for snoozes and timestamps (default: the system clock). */
  now?: () => Date;
  /**
   * The market store factory: main.ts passes createCliStore (live, cache, snapshot). Without it only
   * `--source snapshot` works (a store on the embedded snapshot alone).
   */
  createStore?: (o: CliStoreOptions) => MarketStore;
}

/** A store on the embedded snapshot alone: no network, no disk cache. */
function snapshotStore(): MarketStore {
  return createStore({ mode: 'snapshot', snapshot: snapshotFile() }).store;
}

/** The catalog for the rules (deal rules, known companies); an unreadable shipped catalog: exit 1. */
function loadCatalogForCli(overrideFile: string | undefined, io: Io, opts: AlertsCommandOptions): Catalog {
  return loadCliCatalog(overrideFile, io, opts, { shippedExit: 1, errorsOnly: true }).catalog;
}

function ruleContext(store: MarketStore, catalog: Catalog): RuleContext {
  return { isKnownSymbol: (s) => store.isKnown(s), isCatalogCompany: (s) => isCatalogCompany(catalog, s) };
}

/** Reads the rules file and reports its problems; throws when nothing usable remains. */
function loadRules(file: string, io: Io, ctx: RuleContext): AlertRule[] {
  if (!existsSync(file)) {
    throw new CliError(
      `no rules file: ${file} does not exist (write one with { "rules": [ ... ] }, as in sample/notes/${WORKSPACE_ALERTS_PATH}, or pass --rules FILE)`,
      1,
    );
  }
  const text = readText(file, 'rules file', 1);
  const { rules, problems } = parseRulesFile(text, file, ctx);
  for (const p of problems) io.err(`hashpivot: ${formatRuleProblem(p, text)}`);
  if (rules.length === 0 && problems.length > 0) throw new CliError(`${file}: no valid rule (see the problems above)`, 1);
  if (problems.some((p) => p.index !== undefined))
    io.err(
      `hashpivot: ${file}: ${problems.filter((p) => p.index !== undefined).length} problem(s); the entries with problems are skipped, ${rules.length} rule(s) evaluated`,
    );
  return rules;
}

function readMemory(file: string, io: Io): AlertMemoryMap {
  if (!existsSync(file)) return {};
  let value: unknown;
  try {
    value = readJsonFileLimited(file);
  } catch (e) {
    io.err(`hashpivot: warning: alert memory ${file} is unreadable (${messageOf(e)}); starting afresh`);
    return {};
  }
  const { memory, dropped } = parseMemory(value);
  if (dropped.length) io.err(`hashpivot: warning: alert memory ${file}: malformed entries dropped (${dropped.join(', ')}); those rules start afresh`);
  return memory;
}

/** Atomic write: a temporary file in the same folder, then a rename over the old one. */
async function writeMemory(file: string, memory: AlertMemoryMap): Promise<void> {
  try {
    await writeFileAtomic(file, JSON.stringify(memory, null, 2) + '\n');
  } catch (e) {
    throw new CliError(`cannot write alert memory ${file}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`, 1);
  }
}

function cutAt(series: ReportSeries['series'], asOf: IsoDate | undefined): ReportSeries['series'] {
  if (asOf === undefined) return series;
  const n = indexAtOrBefore(series.dates, asOf) + 1;
  return n === series.dates.length ? series : { ...series, dates: series.dates.slice(0, n), close: series.close.slice(0, n) };
}

function valueText(s: AlertState): string {
  if (s.value === undefined) return '–';
  switch (s.unit) {
    case 'price':
      return priceText(s.value);
    case 'fraction':
      return s.kind === 'concentration' ? shareText(s.value) : measuredPercent(s.value, s.kind === 'change');
    case 'ratio':
      return ratioText(s.value);
    case 'usd':
      // A counterparty's backlog in billions, as the catalog shows deal values.
      return s.kind === 'counterparty' ? usdText(s.value) : moneyText(s.value);
    default:
      return String(s.value);
  }
}

function dataText(s: AlertState): string {
  if (s.kind === 'deal' || s.kind === 'concentration' || s.kind === 'counterparty') return 'catalog';
  if (s.status === 'error' && s.value === undefined) return '–';
  return s.stale ? `${s.stale.kind} ${s.asOf}` : `live ${s.asOf}`;
}

export function renderAlertsTable(rules: readonly AlertRule[], states: readonly AlertState[], events: readonly AlertEvent[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const header = ['Rule', 'Alert', 'State', 'Value', 'Distance to trigger', 'Data'];
  const rows = states.map((s) => {
    const r = byId.get(s.ruleId);
    const label = r?.name ? `${r.name} (${s.description})` : s.description;
    return [s.ruleId, label, s.status, valueText(s), s.status === 'error' ? (s.message ?? s.distanceText) : s.distanceText, dataText(s)];
  });
  const lines = [formatTable(header, rows, [0, 1, 2, 4, 5])];
  if (events.length) {
    lines.push('');
    for (const e of events) lines.push(`${e.kind === 'triggered' ? 'Triggered' : 'Cleared'}: ${e.message}`);
  }
  const c = summarizeStates(states);
  const parts = (['triggered', 'armed', 'snoozed', 'disabled', 'error'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  lines.push('');
  lines.push(
    `${c.total} rule${c.total === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}.${c.stale ? ` ${c.stale} evaluated on data that is not live (cache or snapshot): see the Data column.` : ''}`,
  );
  return lines.join('\n');
}

function parseCli(argv: string[]) {
  return parseOptions(argv, ALERTS_USAGE, {
    ...MARKET_OPTIONS,
    rules: { type: 'string' },
    memory: { type: 'string' },
    catalog: { type: 'string' },
    portfolio: { type: 'string' },
  });
}

export async function alertsCommand(argv: string[], io: Io, opts: AlertsCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.out(ALERTS_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'check' && sub !== 'validate') throw new CliError(`unknown alerts command "${sub}"\n\n${ALERTS_USAGE}`);
  const { values, positionals } = parseCli(rest);
  if (values.help) {
    io.out(ALERTS_USAGE);
    return 0;
  }
  const cwd = opts.cwd ?? process.cwd();
  return sub === 'validate' ? validate(values, positionals, cwd, io, opts) : check(values, positionals, cwd, io, opts);
}

type Values = ReturnType<typeof parseCli>['values'];

async function check(values: Values, positionals: string[], cwd: string, io: Io, opts: AlertsCommandOptions): Promise<number> {
  if (positionals.length) throw new CliError(`alerts check takes no positional argument (got "${positionals[0]}"; use --rules FILE)\n\n${ALERTS_USAGE}`);
  const { mode, asOf, json, endpoints, cacheDir } = marketOptions(values);
  if (values.memory !== undefined && values.memory.trim() === '') throw new CliError('--memory must name a file, got ""');
  if (values.portfolio !== undefined && values.portfolio.trim() === '') throw new CliError('--portfolio must name a holdings file, got ""');
  const rulesFile = path.resolve(cwd, values.rules ?? WORKSPACE_ALERTS_PATH);

  const catalog = loadCatalogForCli(values.catalog, io, opts);
  if (!opts.createStore && mode !== 'snapshot')
    throw new CliError(`--source ${mode} is not available here: alertsCommand was called without a store factory (use --source snapshot)`, 70);
  const store = opts.createStore ? opts.createStore({ mode, cacheDir, endpoints, io }) : snapshotStore();
  const rules = loadRules(rulesFile, io, ruleContext(store, catalog));
  // A bad holdings file is exit 2 with its problems, as for `hashpivot portfolio`.
  const holdings: Holdings | undefined = values.portfolio === undefined ? undefined : readHoldingsFile(path.resolve(cwd, values.portfolio), store, io);
  if (rules.length === 0) {
    io.out(`${rulesFile}: no rules.`);
    return 0;
  }
  // The market data each rule needs, loaded once per symbol; a symbol that fails only fails its rules.
  const needed = new Set<string>();
  for (const r of rules) {
    if (r.kind === 'portfolio') for (const p of holdings?.positions ?? []) needed.add(p.symbol);
    else if (r.kind !== 'deal' && r.kind !== 'concentration' && r.kind !== 'counterparty') needed.add(r.symbol);
    if (r.kind === 'correlation' || r.kind === 'beta') needed.add(r.benchmark);
  }
  const series = new Map<string, ReportSeries>();
  const missing = new Map<string, string>();
  await Promise.all(
    [...needed].map(async (sym) => {
      try {
        const s = await store.history(sym, { needDate: asOf });
        series.set(sym, { assetClass: store.entry(sym)!.assetClass, series: cutAt(s, asOf) });
      } catch (e) {
        missing.set(sym, messageOf(e));
      }
    }),
  );

  const now = (opts.now ?? (() => new Date()))();
  // Concentration and counterparty rules: the exposure model of the shipped catalog with --catalog merged over it.
  let exposure: ExposureModel | undefined;
  const evaluate = (memory: AlertMemoryMap) =>
    evaluateRules(
      rules,
      memory,
      {
        series: (s) => series.get(s),
        whyMissing: (s) => missing.get(s),
        deals: (c) => (isCatalogCompany(catalog, c) ? catalog.dealsOf(c) : undefined),
        portfolio: holdings ? { holdings } : undefined,
        whyNoHoldings: `no holdings: pass --portfolio FILE (a holdings file such as ${WORKSPACE_PORTFOLIO_PATH})`,
        exposure: () => (exposure ??= catalogExposure(catalog)),
        now,
      },
      { asOf },
    );
  // Read, decide and write the memory under its lock: two runs sharing it notify a trigger once.
  const memoryFile = values.memory;
  const result =
    memoryFile === undefined
      ? evaluate({})
      : await withFileLock(memoryFile, async () => {
          const r = evaluate(readMemory(memoryFile, io));
          await writeMemory(memoryFile, r.memory);
          return r;
        }).catch((e: unknown) => {
          throw e instanceof CliError ? e : new CliError(`alert memory ${memoryFile}: ${messageOf(e)}`, 1);
        });

  if (json) {
    const byId = new Map(rules.map((r) => [r.id, r]));
    const eventOf = new Map(result.events.map((e) => [e.ruleId, e]));
    const out = result.states.map((s) => {
      const e = eventOf.get(s.ruleId);
      return { ...s, name: byId.get(s.ruleId)?.name, rule: byId.get(s.ruleId), ...(e ? { event: e.kind, eventMessage: e.message } : {}) };
    });
    io.out(JSON.stringify(out, null, 2));
  } else {
    io.out(renderAlertsTable(rules, result.states, result.events));
  }
  // Nothing could be evaluated (every rule is an error, e.g. no data for any symbol): the command did not do its job.
  if (result.states.length > 0 && result.states.every((s) => s.status === 'error')) {
    io.err('hashpivot: no rule could be evaluated (see the error rows above)');
    return 1;
  }
  return 0;
}

function validate(values: Values, positionals: string[], cwd: string, io: Io, opts: AlertsCommandOptions): number {
  if (positionals.length > 1) throw new CliError(`alerts validate takes one FILE\n\n${ALERTS_USAGE}`);
  const file = path.resolve(cwd, positionals[0] ?? values.rules ?? WORKSPACE_ALERTS_PATH);
  const text = readText(file, 'rules file', 1);
  const catalog = loadCatalogForCli(values.catalog, io, opts);
  // Known symbols from the universe and the snapshot only: no network, no cache.
  const store = snapshotStore();
  const { rules, problems } = parseRulesFile(text, file, ruleContext(store, catalog));
  if (values.json) {
    io.out(JSON.stringify({ file, valid: problems.length === 0, rules: rules.map((r) => ({ ...r, description: describeRule(r) })), problems }, null, 2));
  } else {
    for (const p of problems) io.out(formatRuleProblem(p, text));
    io.out(`${file}: ${rules.length} valid rule${rules.length === 1 ? '' : 's'}, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
  return problems.length > 0 ? 1 : 0;
}
