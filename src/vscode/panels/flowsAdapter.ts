/**
 * The capital-flows panel's links, read from the catalog here until the exposure module's
 * `exposureFlows` replaces {@link catalogFlowLinks} (the one function to swap). Every deal the
 * backlog counts (src/catalog/derived.ts backlogStatus) is two links of its value: backer →
 * counterparty and counterparty → miner (see src/vscode/dealParties.ts for who is which).
 */
import { backlogStatus, type Catalog, type CatalogDeal } from '../../catalog';
import { NO_BACKER, type FlowLinkInput, type FlowsInput } from '../../core/views/build';
import { dealBacker, dealCounterparty, type DealPartyFields } from '../dealParties';

/** The links of the contracted deals: backer (or "No backer") → counterparty → miner, each of the deal's value (null when undisclosed). */
export function catalogFlowLinks(deals: ReadonlyArray<CatalogDeal & DealPartyFields>): FlowLinkInput[] {
  const links: FlowLinkInput[] = [];
  for (const d of deals) {
    if (!backlogStatus(d).counts) continue;
    const counterparty = dealCounterparty(d);
    const valueUsd = typeof d.valueUSD === 'number' ? d.valueUSD : null;
    links.push({ from: dealBacker(d) ?? NO_BACKER, fromKind: 'backer', to: counterparty, toKind: 'counterparty', valueUsd, dealIds: [d.id] });
    links.push({ from: counterparty, fromKind: 'counterparty', to: d.provider, toKind: 'miner', valueUsd, dealIds: [d.id] });
  }
  return links;
}

/** What buildFlows gets: the links, the catalog's date, where the deals come from and what was counted. */
export function catalogFlowsInput(cat: Catalog, workspaceFile: string | undefined): FlowsInput {
  const counted = cat.deals.filter((d) => backlogStatus(d).counts).length;
  return {
    links: catalogFlowLinks(cat.deals),
    asOf: cat.asOf,
    data: { kind: 'snapshot', text: `catalog${cat.asOf ? ` of ${cat.asOf}` : ''}${workspaceFile ? ' + workspace catalog' : ''}` },
    notes: [
      `${counted} of the catalog's ${cat.deals.length} deals: those counted as contracted backlog (leases, colocation, cloud and JV hosting contracts, contracted, energized or operating, not ended).`,
      "Each flow is the deals' contracted value as reported (the initial term). A backer's flow is the value of the deals it backs, not the amount it guarantees (that is in each deal's backer text).",
      'The backer is the first named guarantor of the deal; "No backer" is a deal without one (or a hyperscaler that is the tenant itself).',
    ],
  };
}
