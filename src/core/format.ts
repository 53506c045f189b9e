/** Text formatting shared by the views, hovers and the CLI (money and percentages: src/shared/format.ts). Pure. */
import type { DataOrigin } from './types';

/** `2 min`, `3 h`, `4 d`: a compact age. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown age';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** How the UI names where data came from: `live`, `cached 3 h ago`, `snapshot of 2026-05-29`. */
export function describeOrigin(origin: DataOrigin, nowMs: number): string {
  switch (origin.kind) {
    case 'live':
      return `live (${origin.provider}${origin.providerSymbol ? ` ${origin.providerSymbol}` : ''})`;
    case 'cache':
      return `cached ${formatAge(nowMs - Date.parse(origin.asOf))} ago (${origin.provider}${origin.providerSymbol ? ` ${origin.providerSymbol}` : ''})`;
    case 'snapshot':
      return `snapshot of ${origin.asOf.slice(0, 10)}${origin.providerSymbol ? ` (${origin.providerSymbol})` : ''}`;
  }
}

export { formatPercent, formatPercentPlain, formatPrice, formatNumber, formatUsd, formatUsdShort, formatBillions } from '../shared/format';
