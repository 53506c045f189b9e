/**
 * The watchlist (`hashpivot.watchlist`) as a list of tickers: reading it, checking a ticker to
 * add, and adding, removing and moving one. Every operation takes the list as the setting holds
 * it and returns a new one, keeping the other entries exactly as the user wrote them (`$iren`
 * stays `$iren`). Pure.
 */
import { formatPercent, formatPrice, MINUS } from '../shared/format';
import { normaliseSymbol } from './universe';

/** A ticker as the watchlist takes it, after {@link normaliseSymbol} (the setting's pattern without `$` and lower case). */
export const WATCH_SYMBOL = /^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/;

/** The tickers of the setting's value, normalised, without blanks, non-strings or repeats, in order. */
export function watchlistSymbols(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const x of raw) {
    if (typeof x !== 'string' || !x.trim()) continue;
    const s = normaliseSymbol(x);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** Why `input` cannot be added to `list`, or undefined when it can (the InputBox's validation). */
export function watchSymbolProblem(input: string, list: readonly unknown[]): string | undefined {
  if (!input.trim()) return 'Type a ticker, such as NVDA, MSTR or ETH.';
  const sym = normaliseSymbol(input);
  if (!WATCH_SYMBOL.test(sym))
    return `"${input.trim().slice(0, 20)}" is not a ticker: up to 15 letters, digits and . ^ = / - (such as NVDA, BRK-B, ^GSPC or ETH).`;
  if (watchlistSymbols(list).includes(sym)) return `${sym} is already on the watchlist.`;
  return undefined;
}

/** Index of the first entry that names `symbol` (any spelling), or -1. */
function indexOf(list: readonly unknown[], symbol: string): number {
  const sym = normaliseSymbol(symbol);
  return list.findIndex((x) => typeof x === 'string' && x.trim() !== '' && normaliseSymbol(x) === sym);
}

/** The list with `symbol` added at the end; undefined when it is there already or not a ticker. */
export function addWatchSymbol(list: readonly unknown[], symbol: string): unknown[] | undefined {
  if (watchSymbolProblem(symbol, list)) return undefined;
  return [...list, normaliseSymbol(symbol)];
}

/** The list without any entry naming `symbol`; undefined when none does. */
export function removeWatchSymbol(list: readonly unknown[], symbol: string): unknown[] | undefined {
  const sym = normaliseSymbol(symbol);
  const next = list.filter((x) => !(typeof x === 'string' && x.trim() !== '' && normaliseSymbol(x) === sym));
  return next.length === list.length ? undefined : next;
}

/**
 * The list with `symbol` swapped with its neighbour as the view shows them (`by` -1: up, +1:
 * down); undefined when it is not there or already first (last). Only the two entries move.
 */
export function moveWatchSymbol(list: readonly unknown[], symbol: string, by: -1 | 1): unknown[] | undefined {
  const shown = watchlistSymbols(list);
  const at = shown.indexOf(normaliseSymbol(symbol));
  const other = shown[at + by];
  if (at < 0 || other === undefined) return undefined;
  const i = indexOf(list, shown[at]!);
  const j = indexOf(list, other);
  const next = [...list];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** Where a write must go so that it is seen and nothing is lost: where the setting is defined now. */
export function watchlistScope(inspected: { workspaceValue?: unknown } | undefined): 'workspace' | 'global' {
  return inspected?.workspaceValue !== undefined ? 'workspace' : 'global';
}

/** The day's change as an amount, from the close and the 1-day change (`0.03` = +3%). */
export function dayChangeAmount(close: number, change1d: number): number {
  return close - close / (1 + change1d);
}

/** A signed price change: `+1.20`, `−0.45`, `0.00`. */
export function formatPriceChange(v: number): string {
  if (!Number.isFinite(v)) return formatPrice(v);
  const text = formatPrice(Math.abs(v));
  return `${Number(text.replace(/,/g, '')) === 0 ? '' : v > 0 ? '+' : MINUS}${text}`;
}

/** A watchlist row's description: `$41.12  +1.20 (+3.0%)  · snapshot of 2026-05-29`. */
export function watchRowDescription(close: number, change1d: number, dataLabel: string): string {
  const day = Number.isFinite(change1d) ? `${formatPriceChange(dayChangeAmount(close, change1d))} (${formatPercent(change1d)})` : 'no day change';
  return `$${formatPrice(close)}  ${day}  · ${dataLabel}`;
}
