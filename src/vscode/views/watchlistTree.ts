import * as vscode from 'vscode';
import { originLabel, formatPercent, formatPrice } from '../../core/format';
import { escapeMarkdown } from '../../core/markdown';
import { riskBand, type RiskBand } from '../../core/riskBand';
import type { UniverseEntry } from '../../core/universe';
import { watchRowDescription } from '../../core/watchlist';
import { CORE_SYMBOLS, type RefreshResult } from '../market';
import { bandIcon, TickerNode, TickerTreeProvider, tickerTooltip } from './nodes';

/** Why a row has no data: in a few words for the row, and in full for its tooltip. */
export interface WatchProblem {
  short: string;
  detail: string;
}

/** A watchlist row; `problem` says why it has no data, when it has none. */
export class WatchNode extends TickerNode {
  readonly kind = 'watch';
  constructor(
    entry: UniverseEntry,
    band: RiskBand,
    readonly position: { first: boolean; last: boolean },
    readonly problem?: WatchProblem,
  ) {
    super(entry, band, vscode.TreeItemCollapsibleState.None);
    this.id = `watch:${entry.symbol}`;
  }
}

/**
 * The Watchlist view: the `hashpivot.watchlist` tickers in the setting's order, each with its last
 * price, the day's change (amount and percent), where the data came from, its risk band icon and
 * the Miners tooltip. A ticker without data stays listed, saying "no data" and why. Redraws on
 * market, catalog and settings changes (a watchlist change reaches it through the market service).
 */
export class WatchlistTreeProvider extends TickerTreeProvider<WatchNode> implements vscode.TreeDataProvider<WatchNode> {
  getTreeItem(node: WatchNode): vscode.TreeItem {
    const symbol = node.entry.symbol;
    const cataloged = this.catalog.current().miner(symbol) ? '.cataloged' : '';
    // What the menus test: `.priced`, `.cataloged`, and `.up` / `.down` where the row can move.
    const order = `${node.position.first ? '' : '.up'}${node.position.last ? '' : '.down'}`;
    node.iconPath = bandIcon(node.band);
    const r = this.market.report(symbol);
    const s = this.market.peek(symbol);
    const tooltip = tickerTooltip(this.market, this.catalog, node);
    if (!r || !s || !tooltip) {
      const why = node.problem ?? { short: 'not loaded', detail: 'No price data was loaded (see Hashpivot: Show Output).' };
      node.contextValue = `hashpivot.watch.nodata${order}`;
      node.iconPath = new vscode.ThemeIcon('question');
      node.description = `no data · ${why.short}`;
      const md = new vscode.MarkdownString('', true);
      md.appendMarkdown(`**${escapeMarkdown(symbol)}**: no data, ${escapeMarkdown(why.short)}\n\n${escapeMarkdown(why.detail)}\n\n`);
      md.appendMarkdown('Check the ticker (Yahoo Finance spelling, such as `BRK-B` or `^GSPC`), or remove it from the watchlist.');
      node.tooltip = md;
      node.accessibilityInformation = { label: `${symbol}, no data, ${why.short}` };
      return node;
    }
    node.contextValue = `hashpivot.watch.priced${cataloged}${order}`;
    node.description = watchRowDescription(r.close, r.change['1d'], originLabel(s.origin, Date.now()));
    node.tooltip = tooltip;
    node.accessibilityInformation = {
      label: `${symbol}, ${formatPrice(r.close)}, ${formatPercent(r.change['1d'])} on the day, risk ${node.band}, ${originLabel(s.origin, Date.now())}`,
    };
    return node;
  }

  async getChildren(node?: WatchNode): Promise<WatchNode[]> {
    if (node) return [];
    const symbols = this.market.currentSettings.watchlist;
    if (!symbols.length) {
      this.setMessage([], 0);
      return []; // the welcome view, with its Add to Watchlist button
    }
    const result = await this.market.ensureLoaded();
    const list = this.market.currentSettings.watchlist;
    this.setMessage(list, result.failed.filter((f) => list.includes(f.symbol)).length);
    return list.map((symbol, i) => {
      const r = this.market.report(symbol);
      const band = r ? riskBand(r.volatility['90d'], r.drawdown.current) : 'unknown';
      const entry = this.market.marketStore.entry(symbol) ?? { symbol, name: symbol, assetClass: 'equity', group: 'ai', sources: [], snapshotKeys: [] };
      return new WatchNode(entry, band, { first: i === 0, last: i === list.length - 1 }, r ? undefined : this.problemOf(symbol, result));
    });
  }

  /** Why a ticker has no data: whether Hashpivot knows it at all, and the refresh's reason. */
  private problemOf(symbol: string, result: RefreshResult): WatchProblem {
    const failed = result.failed.find((f) => f.symbol === symbol)?.reason;
    const known = CORE_SYMBOLS.includes(symbol) || this.catalog.current().miner(symbol) !== undefined;
    const reason = failed ? `The last refresh said: ${failed}.` : 'No price data was loaded (see Hashpivot: Show Output).';
    if (!known) return { short: 'not in the universe or catalog', detail: `${symbol} is not in Hashpivot's universe or catalog. ${reason}` };
    return { short: failed ? 'failed to load' : 'not loaded', detail: reason };
  }

  getParent(): undefined {
    return undefined;
  }
}
