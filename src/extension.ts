/**
 * Composition root. Activation stays cheap: no network and no heavy library loads here; market
 * data (and ccxt / yahoo-finance2) load when a view first asks for it.
 */
import * as vscode from 'vscode';
import { Logger } from './vscode/log';
import { Commands } from './vscode/commands/ids';
import { refreshCommand } from './vscode/commands/refresh';
import { EmptyTreeProvider } from './vscode/views/emptyTree';
import { MinersTreeProvider } from './vscode/views/minersTree';
import { MarketService, type RefreshResult } from './vscode/market';
import { onSettingsChanged, readSettings, type HashpivotSettings } from './vscode/settings';
import type { DailySeries } from './core/types';

export const VIEW_IDS = ['hashpivot.miners', 'hashpivot.deals', 'hashpivot.alerts'] as const;

/** What the extension exports to other extensions and to its integration tests. */
export interface HashpivotApi {
  readonly version: string;
  /** View ids that have a registered provider. */
  registeredViews(): string[];
  /** The settings as the extension read them. */
  settings(): HashpivotSettings;
  /** Daily history of a symbol through the configured chain (live, cache, snapshot). */
  history(symbol: string): Promise<DailySeries>;
  /** Loads the miners and benchmarks. */
  refresh(): Promise<RefreshResult>;
}

export function activate(context: vscode.ExtensionContext): HashpivotApi {
  const log = new Logger();
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  log.info('main', `Hashpivot ${version} activating (VS Code ${vscode.version}, Node ${process.versions.node})`);

  let settings = readSettings();
  reportSettingProblems(settings, log);
  const market = new MarketService(context, log, settings);
  context.subscriptions.push(market);
  context.subscriptions.push(
    onSettingsChanged((s) => {
      settings = s;
      log.info('main', `settings changed: data source ${s.dataSource}, refresh every ${s.refreshIntervalMinutes} min`);
      reportSettingProblems(s, log);
      market.updateSettings(s);
    }),
  );

  const registered: string[] = [];
  const miners = new MinersTreeProvider(market);
  const minersView = vscode.window.createTreeView('hashpivot.miners', { treeDataProvider: miners, showCollapseAll: false });
  miners.attach(minersView);
  context.subscriptions.push(miners, minersView);
  registered.push('hashpivot.miners');
  for (const id of ['hashpivot.deals', 'hashpivot.alerts']) {
    context.subscriptions.push(vscode.window.registerTreeDataProvider(id, new EmptyTreeProvider()));
    registered.push(id);
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => log.show()),
    vscode.commands.registerCommand(Commands.refresh, () => refreshCommand(market, log)),
    vscode.commands.registerCommand(Commands.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`)),
  );

  log.info('main', `activated (data source: ${settings.dataSource})`);
  return {
    version,
    registeredViews: () => [...registered],
    settings: () => settings,
    history: (symbol) => market.marketStore.history(symbol),
    refresh: () => market.refresh({ force: false }),
  };
}

function reportSettingProblems(s: HashpivotSettings, log: Logger): void {
  if (!s.problems.length) return;
  for (const p of s.problems) log.warn('main', `setting ignored: ${p}`);
  void vscode.window.showWarningMessage(`Hashpivot: ${s.problems.length} setting${s.problems.length > 1 ? 's' : ''} could not be used: ${s.problems[0]}`, 'Open Settings').then((c) => {
    if (c === 'Open Settings') void vscode.commands.executeCommand(Commands.openSettings);
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
