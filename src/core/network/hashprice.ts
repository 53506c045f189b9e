/**
 * Hashrate and hashprice from difficulty. Pure.
 *
 * A hash meets the target with probability 1 / (D · 2³²) (difficulty D is the pow limit over the
 * target, and the pow limit is about 2²²⁴, so the target is about 2²⁵⁶ / (D · 2³²)). So:
 *
 * - the network hashrate that finds a block every 600 s on average is H = D · 2³² / 600 (H/s);
 * - one hash earns on average (subsidy + fees per block) / (D · 2³²) BTC, and 1 PH/s for a day
 *   (86,400 × 10¹⁵ hashes) earns 86,400 × 10¹⁵ × (subsidy + fees) × price / (D · 2³²) USD.
 *
 * That is the expected value at the current difficulty: what a miner with a constant share of
 * the hashrate earns on average, before pool fees, downtime and luck. Fees per block are the
 * average over the blocks of a day (or whatever window the source gives).
 */

export const TWO_POW_32 = 4_294_967_296;
export const SECONDS_PER_DAY = 86_400;
export const PETA = 1e15;
export const TERA = 1e12;

/** The hashrate (H/s) at which difficulty `d` gives a block every 600 s on average. */
export function hashrateFromDifficulty(difficulty: number): number {
  return (difficulty * TWO_POW_32) / 600;
}

export interface HashpriceInput {
  difficulty: number;
  /** BTC per block. */
  subsidyBtc: number;
  /** Average fees per block, BTC; 0 or omitted when unknown (the result is then subsidy-only). */
  feesPerBlockBtc?: number;
  /** USD per BTC. */
  btcUsd: number;
}

/** Expected USD per PH/s per day: 86,400 × 10¹⁵ × (subsidy + fees per block) × price ÷ (D × 2³²). NaN on impossible input. */
export function hashpriceUsdPerPhDay(x: HashpriceInput): number {
  const fees = x.feesPerBlockBtc ?? 0;
  if (!(x.difficulty > 0) || !(x.subsidyBtc >= 0) || !(fees >= 0) || !(x.btcUsd > 0)) return NaN;
  if (![x.difficulty, x.subsidyBtc, fees, x.btcUsd].every(Number.isFinite)) return NaN;
  return (SECONDS_PER_DAY * PETA * (x.subsidyBtc + fees) * x.btcUsd) / (x.difficulty * TWO_POW_32);
}

/** Expected USD per TH/s per day (a thousandth of the PH/s figure). */
export function hashpriceUsdPerThDay(x: HashpriceInput): number {
  return hashpriceUsdPerPhDay(x) / 1000;
}

/** Expected BTC per PH/s per day (the "hash value"): the hashprice without the BTC price. */
export function hashvalueBtcPerPhDay(x: Omit<HashpriceInput, 'btcUsd'>): number {
  return hashpriceUsdPerPhDay({ ...x, btcUsd: 1 });
}

/** The share of fees in the block reward: fees ÷ (subsidy + fees). NaN when fees are unknown (NaN) or the reward is 0. */
export function feeShare(subsidyBtc: number, feesPerBlockBtc: number): number {
  const total = subsidyBtc + feesPerBlockBtc;
  if (!Number.isFinite(total) || total <= 0 || feesPerBlockBtc < 0) return NaN;
  return feesPerBlockBtc / total;
}
