/**
 * `hashpivot pivot [SYMBOL...] [--window N] [--catalog FILE]` and the market-data options: the
 * two-factor betas of each miner on BTC and the NASDAQ-100 before and after its first AI/HPC deal,
 * and rolling. Every argument is checked before any data is loaded: bad input gives a message and
 * exit status 2, nothing else.
 */
import { existsSync } from 'node:fs';
import { analyticsToJson } from '../../core/scenario';
import { DEFAULT_PIVOT_WINDOW, formatP, multipleTestsNote, type PeriodRegression, type PivotAnalysis } from '../../core/pivot';
import { checkPivotSubjects, pivotFigures, pivotJson } from '../../tools/figures';
import { betaChangeCell } from '../../tools/text';
import { MINERS, normaliseSymbol } from '../../core/universe';
import { loadCliCatalog } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { ANALYTICS_OPTIONS_HELP, checkKnown, cliErrors, cliErrorsSync, sourceLine, storeFor, type AnalyticsCommandOptions } from '../marketData';
import { intOption, MARKET_OPTIONS, marketOptions, parseOptions } from '../options';
import { formatTable, num, pct } from '../table';

export const PIVOT_USAGE = `Usage: hashpivot pivot [SYMBOL...] [options]

Is a miner still a leveraged bet on BTC, or has its AI/HPC pivot made it a tech stock? A
two-factor OLS of its daily returns on BTC and NASDAQ-100 returns (prices aligned on its sessions,
BTC as of each close): betas with Newey–West (HAC) standard errors, R², residual volatility;
before its first AI/HPC deal (lease, colocation, cloud, JV or LOI, from the catalog; the 365 days
before the announcement) against after it (from the session after the announcement's, to the
as-of date) with the change, its z and two-sided p (normal approximation); the last 365 days; and
the rolling betas (in --json). The deal is one event chosen after the fact: p describes how
unusual the change is, it is not a clean test; with several miners, p is also given Holm-adjusted
for the number of tests shown. One symbol: the detail; several (default: every miner): a summary.
Each symbol's default as-of date is the latest date it, BTC and the NASDAQ-100 have in common.

Options:
  --window N               rolling window in sessions (default ${DEFAULT_PIVOT_WINDOW})
  --rolling series|last    in --json: every rolling window (series, default) or only the last
                           one, with their count in "windows"
  --catalog FILE           a catalog override file merged over the shipped one (for the deal dates)
${ANALYTICS_OPTIONS_HELP}`;

export async function pivotCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, PIVOT_USAGE, {
    ...MARKET_OPTIONS,
    window: { type: 'string' },
    catalog: { type: 'string' },
    rolling: { type: 'string' },
  });
  if (values.help) {
    io.out(PIVOT_USAGE);
    return 0;
  }
  const c = marketOptions(values);
  const window = intOption('--window', values.window, 4, 2000) ?? DEFAULT_PIVOT_WINDOW;
  const catalogFile = values.catalog;
  if (catalogFile !== undefined && !opts.catalog && !existsSync(catalogFile)) throw new CliError(`cannot read catalog file ${catalogFile}: ENOENT`);
  const rolling = values.rolling ?? 'series';
  if (rolling !== 'series' && rolling !== 'last') throw new CliError(`--rolling must be series or last, got "${rolling}"`);
  const symbols = positionals.length ? [...new Set(positionals.map(normaliseSymbol))] : MINERS.map((m) => m.symbol);
  cliErrorsSync(() => checkPivotSubjects(symbols));

  const store = storeFor(c, io, opts);
  checkKnown(store, symbols);
  const catalog = opts.catalog ?? loadCliCatalog(catalogFile, io, opts).catalog;
  // p-values Holm-adjusted over every test this run shows.
  const { analyses, prices } = await cliErrors(() => pivotFigures(store, catalog, symbols, { asOf: c.asOf, window }));
  if (c.json) io.out(analyticsToJson(pivotJson(analyses, rolling)));
  else io.out((analyses.length === 1 ? renderPivotDetail(analyses[0]!) : renderPivotSummary(analyses)) + `\n${sourceLine(prices)}`);
  return 0;
}

const beta2 = (r: PeriodRegression | null, f: string) => (r ? num(r.beta[f] ?? NaN, 2) : '–');
const withSe = (r: PeriodRegression, f: string) => `${num(r.beta[f] ?? NaN, 2)} (${num(r.hacSe[f] ?? NaN, 2)})`;
const hacT = (r: PeriodRegression, f: string) => num((r.beta[f] ?? NaN) / (r.hacSe[f] ?? NaN), 1);

