/**
 * Read-only Markdown documents for a ticker or a comparison (`hashpivot-report:` URIs), shown in
 * the Markdown preview: the risk table, the company's catalog facts and deals with their sources.
 * Everything comes from memory and the catalog: no network.
 */
import * as vscode from 'vscode';
import { riskSnapshotMarkdown } from '../core/riskSnapshot';
import { describeOrigin } from '../core/format';
import { escapeMarkdown } from '../core/markdown';
import { normaliseSymbol } from '../core/universe';
import type { MarketService } from './market';
import type { CatalogService } from './catalogService';
import { formatBillions } from './hover';
import { Disposable } from './lifecycle';

export const REPORT_SCHEME = 'hashpivot-report';

export function reportUri(symbols: string[]): vscode.Uri {
  const name = symbols.length === 1 ? symbols[0]! : `compare-${symbols.join('-')}`;
  return vscode.Uri.from({
    scheme: REPORT_SCHEME,
    path: `/${name.replace(/[^A-Za-z0-9-]/g, '_')}.md`,
    query: `symbols=${encodeURIComponent(symbols.join(','))}`,
  });
}

export class ReportDocumentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.emitter.event;
  private readonly open = new Set<string>();

  constructor(
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
  ) {
    super();
    // Keep open reports current after each refresh.
    this._register(
      market.onDidChange(() => {
        for (const u of this.open) this.emitter.fire(vscode.Uri.parse(u));
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    this.open.add(uri.toString());
    const symbols = new URLSearchParams(uri.query).get('symbols')?.split(',').filter(Boolean).map(normaliseSymbol) ?? [];
    return this.render(symbols);
  }

  render(symbols: string[]): string {
    const now = new Date();
    const out: string[] = [];
    out.push(symbols.length === 1 ? `# ${symbols[0]}` : `# Compare ${symbols.join(', ')}`, '');
    const rows = symbols
      .map((s) => ({ report: this.market.report(s), origin: this.market.peek(s)?.origin }))
      .filter((r): r is { report: NonNullable<typeof r.report>; origin: NonNullable<typeof r.origin> } => !!r.report && !!r.origin);
    const missing = symbols.filter((s) => !this.market.report(s));
    if (rows.length) out.push(riskSnapshotMarkdown(rows, now));
    if (missing.length) out.push(`*No price data for ${missing.join(', ')} (see the Hashpivot output).*`, '');
    for (const symbol of symbols) {
      const miner = this.catalog.current().miner(symbol);
      const deals = this.catalog.current().dealsOf(symbol);
      if (!miner && !deals.length) continue;
      out.push(`## ${symbol}${miner ? ` — ${escapeMarkdown(miner.name)}` : ''}`, '');
      if (miner) {
        if (miner.pivotStatus) out.push(`- AI/HPC pivot: **${escapeMarkdown(String(miner.pivotStatus))}**`);
        if (miner.contractedHpcMW != null) out.push(`- Contracted HPC capacity: ${miner.contractedHpcMW} MW`);
        if (miner.asOf) out.push(`- Catalog facts as of ${escapeMarkdown(miner.asOf)}, confidence ${escapeMarkdown(String(miner.confidence ?? 'unknown'))}`);
        out.push('');
      }
      if (deals.length) {
        out.push('| Deal | Counterparty | Value | MW | Announced | Status | Sources |', '|---|---|---:|---:|---|---|---|');
        for (const d of deals) {
          const sources = (d.sources ?? [])
            .slice(0, 3)
            .map((src, i) => `[${i + 1}](${encodeURI(src.url)})`)
            .join(' ');
          out.push(
            `| ${escapeMarkdown(d.name ?? d.id)} | ${escapeMarkdown(d.counterparty ?? '–')} | ${typeof d.valueUSD === 'number' ? `$${formatBillions(d.valueUSD)}` : '–'} | ${d.mw ?? '–'} | ${escapeMarkdown(d.announced ?? '–')} | ${escapeMarkdown(String(d.status ?? '–'))} | ${sources} |`,
          );
        }
        out.push('');
      }
    }
    const origins = symbols.map((s) => this.market.peek(s)?.origin).filter((o) => !!o);
    if (origins.length)
      out.push(
        '---',
        `Prices: ${[...new Set(origins.map((o) => describeOrigin(o, now.getTime())))].join('; ')}. Catalog: Hashpivot catalog${this.catalog.workspaceFile ? ' with the workspace overrides' : ''}.`,
      );
    return out.join('\n') + '\n';
  }
}
