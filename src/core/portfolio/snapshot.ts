/**
 * The dated Markdown table that "Insert Portfolio Snapshot into Note" puts at the cursor: totals,
 * then one row per position, then the risk line and where the prices came from. Pure.
 */
import { formatMoney, formatNumber, formatPercent, formatPercentPlain, formatPrice } from '../../shared/format';
import { escapeMarkdown, markdownTable } from '../markdown';
import type { PortfolioRisk, PortfolioValuation, PositionValue, RiskContribution } from './valuation';

/** A position's figures as text cells, the same wherever they are shown (the CLI's table, a note's snapshot, the view's tooltip). */
export function positionCells(p: PositionValue, c: RiskContribution | undefined) {
  return {
    position: p.short ? `${p.symbol} (short)` : p.symbol,
    quantity: formatNumber(p.quantity, Math.abs(p.quantity) < 10 ? 4 : 0),
    price: formatPrice(p.price),
    value: formatMoney(p.value),
    weight: formatPercentPlain(p.weight, 1),
    costBasis: formatPrice(p.costBasis),
    pnl: formatMoney(p.pnl, true),
    pnlPct: formatPercent(p.pnlPct, 1),
    dayPnl: formatMoney(p.dayPnl, true),
    dayPnlPct: formatPercent(p.dayPnlPct, 2),
    riskShare: formatPercentPlain(c?.componentVarShare ?? null, 1),
    componentVar: formatMoney(c?.componentVarUsd ?? null),
    esContribution: formatMoney(c?.esContributionUsd ?? null),
  };
}

export function portfolioSnapshotMarkdown(v: PortfolioValuation, r: PortfolioRisk, asOf: string, dataLabel: string, now: Date): string {
  const t = v.totals;
  const byRisk = new Map(r.contributions.map((c) => [c.symbol, c]));
  const table = markdownTable(
    ['Position', 'Quantity', 'Price', 'Value', 'Weight', 'P&L', 'P&L %', 'Today', 'Risk share'],
    v.positions.map((p) => {
      const c = positionCells(p, byRisk.get(p.symbol));
      return [c.position, c.quantity, c.price, c.value, c.weight, c.pnl, c.pnlPct, c.dayPnl, c.riskShare];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const risk = r.reason
    ? `Risk not computed: ${escapeMarkdown(r.reason)}.`
    : `1-day VaR 95% ${formatMoney(r.varUsd)}, expected shortfall ${formatMoney(r.esUsd)} (historical, ${r.sessions} days ${r.from} to ${r.to}); β to BTC ${formatNumber(r.betaBtc, 2)}, to the NASDAQ-100 ${formatNumber(r.betaNdx, 2)}.`;
  return [
    `**Hashpivot portfolio snapshot** — ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC, prices as of ${asOf}`,
    '',
    `Value ${formatMoney(t.value)} (cash ${formatMoney(t.cash)}); P&L ${formatMoney(t.pnl, true)} (${formatPercent(t.pnlPct, 1)}); today ${formatMoney(t.dayPnl, true)} (${formatPercent(t.dayPnlPct, 2)}).`,
    '',
    table,
    '',
    `*${risk} Risk share: the position's Euler component of the Gaussian VaR. Data: ${escapeMarkdown(dataLabel)}.*`,
    '',
  ].join('\n');
}
