/**
 * `hashpivot miners [TICKER...] [--catalog FILE] [--json]`: the catalog's miners with their
 * AI/HPC figures (pivot status, contracted MW, backlog, pivot debt).
 */
import { derivedFigures } from '../../catalog';
import { normaliseSymbol } from '../../core/universe';
import { listedCatalog, type CatalogFiles } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { JSON_OPTION, parseOptions } from '../options';
import { cut, dash, formatTable, mw, pct, usd } from '../table';

export const MINERS_USAGE = `Usage: hashpivot miners [TICKER...] [options]

The catalog's miners with their AI/HPC figures: pivot status, contracted HPC MW against total
power capacity, contracted backlog (sum of the values of their lease, colocation, cloud and JV
deals), debt raised for the pivot and its ratio to the backlog. Unknown figures show as "–".

Options:
  --catalog FILE   a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json           JSON: each miner with its derived figures and the notes behind them
  -h, --help       this text`;

const ratio = (v: number | null) => (v === null ? dash : pct(v, 1));

export async function minersCommand(argv: string[], io: Io, opts: CatalogFiles = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, MINERS_USAGE, { catalog: { type: 'string' }, ...JSON_OPTION });
  if (values.help) {
    io.out(MINERS_USAGE);
    return 0;
  }
  const { catalog, described, exitCode } = listedCatalog(values.catalog, io, opts);
  const tickers = positionals.length ? positionals.map(normaliseSymbol) : catalog.tickers();
  for (const t of tickers) if (!catalog.miner(t)) throw new CliError(`unknown ticker "${t}" (the catalog has ${catalog.tickers().join(', ')})`);
  const miners = tickers.map((t) => catalog.miner(t)!);

  if (values.json) {
    io.out(
      JSON.stringify(
        miners.map((m) => ({ ...m, derived: derivedFigures(catalog, m.ticker) })),
        null,
        2,
      ),
    );
    return exitCode;
  }
  const header = ['Ticker', 'Name', 'Pivot', 'HPC MW', 'Power MW', 'MW share', 'Backlog', 'Pivot debt', 'Debt/backlog', 'Deals', 'Conf.', 'As of'];
  const rows = miners.map((m) => {
    const f = derivedFigures(catalog, m.ticker);
    return [
      m.ticker,
      cut(m.name, 28),
      m.pivotStatus,
      mw(f.contractedMW),
      mw(f.totalMW),
      ratio(f.mwShare),
      usd(f.backlogUSD) + (f.backlogUSD !== null && f.unknownValueDealIds.length ? '+' : ''),
      usd(f.pivotDebtUSD),
      ratio(f.debtToBacklog),
      String(catalog.dealsOf(m.ticker).length),
      m.confidence,
      m.asOf ?? dash,
    ];
  });
  io.out(formatTable(header, rows, [0, 1, 2, 10, 11]));
  io.out('');
  io.out(`Backlog: values of contracted lease, colocation, cloud and JV deals over their initial terms ("+": some values undisclosed);`);
  io.out(`not acquisitions, plans, LOIs or terminated deals. Pivot debt: raises whose stated purpose is the AI/HPC build-out.`);
  io.out(`"–": unknown. Power MW bases differ by company (see --json notes). ${described}`);
  return exitCode;
}
