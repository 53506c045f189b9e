/**
 * The compact Markdown a tool result carries beside its structured figures: a line that says what
 * was computed, as of when and from which data, a table, and the notes that say what the numbers
 * mean. Text from the catalog goes through tableCell/escapeMarkdown.
 */
import { formatUSD, type CatalogDeal } from '../catalog';
import type { CorrelationMatrix } from '../core/compare';
import { reportFootnotes } from '../core/format';
import { markdownTable, plainText } from '../core/markdown';
import { formatP, type PeriodRegression, type PivotAnalysis } from '../core/pivot';
import type { SymbolReport } from '../core/report';
import { samplingLabel } from '../core/sampling';
import type { PortfolioVarResult, ScenarioResult } from '../core/scenario';
import { formatMoney, formatPercentPlain } from '../shared/format';
import { backlogStatus } from '../catalog';
import type { ToolSource } from './market';

const DASH = '–';

/** Text in a summary line: one line, no link or HTML syntax (a catalog's names and notes are untrusted). */
const escapeMarkdown = (text: string) => plainText(text, 1000).replace(/[<>`]/g, (c) => `\\${c}`);
const pct = formatPercentPlain;
const signed = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${formatPercentPlain(v, 1)}` : DASH);
const num = (v: number | null | undefined, digits = 2) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : DASH;

/** `Data: snapshot of 2026-05-29; as of 2026-05-29.` */
export function dataLine(source: ToolSource, asOf: string | null): string {
  return `Data: ${source.text}${asOf ? `; as of ${asOf}` : ''}. Structured figures are fractions (−0.3 = −30%).`;
}

// report, compare

/** The report's figures as table cells (the CLI's report table and the tool's): header and cells, Close to CVaR95. */
export const REPORT_FIGURE_HEADER = [
  'Close',
  '1d',
  '7d',
  '30d',
  'DD now',
  'DD max',
  'Vol 30d',
  'Vol 90d',
  'ρ BTC',
  'β BTC',
  'ρ NDX',
  'β NDX',
  'VaR95',
  'CVaR95',
];

export function reportFigureCells(r: SymbolReport): string[] {
  return [
    num(r.close, r.close >= 1000 ? 0 : 2),
    pct(r.change['1d']),
    pct(r.change['7d']),
    pct(r.change['30d']),
    pct(r.drawdown.current),
    pct(r.drawdown.max),
    pct(r.volatility['30d']),
    pct(r.volatility['90d']),
    num(r.correlation.BTC['90d']),
    num(r.beta.BTC['90d']),
    num(r.correlation.NDX['90d']),
    num(r.beta.NDX['90d']),
    pct(r.var95),
    pct(r.cvar95),
  ];
}

/** A beta's change after the first deal as a cell: `+1.04 (0.048; 0.095)` (p; Holm p), `–` without one. */
export function betaChangeCell(a: PivotAnalysis, factor: string): string {
  const ch = a.changes.find((c) => c.factor === factor);
  return ch && Number.isFinite(ch.p) ? `${ch.diff >= 0 ? '+' : ''}${num(ch.diff)} (${formatP(ch.p)}; ${formatP(ch.pHolm)})` : DASH;
}

export function reportText(reports: readonly SymbolReport[], source: ToolSource, asOf: string, from?: string): string {
  const header = ['Symbol', ...REPORT_FIGURE_HEADER];
  const rows = reports.map((r) => [r.symbol, ...reportFigureCells(r)]);
  return [
    `**Hashpivot risk report**, as of ${asOf}.`,
    '',
    markdownTable(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]),
    '',
    `1d: the last two sessions; 7d, 30d: calendar days; drawdown from the running peak ${from ? `since ${from}` : 'over the 365 days'} to the as-of date; volatility annualized; ρ, β of daily returns over 90 days on aligned calendars; 1-day historical VaR/CVaR at 95% over 365 days (negative: a loss).`,
    ...reportFootnotes(reports).map(escapeMarkdown),
    dataLine(source, asOf),
  ].join('\n');
}

export function compareText(reports: readonly SymbolReport[], m: CorrelationMatrix, source: ToolSource): string {
  const matrix = markdownTable(
    ['', ...m.symbols],
    m.symbols.map((s, i) => [s, ...m.matrix[i]!.map((v) => num(v))]),
    ['l', ...m.symbols.map(() => 'r' as const)],
  );
  const header = ['Symbol', 'Close', '30d', 'DD max', 'Vol 90d', 'β BTC', 'β NDX', 'VaR95'];
  const rows = reports.map((r) => [
    r.symbol,
    num(r.close, r.close >= 1000 ? 0 : 2),
    pct(r.change['30d']),
    pct(r.drawdown.max),
    pct(r.volatility['90d']),
    num(r.beta.BTC['90d']),
    num(r.beta.NDX['90d']),
    pct(r.var95),
  ]);
  return [
    `**Hashpivot compare**, as of ${m.asOf}: correlation of daily returns over ${m.days} days${m.btcSampling ? ` (${samplingLabel(m.btcSampling)} against equities)` : ''}.`,
    '',
    matrix,
    '',
    markdownTable(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]),
    '',
    '30d: change over 30 calendar days; DD max: deepest drawdown over 365 days; Vol 90d annualized; β over 90 days; VaR95: 1-day historical at 95% over 365 days.',
    dataLine(source, m.asOf),
  ].join('\n');
}

