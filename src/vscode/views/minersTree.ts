import * as vscode from 'vscode';
import { changeOver, closeAsOf } from '../../core/report';
import { describeOrigin, formatPercent, formatPrice } from '../../core/format';
import { MINERS, type UniverseEntry } from '../../core/universe';
import type { MarketService } from '../market';

export class MinerItem extends vscode.TreeItem {
  constructor(readonly entry: UniverseEntry) {
    super(entry.symbol, vscode.TreeItemCollapsibleState.None);
  }
}

/**
 * The Miners view: each miner with its last close and 30-day change. Its message line says
 * which data it shows when that is not live (snapshot date, cache age).
 */
export class MinersTreeProvider implements vscode.TreeDataProvider<MinerItem>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<MinerItem | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private view: vscode.TreeView<MinerItem> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly market: MarketService) {
    this.subscription = market.onDidChange(() => this.emitter.fire(undefined));
  }

  attach(view: vscode.TreeView<MinerItem>): void {
    this.view = view;
  }

  getTreeItem(item: MinerItem): vscode.TreeItem {
    const s = this.market.peek(item.entry.symbol);
    item.id = `miner:${item.entry.symbol}`;
    item.contextValue = 'hashpivot.miner';
    if (!s || s.dates.length === 0) {
      item.description = 'no data';
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.tooltip = `${item.entry.name}: no price data (see Hashpivot output)`;
      return item;
    }
    const last = s.dates.at(-1)!;
    const close = closeAsOf(s, last);
    const ch30 = changeOver(s, last, 30);
    item.description = `$${formatPrice(close)}  ${formatPercent(ch30)} 30d`;
    item.iconPath = new vscode.ThemeIcon(ch30 >= 0 ? 'arrow-up' : 'arrow-down', new vscode.ThemeColor(ch30 >= 0 ? 'charts.green' : 'charts.red'));
    const md = new vscode.MarkdownString(undefined, false);
    md.appendMarkdown(`**${item.entry.symbol}** — `).appendText(item.entry.name);
    md.appendMarkdown(`\n\nClose ${formatPrice(close)} on ${last}, ${formatPercent(ch30)} over 30 days`);
    md.appendMarkdown('\n\n*Data: ').appendText(describeOrigin(s.origin, Date.now())).appendMarkdown('*');
    item.tooltip = md;
    return item;
  }

  async getChildren(element?: MinerItem): Promise<MinerItem[]> {
    if (element) return [];
    const result = await this.market.ensureLoaded();
    if (this.view) this.view.message = this.statusMessage(result.failed.length);
    return MINERS.map((m) => new MinerItem(m));
  }

  /** "Snapshot of 2026-05-29 (offline)" / "Cached 3 h ago" / undefined when everything is live. */
  private statusMessage(failed: number): string | undefined {
    const origins = MINERS.map((m) => this.market.peek(m.symbol)?.origin).filter((o) => o !== undefined);
    const parts: string[] = [];
    const snap = origins.filter((o) => o.kind === 'snapshot');
    const cached = origins.filter((o) => o.kind === 'cache');
    if (snap.length) {
      const dates = snap.map((o) => o.asOf.slice(0, 10)).sort();
      const range = dates[0] !== dates.at(-1) ? `, some series end ${dates[0]}` : '';
      parts.push(`Snapshot of ${dates.at(-1)}${range}${this.market.mode === 'snapshot' ? '' : ' (offline)'}`);
    }
    if (cached.length) {
      const oldest = cached.map((o) => o.asOf).sort()[0]!;
      parts.push(describeOrigin({ ...cached[0]!, asOf: oldest }, Date.now()).replace(/ \(.*\)$/, '').replace(/^c/, 'C'));
    }
    if (failed) parts.push(`${failed} failed`);
    return parts.length ? parts.join(' · ') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
