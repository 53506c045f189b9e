/**
 * The command palette's queries: Show ticker…, Compare tickers…, Show deals for…, Insert risk
 * snapshot, watchlist edits, miner grouping/sorting, source links.
 */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import { findTickers } from '../../core/tickers';
import { formatPercent, formatPrice } from '../../core/format';
import { riskSnapshotMarkdown } from '../../core/riskSnapshot';
import type { MarketService } from '../market';
import type { CatalogService } from '../catalogService';
import type { Logger } from '../log';
import { reportUri } from '../reportDocument';
import type { PanelManager } from '../panels/panels';
import { formatBillions } from '../hover';

interface SymbolPick extends vscode.QuickPickItem {
  symbol: string;
}

export class PaletteCommands {
  constructor(
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly log: Logger,
    private readonly panels: PanelManager,
  ) {}

  /** Known symbols as QuickPick items: universe, watchlist, catalog. */
  private knownItems(): SymbolPick[] {
    const seen = new Set<string>();
    const items: SymbolPick[] = [];
    const add = (symbol: string, group: string) => {
      if (seen.has(symbol)) return;
      seen.add(symbol);
      const r = this.market.report(symbol);
      const name = this.catalog.current().miner(symbol)?.name ?? this.market.marketStore.entry(symbol)?.name ?? '';
      items.push({
        symbol,
        label: symbol,
        description: name,
        detail: r ? `${formatPrice(r.close)} · 30d ${formatPercent(r.change['30d'])} · ${group}` : group,
      });
    };
    for (const s of this.market.symbolsToLoad()) add(s, this.market.currentSettings.watchlist.includes(s) ? 'watchlist' : 'universe');
    for (const t of this.catalog.current().tickers()) add(t, 'catalog');
    return items;
  }

