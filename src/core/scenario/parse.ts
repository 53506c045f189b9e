/**
 * Parsers for the text forms users type (CLI flags, input boxes): weights
 * `IREN=0.5,CORZ=0.3,WULF=0.2` and shocks `BTC=-0.3,NDX=-20%`. Symbols are normalised
 * (`$iren` -> `IREN`, `^NDX` -> `NDX`); a value may end in `%`. Malformed input throws an
 * {@link AnalyticsError} that names the bad entry.
 */
import { normaliseSymbol } from '../universe';
import { AnalyticsError } from '../pivot/factors';
import type { Weight } from './portfolio';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;

function parseNumber(raw: string, what: string): number {
  const t = raw.trim();
  if (!NUMBER.test(t)) throw new AnalyticsError(`${what}: "${raw}" is not a number`);
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (!Number.isFinite(v)) throw new AnalyticsError(`${what}: "${raw}" is not a finite number`);
  return v;
}

function pairs(text: string, what: string, example: string): Array<[string, string]> {
  const parts = text.split(',').map((p) => p.trim());
  if (text.trim() === '' || parts.some((p) => p === ''))
    throw new AnalyticsError(`${what} must be SYMBOL=VALUE pairs separated by commas, e.g. ${example}; got "${text}"`);
  return parts.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new AnalyticsError(`${what}: "${p}" is not SYMBOL=VALUE (e.g. ${example})`);
    return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
  });
}

/** `IREN=0.5,CORZ=0.3` -> weights (not yet normalised; duplicates rejected). */
export function parseWeights(text: string): Weight[] {
  const seen = new Set<string>();
  return pairs(text, 'weights', 'IREN=0.5,CORZ=0.3,WULF=0.2').map(([k, v]) => {
    const symbol = normaliseSymbol(k);
    if (!/^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/.test(symbol)) throw new AnalyticsError(`weights: "${k}" is not a symbol`);
    if (seen.has(symbol)) throw new AnalyticsError(`weights: ${symbol} is given twice`);
    seen.add(symbol);
    return { symbol, weight: parseNumber(v, `weight of ${symbol}`) };
  });
}

/** `BTC=-0.3,NDX=-20%` -> factor -> move (fractions). */
export function parseShocks(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of pairs(text, 'shocks', 'BTC=-0.3,NDX=-0.2,AI=-0.35')) {
    const id = k.trim().toUpperCase() === 'AI' ? 'AI' : normaliseSymbol(k);
    if (!/^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/.test(id)) throw new AnalyticsError(`shocks: "${k}" is not a factor`);
    if (id in out) throw new AnalyticsError(`shocks: ${id} is given twice`);
    const move = parseNumber(v, `shock of ${id}`);
    if (move < -1) throw new AnalyticsError(`shock of ${id}: ${v} is below -100%`);
    if (move === -1) throw new AnalyticsError(`shock of ${id}: ${v} is -100%; a shock must be above -100% (in the log-return model a price never reaches 0)`);
    out[id] = move;
  }
  return out;
}
