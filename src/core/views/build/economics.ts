/**
 * View model of the economics panel (pure): the hashprice history (USD per PH/s per day, cut to
 * the range and LTTB-decimated) with the halvings on it; per miner, mining revenue per MW-year
 * against AI/HPC revenue per MW-year (src/core/economics minerEconomics at the as-of day's
 * hashprice, BTC price and fees, as `hashpivot economics` takes them); the breakeven table; and
 * the sensitivity of one reference efficiency's mining revenue to the BTC price and difficulty
 * growth. Null figures are never drawn: they are listed with their reason.
 */
import { dayNumber } from '../../calendar';
import { csvCell, csvComment } from '../../csv';
import type { Deal } from '../../deals';
import { afterDifficultyGrowth, economicsAssumptions, minerEconomics, miningRevenuePerMwYear, type MinerEconomics } from '../../economics';
import type { FleetFacts } from '../../fleet';
import { describeOrigin } from '../../format';
import { estimateHeightOnDay, estimateNextHalving, hashpriceAsOf, hashpriceHistory, type NetworkSeries } from '../../network';
import type { DailySeries, DataOrigin } from '../../types';
import type { DealMarker, EconomicsData, EconomicsRow, RangeKey } from '../../../shared/protocol';
import { Counter, dataLabel, lowerBound, rangeStartDay, round, xRangesOf, type Cols } from './common';

export interface EconomicsMiner {
  symbol: string;
  name: string;
  fleet: FleetFacts | undefined;
  deals: readonly Deal[];
}

export interface EconomicsInput {
  network: NetworkSeries;
  /** What failed on the way to the network data (a live failure before the cache or the snapshot answered). */
  networkProblems?: readonly string[];
  btc: DailySeries | undefined;
  miners: readonly EconomicsMiner[];
  now: number;
}

/** The reference efficiency when no miner has one: a current-generation fleet (stated as such). */
export const REFERENCE_EFFICIENCY_JTH = 17.5;
/** BTC price moves of the sensitivity: −50% … +100%. */
export const SENSITIVITY_BTC_MOVES = [-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1];
/** Annual difficulty growth of the sensitivity (one year). */
export const SENSITIVITY_GROWTH = [0, 0.2, 0.4];

const FIGURES: Array<[keyof MinerEconomics, string]> = [
  ['efficiencyJTH', 'J/TH'],
  ['miningRevenuePerMwYearUsd', 'mining/MW-y'],
  ['aiRevenuePerMwYearUsd', 'AI/MW-y'],
  ['aiToMiningRatio', 'ratio'],
  ['breakevenBtcUsd', 'breakeven BTC'],
  ['miningAfterHalvingPerMwYearUsd', 'after halving'],
];

/** `label, label: reason` for the null figures of a row, one entry per distinct reason (a missing efficiency nulls mining, the ratio and the breakeven alike). */
function reasonsOf(e: MinerEconomics): string[] {
  const byReason = new Map<string, string[]>();
  for (const [k, label] of FIGURES) {
    if (e[k] !== null) continue;
    const why = e.reasons[k] ?? 'unknown';
    byReason.set(why, [...(byReason.get(why) ?? []), label]);
  }
  return [...byReason].map(([why, labels]) => `${labels.join(', ')}: ${why}`);
}

function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function originText(o: DataOrigin, now: number): string {
  return `${describeOrigin(o, now)}${o.note ? `: ${o.note}` : ''}`;
}