/** The lags of each window, e.g. "before 4, after 3, 1y 4". */
function lagsText(a: PivotAnalysis): string {
  const parts: Array<[string, PeriodRegression | null]> = [
    ['before', a.before],
    ['after', a.after],
    ['1y', a.current],
  ];
  return parts
    .filter(([, r]) => r && Number.isFinite(r.hacLags))
    .map(([n, r]) => `${n} ${r!.hacLags}`)
    .join(', ');
}

export function renderPivotDetail(a: PivotAnalysis): string {
  const lines = [
    `${a.symbol}, as of ${a.asOf}: two-factor OLS of daily returns on BTC and NASDAQ-100 returns`,
    a.event ? `${a.eventNote}.` : `No before/after view: ${a.eventNote}.`,
    '',
  ];
  const header = ['Window', 'From', 'To', 'Rows', 'β BTC (HAC se)', 'β NDX (HAC se)', 't BTC', 't NDX', 'α/yr', 'R²', 'Adj R²', 'Resid vol', 'Note'];
  const row = (name: string, r: PeriodRegression) => [
    name,
    r.from ?? '–',
    r.to ?? '–',
    String(r.n),
    withSe(r, 'BTC'),
    withSe(r, 'NDX'),
    hacT(r, 'BTC'),
    hacT(r, 'NDX'),
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
    if (a.tests > 0) lines.push(`${multipleTestsNote(a.tests)}; Holm-adjusted p: ${a.changes.map((ch) => `${ch.factor} ${formatP(ch.pHolm)}`).join(', ')}.`);
    if (a.announcementSession) lines.push(`The announcement session (${a.announcementSession}) is in neither window: its return is the news, not the betas.`);
  }
  const n = a.rolling.dates.length;
  lines.push('');
  if (n > 0) {
    lines.push(
      `Rolling ${a.rolling.window}-session betas: ${n} windows ending ${a.rolling.dates[0]} to ${a.rolling.dates[n - 1]}; last: β BTC ${num(a.rolling.beta.BTC!.at(-1)!, 2)}, β NDX ${num(a.rolling.beta.NDX!.at(-1)!, 2)}, R² ${num(a.rolling.r2.at(-1)!, 2)} (the series: --json).`,
    );
  } else lines.push(`Rolling ${a.rolling.window}-session betas: not enough sessions.`);
  lines.push(
    `Standard errors: Newey–West (HAC, Bartlett kernel, L = floor(4(n/100)^(2/9)) lags: ${lagsText(a) || '–'}), robust to heteroskedasticity and autocorrelation; t = β / HAC se. z of a change = Δβ / √(se₁² + se₂²), p two-sided from the normal approximation. One event, chosen after the fact (the first AI deal): p describes how unusual the change is, it is not a clean test of the pivot. α/yr = intercept × 252; residual vol annualized.`,
  );
  return lines.join('\n');
}

export function renderPivotSummary(list: readonly PivotAnalysis[]): string {
  const header = [
    'Symbol',
    'As of',
    'First deal',
    'β BTC before',
    'after',
    'Δ (p; Holm p)',
    'β NDX before',
    'after',
    'Δ (p; Holm p)',
    'β BTC 1y',
    'β NDX 1y',
    'R² 1y',
  ];
  const tests = list[0]?.tests ?? 0;
  const rows = list.map((a) => [
    a.symbol,
    a.asOf,
    a.event?.date ?? '–',
    beta2(a.before, 'BTC'),
    beta2(a.after, 'BTC'),
    betaChangeCell(a, 'BTC'),
    beta2(a.before, 'NDX'),
    beta2(a.after, 'NDX'),
    betaChangeCell(a, 'NDX'),
    num(a.current.beta.BTC ?? NaN, 2),
    num(a.current.beta.NDX ?? NaN, 2),
    num(a.current.r2, 2),
  ]);
  return (
    formatTable(header, rows, [0, 1, 2]) +
    '\nTwo-factor OLS of daily returns on BTC and NASDAQ-100 returns (aligned on each stock’s sessions). Before: the 365 days before the first AI/HPC deal' +
    ' in the catalog; after: from the session after the announcement’s to the as-of date (the announcement session is in neither); 1y: the 365 days to the as-of date.' +
    ' p: two-sided, z = Δβ / √(se₁² + se₂²) with Newey–West (HAC) errors, normal approximation. Each is one event chosen after the fact: p describes, it is not a clean test.' +
    (tests > 0 ? ` ${multipleTestsNote(tests)}; Holm p adjusts for the ${tests}.` : '') +
    ' "–": no deal or too few rows.'
  );
}
