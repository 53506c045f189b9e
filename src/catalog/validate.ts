/**
 * Parsing and validation of catalog files (the shipped catalog and workspace override files).
 * Pure: works on text and parsed values; no VS Code, no file system.
 *
 * Rules (each problem names file, entry and field, with the offset of the offending text):
 * - The JSON schema (media/catalog/catalog.schema.json, checked by its Ajv validator precompiled
 *   into src/catalog/generated/): wrong type, negative
 *   value (`minimum: 0`), bad date (pattern), unknown enum value, missing key field → error;
 *   unknown field → warning (the field is ignored).
 * - Dates must also be real calendar dates (2025-02-30 is a bad date).
 * - Duplicate ticker / deal id within one file → error on the later entries.
 * - A NEW record (its key is not in `base`) needs: miners `name`, `pivotStatus`; deals `name`,
 *   `kind`, `provider`, `stage`; and at least one source (error). No `confidence` → warning, taken as low.
 * - An override of an existing record may omit everything but its key; it inherits the sources.
 *   A changed figure (contractedHpcMW, totalPowerCapacity, valueUSD, termYears, mw) without a
 *   source in the override → warning.
 * - A figure set to null without a note saying why → warning.
 * - A fleet fact (`fleet.efficiencyJTH`…) with a value but no source, or null without a note → warning.
 * - A deal's backstop whose `quote` is not in the deal's `counterpartyBacker` (the entry's, else the
 *   record's) → warning (the shipped catalog's build fails on it). `backstops` is a figure: changed
 *   in an override without a source → warning.
 * - A miner's dealIds must name deals of the merged catalog (base + this file's valid deals) → error.
 * An entry with an error is dropped; warnings keep it. The valid rest of the file is used.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import precompiled from './generated/catalogSchemaValidator';
// jsonc-parser's package `main` is a UMD build whose inner requires esbuild cannot follow (the bundle
// fails at run time with "Cannot find module './impl/format'"); its ESM build bundles cleanly. A
// relative path keeps it bundled in every build, the tests' included (they keep packages external).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { copyJson, JsonLocator, lineColumn } from '../core/jsonText';
import { scanJsonText, type JsonOutline } from '../core/jsonGuard';

export { lineColumn };
import schema from '../../media/catalog/catalog.schema.json';
import type { Catalog, CatalogDealEntry, CatalogFile, CatalogMinerEntry } from './types';

export interface CatalogProblem {
  file: string;
  /** Ticker or deal id, or `#3` (its index in its array) when the entry has none. */
  entry?: string;
  /** JSON path, like `deals[2].valueUSD`. */
  field?: string;
  message: string;
  severity: 'error' | 'warning';
  /** Position of the offending text in the file (when the text was given), for the Problems panel. */
  offset?: number;
  length?: number;
}

type PathSeg = string | number;

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * Parses JSON with comments (and trailing commas). Syntax errors come back as problems with
 * offsets, and no data. `outline` (from the limits scan) lets {@link validateCatalog} place
 * problems without parsing the whole text into a tree.
 */
