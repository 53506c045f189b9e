/** The sidebar's tree views (Miners, Portfolio, Deals, Alerts) over the providers the services hold. */
import * as vscode from 'vscode';
import type { Services } from '../services';

export const VIEW_IDS = ['hashpivot.miners', 'hashpivot.deals', 'hashpivot.alerts', 'hashpivot.portfolio'] as const;

export function registerViews(s: Services): vscode.Disposable[] {
  const miners = vscode.window.createTreeView(VIEW_IDS[0], { treeDataProvider: s.trees.miners, showCollapseAll: true, canSelectMany: true });
  s.trees.miners.attach(miners);
  const deals = vscode.window.createTreeView(VIEW_IDS[1], { treeDataProvider: s.trees.deals, showCollapseAll: true });
  const alerts = vscode.window.createTreeView(VIEW_IDS[2], { treeDataProvider: s.trees.alerts });
  s.trees.alerts.attach(alerts);
  const portfolio = vscode.window.createTreeView(VIEW_IDS[3], { treeDataProvider: s.trees.portfolio });
  void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', 'company');
  return [miners, deals, alerts, portfolio];
}
