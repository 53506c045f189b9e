/**
 * The dated Markdown table that "Insert risk snapshot into note" puts at the cursor. Pure.
 */
import { describeOrigin, formatMagnitude, formatNumber, formatPercent, formatPrice, reportFootnotes } from './format';
import { escapeMarkdown, markdownTable } from './markdown';
import type { SymbolReport } from './report';
import type { DataOrigin } from './types';

export function riskSnapshotMarkdown(rows: ReadonlyArray<{ report: SymbolReport; origin: DataOrigin }>, now: Date): string {
  const table = markdownTable(
    ['Ticker', 'Close', 'As of', '1d', '7d', '30d', 'Drawdown', 'Vol 90d', 'β BTC', 'β NDX', 'ρ BTC', 'ρ NDX', 'VaR95 1d', 'Data'],
    rows.map(({ report: r, origin }) => [
      r.symbol,
      formatPrice(r.close),
      r.asOf,
      formatPercent(r.change['1d']),
      formatPercent(r.change['7d']),
      formatPercent(r.change['30d']),
      formatMagnitude(r.drawdown.current),
      formatMagnitude(r.volatility['90d'], 0),
      formatNumber(r.beta.BTC['90d']),
      formatNumber(r.beta.NDX['90d']),
      formatNumber(r.correlation.BTC['90d']),
      formatNumber(r.correlation.NDX['90d']),
      formatMagnitude(r.var95),
      describeOrigin(origin, now.getTime()),
    ]),
    ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const kinds = new Set(rows.map((r) => r.origin.kind));
  const sourceLine =
    kinds.size === 1 && kinds.has('live')
      ? 'live market data'
      : [...kinds]
          .map((k) => (k === 'snapshot' ? 'the embedded snapshot of real daily prices' : k === 'cache' ? 'cached market data' : 'live market data'))
          .join(' and ');
  return [
    `**Hashpivot risk snapshot** — ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC, from ${sourceLine}`,
    '',
    table,
    '',
    '*1d: the last two sessions; 7d, 30d: over calendar days to each close; drawdown from the 365-day peak; volatility annualized; β and ρ over 90 days on aligned calendars (BTC as of each equity session); 1-day historical VaR at 95% over 365 days.*',
    ...reportFootnotes(rows.map((r) => r.report)).flatMap((l) => ['', `*${escapeMarkdown(l.trim())}*`]),
    '',
  ].join('\n');
}
