/**
 * Per-MW-year economics of a miner: what a megawatt earns mining bitcoin against what it earns
 * leased to an AI/HPC tenant. Pure: numbers in, numbers out; hashprice is an input (USD per PH/s
 * per day, computed elsewhere from network data). Every figure is `null` with a `reason` when a
 * fact it needs is missing — never a guess.
 *
 * Formulas (each function states its assumptions):
 * - Mining revenue per MW-year = hashprice × (10³ ÷ J/TH) PH/s × 365. One MW at E J/TH runs
 *   10⁶ ÷ E TH/s = 10³ ÷ E PH/s. The MW is ASIC power draw (closest to critical IT; a site's gross
 *   MW adds cooling and losses), at full load all year, before pool fees and curtailment.
 * - Net of power = revenue − power price (USD/MWh) × 8,760 h, where a power price is known.
 * - AI/HPC revenue per MW-year of a deal = value ÷ term ÷ MW (the reported total contract value
 *   over the initial term, spread evenly; no ramp, no discounting, extensions excluded).
 * - Breakeven BTC price = BTC price × AI revenue ÷ mining revenue: mining revenue scales linearly
 *   with the BTC price at fixed difficulty and a fixed fee share (in practice hashrate follows price).
 * - Next halving (block 1,050,000): revenue × (subsidy/2 + fees) ÷ (subsidy + fees), fees per block
 *   unchanged in BTC.
 * - Difficulty growth at an annual rate g: revenue ÷ (1 + g)^t (same BTC price and fees).
 */
import type { Deal, DealKind, DealStage, MwBasisKind } from '../deals';

export const DAYS_PER_YEAR = 365;
export const HOURS_PER_YEAR = 8760;
export const HALVING_INTERVAL_BLOCKS = 210_000;
/** The next halving: the subsidy goes from 3.125 to 1.5625 BTC at this height. */
export const NEXT_HALVING_HEIGHT = 1_050_000;

/** A figure, or null with why. */
export interface Figure {
  value: number | null;
  /** Why the value is null (or a caveat when it is not). */
  reason?: string;
}

const missing = (reason: string): Figure => ({ value: null, reason });
const positive = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** The block subsidy in BTC at a height: 50 BTC halved every 210,000 blocks. */
export function subsidyAt(height: number): number {
  const halvings = Math.floor(height / HALVING_INTERVAL_BLOCKS);
  return halvings >= 64 ? 0 : 50 / 2 ** halvings;
}

/** Hashrate one MW runs at a fleet efficiency, PH/s: 10⁶ ÷ J/TH TH/s = 10³ ÷ J/TH PH/s. */
export function phPerMw(efficiencyJTH: number): number {
  return 1000 / efficiencyJTH;
}

/** Mining revenue of one MW for a year, USD: hashprice (USD/PH/s/day) × 10³ ÷ J/TH × 365. */
export function miningRevenuePerMwYear(hashpriceUsdPerPhDay: number | null | undefined, efficiencyJTH: number | null | undefined): Figure {
  if (!positive(efficiencyJTH)) return missing('no fleet efficiency (J/TH) in the catalog');
  if (typeof hashpriceUsdPerPhDay !== 'number' || !Number.isFinite(hashpriceUsdPerPhDay) || hashpriceUsdPerPhDay < 0) return missing('no hashprice given');
  return { value: hashpriceUsdPerPhDay * phPerMw(efficiencyJTH) * DAYS_PER_YEAR };
}

/** Mining revenue net of power: revenue − USD/MWh × 8,760 (full load all year). */
export function miningNetPerMwYear(revenue: Figure, powerPriceUsdPerMWh: number | null | undefined): Figure {
  if (revenue.value === null) return missing(revenue.reason ?? 'no mining revenue');
  if (typeof powerPriceUsdPerMWh !== 'number' || !Number.isFinite(powerPriceUsdPerMWh) || powerPriceUsdPerMWh < 0)
    return missing('no power price (USD/MWh or c/kWh) in the catalog; a cost per BTC is not a power price');
  return { value: revenue.value - powerPriceUsdPerMWh * HOURS_PER_YEAR };
}

