/**
 * Holdings: what a user owns, from `.hashpivot/portfolio.json` (or the same shape kept in user
 * state), checked entry by entry. Pure: text in, holdings and problems out.
 *
 * ```json
 * { "positions": [ { "symbol": "IREN", "quantity": 100, "costBasis": 30 },
 *                  { "symbol": "BTC", "quantity": 0.5, "costBasis": 60000 } ],
 *   "cash": 1000 }
 * ```
 * - `quantity`: units held; negative for a short. Not zero.
 * - `costBasis`: USD per unit (what was paid, or received for a short). Optional: without it,
 *   the position's P&L is unknown (null, with that reason), its value and risk are not.
 * - `lots` (optional): `[{ "date": "2025-03-03", "quantity": 50, "price": 28.1 }]`. Without a
 *   `quantity`, the position's quantity is the lots' sum; without a `costBasis`, the lots'
 *   quantity-weighted price. Every lot has the position's sign; a quantity that disagrees with
 *   the lots' sum is an error.
 * - `cash`: USD, optional (0); negative is a margin loan.
 * An entry with an error is left out and named (file, entry, field); the valid rest is used.
 */
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { scanJsonText } from '../jsonGuard';
import { JsonLocator } from '../jsonText';
import { dayNumber } from '../calendar';
import type { IsoDate } from '../types';

export const WORKSPACE_PORTFOLIO_PATH = '.hashpivot/portfolio.json';
/** More positions than anyone keeps by hand; a file above it is refused whole. */
export const MAX_POSITIONS = 2000;
const MAX_LOTS = 1000;
/** Quantities and prices beyond this are typing mistakes, not holdings. */
const MAX_MAGNITUDE = 1e12;
const SYMBOL_RE = /^[A-Z0-9][A-Z0-9.^=-]{0,14}$/;

export interface Lot {
  date: IsoDate;
  quantity: number;
  /** USD per unit. */
  price: number;
}

export interface Position {
  /** Upper-case Hashpivot symbol (`IREN`, `BTC`, `NDX`). */
  symbol: string;
  /** Units; negative for a short. */
  quantity: number;
  /** USD per unit, when known. */
  costBasis?: number;
  lots?: Lot[];
  /** The user's note. */
  note?: string;
}

export interface Holdings {
  positions: Position[];
  /** USD; negative for a margin loan. */
  cash: number;
}

export interface HoldingsProblem {
  /** The position's symbol, or `#3` when it has none. */
  entry?: string;
  /** JSON path, like `positions[2].quantity`. */
  field?: string;
  message: string;
  severity: 'error' | 'warning';
  offset?: number;
  length?: number;
}

export interface HoldingsContext {
  /** Whether a symbol has market data (universe, watchlist, catalog); an unknown one is a warning, not an error. */
  isKnownSymbol?: (symbol: string) => boolean;
}

