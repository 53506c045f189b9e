/**
 * Validation of alert rules: one rule (the guided QuickPick, a stored rule) or a workspace file
 * `.hashpivot/alerts.json` (`{ "rules": [ ... ] }`, JSON with comments). Pure: text and values in,
 * rules and problems out.
 *
 * - Every problem names its field: `value: price must be > 0`, `symbol: FOO is not a known symbol`.
 * - A rule with any problem is rejected whole: never a half-made rule.
 * - In a file, each bad entry is skipped with its problems (entry index and id, field, offset in
 *   the text); the other entries are kept. Malformed JSON: one problem per syntax error, no rules.
 * - Ids are unique within a file; a later duplicate is rejected.
 *
 * Inputs: numbers as JSON numbers; fraction fields (`pct`, `depth`, `above` of a volatility or a
 * concentration rule, and a portfolio rule's `value` in unit `fraction`) also as a percent string
 * (`"15%"`); a counterparty rule's `above` is USD (a JSON number; typed in the QuickPick also as
 * `$10B`, `500M`). Symbols are normalised (`$iren` -> `IREN`, `^NDX` -> `NDX`). Defaults: `enabled`
 * true, `window` 30 (volatility) or 90 (correlation, beta), `direction` either, a portfolio rule's
 * `unit` (`fraction` for a drawdown, else `usd`), and a missing `id` is derived from the rule's
 * condition (`iren-drawdown-1a2b3c4d`, `portfolio-var-1a2b3c4d`, `counterparty-fluidstack-1a2b3c4d`),
 * so it stays the same while the rule does. Optional condition fields ({@link OPTIONAL_FIELDS}: a
 * counterparty rule's `counterparty`) may be left out.
 *
 * A counterparty rule's company is only checked to be a name here: whether the catalog knows it
 * is the evaluation's business (an error state listing the known names), since the catalog it is
 * evaluated on may be another one (a workspace catalog loaded later, `--catalog`).
 *
 * The JSON Schema of the file (media/alerts/alerts.schema.json) says the same per kind: fields,
 * required ones, enums and ranges (test/unit/alerts-schema.test.ts holds them together).
 */
