/**
 * The catalog of bitcoin miners pivoting to AI/HPC hosting and their AI/HPC deals.
 * Pure: no VS Code, no Node-only APIs. The JSON form is described by
 * `media/catalog/catalog.schema.json`; these types are its TypeScript side.
 *
 * Unknown values are absent or `null` (with a `…Note` saying why where the record has one),
 * never a guessed number. Every record carries its sources, an as-of date and a confidence.
 */

import type { Deal, PartialDate } from '../core/deals';
import type { FleetFacts } from '../core/fleet';

/** The deal vocabulary lives in core (src/core/deals.ts); re-exported for the catalog's importers. */
export {
  DEAL_KINDS,
  DEAL_STAGES,
  MW_BASIS_KINDS,
  type MwBasisKind,
  type Deal,
  type DealKind,
  type DealSource,
  type DealStage,
  type PartialDate,
} from '../core/deals';

/** The fleet-facts vocabulary lives in core (src/core/fleet.ts); re-exported for the catalog's importers. */
export {
  COST_UNITS,
  FLEET_FACTS,
  powerPriceUsdPerMWh,
  type CostFact,
  type CostUnit,
  type FactSource,
  type FleetFact,
  type FleetFactName,
  type FleetFacts,
  type PowerFact,
} from '../core/fleet';

export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/** How far a company's AI/HPC pivot has gone. `energized`: some AI/HPC capacity is live or earning revenue. */
export type PivotStatus = 'none' | 'announced' | 'contracted' | 'energized';
export const PIVOT_STATUSES: readonly PivotStatus[] = ['none', 'announced', 'contracted', 'energized'];

/** Whether a debt raise funds the AI/HPC pivot: its stated purpose includes the build-out (`yes`), does not (`no`), or is not stated / not confirmed (`unclear`). */
export type PivotRelation = 'yes' | 'no' | 'unclear';
export const PIVOT_RELATIONS: readonly PivotRelation[] = ['yes', 'no', 'unclear'];

export interface Source {
  title: string;
  url: string;
  publisher?: string;
  /** Publication date; null when unknown. */
  date?: PartialDate | null;
  /** `headline` (seen in the page), `slug` (from the URL) or `descriptive` (written by the compiler). */
  titleBasis?: 'headline' | 'slug' | 'descriptive';
  /** `page`, `text`, `url`, `inferred` or `unknown` (date is null). */
  dateBasis?: 'page' | 'text' | 'url' | 'inferred' | 'unknown';
  note?: string;
}

export interface PowerCapacity {
  value: number;
  unit: 'MW' | 'GW';
  /** What the figure measures (gross power, approved power, pipeline…). */
  basis?: string;
  confidence?: Confidence;
}

export interface DebtRaise {
  instrument: string;
  /** Principal in USD; null when not disclosed. */
  amountUSD?: number | null;
  coupon?: string | null;
  /** Free text: a date, a year or a term. */
  maturity?: string | null;
  date?: PartialDate | null;
  dateNote?: string;
  purpose?: string;
  /** Counted in the pivot debt only when `yes`. */
  pivotRelated?: PivotRelation;
  pivotRelatedNote?: string;
  confidence?: Confidence;
  sources: Source[];
  notes?: string;
}

/** A guarantor's backstop of a deal counterparty's obligations (Google backing Fluidstack's leases). */
export interface Backstop {
  /** Who backs the obligations, a canonical company name. */
  guarantor: string;
  /** How much is backed, USD; null when not disclosed. */
  amountUSD: number | null;
  /** Which obligations it covers. */
  covers: string;
  /** The words of the deal's `counterpartyBacker` it rests on (the build checks they are a substring). */
  quote: string;
  note?: string;
}

export interface Milestone {
  date: PartialDate;
  event: string;
}

/** Which file set which fields of a record (after merging). */
export interface RecordOrigin {
  file: string;
  fields: string[];
}

export interface CatalogMiner {
  ticker: string;
  name: string;
  formerName?: string | null;
  exchanges: string[];
  exchangesNote?: string;
  country?: string | null;
  headquarters?: string | null;
  headquartersNote?: string;
  pivotStatus: PivotStatus;
  pivotStatusDetail?: string;
  /** AI/HPC critical IT load under contract, MW; null when none is disclosed. */
  contractedHpcMW?: number | null;
  contractedHpcMWNote?: string;
  totalPowerCapacity?: PowerCapacity | null;
  totalPowerCapacityNote?: string;
  debtRaises?: DebtRaise[];
  debtRaisesNote?: string;
  /** Self-mining fleet facts, each with its own sources, date and confidence (in an override, merged fact by fact). */
  fleet?: FleetFacts;
  dealIds: string[];
  asOf?: PartialDate;
  confidence: Confidence;
  unconfirmed?: string[];
  sources: Source[];
  notes?: string;
  /** Set by the loader: which files contributed which fields. */
  origin?: RecordOrigin[];
}