const TOP_LEVEL = new Set(['$schema', 'description', 'positions', 'cash']);
const POSITION_FIELDS = new Set(['symbol', 'quantity', 'costBasis', 'lots', 'note']);
const LOT_FIELDS = new Set(['date', 'quantity', 'price']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** Normalises a symbol as typed (`$iren`, ` IREN `) to `IREN`, or undefined when it is not one. */
export function normaliseSymbol(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().replace(/^\$/, '').toUpperCase();
  return SYMBOL_RE.test(s) ? s : undefined;
}

/** Checks one position (a parsed entry); the position when it is usable, and its problems (paths relative to it). */
export function checkPosition(
  raw: unknown,
  ctx: HoldingsContext = {},
): { position?: Position; problems: Array<{ field?: string; message: string; severity: 'error' | 'warning' }> } {
  const problems: Array<{ field?: string; message: string; severity: 'error' | 'warning' }> = [];
  const error = (field: string | undefined, message: string) => problems.push({ field, message, severity: 'error' });
  const warn = (field: string | undefined, message: string) => problems.push({ field, message, severity: 'warning' });
  if (!isObject(raw)) {
    error(undefined, `a position is an object like { "symbol": "IREN", "quantity": 100, "costBasis": 30 }, got ${describe(raw)}`);
    return { problems };
  }
  for (const k of Object.keys(raw))
    if (!POSITION_FIELDS.has(k)) warn(k, `unknown field "${k}" (ignored; a position has symbol, quantity, costBasis, lots, note)`);
  const symbol = normaliseSymbol(raw.symbol);
  if (raw.symbol === undefined) error('symbol', 'missing "symbol"');
  else if (!symbol) error('symbol', `not a symbol: ${describe(raw.symbol)} (letters, digits and . ^ = -, up to 15)`);
  else if (ctx.isKnownSymbol && !ctx.isKnownSymbol(symbol))
    warn('symbol', `${symbol} is not in the universe, the watchlist or the catalog: it has no market data until it is added to the watchlist`);

  let lots: Lot[] | undefined;
  if (raw.lots !== undefined) {
    if (!Array.isArray(raw.lots)) error('lots', `"lots" is a list of { "date", "quantity", "price" }, got ${describe(raw.lots)}`);
    else if (raw.lots.length > MAX_LOTS) error('lots', `${raw.lots.length} lots, more than ${MAX_LOTS}`);
    else {
      lots = [];
      raw.lots.forEach((lot, i) => {
        const at = `lots[${i}]`;
        if (!isObject(lot)) return error(at, `a lot is an object { "date", "quantity", "price" }, got ${describe(lot)}`);
        for (const k of Object.keys(lot)) if (!LOT_FIELDS.has(k)) warn(`${at}.${k}`, `unknown field "${k}" (ignored)`);
        let ok = true;
        if (typeof lot.date !== 'string' || !isIsoDay(lot.date)) {
          error(`${at}.date`, `not a date: ${describe(lot.date)} (YYYY-MM-DD)`);
          ok = false;
        }
        if (!finite(lot.quantity) || lot.quantity === 0 || Math.abs(lot.quantity) > MAX_MAGNITUDE) {
          error(`${at}.quantity`, `a lot's quantity is a non-zero number, got ${describe(lot.quantity)}`);
          ok = false;
        }
        if (!finite(lot.price) || lot.price <= 0 || lot.price > MAX_MAGNITUDE) {
          error(`${at}.price`, `a lot's price is a positive number of USD per unit, got ${describe(lot.price)}`);
          ok = false;
        }
        if (ok) lots!.push({ date: lot.date as string, quantity: lot.quantity as number, price: lot.price as number });
      });
      if (lots.length && lots.some((l) => Math.sign(l.quantity) !== Math.sign(lots![0]!.quantity)))
        error('lots', 'lots mix bought and sold (short) quantities: one position is either long or short; record a sale by lowering the lots');
    }
  }
  const lotSum = lots?.reduce((s, l) => s + l.quantity, 0);

  let quantity: number | undefined;
  if (raw.quantity === undefined) {
    if (lotSum === undefined) error('quantity', 'missing "quantity" (units held; negative for a short), or give "lots"');
    else quantity = lotSum;
  } else if (!finite(raw.quantity) || raw.quantity === 0 || Math.abs(raw.quantity) > MAX_MAGNITUDE)
    error('quantity', `the quantity is a non-zero number of units (negative for a short), got ${describe(raw.quantity)}`);
  else {
    quantity = raw.quantity;
    if (lotSum !== undefined && lots!.length && Math.abs(lotSum - quantity) > 1e-9 * Math.max(1, Math.abs(quantity)))
      error('quantity', `the quantity ${quantity} disagrees with its lots, which add up to ${lotSum}`);
  }

  let costBasis: number | undefined;
  if (raw.costBasis !== undefined && raw.costBasis !== null) {
    if (!finite(raw.costBasis) || raw.costBasis < 0 || raw.costBasis > MAX_MAGNITUDE)
      error('costBasis', `the cost basis is USD per unit, 0 or more, got ${describe(raw.costBasis)}`);
    else costBasis = raw.costBasis;
  } else if (lots && lots.length) {
    const units = lots.reduce((s, l) => s + Math.abs(l.quantity), 0);
    costBasis = lots.reduce((s, l) => s + Math.abs(l.quantity) * l.price, 0) / units;
  }
  if (raw.note !== undefined && typeof raw.note !== 'string') warn('note', `a note is text, got ${describe(raw.note)} (ignored)`);

  if (problems.some((p) => p.severity === 'error') || !symbol || quantity === undefined) return { problems };
  const position: Position = { symbol, quantity };
  if (costBasis !== undefined) position.costBasis = costBasis;
  if (lots && lots.length) position.lots = lots;
  if (typeof raw.note === 'string') position.note = raw.note.slice(0, 500);
  return { position, problems };
}

function isIsoDay(s: string): boolean {
  try {
    dayNumber(s);
    return true;
  } catch {
    return false;
  }
}

/** Checks a parsed holdings value (the file's content or the user-state copy). */
export function checkHoldings(
  data: unknown,
  ctx: HoldingsContext = {},
  text?: string,
  locator?: JsonLocator,
): { holdings: Holdings; problems: HoldingsProblem[] } {
  const problems: HoldingsProblem[] = [];
  const loc = locator ?? new JsonLocator(text);
  const at = (path: Array<string | number>, key?: string) => (key === undefined ? loc.value(path) : loc.key(path, key)) ?? {};
  const holdings: Holdings = { positions: [], cash: 0 };
  if (!isObject(data)) {
    problems.push({ message: `a holdings file is an object { "positions": [...], "cash": 0 }, got ${describe(data)}`, severity: 'error', ...at([]) });
    return { holdings, problems };
  }
  for (const k of Object.keys(data))
    if (!TOP_LEVEL.has(k))
      problems.push({ field: k, message: `unknown field "${k}" (ignored; the file has "positions" and "cash")`, severity: 'warning', ...at([], k) });
  if (data.cash !== undefined) {
    if (!finite(data.cash) || Math.abs(data.cash) > MAX_MAGNITUDE)
      problems.push({
        field: 'cash',
        message: `cash is a number of USD (negative for a margin loan), got ${describe(data.cash)}; taken as 0`,
        severity: 'error',
        ...at(['cash']),
      });
    else holdings.cash = data.cash;
  }
  const list = data.positions;
  if (list === undefined) return { holdings, problems };
  if (!Array.isArray(list)) {
    problems.push({ field: 'positions', message: `"positions" is a list, got ${describe(list)}`, severity: 'error', ...at(['positions']) });
    return { holdings, problems };
  }
  if (list.length > MAX_POSITIONS) {
    problems.push({
      field: 'positions',
      message: `${list.length} positions, more than ${MAX_POSITIONS}; the file is not used`,
      severity: 'error',
      ...at(['positions']),
    });
    return { holdings, problems };
  }
  const seen = new Map<string, number>();
  list.forEach((raw, i) => {
    const { position, problems: found } = checkPosition(raw, ctx);
    const label = position?.symbol ?? normaliseSymbol(isObject(raw) ? raw.symbol : undefined) ?? `#${i}`;
    let dropped = !position;
    if (position) {
      const first = seen.get(position.symbol);
      if (first !== undefined) {
        found.push({
          field: 'symbol',
          message: `${position.symbol} is listed twice (positions[${first}] and here): combine them, or give lots`,
          severity: 'error',
        });
        dropped = true;
      } else seen.set(position.symbol, i);
    }
    for (const p of found) {
      const segs = p.field === undefined ? [] : fieldSegments(p.field);
      const unknown = p.severity === 'warning' && p.message.startsWith('unknown field');
      const pos = unknown ? at(['positions', i, ...segs.slice(0, -1)], String(segs.at(-1))) : at(['positions', i, ...segs]);
      problems.push({
        entry: label,
        field: `positions[${i}]${p.field === undefined ? '' : `.${p.field}`}`,
        message: p.severity === 'error' && dropped ? `${p.message} — this position is not used` : p.message,
        severity: p.severity,
        ...pos,
      });
    }
    if (position && !dropped) holdings.positions.push(position);
  });
  if (text !== undefined) problems.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity));
  return { holdings, problems };
}

