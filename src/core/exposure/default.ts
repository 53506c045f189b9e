/**
 * A counterparty default: what the miners' contracted backlog loses when one entity fails. Pure.
 *
 * A counted deal is hit
 * (a) when the entity is its counterparty,
 * (b) when the entity is its end user (the tenant's use of the site rests on it),
 * (c) when the entity is the only backer of its counterparty across the catalog (every backstop of
 *     every deal with that counterparty is the entity's): a backer takes down what it alone backs.
 * Backstops by a surviving guarantor are honoured: covered = min(Σ disclosed amounts, value). A
 * surviving backstop of undisclosed amount gives a range: the at-risk figure counts it as covering
 * nothing, the low figure as covering the whole deal. The entity's own backstops are lost; when
 * their counterparty survives they are listed and nothing is at risk. A hit deal of undisclosed
 * value is listed, never guessed: the at-risk figures leave it out.
 *
 * Price impact (a stated method, not a forecast): −PV ÷ market cap, floored at −100%, where PV is
 * the present value of the lost contracted revenue — each hit deal's value at risk spread evenly
 * over its initial term, paid at each year end, discounted at `discountRate` (default 10%) —
 * undiscounted when the term is unknown. The whole initial term is used (revenue already earned on
 * energized deals is not taken off, as in the backlog itself).
 */
import type { MwBasisKind } from '../deals';
import { knownEntities, resolveEntity, UnknownEntityError } from './entities';
import { backstopItem } from './model';
import type { BackstopItem, ExposureModel, ExposureRole, Figure, ResolvedDeal } from './types';

export type HitVia = 'counterparty' | 'end-user' | 'sole-backer';

export const DEFAULT_DISCOUNT_RATE = 0.1;
export const PRICE_IMPACT_MEANING =
  'equity value at stake if the market had valued the contract at its present value and no new tenant is found; not a forecast';

export interface DefaultOptions {
  /** Annual discount rate of the lost revenue, 0 to 1 (default 0.10). */
  discountRate?: number;
}

export interface DealHit {
  dealId: string;
  provider: string;
  via: HitVia;
  /** Other rules that also hit it. */
  alsoVia?: HitVia[];
  counterparty: string;
  endUser: string | null;
  valueUsd: number | null;
  termYears: number | null;
  mw: number | null;
  mwBasisKind: MwBasisKind | null;
  /** The surviving guarantors' backstops on it. */
  coveredBy: Array<{ guarantor: string; amountUsd: number | null }>;
  /** Covered by the disclosed surviving backstops: min(Σ amounts, value); the Σ when the value is unknown. */
  coveredUsd: number;
  /** Value − covered; null when the value is unknown. */
  atRiskUsd: number | null;
  /** With the undisclosed surviving backstops covering all (0); null when there is no range. */
  atRiskLowUsd: number | null;
  /** Present value of `atRiskUsd` (see the method); null when the value is unknown. */
  pvLostUsd: number | null;
  pvLostLowUsd: number | null;
  /** False when the term is unknown: PV is the undiscounted amount. */
  discounted: boolean;
}

export interface MwLeft {
  basis: MwBasisKind | 'unclassified';
  mw: number;
}

export interface PriceImpact {
  /** −PV(at risk) ÷ market cap, floored at −1; null with `reason`. */
  value: number | null;
  /** The same with the undisclosed backstops covering all; null when there is no range. */
  valueLow: number | null;
  pvLostUsd: number | null;
  pvLostLowUsd: number | null;
  reason?: string;
}

export interface MinerDefault {
  symbol: string;
  /** The miner's known backlog (the exposure model's). */
  backlogUsd: number | null;
  backlogLowerBound: boolean;
  /** Σ the hit deals' value at risk with the undisclosed backstops covering nothing; null when no hit deal has a known value. */
  atRiskUsd: number | null;
  /** The same with the undisclosed backstops covering all; null when there is no range. */
  atRiskLowUsd: number | null;
  /** At risk ÷ the miner's known backlog. */
  shareOfBacklog: Figure;
  shareOfBacklogLow: number | null;
  marketCap: Figure;
  /** At risk (undiscounted) ÷ market cap. */
  shareOfMarketCap: Figure;
  shareOfMarketCapLow: number | null;
  /** MW of the hit deals, by what the MW measures (never added across bases). */
  mwWithoutTenant: MwLeft[];
  mwUnknownDealIds: string[];
  hits: DealHit[];
  /** Hit deals of undisclosed value (not in the at-risk figures). */
  unknownValueDealIds: string[];
  priceImpact: PriceImpact;
  notes: string[];
}

