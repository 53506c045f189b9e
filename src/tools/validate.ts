/**
 * A tool's input checked against its schema (the validators precompiled from
 * src/tools/definitions.ts by scripts/build-tool-validators.mjs), with the problems worded for a
 * person or a model: `symbols: at most 8 items, got 20`, `unknown property "foo" (expected: …)`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { toolDefinition, type JsonSchema, type ToolName } from './definitions';
import * as validators from './generated/toolInputValidators';

/** What a value at a path must look like, for the pattern errors. */
const PATTERN_HINTS: Record<string, string> = {
  symbols: 'a ticker such as IREN, BTC or NDX (letters, digits, . = -)',
  weights: 'a ticker such as IREN (letters, digits, . = -)',
  shocks: 'a factor: BTC, NDX, AI or a ticker',
  company: 'a ticker such as IREN, or a deal id such as iren-microsoft-2025',
  asOf: 'a date YYYY-MM-DD',
  from: 'a date YYYY-MM-DD',
  to: 'a date YYYY-MM-DD',
};

/** `/symbols/3` -> `symbols[3]`, `/weights/IREN` -> `weights.IREN`; '' -> `the input`. */
function pathText(pointer: string): string {
  if (pointer === '') return 'the input';
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The top-level property a pointer is under (`/symbols/3` -> `symbols`). */
const topOf = (pointer: string) => pointer.split('/')[1] ?? '';

function describe(e: ErrorObject, data: unknown, schema: JsonSchema): string {
  const at = pathText(e.instancePath);
  const v = valueAt(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = e.instancePath === '' ? Object.keys((schema.properties as object | undefined) ?? {}) : [];
      return `${e.instancePath === '' ? '' : `${at}: `}unknown property "${String(p.additionalProperty)}"${known.length ? ` (expected: ${known.join(', ')})` : ''}`;
    }
    case 'required':
      return `"${String(p.missingProperty)}" is required`;
    case 'type':
      return `${at} must be ${p.type === 'integer' ? 'a whole number' : `${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}`}, got ${typeName(v)}`;
    case 'maxItems':
      return `${at}: at most ${String(p.limit)} items, got ${Array.isArray(v) ? v.length : '?'}`;
    case 'minItems':
      return `${at}: at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}, got ${Array.isArray(v) ? v.length : '?'}`;
    case 'maxProperties':
      return `${at}: at most ${String(p.limit)} entries, got ${v && typeof v === 'object' ? Object.keys(v).length : '?'}`;
    case 'minProperties':
      return `${at}: at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    case 'pattern':
      return `${at} must be ${PATTERN_HINTS[topOf(e.instancePath)] ?? `a string matching ${String(p.pattern)}`}, got ${shown(v)}`;
    case 'propertyNames':
      return `${at}: ${shown(p.propertyName)} is not ${PATTERN_HINTS[topOf(e.instancePath)] ?? 'an allowed name'}`;
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((x) => String(x)).join(', ')}; got ${shown(v)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'above', exclusiveMaximum: 'below' }[e.keyword];
      return `${at} must be ${words} ${String(p.limit)}, got ${shown(v)}`;
    }
    case 'minLength':
    case 'maxLength':
      return `${at} must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters long, got ${shown(v)}`;
    default:
      return `${at} ${e.message ?? 'is not valid'}`;
  }
}

/** How many problems a message lists; the rest are counted. */
const MAX_LISTED = 3;

/** The input checked against the tool's schema: undefined when it is valid, else what is wrong in words. */
export function schemaProblems(name: ToolName, input: unknown): string | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return `the input must be a JSON object, got ${typeName(input)}`;
  const validate = (validators as Record<ToolName, ValidateFunction>)[name];
  if (validate(input)) return undefined;
  const schema = toolDefinition(name)!.inputSchema;
  // propertyNames reports the name's own pattern error too (on the same path): keep one.
  const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined));
  const messages = [...new Set(errors.map((e) => describe(e, input, schema)))];
  const more = messages.length - MAX_LISTED;
  return messages.slice(0, MAX_LISTED).join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}