/** `lots[2].price` → `['lots', 2, 'price']`. */
function fieldSegments(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Parses and checks a holdings file's text (JSON with comments); never throws on bad content. */
export function parseHoldingsText(text: string, ctx: HoldingsContext = {}): { holdings: Holdings; problems: HoldingsProblem[] } {
  const empty: Holdings = { positions: [], cash: 0 };
  const scan = scanJsonText(text, { maxChars: 4 * 1024 * 1024, maxDepth: 16 });
  if (scan.problems.length) return { holdings: empty, problems: scan.problems.map((p) => ({ severity: 'error' as const, ...p })) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    data = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    if (errors.length)
      return {
        holdings: empty,
        problems: errors.map((e) => ({
          message: `JSON syntax error: ${printParseErrorCode(e.error)
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase()}; the file is not used`,
          severity: 'error' as const,
          offset: e.offset,
          length: Math.max(1, e.length),
        })),
      };
  }
  return checkHoldings(data, ctx, text, new JsonLocator(text, scan.outline));
}

/** The holdings as a file's text (what "add position" and friends write back). */
export function serializeHoldings(h: Holdings): string {
  return JSON.stringify({ positions: h.positions, cash: h.cash }, null, 2) + '\n';
}

/**
 * A holdings file's text with one value set (`value` undefined removes it; `insert` adds it to
 * the array at that index), the rest of the text — comments included — left as it was.
 */
export function editHoldingsText(text: string, path: Array<string | number>, value: unknown, insert = false): string {
  const base = text.trim() === '' ? '{ "positions": [] }' : text;
  return applyEdits(base, modify(base, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' }, isArrayInsertion: insert }));
}
