/**
 * The exposure model's vocabulary: its inputs (structural, so a catalog deal fits without this
 * folder importing src/catalog) and its results. Pure. USD amounts are plain numbers; an unknown
 * is null with a reason, never a guess.
 */
import type { MwBasisKind } from '../deals';

/** A figure, or null with why (the economics' shape). */
export interface Figure {
  value: number | null;
  /** Why the value is null (or a caveat when it is not). */
  reason?: string;
}

/** A guarantor's backstop of a deal counterparty's obligations (a catalog `Backstop` fits). */
export interface ExposureBackstop {
  guarantor: string;
  /** USD; null when not disclosed. */
  amountUSD: number | null;
  covers?: string;
  quote?: string;
  note?: string;
}

/** What the model reads of a deal (a catalog deal fits). */
export interface ExposureDeal {
  id: string;
  name?: string;
  /** The deal kind (a joint venture's value is the JV's revenue, not the provider's share: a note says so). */
  kind?: string;
  /** Ticker of the company that provides the capacity. */
  provider: string;
  counterparty?: string | null;
  /** Canonical company name; null: undisclosed or none; absent: the counterparty text is used as is. */
  counterpartyEntity?: string | null;
  endUser?: string | null;
  /** Canonical company name; null: unnamed; absent: the end-user text is used as is. */
  endUserEntity?: string | null;
  backstops?: readonly ExposureBackstop[];
  valueUSD?: number | null;
  termYears?: number | null;
  mw?: number | null;
  mwBasisKind?: MwBasisKind | null;
}

/** A deal with whether its value counts as its provider's contracted backlog (src/catalog `backlogStatus`). */
export interface ExposureEntry {
  deal: ExposureDeal;
  counts: boolean;
  reason: string;
}

export interface ExposureOptions {
  /** Tickers to report even without a counted deal (the catalog's miners); providers of counted deals are always in. */
  miners?: readonly string[];
  /** Market cap per ticker, USD. A ticker not in it: null with `missingMarketCapReason`. */
  marketCaps?: Readonly<Record<string, Figure>>;
  missingMarketCapReason?: string;
  /** Debt raised for the pivot per ticker, USD (src/catalog `derivedFigures`). A ticker not in it: null with `missingPivotDebtReason`. */
  pivotDebt?: Readonly<Record<string, Figure>>;
  missingPivotDebtReason?: string;
}

/** A company a deal names, resolved: a named entity, or an unknown of the deal's own. */
export interface EntityRef {
  /** Grouping key: the lower-cased name, or `?<deal id>` for an unknown (never shared). */
  key: string;
  /** As shown: the name, or `Undisclosed (<deal id>)` / `Not named (<deal id>)`. */
  label: string;
  /** The canonical name; null for an unknown. */
  entity: string | null;
  /** True when the catalog gives no canonical name and the text is used as is. */
  unclassified?: boolean;
}

/** A backstop with its guarantor resolved. */
export interface ResolvedBackstop extends ExposureBackstop {
  guarantorKey: string;
}

/** A deal as the model holds it. */
export interface ResolvedDeal {
  id: string;
  name?: string;
  /** The provider's ticker, normalised (trimmed, `$` dropped, upper case). */
  provider: string;
  kind?: string;
  counts: boolean;
  reason: string;
  valueUsd: number | null;
  termYears: number | null;
  mw: number | null;
  mwBasisKind: MwBasisKind | null;
  counterparty: EntityRef;
  endUser: EntityRef;
  backstops: ResolvedBackstop[];
}

/** A miner's part of an entity's backlog. */
export interface EntityMinerShare {
  symbol: string;
  /** Known value of the entity's counted deals with this miner; null when none is known. */
  backlogUsd: number | null;
  /** Of the miner's known backlog; null when either is unknown. */
  share: number | null;
  dealIds: string[];
  unknownValueDealIds: string[];
}

export type ExposureRole = 'counterparty' | 'backer' | 'end-user';

/** The contracted backlog resting on one entity in one role, across the universe. */
export interface EntityExposure {
  role: ExposureRole;
  key: string;
  label: string;
  entity: string | null;
  /** Sum of the known values of its counted deals; null when none is known. */
  backlogUsd: number | null;
  /** Some of its counted deals have no disclosed value: the backlog is at least this. */
  lowerBound: boolean;
  dealIds: string[];
  unknownValueDealIds: string[];
  /** The guarantors backing these deals (labels). */
  backers: string[];
  /** The counterparties of these deals (labels). */
  counterparties: string[];
  /** The named end users of these deals. */
  endUsers: string[];
  miners: EntityMinerShare[];
  /** Backer rows: the sum of the disclosed backstop amounts (null when none is disclosed), and the deals whose backstop amount is not. */
  backstopUsd?: number | null;
  undisclosedBackstopDealIds?: string[];
  reason?: string;
}

/** One counterparty's share of a miner's backlog. */
export interface MinerCounterparty {
  key: string;
  label: string;
  entity: string | null;
  backlogUsd: number | null;
  /** Of the miner's known backlog; null when its value is unknown. */
  share: number | null;
  dealIds: string[];
  unknownValueDealIds: string[];
}

export interface Concentration {
  /** The counterparty with the largest known backlog (ties: the first by label). */
  largest: { key: string; label: string; entity: string | null; share: number } | null;
  /** Σ share² over the counterparties (each undisclosed one its own); 1 = a single counterparty. */
  hhi: number | null;
  reason?: string;
}

export interface MinerExposure {
  symbol: string;
  backlogUsd: number | null;
  lowerBound: boolean;
  dealIds: string[];
  unknownValueDealIds: string[];
  counterparties: MinerCounterparty[];
  concentration: Concentration;
  marketCap: Figure;
  backlogToMarketCap: Figure;
  pivotDebt: Figure;
  backlogToPivotDebt: Figure;
  pivotDebtToBacklog: Figure;
  notes: string[];
}

/** One backstop as the guarantor's list shows it. */
export interface BackstopItem {
  dealId: string;
  provider: string;
  counterparty: string;
  amountUsd: number | null;
  covers?: string;
  quote?: string;
  note?: string;
  /** Whether the deal counts as backlog. */
  backlog: boolean;
}

/** Per guarantor: what it backs, for whom, how much. */
export interface GuarantorBackstops {
  key: string;
  guarantor: string;
  /** Sum of the disclosed amounts; null when none is disclosed. */
  knownAmountUsd: number | null;
  /** Backstops of undisclosed amount. */
  undisclosed: BackstopItem[];
  items: BackstopItem[];
  counterparties: string[];
  miners: string[];
}

export interface ExposureModel {
  /** Every deal, resolved (counted or not). */
  deals: ResolvedDeal[];
  counterparties: EntityExposure[];
  /** By guarantor, then a `No backer` row for the counted deals without a backstop. */
  backers: EntityExposure[];
  endUsers: EntityExposure[];
  miners: MinerExposure[];
  backstops: GuarantorBackstops[];
  totals: { backlogUsd: number | null; lowerBound: boolean; dealIds: string[]; unknownValueDealIds: string[] };
  notes: string[];
}
