/**
 * Ticker hovers in notes: `$IREN`, `IREN` (bare-ticker mode), `BTC`, `CORZ` … show price, 1/7/30-day
 * change, drawdown, volatility, correlation and beta to the benchmarks (with how BTC was priced for
 * them, and "QQQ as NASDAQ-100 proxy" when QQQ stood for the index), the company's deals, a miner's
 * mining-vs-leasing economics per MW-year (./economicsLine.ts), the data source and its age, and
 * command links. Magnitudes (volatility, drawdown, VaR) carry no sign but a
 * loss's minus; changes are signed. Hovers read memory only: never the network.
 * Only this extension's own commands are trusted in the Markdown; texts from data sources are
 * escaped.
 */
import * as vscode from 'vscode';
import { tickerAt } from '../core/tickers';
import { ndxLabel, normaliseSymbol, proxyOf } from '../core/universe';
import { describeComposition, describeOrigin, formatMagnitude, formatNumber, formatPercent, formatPrice, pairNotes } from '../core/format';
import { escapeMarkdown } from '../core/markdown';
import type { MarketService } from './market';
import type { CatalogService } from './catalogService';
import { Commands } from './commands/ids';
import { DisposableStore, toDisposable } from './lifecycle';
import type { SettingsWatcher } from './settingsWatcher';
import type { NetworkService } from './network';
import { economicsMarkdown } from './economicsLine';

export const HOVER_COMMANDS = [Commands.showTicker, Commands.addToWatchlist, Commands.showDealsFor, Commands.refresh];

export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