export function parseCatalogText(text: string, file: string): { data?: unknown; outline?: JsonOutline; problems: CatalogProblem[] } {
  const scan = scanJsonText(text);
  if (scan.problems.length) return { problems: scan.problems.map((p) => ({ file, severity: 'error' as const, ...p })) };
  const outline = scan.outline;
  try {
    return { data: JSON.parse(text) as unknown, outline, problems: [] }; // plain JSON: the fast path
  } catch {
    // comments, trailing commas or a syntax error: the tolerant parser says which
  }
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, PARSE_OPTIONS);
  if (errors.length === 0) return { data, outline, problems: [] };
  return {
    problems: errors.map((e) => ({
      file,
      message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}; the file is not used`,
      severity: 'error' as const,
      offset: e.offset,
      length: Math.max(1, e.length),
    })),
  };
}

function describeParseError(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `['deals', 2, 'valueUSD']` -> `deals[2].valueUSD`. */
export function fieldPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/** `file:line:col: error: IREN deals[2].valueUSD: message` (line and column when the text is given). */
export function formatProblem(p: CatalogProblem, text?: string): string {
  let where = p.file;
  if (text !== undefined && p.offset !== undefined) {
    const { line, column } = lineColumn(text, p.offset);
    where += `:${line}:${column}`;
  }
  const subject = [p.entry, p.field].filter(Boolean).join(' ');
  return `${where}: ${p.severity}: ${subject ? `${subject}: ` : ''}${p.message}`;
}

// ---------------------------------------------------------------- schema

/** The catalog JSON schema, as shipped in media/catalog/catalog.schema.json. */
export const catalogSchema: object = schema;

function pointerToPath(pointer: string, data: unknown): PathSeg[] {
  if (!pointer) return [];
  const out: PathSeg[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return `a number (${v})`;
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  return `a ${typeof v} (${String(v)})`;
}

const article = (t: string) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`);

function schemaMessage(e: ErrorObject): string {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = String((e.params as { type: string }).type).split(',');
      return `wrong type: expected ${types.map(article).join(' or ')}, got ${typeName(e.data)}`;
    }
    case 'minimum':
    case 'exclusiveMinimum': {
      const limit = (e.params as { limit: number }).limit;
      return limit === 0 && typeof e.data === 'number' && e.data < 0
        ? `negative value: must be 0 or more, got ${e.data}`
        : `must be ${e.keyword === 'minimum' ? '≥' : '>'} ${limit}, got ${String(e.data)}`;
    }
    case 'pattern': {
      const msg = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `must match ${(e.params as { pattern: string }).pattern}`;
      return `${msg}; got ${JSON.stringify(e.data)}`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return `unknown value ${JSON.stringify(e.data)}: expected one of ${allowed.map(String).join(', ')}`;
    }
    case 'required':
      return `missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}" (ignored)`;
    case 'minItems':
      return (
        (e.instancePath.endsWith('/sources')
          ? 'missing source: list at least one source'
          : `must list at least ${(e.params as { limit: number }).limit} item(s)`) + ' (the list is empty)'
      );
    case 'minLength':
      return 'must not be empty';
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      return `duplicate items at positions ${j} and ${i}`;
    }
    default:
      return e.message ?? e.keyword;
  }
}

// ---------------------------------------------------------------- helpers

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

const clone = copyJson;

/** A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` string that names a real month / day; false for anything else. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  if (m[2] === undefined) return true;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

/** Paths of the date fields of an entry (relative to it), for the calendar check. */
function datePaths(entry: Record<string, unknown>): PathSeg[][] {
  const out: PathSeg[][] = [['asOf'], ['announced']];
  const each = (key: string, sub: (i: number) => PathSeg[][]) => {
    const arr = entry[key];
    if (Array.isArray(arr)) arr.forEach((_, i) => out.push(...sub(i)));
  };
  const sourceDates = (prefix: PathSeg[]): PathSeg[][] => {
    const list = getAt(entry, [...prefix, 'sources']);
    return Array.isArray(list) ? list.map((_, k) => [...prefix, 'sources', k, 'date']) : [];
  };
  out.push(...sourceDates([]));
  each('milestones', (i) => [['milestones', i, 'date']]);
  each('debtRaises', (i) => [['debtRaises', i, 'date'], ...sourceDates(['debtRaises', i])]);
  if (isObject(entry.fleet)) for (const f of Object.keys(entry.fleet)) out.push(...sourceDates(['fleet', f]));
  return out;
}

