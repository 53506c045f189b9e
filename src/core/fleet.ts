/**
 * The fleet-facts vocabulary: a miner's self-mining facts (hashrate, efficiency, BTC mined, power,
 * cost, BTC held) as the catalog records them and as the per-MW economics read them. Pure: no VS
 * Code, no Node-only APIs. The catalog (src/catalog) re-exports these types.
 *
 * Every fact is `{ value, asOf, sources, confidence, note }`: `value` is null when no source gave
 * the figure (never a guess); `asOf` and `period` are free text as the sources give them, and
 * definitions differ between companies (energized vs deployed hashrate, contracted vs energized
 * MW, power-only vs all-in cost), which the note says.
 */
import type { DealSource } from './deals';

export type FactConfidence = 'high' | 'medium' | 'low';

/** Where a fleet fact was published (the catalog's sources carry more). */
export type FactSource = DealSource & { publisher?: string; date?: string | null; note?: string };

export interface FleetFact {
  /** The figure in the field's unit; null when not found. */
  value: number | null;
  /** When it is current to, as the sources give it (free text); null when unknown. */
  asOf?: string | null;
  /** The period a flow figure covers, as the sources give it. */
  period?: string | null;
  sources?: FactSource[];
  confidence: FactConfidence;
  note?: string | null;
}

/** Power capacity, MW: the headline `value`, and total / mining / AI-HPC where given, with their basis. */
export interface PowerFact extends FleetFact {
  total?: number | null;
  mining?: number | null;
  hpc?: number | null;
  basis?: string | null;
}

/** How a cost figure is expressed: a cost per bitcoin mined, or a power price. */
export type CostUnit = 'USD/BTC' | 'USD/MWh' | 'c/kWh';
export const COST_UNITS: readonly CostUnit[] = ['USD/BTC', 'USD/MWh', 'c/kWh'];

/** The company's cost of mining as reported: `unit` and `metric` say what it is. */
export interface CostFact extends FleetFact {
  unit?: CostUnit | null;
  metric?: string | null;
}

export interface FleetFacts {
  /** Self-mining hashrate, EH/s. */
  hashrateEH?: FleetFact;
  /** Fleet efficiency, J/TH. */
  efficiencyJTH?: FleetFact;
  /** Bitcoin mined in `period`, BTC. */
  btcMined?: FleetFact;
  powerMW?: PowerFact;
  costPerBTC?: CostFact;
  /** Bitcoin held, BTC. */
  btcHoldings?: FleetFact;
}

export type FleetFactName = keyof FleetFacts;
export const FLEET_FACTS: readonly FleetFactName[] = ['hashrateEH', 'efficiencyJTH', 'btcMined', 'powerMW', 'costPerBTC', 'btcHoldings'];

/** A power price in USD per MWh from a cost fact that is one (USD/MWh, c/kWh); null otherwise. */
export function powerPriceUsdPerMWh(cost: CostFact | undefined): number | null {
  if (!cost || cost.value === null || !Number.isFinite(cost.value)) return null;
  if (cost.unit === 'USD/MWh') return cost.value;
  if (cost.unit === 'c/kWh') return cost.value * 10; // 1 c/kWh = 0.01 USD/kWh = 10 USD/MWh
  return null;
}
