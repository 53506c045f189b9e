/**
 * `hashpivot exposure [COUNTERPARTY...] [--by counterparty|backer|end-user] [--catalog FILE]
 * [--json]`: who the miners' contracted AI/HPC backlog rests on. The model is src/core/exposure;
 * the rows and their JSON are src/tools' (`exposureRows`), for a tool to share.
 */
import { catalogExposure } from '../../catalog';
import type { ExposureModel, MinerExposure } from '../../core/exposure';
import { EXPOSURE_BY, exposureRows, type ExposureBy, type ExposureRow } from '../../tools/figures';
import { listedCatalog, type CatalogFiles } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { cliErrorsSync } from '../marketData';
import { JSON_OPTION, parseOptions } from '../options';
import { dash, formatTable, num, pct, usd } from '../table';

export const EXPOSURE_USAGE = `Usage: hashpivot exposure [COUNTERPARTY...] [options]

Who the miners' contracted AI/HPC backlog rests on: the backlog by counterparty (default), by
backer (the guarantor of a counterparty's obligations: Google backs Fluidstack's leases) or by end
user, across the catalog and per miner (a miner's share is of its own known backlog); then, per
miner, the largest counterparty, the HHI (Σ share² over its counterparties, each undisclosed one
its own; 1 = a single counterparty), and the backstops per guarantor. Backlog is what
"hashpivot miners" counts: contracted lease, colocation, cloud and JV deals over their initial
terms. A deal of undisclosed value is listed, never guessed ("+": a lower bound).
COUNTERPARTY: names to show only those (any case; aliases: AWS, Alphabet, CRWV, MSFT, AMZN, GOOGL,
ORCL, NVDA, AMD).

Options:
  --by counterparty|backer|end-user
                       what the rows are (default counterparty)
  --catalog FILE       a catalog override file (like .hashpivot/catalog.json) merged over the shipped one
  --json               JSON: an array of { counterparty, backlogUsd, backers, miners: [{ symbol,
                       backlogUsd, share }] } (with by, entity, lowerBound, dealIds,
                       unknownValueDealIds, reason); null where a value is undisclosed
  -h, --help           this text`;

const plus = (v: number | null, lowerBound: boolean) => usd(v) + (v !== null && lowerBound ? '+' : '');
const share = (v: number | null) => (v === null ? dash : pct(v, 1));

function minersCell(r: ExposureRow): string {
  return r.miners.map((m) => `${m.symbol} ${plus(m.backlogUsd, m.unknownValueDealIds.length > 0)}${m.share === null ? '' : ` (${share(m.share)})`}`).join(', ');
}

const TITLES: Record<ExposureBy, string> = { counterparty: 'Counterparty', backer: 'Backer', 'end-user': 'End user' };

function entityTable(rows: readonly ExposureRow[], by: ExposureBy): string {
  const header = [
    TITLES[by],
    'Backlog',
    by === 'backer' ? 'Backstops' : 'Backers',
    by === 'counterparty' ? 'End users' : 'Counterparties',
    'Miners (share of their backlog)',
  ];
  const body = rows.map((r) => [
    r.counterparty,
    plus(r.backlogUsd, r.lowerBound),
    by === 'backer'
      ? r.backstopUsd === undefined
        ? dash
        : `${usd(r.backstopUsd)}${r.undisclosedBackstopDealIds?.length ? ` + ${r.undisclosedBackstopDealIds.length} undisclosed` : ''}`
      : r.backers.join(', ') || dash,
    (by === 'counterparty' ? r.endUsers : r.counterparties)?.join(', ') || dash,
    minersCell(r),
  ]);
  return formatTable(header, body, [0, 2, 3, 4]);
}

function minerTable(miners: readonly MinerExposure[]): string {
  const header = ['Ticker', 'Backlog', 'Largest counterparty', 'Share', 'HHI', 'Counterparties', 'Debt/backlog', 'Undisclosed value'];
  const rows = miners.map((m) => [
    m.symbol,
    plus(m.backlogUsd, m.lowerBound),
    m.concentration.largest?.label ?? dash,
    m.concentration.largest ? share(m.concentration.largest.share) : dash,
    m.concentration.hhi === null ? dash : num(m.concentration.hhi, 2),
    String(m.counterparties.length),
    m.pivotDebtToBacklog.value === null ? dash : pct(m.pivotDebtToBacklog.value, 1),
    m.unknownValueDealIds.join(', ') || dash,
  ]);
  return formatTable(header, rows, [0, 2, 7]);
}

function backstopLines(model: ExposureModel): string[] {
  return model.backstops.map((g) => {
    const items = g.items.map((i) => `${i.dealId} ${i.amountUsd === null ? 'undisclosed' : usd(i.amountUsd)}`).join(', ');
    const undisclosed = g.undisclosed.length ? ` + ${g.undisclosed.length} undisclosed` : '';
    return `  ${g.guarantor} backs ${g.counterparties.join(', ')} for ${g.miners.join(', ')}: ${usd(g.knownAmountUsd)}${undisclosed} (${items}).`;
  });
}

export async function exposureCommand(argv: string[], io: Io, opts: CatalogFiles = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, EXPOSURE_USAGE, {
    by: { type: 'string', default: 'counterparty' },
    catalog: { type: 'string' },
    ...JSON_OPTION,
  });
  if (values.help) {
    io.out(EXPOSURE_USAGE);
    return 0;
  }
  const by = values.by as ExposureBy;
  if (!EXPOSURE_BY.includes(by)) throw new CliError(`--by must be ${EXPOSURE_BY.join(', ')}, got "${values.by}"`);
  if (positionals.some((p) => p.trim() === '')) throw new CliError('a COUNTERPARTY must name a company, got ""');
  const { catalog, described, exitCode } = listedCatalog(values.catalog, io, opts);
  const model = catalogExposure(catalog);
  const rows = cliErrorsSync(() => exposureRows(model, by, positionals));
  if (values.json) {
    io.out(JSON.stringify(rows, null, 2));
    return exitCode;
  }
  io.out(entityTable(rows, by));
  const t = model.totals;
  io.out('');
  io.out(
    `Universe: ${plus(t.backlogUsd, t.lowerBound)} of contracted backlog in ${t.dealIds.length + t.unknownValueDealIds.length} deals` +
      (t.unknownValueDealIds.length ? ` (${t.unknownValueDealIds.length} of undisclosed value: ${t.unknownValueDealIds.join(', ')})` : '') +
      '.',
  );
  if (positionals.length === 0) {
    const withBacklog = model.miners.filter((m) => m.dealIds.length + m.unknownValueDealIds.length > 0);
    const without = model.miners.filter((m) => m.dealIds.length + m.unknownValueDealIds.length === 0).map((m) => m.symbol);
    io.out('');
    io.out('Per miner (shares of its known backlog; HHI = Σ share², each undisclosed counterparty its own):');
    io.out(minerTable(withBacklog));
    if (without.length) io.out(`No contracted backlog in the catalog: ${without.join(', ')}.`);
    if (model.backstops.length) {
      io.out('');
      io.out('Backstops (disclosed amounts summed; what each covers is in --json of "hashpivot deals"):');
      for (const l of backstopLines(model)) io.out(l);
    }
  }
  io.out('');
  for (const n of model.notes) io.out(`Note: ${n}`);
  const undisclosed = rows.filter((r) => r.entity === null).length;
  if (undisclosed && by !== 'backer') io.out(`Note: ${undisclosed} row(s) are undisclosed or unnamed companies, one per deal (never merged).`);
  io.out(described);
  return exitCode;
}
