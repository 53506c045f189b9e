import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { describeRule, ruleLabel, type AlertStatus } from '../../core/alerts';
import { escapeMarkdown } from '../../core/markdown';
import { SHOW_DEALS, SHOW_PORTFOLIO, type AlertService, type RuleEntry } from './alertService';

const ICONS: Record<AlertStatus, [string, string | undefined]> = {
  armed: ['bell', undefined],
  triggered: ['bell-dot', 'charts.red'],
  snoozed: ['bell-slash', 'disabledForeground'],
  disabled: ['circle-slash', 'disabledForeground'],
  error: ['error', 'errorForeground'],
};

export class AlertNode extends vscode.TreeItem {
  constructor(readonly entry: RuleEntry) {
    super(ruleLabel(entry.rule), vscode.TreeItemCollapsibleState.None);
    const st = entry.state;
    const status: AlertStatus = st?.status ?? (entry.rule.enabled ? 'armed' : 'disabled');
    this.id = `alert:${entry.origin}:${entry.rule.id}`;
    const [icon, color] = ICONS[status];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const stale = st?.stale ? ` · ${st.stale.kind === 'snapshot' ? 'snapshot' : 'cached'} data` : '';
    // The label names the subject, so the text's first word goes (`price`, `WULF:`); deal and counterparty texts start with what they are about ("3 deals", "new deal …", "Fluidstack: …").
    const keep = entry.rule.kind === 'deal' || entry.rule.kind === 'counterparty';
    const text = st?.distanceText ? (keep ? st.distanceText : st.distanceText.replace(/^\S+\s/, '')) : '';
    this.description = `${status}${text ? ` — ${text}` : ''}${stale}`;
    this.contextValue = `hashpivot.alert.${entry.origin}.${status}${entry.rule.enabled ? '' : '.off'}`;
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${escapeMarkdown(ruleLabel(entry.rule))}**\n\n`);
    if (entry.rule.name) md.appendMarkdown(`${escapeMarkdown(describeRule(entry.rule))}\n\n`);
    md.appendMarkdown(`State: **${status}**${st?.triggeredAt ? ` since ${st.triggeredAt.slice(0, 16).replace('T', ' ')}` : ''}\n\n`);
    if (st?.distanceText) md.appendMarkdown(`${escapeMarkdown(st.distanceText)}\n\n`);
    if (st?.message) md.appendMarkdown(`$(error) ${escapeMarkdown(st.message)}\n\n`);
    if (st?.stale) md.appendMarkdown(`$(warning) Evaluated on ${st.stale.kind} data as of ${st.stale.asOf}, not live.\n\n`);
    if (entry.rule.snoozedUntil) md.appendMarkdown(`Snoozed until ${entry.rule.snoozedUntil.slice(0, 16).replace('T', ' ')}\n\n`);
    md.appendMarkdown(
      entry.origin === 'workspace' ? '*From the workspace file .hashpivot/alerts.json*' : '*Your rule (right-click to edit, snooze, disable or delete)*',
    );
    // A portfolio rule has no ticker: a click shows the Portfolio view; a counterparty rule's, the Deals view (ticker rules have no click action).
    if (entry.rule.kind === 'portfolio') {
      md.appendMarkdown('\n\n*Click to show the Portfolio view.*');
      this.command = { command: SHOW_PORTFOLIO, title: 'Show the Portfolio view' };
    } else if (entry.rule.kind === 'counterparty') {
      md.appendMarkdown('\n\n*Click to show the Deals view.*');
      this.command = { command: SHOW_DEALS, title: 'Show the Deals view' };
    }
    this.tooltip = md;
    this.accessibilityInformation = { label: `${ruleLabel(entry.rule)}, ${status}. ${st?.distanceText ?? ''}` };
  }
}

/** The Alerts view: every rule with its state and its distance to the trigger. */
export class AlertsTreeProvider extends Disposable implements vscode.TreeDataProvider<AlertNode> {
  private readonly emitter = this._register(new vscode.EventEmitter<AlertNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  private view: vscode.TreeView<AlertNode> | undefined;

  constructor(private readonly alerts: AlertService) {
    super();
    this._register(alerts.onDidChange(() => this.emitter.fire(undefined)));
  }

  attach(view: vscode.TreeView<AlertNode>): void {
    this.view = view;
  }

  getTreeItem(n: AlertNode): vscode.TreeItem {
    return n;
  }

  getChildren(n?: AlertNode): AlertNode[] {
    if (n) return [];
    const entries = this.alerts.entries();
    const triggered = this.alerts.triggeredCount();
    if (this.view) {
      this.view.badge = triggered ? { value: triggered, tooltip: `${triggered} alert(s) triggered` } : undefined;
      const stale = entries.filter((e) => e.state?.stale).length;
      this.view.message = stale && entries.length ? `${stale} rule(s) evaluated on data that is not live` : undefined;
    }
    const order: Record<string, number> = { triggered: 0, error: 1, armed: 2, snoozed: 3, disabled: 4 };
    return entries.sort((a, b) => (order[a.state?.status ?? 'armed'] ?? 9) - (order[b.state?.status ?? 'armed'] ?? 9)).map((e) => new AlertNode(e));
  }
}