// deals

export function dealsText(deals: readonly CatalogDeal[], source: ToolSource, asOf: string | null, filter: string): string {
  if (deals.length === 0) return [`**Hashpivot deals** (${escapeMarkdown(filter)}): none in the catalog.`, dataLine(source, asOf)].join('\n');
  const header = ['Deal', 'Provider', 'Counterparty', 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Backlog'];
  const rows = deals.map((d) => [
    d.id,
    d.provider || DASH,
    d.counterparty ?? DASH,
    d.kind,
    d.stage,
    typeof d.valueUSD === 'number' ? formatUSD(d.valueUSD) : DASH,
    typeof d.mw === 'number' ? String(d.mw) : DASH,
    typeof d.termYears === 'number' ? `${d.termYears}y` : DASH,
    d.announced ?? DASH,
    backlogStatus(d).counts ? 'yes' : 'no',
  ]);
  return [
    `**Hashpivot deals** (${escapeMarkdown(filter)}): ${deals.length} deal${deals.length === 1 ? '' : 's'}.`,
    '',
    markdownTable(header, rows),
    '',
    'Value: total contract value over the initial term as reported, USD; Backlog: whether it counts as contracted AI/HPC backlog. Sources and notes are in the structured result.',
    dataLine(source, asOf),
  ].join('\n');
}

// pivot

const betaSe = (r: PeriodRegression | null, f: string) => (r ? `${num(r.beta[f])} (${num(r.hacSe[f])})` : DASH);

export function pivotText(analyses: readonly PivotAnalysis[], source: ToolSource, asOf: string): string {
  const header = [
    'Symbol',
    'As of',
    'First deal',
    'β BTC before',
    'β BTC after',
    'Δ BTC (p; Holm p)',
    'β NDX before',
    'β NDX after',
    'Δ NDX (p; Holm p)',
    'β BTC 1y',
    'β NDX 1y',
    'R² 1y',
  ];
  const rows = analyses.map((a) => [
    a.symbol,
    a.asOf,
    a.event?.date ?? DASH,
    betaSe(a.before, 'BTC'),
    betaSe(a.after, 'BTC'),
    betaChangeCell(a, 'BTC'),
    betaSe(a.before, 'NDX'),
    betaSe(a.after, 'NDX'),
    betaChangeCell(a, 'NDX'),
    num(a.current.beta.BTC),
    num(a.current.beta.NDX),
    num(a.current.r2),
  ]);
  const events = analyses.map((a) => `${a.symbol}: ${escapeMarkdown(a.eventNote)}.`);
  return [
    `**Hashpivot pivot betas**: two-factor OLS of daily returns on BTC and NASDAQ-100 returns, before and after the first AI/HPC deal.`,
    '',
    markdownTable(header, rows, ['l', 'l', 'l', ...header.slice(3).map(() => 'r' as const)]),
    '',
    'β (HAC se): Newey–West standard errors. Before: the 365 days before the deal; after: from the session after the announcement’s to the as-of date; 1y: the last 365 days. p: two-sided, normal approximation; Holm p adjusts for every test shown. One event chosen after the fact: p describes, it is not a clean test.',
    ...events,
    dataLine(source, asOf),
  ].join('\n');
}

// scenario

export function scenarioText(
  r: ScenarioResult,
  source: ToolSource,
  asOf: string | null,
  holdings?: { file: string; invested: number; value: number; pnlUsd: number | null },
): string {
  const f = r.factors;
  const lines = [
    r.kind === 'replay'
      ? `**Hashpivot replay**: ${escapeMarkdown(r.name)} (${r.id}), ${r.start} to ${r.end}: ${escapeMarkdown(r.description)}. Factor returns: ${f.map((x) => `${x} ${signed(r.factorMoves[x])}`).join(', ')}.`
      : `**Hashpivot shock**: ${escapeMarkdown(r.name)} (${r.id}): ${escapeMarkdown(r.description)}. Moves: ${f.map((x) => `${x} ${signed(r.factorMoves[x] ?? 0)}`).join(', ')}; betas over ${r.lookbackDays} days.`,
    '',
  ];
  const contrib = (row: { contributions: Array<{ factor: string; contribution: number }> }, x: string) =>
    signed(row.contributions.find((c) => c.factor === x)?.contribution ?? NaN);
  const beta = (row: { contributions: Array<{ factor: string; beta: number }> }, x: string) => num(row.contributions.find((c) => c.factor === x)?.beta ?? NaN);
  const header =
    r.kind === 'replay'
      ? ['Symbol', 'Actual', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Unexplained']
      : ['Symbol', ...f.map((x) => `β ${x}`), 'Predicted', '90% band'];
  const rows = r.symbols.map((s) =>
    r.kind === 'replay'
      ? [s.symbol, signed(s.actual), ...f.map((x) => beta(s, x)), ...f.map((x) => contrib(s, x)), signed(s.unexplained)]
      : [s.symbol, ...f.map((x) => beta(s, x)), signed(s.explained), s.band ? `${pct(s.band.low)} … ${pct(s.band.high)}` : DASH],
  );
  const p = r.portfolio;
  if (p)
    rows.push(
      r.kind === 'replay'
        ? ['Portfolio', signed(p.actual), ...f.map(() => ''), ...f.map((x) => contrib(p, x)), signed(p.unexplained)]
        : ['Portfolio', ...f.map(() => ''), signed(p.explained), p.band ? `${pct(p.band.low)} … ${pct(p.band.high)}` : DASH],
    );
  lines.push(markdownTable(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]), '');
  if (p) {
    lines.push(`Portfolio weights: ${p.requested.map((w) => `${w.symbol} ${pct(w.weight)}`).join(', ')}. Coverage: ${escapeMarkdown(p.survivorship)}.`);
    if (p.excluded.length) lines.push(`Left out: ${p.excluded.map((e) => `${e.symbol} (${escapeMarkdown(e.reason)})`).join('; ')}.`);
  }
  if (holdings)
    lines.push(
      `On the holdings (${escapeMarkdown(holdings.file)}): ${formatMoney(holdings.invested)} in positions; ${r.kind === 'replay' ? 'the window would have made' : 'the shock would make'} ${formatMoney(holdings.pnlUsd, true)} of a ${formatMoney(holdings.value)} value (cash unchanged).`,
    );
  lines.push(
    r.kind === 'replay'
      ? 'Actual: the window’s return; contributions: β × factor return, betas from the 365 days before the window; unexplained: the rest.'
      : 'Predicted: exp(Σ β ln(1 + move)) − 1 through the log-return factor model; 90% band: the betas’ uncertainty and the idiosyncratic move.',
  );
  for (const n of r.notes.slice(0, 3)) lines.push(`Note: ${escapeMarkdown(n)}.`);
  lines.push(dataLine(source, asOf));
  return lines.join('\n');
}

// var

export function varText(
  r: PortfolioVarResult,
  source: ToolSource,
  holdings?: { file: string; invested: number; estimates: Array<{ confidence: number; varUsd: number; esUsd: number }> },
): string {
  const ci = (v: { low: number; high: number } | null) => (v ? `${pct(v.low, 2)} … ${pct(v.high, 2)}` : DASH);
  const header = [
    'Confidence',
    'VaR',
    '± MC se',
    '95% interval',
    'ES',
    '± MC se',
    '95% interval',
    'Historical VaR',
    'Historical ES',
    ...(holdings ? ['VaR USD', 'ES USD'] : []),
  ];
  const rows = r.estimates.map((e, i) => [
    pct(e.confidence, 0),
    pct(e.var, 2),
    pct(e.varSe, 2),
    ci(e.varInterval),
    pct(e.es, 2),
    pct(e.esSe, 2),
    ci(e.esInterval),
    pct(e.historicalVar, 2),
    pct(e.historicalEs, 2),
    ...(holdings ? [formatMoney(holdings.estimates[i]!.varUsd), formatMoney(holdings.estimates[i]!.esUsd)] : []),
  ]);
  return [
    `**Hashpivot VaR**: ${r.weights.map((w) => `${w.symbol} ${pct(w.weight)}`).join(', ')}${holdings ? ` (the holdings of ${escapeMarkdown(holdings.file)}, ${formatMoney(holdings.invested)} in positions)` : ''}.`,
    `${r.sampleSize} daily returns on common sessions ${r.from} to ${r.to}; block bootstrap (${r.method}, blocks of ${r.blockLength}), ${r.paths.toLocaleString('en-US')} paths of ${r.horizon} day${r.horizon === 1 ? '' : 's'}, seed ${r.seed}.`,
    '',
    markdownTable(
      header,
      rows,
      header.map((_, i) => (i === 0 ? 'l' : 'r')),
    ),
    '',
    'VaR and ES are returns over the horizon (negative: a loss). ± MC se: the Monte Carlo error; 95% interval: the sampling uncertainty of the estimate (only more history narrows it).',
    dataLine(source, r.asOf),
  ].join('\n');
}
