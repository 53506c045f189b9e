/**
 * Status bar: BTC price and 30-day change, the number of triggered alerts, and whether the data
 * is live, cached (stale) or the snapshot (offline). Click: the BTC ticker view.
 */
import * as vscode from 'vscode';
import { describeOrigin, formatPercent, formatPrice, pairNotes } from '../core/format';
import { escapeMarkdown } from '../core/markdown';
import type { MarketService } from './market';
import { Commands } from './commands/ids';
import { Disposable } from './lifecycle';

export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('hashpivot.status', vscode.StatusBarAlignment.Right, 100));
  private triggered = 0;

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
    const kind = s.origin.kind;
    const stale = kind !== 'live';
    const icon = kind === 'snapshot' ? '$(cloud-offline)' : kind === 'cache' ? '$(history)' : '$(pulse)';
    this.item.text = `${icon} BTC ${formatPrice(r.close)} ${formatPercent(r.change['30d'])}${alerts}`;
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**Bitcoin** ${formatPrice(r.close)} on ${r.asOf}, ${formatPercent(r.change['30d'])} over 30 days\n\n`);
    md.appendMarkdown(`Data: ${describeOrigin(s.origin, Date.now())}${stale ? ' — not live' : ''}\n\n`);
    const sampling = pairNotes(r).btc;
    if (sampling) md.appendMarkdown(`Pair figures (ρ, β): ${escapeMarkdown(sampling)}\n\n`);
    md.appendMarkdown(this.triggered ? `${this.triggered} alert(s) triggered\n\n` : 'No alert triggered\n\n');
    md.appendMarkdown('Click for the dashboard');
    this.item.tooltip = md;
    this.item.backgroundColor = kind === 'cache' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = {
      label: `Bitcoin ${formatPrice(r.close)}, ${formatPercent(r.change['30d'])} over 30 days, ${describeOrigin(s.origin, Date.now())}`,
    };
  }
}