/** Kinds whose value is a payment for space and power, comparable per MW with a mining MW. */
export const LEASE_KINDS: ReadonlySet<DealKind> = new Set<DealKind>(['lease', 'colocation', 'joint-venture']);
/** Stages at which a deal is a running or signed contract. */
export const CONTRACT_STAGES: ReadonlySet<DealStage> = new Set<DealStage>(['contracted', 'energized', 'operating']);

export interface DealPerMw extends Figure {
  dealId: string;
  /** What the deal's MW measures. */
  basis: MwBasisKind;
  /** Whether the figure compares with a mining MW (a lease of space and power, not a GPU cloud contract). */
  comparable: boolean;
  /** Why it is not comparable, when it is not. */
  comparableReason?: string;
  /** Whether the deal is a signed contract (contracted, energized or operating). */
  contracted: boolean;
}

/** AI/HPC revenue of one MW for a year of a deal: value ÷ term ÷ MW. */
export function aiRevenuePerMwYear(deal: Deal): DealPerMw {
  const basis: MwBasisKind = deal.mwBasisKind ?? 'unknown';
  let comparable = true;
  let comparableReason: string | undefined;
  if (deal.kind === 'cloud-services') {
    comparable = false;
    comparableReason =
      'a GPU cloud contract: its value pays for the GPUs and their operation as well as space and power, so it is not comparable per MW with a lease';
  } else if (!LEASE_KINDS.has(deal.kind)) {
    comparable = false;
    comparableReason = `a ${deal.kind}: not a contract paying for space and power`;
  }
  const contracted = CONTRACT_STAGES.has(deal.stage);
  const base = { dealId: deal.id, basis, comparable, comparableReason, contracted };
  const lacks = [positive(deal.valueUSD) ? undefined : 'value', positive(deal.termYears) ? undefined : 'term', positive(deal.mw) ? undefined : 'MW'].filter(
    (x): x is string => x !== undefined,
  );
  if (lacks.length) return { ...base, value: null, reason: `no ${lacks.join(', ')} disclosed` };
  return { ...base, value: deal.valueUSD! / deal.termYears! / deal.mw! };
}

export interface MinerAiRevenue extends Figure {
  basis: MwBasisKind | null;
  /** Deals combined (weighted by MW). */
  used: string[];
  /** Deals left out, and why. */
  leftOut: Array<{ dealId: string; reason: string }>;
  perDeal: DealPerMw[];
}

const BASIS_ORDER: readonly MwBasisKind[] = ['critical-it', 'unknown', 'gross'];

/**
 * A miner's contracted AI/HPC revenue per MW-year: its comparable, contracted deals with value,
 * term and MW known, on one MW basis (critical IT when any is, else unknown, else gross), combined
 * weighted by MW: Σ(value ÷ term) ÷ Σ MW.
 */
export function minerAiRevenuePerMwYear(deals: readonly Deal[]): MinerAiRevenue {
  const perDeal = deals.map(aiRevenuePerMwYear);
  const leftOut: MinerAiRevenue['leftOut'] = [];
  const candidates: Array<{ deal: Deal; f: DealPerMw }> = [];
  deals.forEach((deal, i) => {
    const f = perDeal[i]!;
    if (deal.stage === 'terminated') leftOut.push({ dealId: deal.id, reason: 'terminated' });
    else if (!f.comparable) leftOut.push({ dealId: deal.id, reason: f.comparableReason! });
    else if (!f.contracted) leftOut.push({ dealId: deal.id, reason: `not a signed contract (stage ${deal.stage})` });
    else if (f.value === null) leftOut.push({ dealId: deal.id, reason: f.reason! });
    else candidates.push({ deal, f });
  });
  const basis = BASIS_ORDER.find((b) => candidates.some((c) => c.f.basis === b)) ?? null;
  const chosen = candidates.filter((c) => c.f.basis === basis);
  for (const c of candidates)
    if (c.f.basis !== basis) leftOut.push({ dealId: c.deal.id, reason: `MW basis ${c.f.basis}, not ${basis}: not combined with the ${basis} deals` });
  if (!chosen.length)
    return {
      value: null,
      reason: deals.length ? 'no contracted lease, colocation or JV hosting deal with value, term and MW known' : 'no AI/HPC deals in the catalog',
      basis: null,
      used: [],
      leftOut,
      perDeal,
    };
  const annual = chosen.reduce((s, c) => s + c.deal.valueUSD! / c.deal.termYears!, 0);
  const mw = chosen.reduce((s, c) => s + c.deal.mw!, 0);
  return { value: annual / mw, basis, used: chosen.map((c) => c.deal.id), leftOut, perDeal };
}

