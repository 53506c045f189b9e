/**
 * The user's holdings in the extension host: `.hashpivot/portfolio.json` in a trusted workspace
 * (problems in the Problems panel; the valid rest used), else the same shape kept in the
 * extension's global state (for those without a workspace). Valued at the market service's
 * closes, with their P&L and risk (src/core/portfolio), recomputed when the market data or the
 * holdings change. Edits (add, edit, remove a position) go to where the holdings came from; a
 * workspace file is edited in place with its comments kept.
 */
import * as vscode from 'vscode';
import {
  checkHoldings,
  editHoldingsText as edit,
  holdingsValueSeries,
  holdingsWeights,
  parseHoldingsText,
  portfolioFigures,
  serializeHoldings,
  WORKSPACE_PORTFOLIO_PATH,
  type Holdings,
  type HoldingsProblem,
  type HoldingsWeights,
  type PortfolioFigures as CoreFigures,
  type Position,
} from '../../core/portfolio';
import type { DailySeries } from '../../core/types';
import { Disposable } from '../lifecycle';
import { WorkspaceFileWatch } from '../workspaceWatch';
import type { Logger } from '../log';
import type { MarketService } from '../market';
import { refusedDiagnostic, toDiagnostics } from '../diagnostics';
import { readWorkspaceText, statWorkspaceFile } from '../files';
import { messageOf } from '../../shared/errors';

export const USER_PORTFOLIO_KEY = 'hashpivot.portfolio';

export type HoldingsOrigin = 'workspace' | 'user';

export interface PortfolioState {
  holdings: Holdings;
  origin: HoldingsOrigin;
  /** The workspace file, when the holdings come from one. */
  file?: vscode.Uri;
  problems: HoldingsProblem[];
}

/** The Portfolio view's figures (src/core/portfolio `portfolioFigures`) with the series they were computed on. */
export interface PortfolioFigures extends CoreFigures {
  /** The positions' and benchmarks' series (for the engines that take a price map). */
  prices: Readonly<Record<string, DailySeries>>;
}

