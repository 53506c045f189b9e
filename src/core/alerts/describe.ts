/** Human descriptions of alert rules and their numbers. Pure. */
import { formatPrice } from '../format';
import { formatMoney, formatUsd } from '../../shared/format';
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

/** A share as a percent with one decimal, without a trailing `.0`: `100%`, `64.7%`, `0.5%`. */
export function shareText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return `${Number((v * 100).toFixed(1)).toString()}%`;
}

/** A difference of two fractions in percentage points: `2.7 points`. */
export function pointsText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const p = Math.abs(v) * 100;
  // Decided on the rounded value: 9.999… (1 − 0.9) is `10 points`, not `10.0 points`.
  return `${p.toFixed(Number(p.toFixed(1)) >= 10 ? 0 : 1)} point${p.toFixed(1) === '1.0' ? '' : 's'}`;
}

/** `0.30`, `−0.25`, `1.50`: correlations and betas. */
export function ratioText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return `${v < 0 ? MINUS : ''}${Math.abs(v).toFixed(2)}`;
}

export function priceText(v: number): string {
  return formatPrice(v);
}

/** `$12,340.00`, `−$1,250.50`: USD amounts as the Portfolio view shows them. */
export function moneyText(v: number): string {
  return formatMoney(v);
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
    case 'portfolio':
      if (rule.measure === 'value') return `Portfolio value below ${moneyText(rule.value)}`;
      if (rule.measure === 'drawdown') return `Portfolio drawdown deeper than ${percentText(-rule.value)}`;
      return `Portfolio 1-day VaR 95% above ${rule.unit === 'fraction' ? `${percentText(rule.value)} of its value` : moneyText(rule.value)}`;
    case 'concentration':
      return `${rule.symbol} largest counterparty above ${percentText(rule.above)} of its backlog`;
    case 'counterparty':
      return rule.counterparty !== undefined
        ? `New deal with ${rule.counterparty} while its backlog is above ${formatUsd(rule.above)}`
        : `New deal with a counterparty whose backlog is above ${formatUsd(rule.above)}`;
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
  portfolio: {
    label: 'Portfolio value, drawdown or VaR',
    detail: 'Your holdings (.hashpivot/portfolio.json): value below X, drawdown of today’s holdings at past closes deeper than −X%, or 1-day VaR 95% above X',
  },
  concentration: {
    label: 'Counterparty concentration above X%',
    detail: 'A miner’s largest counterparty goes above X% of its known contracted AI/HPC backlog (the catalog’s deals)',
  },
  counterparty: {
    label: 'New deal with a large counterparty',
    detail: 'A new catalog deal with a counterparty whose contracted backlog across the miners is above X USD',
  },
};

/** The thresholds the guided QuickPick offers for a concentration rule (fractions), before "another level". */
export const CONCENTRATION_LEVELS: readonly number[] = [0.5, 0.6, 0.75, 0.9];
/** The backlogs the guided QuickPick offers for a counterparty rule (USD), before "another amount". */
export const BACKLOG_LEVELS: readonly number[] = [1e9, 5e9, 10e9, 20e9];

/** The portfolio measures with their unit, as the guided QuickPick offers them (one pick sets both). */
export const PORTFOLIO_MEASURE_CHOICES: ReadonlyArray<{ measure: 'value' | 'drawdown' | 'var'; unit: 'usd' | 'fraction'; label: string; detail: string }> = [
  {
    measure: 'value',
    unit: 'usd',
    label: 'Value below X USD',
    detail: 'The market value, cash included, at the latest closes or live quotes (as the Portfolio view)',
  },
  {
    measure: 'drawdown',
    unit: 'fraction',
    label: 'Drawdown deeper than X%',
    detail: 'Today’s holdings valued at the closes of the last 365 days, the latest against the peak',
  },
  { measure: 'var', unit: 'usd', label: 'VaR above X USD', detail: '1-day historical VaR 95% (the Portfolio view’s), as a loss in USD' },
  { measure: 'var', unit: 'fraction', label: 'VaR above X% of the value', detail: '1-day historical VaR 95% as a share of the portfolio’s value' },
];

/** `$9.7B`, `$311M`: deal values (src/shared/format.ts). */
export { formatUsd as usdText } from '../../shared/format';