  /** A QuickPick over known symbols that also searches Yahoo as the user types (online). */
  async pickSymbol(title: string): Promise<string | undefined> {
    const qp = vscode.window.createQuickPick<SymbolPick>();
    qp.title = title;
    qp.placeholder = this.market.mode === 'snapshot' ? 'Type a ticker (offline: universe, watchlist and catalog)' : 'Type a ticker or a company name (searches Yahoo Finance too)';
    const known = this.knownItems();
    qp.items = known;
    qp.matchOnDescription = true;
    let controller: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    qp.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      controller?.abort();
      if (this.market.mode === 'snapshot' || value.trim().length < 2) {
        qp.items = known;
        return;
      }
      timer = setTimeout(async () => {
        controller = new AbortController();
        qp.busy = true;
        try {
          const found = await this.market.search(value, controller.signal);
          const extra = found
            .filter((f) => !known.some((k) => k.symbol === f.symbol))
            .map((f) => ({ symbol: f.symbol, label: f.symbol, description: f.name ?? '', detail: `Yahoo Finance search · ${[f.exchange, f.type].filter(Boolean).join(' · ')}`, alwaysShow: true }));
          qp.items = [...known, ...extra];
        } catch (e) {
          if (!controller.signal.aborted) this.log.warn('views', `symbol search "${value}" failed: ${(e as Error).message}`);
        } finally {
          qp.busy = false;
        }
      }, 350);
    });
    const picked = await new Promise<string | undefined>((resolve) => {
      qp.onDidAccept(() => {
        const sel = qp.selectedItems[0];
        resolve(sel?.symbol ?? (qp.value.trim() ? normaliseSymbol(qp.value) : undefined));
        qp.hide();
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
    controller?.abort();
    qp.dispose();
    return picked;
  }

  async showTicker(symbol?: string, asReport = false): Promise<void> {
    const s = symbol ? normaliseSymbol(symbol) : await this.pickSymbol(asReport ? 'Hashpivot: Open Ticker Report (Markdown)' : 'Hashpivot: Show Ticker');
    if (!s) return;
    if (!this.market.report(s)) {
      if (!this.market.isKnown(s)) {
        const add = await vscode.window.showWarningMessage(`${s} is not in Hashpivot's universe. Add it to the watchlist to load its prices?`, 'Add to Watchlist');
        if (add) await this.addToWatchlist(s);
        return;
      }
      await this.market.ensureLoaded();
    }
    if (asReport) await vscode.commands.executeCommand('markdown.showPreview', reportUri([s]));
    else this.panels.open('ticker', [s]);
  }

  async compareTickers(preselected?: string[]): Promise<void> {
    let symbols = preselected?.map(normaliseSymbol);
    if (!symbols || symbols.length < 2) {
      const picks = await vscode.window.showQuickPick(this.knownItems().map((i) => ({ ...i, picked: symbols?.includes(i.symbol) })), {
        title: 'Hashpivot: Compare Tickers (choose 2 to 6)',
        canPickMany: true,
        matchOnDescription: true,
      });
      if (!picks) return;
      symbols = picks.map((p) => p.symbol);
    }
    if (symbols.length < 2 || symbols.length > 6) {
      void vscode.window.showWarningMessage(`Compare takes 2 to 6 tickers; you chose ${symbols.length}.`);
      return;
    }
    await this.market.ensureLoaded();
    this.panels.open('compare', symbols);
  }

  async showDealsFor(symbol?: string): Promise<void> {
    const cat = this.catalog.current();
    let s = symbol ? normaliseSymbol(symbol) : undefined;
    if (!s) {
      const pick = await vscode.window.showQuickPick(
        cat.tickers().map((t) => ({ label: t, description: cat.miner(t)?.name ?? '', detail: `${cat.dealsOf(t).length} deal(s)` })),
        { title: 'Hashpivot: Show Deals For…', matchOnDescription: true },
      );
      s = pick?.label;
    }
    if (!s) return;
    const deals = cat.dealsOf(s);
    if (!deals.length) {
      void vscode.window.showInformationMessage(`The catalog has no AI/HPC deal for ${s}.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(
      deals.map((d) => ({
        label: d.name ?? d.id,
        description: typeof d.valueUSD === 'number' ? `$${formatBillions(d.valueUSD)}` : 'value undisclosed',
        detail: [d.counterparty && `with ${d.counterparty}`, d.announced && `announced ${d.announced}`, d.status].filter(Boolean).join(' · '),
        deal: d,
      })),
      { title: `AI/HPC deals of ${s} — pick one to open its source`, matchOnDetail: true },
    );
    if (pick) await this.openSourceLink(pick.deal.sources ?? []);
  }

  async openSourceLink(sources: ReadonlyArray<{ url: string; title?: string; publisher?: string; date?: string | null }>): Promise<void> {
    if (!sources.length) {
      void vscode.window.showInformationMessage('No source link for this entry.');
      return;
    }
    let url = sources[0]!.url;
    if (sources.length > 1) {
      const pick = await vscode.window.showQuickPick(
        sources.map((s) => ({ label: s.title ?? s.url, description: [s.publisher, s.date].filter(Boolean).join(', '), detail: s.url, url: s.url })),
        { title: 'Open source', matchOnDetail: true },
      );
      if (!pick) return;
      url = pick.url;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  /** Inserts a dated risk table at the cursor (tickers of the note preselected). */
  async insertSnapshot(symbolArg?: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    await this.market.ensureLoaded();
    let symbols: string[] | undefined = symbolArg ? [normaliseSymbol(symbolArg)] : undefined;
    if (!symbols) {
      const inNote = new Set<string>();
      if (editor) {
        const isKnown = (x: string) => this.market.isKnown(x);
        for (let i = 0; i < editor.document.lineCount; i++) for (const t of findTickers(editor.document.lineAt(i).text, isKnown, this.market.currentSettings.hover.bareTickers)) inNote.add(normaliseSymbol(t.symbol));
      }
      const items = this.knownItems().filter((i) => this.market.report(i.symbol)).map((i) => ({ ...i, picked: inNote.has(i.symbol) }));
      items.sort((a, b) => Number(b.picked) - Number(a.picked));
      const picks = await vscode.window.showQuickPick(items, { title: 'Hashpivot: Insert Risk Snapshot — tickers to include', canPickMany: true, matchOnDescription: true });
      if (!picks?.length) return;
      symbols = picks.map((p) => p.symbol);
    }
    const rows = symbols
      .map((s) => ({ report: this.market.report(s), origin: this.market.peek(s)?.origin }))
      .filter((r): r is { report: NonNullable<typeof r.report>; origin: NonNullable<typeof r.origin> } => !!r.report && !!r.origin);
    if (!rows.length) {
      void vscode.window.showWarningMessage(`No price data for ${symbols.join(', ')} yet.`);
      return;
    }
    const text = riskSnapshotMarkdown(rows, new Date());
    if (!editor || editor.document.isClosed) {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage('No editor is open: the risk snapshot was copied to the clipboard.');
      return;
    }
    await editor.edit((b) => b.insert(editor.selection.active, text));
  }

  async addToWatchlist(symbolArg?: string): Promise<void> {
    const s = symbolArg ? normaliseSymbol(symbolArg) : await this.pickSymbol('Hashpivot: Add to Watchlist');
    if (!s) return;
    if (!/^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/.test(s)) {
      void vscode.window.showErrorMessage(`"${s}" is not a ticker.`);
      return;
    }
    const cfg = vscode.workspace.getConfiguration('hashpivot');
    const list = cfg.get<string[]>('watchlist', []);
    if (list.map(normaliseSymbol).includes(s)) {
      void vscode.window.showInformationMessage(`${s} is already on the watchlist.`);
      return;
    }
    await cfg.update('watchlist', [...list, s], vscode.ConfigurationTarget.Global);
    this.log.info('views', `watchlist: added ${s}`);
    void this.market.refresh({ force: false });
  }

  async removeFromWatchlist(symbolArg?: string): Promise<void> {
    const cfg = vscode.workspace.getConfiguration('hashpivot');
    const list = cfg.get<string[]>('watchlist', []);
    if (!list.length) {
      void vscode.window.showInformationMessage('The watchlist is empty.');
      return;
    }
    const s = symbolArg ? normaliseSymbol(symbolArg) : (await vscode.window.showQuickPick(list, { title: 'Hashpivot: Remove from Watchlist' }))?.trim();
    if (!s) return;
    const next = list.filter((x) => normaliseSymbol(x) !== normaliseSymbol(s));
    if (next.length === list.length) {
      void vscode.window.showInformationMessage(`${s} is not on the watchlist.`);
      return;
    }
    await cfg.update('watchlist', next, vscode.ConfigurationTarget.Global);
    this.log.info('views', `watchlist: removed ${s}`);
  }

  async groupMinersBy(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'No grouping', value: 'none' },
        { label: 'Pivot status', description: 'energized, contracted, announced', value: 'pivotStatus' },
        { label: 'Risk band', description: 'from 90-day volatility and drawdown', value: 'risk' },
      ],
      { title: 'Group Miners By' },
    );
    if (pick) await vscode.workspace.getConfiguration('hashpivot').update('miners.groupBy', pick.value, vscode.ConfigurationTarget.Global);
  }

  async sortMinersBy(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Ticker', value: 'ticker' },
        { label: '30-day change', description: 'best first', value: 'change' },
        { label: 'Risk band', description: 'riskiest first', value: 'risk' },
        { label: 'AI/HPC backlog', description: 'largest first', value: 'backlog' },
      ],
      { title: 'Sort Miners By' },
    );
    if (pick) await vscode.workspace.getConfiguration('hashpivot').update('miners.sortBy', pick.value, vscode.ConfigurationTarget.Global);
  }
}