import { parse, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { guardJsonText } from '../jsonGuard';
import { lineColumn, locateInJson as locate } from '../jsonText';
import { normaliseSymbol } from '../universe';
import { ALERT_BENCHMARKS, ALERT_KINDS, PORTFOLIO_MEASURES, PORTFOLIO_UNITS, ruleSymbol, type AlertKind, type AlertRule } from './types';

export interface RuleContext {
  /** A symbol with market data (the universe, the snapshot, the watchlist). Given normalised. */
  isKnownSymbol(symbol: string): boolean;
  /** A company of the catalog (a miner, or the provider of a deal). Given normalised. */
  isCatalogCompany(symbol: string): boolean;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** A problem of a rules file: file, entry (`#2` or its id), field, and where in the text. */
export interface RuleFileProblem {
  file: string;
  /** Index of the entry in `rules` (absent for problems of the whole file). */
  index?: number;
  /** The entry's id when it has one, else `#index`. */
  entry?: string;
  field?: string;
  message: string;
  offset?: number;
  length?: number;
}

export const WORKSPACE_ALERTS_PATH = '.hashpivot/alerts.json';

export const MIN_WINDOW = 5;
export const MAX_WINDOW = 365;
export const MAX_CHANGE_DAYS = 365;

/** The fields every rule may have, besides its kind's condition fields. */
export const COMMON_FIELDS = ['id', 'kind', 'name', 'enabled', 'snoozedUntil', 'createdAt', 'note'] as const;

/** Largest USD amount a portfolio rule takes (beyond it: a typing mistake). */
export const MAX_PORTFOLIO_USD = 1e12;
/** Largest backlog a counterparty rule takes (the whole universe's is under $100B). */
export const MAX_BACKLOG_USD = 1e12;

/** The condition fields of each kind, in the order they are asked for and checked. */
export const KIND_FIELDS: Readonly<Record<AlertKind, readonly string[]>> = {
  price: ['symbol', 'op', 'value'],
  change: ['symbol', 'days', 'op', 'pct'],
  drawdown: ['symbol', 'depth'],
  volatility: ['symbol', 'window', 'above'],
  correlation: ['symbol', 'benchmark', 'window', 'op', 'value'],
  beta: ['symbol', 'benchmark', 'window', 'crossing', 'direction'],
  deal: ['symbol'],
  portfolio: ['measure', 'unit', 'value'],
  concentration: ['symbol', 'above'],
  counterparty: ['counterparty', 'above'],
};

/** Condition fields that may be left out (no default: absent means "every one"). */
export const OPTIONAL_FIELDS: Readonly<Partial<Record<AlertKind, readonly string[]>>> = {
  counterparty: ['counterparty'],
};

/** True when a rule of `kind` may leave `field` out. */
export function isOptionalField(kind: AlertKind, field: string): boolean {
  return OPTIONAL_FIELDS[kind]?.includes(field) ?? false;
}

/** Defaults of condition fields (a function: the default depends on the fields checked before it). */
const DEFAULTS: Partial<Record<AlertKind, Record<string, unknown | ((rule: Record<string, unknown>) => unknown)>>> = {
  volatility: { window: 30 },
  correlation: { window: 90 },
  beta: { window: 90, direction: 'either' },
  portfolio: { unit: (rule: Record<string, unknown>) => portfolioUnitFor(rule.measure) },
};

/** The default of a condition field, given the fields checked so far; undefined when it has none (it is required). */
export function fieldDefault(kind: AlertKind, field: string, rule: Record<string, unknown> = {}): unknown {
  const d = DEFAULTS[kind]?.[field];
  return typeof d === 'function' ? (d as (r: Record<string, unknown>) => unknown)(rule) : d;
}

/** A portfolio rule's unit when none is given: a drawdown is a fraction, the value and VaR are USD. */
function portfolioUnitFor(measure: unknown): 'usd' | 'fraction' {
  return measure === 'drawdown' ? 'fraction' : 'usd';
}

/** What each field wants, for "missing" messages and QuickPick prompts. */
const WANTS: Record<string, string> = {
  symbol: 'the ticker, e.g. IREN or BTC',
  op: 'above or below',
  value: 'the level to compare with',
  days: 'whole calendar days from 1 to 365',
  pct: 'a fraction, 0.15 or "15%"',
  depth: 'a fraction in (0, 1), 0.3 or "30%" for deeper than −30%',
  window: `whole calendar days from ${MIN_WINDOW} to ${MAX_WINDOW}`,
  above: 'an annualized volatility as a fraction, 0.9 or "90%"',
  benchmark: 'BTC or NDX',
  crossing: 'the beta level, e.g. 1.5',
  direction: 'up, down or either',
  measure: 'value, drawdown or var',
  unit: 'usd or fraction',
};

/** What a field wants in a rule of one kind, where it differs from {@link WANTS}. */
const KIND_WANTS: Partial<Record<AlertKind, Record<string, string>>> = {
  concentration: {
    symbol: 'a company of the catalog, e.g. WULF',
    above: 'the largest counterparty\'s share of the backlog as a fraction in (0, 1), 0.6 or "60%"',
  },
  counterparty: { above: "the counterparty's contracted backlog in USD, e.g. 10000000000 or 1e10 for $10B" },
};

const wants = (kind: AlertKind, field: string) => KIND_WANTS[kind]?.[field] ?? WANTS[field];

export type FieldCheck = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };
const ok = (value: unknown): FieldCheck => ({ value });
const bad = (problem: string): FieldCheck => ({ problem });

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** A finite JSON number; for fraction fields also `"15%"` (-> 0.15). */
function numberOf(v: unknown, fraction: boolean): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (fraction && typeof v === 'string') {
    const m = /^\s*([+\-−]?\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m) return Number(m[1]!.replace('−', '-')) / 100;
  }
  return undefined;
}

const pctOf = (v: number) => `${Number((v * 100).toFixed(4))}%`;

