/**
 * `hashpivot report SYMBOL... [--from DATE] [--btc-at us-close|utc-close]` and the market-data
 * options: price, changes, drawdown, volatility, correlation and beta to BTC and the NASDAQ-100,
 * VaR/CVaR, per symbol. The JSON carries how BTC was priced for the pair figures (`btcSampling`,
 * `btcSamplingCoverage`) and names a proxy in `source` (`QQQ as NASDAQ-100 proxy`, the CD20 basket).
 */
import { reportToJson, type SymbolReport } from '../../core/report';
import { reportFootnotes } from '../../core/format';
import type { BtcSampling } from '../../core/sampling';
import type { IsoDate } from '../../core/types';
import { normaliseSymbol } from '../../core/universe';
import type { MarketStore } from '../../data/store';
import { reportFigures } from '../../tools/figures';
import { REPORT_FIGURE_HEADER, reportFigureCells } from '../../tools/text';
import { createCliStore } from '../context';
import { CliError, type Io } from '../io';
import { checkKnown, cliErrors } from '../marketData';
import {
  asOfHelp,
  BTC_AT_HELP,
  BTC_AT_OPTION,
  btcAtOption,
  CACHE_DIR_HELP,
  checkDate,
  ENDPOINT_HELP,
  jsonHelp,
  MARKET_OPTIONS,
  marketOptions,
  parseOptions,
  SOURCE_HELP,
} from '../options';
import { formatTable } from '../table';

export const REPORT_USAGE = `Usage: hashpivot report SYMBOL... [options]

Options:
${asOfHelp('closes on or before this date (default: the latest date every symbol has)')}
  --from YYYY-MM-DD        start of the drawdown window (default: 365 days before --as-of)
${BTC_AT_HELP}
${SOURCE_HELP}
${jsonHelp('JSON array instead of a table (fractions, not percent)')}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}`;

export async function report(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(argv, REPORT_USAGE, { ...MARKET_OPTIONS, ...BTC_AT_OPTION, from: { type: 'string' } });
  if (values.help) {
    io.out(REPORT_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new CliError(`report needs at least one symbol\n\n${REPORT_USAGE}`);
  const c = marketOptions(values);
  const from = checkDate('--from', values.from);
  if (from && c.asOf && from > c.asOf) throw new CliError(`--from ${from} is after --as-of ${c.asOf}`);
  const btcSampling = btcAtOption(values);

  const store = createCliStore({ mode: c.mode, cacheDir: c.cacheDir, endpoints: c.endpoints, io });
  const symbols = positionals.map(normaliseSymbol);
  checkKnown(store, symbols);

  const reports = await buildReports(store, symbols, c.asOf, from, btcSampling);
  if (c.json) io.out(reportToJson(reports));
  else io.out(renderReportTable(reports));
  return 0;
}

/** The report of each symbol (src/tools reportFigures, shared with the hashpivot_report tool); data errors: exit 1. */
export async function buildReports(
  store: MarketStore,
  symbols: string[],
  asOf: IsoDate | undefined,
  from: IsoDate | undefined,
  btcSampling: BtcSampling = 'us-close',
): Promise<SymbolReport[]> {
  return (await cliErrors(() => reportFigures(store, symbols, { asOf, from, btcSampling }))).reports;
}

export function renderReportTable(reports: readonly SymbolReport[]): string {
  const header = ['Symbol', 'As of', ...REPORT_FIGURE_HEADER, 'Source'];
  const rows = reports.map((r) => [
    r.symbol,
    r.asOf,
    ...reportFigureCells(r),
    (r.source.kind === 'live' ? 'live' : `${r.source.kind} ${r.source.asOf.slice(0, 10)}`) + (r.source.proxy ? ` (${r.source.proxy})` : ''),
  ]);
  return [
    formatTable(header, rows, [0, 1, 16]),
    '1d: the last two sessions; 7d, 30d: over calendar days; drawdown over the window to the as-of date; volatility annualized; ρ, β over 90 days on aligned calendars; 1-day historical VaR/CVaR at 95% over 365 days.',
    ...reportFootnotes(reports),
  ].join('\n');
}
