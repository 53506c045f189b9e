/**
 * A miner's risk band, for the tree icon's colour: from its 90-day annualized volatility and its
 * drawdown from the 365-day peak. The worse of the two decides. Pure.
 */
export type RiskBand = 'low' | 'moderate' | 'high' | 'extreme' | 'unknown';

export const RISK_BANDS: ReadonlyArray<{ band: Exclude<RiskBand, 'unknown'>; maxVol: number; maxDrawdown: number; label: string }> = [
  { band: 'low', maxVol: 0.5, maxDrawdown: 0.2, label: 'volatility under 50% and drawdown under 20%' },
  { band: 'moderate', maxVol: 0.8, maxDrawdown: 0.4, label: 'volatility under 80% and drawdown under 40%' },
  { band: 'high', maxVol: 1.2, maxDrawdown: 0.6, label: 'volatility under 120% and drawdown under 60%' },
  { band: 'extreme', maxVol: Infinity, maxDrawdown: Infinity, label: 'volatility of 120% or more, or drawdown of 60% or more' },
];

/** Band from annualized volatility (0.85 = 85%) and current drawdown (a negative fraction). */
export function riskBand(vol90: number, drawdown: number): RiskBand {
  if (!Number.isFinite(vol90) || !Number.isFinite(drawdown)) return 'unknown';
  const dd = Math.abs(drawdown);
  for (const b of RISK_BANDS) if (vol90 < b.maxVol && dd < b.maxDrawdown) return b.band;
  return 'extreme';
}

export const RISK_ORDER: Record<RiskBand, number> = { low: 0, moderate: 1, high: 2, extreme: 3, unknown: 4 };
