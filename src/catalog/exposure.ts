/**
 * The catalog's deals as the exposure model's input (src/core/exposure): each deal with whether it
 * counts as its provider's backlog ({@link backlogStatus}, the rule of {@link derivedFigures}), the
 * catalog's miners, and their pivot debt from {@link derivedFigures}. Pure.
 */
import { buildExposure, type ExposureEntry, type ExposureModel, type Figure } from '../core/exposure';
import { backlogStatus, derivedFigures } from './derived';
import type { Catalog } from './types';

/** Every deal of the catalog with `backlogStatus`'s verdict. */
export function exposureEntries(c: Catalog): ExposureEntry[] {
  return c.deals.map((deal) => ({ deal, ...backlogStatus(deal) }));
}

export interface CatalogExposureOptions {
  /** Market cap per ticker, USD (null with a reason when unknown). */
  marketCaps?: Readonly<Record<string, Figure>>;
  /** Why a ticker without an entry in `marketCaps` has none. */
  missingMarketCapReason?: string;
}

/** Each miner's pivot debt as {@link derivedFigures} gives it, with its note when it is null or a lower bound. */
export function pivotDebtFigures(c: Catalog): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const t of c.tickers()) {
    const f = derivedFigures(c, t);
    const note = f.notes.find((n) => n.startsWith('pivot debt'));
    out[t] = f.pivotDebtUSD === null ? { value: null, reason: note ?? 'pivot debt unknown' } : { value: f.pivotDebtUSD, ...(note ? { reason: note } : {}) };
  }
  return out;
}

/** The exposure model of the catalog: every deal, every miner, their pivot debt; market caps as given. */
export function catalogExposure(c: Catalog, o: CatalogExposureOptions = {}): ExposureModel {
  return buildExposure(exposureEntries(c), {
    miners: c.tickers(),
    pivotDebt: pivotDebtFigures(c),
    missingPivotDebtReason: 'not a miner of the catalog: no debt raises',
    marketCaps: o.marketCaps,
    missingMarketCapReason: o.missingMarketCapReason,
  });
}
