/**
 * View model of the scenario panel's counterparty-default card (pure): the entities one can remove
 * (src/core/exposure knownEntities), and for the selected one what each miner's contracted AI/HPC
 * backlog loses (defaultScenario) — at risk, kept by surviving backstops, not hit — with the MW left
 * without a tenant and the price-impact estimate whose method the card states. Undisclosed values
 * stay unknown; a range is shown where a surviving backstop's amount is undisclosed.
 */
import { defaultScenario, knownEntities, UnknownEntityError, type DealHit, type ExposureModel, type MwLeft } from '../../exposure';
import { formatUsd } from '../../../shared/format';
import type { CounterpartyDefaultCard, CounterpartyDefaultRow } from '../../../shared/protocol';

const ROLE_WORDS = { counterparty: 'counterparty', backer: 'backer', 'end-user': 'end user' } as const;
const BASIS_WORDS: Record<MwLeft['basis'], string> = { 'critical-it': 'critical IT', gross: 'gross', unknown: 'basis unknown', unclassified: 'unclassified' };
const VIA_WORDS = { counterparty: 'as tenant', 'end-user': 'as end user', 'sole-backer': 'its only backer' } as const;

export function mwText(mw: readonly MwLeft[]): string {
  return mw.length ? mw.map((m) => `${m.mw.toLocaleString('en-US')} MW ${BASIS_WORDS[m.basis]}`).join(' + ') : '–';
}

function hitText(h: DealHit): string {
  const value = h.valueUsd === null ? 'value undisclosed' : formatUsd(h.valueUsd);
  const cover = h.coveredBy.length
    ? `; ${h.coveredBy.map((b) => `${b.guarantor} backstop ${b.amountUsd === null ? 'of undisclosed amount' : formatUsd(b.amountUsd)}`).join(', ')} honoured`
    : '';
  const risk =
    h.atRiskUsd === null
      ? ' → not in the figures'
      : ` → ${formatUsd(h.atRiskUsd)}${h.atRiskLowUsd !== null ? ` (${formatUsd(h.atRiskLowUsd)} if it covers all)` : ''} at risk`;
  return `${h.dealId} (${VIA_WORDS[h.via]}): ${value}${cover}${risk}`;
}

export interface CounterpartyCardOptions {
  catalogAsOf?: string;
  /** Where the market caps come from, or why there are none (said under the card). */
  marketCapSource: string;
  discountRate?: number;
}

/** The card for `selected` (an entity name or alias; null: none picked yet). An unknown entity is a reason, not an exception. */
export function counterpartyCard(model: ExposureModel, selected: string | null, o: CounterpartyCardOptions): CounterpartyDefaultCard {
  const entities = knownEntities(model).map((e) => ({ name: e.name, roles: e.roles.map((r) => ROLE_WORDS[r]).join(', ') }));
  const source = `catalog as of ${o.catalogAsOf ?? '–'}; market caps: ${o.marketCapSource}`;
  if (selected === null) return { entities, selected: null, result: null, reason: 'pick a counterparty, backer or end user to remove', source };
  let r;
  try {
    r = defaultScenario(model, selected, o.discountRate === undefined ? {} : { discountRate: o.discountRate });
  } catch (e) {
    if (e instanceof UnknownEntityError) return { entities, selected, result: null, reason: e.message, source };
    throw e;
  }
  const rows: CounterpartyDefaultRow[] = r.miners
    .map((m) => {
      const covered = m.hits.reduce((s, h) => s + (h.valueUsd === null ? 0 : h.coveredUsd), 0);
      const notHit = m.backlogUsd === null ? null : Math.max(0, m.backlogUsd - (m.atRiskUsd ?? 0) - covered);
      const reasons = [...m.notes];
      if (m.priceImpact.value === null && m.priceImpact.reason) reasons.push(`price impact: ${m.priceImpact.reason}`);
      if (m.mwUnknownDealIds.length) reasons.push(`MW unknown for ${m.mwUnknownDealIds.join(', ')}`);
      return {
        symbol: m.symbol,
        backlogUsd: m.backlogUsd,
        backlogLowerBound: m.backlogLowerBound,
        atRiskUsd: m.atRiskUsd,
        atRiskLowUsd: m.atRiskLowUsd,
        coveredUsd: covered,
        notHitUsd: notHit,
        shareOfBacklog: m.shareOfBacklog.value,
        shareOfBacklogLow: m.shareOfBacklogLow,
        marketCapUsd: m.marketCap.value,
        shareOfMarketCap: m.shareOfMarketCap.value,
        mwText: mwText(m.mwWithoutTenant),
        priceImpact: m.priceImpact.value,
        priceImpactLow: m.priceImpact.valueLow,
        hits: m.hits.map(hitText),
        reasons,
      };
    })
    .sort((a, b) => (b.atRiskUsd ?? -1) - (a.atRiskUsd ?? -1) || a.symbol.localeCompare(b.symbol));
  const roles = knownEntities(model).find((e) => e.name === r.entity)?.roles ?? r.roles;
  const counts = (role: string) => r.miners.reduce((n, m) => n + m.hits.filter((h) => h.via === role).length, 0);
  const rolesText = [
    roles.includes('counterparty') ? `tenant of ${counts('counterparty')} backlog deal(s)` : '',
    roles.includes('end-user') ? `end user of ${counts('end-user')}` : '',
    r.soleBackerOf.length
      ? `the only backer of ${r.soleBackerOf.join(', ')}`
      : roles.includes('backer')
        ? 'a backer (its counterparties have other backers)'
        : '',
    r.backstopsLost.length ? `guarantor of ${r.backstopsLost.length} backstop(s)` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    entities,
    selected: r.entity,
    result: {
      entity: r.entity,
      rolesText,
      rows,
      totals: {
        backlogUsd: r.totals.backlogUsd,
        atRiskUsd: r.totals.atRiskUsd,
        atRiskLowUsd: r.totals.atRiskLowUsd,
        shareOfBacklog: r.totals.shareOfBacklog.value,
        mwText: mwText(r.totals.mwWithoutTenant),
      },
      backstopsLost: r.backstopsLost.map(
        (b) =>
          `${b.guarantor} on ${b.dealId} (${b.provider}, ${b.counterparty}): ${b.amountUsd === null ? 'amount undisclosed' : formatUsd(b.amountUsd)}${b.dealHit ? '' : ' — the deal survives without it'}`,
      ),
      method: r.priceImpactMethod,
      notes: [...r.notes, ...r.otherDeals.map((d) => `${d.dealId} (${d.provider}) names ${r.entity} but is not backlog: ${d.reason}`)],
    },
    source,
  };
}