export class TickerHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly network?: NetworkService,
  ) {}

  isKnown = (symbol: string): boolean => this.market.isKnown(symbol) || this.catalog.current().miner(normaliseSymbol(symbol)) !== undefined;

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const settings = this.market.currentSettings;
    const line = document.lineAt(position.line).text;
    const match = tickerAt(line, position.character, this.isKnown, settings.hover.bareTickers);
    if (!match) return undefined;
    const range = new vscode.Range(position.line, match.start, position.line, match.end);
    return new vscode.Hover(this.markdownFor(normaliseSymbol(match.symbol)), range);
  }

  /** The hover's Markdown for a symbol; exported for tests and the status bar tooltip. */
  markdownFor(symbol: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: HOVER_COMMANDS };
    md.supportHtml = false;
    const entry = this.market.marketStore.entry(symbol);
    const miner = this.catalog.current().miner(symbol);
    const name = miner?.name ?? entry?.name ?? symbol;
    md.appendMarkdown(`**${escapeMarkdown(symbol)}** · ${escapeMarkdown(name)}`);
    const proxy = proxyOf(symbol, this.market.peek(symbol)?.origin);
    if (proxy && proxy !== name) md.appendMarkdown(` · ${escapeMarkdown(proxy)}`);
    if (miner?.pivotStatus) md.appendMarkdown(` · AI/HPC pivot: ${escapeMarkdown(String(miner.pivotStatus))}`);
    md.appendMarkdown('\n\n');

    const report = this.market.report(symbol);
    const series = this.market.peek(symbol);
    if (!report || !series) {
      md.appendMarkdown(this.market.lastRefresh ? '*No price data for this symbol yet.*' : '*Market data is loading…*');
      md.appendMarkdown(`\n\n${commandLink('Refresh data', Commands.refresh, [])}`);
      return md;
    }
    md.appendMarkdown(`**${formatPrice(report.close)}** close on ${report.asOf} — `);
    md.appendMarkdown(`1d ${formatPercent(report.change['1d'])} · 7d ${formatPercent(report.change['7d'])} · 30d ${formatPercent(report.change['30d'])}\n\n`);
    const rows: string[][] = [
      ['Drawdown (365d peak)', formatMagnitude(report.drawdown.current), `max ${formatMagnitude(report.drawdown.max)}`],
      ['Volatility (ann.)', `30d ${formatMagnitude(report.volatility['30d'], 0)}`, `90d ${formatMagnitude(report.volatility['90d'], 0)}`],
    ];
    const benches = this.market.currentSettings.benchmarks;
    const notes = pairNotes(report);
    if (benches.includes('BTC')) rows.push(['vs BTC, 90d', `ρ ${formatNumber(report.correlation.BTC['90d'])}`, `β ${formatNumber(report.beta.BTC['90d'])}`]);
    if (benches.includes('NDX')) {
      const label = ndxLabel(this.market.peek('NDX')?.origin);
      const ndx = label === 'NASDAQ-100' ? 'vs NASDAQ-100, 90d' : `vs NASDAQ-100, 90d (${escapeMarkdown(label)})`;
      rows.push([ndx, `ρ ${formatNumber(report.correlation.NDX['90d'])}`, `β ${formatNumber(report.beta.NDX['90d'])}`]);
    }
    const cd = this.market.cd20Pair(symbol);
    if (benches.includes('CD20') && cd) rows.push(['vs CD20 proxy, 90d', `ρ ${formatNumber(cd.corr)}`, `β ${formatNumber(cd.beta)}`]);
    rows.push(['VaR / CVaR 95%, 1d', formatMagnitude(report.var95), formatMagnitude(report.cvar95)]);
    md.appendMarkdown('| | | |\n|---|---:|---:|\n' + rows.map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n\n');
    const lines: string[] = [];
    if (notes.btc && (benches.includes('BTC') || (symbol === 'BTC' && benches.includes('NDX')))) lines.push(`ρ, β with BTC: ${notes.btc}`);
    if (benches.includes('CD20') && cd?.composition) lines.push(`CD20 proxy: ${describeComposition(cd.composition)}; its constituents at their UTC-day closes`);
    if (report.source.basket) lines.push(`${symbol}: ${describeComposition(report.source.basket)}`);
    if (lines.length) md.appendMarkdown(lines.map((l) => `*${escapeMarkdown(l)}*`).join('  \n') + '\n\n');

    const deals = this.catalog.current().dealsOf(symbol);
    if (deals.length) {
      md.appendMarkdown('**AI/HPC deals**\n\n');
      for (const d of deals.slice(0, 5)) {
        const value = typeof d.valueUSD === 'number' ? `$${formatBillions(d.valueUSD)}` : 'value undisclosed';
        md.appendMarkdown(`- ${escapeMarkdown(d.name ?? d.id)} — ${value}${d.status ? `, ${escapeMarkdown(String(d.status))}` : ''}\n`);
      }
      if (deals.length > 5) md.appendMarkdown(`- … and ${deals.length - 5} more\n`);
      md.appendMarkdown('\n');
    }
    const econ = economicsMarkdown(symbol, this.network, this.market, this.catalog);
    if (econ) md.appendMarkdown(`${econ}\n\n`);
    md.appendMarkdown(`*Data: ${escapeMarkdown(describeOrigin(series.origin, Date.now()))}*\n\n`);
    const links = [commandLink('Show ticker', Commands.showTicker, [symbol])];
    if (deals.length) links.push(commandLink('Show deals', Commands.showDealsFor, [symbol]));
    if (!this.market.currentSettings.watchlist.includes(symbol) && !isDefault(this.market, symbol))
      links.push(commandLink('Add to watchlist', Commands.addToWatchlist, [symbol]));
    md.appendMarkdown(links.join(' · '));
    return md;
  }
}

function isDefault(market: MarketService, symbol: string): boolean {
  return market.symbolsToLoad().includes(symbol) && !market.currentSettings.watchlist.includes(symbol);
}

import { formatBillions } from '../shared/format';
export { formatBillions };

/** Registers the hover for the languages of `hashpivot.hover.languages`, again when they change. */
export function registerTickerHover(hover: TickerHoverProvider, settings: SettingsWatcher): vscode.Disposable {
  const store = new DisposableStore();
  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    const selector = settings.current.hover.languages.flatMap((language) => [
      { language, scheme: 'file' },
      { language, scheme: 'untitled' },
      { language, scheme: 'vscode-remote' },
    ]);
    registration = vscode.languages.registerHoverProvider(selector, hover);
  };
  register();
  store.add(toDisposable(() => registration?.dispose()));
  store.add(settings.onDidChange(register));
  return store;
}