export interface LostBackstop extends BackstopItem {
  guarantor: string;
  /** Whether the deal it backs is hit too. */
  dealHit: boolean;
}

export interface DefaultScenarioResult {
  /** The entity as the model names it. */
  entity: string;
  roles: ExposureRole[];
  /** Counterparties whose only backer is the entity (taken down with it). */
  soleBackerOf: string[];
  discountRate: number;
  /** How the price impact is computed, and what it means. */
  priceImpactMethod: string;
  miners: MinerDefault[];
  totals: {
    backlogUsd: number | null;
    /** Some backlog deals have no disclosed value. */
    backlogLowerBound: boolean;
    atRiskUsd: number | null;
    atRiskLowUsd: number | null;
    shareOfBacklog: Figure;
    shareOfBacklogLow: number | null;
    pvLostUsd: number | null;
    pvLostLowUsd: number | null;
    mwWithoutTenant: MwLeft[];
    hitDealIds: string[];
    unknownValueDealIds: string[];
  };
  backstopsLost: LostBackstop[];
  /** Deals naming the entity that are not backlog (nothing contracted to lose), with why. */
  otherDeals: Array<{ dealId: string; provider: string; via: HitVia; reason: string }>;
  notes: string[];
}

const add = (a: number | null, b: number) => (a ?? 0) + b;
const usd = (v: number) => (Math.abs(v) >= 1e9 ? `$${+(v / 1e9).toFixed(2)}B` : `$${+(v / 1e6).toFixed(1)}M`);
const pctText = (r: number) => `${+(r * 100).toFixed(2)}%`;

/** The method of the price impact, as the result states it. */
export function priceImpactMethod(discountRate: number): string {
  return (
    `−PV(lost contracted revenue) ÷ market cap, floored at −100%: each hit deal's value at risk spread evenly over its initial term, ` +
    `paid at each year end and discounted at ${pctText(discountRate)} a year (undiscounted when the term is unknown); ` +
    PRICE_IMPACT_MEANING
  );
}

/** Present value of `amount` paid evenly over `years` at each year end, at `rate`. */
export function presentValue(amount: number, years: number | null, rate: number): number {
  if (years === null || !(years > 0)) return amount;
  if (rate === 0) return amount;
  return (amount / years) * ((1 - Math.pow(1 + rate, -years)) / rate);
}

function mwLeft(hits: readonly DealHit[]): { mw: MwLeft[]; unknown: string[] } {
  const by = new Map<MwLeft['basis'], number>();
  const unknown: string[] = [];
  for (const h of hits) {
    if (h.mw === null) unknown.push(h.dealId);
    else by.set(h.mwBasisKind ?? 'unclassified', (by.get(h.mwBasisKind ?? 'unclassified') ?? 0) + h.mw);
  }
  const order: MwLeft['basis'][] = ['critical-it', 'gross', 'unknown', 'unclassified'];
  return { mw: order.filter((b) => by.has(b)).map((basis) => ({ basis, mw: by.get(basis)! })), unknown };
}

const shareOf = (num: number | null, den: number | null, what: string): Figure =>
  num === null
    ? { value: null, reason: 'no known value at risk' }
    : den === null || !(den > 0)
      ? { value: null, reason: `no known ${what}` }
      : { value: num / den };

/**
 * The default of `entity` (a name the model knows, any case, or an alias: AWS, Alphabet, CRWV…)
 * over the model (see the top of this file). An entity the model does not know: UnknownEntityError.
 */
