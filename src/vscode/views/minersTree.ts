import * as vscode from 'vscode';
import { formatMagnitude, formatNumber, formatPercent, formatPrice } from '../../core/format';
import { RISK_ORDER, riskBand, type RiskBand } from '../../core/riskBand';
import { MINERS, type UniverseEntry } from '../../core/universe';
import { derivedFigures } from '../../catalog';
import { CORE_SYMBOLS } from '../market';
import { formatBillions } from '../hover';
import { bandIcon, DealNode, pairFootnote, TickerNode, TickerTreeProvider, tickerTooltip } from './nodes';
import type { MarketService } from '../market';
import type { CatalogService } from '../catalogService';
import type { NetworkService } from '../network';
import { economicsMarkdown } from '../economicsLine';

export class MinerNode extends TickerNode {
  readonly kind = 'miner';
  constructor(entry: UniverseEntry, band: RiskBand) {
    super(entry, band, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `miner:${entry.symbol}`;
  }
}

class GroupNode extends vscode.TreeItem {
  readonly kind = 'group';
  constructor(
    readonly key: string,
    readonly members: MinerNode[],
  ) {
    super(key, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `miners-group:${key}`;
    this.description = `${members.length}`;
    this.contextValue = 'hashpivot.minerGroup';
  }
}

class FigureNode extends vscode.TreeItem {
  readonly kind = 'figure';
  constructor(id: string, label: string, value: string, tooltip?: string, icon = 'symbol-number') {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.description = value;
    this.tooltip = tooltip;
    this.iconPath = new vscode.ThemeIcon(icon);
  }
}

class DealsFolderNode extends vscode.TreeItem {
  readonly kind = 'dealsFolder';
  constructor(
    readonly symbol: string,
    count: number,
  ) {
    super('AI/HPC deals', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `miner:${symbol}/deals`;
    this.description = String(count);
    this.iconPath = new vscode.ThemeIcon('briefcase');
  }
}

type Node = MinerNode | GroupNode | FigureNode | DealsFolderNode | DealNode;

const PIVOT_ORDER = ['energized', 'contracted', 'announced'];

/**
 * The Miners view: each miner with price and 30-day change, an icon coloured by its risk band,
 * a Markdown tooltip with its risk figures and its mining-vs-leasing economics, and children for its deals and key figures. Groups
 * and sorts per the `hashpivot.miners.*` settings. Its message line says which data it shows when
 * that is not live.
 */
export class MinersTreeProvider extends TickerTreeProvider<Node> implements vscode.TreeDataProvider<Node> {
  private nodes = new Map<string, MinerNode>();

  constructor(
    market: MarketService,
    catalog: CatalogService,
    private readonly network?: NetworkService,
  ) {
    super(market, catalog);
    // The tooltips' economics line waits for the network data (loaded when a tooltip first asks).
    if (network) this._register(network.onDidLoad(() => this.refresh()));
  }

  /** Miners: the default universe plus any catalog miner (workspace additions). */
  private miners(): UniverseEntry[] {
    const list = [...MINERS];
    for (const t of this.catalog.current().tickers()) {
      if (!list.some((m) => m.symbol === t))
        list.push({
          symbol: t,
          name: this.catalog.current().miner(t)?.name ?? t,
          assetClass: 'equity',
          group: 'miner',
          sources: [{ provider: 'yahoo', symbol: t }],
          snapshotKeys: [t],
        });
    }
    return list;
  }

  private bandOf(symbol: string): RiskBand {
    const r = this.market.report(symbol);
    return r ? riskBand(r.volatility['90d'], r.drawdown.current) : 'unknown';
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof MinerNode) this.decorateMiner(node);
    return node;
  }

