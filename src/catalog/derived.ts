/**
 * Figures derived from the catalog for the views. Pure. Unknown stays null, never 0; every
 * exclusion and every unknown is said in `notes`.
 *
 * Backlog (contracted AI/HPC revenue backlog of a company) = the sum of `valueUSD` of the deals
 * that company PROVIDES (deal.provider is its ticker) and that are:
 * - of a revenue kind: `lease`, `colocation`, `cloud-services`, `joint-venture`. Not counted:
 *   `acquisition` (a purchase price or equity value, not revenue owed to the company: the failed
 *   CoreWeave–Core Scientific merger and MARA–Exaion), `development-plan` (capex and plans, no
 *   tenant: HIVE's CAD 3.5B estimate, Bitfarms' $128M supply agreement), `letter-of-intent`
 *   (not binding), `supply-agreement` (a cost), `other`;
 * - at a contracted stage: `contracted`, `energized`, `operating`. Not counted: `planned`, `loi`,
 *   `conditional` (signed but not yet effective), `closed`, `terminated`;
 * - not ended: a status text saying terminated / failed / voted down / cancelled excludes the deal
 *   even if its stage says otherwise.
 * The value is the total contract value over the initial term as reported (extensions not
 * included), not the remaining performance obligation: revenue already earned on energized deals
 * is not subtracted. A joint venture's value is the JV's contracted revenue (the note says so).
 * Deals of unknown value are not counted and are named; when none has a known value the backlog
 * is null. A deal the company only appears in (as tenant, via dealIds) is not its backlog.
 *
 * Pivot debt = the sum of `amountUSD` of the company's debt raises marked `pivotRelated: "yes"`
 * with a disclosed amount. `no`, `unclear` (or unmarked) raises are not counted but named.
 * Null when no raise counts.
 *
 * MW share = contractedHpcMW / total power capacity in MW (GW × 1000). Both are the catalog's
 * figures; their bases differ by company (critical IT vs gross, approved power, pipeline), so the
 * basis is always noted.
 */
import type { Catalog, CatalogDeal, CatalogMiner, DealKind, DealStage, PivotRelation } from './types';

export const BACKLOG_KINDS: ReadonlySet<DealKind> = new Set<DealKind>(['lease', 'colocation', 'cloud-services', 'joint-venture']);
export const BACKLOG_STAGES: ReadonlySet<DealStage> = new Set<DealStage>(['contracted', 'energized', 'operating']);
/** A status text that says the deal ended. */
const ENDED = /\bterminat|\bfail|voted down|did not approve|\bcancel|\bwithdrawn|\brescind/i;

const KIND_REASON: Partial<Record<DealKind, string>> = {
  acquisition: 'an acquisition: its value is a purchase price, not contracted revenue',
  'development-plan': 'a development plan: capex or plans, no tenant contract',
  'letter-of-intent': 'a letter of intent: not binding',
  'supply-agreement': 'a supply agreement: a cost, not revenue',
  other: 'not a lease, colocation, cloud or JV hosting contract',
};
const STAGE_REASON: Partial<Record<DealStage, string>> = {
  planned: 'planned, not contracted',
  loi: 'a letter of intent, not contracted',
  conditional: 'signed but not yet effective',
  closed: 'closed (not a running contract)',
  terminated: 'terminated',
};

/** Whether a deal's value counts as contracted backlog of its provider, and why (for tooltips). */
export function backlogStatus(deal: CatalogDeal): { counts: boolean; reason: string } {
  if (deal.stage === 'terminated' || (deal.status && ENDED.test(deal.status)))
    return { counts: false, reason: 'terminated, failed or voted down: not backlog' };
  if (!BACKLOG_KINDS.has(deal.kind)) return { counts: false, reason: KIND_REASON[deal.kind] ?? `kind ${deal.kind}: not backlog` };
  if (!BACKLOG_STAGES.has(deal.stage)) return { counts: false, reason: STAGE_REASON[deal.stage] ?? `stage ${deal.stage}: not backlog` };
  return { counts: true, reason: `${deal.kind}, ${deal.stage}: contracted backlog` };
}

export interface DerivedFigures {
  /** Sum of the known values of the company's backlog deals; null when none is known. */
  backlogUSD: number | null;
  /** Backlog / market cap, when both are known. */
  backlogToMarketCap: number | null;
  /** Sum of the disclosed amounts of debt raised for the pivot; null when none counts. */
  pivotDebtUSD: number | null;
  /** Pivot debt / backlog, when both are known and the backlog is positive. */
  debtToBacklog: number | null;
  contractedMW: number | null;
  totalMW: number | null;
  /** Contracted MW / total MW. */
  mwShare: number | null;
  /** Deals counted in the backlog (with a known value). */
  backlogDealIds: string[];
  /** Backlog deals whose value is unknown (not counted). */
  unknownValueDealIds: string[];
  notes: string[];
}

/** `$9.7B`, `$311M`, `$50,000` (src/shared/format.ts). */
import { formatUsd as formatUSD } from '../shared/format';
export { formatUSD };

const norm = (t: string) => t.trim().replace(/^\$/, '').toUpperCase();