function wholeDays(v: unknown, min: number, max: number): FieldCheck {
  const n = numberOf(v, false);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) return bad(`must be a whole number of days from ${min} to ${max}, got ${typeName(v)}`);
  return ok(n);
}

function oneOf(v: unknown, allowed: readonly string[]): FieldCheck {
  if (typeof v !== 'string' || !allowed.includes(v.trim().toLowerCase()))
    return bad(`must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got ${typeName(v)}`);
  return ok(v.trim().toLowerCase());
}

const isTimestamp = (v: string) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && Number.isFinite(Date.parse(v));

/**
 * Checks one field of a rule of `kind`. `rule` holds the fields already checked (op, symbol…),
 * for the checks that depend on them. Returns the normalised value or a message without the field
 * name (for an InputBox's validateInput).
 */
export function checkRuleField(kind: AlertKind, field: string, raw: unknown, ctx?: RuleContext, rule: Record<string, unknown> = {}): FieldCheck {
  switch (field) {
    case 'id':
      if (typeof raw !== 'string' || !/^[A-Za-z0-9][\w.:-]{0,79}$/.test(raw))
        return bad(`must be 1 to 80 letters, digits, "-", "_", ".", ":" starting with a letter or digit, got ${typeName(raw)}`);
      return ok(raw);
    case 'name':
    case 'note':
      if (typeof raw !== 'string') return bad(`must be text, got ${typeName(raw)}`);
      return ok(raw.trim() || undefined);
    case 'enabled':
      if (typeof raw !== 'boolean') return bad(`must be true or false, got ${typeName(raw)}`);
      return ok(raw);
    case 'snoozedUntil':
    case 'createdAt':
      if (raw === null) return ok(undefined);
      if (typeof raw !== 'string' || !isTimestamp(raw)) return bad(`must be an ISO date or timestamp like 2026-01-31T18:00:00Z, got ${typeName(raw)}`);
      return ok(new Date(raw).toISOString());
    case 'symbol': {
      if (kind === 'portfolio') break;
      if (typeof raw !== 'string' || !raw.trim()) return bad(`must be a ticker such as IREN, got ${typeName(raw)}`);
      const s = normaliseSymbol(raw);
      if (!/^[A-Z0-9^][A-Z0-9.\-^=/]{0,19}$/.test(s)) return bad(`"${raw}" is not a ticker`);
      if (kind === 'deal' || kind === 'concentration') {
        if (ctx && !ctx.isCatalogCompany(s)) return bad(`${s} is not a company of the catalog`);
      } else if (ctx && !ctx.isKnownSymbol(s)) return bad(`${s} is not a known symbol`);
      return ok(s);
    }
    case 'counterparty': {
      if (kind !== 'counterparty') break;
      if (typeof raw !== 'string' || !raw.trim())
        return bad(`must be a company's name such as Fluidstack or AWS (leave it out to watch every counterparty), got ${typeName(raw)}`);
      const name = raw.trim().replace(/\s+/g, ' ');
      if (name.length > 100) return bad(`must be a company's name of at most 100 characters, got ${name.length}`);
      if (name === '*') return bad('leave the field out to watch every counterparty ("*" is not a name)');
      return ok(name);
    }
    case 'benchmark': {
      if (typeof raw !== 'string') return bad(`must be BTC or NDX, got ${typeName(raw)}`);
      const b = normaliseSymbol(raw);
      if (!(ALERT_BENCHMARKS as readonly string[]).includes(b)) return bad(`must be BTC or NDX, got ${typeName(raw)}`);
      if (rule.symbol === b) return bad(`${b} cannot be compared with itself`);
      return ok(b);
    }
    case 'op':
      return oneOf(raw, kind === 'change' ? ['above', 'below', 'beyond'] : ['above', 'below']);
    case 'direction':
      return oneOf(raw, ['up', 'down', 'either']);
    case 'days':
      return wholeDays(raw, 1, MAX_CHANGE_DAYS);
    case 'window':
      return wholeDays(raw, MIN_WINDOW, MAX_WINDOW);
    case 'value': {
      if (kind === 'portfolio') return portfolioValue(raw, rule);
      const n = numberOf(raw, false);
      if (kind === 'price') {
        if (n === undefined || n <= 0) return bad(`price must be > 0, got ${typeName(raw)}`);
        return ok(n);
      }
      if (n === undefined || n < -1 || n > 1) return bad(`correlation value must lie in [-1, 1], got ${typeName(raw)}`);
      if (rule.op === 'above' && n === 1) return bad('correlation can never be above 1');
      if (rule.op === 'below' && n === -1) return bad('correlation can never be below −1');
      return ok(n);
    }
    case 'pct': {
      const n = numberOf(raw, true);
      if (n === undefined) return bad(`must be a number: a fraction (0.15) or a percent string ("15%"), got ${typeName(raw)}`);
      if (rule.op === 'beyond' && n <= 0) return bad(`must be > 0 for "beyond" (the change beyond ±pct), got ${pctOf(n)}`);
      if (n <= -1) return bad(`a change cannot fall ${rule.op === 'below' ? 'below' : 'to or below'} −100%, got ${pctOf(n)}`);
      if (n > 10) return bad(`must be a fraction (0.15 for 15%) up to 10 (+1000%), got ${n}; did you mean ${pctOf(n / 100)}?`);
      return ok(n);
    }
    case 'depth': {
      const n = numberOf(raw, true);
      if (n === undefined || n <= 0 || n >= 1) {
        const hint = n !== undefined && n > 1 && n < 100 ? `; did you mean ${pctOf(n / 100)} (${n / 100})?` : '';
        return bad(`drawdown depth must be in (0, 1), 0.3 for deeper than −30%, got ${typeName(raw)}${hint}`);
      }
      return ok(n);
    }
    case 'above': {
      if (kind === 'concentration') return concentrationShare(raw);
      if (kind === 'counterparty') {
        const n = numberOf(raw, false);
        const hint = typeof raw === 'string' ? ' (a JSON number: 1e10 for $10B)' : '';
        if (n === undefined || n <= 0 || n > MAX_BACKLOG_USD) return bad(`must be a backlog in USD above 0 (up to 1e12), got ${typeName(raw)}${hint}`);
        return ok(n);
      }
      const n = numberOf(raw, true);
      if (n === undefined || n <= 0) return bad(`volatility must be above 0, got ${typeName(raw)}`);
      if (n > 10) return bad(`volatility is a fraction (0.9 for 90% a year) up to 10, got ${n}; did you mean ${pctOf(n / 100)}?`);
      return ok(n);
    }
    case 'crossing': {
      const n = numberOf(raw, false);
      if (n === undefined || Math.abs(n) > 20) return bad(`beta must be a number from −20 to 20, got ${typeName(raw)}`);
      return ok(n);
    }
    case 'measure':
      if (kind !== 'portfolio') break;
      return oneOf(raw, PORTFOLIO_MEASURES);
    case 'unit': {
      if (kind !== 'portfolio') break;
      const u = oneOf(raw, PORTFOLIO_UNITS);
      if (u.problem !== undefined) return u;
      if (rule.measure === 'value' && u.value !== 'usd') return bad(`the portfolio's value is in USD: unit must be usd, got ${typeName(raw)}`);
      if (rule.measure === 'drawdown' && u.value !== 'fraction')
        return bad(`a drawdown is a fraction of the peak: unit must be fraction, got ${typeName(raw)}`);
      return u;
    }
    case 'kind':
      if (typeof raw !== 'string' || !(ALERT_KINDS as readonly string[]).includes(raw))
        return bad(`must be one of ${ALERT_KINDS.join(', ')}, got ${typeName(raw)}`);
      return ok(raw);
  }
  return bad(unknownField(kind));
}

