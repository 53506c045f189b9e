/**
 * `hashpivot deals [TICKER|DEAL-ID...] [--counterparty NAME] [--catalog FILE] [--json]`: the
 * catalog's AI/HPC deals and whether each counts as backlog. The selection and the JSON are
 * src/tools', shared with the hashpivot_deals tool.
 */
import { backlogStatus, type CatalogDeal } from '../../catalog';
import { dealsJson, selectDeals } from '../../tools/figures';
import { listedCatalog, type CatalogFiles } from '../catalogFiles';
import type { Io } from '../io';
import { cliErrorsSync } from '../marketData';
import { JSON_OPTION, parseOptions } from '../options';
import { cut, dash, formatTable, mw, usd } from '../table';

export const DEALS_USAGE = `Usage: hashpivot deals [TICKER|DEAL-ID...] [options]

The catalog's AI/HPC deals (all of them, or those of the given companies / ids): provider,
counterparty, kind, stage, value, MW, term, announcement date, whether the value counts as backlog.

Options:
  --counterparty NAME  only deals whose counterparty, its backer or the end user names NAME
                       (case-insensitive, part of the name: Microsoft, Google, CoreWeave)
  --catalog FILE       a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json               JSON: each deal with its sources and whether (and why) it counts as backlog
  -h, --help           this text`;

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
  const { values, positionals } = parseOptions(argv, DEALS_USAGE, { catalog: { type: 'string' }, counterparty: { type: 'string' }, ...JSON_OPTION });
  if (values.help) {
    io.out(DEALS_USAGE);
    return 0;
  }
  const { catalog, described, exitCode } = listedCatalog(values.catalog, io, opts);
  const deals = cliErrorsSync(() => selectDeals(catalog, positionals, values.counterparty));
  if (values.json) {
    io.out(JSON.stringify(dealsJson(deals), null, 2));
    return exitCode;
  }
  const header = ['Deal', 'Provider', 'Counterparty', 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Backlog', 'Conf.'];
  io.out(formatTable(header, deals.map(dealRow), [0, 1, 2, 3, 4, 8, 9, 10]));
  io.out('');
  io.out(`Value: total contract value over the initial term as reported, USD; "–": unknown or not applicable. ${described}`);
  return exitCode;
}