export class PortfolioService extends Disposable {
  private state: PortfolioState = { holdings: { positions: [], cash: 0 }, origin: 'user', problems: [] };
  private figures: PortfolioFigures | undefined;
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('hashpivot-portfolio'));
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the holdings or their figures change. */
  readonly onDidChange = this.changed.event;
  private generation = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly market: MarketService,
    private readonly log: Logger,
  ) {
    super();
    this._register(new WorkspaceFileWatch(WORKSPACE_PORTFOLIO_PATH, () => this.reload()));
    this._register(market.onDidChange(() => this.invalidate()));
  }

  get current(): PortfolioState {
    return this.state;
  }

  /** Whether there is anything to show. */
  get isEmpty(): boolean {
    return this.state.holdings.positions.length === 0 && this.state.holdings.cash === 0;
  }

  private workspaceUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, WORKSPACE_PORTFOLIO_PATH) : undefined;
  }

  private isKnown = (symbol: string) => this.market.isKnown(symbol);

  /** Reads the workspace file (trusted workspaces only, checked before reading), else the user state. */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    const uri = this.workspaceUri();
    const stat = uri && vscode.workspace.isTrusted ? await statWorkspaceFile(uri) : ({ kind: 'missing' } as const);
    if (generation !== this.generation) return;
    this.diagnostics.clear();
    let next: PortfolioState | undefined;
    if (uri && stat.kind === 'refused') {
      this.diagnostics.set(uri, [refusedDiagnostic(`Hashpivot did not read these holdings: ${stat.reason}.`)]);
      this.log.warn('portfolio', `${WORKSPACE_PORTFOLIO_PATH} not read: ${stat.reason}`);
    } else if (uri && stat.kind === 'file') {
      try {
        const text = await readWorkspaceText(uri);
        if (generation !== this.generation) return;
        const { holdings, problems } = parseHoldingsText(text, { isKnownSymbol: this.isKnown });
        this.diagnostics.set(uri, toDiagnostics(text, problems, 'position', 'Hashpivot holdings'));
        next = { holdings, origin: 'workspace', file: uri, problems };
        this.log.info('portfolio', `${WORKSPACE_PORTFOLIO_PATH}: ${holdings.positions.length} position(s); ${problems.length} problem(s)`);
      } catch (e) {
        this.log.warn('portfolio', `${WORKSPACE_PORTFOLIO_PATH} not read: ${messageOf(e)}`);
      }
    }
    if (!next) {
      const stored = this.context.globalState.get<unknown>(USER_PORTFOLIO_KEY);
      const { holdings, problems } =
        stored === undefined ? { holdings: { positions: [], cash: 0 }, problems: [] } : checkHoldings(stored, { isKnownSymbol: this.isKnown });
      for (const p of problems) this.log.warn('portfolio', `stored holdings: ${p.field ?? ''} ${p.message}`);
      next = { holdings, origin: 'user', problems };
    }
    this.state = next;
    this.invalidate();
  }

  /** New intraday quotes: the figures are recomputed on next use. */
  quotesChanged(): void {
    this.invalidate();
  }

  private invalidate(): void {
    this.figures = undefined;
    this.changed.fire();
  }

  /** Value, P&L and risk at the market service's closes (null figures where data is missing); undefined without positions. */
  compute(): PortfolioFigures | undefined {
    if (this.figures) return this.figures;
    const { holdings } = this.state;
    if (holdings.positions.length === 0) return undefined;
    const prices = this.prices();
    this.figures = { ...portfolioFigures(holdings, prices, { live: this.liveQuote() }), prices };
    return this.figures;
  }

  /** The daily series of the positions and the benchmarks that the market service holds. */
  private prices(): Record<string, DailySeries> {
    const prices: Record<string, DailySeries> = {};
    for (const sym of [...this.state.holdings.positions.map((p) => p.symbol), 'BTC', 'NDX']) {
      const s = this.market.peek(sym);
      if (s) prices[sym] = s;
    }
    return prices;
  }

  /** Intraday quotes over the closes, except on the snapshot (the view and the portfolio alert rules use the same). */
  liveQuote(): ((symbol: string) => { price: number; time: string } | undefined) | undefined {
    const store = this.market.marketStore;
    return this.market.mode === 'snapshot' ? undefined : (sym) => store.peekQuote(sym);
  }

  /** Weights from market values (src/core/portfolio `holdingsWeights`) with the figures they come from, or why there are none. */
  weights(): { figures: PortfolioFigures; weights: HoldingsWeights } | { figures: undefined; weights: { ok: false; reason: string } } {
    const figures = this.compute();
    if (!figures) return { figures: undefined, weights: { ok: false, reason: this.emptyReason() } };
    return { figures, weights: holdingsWeights(figures.valuation) };
  }

  private series: { of: PortfolioFigures; value: DailySeries | undefined } | undefined;

  /** Today's holdings held through history (src/core/portfolio `holdingsValueSeries`), memoised with the figures. */
  valueSeries(): DailySeries | undefined {
    const figures = this.compute();
    if (!figures) return undefined;
    if (this.series?.of !== figures) this.series = { of: figures, value: holdingsValueSeries(figures.valuation, figures.prices, figures.asOf) };
    return this.series.value;
  }

  /** Why the holdings have no {@link valueSeries} (undefined when they have one), for the dashboard and its command. */
  valueSeriesReason(): string | undefined {
    if (this.valueSeries()) return undefined;
    return this.state.holdings.positions.length
      ? 'the holdings have no common price history, or their value is not positive on every day (a net short)'
      : this.emptyReason();
  }

  /** Why there is nothing to run on, for the panels. */
  emptyReason(): string {
    return this.state.origin === 'workspace'
      ? `no positions in ${WORKSPACE_PORTFOLIO_PATH}`
      : 'no holdings yet (Hashpivot: Add Position…, or a .hashpivot/portfolio.json in the workspace)';
  }

  /** Adds a position or replaces the one with the same symbol, where the holdings live. */
  async upsertPosition(position: Position): Promise<void> {
    const positions = this.state.holdings.positions;
    const at = positions.findIndex((p) => p.symbol === position.symbol);
    const editText = (text: string) =>
      at >= 0
        ? edit(text, ['positions', at], position)
        : positions.length === 0
          ? edit(text, ['positions'], [position])
          : edit(text, ['positions', positions.length], position, true);
    await this.write(editText, (h) => {
      const list = [...h.positions];
      if (at >= 0) list[at] = position;
      else list.push(position);
      return { ...h, positions: list };
    });
  }

  async removePosition(symbol: string): Promise<boolean> {
    const at = this.state.holdings.positions.findIndex((p) => p.symbol === symbol);
    if (at < 0) return false;
    await this.write(
      (text) => edit(text, ['positions', at], undefined),
      (h) => ({ ...h, positions: h.positions.filter((p) => p.symbol !== symbol) }),
    );
    return true;
  }

  async setCash(cash: number): Promise<void> {
    await this.write(
      (text) => edit(text, ['cash'], cash),
      (h) => ({ ...h, cash }),
    );
  }

  /**
   * Writes a change where the holdings came from: the workspace file (edited in place when its
   * entries line up with what was read, so comments stay; rewritten whole otherwise), or the user
   * state. Re-reads afterwards.
   */
  private async write(editText: (text: string) => string, editHoldings: (h: Holdings) => Holdings): Promise<void> {
    const s = this.state;
    if (s.origin === 'workspace' && s.file) {
      const text = await readWorkspaceText(s.file);
      const inPlace = s.problems.every((p) => p.severity === 'warning');
      const next = inPlace ? editText(text) : serializeHoldings(editHoldings(s.holdings));
      await vscode.workspace.fs.writeFile(s.file, new TextEncoder().encode(next));
    } else await this.context.globalState.update(USER_PORTFOLIO_KEY, editHoldings(s.holdings));
    await this.reload();
  }

  /** Starts a workspace holdings file from the user-state holdings (or an empty one) and returns it. */
  async createWorkspaceFile(): Promise<vscode.Uri | undefined> {
    const uri = this.workspaceUri();
    if (!uri) return undefined;
    if ((await statWorkspaceFile(uri)).kind === 'missing')
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(serializeHoldings(this.state.holdings)));
    await this.reload();
    return uri;
  }
}
