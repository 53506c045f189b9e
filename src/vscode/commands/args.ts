/**
 * What a command receives depends on where it ran: nothing from the palette, a tree node from a
 * view's menu, a string from a hover link or another extension. These turn each into what the
 * command needs, in one place.
 */
import { PositionNode } from '../portfolio/portfolioTree';
import { DealNode, TickerNode } from '../views/nodes';
import { AlertNode } from '../alerts/alertsTree';

/** A symbol from a ticker row (Miners, Watchlist) or a string; undefined otherwise (the command then asks). */
export function symbolOf(arg: unknown): string | undefined {
  if (arg instanceof TickerNode) return arg.entry.symbol;
  if (arg instanceof PositionNode) return arg.position.symbol;
  return typeof arg === 'string' ? arg : undefined;
}

/**
 * The symbols of a multi-selection: VS Code passes (clicked node, all selected nodes) from a
 * view menu; other callers pass an array of strings.
 */
export function symbolsOf(arg: unknown, all: unknown): string[] | undefined {
  if (Array.isArray(all)) return all.map(symbolOf).filter((s): s is string => !!s);
  if (Array.isArray(arg)) return arg.map(String);
  return undefined;
}

export function alertNodeOf(arg: unknown): AlertNode | undefined {
  return arg instanceof AlertNode ? arg : undefined;
}

export function dealNodeOf(arg: unknown): DealNode | undefined {
  return arg instanceof DealNode ? arg : undefined;
}

/** A scenario id or `custom:…` selection passed by a caller; undefined when the user must pick. */
export function stringOf(arg: unknown): string | undefined {
  return typeof arg === 'string' ? arg : undefined;
}
