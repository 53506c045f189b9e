/**
 * `hashpivot compare SYMBOL SYMBOL... [--days N] [--btc-at us-close|utc-close]` and the market-data
 * options: symbols side by side, each one's report and the correlations of their daily returns
 * pair by pair (src/tools compareFigures, shared with the hashpivot_compare tool).
 */
import { DEFAULT_COMPARE_DAYS, type CorrelationMatrix } from '../../core/compare';
import { analyticsToJson } from '../../core/scenario';
import { samplingLabel } from '../../core/sampling';
import { normaliseSymbol } from '../../core/universe';
import { compareFigures, compareJson } from '../../tools/figures';
import { createCliStore } from '../context';
import { CliError, type Io } from '../io';
import { checkKnown, cliErrors } from '../marketData';
import {
  asOfHelp,
  BTC_AT_HELP,
  BTC_AT_OPTION,
  btcAtOption,
  CACHE_DIR_HELP,
  ENDPOINT_HELP,
  HELP_HELP,
  intOption,
  jsonHelp,
  MARKET_OPTIONS,
  marketOptions,
  parseOptions,
  SOURCE_HELP,
} from '../options';
import { formatTable, num } from '../table';
import { renderReportTable } from './report';

export const COMPARE_USAGE = `Usage: hashpivot compare SYMBOL SYMBOL... [options]

Two or more symbols side by side: the correlations of their daily returns pair by pair over the
last ${DEFAULT_COMPARE_DAYS} days (--days), each pair aligned as the report aligns a symbol with its benchmark
(on the equity side's sessions, BTC at the US close where hourly bars cover the window, so the
BTC row is each symbol's ρ to BTC), and each symbol's report.

Options:
  --days N                 correlation window in calendar days (default ${DEFAULT_COMPARE_DAYS}, 30 to 3650)
${asOfHelp('closes on or before this date (default: the latest date every symbol has)')}
${BTC_AT_HELP}
${SOURCE_HELP}
${jsonHelp('JSON: { asOf, symbols, correlation: { days, btcSampling, matrix }, reports } (fractions; NaN as null)')}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}
${HELP_HELP}`;

export async function compareCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(argv, COMPARE_USAGE, { ...MARKET_OPTIONS, ...BTC_AT_OPTION, days: { type: 'string' } });
  if (values.help) {
    io.out(COMPARE_USAGE);
    return 0;
  }
  const symbols = [...new Set(positionals.map(normaliseSymbol))];
  if (symbols.length < 2) throw new CliError(`compare needs at least two different symbols\n\n${COMPARE_USAGE}`);
  const c = marketOptions(values);
  const btcSampling = btcAtOption(values);
  const days = intOption('--days', values.days, 30, 3650) ?? DEFAULT_COMPARE_DAYS;

  const store = createCliStore({ mode: c.mode, cacheDir: c.cacheDir, endpoints: c.endpoints, io });
  checkKnown(store, symbols);
  const figures = await cliErrors(() => compareFigures(store, symbols, { asOf: c.asOf, btcSampling, days }));
  if (c.json) io.out(analyticsToJson(compareJson(figures)));
  else io.out(`${renderCorrelation(figures.correlation)}\n\n${renderReportTable(figures.reports)}`);
  return 0;
}

export function renderCorrelation(m: CorrelationMatrix): string {
  const rows = m.symbols.map((s, i) => [s, ...m.matrix[i]!.map((v) => num(v, 2))]);
  return [
    `Correlation of daily returns, ${m.days} days to ${m.asOf}${m.btcSampling ? ` (pairs of a seven-day series with an equity: ${samplingLabel(m.btcSampling)})` : ''}:`,
    formatTable(['', ...m.symbols], rows),
  ].join('\n');
}