  private decorateMiner(item: MinerNode): void {
    const symbol = item.entry.symbol;
    const r = this.market.report(symbol);
    const miner = this.catalog.current().miner(symbol);
    item.contextValue = miner ? 'hashpivot.miner.cataloged' : 'hashpivot.miner';
    item.iconPath = bandIcon(item.band);
    const tooltip = tickerTooltip(this.market, this.catalog, item);
    if (!r || !tooltip) {
      item.description = 'no price data';
      item.tooltip = `${miner?.name ?? item.entry.name}: no price data (see Hashpivot: Show Output)`;
      return;
    }
    item.description = `$${formatPrice(r.close)}  ${formatPercent(r.change['30d'])} 30d`;
    const econ = economicsMarkdown(symbol, this.network, this.market, this.catalog);
    if (econ) tooltip.appendMarkdown(`\n\n${econ}`);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${symbol}, ${formatPrice(r.close)}, ${formatPercent(r.change['30d'])} over 30 days, risk ${item.band}` };
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const result = await this.market.ensureLoaded();
      // Failures of the core symbols and the listed miners; a watchlist ticker's failure is the Watchlist view's to say.
      const ours = new Set([...CORE_SYMBOLS, ...this.miners().map((m) => m.symbol)]);
      this.setMessage(
        this.miners().map((m) => m.symbol),
        result.failed.filter((f) => ours.has(f.symbol)).length,
      );
      return this.roots();
    }
    if (node instanceof GroupNode) return node.members;
    if (node instanceof MinerNode) return this.minerChildren(node);
    if (node instanceof DealsFolderNode)
      return this.catalog
        .current()
        .dealsOf(node.symbol)
        .map((d) => new DealNode(d, `miner:${node.symbol}`));
    return [];
  }

  private roots(): Node[] {
    const { groupBy, sortBy } = this.market.currentSettings.miners;
    const nodes = this.miners().map((m) => new MinerNode(m, this.bandOf(m.symbol)));
    this.nodes = new Map(nodes.map((n) => [n.entry.symbol, n]));
    const cat = this.catalog.current();
    const backlog = (s: string) => (cat.miner(s) ? (derivedFigures(cat, s).backlogUSD ?? -1) : -1);
    const change = (s: string) => this.market.report(s)?.change['30d'] ?? -Infinity;
    nodes.sort((a, b) => {
      const x = a.entry.symbol;
      const y = b.entry.symbol;
      if (sortBy === 'change') return change(y) - change(x) || x.localeCompare(y);
      if (sortBy === 'risk') return RISK_ORDER[b.band] - RISK_ORDER[a.band] || x.localeCompare(y);
      if (sortBy === 'backlog') return backlog(y) - backlog(x) || x.localeCompare(y);
      return x.localeCompare(y);
    });
    if (groupBy === 'none') return nodes;
    const keyOf = (n: MinerNode) => (groupBy === 'risk' ? `Risk: ${n.band}` : `Pivot: ${String(cat.miner(n.entry.symbol)?.pivotStatus ?? 'not in catalog')}`);
    const groups = new Map<string, MinerNode[]>();
    for (const n of nodes) groups.set(keyOf(n), [...(groups.get(keyOf(n)) ?? []), n]);
    const order = (k: string) => {
      if (groupBy === 'risk') return RISK_ORDER[k.replace('Risk: ', '') as RiskBand] ?? 9;
      const i = PIVOT_ORDER.indexOf(k.replace('Pivot: ', ''));
      return i < 0 ? 9 : i;
    };
    return [...groups.entries()].sort((a, b) => order(a[0]) - order(b[0])).map(([k, m]) => new GroupNode(k, m));
  }

  private minerChildren(node: MinerNode): Node[] {
    const symbol = node.entry.symbol;
    const out: Node[] = [];
    const cat = this.catalog.current();
    const deals = cat.dealsOf(symbol);
    if (deals.length) out.push(new DealsFolderNode(symbol, deals.length));
    const r = this.market.report(symbol);
    const id = (k: string) => `miner:${symbol}/${k}`;
    if (cat.miner(symbol)) {
      const f = derivedFigures(cat, symbol);
      out.push(
        new FigureNode(
          id('backlog'),
          'Contracted backlog',
          f.backlogUSD != null ? `$${formatBillions(f.backlogUSD)}` : 'none known',
          f.notes.join('\n') || undefined,
          'graph',
        ),
      );
      if (f.contractedMW != null || f.totalMW != null)
        out.push(
          new FigureNode(
            id('mw'),
            'HPC MW contracted',
            `${f.contractedMW ?? '?'} of ${f.totalMW ?? '?'} MW${f.mwShare != null ? ` (${formatMagnitude(f.mwShare, 0)})` : ''}`,
            undefined,
            'zap',
          ),
        );
      if (f.pivotDebtUSD != null)
        out.push(
          new FigureNode(
            id('debt'),
            'Debt raised for the pivot',
            `$${formatBillions(f.pivotDebtUSD)}${f.debtToBacklog != null ? ` (${formatNumber(f.debtToBacklog)}× backlog)` : ''}`,
            undefined,
            'credit-card',
          ),
        );
    }
    if (r) {
      out.push(
        new FigureNode(
          id('dd'),
          'Drawdown from 365-day peak',
          formatMagnitude(r.drawdown.current),
          `Max drawdown over the window: ${formatMagnitude(r.drawdown.max)}`,
          'arrow-down',
        ),
      );
      out.push(new FigureNode(id('vol'), 'Volatility 90d (ann.)', formatMagnitude(r.volatility['90d'], 0), undefined, 'pulse'));
      out.push(
        new FigureNode(
          id('beta'),
          'Beta 90d',
          `BTC ${formatNumber(r.beta.BTC['90d'])} · NDX ${formatNumber(r.beta.NDX['90d'])}`,
          `OLS slope of daily returns, prices aligned on the equity sessions. ${pairFootnote(r, this.market.peek('NDX')?.origin)}`,
          'symbol-operator',
        ),
      );
      out.push(
        new FigureNode(
          id('var'),
          'VaR / CVaR 95%, 1 day',
          `${formatMagnitude(r.var95)} / ${formatMagnitude(r.cvar95)}`,
          'Historical, over the last 365 days',
          'warning',
        ),
      );
    }
    return out;
  }

  getParent(node: Node): Node | undefined {
    if (node instanceof DealNode) {
      const sym = node.parentKey.replace(/^miner:/, '');
      return new DealsFolderNode(sym, this.catalog.current().dealsOf(sym).length);
    }
    if (node instanceof DealsFolderNode || node instanceof FigureNode)
      return this.nodes.get(
        String(node.id)
          .split('/')[0]!
          .replace(/^miner:/, ''),
      );
    return undefined;
  }
}
