/**
 * One miner's per-MW-year economics from its fleet facts and deals (see ./perMw.ts for the
 * formulas and their assumptions). Pure. The result's keys are those of `hashpivot economics
 * --json`; every null figure has its reason in `reasons`.
 */
import type { Deal, DealSource, MwBasisKind } from '../deals';
import { powerPriceUsdPerMWh, type FactSource, type FleetFacts } from '../fleet';
import {
  afterDifficultyGrowth,
  afterHalving,
  aiToMiningRatio,
  breakevenBtcUsd,
  halvingFactor,
  HOURS_PER_YEAR,
  miningNetPerMwYear,
  miningRevenuePerMwYear,
  minerAiRevenuePerMwYear,
  type Figure,
} from './perMw';

export interface EconomicsAssumptions {
  /** USD per PH/s per day. */
  hashpriceUsdPerPhDay: number | null;
  /** The BTC price the hashprice was computed at (for the breakeven). */
  btcUsd?: number | null;
  /** Transaction fees per block, BTC (for the halving). */
  feesBtcPerBlock?: number | null;
  /** Annual difficulty growth (0.3 = 30%). */
  difficultyGrowth?: number | null;
  /** Years of difficulty growth (default 1). */
  years?: number;
}

export interface EconomicsSource {
  /** `fleet.efficiencyJTH`, `fleet.costPerBTC` or `deal:<id>`. */
  fact: string;
  title: string;
  url: string;
  date?: string | null;
}

export interface MinerEconomics {
  symbol: string;
  miningRevenuePerMwYearUsd: number | null;
  miningNetPerMwYearUsd: number | null;
  aiRevenuePerMwYearUsd: number | null;
  aiToMiningRatio: number | null;
  breakevenBtcUsd: number | null;
  breakevenNetBtcUsd: number | null;
  miningAfterHalvingPerMwYearUsd: number | null;
  miningAfterGrowthPerMwYearUsd: number | null;
  efficiencyJTH: number | null;
  powerPriceUsdPerMWh: number | null;
  basis: { aiMw: MwBasisKind | null; miningMw: 'asic-power' };
  dealsUsed: string[];
  dealsLeftOut: Array<{ dealId: string; reason: string }>;
  perDeal: Array<{ dealId: string; perMwYearUsd: number | null; basis: MwBasisKind; comparable: boolean; reason?: string }>;
  /** Why each null figure is null. */
  reasons: Record<string, string>;
  sources: EconomicsSource[];
}

const srcs = (fact: string, list: readonly (FactSource | DealSource)[] | undefined): EconomicsSource[] =>
  (list ?? []).map((s) => ({ fact, title: s.title, url: s.url, ...('date' in s ? { date: s.date } : {}) }));

export function minerEconomics(symbol: string, fleet: FleetFacts | undefined, deals: readonly Deal[], a: EconomicsAssumptions): MinerEconomics {
  const eff = fleet?.efficiencyJTH?.value ?? null;
  const price = powerPriceUsdPerMWh(fleet?.costPerBTC);
  const mining = miningRevenuePerMwYear(a.hashpriceUsdPerPhDay, eff);
  const net = miningNetPerMwYear(mining, price);
  const ai = minerAiRevenuePerMwYear(deals);
  const ratio = aiToMiningRatio(ai, mining);
  const breakeven = breakevenBtcUsd(a.btcUsd, ai, mining);
  const breakevenNet: Figure = price === null ? { value: null, reason: net.reason } : breakevenBtcUsd(a.btcUsd, ai, mining, price * HOURS_PER_YEAR);
  const halved = afterHalving(mining, halvingFactor(a.feesBtcPerBlock));
  const grown = afterDifficultyGrowth(mining, a.difficultyGrowth, a.years ?? 1);
  const figures: Record<string, Figure> = {
    miningRevenuePerMwYearUsd: mining,
    miningNetPerMwYearUsd: net,
    aiRevenuePerMwYearUsd: ai,
    aiToMiningRatio: ratio,
    breakevenBtcUsd: breakeven,
    breakevenNetBtcUsd: breakevenNet,
    miningAfterHalvingPerMwYearUsd: halved,
    miningAfterGrowthPerMwYearUsd: grown,
  };
  const reasons: Record<string, string> = {};
  for (const [k, f] of Object.entries(figures)) if (f.value === null) reasons[k] = f.reason ?? 'unknown';
  if (eff === null) reasons.efficiencyJTH = fleet?.efficiencyJTH?.note ?? 'no fleet efficiency in the catalog';
  if (price === null)
    reasons.powerPriceUsdPerMWh =
      fleet?.costPerBTC?.value != null
        ? `the cost fact is ${fleet.costPerBTC.unit} (${fleet.costPerBTC.metric}), not a power price`
        : 'no power price in the catalog';
  const used = new Set(ai.used);
  const sources = [
    ...(eff !== null ? srcs('fleet.efficiencyJTH', fleet?.efficiencyJTH?.sources) : []),
    ...(price !== null ? srcs('fleet.costPerBTC', fleet?.costPerBTC?.sources) : []),
    ...deals.filter((d) => used.has(d.id)).flatMap((d) => srcs(`deal:${d.id}`, d.sources)),
  ];
  return {
    symbol,
    miningRevenuePerMwYearUsd: mining.value,
    miningNetPerMwYearUsd: net.value,
    aiRevenuePerMwYearUsd: ai.value,
    aiToMiningRatio: ratio.value,
    breakevenBtcUsd: breakeven.value,
    breakevenNetBtcUsd: breakevenNet.value,
    miningAfterHalvingPerMwYearUsd: halved.value,
    miningAfterGrowthPerMwYearUsd: grown.value,
    efficiencyJTH: eff,
    powerPriceUsdPerMWh: price,
    basis: { aiMw: ai.basis, miningMw: 'asic-power' },
    dealsUsed: ai.used,
    dealsLeftOut: ai.leftOut,
    perDeal: ai.perDeal.map((f) => ({
      dealId: f.dealId,
      perMwYearUsd: f.value,
      basis: f.basis,
      comparable: f.comparable,
      ...(f.reason || f.comparableReason ? { reason: [f.reason, f.comparableReason].filter(Boolean).join('; ') } : {}),
    })),
    reasons,
    sources,
  };
}
