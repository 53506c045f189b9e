/**
 * Network data as a daily series (like DailySeries for prices): difficulty by UTC day, fees per
 * block where the source has them, with the origin of the data; its validation (values no real
 * chain can have); and the hashprice history aligned on BTC's daily closes. Pure.
 */
import { dayNumber, isStrictlyAscending } from '../calendar';
import type { DataOrigin, IsoDate } from '../types';
import { pastHalvings, halvingDate, subsidyOnDay, type Halving } from './halving';
import { feeShare, hashpriceUsdPerPhDay, hashrateFromDifficulty } from './hashprice';

export interface NetworkSeries {
  /** UTC days, strictly ascending. */
  dates: IsoDate[];
  /** Difficulty on that day: the epoch's, or on a retarget day whatever the source gives (often the day's average). */
  difficulty: number[];
  /** Average fees per block that day, BTC; NaN where unknown. Absent when the source has no fees at all. */
  feesPerBlockBtc?: number[];
  /** The chain tip when the series was fetched, where the source gives it. */
  tip?: { height: number; time: string };
  origin: DataOrigin;
}

/** Mainnet's pow limit is difficulty 1: no block has ever had less. */
export const MIN_DIFFICULTY = 1;
/** Far above any difficulty the network can reach soon (about 1.5e14 in 2026): a unit or parsing error. */
export const MAX_DIFFICULTY = 1e17;
/** A retarget changes difficulty by at most ×4 or ÷4 (Bitcoin Core clamps the timespan to [¼, 4] of two weeks). */
export const MAX_RETARGET_FACTOR = 4;
/** Above any day's average fees per block (the highest days have been a few BTC): a unit error. */
export const MAX_FEES_PER_BLOCK_BTC = 100;

/**
 * Why a network series cannot be real, or undefined: dates not strictly ascending, columns of
 * different lengths, a difficulty not finite or below 1 or above {@link MAX_DIFFICULTY}, a step
 * between two observations beyond what the retargets between them allow (×4 per retarget; at most
 * one retarget per 7 days is assumed, so a step g days apart may change by 4^ceil(g/7)), fees
 * negative, non-finite (other than NaN for unknown) or above {@link MAX_FEES_PER_BLOCK_BTC}.
 */
export function impossibleNetwork(s: Pick<NetworkSeries, 'dates' | 'difficulty' | 'feesPerBlockBtc'>): string | undefined {
  if (s.dates.length !== s.difficulty.length) return `${s.dates.length} dates but ${s.difficulty.length} difficulties`;
  if (s.feesPerBlockBtc && s.feesPerBlockBtc.length !== s.dates.length) return `${s.dates.length} dates but ${s.feesPerBlockBtc.length} fee values`;
  if (!s.dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))) return 'a date is not YYYY-MM-DD';
  if (!isStrictlyAscending(s.dates)) return 'dates are not strictly ascending';
  for (let i = 0; i < s.difficulty.length; i++) {
    const d = s.difficulty[i]!;
    if (!Number.isFinite(d)) return `difficulty ${d} on ${s.dates[i]} is not a finite number`;
    if (d < MIN_DIFFICULTY) return `impossible difficulty ${d} on ${s.dates[i]} (mainnet's minimum is 1)`;
    if (d > MAX_DIFFICULTY) return `implausible difficulty ${d} on ${s.dates[i]} (above ${MAX_DIFFICULTY})`;
    if (i > 0) {
      const prev = s.difficulty[i - 1]!;
      const gap = dayNumber(s.dates[i]!) - dayNumber(s.dates[i - 1]!);
      const allowed = MAX_RETARGET_FACTOR ** Math.max(1, Math.ceil(gap / 7));
      if (d / prev > allowed || prev / d > allowed)
        return `impossible difficulty change from ${prev} to ${d} on ${s.dates[i]} (a retarget moves it by at most ×${MAX_RETARGET_FACTOR} or ÷${MAX_RETARGET_FACTOR})`;
    }
  }
  for (let i = 0; i < (s.feesPerBlockBtc?.length ?? 0); i++) {
    const f = s.feesPerBlockBtc![i]!;
    if (Number.isNaN(f)) continue;
    if (!Number.isFinite(f) || f < 0) return `impossible fees per block ${f} on ${s.dates[i]}`;
    if (f > MAX_FEES_PER_BLOCK_BTC) return `implausible fees per block ${f} BTC on ${s.dates[i]} (above ${MAX_FEES_PER_BLOCK_BTC})`;
  }
  return undefined;
}

export interface HashpricePoint {
  date: IsoDate;
  difficulty: number;
  /** D · 2³² / 600, H/s. */
  hashrateHs: number;
  /** Per block that day (a time-weighted mix on a halving day). */
  subsidyBtc: number;
  /** Average fees per block, BTC; NaN when unknown. */
  feesPerBlockBtc: number;
  /** BTC's daily close (UTC day) that day. */
  btcUsd: number;
  /** With fees where known, else subsidy only (see `feesKnown`). */
  usdPerPhDay: number;
  usdPerThDay: number;
  /** Subsidy only, whatever the fees. */
  subsidyUsdPerPhDay: number;
  feesKnown: boolean;
  /** fees ÷ (subsidy + fees); NaN when fees are unknown. */
  feeShare: number;
  /** The halving that happened this day. */
  halving?: Halving & { time: string };
}