function getAt(v: unknown, path: readonly PathSeg[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function deleteAt(v: unknown, path: readonly PathSeg[], key: string): void {
  const parent = getAt(v, path);
  if (isObject(parent)) delete parent[key];
}

/** Figures whose change in an override should carry a source. */
const MINER_FIGURES = ['contractedHpcMW', 'totalPowerCapacity'] as const;
const DEAL_FIGURES = ['valueUSD', 'termYears', 'mw', 'backstops'] as const;
/** A figure set to null should say why in its note. */
const MINER_NULL_NOTES: Record<string, string> = { contractedHpcMW: 'contractedHpcMWNote', totalPowerCapacity: 'totalPowerCapacityNote' };
const DEAL_NULL_NOTES: Record<string, string> = { valueUSD: 'valueNote' };
const MINER_REQUIRED_NEW = ['name', 'pivotStatus'] as const;
const DEAL_REQUIRED_NEW = ['name', 'kind', 'provider', 'stage'] as const;

// ---------------------------------------------------------------- validation

type Collection = 'miners' | 'deals';

const NO_FIELDS: ReadonlySet<string | undefined> = new Set();

interface EntryCheck {
  index: number;
  key?: string;
  label: string;
  raw: unknown;
  problems: CatalogProblem[];
  hasError: boolean;
  /** Unknown fields to strip: [path inside the file, key]. */
  strip: Array<[PathSeg[], string]>;
}

/**
 * Validates a parsed catalog file. `base` is the catalog this file is merged over (the shipped one
 * for a workspace file; none for the shipped file itself): it decides which entries are new.
 * Invalid entries are dropped, the valid rest is returned (entries without unknown fields are the
 * parsed objects themselves, not copies: `mergeCatalogs` copies what it keeps).
 */
export function validateCatalog(
  data: unknown,
  file: string,
  text?: string,
  base?: Catalog,
  outline?: JsonOutline,
): { valid: Partial<CatalogFile>; problems: CatalogProblem[] } {
  const loc = new JsonLocator(text, outline);
  const problems: CatalogProblem[] = [];
  const at = (path: readonly PathSeg[]) => loc.value(path) ?? {};
  const valid: Partial<CatalogFile> = {};

  if (!isObject(data)) {
    problems.push({
      file,
      message: `wrong type: a catalog file is an object with "miners" and "deals" arrays, got ${typeName(data)}; the file is not used`,
      severity: 'error',
      ...at([]),
    });
    return { valid, problems };
  }

  // Precompiled at build time (Ajv standalone, scripts/build-schema-validator.mjs, allErrors and
  // verbose; a unit test checks it matches the schema): no schema is compiled at run time.
  const validate: ValidateFunction = precompiled;
  validate(data);
  const errors = dedupe(validate.errors ?? []);

  const entries: Record<Collection, EntryCheck[]> = { miners: [], deals: [] };
  const keyField: Record<Collection, string> = { miners: 'ticker', deals: 'id' };
  for (const coll of ['miners', 'deals'] as const) {
    const arr = data[coll];
    if (!Array.isArray(arr)) continue;
    entries[coll] = arr.map((raw, index) => {
      const k = isObject(raw) ? raw[keyField[coll]] : undefined;
      const key = typeof k === 'string' && k !== '' ? k : undefined;
      return { index, key, label: key ?? `#${index}`, raw, problems: [], hasError: false, strip: [] };
    });
  }

  const fileProblems: CatalogProblem[] = [];
  const badTopLevel = new Set<string>();
  for (const e of errors) {
    const path = pointerToPath(e.instancePath, data);
    const warning = e.keyword === 'additionalProperties';
    const coll = path[0];
    const severity = warning ? ('warning' as const) : ('error' as const);
    const fieldSegs = warning
      ? [...path, (e.params as { additionalProperty: string }).additionalProperty]
      : e.keyword === 'required'
        ? [...path, (e.params as { missingProperty: string }).missingProperty]
        : path;
    const pos = warning ? (loc.key(path, (e.params as { additionalProperty: string }).additionalProperty) ?? {}) : at(path);
    if ((coll === 'miners' || coll === 'deals') && typeof path[1] === 'number' && entries[coll][path[1]]) {
      const entry = entries[coll][path[1]]!;
      entry.problems.push({ file, entry: entry.label, field: fieldPath(fieldSegs), message: schemaMessage(e), severity, ...pos });
      if (warning) entry.strip.push([path, (e.params as { additionalProperty: string }).additionalProperty]);
      else entry.hasError = true;
    } else {
      fileProblems.push({
        file,
        field: fieldSegs.length ? fieldPath(fieldSegs) : undefined,
        message: schemaMessage(e) + (warning || path.length === 0 ? '' : '; ignored'),
        severity,
        ...pos,
      });
      if (!warning && typeof coll === 'string') badTopLevel.add(coll);
    }
  }
  problems.push(...fileProblems);

  // Top-level fields.
  if (typeof data.asOf === 'string' && !badTopLevel.has('asOf')) {
    if (isCalendarDate(data.asOf)) valid.asOf = data.asOf;
    else
      problems.push({
        file,
        field: 'asOf',
        message: `bad date: ${JSON.stringify(data.asOf)} is not a calendar date; ignored`,
        severity: 'error',
        ...at(['asOf']),
      });
  }
  for (const k of ['$schema', 'description'] as const) if (typeof data[k] === 'string') valid[k] = data[k] as string;
  if (Array.isArray(data.unconfirmed) && !badTopLevel.has('unconfirmed')) valid.unconfirmed = clone(data.unconfirmed as string[]);
  if (isObject(data.generatedFrom) && !badTopLevel.has('generatedFrom'))
    valid.generatedFrom = clone(data.generatedFrom) as unknown as CatalogFile['generatedFrom'];

  // Per-entry checks: calendar dates, duplicates, new-record requirements, sources, null notes.
  for (const coll of ['deals', 'miners'] as const) {
    const seen = new Map<string, number>();
    for (const entry of entries[coll]) {
      const { raw, index } = entry;
      if (!isObject(raw)) continue;
      const here = (...rest: PathSeg[]): PathSeg[] => [coll, index, ...rest];
      const add = (field: PathSeg[], message: string, severity: 'error' | 'warning', pos = at(field)) => {
        entry.problems.push({ file, entry: entry.label, field: fieldPath(field), message, severity, ...pos });
        if (severity === 'error') entry.hasError = true;
      };
      const erroredPaths = entry.problems.length ? new Set(entry.problems.filter((p) => p.severity === 'error').map((p) => p.field)) : NO_FIELDS;

      for (const rel of datePaths(raw)) {
        const v = getAt(raw, rel);
        const full = here(...rel);
        if (typeof v === 'string' && !erroredPaths.has(fieldPath(full)) && !isCalendarDate(v))
          add(full, `bad date: ${JSON.stringify(v)} is not a calendar date`, 'error');
      }

      if (entry.key === undefined) continue; // the schema already reported the missing key
      const first = seen.get(entry.key);
      if (first !== undefined) {
        add(
          here(keyField[coll]),
          `duplicate ${coll === 'miners' ? 'ticker' : 'deal id'} "${entry.key}": already defined by ${coll}[${first}] in this file`,
          'error',
        );
        continue;
      }
      seen.set(entry.key, index);

      const existing = coll === 'miners' ? base?.miner(entry.key) : base?.deal(entry.key);
      const what = coll === 'miners' ? 'miner' : 'deal';
      const keyPos = () => at(here(keyField[coll]));
      const hasSources = Array.isArray(raw.sources) && raw.sources.length > 0;
      if (!existing) {
        for (const f of coll === 'miners' ? MINER_REQUIRED_NEW : DEAL_REQUIRED_NEW) {
          if (raw[f] === undefined)
            add(
              here(f),
              `missing required field "${f}" (${entry.key} is a new ${what}: no ${what} with this ${keyField[coll]} in ${base ? 'the catalog it overrides' : 'the catalog'})`,
              'error',
              keyPos(),
            );
        }
        if (raw.sources === undefined) add(here('sources'), `missing source: a new ${what} needs at least one source`, 'error', keyPos());
        if (raw.confidence === undefined) add(here('confidence'), `no confidence given for a new ${what}; taken as "low"`, 'warning', keyPos());
      } else if (!hasSources) {
        const figures = coll === 'miners' ? MINER_FIGURES : DEAL_FIGURES;
        for (const f of figures) {
          if (raw[f] !== undefined && !erroredPaths.has(fieldPath(here(f))) && !deepEqual(raw[f], (existing as unknown as Record<string, unknown>)[f])) {
            add(here(f), `changed figure without a source: add "sources" to this entry to say where the new ${f} comes from`, 'warning');
          }
        }
      }
      if (coll === 'miners' && isObject(raw.fleet)) {
        for (const [f, fact] of Object.entries(raw.fleet)) {
          if (!isObject(fact) || erroredPaths.has(fieldPath(here('fleet', f, 'value')))) continue;
          const noSources = !Array.isArray(fact.sources) || fact.sources.length === 0;
          if (typeof fact.value === 'number' && noSources)
            add(
              here('fleet', f, 'sources'),
              `fleet fact with a value but no source: add "sources" saying where ${fact.value} comes from`,
              'warning',
              at(here('fleet', f)),
            );
          if (fact.value === null && !fact.note)
            add(here('fleet', f, 'value'), `fleet.${f} is null without a note: say why it is unknown in "note"`, 'warning');
        }
      }
      if (coll === 'deals' && Array.isArray(raw.backstops)) {
        const backer =
          raw.counterpartyBacker !== undefined
            ? raw.counterpartyBacker
            : existing
              ? (existing as { counterpartyBacker?: unknown }).counterpartyBacker
              : undefined;
        raw.backstops.forEach((b, k) => {
          if (!isObject(b) || typeof b.quote !== 'string' || b.quote === '') return;
          if (typeof backer !== 'string' || !backer.includes(b.quote))
            add(
              here('backstops', k, 'quote'),
              typeof backer === 'string'
                ? `backstop quote is not in the deal's counterpartyBacker ${JSON.stringify(backer.length > 80 ? backer.slice(0, 80) + '…' : backer)}: quote the words the backstop rests on`
                : 'backstop quote, but the deal has no counterpartyBacker text to quote: set counterpartyBacker too',
              'warning',
            );
        });
      }
      const nullNotes = coll === 'miners' ? MINER_NULL_NOTES : DEAL_NULL_NOTES;
      for (const [f, note] of Object.entries(nullNotes)) {
        const baseNote = existing ? (existing as unknown as Record<string, unknown>)[note] : undefined;
        if (raw[f] === null && !raw[note] && !baseNote) add(here(f), `${f} is null without a note: say why it is unknown in "${note}"`, 'warning');
      }
    }
  }

  // The valid deals, then the miners' deal ids against base + those deals.
  const keptDeals = keep(entries.deals);
  const knownDeals = new Set<string>([...(base?.deals.map((d) => d.id) ?? []), ...keptDeals.map((d) => d.id)]);
  const droppedDeals = new Set(entries.deals.filter((e) => e.hasError && e.key).map((e) => e.key!));
  for (const entry of entries.miners) {
    if (!isObject(entry.raw) || !Array.isArray(entry.raw.dealIds)) continue;
    entry.raw.dealIds.forEach((id, k) => {
      if (typeof id !== 'string' || knownDeals.has(id)) return;
      const field: PathSeg[] = ['miners', entry.index, 'dealIds', k];
      const why = droppedDeals.has(id)
        ? `deal "${id}" of this file is invalid (see its problems)`
        : `no deal "${id}" in ${base ? 'the catalog or this file' : 'this catalog'}`;
      entry.problems.push({ file, entry: entry.label, field: fieldPath(field), message: `unknown deal id: ${why}`, severity: 'error', ...at(field) });
      entry.hasError = true;
    });
  }
  const keptMiners = keep(entries.miners);
  // An absent array is an empty one; one of the wrong type was reported above.
  if (!badTopLevel.has('miners')) valid.miners = keptMiners as CatalogMinerEntry[];
  if (!badTopLevel.has('deals')) valid.deals = keptDeals as CatalogDealEntry[];

  for (const coll of ['miners', 'deals'] as const) {
    for (const entry of entries[coll]) {
      if (entry.hasError) {
        for (const p of entry.problems) if (p.severity === 'error') p.message += ' — this entry is not used';
      }
      problems.push(...entry.problems);
    }
  }
  if (text !== undefined) problems.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity));
  return { valid, problems };

  function keep(list: EntryCheck[]): Array<Record<string, unknown> & { id: string; ticker: string }> {
    const out: Array<Record<string, unknown> & { id: string; ticker: string }> = [];
    for (const entry of list) {
      if (entry.hasError || !isObject(entry.raw)) continue;
      // The merge copies what it keeps; only an entry with fields to strip is copied here.
      if (entry.strip.length === 0) {
        out.push(entry.raw as Record<string, unknown> & { id: string; ticker: string });
        continue;
      }
      const copy = clone(entry.raw);
      // Strip unknown fields, deepest first (paths are relative to the file).
      for (const [path, key] of [...entry.strip].sort((a, b) => b[0].length - a[0].length)) deleteAt(copy, path.slice(2), key);
      out.push(copy as Record<string, unknown> & { id: string; ticker: string });
    }
    return out;
  }
}

/** Drops schema errors that repeat a type error at the same place (an enum or pattern on a value of the wrong type). */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword !== 'type' && typed.has(e.instancePath)) return false;
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
