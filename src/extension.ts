/**
 * Composition root. Activation stays cheap: no network and no heavy library loads here; market
 * data (and ccxt / yahoo-finance2) load when a view first asks for it.
 */
import * as vscode from 'vscode';
import { Logger } from './vscode/log';
import { Commands } from './vscode/commands/ids';
import { refreshCommand } from './vscode/commands/refresh';
import { PaletteCommands } from './vscode/commands/palette';
import { MinersTreeProvider, MinerNode } from './vscode/views/minersTree';
import { DealsTreeProvider } from './vscode/views/dealsTree';
import { DealNode } from './vscode/views/nodes';
import { MarketService, type RefreshResult } from './vscode/market';
import { CatalogService } from './vscode/catalogService';
import { TickerHoverProvider } from './vscode/hover';
import { ReportDocumentProvider, REPORT_SCHEME } from './vscode/reportDocument';
import { StatusBar } from './vscode/statusBar';
import { RefreshScheduler } from './vscode/scheduler';
import { PanelManager } from './vscode/panels/panels';
import { AlertService } from './vscode/alerts/alertService';
import { AlertsTreeProvider, AlertNode } from './vscode/alerts/alertsTree';
import { AlertCommands } from './vscode/alerts/alertCommands';
import type { PanelData, PanelKind, RangeKey } from './shared/protocol';
import { SCENARIOS, parseShocks } from './core/scenario';
import { MINERS } from './core/universe';
import { onSettingsChanged, readSettings, type HashpivotSettings } from './vscode/settings';
import type { DailySeries } from './core/types';
import type { SymbolReport } from './core/report';

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
  /** The last computed risk report of a symbol (memory only). */
  report(symbol: string): SymbolReport | undefined;
  /** Loads the miners, the AI names, the benchmarks and the watchlist. */
  refresh(): Promise<RefreshResult>;
  /** Hover Markdown of a symbol, as the hover provider renders it. */
  hoverMarkdown(symbol: string): string;
  /** Catalog counts and problems, after the workspace file is merged. */
  catalogSummary(): { miners: number; deals: number; problems: number; workspaceFile?: string };
  /** The status bar's text. */
  statusBarText(): string;
  /** Alert rules with their states. */
  alerts(): Array<{ id: string; origin: string; status?: string; distanceText?: string; stale: boolean }>;
  /** Adds a user alert rule (validated whole). */
  addAlert(rule: unknown): Promise<{ ok: boolean; problems: string[] }>;
  /** Open chart panels. */
  panels(): Array<{ key: string; range: RangeKey; visible: boolean }>;
  /** A panel's view model, as the host would send it. */
  panelData(kind: PanelKind, symbols: string[], range: RangeKey, scenario?: string): PanelData;
  /** Milliseconds from command to first chart drawn, per panel. */
  firstDrawMs(): Record<string, number>;
}

