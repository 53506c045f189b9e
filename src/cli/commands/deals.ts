/**
 * `hashpivot deals [TICKER|DEAL-ID...] [--catalog FILE] [--json]`: the catalog's AI/HPC deals and
 * whether each counts as backlog.
 */
import { backlogStatus, type CatalogDeal } from '../../catalog';
import { normaliseSymbol } from '../../core/universe';
import { isCatalogCompany, listedCatalog, type CatalogFiles } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { JSON_OPTION, parseOptions } from '../options';
import { cut, dash, formatTable, mw, usd } from '../table';

export const DEALS_USAGE = `Usage: hashpivot deals [TICKER|DEAL-ID...] [options]

The catalog's AI/HPC deals (all of them, or those of the given companies / ids): provider,
counterparty, kind, stage, value, MW, term, announcement date, whether the value counts as backlog.

Options:
  --catalog FILE   a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json           JSON: each deal with its sources and whether (and why) it counts as backlog
  -h, --help       this text`;

function dealRow(d: CatalogDeal): string[] {
  const b = backlogStatus(d);
  return [
    d.id,
    d.provider || dash,
    cut(d.counterparty, 28),
    d.kind,
    d.stage,
    usd(d.valueUSD),
    mw(d.mw),
    typeof d.termYears === 'number' ? `${d.termYears}y` : dash,
    d.announced ?? dash,
    b.counts ? (typeof d.valueUSD === 'number' ? 'yes' : 'yes (value ?)') : 'no',
    d.confidence,
  ];
}

export async function dealsCommand(argv: string[], io: Io, opts: CatalogFiles = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, DEALS_USAGE, { catalog: { type: 'string' }, ...JSON_OPTION });
  if (values.help) {
    io.out(DEALS_USAGE);
    return 0;
  }
  const { catalog, described, exitCode } = listedCatalog(values.catalog, io, opts);
  let deals: CatalogDeal[] = catalog.deals;
  if (positionals.length) {
    const picked = new Map<string, CatalogDeal>();
    for (const arg of positionals) {
      const byId = catalog.deal(arg);
      const t = normaliseSymbol(arg);
      const found = byId ? [byId] : isCatalogCompany(catalog, t) ? catalog.dealsOf(t) : undefined;
      if (!found) throw new CliError(`"${arg}" is neither a ticker nor a deal id of the catalog (tickers: ${catalog.tickers().join(', ')})`);
      for (const d of found) picked.set(d.id, d);
    }
    deals = [...picked.values()];
  }
  if (values.json) {
    io.out(
      JSON.stringify(
        deals.map((d) => ({ ...d, backlog: backlogStatus(d) })),
        null,
        2,
      ),
    );
    return exitCode;
  }
  const header = ['Deal', 'Provider', 'Counterparty', 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Backlog', 'Conf.'];
  io.out(formatTable(header, deals.map(dealRow), [0, 1, 2, 3, 4, 8, 9, 10]));
  io.out('');
  io.out(`Value: total contract value over the initial term as reported, USD; "–": unknown or not applicable. ${described}`);
  return exitCode;
}
