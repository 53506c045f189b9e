/**
 * The Portfolio view: the holdings' value, day and total P&L, 1-day VaR and expected shortfall,
 * β to BTC and to the NASDAQ-100, then each position (value, weight, P&L, risk share) with an
 * icon per risk band — a different glyph per band, coloured, so colour is never the only cue —
 * and where the figures come from (live, cached with age, snapshot with date).
 */
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { describeOrigin, feedLabel } from '../../core/format';
import { escapeMarkdown } from '../../core/markdown';
import { RISK_BANDS, riskBand, type RiskBand } from '../../core/riskBand';
import { positionCells, type PositionValue } from '../../core/portfolio';
import { formatMoney, formatNumber, formatPercent, formatPercentPlain } from '../../shared/format';
import type { MarketService } from '../market';
import type { PortfolioService } from './portfolioService';
import { bandIcon } from '../views/nodes';

/** Said beside the band's glyph (src/vscode/views/nodes.ts `bandIcon`: a different glyph per band, coloured). */
const BAND_LABEL: Record<RiskBand, string> = {
  low: 'low risk',
  moderate: 'moderate risk',
  high: 'high risk',
  extreme: 'extreme risk',
  unknown: 'risk unknown',
};

export class PortfolioFigureNode extends vscode.TreeItem {
  readonly kind = 'figure';
  constructor(id: string, label: string, value: string, tooltip: string | vscode.MarkdownString | undefined, icon: vscode.ThemeIcon) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `portfolio:${id}`;
    this.description = value;
    this.tooltip = tooltip;
    this.iconPath = icon;
  }
}

export class PositionNode extends vscode.TreeItem {
  readonly kind = 'position';
  constructor(
    readonly position: PositionValue,
    readonly band: RiskBand,
    share: number | null,
    tooltip: vscode.MarkdownString,
  ) {
    super(position.short ? `${position.symbol} (short)` : position.symbol, vscode.TreeItemCollapsibleState.None);
    this.id = `portfolio:position:${position.symbol}`;
    const p = position;
    this.description = [
      formatMoney(p.value),
      p.weight === null ? undefined : formatPercentPlain(p.weight, 1),
      p.pnl === null ? undefined : `P&L ${formatMoney(p.pnl, true)} (${formatPercent(p.pnlPct, 1)})`,
      share === null ? undefined : `risk ${formatPercentPlain(share, 0)}`,
    ]
      .filter(Boolean)
      .join(' · ');
    this.iconPath = bandIcon(band);
    this.tooltip = tooltip;
    this.contextValue = 'hashpivot.position';
    this.command = { command: 'hashpivot.showTicker', title: 'Open Ticker Panel', arguments: [p.symbol] };
    this.accessibilityInformation = { label: `${p.symbol}${p.short ? ' short' : ''}, ${this.description}, ${BAND_LABEL[band]}` };
  }
}

type Node = PortfolioFigureNode | PositionNode;

