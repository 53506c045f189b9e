/** The sidebar's tree views (Miners, Portfolio, Watchlist, Deals, Alerts) over the providers the services hold. */
import * as vscode from 'vscode';
import type { Services } from '../services';

export const VIEW_IDS = ['hashpivot.miners', 'hashpivot.deals', 'hashpivot.alerts', 'hashpivot.watchlist', 'hashpivot.portfolio'] as const;

export function registerViews(s: Services): vscode.Disposable[] {
  const miners = vscode.window.createTreeView(VIEW_IDS[0], { treeDataProvider: s.trees.miners, showCollapseAll: true, canSelectMany: true });
  s.trees.miners.attach(miners);
  const deals = vscode.window.createTreeView(VIEW_IDS[1], { treeDataProvider: s.trees.deals, showCollapseAll: true });
  s.trees.deals.attach(deals);
  const alerts = vscode.window.createTreeView(VIEW_IDS[2], { treeDataProvider: s.trees.alerts });
  s.trees.alerts.attach(alerts);
  const watchlist = vscode.window.createTreeView(VIEW_IDS[3], { treeDataProvider: s.trees.watchlist, canSelectMany: true });
  s.trees.watchlist.attach(watchlist);
  const portfolio = vscode.window.createTreeView(VIEW_IDS[4], { treeDataProvider: s.trees.portfolio });
  void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', s.trees.deals.currentGrouping);
  void vscode.commands.executeCommand('setContext', 'hashpivot.dealsFiltered', !!s.trees.deals.filter);
  return [miners, deals, alerts, watchlist, portfolio];
}

/** The provider behind each view id (for the API's `viewItems`). */
export function treeProviders(s: Services): Record<(typeof VIEW_IDS)[number], vscode.TreeDataProvider<vscode.TreeItem>> {
  return {
    'hashpivot.miners': s.trees.miners,
    'hashpivot.deals': s.trees.deals,
    'hashpivot.alerts': s.trees.alerts,
    'hashpivot.watchlist': s.trees.watchlist,
    'hashpivot.portfolio': s.trees.portfolio,
  };
}
