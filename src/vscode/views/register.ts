/** The sidebar's tree views (Miners, Deals, Alerts, Watchlist) over the providers the services hold. */
import * as vscode from 'vscode';
import type { Services } from '../services';

export const VIEW_IDS = ['hashpivot.miners', 'hashpivot.deals', 'hashpivot.alerts', 'hashpivot.watchlist'] as const;

export function registerViews(s: Services): vscode.Disposable[] {
  const miners = vscode.window.createTreeView(VIEW_IDS[0], { treeDataProvider: s.trees.miners, showCollapseAll: true, canSelectMany: true });
  s.trees.miners.attach(miners);
  const deals = vscode.window.createTreeView(VIEW_IDS[1], { treeDataProvider: s.trees.deals, showCollapseAll: true });
  const alerts = vscode.window.createTreeView(VIEW_IDS[2], { treeDataProvider: s.trees.alerts });
  s.trees.alerts.attach(alerts);
  const watchlist = vscode.window.createTreeView(VIEW_IDS[3], { treeDataProvider: s.trees.watchlist, canSelectMany: true });
  s.trees.watchlist.attach(watchlist);
  void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', 'company');
  return [miners, deals, alerts, watchlist];
}

/** The provider behind each view id (for the API's `viewItems`). */
export function treeProviders(s: Services): Record<(typeof VIEW_IDS)[number], vscode.TreeDataProvider<vscode.TreeItem>> {
  return { 'hashpivot.miners': s.trees.miners, 'hashpivot.deals': s.trees.deals, 'hashpivot.alerts': s.trees.alerts, 'hashpivot.watchlist': s.trees.watchlist };
}