/** The problem of a field a rule of `kind` does not have (a misspelling, or another kind's field). */
function unknownField(kind: AlertKind): string {
  return `unknown field for a ${kind} rule (its fields: ${[...KIND_FIELDS[kind], ...COMMON_FIELDS.filter((f) => f !== 'kind')].join(', ')})`;
}

/** A concentration rule's threshold: a share in (0, 1); 1 is refused, since a share is never above 100%. */
function concentrationShare(raw: unknown): FieldCheck {
  const n = numberOf(raw, true);
  if (n !== undefined && n === 1) return bad('a share of the backlog can never be above 100%: use a level below it, e.g. 0.99 or "99%"');
  if (n === undefined || n <= 0 || n > 1) {
    const hint = n !== undefined && n > 1 && n < 100 ? `; did you mean ${pctOf(n / 100)} (${n / 100})?` : '';
    return bad(`the largest counterparty's share must be in (0, 1), 0.6 for above 60% of the backlog, got ${typeName(raw)}${hint}`);
  }
  return ok(n);
}

/** A portfolio rule's threshold: USD > 0, or a fraction in (0, 1) (drawdown depth, VaR share of the value). */
function portfolioValue(raw: unknown, rule: Record<string, unknown>): FieldCheck {
  const unit = rule.unit ?? portfolioUnitFor(rule.measure);
  if (unit === 'usd') {
    const n = numberOf(raw, false);
    const hint = typeof raw === 'string' && /%/.test(raw) && rule.measure === 'var' ? ' (for a share of the value, set "unit": "fraction")' : '';
    if (n === undefined || n <= 0 || n > MAX_PORTFOLIO_USD) return bad(`must be an amount of USD above 0 (up to 1e12), got ${typeName(raw)}${hint}`);
    return ok(n);
  }
  const n = numberOf(raw, true);
  if (n === undefined || n <= 0 || n >= 1) {
    const hint = n !== undefined && n > 1 && n < 100 ? `; did you mean ${pctOf(n / 100)} (${n / 100})?` : '';
    const what = rule.measure === 'drawdown' ? 'drawdown depth' : 'VaR as a fraction of the value';
    const eg = rule.measure === 'drawdown' ? '0.2 for deeper than −20%' : '0.05 for 5% of the value';
    return bad(`${what} must be in (0, 1), ${eg}, got ${typeName(raw)}${hint}`);
  }
  return ok(n);
}