/** A deal of the catalog: the core {@link Deal} with its sources in full and the catalog's bookkeeping. */
export interface CatalogDeal extends Deal {
  /** The deal type as the sources describe it. */
  type?: string;
  /** The provider as the sources name it (e.g. "TeraWulf (51% of JV)"). */
  providerName?: string;
  /**
   * The counterparty as one canonical company name ("Amazon" for Amazon Web Services), so deals with
   * the same company group together; null when undisclosed or none (each such deal an unknown of
   * its own). Absent (a workspace deal that does not set it): the exposure figures use the
   * counterparty text as it is.
   */
  counterpartyEntity?: string | null;
  counterpartyEntityNote?: string;
  counterpartyBacker?: string | null;
  /** The backstops of the counterparty's obligations, each quoting `counterpartyBacker`; [] or absent when none. */
  backstops?: Backstop[];
  endUser?: string | null;
  /** The end user as one canonical company name; null when unnamed. */
  endUserEntity?: string | null;
  endUserEntityNote?: string;
  valueNote?: string | null;
  mwBasis?: string | null;
  /** Why `mwBasisKind` has its value (the build's judgement, or the override's). */
  mwBasisKindNote?: string;
  hardware?: string;
  milestones?: Milestone[];
  notes?: string;
  unconfirmed?: string[];
  asOf?: PartialDate;
  confidence: Confidence;
  sources: Source[];
  origin?: RecordOrigin[];
}

/** A miner entry in a file: in an override file every field but the ticker is optional. */
export type CatalogMinerEntry = Partial<CatalogMiner> & { ticker: string };
/** A deal entry in a file: in an override file every field but the id is optional. */
export type CatalogDealEntry = Partial<CatalogDeal> & { id: string };

/** Where a generated catalog came from (the shipped one is built by scripts/build-catalog.mjs). */
export interface CatalogGeneratedFrom {
  file: string;
  asOf?: string;
  sha256: string;
  readme?: { file: string; sha256: string };
  by?: string;
  /** The fleet-facts reference file the miners' `fleet` facts come from. */
  fleetFacts?: { file: string; asOf?: string; sha256: string; readme?: { file: string; sha256: string } };
}

/** A catalog file as written on disk (the shipped catalog or a workspace override file). */
export interface CatalogFile {
  $schema?: string;
  asOf?: PartialDate;
  description?: string;
  generatedFrom?: CatalogGeneratedFrom;
  /** Facts the sources could not confirm, catalog-wide. */
  unconfirmed?: string[];
  miners: CatalogMinerEntry[];
  deals: CatalogDealEntry[];
}

const normTicker = (t: string) => t.trim().replace(/^\$/, '').toUpperCase();

/** The merged catalog the views read. Records are in file order: the shipped ones, then added ones. */
export class Catalog {
  readonly miners: CatalogMiner[];
  readonly deals: CatalogDeal[];
  /** The newest as-of date of the files merged into it. */
  readonly asOf?: PartialDate;
  /** Catalog-wide notes on what is not confirmed. */
  readonly unconfirmed: string[];
  private readonly byTicker = new Map<string, CatalogMiner>();
  private readonly byId = new Map<string, CatalogDeal>();

  constructor(miners: CatalogMiner[] = [], deals: CatalogDeal[] = [], info: { asOf?: PartialDate; unconfirmed?: string[] } = {}) {
    this.miners = miners;
    this.deals = deals;
    this.asOf = info.asOf;
    this.unconfirmed = info.unconfirmed ?? [];
    for (const m of miners) this.byTicker.set(normTicker(m.ticker), m);
    for (const d of deals) this.byId.set(d.id, d);
  }

  static empty(): Catalog {
    return new Catalog();
  }

  /** A miner by ticker (case-insensitive, a leading `$` ignored). */
  miner(ticker: string): CatalogMiner | undefined {
    return this.byTicker.get(normTicker(ticker));
  }

  deal(id: string): CatalogDeal | undefined {
    return this.byId.get(id);
  }

  /** The deals of a company: those its `dealIds` list (in that order), then those it provides. */
  dealsOf(ticker: string): CatalogDeal[] {
    const t = normTicker(ticker);
    const out: CatalogDeal[] = [];
    const seen = new Set<string>();
    for (const id of this.miner(t)?.dealIds ?? []) {
      const d = this.byId.get(id);
      if (d && !seen.has(id)) {
        out.push(d);
        seen.add(id);
      }
    }
    for (const d of this.deals) {
      if (!seen.has(d.id) && normTicker(d.provider) === t) {
        out.push(d);
        seen.add(d.id);
      }
    }
    return out;
  }

  tickers(): string[] {
    return this.miners.map((m) => m.ticker);
  }
}