export interface HashpriceHistory {
  points: HashpricePoint[];
  /** The past halvings within the points' range, with their date, for marking a chart. */
  halvings: { height: number; date: IsoDate; subsidyBtc: number }[];
  origin: DataOrigin;
  btcOrigin?: DataOrigin;
}

/**
 * Hashprice by day: every network day that has a BTC daily close on the same UTC date (BTC closes
 * at 24:00 UTC, the same day the network series uses). Days without a BTC close, or with a
 * missing (NaN) close, are left out; nothing is carried forward.
 */
export function hashpriceHistory(network: NetworkSeries, btc: { dates: readonly IsoDate[]; close: readonly number[]; origin?: DataOrigin }): HashpriceHistory {
  const closeOn = new Map<IsoDate, number>();
  for (let i = 0; i < btc.dates.length; i++) closeOn.set(btc.dates[i]!, btc.close[i]!);
  const points: HashpricePoint[] = [];
  for (let i = 0; i < network.dates.length; i++) {
    const date = network.dates[i]!;
    const price = closeOn.get(date);
    if (price === undefined || !(price > 0)) continue;
    points.push(hashpricePoint(date, network.difficulty[i]!, network.feesPerBlockBtc?.[i] ?? NaN, price));
  }
  const first = points[0]?.date;
  const last = points.at(-1)?.date;
  const halvings =
    first && last
      ? pastHalvings()
          .filter((h) => halvingDate(h) >= first && halvingDate(h) <= last)
          .map((h) => ({ height: h.height, date: halvingDate(h), subsidyBtc: h.subsidyBtc }))
      : [];
  return { points, halvings, origin: network.origin, ...(btc.origin ? { btcOrigin: btc.origin } : {}) };
}

/** One day's figures. */
export function hashpricePoint(date: IsoDate, difficulty: number, feesPerBlockBtc: number, btcUsd: number): HashpricePoint {
  const sub = subsidyOnDay(date);
  const feesKnown = Number.isFinite(feesPerBlockBtc) && feesPerBlockBtc >= 0;
  const fees = feesKnown ? feesPerBlockBtc : NaN;
  const usdPerPhDay = hashpriceUsdPerPhDay({ difficulty, subsidyBtc: sub.btc, feesPerBlockBtc: feesKnown ? fees : 0, btcUsd });
  return {
    date,
    difficulty,
    hashrateHs: hashrateFromDifficulty(difficulty),
    subsidyBtc: sub.btc,
    feesPerBlockBtc: fees,
    btcUsd,
    usdPerPhDay,
    usdPerThDay: usdPerPhDay / 1000,
    subsidyUsdPerPhDay: hashpriceUsdPerPhDay({ difficulty, subsidyBtc: sub.btc, btcUsd }),
    feesKnown,
    feeShare: feesKnown ? feeShare(sub.btc, fees) : NaN,
    ...(sub.halving ? { halving: sub.halving } : {}),
  };
}

/** The last point on or before `asOf` (default: the last point), or undefined. */
export function hashpriceAsOf(history: HashpriceHistory, asOf?: IsoDate): HashpricePoint | undefined {
  for (let i = history.points.length - 1; i >= 0; i--) if (asOf === undefined || history.points[i]!.date <= asOf) return history.points[i];
  return undefined;
}

/** A copy of `s` cut to dates on or before `asOf`. */
export function networkUpTo(s: NetworkSeries, asOf: IsoDate): NetworkSeries {
  let n = s.dates.length;
  while (n > 0 && s.dates[n - 1]! > asOf) n--;
  return {
    ...s,
    dates: s.dates.slice(0, n),
    difficulty: s.difficulty.slice(0, n),
    ...(s.feesPerBlockBtc ? { feesPerBlockBtc: s.feesPerBlockBtc.slice(0, n) } : {}),
  };
}

/**
 * Joins two network series on date: difficulty from `primary` where it has the day, else from
 * `secondary`; fees from whichever has them (primary first). The origin is the primary's, with a
 * note naming what the secondary gave.
 */
export function mergeNetwork(primary: NetworkSeries, secondary: NetworkSeries, note?: string): NetworkSeries {
  const rows = new Map<IsoDate, { d: number; f: number }>();
  const feesOf = (s: NetworkSeries, i: number) => s.feesPerBlockBtc?.[i] ?? NaN;
  secondary.dates.forEach((date, i) => rows.set(date, { d: secondary.difficulty[i]!, f: feesOf(secondary, i) }));
  primary.dates.forEach((date, i) => {
    const old = rows.get(date);
    const f = feesOf(primary, i);
    rows.set(date, { d: primary.difficulty[i]!, f: Number.isNaN(f) ? (old?.f ?? NaN) : f });
  });
  const dates = [...rows.keys()].sort();
  const hasFees = primary.feesPerBlockBtc !== undefined || secondary.feesPerBlockBtc !== undefined;
  const origin = note ? { ...primary.origin, note: primary.origin.note ? `${primary.origin.note}; ${note}` : note } : primary.origin;
  return {
    dates,
    difficulty: dates.map((d) => rows.get(d)!.d),
    ...(hasFees ? { feesPerBlockBtc: dates.map((d) => rows.get(d)!.f) } : {}),
    ...((primary.tip ?? secondary.tip) ? { tip: primary.tip ?? secondary.tip } : {}),
    origin,
  };
}
