/**
 * Chart panels (dashboard, one per ticker, compare, scenarios): webviews that only render what
 * the host computes. One panel per key (revealed, not duplicated); panels come back after a
 * reload through serializers; the webview keeps its state (range) with getState/setState.
 * Market data starts loading when a panel is created and is posted when its webview says `ready`
 * (./feed.ts); view models (and their wire form) are kept per range until the data changes.
 * HTML and CSP: ./html.ts; exports: ./exports.ts; view inputs: src/core/views; the benchmark's
 * empty panel: ./baseline.ts.
 */
import * as vscode from 'vscode';
import { buildCompare, buildDashboard, buildEconomics, buildFlows, buildTicker } from '../../core/views/build';
import { buildViewInput, catalogFacts, dashboardSymbols, type ViewSource } from '../../core/views/input';
import { derivedFigures } from '../../catalog';
import { normaliseSymbol } from '../../core/universe';
import type { Basis, BasisInfo, HostMessage, PanelData, PanelKind, RangeKey } from '../../shared/protocol';
import type { PortfolioService } from '../portfolio/portfolioService';
import { packHostMessage, parseWebviewMessage, type WireHostMessage } from '../../shared/protocol';
import type { MarketService } from '../market';
import type { NetworkService } from '../network';
import { AnalyticsService } from './analytics';
import type { CatalogService } from '../catalogService';
import type { Logger } from '../log';
import { Disposable, DisposableStore } from '../lifecycle';
import { plainText } from '../../core/markdown';
import { panelHtml, webviewOptions } from './html';
import { exportCsv, exportPng } from './exports';
import { VIEW_TYPES, panelKey, panelTitle, reviveState, type PanelState } from './state';
import { PanelFeed } from './feed';
import { registerBaselinePanel } from './baseline';
import { catalogFlowsInput } from './flowsAdapter';
import type { DealsFilter } from '../dealParties';

export { VIEW_TYPES, type PanelState } from './state';

interface PanelEntry {
  panel: vscode.WebviewPanel;
  state: PanelState;
  opened: number;
  feed: PanelFeed;
  /** View models by range and scenario, for the data as it is now (cleared when it changes). */
  cache: Map<string, PanelData>;
}