const NUMERIC_FIELDS = new Set(['value', 'days', 'window', 'crossing']);
const FRACTION_FIELDS = new Set(['pct', 'depth', 'above']);

/**
 * Checks what a user typed for a field (the QuickPick's InputBox): numbers as text, fractions as
 * `15%` or `0.15`. Returns the typed value, or a message for `validateInput`.
 */
export function parseRuleFieldInput(kind: AlertKind, field: string, text: string, ctx?: RuleContext, rule: Record<string, unknown> = {}): FieldCheck {
  let raw: unknown = text;
  let t = text.trim().replace(/^\+/, '').replace('−', '-').replace(/,/g, '');
  // A counterparty rule's backlog: `10000000000`, `1e10`, `$10B`, `500M`, `2.5 bn`.
  if (kind === 'counterparty' && field === 'above') {
    const usd = usdInput(t);
    return Number.isNaN(usd) ? bad('type an amount of USD: 10B, 500M, $2.5bn or 1e10') : checkRuleField(kind, field, usd, ctx, rule);
  }
  // A portfolio rule's value is USD (`12000`, `$12,000`) or, in unit fraction, a fraction (`5%`, `0.05`).
  const portfolio = kind === 'portfolio' && field === 'value';
  const fraction = portfolio ? (rule.unit ?? portfolioUnitFor(rule.measure)) === 'fraction' : FRACTION_FIELDS.has(field);
  if (portfolio && !fraction) t = t.replace(/^\$/, '').replace(/\s*usd$/i, '');
  if (fraction) raw = t.endsWith('%') ? t : t === '' ? NaN : Number(t);
  else if (NUMERIC_FIELDS.has(field)) raw = t === '' ? NaN : Number(t);
  if (typeof raw === 'number' && Number.isNaN(raw)) return bad(`type a number${fraction ? ' (15% or 0.15)' : ''}`);
  return checkRuleField(kind, field, raw, ctx, rule);
}

const USD_SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, bn: 1e9, b: 1e9, t: 1e12, tn: 1e12 };

