import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { CatalogDeal } from '../../catalog';
import type { CatalogService } from '../catalogService';
import { NO_BACKER } from '../../core/views/build';
import { dealGroupKey, dealMatchesFilter, describeFilter, type DealsFilter, type DealsGrouping } from '../dealParties';
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
export type { DealsFilter, DealsGrouping } from '../dealParties';

/**
 * The Deals view: AI/HPC deals of the catalog by company, counterparty or backer, with value and
 * status; optionally only one party's deals (a node clicked in the capital-flows panel), which
 * the view's description and message say, until Clear Deals Filter.
 */
export class DealsTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly emitter = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  private groups: GroupNode[] = [];
  private view: vscode.TreeView<Node> | undefined;
  private filterValue: DealsFilter | undefined;

  constructor(
    private readonly catalog: CatalogService,
    private grouping: DealsGrouping = 'company',
  ) {
    super();
    this._register(
      catalog.onDidChange(() => {
        this.updateMessage();
        this.emitter.fire(undefined);
      }),
    );
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.updateMessage();
  }

  get currentGrouping(): DealsGrouping {
    return this.grouping;
  }

  get filter(): DealsFilter | undefined {
    return this.filterValue;
  }

  setGrouping(g: DealsGrouping): void {
    this.grouping = g;
    void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', g);
    this.emitter.fire(undefined);
  }

  /** Shows only the party's deals (undefined: every deal); the context key `hashpivot.dealsFiltered` shows the Clear Deals Filter button. */
  setFilter(f: DealsFilter | undefined): void {
    this.filterValue = f ? { kind: f.kind, name: f.name } : undefined;
    void vscode.commands.executeCommand('setContext', 'hashpivot.dealsFiltered', !!f);
    this.updateMessage();
    this.emitter.fire(undefined);
  }

  /** The deals the view lists (the filter applied). */
  deals(): CatalogDeal[] {
    const all = this.catalog.current().deals;
    const f = this.filterValue;
    return f ? all.filter((d) => dealMatchesFilter(d, f)) : [...all];
  }

  /** The view's description and message line while a filter is set. */
  filterText(): { description: string; message: string } | undefined {
    const f = this.filterValue;
    if (!f) return undefined;
    const shown = this.deals().length;
    const total = this.catalog.current().deals.length;
    return {
      description: `Filtered: ${describeFilter(f)}`,
      message: `${shown} of ${total} deals: ${describeFilter(f)} (from Capital Flows). Clear Deals Filter shows them all.`,
    };
  }

  private updateMessage(): void {
    if (!this.view) return;
    const t = this.filterText();
    this.view.description = t?.description;
    this.view.message = t?.message;
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
    for (const d of this.deals()) {
      const key = dealGroupKey(d, this.grouping);
      by.set(key, [...(by.get(key) ?? []), d]);
    }
    // "No backer" is not a party: it goes last.
    const last = (k: string) => Number(this.grouping === 'backer' && k === NO_BACKER);
    this.groups = [...by.entries()].sort((a, b) => last(a[0]) - last(b[0]) || a[0].localeCompare(b[0])).map(([k, ds]) => new GroupNode(k, ds));
    return this.groups;
  }

  getParent(n: Node): Node | undefined {
    if (n instanceof DealNode) return this.groups.find((g) => g.id === n.parentKey);
    return undefined;
  }
}
