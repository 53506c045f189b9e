/** Show Deals For…, Open Source Link, the Deals view's grouping and filter, and Open Capital Flows. */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import { formatBillions } from '../hover';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { dealNodeOf, symbolOf } from './args';
import { notify } from '../notify';

async function showDealsFor(s: Services, symbol?: string): Promise<void> {
  const cat = s.catalog.current();
  let sym = symbol ? normaliseSymbol(symbol) : undefined;
  if (!sym) {
    const pick = await vscode.window.showQuickPick(
      cat.tickers().map((t) => ({ label: t, description: cat.miner(t)?.name ?? '', detail: `${cat.dealsOf(t).length} deal(s)` })),
      { title: 'Hashpivot: Show Deals For…', matchOnDescription: true },
    );
    sym = pick?.label;
  }
  if (!sym) return;
  const deals = cat.dealsOf(sym);
  if (!deals.length) {
    void notify.info(`The catalog has no AI/HPC deal for ${sym}.`);
    return;
  }
  const pick = await vscode.window.showQuickPick(
    deals.map((d) => ({
      label: d.name ?? d.id,
      description: typeof d.valueUSD === 'number' ? `$${formatBillions(d.valueUSD)}` : 'value undisclosed',
      detail: [d.counterparty && `with ${d.counterparty}`, d.announced && `announced ${d.announced}`, d.status].filter(Boolean).join(' · '),
      deal: d,
    })),
    { title: `AI/HPC deals of ${sym} — pick one to open its source`, matchOnDetail: true },
  );
  if (pick) await openSourceLink(pick.deal.sources ?? []);
}

async function openSourceLink(sources: ReadonlyArray<{ url: string; title?: string; publisher?: string; date?: string | null }>): Promise<void> {
  if (!sources.length) {
    void notify.info('No source link for this entry.');
    return;
  }
  let url = sources[0]!.url;
  if (sources.length > 1) {
    const pick = await vscode.window.showQuickPick(
      sources.map((x) => ({ label: x.title ?? x.url, description: [x.publisher, x.date].filter(Boolean).join(', '), detail: x.url, url: x.url })),
      { title: 'Open source', matchOnDetail: true },
    );
    if (!pick) return;
    url = pick.url;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

/** The sources of a deal row, or of the miner a row or string names. */
function sourcesOf(s: Services, arg: unknown): Parameters<typeof openSourceLink>[0] {
  const deal = dealNodeOf(arg);
  if (deal) return deal.deal.sources ?? [];
  const sym = symbolOf(arg);
  return (sym ? s.catalog.current().miner(sym)?.sources : undefined) ?? [];
}

export function dealCommands(
  s: Services,
): CommandHandlers<
  | typeof Commands.showDealsFor
  | typeof Commands.openSourceLink
  | typeof Commands.dealsByCompany
  | typeof Commands.dealsByCounterparty
  | typeof Commands.dealsByBacker
  | typeof Commands.clearDealsFilter
  | typeof Commands.openFlows
> {
  return {
    [Commands.showDealsFor]: (arg?: unknown) => showDealsFor(s, symbolOf(arg)),
    [Commands.openSourceLink]: (arg?: unknown) => openSourceLink(sourcesOf(s, arg)),
    [Commands.dealsByCompany]: () => s.trees.deals.setGrouping('company'),
    [Commands.dealsByCounterparty]: () => s.trees.deals.setGrouping('counterparty'),
    [Commands.dealsByBacker]: () => s.trees.deals.setGrouping('backer'),
    [Commands.clearDealsFilter]: () => s.trees.deals.setFilter(undefined),
    [Commands.openFlows]: () => s.panels.open('flows', [], 'ALL'),
  };
}
