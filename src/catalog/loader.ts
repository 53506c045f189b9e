/**
 * Loading and merging catalogs: the shipped catalog, then a workspace override file over it.
 * Pure except `readCatalogFile`, the one function that touches the file system.
 *
 * Merge rules (an override entry is matched by ticker / deal id):
 * - A new entry is appended (miners and deals keep file order: shipped first, then added ones).
 *   Defaults: `exchanges` and `dealIds` empty, `confidence` low (the validator warns).
 * - An entry for an existing record replaces each field it gives, wholesale (arrays such as
 *   `dealIds`, `debtRaises`, `milestones` or `backstops` are replaced, not appended). `null` sets a value to
 *   unknown. Fields it does not give are kept. `fleet` is merged one level down: each fact it
 *   gives (`fleet.efficiencyJTH`…) replaces that fact whole, with its own sources; the miner's
 *   other facts are kept; `origin` names the facts (`fleet.efficiencyJTH`).
 * - `sources`: the override's sources come first, then the record's own (duplicates dropped), so
 *   a record never loses its sources.
 * - `asOf`: the entry's own, else the newest of the record's asOf, the override's source dates and
 *   the override file's asOf.
 * - `origin` lists which file set which fields.
 */
import { readFileSync } from 'node:fs';
import {
  Catalog,
  type CatalogDeal,
  type CatalogDealEntry,
  type CatalogFile,
  type CatalogMiner,
  type CatalogMinerEntry,
  type PartialDate,
  type RecordOrigin,
  type Source,
} from './types';
import { parseCatalogText, validateCatalog, type CatalogProblem } from './validate';
import { copyJson } from '../core/jsonText';

export interface LoadedCatalog {
  catalog: Catalog;
  problems: CatalogProblem[];
  /** Files merged, in order (a file with a syntax error is not merged). */
  sources: string[];
}

const MONTH_OR_DAY = /^\d{4}-\d{2}(-\d{2})?$/;

/** The newest `YYYY-MM(-DD)` date (bare years are too coarse for an as-of date). */
function newest(dates: ReadonlyArray<string | null | undefined>): PartialDate | undefined {
  const ds = dates.filter((d): d is string => typeof d === 'string' && MONTH_OR_DAY.test(d)).sort();
  return ds.at(-1);
}

function sourceDates(entry: { sources?: Source[]; debtRaises?: Array<{ sources?: Source[] }> | null }): Array<string | null | undefined> {
  return [...(entry.sources ?? []), ...(entry.debtRaises ?? []).flatMap((d) => d.sources ?? [])].map((s) => s.date);
}

const sameSource = (a: Source, b: Source) => a.url === b.url && a.title === b.title;
const clone = copyJson;

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o))
    if ((o as Record<string, unknown>)[k] === undefined) return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return o;
}

/**
 * A new record: `defaults`, then the entry's fields (not `origin`), then `fill`ed fields the entry
 * lacks. A copy of the entry, or, with `adopt`, the entry object itself completed in place (no
 * copy of a 100,000-deal file; only for entries nobody else holds, as {@link loadCatalog}'s).
 */
function newRecord<R>(entry: object, defaults: Record<string, unknown>, fill: Record<string, unknown>, file: string | undefined, adopt: boolean): R {
  const source = entry as Record<string, unknown>;
  const fields: string[] = [];
  let out: Record<string, unknown>;
  if (adopt) {
    out = source;
    for (const k of Object.keys(source)) {
      if (k === 'origin') continue;
      fields.push(k);
      if (source[k] === undefined) delete source[k];
    }
    delete source.origin;
    for (const k of Object.keys(defaults)) if (out[k] === undefined) out[k] = defaults[k];
  } else {
    out = { ...defaults };
    for (const k of Object.keys(source)) {
      if (k === 'origin') continue;
      fields.push(k);
      const v = source[k];
      if (v !== undefined) out[k] = copyJson(v);
    }
  }
  for (const k of Object.keys(fill)) if (out[k] === undefined && fill[k] !== undefined) out[k] = fill[k];
  if (file) out.origin = [{ file, fields }];
  return out as R;
}

