/** Text formatting shared by the views, hovers and the CLI (money and percentages: src/shared/format.ts). Pure. */
import type { BasketComposition } from './basket';
import type { SymbolReport } from './report';
import { describeSampling, summariseSampling } from './sampling';
import type { DataOrigin, QuoteFeed } from './types';
import { formatMagnitude } from '../shared/format';

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

/** How a live quote arrived, as the tooltips say it: `live (stream)` (a websocket ticker) or `live (poll)` (a REST request). */
export function feedLabel(feed: QuoteFeed | undefined): string {
  return feed === 'stream' ? 'live (stream)' : 'live (poll)';
}

/** The short form of {@link describeOrigin}, for a tree row: `live`, `cached 3 h ago`, `snapshot of 2026-05-29`. */
export function originLabel(origin: DataOrigin, nowMs: number): string {
  return describeOrigin(origin, nowMs).replace(/ \(.*\)$/, '');
}

/** `9 of 15 constituents priced on 2025-12-02, BTC's effective weight 39.0%`. */
export function describeComposition(b: BasketComposition): string {
  return `${b.priced} of ${b.constituents} constituents priced on ${b.date}, BTC's effective weight ${formatMagnitude(b.btcWeight)}`;
}

/** What a report's pair figures need said beside them: how BTC was priced, and a stand-in for the NASDAQ-100. */
export function pairNotes(r: Pick<SymbolReport, 'btcSampling' | 'btcSamplingCoverage' | 'source'>): { btc?: string; ndx?: string } {
  const out: { btc?: string; ndx?: string } = {};
  if (r.btcSampling) out.btc = describeSampling(r.btcSampling, r.btcSamplingCoverage);
  const ndx = r.source.benchmarks.NDX?.proxy ?? (r.source.providerSymbol?.toUpperCase() === 'QQQ' ? r.source.proxy : undefined);
  if (ndx) out.ndx = ndx;
  return out;
}

/**
 * The notes under a table of reports: how BTC was priced for the pair figures (per symbol when
 * they differ), what stood for the NASDAQ-100, and the CD20 proxy's composition.
 */
export function reportFootnotes(reports: ReadonlyArray<Pick<SymbolReport, 'symbol' | 'btcSampling' | 'btcSamplingCoverage' | 'source'>>): string[] {
  const out: string[] = [];
  const sampling = summariseSampling(reports.map((r) => r.btcSampling));
  if (sampling === 'mixed') {
    out.push(`BTC pair figures: ${describeSampling('mixed', null)}:`);
    for (const r of reports) if (r.btcSampling) out.push(`  ${r.symbol}: ${describeSampling(r.btcSampling, r.btcSamplingCoverage)}.`);
  } else if (sampling) {
    out.push(`BTC pair figures: ${describeSampling(sampling, reports.find((r) => r.btcSampling)?.btcSamplingCoverage)}.`);
  }
  const ndxProxy = reports.map((r) => pairNotes(r).ndx).find(Boolean);
  if (ndxProxy) out.push(`ρ NDX, β NDX: ${ndxProxy}.`);
  for (const r of reports) if (r.source.basket) out.push(`${r.symbol} (${r.source.proxy ?? 'basket'}): ${describeComposition(r.source.basket)}.`);
  return out;
}

export { formatMagnitude, formatPercent, formatPercentPlain, formatPrice, formatNumber, formatUsd, formatUsdShort, formatBillions } from '../shared/format';