export class PortfolioTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly portfolio: PortfolioService,
    private readonly market: MarketService,
  ) {
    super();
    this._register(portfolio.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(n: Node): vscode.TreeItem {
    return n;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (n) return [];
    if (this.portfolio.current.holdings.positions.length) await this.market.ensureLoaded();
    return this.nodes();
  }

  /** The view's rows (also for the API and tests). */
  nodes(): Node[] {
    const state = this.portfolio.current;
    const figures = this.portfolio.compute();
    const out: Node[] = [];
    const where = state.origin === 'workspace' ? 'the workspace file .hashpivot/portfolio.json' : 'your user settings (no workspace file)';
    if (!figures) {
      if (state.holdings.cash !== 0)
        out.push(new PortfolioFigureNode('cash', 'Cash', formatMoney(state.holdings.cash), `Holdings from ${where}`, new vscode.ThemeIcon('credit-card')));
      return out;
    }
    const { valuation: v, risk: r, asOf } = figures;
    const t = v.totals;
    const origins = v.positions.map((p) => this.market.peek(p.symbol)?.origin).filter((o) => !!o);
    const dataLabel = [...new Set(origins.map((o) => describeOrigin(o, Date.now())))].join('; ') || 'no data';
    out.push(
      new PortfolioFigureNode(
        'value',
        'Value',
        `${formatMoney(t.value)} · today ${formatMoney(t.dayPnl, true)} (${formatPercent(t.dayPnlPct, 2)})`,
        md(
          `**Portfolio value ${formatMoney(t.value)}** as of ${asOf}\n\n- Positions ${formatMoney(t.invested)} (gross ${formatMoney(t.gross)})\n- Cash ${formatMoney(t.cash)}\n\n` +
            (t.unpriced.length ? `No price for ${escapeMarkdown(t.unpriced.join(', '))}: left out of the value.\n\n` : '') +
            `*Holdings from ${where}. Data: ${escapeMarkdown(dataLabel)}.*`,
        ),
        new vscode.ThemeIcon('graph'),
      ),
      new PortfolioFigureNode(
        'pnl',
        'P&L',
        t.pnl === null ? 'no cost basis' : `${formatMoney(t.pnl, true)} (${formatPercent(t.pnlPct, 1)})`,
        md(
          `P&L on a cost of ${formatMoney(t.cost)}` +
            (t.noCost.length ? `; ${escapeMarkdown(t.noCost.join(', '))} left out (no cost basis in the holdings)` : ''),
        ),
        new vscode.ThemeIcon(t.pnl === null ? 'circle-outline' : t.pnl >= 0 ? 'arrow-up' : 'arrow-down'),
      ),
    );
    if (r.reason || r.varUsd === null)
      out.push(new PortfolioFigureNode('risk', 'VaR', 'not computed', `Not computed: ${r.reason ?? 'no data'}`, new vscode.ThemeIcon('circle-outline')));
    else {
      const share = r.varReturn === null ? NaN : Math.abs(r.varReturn);
      const band: RiskBand = riskBand(r.volatilityAnnual ?? NaN, 0);
      out.push(
        new PortfolioFigureNode(
          'risk',
          'VaR 95% (1 day)',
          `${formatMoney(r.varUsd)} · ES ${formatMoney(r.esUsd)}`,
          md(
            `Historical 1-day VaR 95%: ${formatMoney(r.varUsd)} (${formatPercentPlain(-share, 2)} of the value); expected shortfall ${formatMoney(r.esUsd)}.\n\n` +
              `${r.sessions} daily returns ${r.from} to ${r.to}, today's weights held fixed. Volatility ${formatPercentPlain(r.volatilityAnnual, 1)} a year ` +
              `(${RISK_BANDS.find((b) => b.band === band)?.label ?? 'band unknown'}).`,
          ),
          bandIcon(band),
        ),
        new PortfolioFigureNode(
          'beta',
          'β',
          `BTC ${formatNumber(r.betaBtc, 2)} · NASDAQ-100 ${formatNumber(r.betaNdx, 2)}`,
          'OLS slope of the portfolio’s daily returns on the benchmark’s, over the same sessions',
          new vscode.ThemeIcon('pulse'),
        ),
      );
    }
    if (t.cash !== 0) out.push(new PortfolioFigureNode('cash', 'Cash', formatMoney(t.cash), undefined, new vscode.ThemeIcon('credit-card')));
    const byRisk = new Map(r.contributions.map((c) => [c.symbol, c]));
    for (const p of v.positions) {
      const rep = this.market.report(p.symbol);
      const band = rep ? riskBand(rep.volatility['90d'], rep.drawdown.current) : 'unknown';
      const c = byRisk.get(p.symbol);
      const origin = this.market.peek(p.symbol)?.origin;
      const cells = positionCells(p, c);
      // Priced by a live quote: say how it came (a REST poll or BTC's websocket stream) and when.
      const live = p.source === 'live' && this.market.mode !== 'snapshot' ? this.market.marketStore.peekQuote(p.symbol) : undefined;
      const priceNote =
        live && live.time === p.priceTime
          ? ` (${feedLabel(live.feed)}, ${escapeMarkdown(live.time.slice(11, live.feed === 'stream' ? 19 : 16))} UTC)`
          : p.priceTime
            ? ` (${escapeMarkdown(p.priceTime.slice(0, 10))})`
            : '';
      const tip = md(
        `**${escapeMarkdown(p.symbol)}**${p.short ? ' (short)' : ''} — ${BAND_LABEL[band]}\n\n` +
          `| | |\n|---|---|\n` +
          `| Quantity | ${cells.quantity} |\n` +
          `| Price | ${cells.price}${priceNote} |\n` +
          `| Value | ${cells.value} |\n| Weight | ${cells.weight} |\n` +
          `| Cost per unit | ${cells.costBasis} |\n| P&L | ${cells.pnl} (${cells.pnlPct}) |\n` +
          `| Today | ${cells.dayPnl} (${cells.dayPnlPct}) |\n` +
          `| Risk share (component VaR) | ${c ? `${cells.riskShare} (${cells.componentVar})` : '–'} |\n` +
          `| ES contribution | ${c ? cells.esContribution : '–'} |\n\n` +
          (p.reasons.length ? `${escapeMarkdown(p.reasons.join('; '))}\n\n` : '') +
          `*Data: ${escapeMarkdown(origin ? describeOrigin(origin, Date.now()) : 'none')}*`,
      );
      out.push(new PositionNode(p, band, c ? c.componentVarShare : null, tip));
    }
    return out;
  }
}

function md(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text, false);
  m.supportHtml = false;
  return m;
}