function mergeRecord<R extends { sources: Source[]; asOf?: PartialDate; origin?: RecordOrigin[] }>(
  existing: R,
  entry: Partial<R>,
  key: string,
  fileAsOf: PartialDate | undefined,
  file: string | undefined,
): R {
  const out: Record<string, unknown> = { ...existing };
  const fields: string[] = [];
  for (const [k, v] of Object.entries(entry)) {
    if (k === key || k === 'origin' || v === undefined) continue;
    if (k === 'fleet' && v !== null && typeof v === 'object') {
      // Fleet facts merge fact by fact: each fact given replaces that fact whole, the others are kept.
      const given = Object.keys(v).filter((f) => (v as Record<string, unknown>)[f] !== undefined);
      fields.push(...given.map((f) => `fleet.${f}`));
      out.fleet = { ...((existing as { fleet?: object }).fleet ?? {}), ...clone(v) };
      continue;
    }
    fields.push(k);
    if (k === 'sources' || k === 'asOf') continue;
    out[k] = clone(v);
  }
  const given = entry.sources ?? [];
  out.sources = [...clone(given), ...existing.sources.filter((s) => !given.some((g) => sameSource(g, s)))];
  out.asOf = entry.asOf ?? newest([existing.asOf, ...sourceDates(entry as { sources?: Source[] }), fileAsOf]) ?? existing.asOf;
  if (file) out.origin = [...(existing.origin ?? []), { file, fields }];
  return withoutUndefined(out) as R;
}

/** A new record from a validated entry (the validator requires name, pivotStatus / kind, provider, stage; the defaults only keep the types whole). */
function newMiner(entry: CatalogMinerEntry, fileAsOf: PartialDate | undefined, file: string | undefined, adopt: boolean): CatalogMiner {
  return newRecord<CatalogMiner>(
    entry,
    { exchanges: [], dealIds: [], confidence: 'low', sources: [] },
    { name: entry.ticker, pivotStatus: 'none', asOf: entry.asOf ?? newest(sourceDates(entry)) ?? fileAsOf },
    file,
    adopt,
  );
}

function newDeal(entry: CatalogDealEntry, fileAsOf: PartialDate | undefined, file: string | undefined, adopt: boolean): CatalogDeal {
  return newRecord<CatalogDeal>(
    entry,
    { confidence: 'low', sources: [] },
    { name: entry.id, kind: 'other', provider: '', stage: 'planned', asOf: entry.asOf ?? newest(sourceDates(entry)) ?? fileAsOf },
    file,
    adopt,
  );
}

/**
 * Merges an override file's valid entries over a catalog (see the rules at the top of this file).
 * `override` is what {@link validateCatalog} returns as `valid`; `file` is recorded in each
 * touched record's `origin`. The base catalog is not changed; the override's entries are copied,
 * unless `adopt` (the caller parsed them and holds them nowhere else): then new records are the
 * entry objects themselves.
 */
export function mergeCatalogs(base: Catalog, override: Partial<CatalogFile>, file?: string, adopt = false): Catalog {
  const fileAsOf = override.asOf;
  const miners = [...base.miners];
  const minerAt = new Map(miners.map((m, i) => [m.ticker, i]));
  for (const entry of override.miners ?? []) {
    const i = minerAt.get(entry.ticker);
    if (i !== undefined) miners[i] = mergeRecord(miners[i]!, entry as Partial<CatalogMiner>, 'ticker', fileAsOf, file);
    else minerAt.set(entry.ticker, miners.push(newMiner(entry, fileAsOf, file, adopt)) - 1);
  }
  const deals = [...base.deals];
  const dealAt = new Map(deals.map((d, i) => [d.id, i]));
  for (const entry of override.deals ?? []) {
    const i = dealAt.get(entry.id);
    if (i !== undefined) deals[i] = mergeRecord(deals[i]!, entry as Partial<CatalogDeal>, 'id', fileAsOf, file);
    else dealAt.set(entry.id, deals.push(newDeal(entry, fileAsOf, file, adopt)) - 1);
  }
  return new Catalog(miners, deals, {
    asOf: newest([base.asOf, fileAsOf]),
    unconfirmed: [...base.unconfirmed, ...(override.unconfirmed ?? [])],
  });
}

/**
 * Loads the shipped catalog and, if given, an override file over it. Never throws on bad content:
 * syntax errors make a file unused, invalid entries are dropped, and all of it comes back as
 * problems (file, entry, field, offset).
 */
export function loadCatalog(shipped: { text: string; file: string }, override?: { text: string; file: string }): LoadedCatalog {
  const problems: CatalogProblem[] = [];
  const sources: string[] = [];
  let catalog = Catalog.empty();
  for (const [input, base] of [
    [shipped, undefined],
    [override, true],
  ] as const) {
    if (!input) continue;
    const parsed = parseCatalogText(input.text, input.file);
    problems.push(...parsed.problems);
    if (parsed.data === undefined) continue;
    const { valid, problems: found } = validateCatalog(parsed.data, input.file, input.text, base ? catalog : undefined, parsed.outline);
    problems.push(...found);
    catalog = mergeCatalogs(catalog, valid, input.file, true); // parsed here, held nowhere else
    sources.push(input.file);
  }
  return { catalog, problems, sources };
}

/** Reads a catalog file for {@link loadCatalog} (the only file-system access of the catalog code). */
export function readCatalogFile(path: string): { text: string; file: string } {
  return { text: readFileSync(path, 'utf8'), file: path };
}