export function activate(context: vscode.ExtensionContext): HashpivotApi {
  const log = new Logger();
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  log.info('main', `Hashpivot ${version} activating (VS Code ${vscode.version}, Node ${process.versions.node})`);

  let settings = readSettings();
  reportSettingProblems(settings, log);
  const market = new MarketService(context, log, settings);
  const catalog = new CatalogService(context, log);
  context.subscriptions.push(market, catalog);
  // After activation returns: the catalog's schema compiles on first load (~70 ms).
  setTimeout(() => void catalog.reload(), 0);

  context.subscriptions.push(
    onSettingsChanged((s) => {
      const dataChanged = JSON.stringify([s.dataSource, s.sources, s.endpoints, s.timeoutMs, s.watchlist, s.benchmarks, s.refreshIntervalMinutes]) !== JSON.stringify([settings.dataSource, settings.sources, settings.endpoints, settings.timeoutMs, settings.watchlist, settings.benchmarks, settings.refreshIntervalMinutes]);
      settings = s;
      log.info('main', `settings changed (data source ${s.dataSource}, refresh every ${s.refreshIntervalMinutes} min)`);
      reportSettingProblems(s, log);
      if (dataChanged) market.updateSettings(s);
      else market.applyViewSettings(s);
    }),
  );

  const registered: string[] = [];
  const miners = new MinersTreeProvider(market, catalog);
  const minersView = vscode.window.createTreeView('hashpivot.miners', { treeDataProvider: miners, showCollapseAll: true, canSelectMany: true });
  miners.attach(minersView);
  const deals = new DealsTreeProvider(catalog);
  const dealsView = vscode.window.createTreeView('hashpivot.deals', { treeDataProvider: deals, showCollapseAll: true });
  context.subscriptions.push(miners, minersView, deals, dealsView);
  registered.push('hashpivot.miners', 'hashpivot.deals');
  const alerts = new AlertService(context, market, catalog, log);
  const alertsTree = new AlertsTreeProvider(alerts);
  const alertsView = vscode.window.createTreeView('hashpivot.alerts', { treeDataProvider: alertsTree });
  alertsTree.attach(alertsView);
  context.subscriptions.push(alerts, alertsTree, alertsView);
  registered.push('hashpivot.alerts');
  setTimeout(() => void alerts.reloadWorkspace(), 0);
  void vscode.commands.executeCommand('setContext', 'hashpivot.dealsGrouping', 'company');

  const hover = new TickerHoverProvider(market, catalog);
  let hoverRegistration: vscode.Disposable | undefined;
  const registerHover = () => {
    hoverRegistration?.dispose();
    const selector = settings.hover.languages.flatMap((language) => [
      { language, scheme: 'file' },
      { language, scheme: 'untitled' },
      { language, scheme: 'vscode-remote' },
    ]);
    hoverRegistration = vscode.languages.registerHoverProvider(selector, hover);
  };
  registerHover();
  context.subscriptions.push({ dispose: () => hoverRegistration?.dispose() }, onSettingsChanged(() => registerHover()));

  const reports = new ReportDocumentProvider(market, catalog);
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

  const status = new StatusBar(market);
  context.subscriptions.push(alerts.onDidChange(() => status.setTriggeredAlerts(alerts.triggeredCount())));
  const scheduler = new RefreshScheduler(market);
  context.subscriptions.push(status, scheduler);

  const panels = new PanelManager(context, market, catalog, log);
  context.subscriptions.push(panels);
  const palette = new PaletteCommands(market, catalog, log, panels);
  const alertCommands = new AlertCommands(alerts, () => [...new Set([...market.symbolsToLoad(), ...catalog.current().tickers()])]);
  const alertNode = (arg: unknown) => (arg instanceof AlertNode ? arg : undefined);
  const symbolOf = (arg: unknown): string | undefined => (arg instanceof MinerNode ? arg.entry.symbol : typeof arg === 'string' ? arg : undefined);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => log.show()),
    vscode.commands.registerCommand(Commands.refresh, () => refreshCommand(market, log)),
    vscode.commands.registerCommand(Commands.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`)),
    vscode.commands.registerCommand(Commands.showTicker, (arg?: unknown) => palette.showTicker(symbolOf(arg))),
    vscode.commands.registerCommand(Commands.showTickerReport, (arg?: unknown) => palette.showTicker(symbolOf(arg), true)),
    vscode.commands.registerCommand(Commands.openDashboard, () => panels.open('dashboard')),
    vscode.commands.registerCommand(Commands.runScenario, async (arg?: unknown) => {
      let selection = typeof arg === 'string' ? arg : undefined;
      if (!selection) {
        const items = [
          ...SCENARIOS.map((x) => ({ label: x.name, description: x.kind === 'replay' ? `replay ${x.start} to ${x.end}` : 'shock', detail: x.description, id: x.id })),
          { label: '$(edit) Custom shock…', description: 'e.g. BTC=-30%, NDX=-20%, AI=-35%', detail: 'Factors: BTC, NDX, AI (equal-weight NVDA, AMZN, GOOGL, MSFT, CRWV) or any known symbol', id: 'custom' },
        ];
        const pick = await vscode.window.showQuickPick(items, { title: 'Hashpivot: Run Stress Scenario', matchOnDescription: true, matchOnDetail: true });
        if (!pick) return;
        if (pick.id === 'custom') {
          const text = await vscode.window.showInputBox({
            title: 'Custom shock',
            prompt: 'FACTOR=MOVE pairs, e.g. BTC=-30%, NDX=-20%',
            validateInput: (t) => {
              try {
                parseShocks(t);
                return undefined;
              } catch (e) {
                return (e as Error).message;
              }
            },
          });
          if (text === undefined) return;
          selection = `custom:${text}`;
        } else selection = pick.id;
      }
      await market.ensureLoaded();
      panels.open('scenario', [], 'ALL', selection);
    }),
    vscode.commands.registerCommand(Commands.showPivot, async (arg?: unknown) => {
      const sym = symbolOf(arg) ?? (await vscode.window.showQuickPick(MINERS.map((m) => ({ label: m.symbol, description: catalog.current().miner(m.symbol)?.name ?? m.name })), { title: 'Hashpivot: Show Pivot Analysis (betas before and after the first AI/HPC deal)' }))?.label;
      if (sym) panels.open('ticker', [sym], '3Y');
    }),
    vscode.commands.registerCommand(Commands.compareTickers, (arg?: unknown, all?: unknown) => {
      const selected = Array.isArray(all) ? all.map(symbolOf).filter((s): s is string => !!s) : Array.isArray(arg) ? arg.map(String) : undefined;
      return palette.compareTickers(selected);
    }),
    vscode.commands.registerCommand(Commands.showDealsFor, (arg?: unknown) => palette.showDealsFor(symbolOf(arg))),
    vscode.commands.registerCommand(Commands.insertSnapshot, (arg?: unknown) => palette.insertSnapshot(symbolOf(arg))),
    vscode.commands.registerCommand(Commands.addToWatchlist, (arg?: unknown) => palette.addToWatchlist(symbolOf(arg))),
    vscode.commands.registerCommand(Commands.removeFromWatchlist, (arg?: unknown) => palette.removeFromWatchlist(symbolOf(arg))),
    vscode.commands.registerCommand(Commands.groupMinersBy, () => palette.groupMinersBy()),
    vscode.commands.registerCommand(Commands.addAlert, () => alertCommands.create()),
    vscode.commands.registerCommand(Commands.editAlert, (arg?: unknown) => alertCommands.edit(alertNode(arg))),
    vscode.commands.registerCommand(Commands.enableAlert, (arg?: unknown) => alertCommands.toggle(alertNode(arg), true)),
    vscode.commands.registerCommand(Commands.disableAlert, (arg?: unknown) => alertCommands.toggle(alertNode(arg), false)),
    vscode.commands.registerCommand(Commands.snoozeAlert, (arg?: unknown) => alertCommands.snooze(alertNode(arg))),
    vscode.commands.registerCommand(Commands.deleteAlert, (arg?: unknown) => alertCommands.remove(alertNode(arg))),
    vscode.commands.registerCommand(Commands.newNote, async () => {
      const doc = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: '# Research note\n\nIREN signed about $9.7B with Microsoft. How much does $IREN still move with BTC?\nCompare CORZ and WULF against the NASDAQ-100 (NDX).\n\nHover a ticker above.\n',
      });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.commands.registerCommand(Commands.sortMinersBy, () => palette.sortMinersBy()),
    vscode.commands.registerCommand(Commands.dealsByCompany, () => deals.setGrouping('company')),
    vscode.commands.registerCommand(Commands.dealsByCounterparty, () => deals.setGrouping('counterparty')),
    vscode.commands.registerCommand(Commands.openSourceLink, (arg?: unknown) => {
      if (arg instanceof DealNode) return palette.openSourceLink(arg.deal.sources ?? []);
      const sym = symbolOf(arg);
      const miner = sym ? catalog.current().miner(sym) : undefined;
      return palette.openSourceLink(miner?.sources ?? []);
    }),
  );

  log.info('main', `activated (data source: ${settings.dataSource})`);
  return {
    version,
    registeredViews: () => [...registered],
    settings: () => settings,
    history: (symbol) => market.marketStore.history(symbol),
    report: (symbol) => market.report(symbol),
    refresh: () => market.refresh({ force: false }),
    hoverMarkdown: (symbol) => hover.markdownFor(symbol).value,
    catalogSummary: () => ({
      miners: catalog.current().miners.length,
      deals: catalog.current().deals.length,
      problems: catalog.problems.length,
      workspaceFile: catalog.workspaceFile?.fsPath,
    }),
    statusBarText: () => status.text,
    alerts: () => alerts.entries().map((e) => ({ id: e.rule.id, origin: e.origin, status: e.state?.status, distanceText: e.state?.distanceText, stale: !!e.state?.stale })),
    addAlert: async (rule) => {
      const r = await alerts.upsert(rule);
      return { ok: !!r.rule, problems: r.problems };
    },
    panels: () => panels.openPanels(),
    panelData: (kind, symbols, range, scenario?: string) => panels.compute({ kind, symbols, range, scenario }),
    firstDrawMs: () => Object.fromEntries(panels.firstDraw),
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