export function defaultScenario(model: ExposureModel, entity: string, opts: DefaultOptions = {}): DefaultScenarioResult {
  const rate = opts.discountRate ?? DEFAULT_DISCOUNT_RATE;
  if (!(Number.isFinite(rate) && rate >= 0 && rate <= 1)) throw new RangeError(`the discount rate must be from 0 to 1, got ${rate}`);
  const named = resolveEntity(model, entity);
  if (!named)
    throw new UnknownEntityError(
      entity,
      knownEntities(model).map((e) => e.name),
    );
  const E = named.key;
  const notes: string[] = [];

  // (c) Counterparties whose every backer across the catalog is E.
  const backersByCp = new Map<string, { label: string; keys: Set<string> }>();
  for (const d of model.deals) {
    let b = backersByCp.get(d.counterparty.key);
    if (!b) backersByCp.set(d.counterparty.key, (b = { label: d.counterparty.label, keys: new Set() }));
    for (const s of d.backstops) b.keys.add(s.guarantorKey);
  }
  const soleBacked = new Set([...backersByCp].filter(([cp, b]) => cp !== E && b.keys.size > 0 && [...b.keys].every((k) => k === E)).map(([cp]) => cp));
  const soleBackerOf = [...soleBacked].map((k) => backersByCp.get(k)!.label);

  const viaOf = (d: ResolvedDeal): HitVia[] => {
    const v: HitVia[] = [];
    if (d.counterparty.key === E) v.push('counterparty');
    if (d.endUser.key === E) v.push('end-user');
    if (soleBacked.has(d.counterparty.key)) v.push('sole-backer');
    return v;
  };

  const hits: DealHit[] = [];
  const otherDeals: DefaultScenarioResult['otherDeals'] = [];
  const undisclosedRanges: string[] = [];
  for (const d of model.deals) {
    const via = viaOf(d);
    if (via.length === 0) continue;
    if (!d.counts) {
      otherDeals.push({ dealId: d.id, provider: d.provider, via: via[0]!, reason: d.reason });
      continue;
    }
    const surviving = d.backstops.filter((b) => b.guarantorKey !== E);
    const knownCover = surviving.reduce((s, b) => s + (b.amountUSD ?? 0), 0);
    const range = surviving.some((b) => b.amountUSD === null);
    for (const b of surviving) if (b.amountUSD === null) undisclosedRanges.push(`${b.guarantor} on ${d.id}`);
    const coveredUsd = d.valueUsd === null ? knownCover : Math.min(knownCover, d.valueUsd);
    const atRisk = d.valueUsd === null ? null : d.valueUsd - coveredUsd;
    const atRiskLow = range && atRisk !== null ? 0 : null;
    hits.push({
      dealId: d.id,
      provider: d.provider,
      via: via[0]!,
      ...(via.length > 1 ? { alsoVia: via.slice(1) } : {}),
      counterparty: d.counterparty.label,
      endUser: d.endUser.entity,
      valueUsd: d.valueUsd,
      termYears: d.termYears,
      mw: d.mw,
      mwBasisKind: d.mw === null ? null : d.mwBasisKind,
      coveredBy: surviving.map((b) => ({ guarantor: b.guarantor, amountUsd: b.amountUSD })),
      coveredUsd,
      atRiskUsd: atRisk,
      atRiskLowUsd: atRiskLow,
      pvLostUsd: atRisk === null ? null : presentValue(atRisk, d.termYears, rate),
      pvLostLowUsd: atRiskLow === null ? null : presentValue(atRiskLow, d.termYears, rate),
      discounted: d.termYears !== null && rate > 0,
    });
  }

  const backstopsLost: LostBackstop[] = [];
  const hitIds = new Set(hits.map((h) => h.dealId));
  for (const d of model.deals)
    for (const b of d.backstops)
      if (b.guarantorKey === E)
        backstopsLost.push({
          guarantor: b.guarantor,
          ...backstopItem(d, b),
          dealHit: hitIds.has(d.id),
        });

  const minerOf = new Map(model.miners.map((m) => [m.symbol, m]));
  const symbols = [...new Set(hits.map((h) => h.provider))].sort();
  const miners = symbols.map((symbol): MinerDefault => {
    const mine = hits.filter((h) => h.provider === symbol);
    const m = minerOf.get(symbol);
    const backlog = m?.backlogUsd ?? null;
    const knownHits = mine.filter((h) => h.atRiskUsd !== null);
    const ranged = mine.some((h) => h.atRiskLowUsd !== null);
    const atRisk = knownHits.length ? knownHits.reduce((s, h) => s + h.atRiskUsd!, 0) : null;
    const atRiskLow = ranged && atRisk !== null ? knownHits.reduce((s, h) => s + (h.atRiskLowUsd ?? h.atRiskUsd!), 0) : null;
    const pv = knownHits.length ? knownHits.reduce((s, h) => s + h.pvLostUsd!, 0) : null;
    const pvLow = ranged && pv !== null ? knownHits.reduce((s, h) => s + (h.pvLostLowUsd ?? h.pvLostUsd!), 0) : null;
    const marketCap: Figure = m?.marketCap ?? { value: null, reason: 'no market cap given' };
    const mc = marketCap.value !== null && marketCap.value > 0 ? marketCap.value : null;
    const unknown = mine.filter((h) => h.atRiskUsd === null).map((h) => h.dealId);
    const { mw, unknown: mwUnknown } = mwLeft(mine);
    const minerNotes: string[] = [];
    if (unknown.length) minerNotes.push(`${unknown.length} hit deal(s) of undisclosed value not in the at-risk figures (${unknown.join(', ')})`);
    if (m?.lowerBound) minerNotes.push('the backlog is a lower bound (deals of undisclosed value)');
    if (mine.some((h) => !h.discounted && h.atRiskUsd !== null && rate > 0))
      minerNotes.push(
        `undiscounted (term unknown): ${mine
          .filter((h) => !h.discounted && h.atRiskUsd !== null)
          .map((h) => h.dealId)
          .join(', ')}`,
      );
    const impact = (p: number | null) => (p === null || mc === null ? null : p === 0 ? 0 : Math.max(-1, -p / mc));
    const priceImpact: PriceImpact = {
      value: impact(pv),
      valueLow: impact(pvLow),
      pvLostUsd: pv,
      pvLostLowUsd: pvLow,
    };
    if (pv === null) priceImpact.reason = 'no known value at risk';
    else if (mc === null) priceImpact.reason = marketCap.reason ?? 'no market cap';
    else if (-pv / mc < -1) priceImpact.reason = 'floored at −100%';
    return {
      symbol,
      backlogUsd: backlog,
      backlogLowerBound: m?.lowerBound ?? false,
      atRiskUsd: atRisk,
      atRiskLowUsd: atRiskLow,
      shareOfBacklog: shareOf(atRisk, backlog, 'backlog'),
      shareOfBacklogLow: atRiskLow !== null && backlog !== null && backlog > 0 ? atRiskLow / backlog : null,
      marketCap,
      shareOfMarketCap:
        atRisk === null
          ? { value: null, reason: 'no known value at risk' }
          : mc === null
            ? { value: null, reason: marketCap.reason ?? 'no market cap' }
            : { value: atRisk / mc },
      shareOfMarketCapLow: atRiskLow !== null && mc !== null ? atRiskLow / mc : null,
      mwWithoutTenant: mw,
      mwUnknownDealIds: mwUnknown,
      hits: mine,
      unknownValueDealIds: unknown,
      priceImpact,
      notes: minerNotes,
    };
  });

  const sum = (f: (m: MinerDefault) => number | null) => miners.reduce<number | null>((s, m) => (f(m) === null ? s : add(s, f(m)!)), null);
  const ranged = miners.some((m) => m.atRiskLowUsd !== null);
  const totalAtRisk = sum((m) => m.atRiskUsd);
  const totalAtRiskLow = ranged ? sum((m) => m.atRiskLowUsd ?? m.atRiskUsd) : null;
  const universeBacklog = model.totals.backlogUsd;

  if (soleBackerOf.length)
    notes.push(
      `${named.name} is the only backer of ${soleBackerOf.join(', ')} across the catalog: ${soleBackerOf.length > 1 ? 'their' : 'its'} deals are taken down with it (a backer removes what it alone backs)`,
    );
  if (undisclosedRanges.length)
    notes.push(
      `backstop(s) of undisclosed amount by a surviving guarantor (${undisclosedRanges.join('; ')}) give a range: the at-risk figure counts them as covering nothing, the low figure as covering the whole deal`,
    );
  const lostOnly = backstopsLost.filter((b) => !b.dealHit);
  if (lostOnly.length)
    notes.push(
      `${named.name}'s backstops on deals whose counterparty survives are lost (${lostOnly.map((b) => `${b.dealId}: ${b.amountUsd === null ? 'undisclosed' : usd(b.amountUsd)}`).join('; ')}): the counterparty still owes the contract, so no backlog is at risk from them`,
    );
  if (hits.length === 0) notes.push(`no counted backlog deal rests on ${named.name}`);
  const unknownAll = miners.flatMap((m) => m.unknownValueDealIds);
  if (unknownAll.length) notes.push(`hit deals of undisclosed value (${unknownAll.join(', ')}) are listed, not counted in the at-risk figures`);

  return {
    entity: named.name,
    roles: named.roles,
    soleBackerOf,
    discountRate: rate,
    priceImpactMethod: priceImpactMethod(rate),
    miners,
    totals: {
      backlogUsd: universeBacklog,
      backlogLowerBound: model.totals.lowerBound,
      atRiskUsd: totalAtRisk,
      atRiskLowUsd: totalAtRiskLow,
      shareOfBacklog: shareOf(totalAtRisk, universeBacklog, 'backlog'),
      shareOfBacklogLow: totalAtRiskLow !== null && universeBacklog !== null && universeBacklog > 0 ? totalAtRiskLow / universeBacklog : null,
      pvLostUsd: sum((m) => m.priceImpact.pvLostUsd),
      pvLostLowUsd: ranged ? sum((m) => m.priceImpact.pvLostLowUsd ?? m.priceImpact.pvLostUsd) : null,
      mwWithoutTenant: mwLeft(hits).mw,
      hitDealIds: hits.map((h) => h.dealId),
      unknownValueDealIds: unknownAll,
    },
    backstopsLost,
    otherDeals,
    notes,
  };
}
