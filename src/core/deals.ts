/**
 * The deal vocabulary: what an AI/HPC deal of a miner is, as the catalog records it and as the
 * pivot analysis, the alert rules and the panels read it. Pure: no VS Code, no Node-only APIs.
 * The catalog (src/catalog) adds its bookkeeping fields on top of {@link Deal}.
 */

/** `YYYY-MM-DD`, or `YYYY-MM` when only the month is known. */
export type PartialDate = string;

/** What a deal is. Only leases, colocation, cloud-services and JV hosting contracts are revenue backlog (see src/catalog/derived.ts). */
export type DealKind =
  'lease' | 'colocation' | 'cloud-services' | 'joint-venture' | 'acquisition' | 'development-plan' | 'letter-of-intent' | 'supply-agreement' | 'other';
export const DEAL_KINDS: readonly DealKind[] = [
  'lease',
  'colocation',
  'cloud-services',
  'joint-venture',
  'acquisition',
  'development-plan',
  'letter-of-intent',
  'supply-agreement',
  'other',
];

/** Where a deal stands. `conditional`: signed but not yet effective. `energized`: partly live. */
export type DealStage = 'planned' | 'loi' | 'conditional' | 'contracted' | 'energized' | 'operating' | 'closed' | 'terminated';
export const DEAL_STAGES: readonly DealStage[] = ['planned', 'loi', 'conditional', 'contracted', 'energized', 'operating', 'closed', 'terminated'];

/**
 * What a deal's `mw` measures: `critical-it` (the power the tenant's IT equipment may draw),
 * `gross` (utility, approved or generation power, cooling and losses included) or `unknown`.
 */
export type MwBasisKind = 'critical-it' | 'gross' | 'unknown';
export const MW_BASIS_KINDS: readonly MwBasisKind[] = ['critical-it', 'gross', 'unknown'];

/** Where a fact about a deal was published (the catalog's sources carry more). */
export interface DealSource {
  title: string;
  url: string;
}

/** A deal: the fields core reads. Unknown values are absent or `null`, never a guessed number. */
export interface Deal {
  id: string;
  name: string;
  kind: DealKind;
  /** Ticker of the company that provides the capacity (the lessor), when it is in the catalog; otherwise a name. */
  provider: string;
  counterparty?: string | null;
  valueUSD?: number | null;
  termYears?: number | null;
  mw?: number | null;
  /** What `mw` measures; null or absent when `mw` is null or the basis was not classified. */
  mwBasisKind?: MwBasisKind | null;
  announced?: PartialDate | null;
  /** Where the deal stands, in words. */
  status?: string | null;
  stage: DealStage;
  sources: readonly DealSource[];
}
