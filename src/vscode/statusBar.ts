/**
 * Status bar: BTC price and 30-day change, the number of triggered alerts, and whether the data
 * is live, cached (stale) or the snapshot (offline). Click: the BTC ticker view.
 */
import * as vscode from 'vscode';
import { describeOrigin, feedLabel, formatPercent, formatPrice, pairNotes } from '../core/format';
import { escapeMarkdown } from '../core/markdown';
import type { MarketService } from './market';
import { Commands } from './commands/ids';
import { Disposable } from './lifecycle';

export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('hashpivot.status', vscode.StatusBarAlignment.Right, 100));
  private triggered = 0;
  /** What the BTC stream is doing, when there is something to say (src/vscode/btcStream.ts describeStream). */
  private streamNote: string | undefined;

  constructor(private readonly market: MarketService) {
    super();
    this.item.name = 'Hashpivot';
    this.item.command = { command: Commands.openDashboard, title: 'Open the Hashpivot dashboard' };
    this._register(market.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  setTriggeredAlerts(n: number): void {
    this.triggered = n;
    this.update();
  }

  setStreamNote(note: string | undefined): void {
    if (note === this.streamNote) return;
    this.streamNote = note;
    this.update();
  }

  update(): void {
    const r = this.market.report('BTC');
    const s = this.market.peek('BTC');
    const alerts = this.triggered > 0 ? `  $(bell-dot) ${this.triggered}` : '';
    if (!r || !s) {
      this.item.text = `$(loading~spin) BTC${alerts}`;
      this.item.tooltip = 'Hashpivot: loading market data';
      this.item.backgroundColor = undefined;
      return;
    }
    // A live intraday quote (src/vscode/intraday.ts) younger than 15 minutes stands for the price.
    const q = this.market.mode === 'snapshot' ? undefined : this.market.marketStore.peekQuote('BTC');
    const tick = q && Date.now() - Date.parse(q.time) < 15 * 60_000 ? q : undefined;
    const kind = tick ? 'live' : s.origin.kind;
    const icon = kind === 'snapshot' ? '$(cloud-offline)' : kind === 'cache' ? '$(history)' : '$(pulse)';
    const price = tick ? tick.price : r.close;
    this.item.text = `${icon} BTC ${formatPrice(price)} ${formatPercent(r.change['30d'])}${alerts}`;
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**Bitcoin** ${formatPrice(r.close)} on ${r.asOf}, ${formatPercent(r.change['30d'])} over 30 days\n\n`);
    if (tick) {
      // Streamed ticks come every second or so: their time to the second; polled quotes to the minute.
      const at = tick.feed === 'stream' ? tick.time.slice(11, 19) : tick.time.slice(11, 16);
      const src = `${tick.origin.provider}${tick.origin.providerSymbol ? ` ${tick.origin.providerSymbol}` : ''}`;
      md.appendMarkdown(`${capitalise(feedLabel(tick.feed))}: ${formatPrice(tick.price)} at ${at} UTC (${escapeMarkdown(src)})\n\n`);
    }
    if (this.streamNote && this.market.mode !== 'snapshot') md.appendMarkdown(`${escapeMarkdown(this.streamNote)}\n\n`);
    md.appendMarkdown(`Daily data: ${describeOrigin(s.origin, Date.now())}${s.origin.kind !== 'live' ? ' — not live' : ''}\n\n`);
    const sampling = pairNotes(r).btc;
    if (sampling) md.appendMarkdown(`Pair figures (ρ, β): ${escapeMarkdown(sampling)}\n\n`);
    md.appendMarkdown(this.triggered ? `${this.triggered} alert(s) triggered\n\n` : 'No alert triggered\n\n');
    md.appendMarkdown('Click for the dashboard');
    this.item.tooltip = md;
    this.item.backgroundColor = kind === 'cache' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = {
      label:
        `Bitcoin ${formatPrice(price)}${tick ? ` ${feedLabel(tick.feed)}` : ''}, ` +
        `${formatPercent(r.change['30d'])} over 30 days, ${describeOrigin(s.origin, Date.now())}`,
    };
  }
}

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
