/**
 * `hashpivot portfolio [--file F] [--as-of DATE] [--lookback DAYS] [--source …] [--json]`: what a
 * holdings file is worth on a date, its P&L, weights, β to BTC and the NASDAQ-100, historical
 * VaR/ES in USD and each position's risk contribution (src/core/portfolio). A bad holdings file
 * is exit 2 with every problem named (file:line:col, entry, field).
 */
import { portfolioRisk, positionCells, valueAtCloses, WORKSPACE_PORTFOLIO_PATH, type PortfolioRisk, type PortfolioValuation } from '../../core/portfolio';
import { analyticsToJson } from '../../core/scenario';
import { formatMoney, formatNumber, formatPercent } from '../../shared/format';
import { readHoldingsFile } from '../holdings';
import { CliError, type Io } from '../io';
import { analyticsError, ANALYTICS_OPTIONS_HELP, commonAsOf, loadPrices, sourceLine, storeFor, type AnalyticsCommandOptions } from '../marketData';
import { intOption, MARKET_OPTIONS, marketOptions, parseOptions } from '../options';
import { formatTable, pct } from '../table';

export const PORTFOLIO_USAGE = `Usage: hashpivot portfolio [options]

A holdings file's value, P&L (total and the day's), weights, β to BTC and the NASDAQ-100,
1-day historical VaR and expected shortfall (95%) in USD, and each position's risk contribution:
its Euler component of the Gaussian VaR (the shares add up to 100%) and its mean P&L on the
portfolio's worst 5% of days (they add up to the expected shortfall).

Prices are the closes on or before the as-of date; the risk uses the daily returns of the last
365 days on the sessions all positions share, today's weights held fixed (cash earns nothing).

Options:
  --file FILE              the holdings (default ./${WORKSPACE_PORTFOLIO_PATH}):
                           { "positions": [ { "symbol": "IREN", "quantity": 100, "costBasis": 30 } ], "cash": 1000 }
  --lookback DAYS          days of history for the risk (default 365)
${ANALYTICS_OPTIONS_HELP}`;

export async function portfolioCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, PORTFOLIO_USAGE, { ...MARKET_OPTIONS, file: { type: 'string' }, lookback: { type: 'string' } });
  if (values.help) {
    io.out(PORTFOLIO_USAGE);
    return 0;
  }
  if (positionals.length)
    throw new CliError(`portfolio takes no positional arguments, got ${positionals.join(' ')} (the holdings are --file FILE)\n\n${PORTFOLIO_USAGE}`);
  const c = marketOptions(values);
  const lookback = intOption('--lookback', values.lookback, 30, 3650);
  const file = values.file ?? WORKSPACE_PORTFOLIO_PATH;
  const store = storeFor(c, io, opts);
  const holdings = readHoldingsFile(file, store, io);
  const symbols = holdings.positions.map((p) => p.symbol);
  const prices = await loadPrices(store, [...symbols, 'BTC', 'NDX'], c.asOf);
  const asOf = c.asOf ?? commonAsOf(prices, symbols);
  const valuation = valueAtCloses(holdings, prices, asOf);
  const riskResult = analyticsError(() => portfolioRisk(valuation, prices, asOf, { lookbackDays: lookback }));
  if (c.json) io.out(analyticsToJson(portfolioJson(file, asOf, valuation, riskResult, sourceLine(prices))));
  else io.out(renderPortfolio(file, asOf, valuation, riskResult) + `\n${sourceLine(prices)}`);
  return valuation.totals.unpriced.length ? 1 : 0;
}

/** The JSON of `portfolio --json` (numbers as numbers; unknown ones null with the position's reasons). */
export function portfolioJson(file: string, asOf: string, v: PortfolioValuation, r: PortfolioRisk, data: string) {
  const byRisk = new Map(r.contributions.map((c) => [c.symbol, c]));
  return {
    file,
    asOf,
    source: v.totals.source,
    data,
    totals: v.totals,
    positions: v.positions.map((p) => ({
      ...p,
      componentVarUsd: byRisk.get(p.symbol)?.componentVarUsd ?? null,
      componentVarShare: byRisk.get(p.symbol)?.componentVarShare ?? null,
      esContributionUsd: byRisk.get(p.symbol)?.esContributionUsd ?? null,
    })),
    risk: { ...r, contributions: undefined },
  };
}

export function renderPortfolio(file: string, asOf: string, v: PortfolioValuation, r: PortfolioRisk): string {
  const t = v.totals;
  const byRisk = new Map(r.contributions.map((c) => [c.symbol, c]));
  const lines = [
    `Portfolio ${file}, as of ${asOf}.`,
    `Value ${formatMoney(t.value)} (positions ${formatMoney(t.invested)}, cash ${formatMoney(t.cash)}; gross exposure ${formatMoney(t.gross)}).`,
    `P&L ${formatMoney(t.pnl, true)} (${formatPercent(t.pnlPct, 1)} on a cost of ${formatMoney(t.cost)})` +
      `${t.noCost.length ? `, without ${t.noCost.join(', ')} (no cost basis)` : ''}; today ${formatMoney(t.dayPnl, true)} (${formatPercent(t.dayPnlPct, 2)}).`,
    '',
    formatTable(
      ['Symbol', 'Quantity', 'Price', 'Value', 'Weight', 'Cost/unit', 'P&L', 'P&L %', 'Day P&L', 'Risk share', 'ES contrib.'],
      v.positions.map((p) => {
        const c = positionCells(p, byRisk.get(p.symbol));
        return [c.position, c.quantity, c.price, c.value, c.weight, c.costBasis, c.pnl, c.pnlPct, c.dayPnl, c.riskShare, c.esContribution];
      }),
    ),
    '',
  ];
  if (r.reason) lines.push(`Risk: not computed — ${r.reason}.`);
  else
    lines.push(
      `Risk (${r.sessions} daily returns ${r.from} to ${r.to}): 1-day VaR 95% ${formatMoney(r.varUsd)} (${pct(r.varReturn, 2)}), ` +
        `expected shortfall ${formatMoney(r.esUsd)} (${pct(r.esReturn, 2)}); Gaussian VaR ${formatMoney(r.parametricVarUsd === null ? null : -r.parametricVarUsd)}; ` +
        `volatility ${pct(r.volatilityAnnual, 1)} a year; β to BTC ${formatNumber(r.betaBtc, 2)}, to the NASDAQ-100 ${formatNumber(r.betaNdx, 2)}.`,
      'Risk share: the position’s Euler component of the Gaussian VaR (negative: it hedges). ES contrib.: its mean P&L on the portfolio’s worst 5% of days.',
    );
  for (const e of r.excluded) lines.push(`Left out of the risk: ${e.symbol} (${e.reason}).`);
  for (const p of v.positions) if (p.price === null) lines.push(`${p.symbol}: ${p.reasons.join('; ')}.`);
  return lines.join('\n');
}
