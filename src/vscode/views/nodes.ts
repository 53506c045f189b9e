import * as vscode from 'vscode';
import type { CatalogDeal } from '../../catalog';
import { escapeMarkdown } from '../../core/markdown';
import { formatBillions } from '../hover';

/** A deal row, shared by the Miners and Deals views. */
export class DealNode extends vscode.TreeItem {
  readonly kind = 'deal';
  constructor(
    readonly deal: CatalogDeal,
    readonly parentKey: string,
    label?: string,
  ) {
    super(label ?? deal.name ?? deal.id, vscode.TreeItemCollapsibleState.None);
    this.id = `${parentKey}/deal:${deal.id}`;
    const value = typeof deal.valueUSD === 'number' ? `$${formatBillions(deal.valueUSD)}` : 'value n/a';
    this.description = [value, deal.status ? shortStatus(String(deal.status)) : undefined].filter(Boolean).join(' · ');
    this.iconPath = new vscode.ThemeIcon('handshake');
    this.contextValue = deal.sources?.length ? 'hashpivot.deal.withSource' : 'hashpivot.deal';
    const md = new vscode.MarkdownString('', false);
    md.appendMarkdown(`**${escapeMarkdown(deal.name ?? deal.id)}**\n\n`);
    const rows: Array<[string, string | undefined]> = [
      ['Provider', deal.provider ?? undefined],
      ['Counterparty', deal.counterparty ?? undefined],
      ['Backer', deal.counterpartyBacker ?? undefined],
      ['End user', deal.endUser ?? undefined],
      ['Value', typeof deal.valueUSD === 'number' ? `$${formatBillions(deal.valueUSD)}` : 'undisclosed'],
      ['Term', deal.termYears != null ? `${deal.termYears} years` : undefined],
      ['MW', deal.mw != null ? String(deal.mw) : undefined],
      ['Announced', deal.announced ?? undefined],
      ['Status', deal.status ? String(deal.status) : undefined],
      ['Confidence', deal.confidence ? String(deal.confidence) : undefined],
    ];
    for (const [k, v] of rows) if (v) md.appendMarkdown(`- ${k}: ${escapeMarkdown(v)}\n`);
    if (deal.sources?.length) md.appendMarkdown(`\n*${deal.sources.length} source(s): right-click → Open Source Link*`);
    this.tooltip = md;
  }
}

/** The first clause of a long status text: "contracted; phased deployment through 2026" -> "contracted". */
export function shortStatus(status: string): string {
  const first = status.split(/[;(,]/)[0]!.trim();
  return first.length > 32 ? `${first.slice(0, 31)}…` : first;
}
