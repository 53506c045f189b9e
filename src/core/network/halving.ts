/**
 * The block subsidy and its halving schedule: 50 BTC at the genesis block, halved every 210,000
 * blocks (Bitcoin Core `GetBlockSubsidy`: `50 * COIN >> (height / 210000)`, zero from the 64th
 * halving). The dates of past halvings are facts (the UTC timestamps of the halving blocks); a
 * future one is an estimate from the current height and 10-minute blocks, labelled as such. Pure.
 */
import { dayNumber, fromDayNumber } from '../calendar';
import type { IsoDate } from '../types';

export const HALVING_INTERVAL = 210_000;
export const INITIAL_SUBSIDY_SATS = 5_000_000_000;
export const SATS_PER_BTC = 100_000_000;
/** The protocol's target block interval, seconds. */
export const TARGET_BLOCK_SECONDS = 600;
/** Blocks a day at the target interval. */
export const BLOCKS_PER_DAY = 86_400 / TARGET_BLOCK_SECONDS;

export interface Halving {
  /** 210000 × n. */
  height: number;
  /** The subsidy from this height on, BTC. */
  subsidyBtc: number;
  /** A past halving: the UTC timestamp of its block (ISO), with `source`. Absent for one still to come. */
  time?: string;
  source?: string;
}

const BLOCK_TIME_SOURCE = 'the block header timestamp of the halving block (e.g. https://mempool.space/block/<height>)';

/**
 * The halvings, past ones with their block's timestamp (UTC), then the next one (1,050,000) with
 * no date: {@link estimateNextHalving} gives its estimate.
 */
export const HALVINGS: readonly Halving[] = Object.freeze([
  { height: 210_000, subsidyBtc: 25, time: '2012-11-28T15:24:38Z', source: BLOCK_TIME_SOURCE },
  { height: 420_000, subsidyBtc: 12.5, time: '2016-07-09T16:46:13Z', source: BLOCK_TIME_SOURCE },
  { height: 630_000, subsidyBtc: 6.25, time: '2020-05-11T19:23:43Z', source: BLOCK_TIME_SOURCE },
  {
    height: 840_000,
    subsidyBtc: 3.125,
    time: '2024-04-20T00:09:27Z',
    source: `${BLOCK_TIME_SOURCE}; The Block, "Bitcoin halving less than 100 blocks away" (2024-04-19)`,
  },
  { height: 1_050_000, subsidyBtc: 1.5625 },
]);

/** The subsidy of the block at `height`, in satoshis (integer; Bitcoin Core's right shift). */
export function subsidySats(height: number): number {
  if (!Number.isInteger(height) || height < 0) throw new RangeError(`block height must be a non-negative integer, got ${height}`);
  const halvings = Math.floor(height / HALVING_INTERVAL);
  if (halvings >= 64) return 0;
  // 5e9 >> n for n < 64, without 32-bit shifts: floor(5e9 / 2^n) is exact in doubles.
  return Math.floor(INITIAL_SUBSIDY_SATS / 2 ** halvings);
}

/** The subsidy of the block at `height`, BTC. */
export function subsidyAtHeight(height: number): number {
  return subsidySats(height) / SATS_PER_BTC;
}

/** The past halvings (those with a date), oldest first. */
export function pastHalvings(): readonly (Halving & { time: string })[] {
  return HALVINGS.filter((h): h is Halving & { time: string } => h.time !== undefined);
}

/** The UTC date of a past halving's block. */
export function halvingDate(h: Halving & { time: string }): IsoDate {
  return h.time.slice(0, 10);
}

export interface DaySubsidy {
  /** The subsidy per block of blocks mined that UTC day, BTC; on a halving day the time-weighted mix of the two. */
  btc: number;
  /** The halving that happened this day, if one did. */
  halving?: Halving & { time: string };
}

/**
 * The subsidy per block on a UTC day, from the dates of past halvings: the subsidy in force all
 * day, or on the day of a halving the mix weighted by the share of the day before and after the
 * halving block (blocks assumed evenly spread over the day). After the last dated halving it
 * stays at that halving's subsidy: the next halving has no date until it happens.
 */
export function subsidyOnDay(date: IsoDate): DaySubsidy {
  const day = dayNumber(date);
  let subsidy = INITIAL_SUBSIDY_SATS / SATS_PER_BTC;
  for (const h of pastHalvings()) {
    const t = Date.parse(h.time);
    const hDay = Math.floor(t / 86_400_000);
    if (day < hDay) break;
    if (day === hDay) {
      const before = (t - hDay * 86_400_000) / 86_400_000;
      return { btc: subsidy * before + h.subsidyBtc * (1 - before), halving: h };
    }
    subsidy = h.subsidyBtc;
  }
  return { btc: subsidy };
}

/**
 * An estimate of the height at the start of a UTC day from the last past halving before it and
 * 144 blocks a day. Real blocks have come a little faster than every 10 minutes while hashrate
 * grew, so this runs behind by some hundreds of blocks a year. An estimate, for when no tip height
 * is known.
 */
export function estimateHeightOnDay(date: IsoDate): number {
  const day = dayNumber(date);
  let base = { height: 0, ms: Date.parse('2009-01-03T18:15:05Z') };
  for (const h of pastHalvings()) {
    const t = Date.parse(h.time);
    if (t > day * 86_400_000) break;
    base = { height: h.height, ms: t };
  }
  return base.height + Math.max(0, Math.floor((day * 86_400_000 - base.ms) / 1000 / TARGET_BLOCK_SECONDS));
}

export interface NextHalvingEstimate {
  height: number;
  subsidyBtc: number;
  blocksToGo: number;
  /** Estimated UTC date: the current time plus blocksToGo × 10 minutes. */
  estimatedDate: IsoDate;
  /** Always true: the date is an estimate. */
  estimate: true;
  basis: string;
}

/** The next halving after `height`, its date estimated from `atMs` and 10-minute blocks. */
export function estimateNextHalving(height: number, atMs: number): NextHalvingEstimate {
  if (!Number.isInteger(height) || height < 0) throw new RangeError(`block height must be a non-negative integer, got ${height}`);
  const next = (Math.floor(height / HALVING_INTERVAL) + 1) * HALVING_INTERVAL;
  const blocksToGo = next - height;
  const ms = atMs + blocksToGo * TARGET_BLOCK_SECONDS * 1000;
  return {
    height: next,
    subsidyBtc: subsidyAtHeight(next),
    blocksToGo,
    estimatedDate: fromDayNumber(Math.floor(ms / 86_400_000)),
    estimate: true,
    basis: `${blocksToGo} blocks at the 10-minute target from height ${height}`,
  };
}
