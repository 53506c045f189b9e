/**
 * Who stands behind a deal, as the Deals view (group by backer, the filter) and the capital-flows
 * panel read it: its backer and its counterparty. No VS Code API here (unit-tested).
 *
 * The structured fields `counterpartyEntity` and `backstops` (build-catalog's judgement tables)
 * win over the free text; a workspace override that has only the text still works.
 */
import type { CatalogDeal } from '../catalog';
import { NO_BACKER, partyName } from '../core/views/build';
import type { FlowNodeKind } from '../shared/protocol';

/** The structured party fields of a catalog deal (optional: an override entry may have the text only). */
export type DealPartyFields = Partial<Pick<CatalogDeal, 'counterpartyEntity' | 'backstops'>>;

type PartyDeal = Pick<CatalogDeal, 'provider' | 'counterparty' | 'counterpartyBacker'> & DealPartyFields;

/**
 * The deal's backer: the first backstop's guarantor when there is one, else the text of
 * `counterpartyBacker` before " (" unless it says "n/a"; null when no one backs it.
 */
export function dealBacker(d: PartyDeal): string | null {
  const guarantor = d.backstops?.[0]?.guarantor;
  if (typeof guarantor === 'string' && guarantor.trim()) return partyName(guarantor);
  const text = d.counterpartyBacker?.trim();
  if (!text || /^n\/a\b/i.test(text)) return null;
  const cut = text.indexOf(' (');
  const name = (cut > 0 ? text.slice(0, cut) : text).trim();
  return name ? partyName(name) : null;
}

/** The counterparty of a deal that names none (or says only "undisclosed"). */
export const UNDISCLOSED_COUNTERPARTY = 'Undisclosed counterparty';

/**
 * The deal's counterparty: its entity when the catalog names one, else its text;
 * {@link UNDISCLOSED_COUNTERPARTY} when it has neither or the text is only "undisclosed" (so that a
 * flows node of $3.4B does not read "undisclosed", like a value).
 */
export function dealCounterparty(d: PartyDeal): string {
  if (typeof d.counterpartyEntity === 'string' && d.counterpartyEntity.trim()) return partyName(d.counterpartyEntity);
  const text = d.counterparty?.trim();
  return text && !/^undisclosed\.?$/i.test(text) ? partyName(text) : UNDISCLOSED_COUNTERPARTY;
}

/** How the Deals view groups its deals. */
export type DealsGrouping = 'company' | 'counterparty' | 'backer';

/** The group a deal is listed under: its company, its counterparty text, or its backer ({@link NO_BACKER} when none). */
export function dealGroupKey(d: PartyDeal, grouping: DealsGrouping): string {
  if (grouping === 'company') return d.provider ?? '(unknown)';
  if (grouping === 'counterparty') return dealCounterparty(d);
  return dealBacker(d) ?? NO_BACKER;
}

/** A filter of the Deals view: the deals of one party (a node of the capital-flows panel). */
export interface DealsFilter {
  kind: FlowNodeKind;
  /** The party's name; for a backer, {@link NO_BACKER} is the deals no one backs. */
  name: string;
}

/** Whether a deal is one of the party's: its miner (provider), its counterparty (entity or text) or its backer. */
export function dealMatchesFilter(d: PartyDeal, f: DealsFilter): boolean {
  switch (f.kind) {
    case 'miner':
      return partyName(d.provider) === f.name;
    case 'counterparty':
      return dealCounterparty(d) === f.name || (!!d.counterparty?.trim() && partyName(d.counterparty) === f.name);
    case 'backer':
      return (dealBacker(d) ?? NO_BACKER) === f.name;
  }
}

/** The filter in words: `backer Google`, `deals no one backs`. */
export function describeFilter(f: DealsFilter): string {
  if (f.kind === 'backer' && f.name === NO_BACKER) return 'deals with no backer';
  return `${f.kind} ${f.name}`;
}