/** Typed USD: `$10B`, `500m`, `2.5 bn`, `1e10`, `12000 USD` (commas already dropped); NaN when it is none. */
function usdInput(t: string): number {
  const m = /^\$?\s*([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(k|mm|m|bn|b|tn|t)?\s*(?:usd)?$/i.exec(t.replace(/^usd\s*/i, ''));
  if (!m) return NaN;
  return Number(m[1]) * (m[2] ? USD_SUFFIX[m[2].toLowerCase()]! : 1);
}

/** FNV-1a, 32 bits, as 8 hex digits: short stable ids. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The rule's condition as canonical JSON (kind, symbol, then its fields in order): equal conditions, equal keys. */
export function ruleKey(rule: AlertRule): string {
  const r = rule as unknown as Record<string, unknown>;
  return JSON.stringify([rule.kind, ...KIND_FIELDS[rule.kind].map((f) => r[f] ?? null)]);
}

/** An id derived from the condition, `iren-drawdown-1a2b3c4d` (for rules written without one). */
export function deriveRuleId(rule: AlertRule): string {
  if (rule.kind === 'portfolio') return `portfolio-${rule.measure}-${shortHash(ruleKey(rule))}`;
  if (rule.kind === 'counterparty')
    return `counterparty-${
      (rule.counterparty ?? 'any')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 40) || 'any'
    }-${shortHash(ruleKey(rule))}`;
  return `${ruleSymbol(rule)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}-${rule.kind}-${shortHash(ruleKey(rule))}`;
}

/** Like {@link validateRule}, with each problem as `{ field, message }`. */
export function checkRule(input: unknown, ctx?: RuleContext): { rule?: AlertRule; problems: FieldProblem[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { problems: [{ field: 'rule', message: `must be an object with a "kind", got ${typeName(input)}` }] };
  const obj = input as Record<string, unknown>;
  if (obj.kind === undefined) return { problems: [{ field: 'kind', message: `missing: one of ${ALERT_KINDS.join(', ')}` }] };
  const k = checkRuleField('price', 'kind', obj.kind);
  if (k.problem !== undefined) return { problems: [{ field: 'kind', message: k.problem }] };
  const kind = k.value as AlertKind;

  const problems: FieldProblem[] = [];
  const out: Record<string, unknown> = { kind };
  const known = new Set<string>([...COMMON_FIELDS, ...KIND_FIELDS[kind]]);
  for (const f of Object.keys(obj)) if (!known.has(f)) problems.push({ field: f, message: unknownField(kind) });

  for (const f of KIND_FIELDS[kind]) {
    const raw = obj[f] ?? fieldDefault(kind, f, out);
    if (raw === undefined) {
      if (!isOptionalField(kind, f)) problems.push({ field: f, message: `missing: ${wants(kind, f)}` });
      continue;
    }
    const c = checkRuleField(kind, f, raw, ctx, out);
    if (c.problem !== undefined) problems.push({ field: f, message: c.problem });
    else out[f] = c.value;
  }
  for (const f of ['name', 'enabled', 'snoozedUntil', 'createdAt', 'note', 'id'] as const) {
    if (obj[f] === undefined) continue;
    const c = checkRuleField(kind, f, obj[f]);
    if (c.problem !== undefined) problems.push({ field: f, message: c.problem });
    else if (c.value !== undefined) out[f] = c.value;
  }
  if (problems.length) return { problems };
  out.enabled ??= true;
  const rule = out as unknown as AlertRule;
  rule.id ??= deriveRuleId(rule);
  // Fixed key order: common fields first, then the condition.
  const ordered: Record<string, unknown> = {};
  for (const f of ['id', 'kind', 'name', 'enabled', 'snoozedUntil', 'createdAt', 'note', ...KIND_FIELDS[kind]]) if (out[f] !== undefined) ordered[f] = out[f];
  return { rule: ordered as unknown as AlertRule, problems: [] };
}

/**
 * Validates one rule. Problems read `field: message`; `rule` is set only when there is none.
 * Without `ctx`, symbols are not checked against the known ones.
 */
export function validateRule(input: unknown, ctx?: RuleContext): { rule?: AlertRule; problems: string[] } {
  const r = checkRule(input, ctx);
  return { rule: r.rule, problems: r.problems.map((p) => `${p.field}: ${p.message}`) };
}

// ---------------------------------------------------------------- files

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Parses a rules file (`{ "rules": [ ... ] }`, comments and trailing commas allowed). Returns its
 * valid rules, in file order, and a problem for each bad entry field; bad entries are skipped.
 */
export function parseRulesFile(text: string, file: string, ctx?: RuleContext): { rules: AlertRule[]; problems: RuleFileProblem[] } {
  const unsafe = guardJsonText(text);
  if (unsafe.length) return { rules: [], problems: unsafe.map((p) => ({ file, ...p })) };
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, PARSE_OPTIONS);
  if (errors.length) {
    return {
      rules: [],
      problems: errors.map((e) => ({
        file,
        message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}; no rule of this file is used`,
        offset: e.offset,
        length: Math.max(1, e.length),
      })),
    };
  }
  let tree: JsonNode | undefined | null = null;
  const root = () => (tree === null ? (tree = parseTree(text, [], PARSE_OPTIONS)) : tree);

  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Array.isArray((data as Record<string, unknown>).rules)) {
    return {
      rules: [],
      problems: [
        { file, field: 'rules', message: 'the file must be an object with a "rules" array: { "rules": [ { "kind": "price", … } ] }', ...locate(root(), []) },
      ],
    };
  }
  const problems: RuleFileProblem[] = [];
  for (const key of Object.keys(data)) {
    if (key !== 'rules' && key !== '$schema' && key !== 'description')
      problems.push({
        file,
        field: key,
        message: 'unknown top-level field (the file has "rules", and optionally "$schema" and "description")',
        ...locate(root(), [], key),
      });
  }
  const entries = (data as { rules: unknown[] }).rules;
  const rules: AlertRule[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const rawId =
      entry !== null && typeof entry === 'object' && typeof (entry as Record<string, unknown>).id === 'string'
        ? ((entry as Record<string, unknown>).id as string)
        : undefined;
    const name = rawId ?? `#${index}`;
    const r = checkRule(entry, ctx);
    for (const p of r.problems) {
      const isObj = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
      const given = isObj && p.field in (entry as object);
      const pos = !given
        ? locate(root(), ['rules', index])
        : p.message.startsWith('unknown field')
          ? locate(root(), ['rules', index], p.field)
          : locate(root(), ['rules', index, p.field]);
      const field = p.field === 'rule' ? `rules[${index}]` : `rules[${index}].${p.field}`;
      problems.push({ file, index, entry: name, field, message: p.message, ...pos });
    }
    if (!r.rule) return;
    const first = seen.get(r.rule.id);
    if (first !== undefined) {
      const why =
        rawId === undefined
          ? `the same condition as rules[${first}] (its derived id is "${r.rule.id}")`
          : `duplicate id "${r.rule.id}" (first used by rules[${first}])`;
      problems.push({
        file,
        index,
        entry: name,
        field: `rules[${index}].id`,
        message: `${why}; this entry is not used`,
        ...locate(root(), ['rules', index, rawId === undefined ? 'kind' : 'id']),
      });
      return;
    }
    seen.set(r.rule.id, index);
    rules.push(r.rule);
  });
  return { rules, problems };
}

/** `file:line:col: error: iren-dd rules[0].depth: message` (line and column when the text is given). */
export function formatRuleProblem(p: RuleFileProblem, text?: string): string {
  let where = p.file;
  if (text !== undefined && p.offset !== undefined) {
    const { line, column } = lineColumn(text, p.offset);
    where += `:${line}:${column}`;
  }
  const subject = [p.entry, p.field].filter(Boolean).join(' ');
  return `${where}: error: ${subject ? `${subject}: ` : ''}${p.message}`;
}

/** The text of a rules file holding `rules` (what the UI writes when it saves a workspace file). */
export function serializeRulesFile(rules: readonly AlertRule[]): string {
  return JSON.stringify({ rules }, null, 2) + '\n';
}