export function buildEconomics(input: EconomicsInput, range: RangeKey): EconomicsData {
  if (!input.btc || input.btc.dates.length === 0) throw new Error('economics needs BTC daily closes (none loaded)');
  const history = hashpriceHistory(input.network, input.btc);
  const day = hashpriceAsOf(history);
  if (!day)
    throw new Error(
      `no day with both network data and a BTC close (network ${input.network.dates[0] ?? '–'} … ${input.network.dates.at(-1) ?? '–'}, BTC ${input.btc.dates[0]} … ${input.btc.dates.at(-1)})`,
    );
  const asOf = day.date;
  const asOfDay = dayNumber(asOf);
  const points = history.points.filter((p) => Number.isFinite(p.usdPerPhDay));
  const days = points.map((p) => dayNumber(p.date));
  const from = rangeStartDay(range, asOfDay, days[0] ?? asOfDay);
  const start = lowerBound(days, from);
  const n = points.length - start;
  const cols: Cols = { x: new Float64Array(n), y: new Float64Array(n), length: n };
  for (let i = 0; i < n; i++) {
    cols.x[i] = days[start + i]!;
    cols.y[i] = points[start + i]!.usdPerPhDay;
  }
  const counter = new Counter();
  const line = counter.line('hashprice', day.feesKnown ? 'Hashprice (USD/PH/day)' : 'Hashprice, subsidy only (USD/PH/day)', 'other', cols);
  const halvings: DealMarker[] = [];
  for (const h of history.halvings) {
    const hd = dayNumber(h.date);
    if (hd < from) continue;
    const i = lowerBound(days, hd);
    const p = points[i];
    if (!p) continue;
    halvings.push({
      symbol: 'BTC',
      x: days[i]!,
      y: round(p.usdPerPhDay),
      date: h.date,
      label: `halving at block ${h.height.toLocaleString('en-US')}`,
      value: `subsidy → ${h.subsidyBtc} BTC`,
    });
  }
  const height = input.network.tip?.height ?? estimateHeightOnDay(asOf);
  const next = estimateNextHalving(height, Date.parse(`${asOf}T00:00:00Z`));
  const nextBasis = input.network.tip ? next.basis : `${next.basis} (the height itself estimated: 144 blocks a day since the last halving)`;

  const assumptions = economicsAssumptions(day);
  const econ = input.miners.map((m) => ({ m, e: minerEconomics(m.symbol, m.fleet, m.deals, assumptions) }));
  const table: EconomicsRow[] = econ.map(({ m, e }) => ({
    symbol: e.symbol,
    name: m.name,
    efficiencyJTH: e.efficiencyJTH,
    miningPerMwYearUsd: e.miningRevenuePerMwYearUsd,
    aiPerMwYearUsd: e.aiRevenuePerMwYearUsd,
    aiToMiningRatio: e.aiToMiningRatio,
    breakevenBtcUsd: e.breakevenBtcUsd,
    miningAfterHalvingPerMwYearUsd: e.miningAfterHalvingPerMwYearUsd,
    aiMwBasis: e.basis.aiMw,
    reasons: reasonsOf(e),
  }));
  const bars: EconomicsData['bars'] = [];
  const leftOut: EconomicsData['leftOut'] = [];
  for (const { e } of econ) {
    const mining = e.miningRevenuePerMwYearUsd;
    const ai = e.aiRevenuePerMwYearUsd;
    if (mining === null) leftOut.push({ symbol: e.symbol, figure: 'mining', reason: e.reasons.miningRevenuePerMwYearUsd ?? 'unknown' });
    if (ai === null) leftOut.push({ symbol: e.symbol, figure: 'ai', reason: e.reasons.aiRevenuePerMwYearUsd ?? 'unknown' });
    if (mining !== null || ai !== null) bars.push({ symbol: e.symbol, mining, ai });
  }

  const efficiencies = econ.map(({ e }) => e.efficiencyJTH).filter((v): v is number => v !== null && v > 0);
  const fleetMedian = median(efficiencies);
  const ref = fleetMedian ?? REFERENCE_EFFICIENCY_JTH;
  const efficiencyBasis =
    fleetMedian !== null
      ? `the median fleet efficiency of the ${efficiencies.length} miners with one in the catalog`
      : `no miner has a fleet efficiency in the catalog: a reference of ${REFERENCE_EFFICIENCY_JTH} J/TH`;
  const sensitivity: EconomicsData['sensitivity'] = {
    efficiencyJTH: round(ref),
    efficiencyBasis,
    btcMoves: SENSITIVITY_BTC_MOVES,
    // The hashprice moves with the BTC price one for one (subsidy and fees are in BTC), at a fixed difficulty; growth divides it by (1 + g).
    lines: SENSITIVITY_GROWTH.map((growth) => ({
      growth,
      values: SENSITIVITY_BTC_MOVES.map((move) => {
        const v = afterDifficultyGrowth(
          miningRevenuePerMwYear(assumptions.hashpriceUsdPerPhDay === null ? null : assumptions.hashpriceUsdPerPhDay * (1 + move), ref),
          growth,
          1,
        ).value;
        return v === null ? null : round(v);
      }),
    })),
    aiMedianPerMwYearUsd: median(econ.map(({ e }) => e.aiRevenuePerMwYearUsd).filter((v): v is number => v !== null)),
  };

  const btcOrigin = input.btc.origin;
  const source = `network: ${originText(input.network.origin, input.now)}; BTC: ${originText(btcOrigin, input.now)}`;
  const notes = [
    `Hashprice = 86,400 × 10¹⁵ × (subsidy + fees per block) × BTC close ÷ (difficulty × 2³²), the expected value before pool fees and downtime${day.feesKnown ? '' : '; the network data has no fees, so it is the subsidy’s alone'}.`,
    'Mining per MW-year = hashprice × (1,000 ÷ J/TH) PH/s × 365 (ASIC power at full load all year). AI/HPC per MW-year = contract value ÷ term ÷ MW of the contracted lease, colocation and JV deals (GPU cloud contracts are not comparable and left out).',
    'Breakeven BTC: the BTC price at which a MW earns as much mining as leased, at fixed difficulty and fee share. After halving: the subsidy halved at block 1,050,000, same price, difficulty and fees.',
    ...(input.networkProblems ?? []).map((p) => `Live network data failed: ${p}.`),
  ];
  return {
    kind: 'economics',
    range,
    asOf,
    data: dataLabel(
      [btcOrigin, input.network.origin].map((origin) => ({ origin })),
      input.now,
    ),
    day: {
      date: asOf,
      usdPerPhDay: round(day.usdPerPhDay),
      btcUsd: day.btcUsd,
      difficulty: day.difficulty,
      feesPerBlockBtc: day.feesKnown ? day.feesPerBlockBtc : null,
      feesKnown: day.feesKnown,
      source,
    },
    hashprice: [line],
    halvings,
    nextHalving: { height: next.height, subsidyBtc: next.subsidyBtc, estimatedDate: next.estimatedDate, basis: nextBasis },
    bars,
    leftOut,
    table,
    sensitivity,
    notes,
    stats: { pointsIn: counter.pointsIn, pointsSent: counter.pointsSent },
    xRanges: xRangesOf({ hashprice: [[line], halvings] }),
  };
}

/** The breakeven table as CSV (numbers unformatted; empty where null, with the reasons in the last column). */
export function economicsCsv(d: EconomicsData): string {
  const head = [
    'symbol',
    'name',
    'efficiency_j_th',
    'mining_usd_per_mw_year',
    'ai_usd_per_mw_year',
    'ai_to_mining',
    'breakeven_btc_usd',
    'mining_after_halving_usd_per_mw_year',
    'ai_mw_basis',
    'reasons',
  ];
  const lines = d.table.map((r) =>
    [
      r.symbol,
      r.name,
      r.efficiencyJTH,
      r.miningPerMwYearUsd,
      r.aiPerMwYearUsd,
      r.aiToMiningRatio,
      r.breakevenBtcUsd,
      r.miningAfterHalvingPerMwYearUsd,
      r.aiMwBasis,
      r.reasons.join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return `# Hashpivot economics as of ${d.asOf}; hashprice ${d.day.usdPerPhDay} USD/PH/day; data: ${csvComment(d.data.text)}\n${head.join(',')}\n${lines.join('\n')}\n`;
}