/** AI revenue ÷ mining revenue per MW-year. */
export function aiToMiningRatio(ai: Figure, mining: Figure): Figure {
  if (ai.value === null) return missing(ai.reason ?? 'no AI/HPC revenue');
  if (mining.value === null) return missing(mining.reason ?? 'no mining revenue');
  if (mining.value <= 0) return missing('mining revenue is zero');
  return { value: ai.value / mining.value };
}

/**
 * The BTC price at which a mining MW earns what a leased MW earns: BTC price × AI ÷ mining.
 * Assumes mining revenue scales linearly with the BTC price at fixed difficulty and fee share.
 * With `powerCostPerMwYear`, the price at which mining net of power earns the lease revenue:
 * BTC price × (AI + power cost) ÷ mining.
 */
export function breakevenBtcUsd(btcUsd: number | null | undefined, ai: Figure, mining: Figure, powerCostPerMwYear = 0): Figure {
  if (!positive(btcUsd)) return missing('no BTC price given (the price the hashprice was computed at)');
  if (ai.value === null) return missing(ai.reason ?? 'no AI/HPC revenue');
  if (mining.value === null) return missing(mining.reason ?? 'no mining revenue');
  if (mining.value <= 0) return missing('mining revenue is zero');
  return { value: (btcUsd * (ai.value + powerCostPerMwYear)) / mining.value, reason: 'at fixed difficulty and fee share' };
}

/** The factor the next halving applies to mining revenue: (subsidy/2 + fees) ÷ (subsidy + fees), fees in BTC per block. */
export function halvingFactor(feesBtcPerBlock: number | null | undefined, subsidyBtc = subsidyAt(NEXT_HALVING_HEIGHT - 1)): Figure {
  if (typeof feesBtcPerBlock !== 'number' || !Number.isFinite(feesBtcPerBlock) || feesBtcPerBlock < 0)
    return missing('no fees per block given (with none, the factor would be 0.5)');
  return { value: (subsidyBtc / 2 + feesBtcPerBlock) / (subsidyBtc + feesBtcPerBlock) };
}

/** Mining revenue after the next halving, same BTC price, difficulty and fees. */
export function afterHalving(mining: Figure, factor: Figure): Figure {
  if (mining.value === null) return missing(mining.reason ?? 'no mining revenue');
  if (factor.value === null) return missing(factor.reason ?? 'no halving factor');
  return { value: mining.value * factor.value };
}

/** Mining revenue after `years` of difficulty growth at `annualGrowth` (0.3 = 30% a year): revenue ÷ (1+g)^t. */
export function afterDifficultyGrowth(mining: Figure, annualGrowth: number | null | undefined, years: number): Figure {
  if (mining.value === null) return missing(mining.reason ?? 'no mining revenue');
  if (typeof annualGrowth !== 'number' || !Number.isFinite(annualGrowth) || annualGrowth <= -1) return missing('no difficulty growth rate given');
  if (!Number.isFinite(years) || years < 0) return missing('bad number of years');
  return { value: mining.value / (1 + annualGrowth) ** years };
}
