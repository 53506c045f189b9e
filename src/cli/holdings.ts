/**
 * Holdings files on the command line (`portfolio`, `var --portfolio`, `scenario --portfolio`):
 * read and checked (problems as FILE:LINE:COL naming entry and field; any error: exit 2), then
 * valued at the closes of an as-of date (src/core/portfolio `valueAtCloses`).
 */
import { formatProblem } from '../catalog';
import { holdingsWeights, parseHoldingsText, WORKSPACE_PORTFOLIO_PATH, type Holdings, type PortfolioValuation } from '../core/portfolio';
import type { Weight } from '../core/scenario';
import type { MarketStore } from '../data/store';
import { CliError, readText, type Io } from './io';

export const PORTFOLIO_FILE_HELP = `  --portfolio FILE         a holdings file (${WORKSPACE_PORTFOLIO_PATH}: positions with quantity and cost basis, cash)`;

/** The holdings of `file`; warnings go to stderr, any error (or an unknown symbol) is exit 2 with every problem listed. */
export function readHoldingsFile(file: string, store: MarketStore, io: Io): Holdings {
  const text = readText(file, 'holdings file');
  const { holdings, problems } = parseHoldingsText(text, { isKnownSymbol: (s) => store.isKnown(s) });
  const errors = problems.filter((p) => p.severity === 'error' || /has no market data/.test(p.message));
  if (errors.length) throw new CliError(errors.map((p) => formatProblem({ ...p, file, severity: 'error' }, text)).join('\n'), 2);
  for (const p of problems) io.err(formatProblem({ ...p, file }, text));
  if (holdings.positions.length === 0)
    throw new CliError(`${file}: no positions (add { "symbol": "IREN", "quantity": 100, "costBasis": 30 } to "positions")`, 2);
  return holdings;
}

/** Weights from market values over the positions (src/core/portfolio `holdingsWeights`); exit 1 when there are none. */
export function marketValueWeights(v: PortfolioValuation): { weights: Weight[]; invested: number } {
  const w = holdingsWeights(v);
  if (!w.ok) throw new CliError(w.reason, 1);
  return w;
}