/** Total power capacity in MW, or null. */
export function capacityMW(m: CatalogMiner | undefined): number | null {
  const c = m?.totalPowerCapacity;
  if (!c || typeof c.value !== 'number') return null;
  return c.unit === 'GW' ? Math.round(c.value * 1000 * 1e6) / 1e6 : c.value;
}

export function derivedFigures(c: Catalog, ticker: string, marketCapUSD?: number): DerivedFigures {
  const t = norm(ticker);
  const miner = c.miner(t);
  const notes: string[] = [];
  if (!miner) notes.push(`${t} is not a miner of the catalog`);

  // Backlog.
  let backlog: number | null = null;
  const counted: string[] = [];
  const unknown: string[] = [];
  let eligible = 0;
  for (const d of c.dealsOf(t)) {
    if (norm(d.provider) !== t) {
      notes.push(`${d.id}: provided by ${d.provider}, not ${t}'s backlog`);
      continue;
    }
    const b = backlogStatus(d);
    if (!b.counts) {
      notes.push(`${d.id} not counted: ${b.reason}`);
      continue;
    }
    eligible++;
    if (typeof d.valueUSD === 'number') {
      backlog = (backlog ?? 0) + d.valueUSD;
      counted.push(d.id);
      if (d.kind === 'joint-venture')
        notes.push(
          `${d.id}: a joint venture; ${formatUSD(d.valueUSD)} is the JV's contracted revenue, not ${t}'s share${d.providerName ? ` (provider: ${d.providerName})` : ''}`,
        );
    } else unknown.push(d.id);
  }
  if (eligible === 0) notes.push('backlog unknown: no contracted lease, colocation or cloud deal in the catalog');
  else if (unknown.length) {
    notes.push(
      backlog === null
        ? `backlog unknown: ${unknown.length} contracted deal(s) without a disclosed value (${unknown.join(', ')})`
        : `backlog is a lower bound: ${unknown.length} contracted deal(s) without a disclosed value not counted (${unknown.join(', ')})`,
    );
  }

  let backlogToMarketCap: number | null = null;
  if (marketCapUSD !== undefined) {
    if (!(Number.isFinite(marketCapUSD) && marketCapUSD > 0))
      notes.push(`market cap ${String(marketCapUSD)} is not a positive number: backlog/market cap not computed`);
    else if (backlog !== null) backlogToMarketCap = backlog / marketCapUSD;
  }

  // Pivot debt.
  let pivotDebt: number | null = null;
  const raises = miner?.debtRaises ?? [];
  if (miner && raises.length === 0) notes.push(`pivot debt unknown: ${miner.debtRaisesNote ?? 'no debt raise in the catalog'}`);
  const undisclosed: string[] = [];
  const excluded: string[] = [];
  for (const r of raises) {
    const rel: PivotRelation = r.pivotRelated ?? 'unclear';
    const amount = typeof r.amountUSD === 'number' ? r.amountUSD : null;
    if (rel !== 'yes') {
      excluded.push(`${amount === null ? 'undisclosed' : formatUSD(amount)} ${r.instrument} (${rel}${r.pivotRelatedNote ? `: ${r.pivotRelatedNote}` : ''})`);
      continue;
    }
    if (amount === null) undisclosed.push(r.instrument);
    else pivotDebt = (pivotDebt ?? 0) + amount;
  }
  if (raises.length && pivotDebt === null) notes.push('pivot debt unknown: no raise with a disclosed amount is marked as funding the AI/HPC pivot');
  if (undisclosed.length)
    notes.push(
      `pivot debt ${pivotDebt === null ? 'unknown' : 'is a lower bound'}: ${undisclosed.length} pivot raise(s) without a disclosed amount (${undisclosed.join('; ')})`,
    );
  if (excluded.length) notes.push(`not counted in pivot debt: ${excluded.join('; ')}`);
  const debtToBacklog = pivotDebt !== null && backlog !== null && backlog > 0 ? pivotDebt / backlog : null;

  // Megawatts.
  const contractedMW = typeof miner?.contractedHpcMW === 'number' ? miner.contractedHpcMW : null;
  if (miner && contractedMW === null) notes.push(`contracted MW unknown${miner.contractedHpcMWNote ? `: ${miner.contractedHpcMWNote}` : ''}`);
  const totalMW = capacityMW(miner);
  if (miner && totalMW === null) notes.push(`total capacity unknown${miner.totalPowerCapacityNote ? `: ${miner.totalPowerCapacityNote}` : ''}`);
  else if (miner?.totalPowerCapacity?.basis) notes.push(`total capacity basis: ${miner.totalPowerCapacity.basis}`);
  const mwShare = contractedMW !== null && totalMW !== null && totalMW > 0 ? contractedMW / totalMW : null;

  return {
    backlogUSD: backlog,
    backlogToMarketCap,
    pivotDebtUSD: pivotDebt,
    debtToBacklog,
    contractedMW,
    totalMW,
    mwShare,
    backlogDealIds: counted,
    unknownValueDealIds: unknown,
    notes,
  };
}
