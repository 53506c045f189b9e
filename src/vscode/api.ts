/** What the extension exports to other extensions and to its integration tests. */
import * as vscode from 'vscode';
import type { PanelData, PanelKind, RangeKey } from '../shared/protocol';
import type { DailySeries } from '../core/types';
import type { BtcStreamStatus } from '../data/btcStream';
import type { SymbolReport } from '../core/report';
import type { HashpivotSettings } from './settings';
import type { RefreshResult } from './market';
import type { Services } from './services';
import { treeProviders } from './views/register';
import { answerChat, type ChatAnswer } from './ai/chat';
import { mcpCommandLine } from './ai/mcp';
import type { DealsFilter } from './dealParties';
import type { DealsGrouping } from './views/dealsTree';

/** A tree row as the API reports it: what the view shows. */
export interface ViewItem {
  id?: string;
  label: string;
  description?: string;
  /** The tooltip's text (Markdown source for a Markdown tooltip). */
  tooltip?: string;
  contextValue?: string;
  /** The codicon id of a theme icon. */
  icon?: string;
}

export interface HashpivotApi {
  readonly version: string;
  /** View ids that have a registered provider. */
  registeredViews(): string[];
  /** The top-level rows of a view, as its provider gives them (loads market data when the view would). */
  viewItems(viewId: string): Promise<ViewItem[]>;
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
  /** Loads the bitcoin network data (as the economics panel does): its days, last day and origin. */
  networkData(): Promise<{ days: number; last: string | undefined; origin: string }>;
  /** Catalog counts and problems, after the workspace file is merged. */
  catalogSummary(): { miners: number; deals: number; problems: number; workspaceFile?: string; checks: number; lastCheckInWorker?: boolean };
  /** The status bar's text. */
  statusBarText(): string;
  /** BTC's websocket stream: its state, counts and whether the REST poll leaves BTC to it. */
  btcStream(): BtcStreamStatus & { healthy: boolean };
  /** The holdings and their figures, and the Portfolio view's rows as shown. */
  portfolio(): {
    origin: 'workspace' | 'user';
    positions: number;
    problems: number;
    value: number | null;
    dayPnl: number | null;
    varUsd: number | null;
    rows: Array<{ label: string; description: string }>;
    statusText?: string;
  };
  /** Alert rules with their states. */
  alerts(): Array<{ id: string; origin: string; status?: string; distanceText?: string; stale: boolean }>;
  /** Adds a user alert rule (validated whole). */
  addAlert(rule: unknown): Promise<{ ok: boolean; problems: string[] }>;
  /** Open chart panels. */
  panels(): Array<{ key: string; range: RangeKey; visible: boolean }>;
  /** What `@hashpivot` answers to a slash command (or a plain prompt) without a language model. */
  chat(command: string | undefined, prompt: string): Promise<ChatAnswer>;
  /** The command line the MCP server definition launches. */
  mcpCommandLine(): { command: string; args: string[]; env: Record<string, string> };
  /** A panel's view model, as the host would send it. */
  panelData(kind: PanelKind, symbols: string[], range: RangeKey, scenario?: string, counterparty?: string): PanelData;
  /** Milliseconds from command to first chart drawn, per panel. */
  firstDrawMs(): Record<string, number>;
  /** The Deals view: its grouping, its filter and what its description and message line say. */
  dealsView(): { grouping: DealsGrouping; filter?: DealsFilter; description?: string; message?: string; deals: string[] };
  /** Filters the Deals view to one party's deals, as a click on a node of the capital-flows panel does (undefined: clears it), and reveals it. */
  filterDeals(filter: DealsFilter | undefined): Promise<void>;
}

export function createApi(s: Services, views: readonly string[]): HashpivotApi {
  return {
    version: s.version,
    registeredViews: () => [...views],
    viewItems: async (viewId) => {
      const provider = (treeProviders(s) as Record<string, vscode.TreeDataProvider<vscode.TreeItem> | undefined>)[viewId];
      if (!provider) throw new Error(`no tree view ${viewId}`);
      const nodes = (await provider.getChildren()) ?? [];
      return Promise.all(nodes.map(async (n) => viewItemOf(await provider.getTreeItem(n))));
    },
    settings: () => s.settings.current,
    history: (symbol) => s.market.marketStore.history(symbol),
    report: (symbol) => s.market.report(symbol),
    refresh: () => s.market.refresh({ force: false }),
    hoverMarkdown: (symbol) => s.hover.markdownFor(symbol).value,
    networkData: async () => {
      const r = await s.network.ensureLoaded();
      return { days: r.series.dates.length, last: r.series.dates.at(-1), origin: r.series.origin.kind };
    },
    catalogSummary: () => ({
      miners: s.catalog.current().miners.length,
      deals: s.catalog.current().deals.length,
      problems: s.catalog.problems.length,
      workspaceFile: s.catalog.workspaceFile?.fsPath,
      checks: s.catalog.checks,
      lastCheckInWorker: s.catalog.lastCheck?.inWorker,
    }),
    statusBarText: () => s.status.text,
    btcStream: () => ({ ...s.btcStream.status, healthy: s.btcStream.healthy }),
    portfolio: () => {
      const st = s.portfolio.current;
      const f = s.portfolio.compute();
      return {
        origin: st.origin,
        positions: st.holdings.positions.length,
        problems: st.problems.length,
        value: f?.valuation.totals.value ?? null,
        dayPnl: f?.valuation.totals.dayPnl ?? null,
        varUsd: f?.risk.varUsd ?? null,
        rows: s.trees.portfolio.nodes().map((n) => ({ label: String(n.label), description: String(n.description ?? '') })),
        statusText: s.portfolioStatus.text,
      };
    },
    alerts: () =>
      s.alerts
        .entries()
        .map((e) => ({ id: e.rule.id, origin: e.origin, status: e.state?.status, distanceText: e.state?.distanceText, stale: !!e.state?.stale })),
    addAlert: async (rule) => {
      const r = await s.alerts.upsert(rule);
      return { ok: !!r.rule, problems: r.problems };
    },
    panels: () => s.panels.openPanels(),
    chat: (command, prompt) =>
      answerChat(s, command, prompt, { markdown: () => undefined, button: () => undefined }, undefined, new vscode.CancellationTokenSource().token),
    mcpCommandLine: () => mcpCommandLine(s),
    panelData: (kind, symbols, range, scenario?: string, counterparty?: string) =>
      s.panels.compute({ kind, symbols, range, scenario, ...(counterparty ? { counterparty } : {}) }),
    firstDrawMs: () => Object.fromEntries(s.panels.firstDraw),
    dealsView: () => {
      const t = s.trees.deals;
      return { grouping: t.currentGrouping, filter: t.filter, ...t.filterText(), deals: t.deals().map((d) => d.id) };
    },
    filterDeals: (filter) => s.showDeals(filter),
  };
}

function viewItemOf(t: vscode.TreeItem): ViewItem {
  const text = (v: string | vscode.TreeItemLabel | vscode.MarkdownString | boolean | undefined) =>
    typeof v === 'string' ? v : v && typeof v === 'object' ? ('label' in v ? v.label : v.value) : undefined;
  return {
    id: t.id,
    label: text(t.label) ?? '',
    description: text(t.description),
    tooltip: text(t.tooltip),
    contextValue: t.contextValue,
    icon: t.iconPath instanceof vscode.ThemeIcon ? t.iconPath.id : undefined,
  };
}
