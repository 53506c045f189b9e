/** What identifies a chart panel and survives a reload: its kind, symbols, range and scenario. */
import type { Basis, PanelKind, RangeKey } from '../../shared/protocol';
import { isBasis, isRange } from '../../shared/protocol';

export const VIEW_TYPES: Record<PanelKind, string> = {
  dashboard: 'hashpivot.dashboard',
  ticker: 'hashpivot.ticker',
  compare: 'hashpivot.compare',
  scenario: 'hashpivot.scenario',
  economics: 'hashpivot.economics',
  flows: 'hashpivot.flows',
};

export interface PanelState {
  kind: PanelKind;
  symbols: string[];
  range: RangeKey;
  /** Scenario panel: a scenario id, or `custom:BTC=-0.3,NDX=-0.2`. */
  scenario?: string;
  /** Dashboard and scenario panel: the universe (default) or the holdings. */
  basis?: Basis;
  /** Scenario panel: the counterparty, backer or end user whose default the card shows. */
  counterparty?: string;
}

/** One panel per key: a ticker panel per symbol, a compare panel per symbol list, one of each other kind. */
export function panelKey(s: PanelState): string {
  return s.kind === 'ticker' ? `ticker:${s.symbols[0]}` : s.kind === 'compare' ? `compare:${s.symbols.join(',')}` : s.kind;
}

export function panelTitle(s: PanelState): string {
  if (s.kind === 'dashboard') return 'Hashpivot Dashboard';
  if (s.kind === 'scenario') return 'Hashpivot Stress Scenarios';
  if (s.kind === 'economics') return 'Hashpivot Economics';
  if (s.kind === 'flows') return 'Hashpivot Capital Flows';
  if (s.kind === 'ticker') return `${s.symbols[0]} · Hashpivot`;
  return `Compare ${s.symbols.join(', ')}`;
}

/** The state a webview kept (untrusted: it comes back from the webview), checked field by field. */
export function reviveState(kind: PanelKind, state: unknown): PanelState {
  const s = (state && typeof state === 'object' ? state : {}) as Record<string, unknown>;
  const symbols = Array.isArray(s.symbols) ? s.symbols.filter((x): x is string => typeof x === 'string' && /^[A-Z0-9^.=-]{1,20}$/.test(x)) : [];
  const scenario = typeof s.scenario === 'string' && s.scenario.length <= 200 ? s.scenario : undefined;
  const basis = (kind === 'dashboard' || kind === 'scenario') && isBasis(s.basis) ? s.basis : undefined;
  const counterparty =
    kind === 'scenario' &&
    typeof s.counterparty === 'string' &&
    s.counterparty.length <= 80 &&
    ![...s.counterparty].some((ch) => ch < ' ' || ch === '<' || ch === '>')
      ? s.counterparty
      : undefined;
  // The flows panel has no range of its own (its view model is always ALL).
  const range = kind === 'flows' ? 'ALL' : isRange(s.range) ? s.range : '1Y';
  return {
    kind,
    symbols: kind === 'ticker' ? symbols.slice(0, 1) : kind === 'flows' ? [] : symbols.slice(0, 6),
    range,
    scenario,
    basis,
    ...(counterparty ? { counterparty } : {}),
  };
}
