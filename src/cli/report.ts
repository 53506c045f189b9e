import { checkDate } from './io';
import { parseArgs } from 'node:util';
import { computeReport, ReportError, reportToJson, type SymbolReport } from '../core/report';
import { normaliseSymbol } from '../core/universe';
import type { IsoDate } from '../core/types';
import { NoDataError, UnknownSymbolError, type MarketStore, type SourceMode } from '../data/store';
import { CliError, type Io } from './io';
import { formatTable, pct, num } from './table';
import { collectEndpoints, createCliStore } from './context';

export const REPORT_USAGE = `Usage: hashpivot report SYMBOL... [options]

Options:
  --as-of YYYY-MM-DD       closes on or before this date (default: the latest date every symbol has)
  --from YYYY-MM-DD        start of the drawdown window (default: 365 days before --as-of)
  --source auto|live|snapshot
                           auto (default): live, then the cache, then the embedded snapshot;
                           live: the network only; snapshot: the embedded snapshot only
  --json                   JSON array instead of a table (fractions, not percent)
  --endpoint HOST=URL      send HOST's requests to URL (repeatable; also HASHPIVOT_ENDPOINTS)
  --cache-dir DIR          the disk cache (default: ~/.cache/hashpivot)`;


export async function report(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'as-of': { type: 'string' },
        from: { type: 'string' },
        source: { type: 'string', default: 'auto' },
        json: { type: 'boolean', default: false },
        endpoint: { type: 'string', multiple: true },
        'cache-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${REPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(REPORT_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new CliError(`report needs at least one symbol\n\n${REPORT_USAGE}`);
  const mode = values.source as string;
  if (mode !== 'auto' && mode !== 'live' && mode !== 'snapshot') throw new CliError(`--source must be auto, live or snapshot, got "${mode}"`);
  const asOfArg = checkDate('--as-of', values['as-of']);
  const from = checkDate('--from', values.from);
  if (from && asOfArg && from > asOfArg) throw new CliError(`--from ${from} is after --as-of ${asOfArg}`);
  const endpoints = collectEndpoints(values.endpoint ?? []);
  // An empty --cache-dir would put the cache in the current folder.
  if (values['cache-dir'] !== undefined && values['cache-dir'].trim() === '') throw new CliError('--cache-dir must name a folder, got ""');

  const store = createCliStore({ mode: mode as SourceMode, cacheDir: values['cache-dir'], endpoints, io });
  const symbols = positionals.map(normaliseSymbol);
  for (const s of symbols) if (!store.isKnown(s)) throw new CliError(`unknown symbol "${s}" (known: ${store.symbols().join(', ')})`);

  const reports = await buildReports(store, symbols, asOfArg, from);
  if (values.json) io.out(reportToJson(reports));
  else io.out(renderReportTable(reports));
  return 0;
}

export async function buildReports(store: MarketStore, symbols: string[], asOfArg: IsoDate | undefined, from: IsoDate | undefined): Promise<SymbolReport[]> {
  const load = async (sym: string) => {
    try {
      return await store.history(sym, { needDate: asOfArg });
    } catch (e) {
      if (e instanceof UnknownSymbolError || e instanceof NoDataError) throw new CliError(e.message, 1);
      throw e;
    }
  };
  const subjects = await Promise.all(symbols.map(load));
  const btc = await load('BTC');
  const ndx = await load('NDX');
  const asOf = asOfArg ?? subjects.map((s) => s.dates.at(-1)!).sort()[0]!;
  try {
    return symbols.map((sym, i) =>
      computeReport({
        symbol: sym,
        subject: { assetClass: store.entry(sym)!.assetClass, series: subjects[i]! },
        btc: { assetClass: 'crypto', series: btc },
        ndx: { assetClass: 'index', series: ndx },
        asOf,
        from,
      }),
    );
  } catch (e) {
    if (e instanceof ReportError) throw new CliError(e.message, 1);
    throw e;
  }
}

export function renderReportTable(reports: readonly SymbolReport[]): string {
  const header = ['Symbol', 'As of', 'Close', '1d', '7d', '30d', 'DD now', 'DD max', 'Vol 30d', 'Vol 90d', 'ρ BTC', 'β BTC', 'ρ NDX', 'β NDX', 'VaR95', 'CVaR95', 'Source'];
  const rows = reports.map((r) => [
    r.symbol,
    r.asOf,
    num(r.close, r.close >= 1000 ? 0 : 2),
    pct(r.change['1d']),
    pct(r.change['7d']),
    pct(r.change['30d']),
    pct(r.drawdown.current),
    pct(r.drawdown.max),
    pct(r.volatility['30d']),
    pct(r.volatility['90d']),
    num(r.correlation.BTC['90d'], 2),
    num(r.beta.BTC['90d'], 2),
    num(r.correlation.NDX['90d'], 2),
    num(r.beta.NDX['90d'], 2),
    pct(r.var95),
    pct(r.cvar95),
    r.source.kind === 'live' ? 'live' : `${r.source.kind} ${r.source.asOf.slice(0, 10)}`,
  ]);
  return formatTable(header, rows, [0, 1, 16]) + '\nChanges over calendar days; drawdown over the window to the as-of date; volatility annualized; ρ, β over 90 days on aligned calendars; 1-day historical VaR/CVaR at 95% over 365 days.';
}
