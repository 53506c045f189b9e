/**
 * Chart panels (dashboard, one per ticker, compare): webviews that only render what the host
 * computes. One panel per ticker (revealed, not duplicated); panels come back after a reload
 * through serializers; state (range) is kept by the webview with getState/setState.
 * CSP: default-src 'none', scripts only with a per-load nonce from crypto, styles only from the
 * extension's own files, no inline script or style; localResourceRoots limited to dist/webview
 * and media.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { buildCompare, buildDashboard, buildTicker, riskTableCsv, type ViewInput, type ViewSymbol } from '../../core/views/build';
import { derivedFigures } from '../../catalog';
import { AI_INFRA, BENCHMARKS, MINERS, normaliseSymbol } from '../../core/universe';
import type { Fact, HostMessage, PanelData, PanelKind, RangeKey } from '../../shared/protocol';
import { isRange, parseWebviewMessage } from '../../shared/protocol';
import type { MarketService } from '../market';
import { AnalyticsService, scenarioCsv } from './analytics';
import type { CatalogService } from '../catalogService';
import type { Logger } from '../log';

export const VIEW_TYPES: Record<PanelKind, string> = {
  dashboard: 'hashpivot.dashboard',
  ticker: 'hashpivot.ticker',
  compare: 'hashpivot.compare',
  scenario: 'hashpivot.scenario',
};

export interface PanelState {
  kind: PanelKind;
  symbols: string[];
  range: RangeKey;
  /** Scenario panel: a scenario id, or `custom:BTC=-0.3,NDX=-0.2`. */
  scenario?: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; state: PanelState; opened: number }>();
  private readonly subs: vscode.Disposable[] = [];
  readonly analytics: AnalyticsService;
  /** Time from command to first chart drawn, per panel key (for the benchmark and the log). */
  readonly firstDraw = new Map<string, number>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly log: Logger,
  ) {
    this.analytics = new AnalyticsService(market, catalog);
    this.subs.push(market.onDidChange(() => this.refreshAll()), catalog.onDidChange(() => this.refreshAll()));
    for (const kind of Object.keys(VIEW_TYPES) as PanelKind[]) {
      this.subs.push(
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

  private key(s: PanelState): string {
    return s.kind === 'ticker' ? `ticker:${s.symbols[0]}` : s.kind === 'compare' ? `compare:${s.symbols.join(',')}` : s.kind;
  }

  /** Reveals the panel if it exists; creates it otherwise. */
  open(kind: PanelKind, symbols: string[] = [], range: RangeKey = '1Y', scenario?: string): vscode.WebviewPanel {
    const state: PanelState = { kind, symbols: symbols.map(normaliseSymbol), range, scenario };
    const key = this.key(state);
    const existing = this.panels.get(key);
    if (existing) {
      if (scenario && existing.state.scenario !== scenario) {
        existing.state.scenario = scenario;
        void this.send(existing);
      }
      existing.panel.reveal();
      return existing.panel;
    }
    const title = kind === 'dashboard' ? 'Hashpivot Dashboard' : kind === 'scenario' ? 'Hashpivot Stress Scenarios' : kind === 'ticker' ? `${state.symbols[0]} · Hashpivot` : `Compare ${state.symbols.join(', ')}`;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], title, vscode.ViewColumn.Active, this.webviewOptions());
    this.attach(panel, state, Date.now());
    return panel;
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, state: PanelState, opened: number): void {
    const key = this.key(state);
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(panel.webview, state.kind);
    const entry = { panel, state, opened };
    this.panels.set(key, entry);
    const subs: vscode.Disposable[] = [];
    subs.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(entry, raw)),
      panel.onDidDispose(() => {
        this.panels.delete(key);
        for (const s of subs) s.dispose();
      }),
    );
  }

  private html(webview: vscode.Webview, kind: PanelKind): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', `${kind}.js`));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'css', 'panel.css'));
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${n}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Hashpivot</title>
</head>
<body data-kind="${kind}">
<div id="app"><p class="status">Loading…</p></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
  }

  private post(panel: vscode.WebviewPanel, message: HostMessage): void {
    void panel.webview.postMessage(message);
  }

  private async onMessage(entry: { panel: vscode.WebviewPanel; state: PanelState; opened: number }, raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn('webview', `dropped a message from the ${entry.state.kind} panel: ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'ready':
        if (m.range) entry.state.range = m.range;
        await this.send(entry);
        return;
      case 'setRange':
        entry.state.range = m.range;
        await this.send(entry);
        return;
      case 'rendered': {
        const key = this.key(entry.state);
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
      case 'runScenario':
        entry.state.scenario = m.shock !== undefined ? `custom:${m.shock}` : m.id;
        await this.send(entry);
        return;
      case 'exportPng':
        await this.exportPng(entry.panel, entry.state, m.chart, m.dataUrl);
        return;
      case 'exportCsv':
        await this.exportCsv(entry.panel, entry.state);
        return;
      case 'log':
        this.log[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info']('webview', `${entry.state.kind}: ${m.message}`);
        return;
    }
  }

  /** Computes the panel's data for its range and posts it. */
  private async send(entry: { panel: vscode.WebviewPanel; state: PanelState }): Promise<void> {
    try {
      if (!this.market.lastRefresh) this.post(entry.panel, { type: 'loading', message: 'Loading market data…' });
      await this.market.ensureLoaded();
      const data = this.compute(entry.state);
      this.post(entry.panel, { type: 'data', payload: data });
    } catch (e) {
      const message = (e as Error).message;
      this.log.error('webview', `${entry.state.kind} panel: ${message}`);
      this.post(entry.panel, { type: 'error', message });
    }
  }

  compute(state: PanelState): PanelData {
    const input = this.viewInput(state);
    if (state.kind === 'dashboard') return buildDashboard(input, state.range);
    if (state.kind === 'compare') return buildCompare(input, state.symbols, state.range);
    if (state.kind === 'scenario') return this.analytics.scenario(state.scenario ?? 'liquidity-crisis');
    return buildTicker(input, state.symbols[0]!, state.range, this.facts(state.symbols[0]!), this.analytics.pivot(state.symbols[0]!, state.range));
  }

  private viewInput(state: PanelState): ViewInput {
    const store = this.market.marketStore;
    const wanted =
      state.kind === 'dashboard'
        ? [...new Set([...MINERS.map((m) => m.symbol), ...this.market.currentSettings.watchlist, 'BTC', 'NDX'])]
        : [...state.symbols];
    const symbols: ViewSymbol[] = [];
    for (const sym of wanted) {
      const series = store.peek(sym);
      const entry = store.entry(sym);
      if (!series || !entry) continue;
      const role = MINERS.some((m) => m.symbol === sym) ? 'miner' : AI_INFRA.some((m) => m.symbol === sym) ? 'ai' : BENCHMARKS.some((b) => b.symbol === sym) ? 'benchmark' : 'other';
      symbols.push({ symbol: sym, name: this.catalog.current().miner(sym)?.name ?? entry.name, role, assetClass: entry.assetClass, series });
    }
    const reports = new Map<string, NonNullable<ReturnType<MarketService['report']>>>();
    for (const s of symbols) {
      const r = this.market.report(s.symbol);
      if (r) reports.set(s.symbol, r);
    }
    const cat = this.catalog.current();
    return {
      symbols,
      btc: store.peek('BTC'),
      ndx: store.peek('NDX'),
      reports,
      deals: cat.deals.map((d) => ({ id: d.id, name: d.name, provider: d.provider, counterparty: d.counterparty, announced: d.announced ?? null, valueUSD: d.valueUSD, status: d.status ? String(d.status) : null, sources: d.sources })),
      backlogUSD: (s) => (cat.miner(s) ? derivedFigures(cat, s).backlogUSD : null),
      pivotStatus: (s) => (cat.miner(s)?.pivotStatus ? String(cat.miner(s)!.pivotStatus) : null),
      now: Date.now(),
    };
  }

  private facts(symbol: string): Fact[] {
    const cat = this.catalog.current();
    const m = cat.miner(symbol);
    const series = this.market.peek(symbol);
    const out: Fact[] = [];
    if (series) out.push({ label: 'Prices', value: `${series.origin.kind}${series.origin.note ? ` — ${series.origin.note}` : ''}`, asOf: series.origin.asOf.slice(0, 10) });
    if (!m) return out;
    const src = m.sources?.[0] ? { title: m.sources[0].title, url: m.sources[0].url } : undefined;
    out.push({ label: 'AI/HPC pivot', value: `${m.pivotStatus}${m.pivotStatusDetail ? ` — ${m.pivotStatusDetail}` : ''}`, source: src, asOf: m.asOf });
    if (m.contractedHpcMW != null) out.push({ label: 'Contracted HPC', value: `${m.contractedHpcMW} MW${m.contractedHpcMWNote ? ` (${m.contractedHpcMWNote})` : ''}`, source: src, asOf: m.asOf });
    if (m.totalPowerCapacity) out.push({ label: 'Total power capacity', value: `${m.totalPowerCapacity.value} ${m.totalPowerCapacity.unit}${m.totalPowerCapacity.basis ? ` — ${m.totalPowerCapacity.basis}` : ''}`, source: src, asOf: m.asOf });
    const f = derivedFigures(cat, symbol);
    if (f.backlogUSD != null) out.push({ label: 'Contracted backlog (derived)', value: `$${(f.backlogUSD / 1e9).toFixed(1)}B from ${f.backlogDealIds?.length ?? '?'} deal(s)`, asOf: m.asOf });
    if (f.pivotDebtUSD != null) out.push({ label: 'Debt raised for the pivot (derived)', value: `$${(f.pivotDebtUSD / 1e9).toFixed(2)}B`, asOf: m.asOf });
    for (const d of m.debtRaises ?? []) {
      if (d.amountUSD == null) continue;
      out.push({ label: `Debt: ${d.instrument}`, value: `$${(d.amountUSD / 1e6).toFixed(0)}M${d.date ? `, ${d.date}` : ''}`, source: d.sources?.[0] ? { title: d.sources[0].title, url: d.sources[0].url } : undefined, asOf: d.date ?? undefined });
    }
    out.push({ label: 'Catalog confidence', value: String(m.confidence) });
    return out.map((x) => ({ ...x, value: x.value.length > 400 ? `${x.value.slice(0, 399)}…` : x.value }));
  }

  private refreshAll(): void {
    for (const entry of this.panels.values()) void this.send(entry);
  }

  private async exportPng(panel: vscode.WebviewPanel, state: PanelState, chart: string, dataUrl: string): Promise<void> {
    const name = `hashpivot-${state.kind}${state.symbols.length ? `-${state.symbols.join('-')}` : ''}-${chart}.png`;
    const uri = await vscode.window.showSaveDialog({ defaultUri: this.defaultUri(name), filters: { 'PNG image': ['png'] }, title: 'Export chart as PNG' });
    if (!uri) return;
    try {
      await writeOrFs(uri, Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64'));
      this.post(panel, { type: 'exported', ok: true, message: `Saved ${uri.fsPath}` });
      this.log.info('webview', `exported ${uri.fsPath}`);
    } catch (e) {
      this.post(panel, { type: 'exported', ok: false, message: `Could not save: ${(e as Error).message}` });
      void vscode.window.showErrorMessage(`Hashpivot could not save the chart: ${(e as Error).message}`);
    }
  }

  private async exportCsv(panel: vscode.WebviewPanel, state: PanelState): Promise<void> {
    const data = this.compute(state);
    const csv =
      data.kind === 'scenario'
        ? scenarioCsv(data)
        : riskTableCsv(data.kind === 'ticker' ? (data.row ? [data.row] : []) : data.table, data.asOf, data.data);
    const name = `hashpivot-${state.kind}${state.symbols.length ? `-${state.symbols.join('-')}` : ''}-${data.range}.csv`;
    const uri = await vscode.window.showSaveDialog({ defaultUri: this.defaultUri(name), filters: { CSV: ['csv'] }, title: 'Export table as CSV' });
    if (!uri) return;
    try {
      await writeOrFs(uri, Buffer.from(csv, 'utf8'));
      this.post(panel, { type: 'exported', ok: true, message: `Saved ${uri.fsPath}` });
    } catch (e) {
      this.post(panel, { type: 'exported', ok: false, message: `Could not save: ${(e as Error).message}` });
      void vscode.window.showErrorMessage(`Hashpivot could not save the table: ${(e as Error).message}`);
    }
  }

  private defaultUri(name: string): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? vscode.Uri.joinPath(folder, name) : undefined;
  }

  /** For tests: open panels and their ranges. */
  openPanels(): Array<{ key: string; range: RangeKey; visible: boolean }> {
    return [...this.panels.entries()].map(([key, e]) => ({ key, range: e.state.range, visible: e.panel.visible }));
  }

  dispose(): void {
    for (const e of this.panels.values()) e.panel.dispose();
    for (const s of this.subs) s.dispose();
  }
}

async function writeOrFs(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  if (uri.scheme === 'file') await writeFile(uri.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(uri, bytes);
}

function reviveState(kind: PanelKind, state: unknown): PanelState {
  const s = (state && typeof state === 'object' ? state : {}) as Record<string, unknown>;
  const symbols = Array.isArray(s.symbols) ? s.symbols.filter((x): x is string => typeof x === 'string' && /^[A-Z0-9^.=-]{1,20}$/.test(x)) : [];
  const scenario = typeof s.scenario === 'string' && s.scenario.length <= 200 ? s.scenario : undefined;
  return { kind, symbols: kind === 'ticker' ? symbols.slice(0, 1) : symbols.slice(0, 6), range: isRange(s.range) ? s.range : '1Y', scenario };
}

