import * as vscode from 'vscode';
import { derivedFigures, type CatalogDeal } from '../../catalog';
import { describeOrigin, formatMagnitude, formatNumber, formatPercent, formatPrice, originLabel, pairNotes } from '../../core/format';
import { escapeMarkdown } from '../../core/markdown';
import { RISK_BANDS, type RiskBand } from '../../core/riskBand';
import { ndxLabel, type UniverseEntry } from '../../core/universe';
import type { MarketService } from '../market';
import type { CatalogService } from '../catalogService';
import { formatBillions } from '../hover';
import { Disposable } from '../lifecycle';

/**
 * A ticker row (Miners, Watchlist). Commands run from a view's menu receive it, so they take the
 * symbol from `entry.symbol` whichever view it comes from (commands/args.ts `symbolOf`).
 */
export class TickerNode extends vscode.TreeItem {
  constructor(
    readonly entry: UniverseEntry,
    readonly band: RiskBand,
    collapsible: vscode.TreeItemCollapsibleState,
  ) {
    super(entry.symbol, collapsible);
  }
}

/** A tree of ticker rows (Miners, Watchlist): redrawn when the market data or the catalog change. */
export abstract class TickerTreeProvider<T> extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<T | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    protected readonly market: MarketService,
    protected readonly catalog: CatalogService,
  ) {
    super();
    this._register(market.onDidChange(() => this.refresh()));
    this._register(catalog.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  private view: vscode.TreeView<T> | undefined;

  attach(view: vscode.TreeView<T>): void {
    this.view = view;
  }

  /** The view's message line: which data the rows show when it is not live, and how many failed to load. */
  protected setMessage(symbols: readonly string[], failed: number): void {
    if (this.view) this.view.message = dataMessage(this.market, symbols, failed);
  }
}

/** "Snapshot of 2026-05-29" / "Cached 3 h ago" (and "2 failed to load") / undefined when everything is live. */
function dataMessage(market: MarketService, symbols: readonly string[], failed: number): string | undefined {
  const origins = symbols.map((s) => market.peek(s)?.origin).filter((o) => o !== undefined);
  const parts: string[] = [];
  const snap = origins.filter((o) => o.kind === 'snapshot');
  const cached = origins.filter((o) => o.kind === 'cache');
  if (snap.length) {
    const dates = snap.map((o) => o.asOf.slice(0, 10)).sort();
    const range = dates[0] !== dates.at(-1) ? `, some series end ${dates[0]}` : '';
    parts.push(`Snapshot of ${dates.at(-1)}${range}${market.mode === 'snapshot' ? '' : ' (offline)'}`);
  }
  if (cached.length) {
    const oldest = cached.map((o) => o.asOf).sort()[0]!;
    parts.push(originLabel({ ...cached[0]!, asOf: oldest }, Date.now()).replace(/^c/, 'C'));
  }
  if (failed) parts.push(`${failed} failed to load`);
  return parts.length ? parts.join(' · ') : undefined;
}

const BAND_ICON: Record<RiskBand, { icon: string; color: string }> = {
  low: { icon: 'pass', color: 'charts.green' },
  moderate: { icon: 'info', color: 'charts.yellow' },
  high: { icon: 'warning', color: 'charts.orange' },
  extreme: { icon: 'flame', color: 'charts.red' },
  unknown: { icon: 'circle-outline', color: 'disabledForeground' },
};

/** A risk band's icon: a shape of its own and a colour, so the band does not rest on colour alone. */
export function bandIcon(band: RiskBand): vscode.ThemeIcon {
  return new vscode.ThemeIcon(BAND_ICON[band].icon, new vscode.ThemeColor(BAND_ICON[band].color));
}

/** Under the pair figures: how BTC was priced for them, and what stood for the NASDAQ-100. */
export function pairFootnote(r: Parameters<typeof pairNotes>[0], ndxOrigin: Parameters<typeof ndxLabel>[0]): string {
  const n = pairNotes(r);
  const ndx = ndxLabel(ndxOrigin);
  return [n.btc ? `BTC: ${n.btc}.` : undefined, ndx !== 'NASDAQ-100' ? `NDX: ${ndx}.` : undefined].filter(Boolean).join(' ');
}

/**
 * The tooltip of a ticker row: price and changes, risk figures, AI/HPC backlog, pivot status,
 * risk band and where the data came from; undefined when memory holds no report for it.
 */
export function tickerTooltip(market: MarketService, catalog: CatalogService, node: TickerNode): vscode.MarkdownString | undefined {
  const symbol = node.entry.symbol;
  const r = market.report(symbol);
  const s = market.peek(symbol);
  if (!r || !s) return undefined;
  const miner = catalog.current().miner(symbol);
  const md = new vscode.MarkdownString('', true);
  const name = miner?.name ?? node.entry.name;
  md.appendMarkdown(`**${escapeMarkdown(symbol)}**${name && name !== symbol ? ` — ${escapeMarkdown(name)}` : ''}\n\n`);
  md.appendMarkdown(
    `Close **${formatPrice(r.close)}** on ${r.asOf} · 1d ${formatPercent(r.change['1d'])} · 7d ${formatPercent(r.change['7d'])} · 30d ${formatPercent(r.change['30d'])}\n\n`,
  );
  const rows = [
    ['Drawdown from 365-day peak', formatMagnitude(r.drawdown.current), `max ${formatMagnitude(r.drawdown.max)}`],
    ['Volatility (annualized)', `30d ${formatMagnitude(r.volatility['30d'], 0)}`, `90d ${formatMagnitude(r.volatility['90d'], 0)}`],
    ['Correlation, 90d', `BTC ${formatNumber(r.correlation.BTC['90d'])}`, `NDX ${formatNumber(r.correlation.NDX['90d'])}`],
    ['Beta, 90d', `BTC ${formatNumber(r.beta.BTC['90d'])}`, `NDX ${formatNumber(r.beta.NDX['90d'])}`],
  ];
  const fig = miner ? derivedFigures(catalog.current(), symbol) : undefined;
  if (fig)
    rows.push([
      'AI/HPC backlog',
      fig.backlogUSD != null ? `$${formatBillions(fig.backlogUSD)}` : 'none known',
      fig.contractedMW != null ? `${fig.contractedMW} MW` : '',
    ]);
  md.appendMarkdown('| | | |\n|---|---:|---:|\n' + rows.map((x) => `| ${x.join(' | ')} |`).join('\n') + '\n\n');
  const foot = pairFootnote(r, market.peek('NDX')?.origin);
  if (foot) md.appendMarkdown(`*${escapeMarkdown(foot)}*\n\n`);
  if (miner?.pivotStatus) md.appendMarkdown(`AI/HPC pivot: **${escapeMarkdown(String(miner.pivotStatus))}**\n\n`);
  const band = RISK_BANDS.find((b) => b.band === node.band);
  md.appendMarkdown(`$(${BAND_ICON[node.band].icon}) Risk band **${node.band}**${band ? `: ${band.label}` : ''} (from 90-day volatility and drawdown).\n\n`);
  md.appendMarkdown(`*Data: ${escapeMarkdown(describeOrigin(s.origin, Date.now()))}*`);
  return md;
}

/** A deal row, shared by the Miners and Deals views. */
export class DealNode extends vscode.TreeItem {
  readonly kind = 'deal';
  constructor(
    readonly deal: CatalogDeal,
    readonly parentKey: string,
    label?: string,
  ) {
    super(label ?? deal.name ?? deal.id, vscode.TreeItemCollapsibleState.None);
    this.id = `${parentKey}/deal:${deal.id}`;
    const value = typeof deal.valueUSD === 'number' ? `$${formatBillions(deal.valueUSD)}` : 'value n/a';
    this.description = [value, deal.status ? shortStatus(String(deal.status)) : undefined].filter(Boolean).join(' · ');
    this.iconPath = new vscode.ThemeIcon('handshake');
    this.contextValue = deal.sources?.length ? 'hashpivot.deal.withSource' : 'hashpivot.deal';
    const md = new vscode.MarkdownString('', false);
    md.appendMarkdown(`**${escapeMarkdown(deal.name ?? deal.id)}**\n\n`);
    const rows: Array<[string, string | undefined]> = [
      ['Provider', deal.provider ?? undefined],
      ['Counterparty', deal.counterparty ?? undefined],
      ['Backer', deal.counterpartyBacker ?? undefined],
      ['End user', deal.endUser ?? undefined],
      ['Value', typeof deal.valueUSD === 'number' ? `$${formatBillions(deal.valueUSD)}` : 'undisclosed'],
      ['Term', deal.termYears != null ? `${deal.termYears} years` : undefined],
      ['MW', deal.mw != null ? String(deal.mw) : undefined],
      ['Announced', deal.announced ?? undefined],
      ['Status', deal.status ? String(deal.status) : undefined],
      ['Confidence', deal.confidence ? String(deal.confidence) : undefined],
    ];
    for (const [k, v] of rows) if (v) md.appendMarkdown(`- ${k}: ${escapeMarkdown(v)}\n`);
    if (deal.sources?.length) md.appendMarkdown(`\n*${deal.sources.length} source(s): right-click → Open Source Link*`);
    this.tooltip = md;
  }
}

/** The first clause of a long status text: "contracted; phased deployment through 2026" -> "contracted". */
export function shortStatus(status: string): string {
  const first = status.split(/[;(,]/)[0]!.trim();
  return first.length > 32 ? `${first.slice(0, 31)}…` : first;
}
