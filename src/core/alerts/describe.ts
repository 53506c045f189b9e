/** Human descriptions of alert rules and their numbers. Pure. */
import { formatPrice } from '../format';
import type { AlertKind, AlertRule } from './types';

const MINUS = '−';

/** `15%`, `12.5%`, `−7%`: a fraction as a percent with up to two decimals, no trailing zeros. */
export function percentText(v: number, signed = false): string {
  if (!Number.isFinite(v)) return '–';
  const abs = Number((Math.abs(v) * 100).toFixed(2)).toString();
  const sign = v < 0 ? MINUS : signed && v > 0 ? '+' : '';
  return `${sign}${abs}%`;
}

/** A measured fraction with one decimal: `−46.2%`, `+3.0%` (signed). */
export function measuredPercent(v: number, signed = false): string {
  if (!Number.isFinite(v)) return '–';
  const abs = (Math.abs(v) * 100).toFixed(1);
  const sign = v < 0 && abs !== '0.0' ? MINUS : signed && v > 0 ? '+' : '';
  return `${sign}${abs}%`;
}

/** A difference of two fractions in percentage points: `2.7 points`. */
export function pointsText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const p = Math.abs(v) * 100;
  return `${p.toFixed(p >= 10 ? 0 : 1)} point${p.toFixed(1) === '1.0' ? '' : 's'}`;
}

/** `0.30`, `−0.25`, `1.50`: correlations and betas. */
export function ratioText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return `${v < 0 ? MINUS : ''}${Math.abs(v).toFixed(2)}`;
}

export function priceText(v: number): string {
  return formatPrice(v);
}

const BENCH_NAME = { BTC: 'BTC', NDX: 'NDX' } as const;

/**
 * What a rule watches, in one line: `IREN price above 50.00`, `CORZ 30-day volatility above 90%`,
 * `WULF 90-day correlation to BTC below 0.30`, `New or changed AI/HPC deal for IREN`.
 */
export function describeRule(rule: AlertRule): string {
  switch (rule.kind) {
    case 'price':
      return `${rule.symbol} price ${rule.op} ${priceText(rule.value)}`;
    case 'change':
      return rule.op === 'beyond'
        ? `${rule.symbol} ${rule.days}-day change beyond ±${percentText(rule.pct)}`
        : `${rule.symbol} ${rule.days}-day change ${rule.op} ${percentText(rule.pct, true)}`;
    case 'drawdown':
      return `${rule.symbol} drawdown deeper than ${percentText(-rule.depth)}`;
    case 'volatility':
      return `${rule.symbol} ${rule.window}-day volatility above ${percentText(rule.above)}`;
    case 'correlation':
      return `${rule.symbol} ${rule.window}-day correlation to ${BENCH_NAME[rule.benchmark]} ${rule.op} ${ratioText(rule.value)}`;
    case 'beta': {
      const dir = rule.direction === 'up' ? ' upward' : rule.direction === 'down' ? ' downward' : '';
      return `${rule.symbol} ${rule.window}-day beta to ${BENCH_NAME[rule.benchmark]} crossing ${ratioText(rule.crossing)}${dir}`;
    }
    case 'deal':
      return `New or changed AI/HPC deal for ${rule.symbol}`;
  }
}

/** The rule's own name, else its description (tree labels). */
export function ruleLabel(rule: AlertRule): string {
  return rule.name?.trim() ? rule.name.trim() : describeRule(rule);
}

/** Labels and one-line help for each kind (the first step of the guided QuickPick). */
export const KIND_LABELS: Readonly<Record<AlertKind, { label: string; detail: string }>> = {
  price: { label: 'Price above or below', detail: 'The close crosses a price level' },
  change: { label: 'Change over N days', detail: 'The change over N calendar days goes above, below or beyond ±X%' },
  drawdown: { label: 'Drawdown deeper than X%', detail: 'The fall from the 365-day peak goes deeper than −X%' },
  volatility: { label: 'Volatility above X', detail: 'Annualized volatility over a window (30 or 90 days) goes above X%' },
  correlation: { label: 'Correlation to BTC or NDX', detail: 'Correlation of daily returns over a window goes above or below X' },
  beta: { label: 'Beta to BTC or NDX crossing X', detail: 'Beta over a window crosses X between two data dates' },
  deal: { label: 'New or changed deal', detail: 'A catalog company gets a new AI/HPC deal, or one of its deals changes' },
};

/** `$9.7B`, `$311M`: deal values (src/shared/format.ts). */
export { formatUsd as usdText } from '../../shared/format';
