/**
 * What a panel's view model is built from: the symbols it shows with their series and reports,
 * the deals, and the catalog facts of a ticker. Pure: the host passes accessors over its market
 * store and catalog, so the same input can be built in tests from plain data.
 */
import type { Fact } from '../../shared/protocol';
import type { AssetClass, DailySeries, DataOrigin } from '../types';
import type { SymbolReport } from '../report';
import { AI_INFRA, BENCHMARKS, MINERS } from '../universe';
import type { ViewDeal, ViewInput, ViewSymbol } from './build';

/** What the host knows, as accessors (no I/O: everything is in memory already). */
export interface ViewSource {
  peek(symbol: string): DailySeries | undefined;
  entry(symbol: string): { name: string; assetClass: AssetClass } | undefined;
  report(symbol: string): SymbolReport | undefined;
  /** The catalog's company name, when the catalog has the ticker. */
  catalogName(symbol: string): string | undefined;
  deals: readonly ViewDeal[];
  backlogUSD(symbol: string): number | null;
  pivotStatus(symbol: string): string | null;
  now: number;
}

/** The dashboard's symbols: the miners, the watchlist and the two benchmarks, once each. */
export function dashboardSymbols(watchlist: readonly string[]): string[] {
  return [...new Set([...MINERS.map((m) => m.symbol), ...watchlist, 'BTC', 'NDX'])];
}

export function roleOf(symbol: string): ViewSymbol['role'] {
  if (MINERS.some((m) => m.symbol === symbol)) return 'miner';
  if (AI_INFRA.some((m) => m.symbol === symbol)) return 'ai';
  if (BENCHMARKS.some((b) => b.symbol === symbol)) return 'benchmark';
  return 'other';
}

/** The input of a view model for `wanted` symbols; symbols without data are left out. */
export function buildViewInput(src: ViewSource, wanted: readonly string[]): ViewInput {
  const symbols: ViewSymbol[] = [];
  for (const sym of wanted) {
    const series = src.peek(sym);
    const entry = src.entry(sym);
    if (!series || !entry) continue;
    symbols.push({ symbol: sym, name: src.catalogName(sym) ?? entry.name, role: roleOf(sym), assetClass: entry.assetClass, series });
  }
  const reports = new Map<string, SymbolReport>();
  for (const s of symbols) {
    const r = src.report(s.symbol);
    if (r) reports.set(s.symbol, r);
  }
  return {
    symbols,
    btc: src.peek('BTC'),
    ndx: src.peek('NDX'),
    reports,
    deals: src.deals,
    backlogUSD: (s) => src.backlogUSD(s),
    pivotStatus: (s) => src.pivotStatus(s),
    now: src.now,
  };
}

interface FactSource {
  title: string;
  url: string;
}

/** The catalog fields the ticker panel's fact list shows (structurally a catalog miner). */
export interface MinerFactInput {
  pivotStatus: string;
  pivotStatusDetail?: string;
  contractedHpcMW?: number | null;
  contractedHpcMWNote?: string;
  totalPowerCapacity?: { value: number; unit: string; basis?: string } | null;
  debtRaises?: ReadonlyArray<{ instrument: string; amountUSD?: number | null; date?: string | null; sources?: readonly FactSource[] }>;
  asOf?: string;
  confidence: string;
  sources?: readonly FactSource[];
}

/** Figures derived from the catalog's deals and debt (see src/catalog/derived.ts). */
export interface DerivedFactInput {
  backlogUSD: number | null;
  backlogDealIds?: readonly string[] | null;
  pivotDebtUSD: number | null;
}

export const MAX_FACT_CHARS = 400;

/** The facts of the ticker panel: where its prices come from, then the catalog's figures. */
export function catalogFacts(origin: DataOrigin | undefined, miner: MinerFactInput | undefined, derived: DerivedFactInput | undefined): Fact[] {
  const out: Fact[] = [];
  if (origin) out.push({ label: 'Prices', value: `${origin.kind}${origin.note ? ` — ${origin.note}` : ''}`, asOf: origin.asOf.slice(0, 10) });
  if (!miner) return out;
  const first = miner.sources?.[0];
  const src = first ? { title: first.title, url: first.url } : undefined;
  out.push({
    label: 'AI/HPC pivot',
    value: `${miner.pivotStatus}${miner.pivotStatusDetail ? ` — ${miner.pivotStatusDetail}` : ''}`,
    source: src,
    asOf: miner.asOf,
  });
  if (miner.contractedHpcMW != null)
    out.push({
      label: 'Contracted HPC',
      value: `${miner.contractedHpcMW} MW${miner.contractedHpcMWNote ? ` (${miner.contractedHpcMWNote})` : ''}`,
      source: src,
      asOf: miner.asOf,
    });
  const cap = miner.totalPowerCapacity;
  if (cap) out.push({ label: 'Total power capacity', value: `${cap.value} ${cap.unit}${cap.basis ? ` — ${cap.basis}` : ''}`, source: src, asOf: miner.asOf });
  if (derived?.backlogUSD != null)
    out.push({
      label: 'Contracted backlog (derived)',
      value: `$${(derived.backlogUSD / 1e9).toFixed(1)}B from ${derived.backlogDealIds?.length ?? '?'} deal(s)`,
      asOf: miner.asOf,
    });
  if (derived?.pivotDebtUSD != null)
    out.push({ label: 'Debt raised for the pivot (derived)', value: `$${(derived.pivotDebtUSD / 1e9).toFixed(2)}B`, asOf: miner.asOf });
  for (const d of miner.debtRaises ?? []) {
    if (d.amountUSD == null) continue;
    const ds = d.sources?.[0];
    out.push({
      label: `Debt: ${d.instrument}`,
      value: `$${(d.amountUSD / 1e6).toFixed(0)}M${d.date ? `, ${d.date}` : ''}`,
      source: ds ? { title: ds.title, url: ds.url } : undefined,
      asOf: d.date ?? undefined,
    });
  }
  out.push({ label: 'Catalog confidence', value: String(miner.confidence) });
  return out.map((x) => ({ ...x, value: x.value.length > MAX_FACT_CHARS ? `${x.value.slice(0, MAX_FACT_CHARS - 1)}…` : x.value }));
}
