/**
 * Money and percentages as every surface shows them (hovers, trees, panels, webviews, the CLI).
 * Pure and dependency-free, so the webviews use it too. A value that is not a finite number
 * shows as `–`.
 */
export const DASH = '–';
/** The real minus sign, for figures read by people. */
export const MINUS = '−';

type Maybe = number | null | undefined;
const finite = (v: Maybe): v is number => typeof v === 'number' && Number.isFinite(v);
const trim2 = (x: number) => x.toFixed(2).replace(/\.?0+$/, '');

/** A change, signed: `+4.2%`, `−3.1%`, `0.0%`. */
export function formatPercent(v: Maybe, digits = 1): string {
  if (!finite(v)) return DASH;
  const s = (Math.abs(v) * 100).toFixed(digits);
  return `${v > 0 ? '+' : v < 0 ? MINUS : ''}${s}%`;
}

/**
 * A magnitude or level, never with a plus sign, a loss with the real minus: `118%`, `−5.1%`, `−46.2%`
 * (volatility, VaR, CVaR, drawdown depth in hovers, tooltips and reports; changes use {@link formatPercent}).
 */
export function formatMagnitude(v: Maybe, digits = 1): string {
  if (!finite(v)) return DASH;
  const s = (Math.abs(v) * 100).toFixed(digits);
  return `${v < 0 && Number(s) !== 0 ? MINUS : ''}${s}%`;
}

/** A level or magnitude, no plus sign: `118%`, `-46.2%` (volatility, VaR, drawdown in tables). */
export function formatPercentPlain(v: Maybe, digits = 1): string {
  return finite(v) ? `${(v * 100).toFixed(digits)}%` : DASH;
}

/** Deal values and debt, up to two decimals: `$9.7B`, `$2.83B`, `$311M`, `$50,000`. */
export function formatUsd(v: number): string {
  if (Math.abs(v) >= 1e9) return `$${trim2(v / 1e9)}B`;
  if (Math.abs(v) >= 1e6) return `$${trim2(v / 1e6)}M`;
  return `$${v.toLocaleString('en-US')}`;
}

/** Chart labels and table cells: `$9.7B`, `$311M`; undefined when unknown. */
export function formatUsdShort(v: Maybe): string | undefined {
  if (!finite(v)) return undefined;
  return v >= 1e9 ? `$${(v / 1e9).toFixed(1)}B` : `$${(v / 1e6).toFixed(0)}M`;
}

/** Amounts after a `$` written by the caller: `9.7B`, `12B`, `311M`, `50,000`. */
export function formatBillions(usd: number): string {
  if (usd >= 1e9) return `${(usd / 1e9).toFixed(usd >= 1e10 ? 0 : 1)}B`;
  if (usd >= 1e6) return `${(usd / 1e6).toFixed(0)}M`;
  return usd.toLocaleString('en-US');
}

/** Price with sensible decimals: `91,350`, `41.12`, `0.5123`. */
export function formatPrice(v: Maybe): string {
  if (!finite(v)) return DASH;
  const digits = Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 1 ? 2 : 4;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatNumber(v: Maybe, digits = 2): string {
  return finite(v) ? v.toFixed(digits) : DASH;
}

/** A p-value: three decimals, `< 0.001` below that: `0.048`, `< 0.001`. */
export function formatPValue(p: Maybe): string {
  if (!finite(p)) return DASH;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** An amount of USD in full, two decimals, the sign before the `$`: `$34,400.00`, `−$600.00`; `+$650.00` with `signed`. */
export function formatMoney(v: Maybe, signed = false): string {
  if (!finite(v)) return DASH;
  const body = `$${Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return v < 0 ? `${MINUS}${body}` : signed && v > 0 ? `+${body}` : body;
}

/** A status-bar amount: `$41.6K`, `$1.25M`, `$950`, `−$3.1K`. */
export function formatUsdCompact(v: Maybe): string {
  if (!finite(v)) return DASH;
  const a = Math.abs(v);
  const body = a >= 1e9 ? `${(a / 1e9).toFixed(2)}B` : a >= 1e6 ? `${(a / 1e6).toFixed(2)}M` : a >= 1e4 ? `${(a / 1e3).toFixed(1)}K` : a.toFixed(0);
  return `${v < 0 ? MINUS : ''}$${body}`;
}
