/**
 * The holdings' value and day P&L in the status bar, when `hashpivot.statusBar.portfolio` is on
 * and there are positions; it says whether its prices are live, cached or the snapshot. Click:
 * the Portfolio view.
 */
import * as vscode from 'vscode';
import { formatMoney, formatPercent, formatUsdCompact } from '../../shared/format';
import { Disposable } from '../lifecycle';
import type { PortfolioService } from './portfolioService';

export class PortfolioStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('hashpivot.portfolioStatus', vscode.StatusBarAlignment.Right, 99));

  constructor(
    private readonly portfolio: PortfolioService,
    private enabled: boolean,
  ) {
    super();
    this.item.name = 'Hashpivot Portfolio';
    this.item.command = { command: 'hashpivot.portfolio.focus', title: 'Show the Portfolio view' };
    this._register(portfolio.onDidChange(() => this.update()));
    this.update();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.update();
  }

  get text(): string | undefined {
    return this.enabled && this.portfolio.current.holdings.positions.length ? this.item.text : undefined;
  }

  update(): void {
    const f = this.enabled ? this.portfolio.compute() : undefined;
    if (!f) {
      this.item.hide();
      return;
    }
    const t = f.valuation.totals;
    const icon = t.source === 'live' ? '$(briefcase)' : t.source === 'cache' ? '$(history)' : '$(cloud-offline)';
    this.item.text = `${icon} ${formatUsdCompact(t.value)} ${formatPercent(t.dayPnlPct, 2)}`;
    const where = t.source === 'live' ? 'live prices' : t.source === 'cache' ? 'cached prices (not live)' : `snapshot closes of ${f.asOf} (offline)`;
    this.item.tooltip = `Portfolio ${formatMoney(t.value)}, today ${formatMoney(t.dayPnl, true)} (${formatPercent(t.dayPnlPct, 2)}); from ${where}`;
    this.item.accessibilityInformation = { label: `Portfolio ${formatMoney(t.value)}, today ${formatPercent(t.dayPnlPct, 2)}, ${where}` };
    this.item.show();
  }
}
