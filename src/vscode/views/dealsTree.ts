import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { CatalogDeal } from '../../catalog';
import type { CatalogService } from '../catalogService';
import { formatBillions } from '../hover';
import { DealNode } from './nodes';

class GroupNode extends vscode.TreeItem {
  readonly kind = 'group';
  constructor(
    readonly key: string,
    readonly deals: CatalogDeal[],
  ) {
    super(key, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `deals-group:${key}`;
    const total = deals.reduce((s, d) => s + (typeof d.valueUSD === 'number' ? d.valueUSD : 0), 0);
    const unknown = deals.filter((d) => typeof d.valueUSD !== 'number').length;
    this.description = `${deals.length} deal${deals.length === 1 ? '' : 's'}${total ? ` · $${formatBillions(total)}` : ''}${unknown ? ` (+${unknown} undisclosed)` : ''}`;
    this.iconPath = new vscode.ThemeIcon('organization');
    this.contextValue = 'hashpivot.dealGroup';
  }
}

type Node = GroupNode | DealNode;
export type DealsGrouping = 'company' | 'counterparty';

/** The Deals view: AI/HPC deals of the catalog by company or by counterparty, with value and status. */
export class DealsTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly emitter = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  private groups: GroupNode[] = [];

  constructor(
    private readonly catalog: CatalogService,
    private grouping: DealsGrouping = 'company',
  ) {
    super();
    this._register(catalog.onDidChange(() => this.emitter.fire(undefined)));
  }

  setGrouping(g: DealsGrouping): void {
    this.grouping = g;
    void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', g);
    this.emitter.fire(undefined);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    return n;
  }

  getChildren(n?: Node): Node[] {
    if (n instanceof GroupNode) {
      return [...n.deals]
        .sort((a, b) => (b.announced ?? '').localeCompare(a.announced ?? ''))
        .map((d) => new DealNode(d, n.id!, this.grouping === 'company' ? undefined : `${d.provider ?? '?'} – ${d.name ?? d.id}`));
    }
    if (n) return [];
    const by = new Map<string, CatalogDeal[]>();
    for (const d of this.catalog.current().deals) {
      const key = (this.grouping === 'company' ? d.provider : d.counterparty) ?? '(unknown)';
      by.set(key, [...(by.get(key) ?? []), d]);
    }
    this.groups = [...by.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, ds]) => new GroupNode(k, ds));
    return this.groups;
  }

  getParent(n: Node): Node | undefined {
    if (n instanceof DealNode) return this.groups.find((g) => g.id === n.parentKey);
    return undefined;
  }
}
