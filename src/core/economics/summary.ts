/**
 * One miner's economics in a line, for the miner hover and the Miners view tooltip: mining
 * revenue per MW-year at the day's hashprice (with the fleet efficiency it assumes), AI/HPC
 * revenue per MW-year of its contracted leases, their ratio and the breakeven BTC price; every
 * missing figure says why. Pure text (the caller escapes it for Markdown).
 */
import { formatUsdCompact } from '../../shared/format';
import type { EconomicsAssumptions, MinerEconomics } from './miner';

export interface HashpriceDay {
  date: string;
  usdPerPhDay: number;
  /** Whether the day's fees are in the hashprice (false: subsidy only, as the snapshot gives it). */
  feesKnown: boolean;
}

export interface EconomicsSummary {
  /** `Mining $1.05M/MW-y (17.5 J/TH) · AI/HPC $2.26M/MW-y (critical IT) · AI ÷ mining 2.15× · breakeven BTC $196K`. */
  text: string;
  /** `hashprice 38.84 USD/PH/day on 2025-12-02 (fees included)`. */
  basis: string;
  /** Why each missing figure is missing, one entry per distinct reason. */
  missing: string[];
}

const BASIS_WORDS = { 'critical-it': 'critical IT', gross: 'gross MW', unknown: 'MW basis unknown' } as const;

export function economicsSummary(e: MinerEconomics, day: HashpriceDay): EconomicsSummary {
  const parts: string[] = [];
  const missing = new Map<string, string[]>();
  const why = (label: string, key: string) => {
    const reason = e.reasons[key] ?? 'unknown';
    missing.set(reason, [...(missing.get(reason) ?? []), label]);
  };
  if (e.miningRevenuePerMwYearUsd !== null) parts.push(`Mining ${formatUsdCompact(e.miningRevenuePerMwYearUsd)}/MW-y (${e.efficiencyJTH} J/TH)`);
  else {
    parts.push('Mining –/MW-y');
    why('mining', 'miningRevenuePerMwYearUsd');
  }
  if (e.aiRevenuePerMwYearUsd !== null)
    parts.push(`AI/HPC ${formatUsdCompact(e.aiRevenuePerMwYearUsd)}/MW-y${e.basis.aiMw ? ` (${BASIS_WORDS[e.basis.aiMw]})` : ''}`);
  else {
    parts.push('AI/HPC –/MW-y');
    why('AI/HPC', 'aiRevenuePerMwYearUsd');
  }
  if (e.aiToMiningRatio !== null) parts.push(`AI ÷ mining ${e.aiToMiningRatio.toFixed(2)}×`);
  if (e.breakevenBtcUsd !== null) parts.push(`breakeven BTC ${formatUsdCompact(e.breakevenBtcUsd)}`);
  const hp = Number.isFinite(day.usdPerPhDay) ? day.usdPerPhDay.toFixed(2) : '–';
  return {
    text: parts.join(' · '),
    basis: `hashprice ${hp} USD/PH/day on ${day.date} (${day.feesKnown ? 'fees included' : 'subsidy only: no fee data'})`,
    missing: [...missing].map(([reason, labels]) => `${labels.join(', ')}: ${reason}`),
  };
}

/** The assumptions minerEconomics is given: the as-of day's hashprice, BTC close and fees (null when unknown), as the CLI takes them. */
export function economicsAssumptions(day: { usdPerPhDay: number; btcUsd: number; feesKnown: boolean; feesPerBlockBtc: number }): EconomicsAssumptions {
  return {
    hashpriceUsdPerPhDay: Number.isFinite(day.usdPerPhDay) ? day.usdPerPhDay : null,
    btcUsd: day.btcUsd,
    feesBtcPerBlock: day.feesKnown ? day.feesPerBlockBtc : null,
    difficultyGrowth: null,
    years: 1,
  };
}