export class PanelManager extends Disposable {
  private readonly panels = new Map<string, PanelEntry>();
  readonly analytics: AnalyticsService;
  /** Time from command to first chart drawn, per panel key (for the benchmark and the log). */
  readonly firstDraw = new Map<string, number>();
  /** Wire forms of the view models posted (or about to be), per view model. */
  private readonly packed = new WeakMap<PanelData, WireHostMessage>();
  private readonly dealsFilterRequested = this._register(new vscode.EventEmitter<DealsFilter>());
  /** A node of the capital-flows panel was clicked: the Deals view should show that party's deals. */
  readonly onDidRequestDealsFilter = this.dealsFilterRequested.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly log: Logger,
    private readonly portfolio?: PortfolioService,
    private readonly network?: NetworkService,
  ) {
    super();
    this.analytics = new AnalyticsService(market, catalog, portfolio);
    this.analytics.onMarketCaps = () => this.refreshAll((s) => s.kind === 'scenario' && !!s.counterparty);
    // The flows panel is the catalog only: market data does not change it.
    this._register(market.onDidChange(() => this.refreshAll((s) => s.kind !== 'flows')));
    // New holdings or quotes: the panels that show (or could switch to) the holdings are stale.
    if (portfolio) this._register(portfolio.onDidChange(() => this.refreshAll((s) => s.kind === 'dashboard' || s.kind === 'scenario')));
    this._register(catalog.onDidChange(() => this.refreshAll()));
    if (network) {
      this._register(network.onDidChange(() => this.refreshAll((s) => s.kind === 'economics')));
      this._register(network.onDidRefresh(() => this.refreshAll((s) => s.kind === 'economics')));
    }
    this._register({ dispose: () => [...this.panels.values()].forEach((e) => e.panel.dispose()) });
    // Only for `npm run bench:dashboard` (HASHPIVOT_BENCH=1): not a contributed command.
    if (process.env.HASHPIVOT_BENCH === '1') this._register(registerBaselinePanel(context, log));
    for (const kind of Object.keys(VIEW_TYPES) as PanelKind[]) {
      this._register(
        vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[kind], {
          deserializeWebviewPanel: async (panel, state: unknown) => {
            const s = reviveState(kind, state);
            this.log.info('webview', `reviving ${kind} panel ${s.symbols.join(',')}`);
            this.attach(panel, s, Date.now());
          },
        }),
      );
    }
  }

  /** Reveals the panel if it exists; creates it otherwise. */
  open(kind: PanelKind, symbols: string[] = [], range: RangeKey = '1Y', scenario?: string, basis?: Basis, counterparty?: string): vscode.WebviewPanel {
    const state: PanelState = { kind, symbols: symbols.map(normaliseSymbol), range, scenario, basis, ...(counterparty ? { counterparty } : {}) };
    const existing = this.panels.get(panelKey(state));
    if (existing) {
      const changed =
        (!!scenario && existing.state.scenario !== scenario) ||
        (!!basis && existing.state.basis !== basis) ||
        (!!counterparty && existing.state.counterparty !== counterparty);
      if (scenario) existing.state.scenario = scenario;
      if (basis) existing.state.basis = basis;
      if (counterparty) existing.state.counterparty = counterparty;
      if (changed) void existing.feed.onChange();
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], panelTitle(state), vscode.ViewColumn.Active, webviewOptions(this.context.extensionUri));
    this.attach(panel, state, Date.now());
    return panel;
  }

  private attach(panel: vscode.WebviewPanel, state: PanelState, opened: number): void {
    const key = panelKey(state);
    const uri = this.context.extensionUri;
    panel.webview.options = webviewOptions(uri);
    panel.iconPath = vscode.Uri.joinPath(uri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, uri, state.kind);
    const cache = new Map<string, PanelData>();
    // The feed starts loading market data now, while the webview starts.
    const feed = new PanelFeed({
      // The economics panel needs the network data too (loaded when it opens).
      // The flows panel needs the catalog only (read on first use).
      load: () =>
        state.kind === 'flows'
          ? Promise.resolve()
          : state.kind === 'economics'
            ? Promise.all([this.market.ensureLoaded(), this.requireNetwork().ensureLoaded()])
            : this.market.ensureLoaded(),
      loaded: () => state.kind === 'flows' || (!!this.market.lastRefresh && (state.kind !== 'economics' || !!this.network?.current)),
      compute: () => this.cached(entry),
      post: (message) => this.post(panel, message),
      failed: (message) => this.log.error('webview', `${state.kind} panel: ${message}`),
    });
    const entry: PanelEntry = { panel, state, opened, feed, cache };
    this.panels.set(key, entry);
    const subs = new DisposableStore();
    subs.add(panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(entry, raw)));
    subs.add(
      panel.onDidDispose(() => {
        feed.dispose();
        this.panels.delete(key);
        subs.dispose();
      }),
    );
  }

  /** Posts in the wire form (src/shared/protocol.ts packHostMessage), packed once per view model. */
  private post(panel: vscode.WebviewPanel, message: HostMessage): void {
    let wire: WireHostMessage | undefined;
    if (message.type === 'data') {
      wire = this.packed.get(message.payload);
      if (!wire) this.packed.set(message.payload, (wire = packHostMessage(message)));
    }
    void panel.webview.postMessage(wire ?? packHostMessage(message));
  }

  private async onMessage(entry: PanelEntry, raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn('webview', `dropped a message from the ${entry.state.kind} panel: ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    const post = (message: HostMessage) => this.post(entry.panel, message);
    switch (m.type) {
      case 'ready':
        if (m.range && entry.state.kind !== 'flows') entry.state.range = m.range;
        await entry.feed.onReady();
        return;
      case 'setRange':
        if (entry.state.kind === 'flows') return;
        entry.state.range = m.range;
        await entry.feed.onChange();
        return;
      case 'rendered': {
        const key = panelKey(entry.state);
        if (!this.firstDraw.has(key)) {
          const ms = Date.now() - entry.opened;
          this.firstDraw.set(key, ms);
          this.log.info('webview', `${key}: first chart drawn ${ms} ms after the command (render ${m.ms.toFixed(0)} ms, ${m.charts} charts)`);
        }
        return;
      }
      case 'openTicker':
        this.open('ticker', [m.symbol]);
        return;
      case 'filterDeals': {
        // Only a node this panel was sent: the message names it, the view model vouches for it.
        const data = entry.state.kind === 'flows' ? this.cached(entry) : undefined;
        const node = data?.kind === 'flows' ? data.nodes.find((n) => n.id === m.id && n.kind === m.kind && n.label === m.label) : undefined;
        if (!node) {
          this.log.warn('webview', `dropped a filterDeals message from the ${entry.state.kind} panel: no such node`);
          return;
        }
        this.dealsFilterRequested.fire({ kind: node.kind, name: node.label });
        return;
      }
      case 'runScenario':
        entry.state.scenario = m.shock !== undefined ? `custom:${m.shock}` : m.id;
        await entry.feed.onChange();
        return;
      case 'runDefault':
        if (entry.state.kind !== 'scenario') return;
        entry.state.counterparty = m.entity;
        await entry.feed.onChange();
        return;
      case 'setBasis':
        if (entry.state.kind !== 'dashboard' && entry.state.kind !== 'scenario') return;
        entry.state.basis = m.basis;
        await entry.feed.onChange();
        return;
      case 'exportPng':
        await exportPng(post, entry.state, m.chart, m.dataUrl, this.log);
        return;
      case 'exportCsv':
        await exportCsv(post, entry.state, this.cached(entry), this.log);
        return;
      case 'log':
        // One line, no control characters: a webview cannot forge log lines.
        this.log[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info']('webview', `${entry.state.kind}: ${plainText(m.message)}`);
        return;
    }
  }

  /** The panel's view model for its state, built once per range (and scenario) for the current data. */
  private cached(entry: PanelEntry, state: PanelState = entry.state): PanelData {
    const key = `${state.range}|${state.scenario ?? ''}|${state.basis ?? 'universe'}|${state.counterparty ?? ''}`;
    let data = entry.cache.get(key);
    if (!data) {
      data = this.compute(state);
      entry.cache.set(key, data);
      this.packed.set(data, packHostMessage({ type: 'data', payload: data }));
    }
    return data;
  }

  compute(state: PanelState): PanelData {
    if (state.kind === 'scenario') return this.analytics.scenario(state.scenario ?? 'liquidity-crisis', state.basis, state.counterparty ?? null);
    if (state.kind === 'dashboard') return this.dashboard(state);
    if (state.kind === 'economics') return this.economics(state);
    if (state.kind === 'flows') return buildFlows(catalogFlowsInput(this.catalog.current(), this.catalog.workspaceFile?.fsPath));
    const input = buildViewInput(this.viewSource(), state.symbols);
    if (state.kind === 'compare') return buildCompare(input, state.symbols, state.range);
    const symbol = state.symbols[0]!;
    const cat = this.catalog.current();
    const miner = cat.miner(symbol);
    const facts = catalogFacts(this.market.peek(symbol)?.origin, miner, miner ? derivedFigures(cat, symbol) : undefined);
    return buildTicker(input, symbol, state.range, facts, this.analytics.pivot(symbol, state.range));
  }

  /**
   * The dashboard on the universe (miners, watchlist, benchmarks), or on the holdings: the held
   * symbols with BTC and the NASDAQ-100, and the holdings' value series as a line of its own.
   */
  private dashboard(state: PanelState): PanelData {
    const series = this.portfolio?.valueSeries();
    const positions = this.portfolio?.current.holdings.positions ?? [];
    const why = this.portfolio ? this.portfolio.valueSeriesReason() : 'holdings are not available here';
    const onHoldings = state.basis === 'portfolio' && !!series;
    const basis: BasisInfo = onHoldings
      ? { kind: 'portfolio', portfolioAvailable: true, note: `your ${positions.length} position(s), and the holdings held through history` }
      : {
          kind: 'universe',
          portfolioAvailable: !!series,
          note: state.basis === 'portfolio' ? `miners, watchlist and benchmarks — the holdings cannot be shown: ${why}` : 'miners, watchlist and benchmarks',
        };
    const wanted = onHoldings ? [...new Set([...positions.map((p) => p.symbol), 'BTC', 'NDX'])] : dashboardSymbols(this.market.currentSettings.watchlist);
    return buildDashboard(buildViewInput(this.viewSource(), wanted), state.range, basis, onHoldings ? series : undefined);
  }

  private requireNetwork(): NetworkService {
    if (!this.network) throw new Error('network data is not available here');
    return this.network;
  }

  /** The economics panel: the network data loaded with the panel, BTC's daily closes and the catalog's miners (fleet facts, deals). */
  private economics(state: PanelState): PanelData {
    const net = this.requireNetwork().current;
    if (!net) throw new Error('network data is not loaded');
    const cat = this.catalog.current();
    return buildEconomics(
      {
        network: net.series,
        networkProblems: net.problems,
        btc: this.market.peek('BTC'),
        miners: cat.tickers().map((t) => ({ symbol: t, name: cat.miner(t)?.name ?? t, fleet: cat.miner(t)?.fleet, deals: cat.dealsOf(t) })),
        now: Date.now(),
      },
      state.range,
    );
  }

  private viewSource(): ViewSource {
    const store = this.market.marketStore;
    const cat = this.catalog.current();
    return {
      peek: (s) => store.peek(s),
      entry: (s) => store.entry(s),
      report: (s) => this.market.report(s),
      catalogName: (s) => cat.miner(s)?.name,
      deals: cat.deals.map((d) => ({
        id: d.id,
        name: d.name,
        provider: d.provider,
        counterparty: d.counterparty,
        announced: d.announced ?? null,
        valueUSD: d.valueUSD,
        status: d.status ? String(d.status) : null,
        sources: d.sources,
      })),
      backlogUSD: (s) => (cat.miner(s) ? derivedFigures(cat, s).backlogUSD : null),
      pivotStatus: (s) => (cat.miner(s)?.pivotStatus ? String(cat.miner(s)!.pivotStatus) : null),
      now: Date.now(),
    };
  }

  /** The data changed: every view model is stale; panels whose webview listens get the new data. */
  private refreshAll(which: (s: PanelState) => boolean = () => true): void {
    for (const entry of this.panels.values()) {
      if (!which(entry.state)) continue;
      entry.cache.clear();
      void entry.feed.onChange();
    }
  }

  /** For tests: open panels and their ranges. */
  openPanels(): Array<{ key: string; range: RangeKey; visible: boolean }> {
    return [...this.panels.entries()].map(([key, e]) => ({ key, range: e.state.range, visible: e.panel.visible }));
  }
}
