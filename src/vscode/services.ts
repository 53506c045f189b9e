/**
 * The services of the extension, built in one place and handed to the views, commands and API.
 * Building them is cheap: no network and no heavy library loads (ccxt, yahoo-finance2 and the
 * market data load when a view first asks for them).
 */
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { Logger } from './log';
import { SettingsWatcher } from './settingsWatcher';
import { MarketService } from './market';
import { NetworkService } from './network';
import { CatalogService } from './catalogService';
import { AlertService } from './alerts/alertService';
import { PanelManager } from './panels/panels';
import { TickerHoverProvider } from './hover';
import { ReportDocumentProvider } from './reportDocument';
import { StatusBar } from './statusBar';
import { RefreshScheduler } from './scheduler';
import { MinersTreeProvider } from './views/minersTree';
import { DealsTreeProvider } from './views/dealsTree';
import { AlertsTreeProvider } from './alerts/alertsTree';
import { PortfolioService } from './portfolio/portfolioService';
import { PortfolioTreeProvider } from './portfolio/portfolioTree';
import { PortfolioStatus } from './portfolio/portfolioStatus';
import { IntradayQuotes } from './intraday';
import { BtcStreamService, describeStream } from './btcStream';
import { WatchlistTreeProvider } from './views/watchlistTree';
import { NoteBlocks } from './notes/blocks';
import type { DealsFilter } from './dealParties';

export class Services extends Disposable {
  readonly version: string;
  readonly log: Logger;
  readonly settings: SettingsWatcher;
  readonly market: MarketService;
  /** Bitcoin network data for the economics panel (loaded when it opens). */
  readonly network: NetworkService;
  readonly catalog: CatalogService;
  readonly alerts: AlertService;
  readonly panels: PanelManager;
  readonly hover: TickerHoverProvider;
  readonly reports: ReportDocumentProvider;
  readonly status: StatusBar;
  readonly portfolio: PortfolioService;
  readonly portfolioStatus: PortfolioStatus;
  readonly intraday: IntradayQuotes;
  /** `hashpivot` blocks in Markdown notes (the preview's markdown-it plugin). */
  readonly notes: NoteBlocks;
  readonly btcStream: BtcStreamService;
  readonly trees: {
    readonly miners: MinersTreeProvider;
    readonly deals: DealsTreeProvider;
    readonly alerts: AlertsTreeProvider;
    readonly portfolio: PortfolioTreeProvider;
    readonly watchlist: WatchlistTreeProvider;
  };

  constructor(readonly context: vscode.ExtensionContext) {
    super();
    this.version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
    this.log = this._register(new Logger());
    this.settings = this._register(new SettingsWatcher(this.log));
    this.market = this._register(new MarketService(context, this.log, this.settings.current));
    this.network = this._register(new NetworkService(context, this.log, this.settings.current));
    this._register(
      this.settings.onDidChange((e) => {
        if (!SettingsWatcher.dataChanged(e)) return this.market.applyViewSettings(e.current);
        this.market.updateSettings(e.current);
        this.network.updateSettings(e.current);
      }),
    );
    this.catalog = this._register(new CatalogService(context, this.log));
    // Before the alerts: its market listener then runs first, and the alerts' market evaluation
    // cancels the one the portfolio's change asked for (one evaluation per refresh).
    this.portfolio = this._register(new PortfolioService(context, this.market, this.log));
    this.alerts = this._register(new AlertService(context, this.market, this.catalog, this.portfolio, this.log));
    this.panels = this._register(new PanelManager(context, this.market, this.catalog, this.log, this.portfolio, this.network));
    this.hover = new TickerHoverProvider(this.market, this.catalog, this.network);
    this.reports = this._register(new ReportDocumentProvider(this.market, this.catalog));
    this.status = this._register(new StatusBar(this.market));
    this._register(this.alerts.onDidChange(() => this.status.setTriggeredAlerts(this.alerts.triggeredCount())));
    this._register(new RefreshScheduler(this.market));
    this.portfolioStatus = this._register(new PortfolioStatus(this.portfolio, this.settings.current.statusBar.portfolio));
    this.btcStream = this._register(new BtcStreamService(this.market, this.log, this.settings.current));
    this.intraday = this._register(new IntradayQuotes(this.market, this.portfolio, this.log, this.settings.current.intradaySeconds, this.btcStream));
    this._register(
      this.settings.onDidChange((e) => {
        this.portfolioStatus.setEnabled(e.current.statusBar.portfolio);
        this.intraday.setInterval(e.current.intradaySeconds);
        this.btcStream.setSettings(e.current);
      }),
    );
    this._register(
      this.intraday.onDidChange(() => {
        this.portfolio.quotesChanged();
        this.status.update();
      }),
    );
    // A streamed BTC tick (at most once a second): the status bar, and the portfolio when it holds BTC.
    this._register(
      this.btcStream.onDidChange(() => {
        if (this.portfolio.current.holdings.positions.some((p) => p.symbol === 'BTC')) this.portfolio.quotesChanged();
        this.status.update();
      }),
    );
    // The stream went down or away: BTC goes back to the REST poll at once, and the tooltip says so.
    this._register(
      this.btcStream.onDidChangeState((st) => {
        this.status.setStreamNote(describeStream(st, this.settings.current.intradaySeconds));
        if ((st.state === 'down' && st.failures === 1) || st.state === 'unsupported') void this.intraday.poll();
      }),
    );
    this._register(
      this.portfolio.onDidChange(
        () => void vscode.commands.executeCommand('setContext', 'hashpivot.hasPositions', this.portfolio.current.holdings.positions.length > 0),
      ),
    );
    this.trees = {
      miners: this._register(new MinersTreeProvider(this.market, this.catalog, this.network)),
      deals: this._register(new DealsTreeProvider(this.catalog)),
      alerts: this._register(new AlertsTreeProvider(this.alerts)),
      portfolio: this._register(new PortfolioTreeProvider(this.portfolio, this.market)),
      watchlist: this._register(new WatchlistTreeProvider(this.market, this.catalog)),
    };
    this.notes = this._register(new NoteBlocks(this));
    // A node clicked in the capital-flows panel filters the Deals view and brings it forward.
    this._register(this.panels.onDidRequestDealsFilter((f) => void this.showDeals(f)));
  }

  /** Sets the Deals view's filter (undefined: every deal) and reveals the view. */
  async showDeals(filter: DealsFilter | undefined): Promise<void> {
    this.trees.deals.setFilter(filter);
    this.log.info('views', filter ? `Deals view filtered: ${filter.kind} ${filter.name}` : 'Deals view filter cleared');
    await vscode.commands.executeCommand('hashpivot.deals.focus');
  }

  /**
   * Work that waits until activation has returned: the catalog (its schema compiles on first load,
   * ~70 ms), the workspace alert rules, and the market data the status bar and hovers show (without
   * it, a window opened on a note would say "loading" until a view asked for data).
   */
  startDeferred(): void {
    setTimeout(() => {
      void this.catalog.reload();
      void this.alerts.reloadWorkspace();
      void this.portfolio.reload();
      void this.market.ensureLoaded();
    }, 0);
  }

  /** Every symbol an alert rule may name: what the market loads and the catalog's tickers. */
  knownSymbols(): string[] {
    return [...new Set([...this.market.symbolsToLoad(), ...this.catalog.current().tickers()])];
  }
}
