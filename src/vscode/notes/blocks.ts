/**
 * Live notes in the extension host: the {@link BlockContext} over what the services hold, and the
 * markdown-it plugin that VS Code's Markdown preview calls (`contributes.markdown.markdownItPlugins`,
 * `extendMarkdownIt` in the activation's return value). A fence whose info string is `hashpivot`
 * is rendered by src/core/blocks (HTML escaped there; nothing from the note is executed); every
 * other fence is left to the preview. Rendering is synchronous: when the market data is not loaded
 * yet the block says so, the load starts, and the open previews are refreshed once it is there.
 * Charts are drawn by the preview script (webview/markdown-preview) from the block's `data-chart`.
 */
import * as vscode from 'vscode';
import { backlogStatus, derivedFigures } from '../../catalog';
import { BlockCache, escapeHtml, installBlockFence, parseBlock, type BlockContext, type MarkdownItLike, type RenderedBlock } from '../../core/blocks';
import { Disposable } from '../lifecycle';
import type { Services } from '../services';
import { messageOf } from '../../shared/errors';

function loadingBlock(title: string): { ok: false; html: string; loading: true } {
  return {
    ok: false,
    loading: true,
    html: `<div class="hashpivot-block hashpivot-loading"><p class="hashpivot-title">${escapeHtml(title)}</p><p class="hashpivot-footer">${escapeHtml('This block renders once the data is loaded.')}</p></div>`,
  };
}

/** Whether a block's directive is an economics one (it needs the network data as well). */
function isEconomicsBlock(source: string): boolean {
  const parsed = parseBlock(source);
  return parsed.ok && parsed.block.kind === 'economics';
}

export class NoteBlocks extends Disposable {
  private version = 0;
  private readonly cache = new BlockCache();
  private loading: Promise<unknown> | undefined;
  /** Blocks rendered (tests, logs). */
  rendered = 0;

  constructor(private readonly s: Services) {
    super();
    const bump = () => {
      this.version++;
      this.schedulePreviewRefresh();
    };
    this._register(s.market.onDidChange(bump));
    this._register(s.catalog.onDidChange(bump));
    this._register(s.portfolio.onDidChange(bump));
    this._register(s.network.onDidLoad(bump));
    this._register(s.network.onDidChange(bump));
  }

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Asks the open Markdown previews to render again (coalesced: a refresh and its recomputes fire several events). */
  private schedulePreviewRefresh(): void {
    if (this.refreshTimer || this.rendered === 0) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    }, 250);
  }

  override dispose(): void {
    clearTimeout(this.refreshTimer);
    super.dispose();
  }

  /** The context the blocks are rendered from: the market service's series, the catalog, the holdings. */
  context(): BlockContext {
    const { market, catalog, portfolio } = this.s;
    const c = catalog.current();
    const store = market.marketStore;
    return {
      dataVersion: this.version,
      isKnown: (sym) => market.isKnown(sym),
      series: (sym) => market.peek(sym),
      entry: (sym) => {
        const e = store.entry(sym);
        return e && { name: c.miner(sym)?.name ?? e.name, assetClass: e.assetClass };
      },
      btcReportSeries: () => market.btcReportSeries(),
      btcSampling: market.currentSettings.btcSampling,
      catalog: c,
      catalogFigures: (t) => derivedFigures(c, t),
      backlogStatus,
      holdings: () => (portfolio.current.holdings.positions.length ? { holdings: portfolio.current.holdings } : { reason: portfolio.emptyReason() }),
      liveQuote: (sym) => (market.mode === 'snapshot' ? undefined : store.peekQuote(sym)),
      network: () => {
        const net = this.s.network.current;
        return net ? { series: net.series } : { reason: this.s.network.lastError ?? 'the network data is not loaded yet' };
      },
    };
  }

  /** One block's rendering (cached by source and data); a placeholder while the market data loads. */
  render(source: string, now = new Date()): RenderedBlock | { ok: false; html: string; loading: true } {
    this.rendered++;
    if (!this.s.market.lastRefresh) {
      this.loading ??= this.s.market.ensureLoaded().then(
        () => this.schedulePreviewRefresh(),
        (e) => this.s.log.warn('notes', `market data for note blocks: ${messageOf(e)}`),
      );
      return loadingBlock('Hashpivot: loading market data…');
    }
    if (!this.s.network.current && !this.s.network.lastError && isEconomicsBlock(source)) {
      this.s.network.requestLoad();
      return loadingBlock('Hashpivot: loading the bitcoin network data…');
    }
    return this.cache.render(source, this.context(), now);
  }

  /** The markdown-it plugin: `hashpivot` fences become Hashpivot blocks, every other fence renders as before. */
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T {
    return installBlockFence(
      md,
      (content) => this.render(content).html,
      (e) => this.s.log.error('notes', `block failed: ${messageOf(e)}`),
    );
  }
}
