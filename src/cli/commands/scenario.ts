/**
 * `hashpivot scenario list | NAME | --from DATE --to DATE | --shock F=V,... [--weights S=W,...]`
 * and the market-data options: historical replays and hypothetical factor shocks through the
 * betas, per symbol and for a portfolio; and `--default COUNTERPARTY`, a counterparty default on
 * the catalog's contracted backlog (src/core/exposure, through src/tools' `defaultFigures`).
 * Every argument is checked before any data is loaded: bad input gives a message and exit status
 * 2, nothing else.
 */
import { AI_FACTOR, BUILTIN_FACTORS, factorSpec, type FactorSpec } from '../../core/pivot';
import { analyticsToJson, findScenario, parseShocks, SCENARIOS, type Band, type ReplayDefinition, type ScenarioResult, type Weight } from '../../core/scenario';
import type { IsoDate } from '../../core/types';
import { normaliseSymbol } from '../../core/universe';
import type { DefaultScenarioResult, Figure } from '../../core/exposure';
import type { MarketStore } from '../../data/store';
import { messageOf } from '../../shared/errors';
import { formatMoney, formatPercent, formatUsd as formatUSD } from '../../shared/format';
import { defaultFigures, scenarioFigures, scenarioJson } from '../../tools/figures';
import { listedCatalog } from '../catalogFiles';
import { PORTFOLIO_FILE_HELP, readHoldingsFile } from '../holdings';
import { CliError, type Io } from '../io';
import {
  ANALYTICS_OPTIONS_HELP,
  cliErrors,
  cliErrorsSync,
  inputError,
  portfolioWeights,
  sourceLine,
  storeFor,
  type AnalyticsCommandOptions,
} from '../marketData';
import { checkDate, intOption, MARKET_OPTIONS, marketOptions, parseOptions } from '../options';
import { formatTable, num, pct } from '../table';

export const SCENARIO_USAGE = `Usage: hashpivot scenario list
       hashpivot scenario NAME [options]
       hashpivot scenario --from YYYY-MM-DD --to YYYY-MM-DD [options]
       hashpivot scenario --shock FACTOR=MOVE[,FACTOR=MOVE...] [options]
       hashpivot scenario --default COUNTERPARTY [--market-cap SYM=USD,...] [--discount-rate R]
                          [--catalog FILE] [--json]

Historical replays (what each symbol did over a window, split into beta × factor return per
factor and an unexplained part; betas from the 365 days before the window; the portfolio line says
how much of its weight had data for the window) and hypothetical shocks through a log-return
factor model (ln(1 + r) = α + Σ β ln(1 + F) + ε, betas to each symbol's own last date; predicted
= exp(Σ β ln(1 + shock)) − 1, never below −100%) with a 90% band for the betas' uncertainty and
the idiosyncratic move.
Factors: BTC, NDX (NASDAQ-100), AI (equal-weight NVDA/AMZN/GOOGL/MSFT/CRWV) or any known symbol.
Without --weights: every miner, and their equal-weight portfolio.

Options:
  --weights SYM=W,...      a portfolio, e.g. IREN=0.5,CORZ=0.3,WULF=0.2 (normalised to sum to 1)
${PORTFOLIO_FILE_HELP};
                           weights from market values, the result also in USD
  --shock F=M,...          factor moves as fractions or percent, e.g. BTC=-0.3,NDX=-20%,AI=-0.35
  --from, --to DATE        a replay of your own window (closes on or before each date)
  --factors F,...          replay factors (default BTC,NDX; at most 4)
  --compound               replay contributions compounded daily (Π(1 + β r) - 1) instead of β × window return
  --lookback DAYS          days of history for the betas (default 365)
  --horizon D              sessions the shock band's residual part spans (default 1)
${ANALYTICS_OPTIONS_HELP}

Counterparty default (--default): what the catalog's contracted backlog loses when a company
fails. A contracted deal is hit when the company is its counterparty, its end user, or the only
backer of its counterparty across the catalog (Google backs all of Fluidstack's leases: Google
failing takes them down). A surviving guarantor's backstop is honoured (covered = the backstop,
at most the value; one of undisclosed amount gives a range: at risk if it covers nothing, low if
it covers all). Per miner: backlog at risk and its share of the backlog and of the market cap, MW
left without a tenant, the hit deals; a price-impact estimate = −PV(lost contracted revenue,
spread evenly over the initial term, discounted at R) ÷ market cap, floored at −100%: equity
value at stake if the market had valued the contract at its present value and no new tenant is
found; not a forecast. Names: any case, aliases AWS, Alphabet, CRWV, MSFT, AMZN, GOOGL, ORCL.
  --default COUNTERPARTY   the company that fails (an unknown one: exit 2 with the known ones)
  --market-cap SYM=USD,... market caps, e.g. WULF=4.2B,CIFR=3100M (repeatable); without one a
                           miner's price impact is null with the reason. With --source live or
                           auto, miners without one take the market cap of a live quote when the
                           provider gives one; the embedded snapshot has prices only
  --discount-rate R        annual rate for the present value, 0 to 1 (default 0.10)
  --catalog FILE           a catalog override file merged over the shipped one`;

function describeFactor(f: FactorSpec): string {
  return f.id === 'AI' ? `AI (${AI_FACTOR.members.join('/')})` : f.id;
}

export function renderScenarioList(): string {
  const rows = SCENARIOS.map((s) => [
    s.id,
    s.kind,
    s.kind === 'replay'
      ? `${s.start} → ${s.end}`
      : Object.entries(s.shocks)
          .map(([k, v]) => `${k} ${pct(v, 0)}`)
          .join(', '),
    s.name,
  ]);
  return (
    formatTable(['Name', 'Kind', 'Window / shocks', 'Scenario'], rows, [0, 1, 2, 3]) +
    `\nAlso: --from DATE --to DATE (your own window), --shock F=M,... (factors ${BUILTIN_FACTORS.map(describeFactor).join(', ')}, or any known symbol),` +
    `\n--default COUNTERPARTY (a counterparty default on the catalog's contracted backlog).`
  );
}

export async function scenarioCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, SCENARIO_USAGE, {
    ...MARKET_OPTIONS,
    weights: { type: 'string' },
    portfolio: { type: 'string' },
    shock: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    factors: { type: 'string' },
    compound: { type: 'boolean', default: false },
    lookback: { type: 'string' },
    horizon: { type: 'string' },
    default: { type: 'string' },
    'market-cap': { type: 'string', multiple: true },
    'discount-rate': { type: 'string' },
    catalog: { type: 'string' },
  });
  if (values.help) {
    io.out(SCENARIO_USAGE);
    return 0;
  }
  if (values.default !== undefined) return defaultCommand(argv, values, positionals, io, opts);
  for (const k of ['market-cap', 'discount-rate', 'catalog'] as const)
    if (values[k] !== undefined) throw new CliError(`--${k} goes with --default COUNTERPARTY (a counterparty default on the catalog)`);
  if (positionals.length > 1) throw new CliError(`scenario takes at most one NAME, got ${positionals.join(' ')}\n\n${SCENARIO_USAGE}`);
  const name = positionals[0];
  const c = marketOptions(values);
  if (name === 'list') {
    if (c.json) io.out(analyticsToJson(SCENARIOS));
    else io.out(renderScenarioList());
    return 0;
  }
  const shockText = values.shock;
  const from = checkDate('--from', values.from);
  const to = checkDate('--to', values.to);
  const sources = [name !== undefined, shockText !== undefined, from !== undefined || to !== undefined].filter(Boolean).length;
  if (sources === 0) throw new CliError(`scenario needs a NAME, --from/--to or --shock (see "hashpivot scenario list")\n\n${SCENARIO_USAGE}`);
  if (sources > 1) throw new CliError('give only one of a scenario NAME, --from/--to, or --shock');
  if ((from === undefined) !== (to === undefined)) throw new CliError('--from and --to go together');
  if (from && to && !(from < to)) throw new CliError(`--from ${from} must be before --to ${to}`);

  const def = name !== undefined ? findScenario(name) : undefined;
  if (name !== undefined && !def) throw new CliError(`unknown scenario "${name}" (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
  const shocks = shockText !== undefined ? inputError(() => parseShocks(shockText)) : def?.kind === 'shock' ? { ...def.shocks } : undefined;
  const replay: ReplayDefinition | { start: IsoDate; end: IsoDate } | undefined =
    def?.kind === 'replay' ? def : from && to ? { start: from, end: to } : undefined;

  const factorsText = values.factors;
  if (factorsText !== undefined && shocks) throw new CliError('--factors is for replays; a shock uses BTC, NDX and the factors it moves');
  const factorIds = factorsText !== undefined ? factorsText.split(',').map((f) => f.trim()) : ['BTC', 'NDX'];
  if (factorIds.some((f) => f === '')) throw new CliError(`--factors must be factor names separated by commas, e.g. BTC,NDX,AI; got "${factorsText}"`);
  if (values.compound && shocks) throw new CliError('--compound is for replays');
  const lookback = intOption('--lookback', values.lookback, 30, 3650);
  const horizon = intOption('--horizon', values.horizon, 1, 260);
  if (horizon !== undefined && replay) throw new CliError('--horizon is for shocks (the band); a replay has its own window');
  if (values.portfolio !== undefined && values.weights !== undefined) throw new CliError('give --weights or --portfolio, not both');
  const { weights, given: weightsGiven } = values.portfolio === undefined ? portfolioWeights(values.weights) : { weights: [] as Weight[], given: true };
  const factorSpecs = inputError(() => factorIds.map((f) => factorSpec(normaliseSymbol(f))));
  if (new Set(factorSpecs.map((f) => f.id)).size !== factorSpecs.length) throw new CliError(`--factors names a factor twice: "${factorsText}"`);
  if (factorSpecs.length > 4) throw new CliError(`at most 4 factors, got ${factorSpecs.length}`);
  if (replay && c.asOf && replay.end > c.asOf) throw new CliError(`the window ends ${replay.end}, after --as-of ${c.asOf}`);

  const store = storeFor(c, io, opts);
  const holdings = values.portfolio !== undefined ? { label: values.portfolio, holdings: readHoldingsFile(values.portfolio, store, io) } : undefined;
  const figures = await cliErrors(() =>
    scenarioFigures(store, {
      def,
      shocks,
      window: def ? undefined : replay,
      weights,
      holdings,
      factors: factorSpecs,
      lookbackDays: lookback,
      horizon,
      compound: values.compound,
      asOf: c.asOf,
    }),
  );
  const { result, prices } = figures;
  const usd = figures.holdings;
  if (c.json) io.out(analyticsToJson(scenarioJson(figures)));
  else {
    let text = renderScenario(result, !weightsGiven);
    if (usd)
      text +=
        `\nOn the holdings of ${usd.file} (valued ${usd.asOf}): ${formatMoney(usd.invested)} in positions, cash ${formatMoney(usd.cash)} unchanged: ` +
        `${result.kind === 'replay' ? 'the window would have made' : 'the shock would make'} ${formatMoney(usd.pnlUsd, true)} ` +
        `(${formatPercent(usd.pnlUsd === null ? null : usd.pnlUsd / usd.value, 1)} of ${formatMoney(usd.value)}).`;
    io.out(text + `\n${sourceLine(prices)}`);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// --default COUNTERPARTY

const NO_SNAPSHOT_MARKET_CAP = 'no market cap: the embedded snapshot has prices only';

/** `WULF=4.2B,CIFR=3100M,HUT=2500000000`: market caps in USD (K, M, B, T suffixes; `_` and `$` allowed). */
export function parseMarketCaps(entries: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const mult: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
  for (const part of entries.flatMap((e) => e.split(','))) {
    const m = /^\s*\$?([A-Za-z0-9.=^-]{1,20})\s*=\s*\$?([\d_]+(?:\.\d+)?)\s*([kmbt]?)\s*$/i.exec(part);
    const value = m ? Number(m[2]!.replace(/_/g, '')) * mult[m[3]!.toLowerCase()]! : NaN;
    if (!m || !(Number.isFinite(value) && value > 0))
      throw new CliError(`--market-cap takes SYM=USD entries separated by commas, e.g. WULF=4.2B,CIFR=3100M (a positive amount); got "${part}"`);
    const sym = normaliseSymbol(m[1]!);
    if (out[sym] !== undefined) throw new CliError(`--market-cap gives ${sym} twice`);
    out[sym] = value;
  }
  return out;
}

type DefaultValues = {
  default?: string;
  'market-cap'?: string[];
  'discount-rate'?: string;
  catalog?: string;
  source?: string;
  json?: boolean;
  [k: string]: unknown;
};

/** Live market caps of `symbols` from quotes (those the provider gives), or each one's reason. */
async function liveMarketCaps(store: MarketStore, symbols: readonly string[]): Promise<Record<string, Figure>> {
  const out: Record<string, Figure> = {};
  for (const sym of symbols) {
    try {
      const q = await store.quote(sym);
      out[sym] =
        typeof q.marketCap === 'number' && Number.isFinite(q.marketCap) && q.marketCap > 0
          ? { value: q.marketCap, reason: `live quote (${q.origin.provider}, ${q.time})` }
          : { value: null, reason: `no market cap: the live quote (${q.origin.provider}) gives none` };
    } catch (e) {
      out[sym] = { value: null, reason: `no market cap: no live quote (${messageOf(e)})` };
    }
  }
  return out;
}

async function defaultCommand(argv: string[], values: DefaultValues, positionals: string[], io: Io, opts: AnalyticsCommandOptions): Promise<number> {
  const entity = values.default!;
  if (entity.trim() === '') throw new CliError('--default must name a company, got ""');
  if (positionals.length) throw new CliError(`--default takes no scenario NAME, got ${positionals.join(' ')}`);
  for (const k of ['shock', 'from', 'to', 'weights', 'portfolio', 'factors', 'lookback', 'horizon', 'as-of'] as const)
    if (values[k] !== undefined) throw new CliError(`--${k} does not go with --default`);
  if (values.compound) throw new CliError('--compound does not go with --default');
  const rateText = values['discount-rate'];
  const discountRate = rateText === undefined ? undefined : Number(rateText.trim());
  if (discountRate !== undefined && (rateText!.trim() === '' || !Number.isFinite(discountRate) || discountRate < 0 || discountRate > 1))
    throw new CliError(`--discount-rate must be a number from 0 to 1 (0.1 = 10% a year), got "${rateText}"`);
  const given = parseMarketCaps(values['market-cap'] ?? []);
  // Market data only when asked for: --source live or auto said on the command line.
  const sourceGiven = argv.some((a) => a === '--source' || a.startsWith('--source='));
  const mode = values.source ?? 'auto';
  if (mode !== 'auto' && mode !== 'live' && mode !== 'snapshot') throw new CliError(`--source must be auto, live or snapshot, got "${mode}"`);
  const listed = opts.catalog ? { catalog: opts.catalog, described: 'Catalog: as given.', exitCode: 0 } : listedCatalog(values.catalog, io, opts);
  const { catalog, described, exitCode } = listed;
  for (const sym of Object.keys(given))
    if (!catalog.miner(sym)) throw new CliError(`--market-cap: ${sym} is not a miner of the catalog (${catalog.tickers().join(', ')})`);
  const missing = sourceGiven
    ? mode === 'snapshot'
      ? NO_SNAPSHOT_MARKET_CAP
      : 'no market cap: none given and no live quote'
    : `${NO_SNAPSHOT_MARKET_CAP} (give --market-cap SYM=USD, or --source live|auto for live quotes)`;
  const marketCaps: Record<string, Figure> = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, { value: v, reason: '--market-cap' }]));
  const req = { entity, discountRate, marketCaps, missingMarketCapReason: missing };
  let result = cliErrorsSync(() => defaultFigures(catalog, req));
  const wanted = result.miners.map((m) => m.symbol).filter((sym) => marketCaps[sym] === undefined);
  if (sourceGiven && mode !== 'snapshot' && wanted.length) {
    const store = storeFor(marketOptions({ ...values, source: mode } as Parameters<typeof marketOptions>[0]), io, opts);
    const known = wanted.filter((sym) => store.isKnown(sym));
    Object.assign(marketCaps, await liveMarketCaps(store, known));
    for (const sym of wanted.filter((x) => !store.isKnown(x)))
      marketCaps[sym] = { value: null, reason: `no market cap: ${sym} is not a symbol of the market data` };
    result = cliErrorsSync(() => defaultFigures(catalog, req));
  }
  if (values.json) io.out(analyticsToJson(result));
  else io.out(renderDefault(result) + `\n${described}`);
  return exitCode;
}

const money = (v: number | null | undefined) => (typeof v === 'number' ? formatUSD(v) : '–');
const range = (hi: number | null, lo: number | null, f: (v: number | null) => string) => (lo === null ? f(hi) : `${f(hi)} (${f(lo)})`);
const mwCell = (mws: ReadonlyArray<{ basis: string; mw: number }>) => mws.map((m) => `${num(m.mw, 0)} ${m.basis}`).join(' + ') || '–';

export function renderDefault(r: DefaultScenarioResult): string {
  const lines: string[] = [];
  lines.push(`Default of ${r.entity} (${r.roles.join(', ')} in the catalog).`);
  if (r.soleBackerOf.length) lines.push(`${r.entity} is the only backer of ${r.soleBackerOf.join(', ')}: taken down with it.`);
  lines.push('');
  if (r.miners.length) {
    const header = ['Ticker', 'Backlog', 'At risk (low)', '% backlog (low)', 'Mkt cap', '% mkt cap', 'MW without tenant', 'PV lost', 'Price impact (low)'];
    const rows = r.miners.map((m) => [
      m.symbol,
      money(m.backlogUsd) + (m.backlogLowerBound && m.backlogUsd !== null ? '+' : ''),
      range(m.atRiskUsd, m.atRiskLowUsd, money),
      range(m.shareOfBacklog.value, m.shareOfBacklogLow, (v) => pct(v ?? NaN, 1)),
      money(m.marketCap.value),
      pct(m.shareOfMarketCap.value ?? NaN, 1),
      mwCell(m.mwWithoutTenant) + (m.mwUnknownDealIds.length ? ' + ?' : ''),
      range(m.priceImpact.pvLostUsd, m.priceImpact.pvLostLowUsd, money),
      range(m.priceImpact.value, m.priceImpact.valueLow, (v) => (v === null ? '–' : signedPct(v))),
    ]);
    const t = r.totals;
    rows.push([
      'Total',
      money(t.backlogUsd) + (t.backlogLowerBound && t.backlogUsd !== null ? '+' : ''),
      range(t.atRiskUsd, t.atRiskLowUsd, money),
      range(t.shareOfBacklog.value, t.shareOfBacklogLow, (v) => pct(v ?? NaN, 1)),
      '',
      '',
      mwCell(t.mwWithoutTenant),
      range(t.pvLostUsd, t.pvLostLowUsd, money),
      '',
    ]);
    lines.push(formatTable(header, rows, [0, 6]));
    lines.push('');
    lines.push('Hit deals:');
    for (const m of r.miners)
      for (const h of m.hits) {
        const cover = h.coveredBy.length
          ? `; backstop${h.coveredBy.length > 1 ? 's' : ''} ${h.coveredBy.map((b) => `${b.guarantor} ${b.amountUsd === null ? 'undisclosed' : money(b.amountUsd)}`).join(', ')} honoured`
          : '';
        const risk = h.atRiskUsd === null ? 'value undisclosed: not in the figures' : `${range(h.atRiskUsd, h.atRiskLowUsd, money)} at risk`;
        lines.push(`  ${h.dealId} (${h.provider}) via ${[h.via, ...(h.alsoVia ?? [])].join(' + ')}: ${money(h.valueUsd)}${cover} → ${risk}`);
      }
    const noCap = r.miners.filter((m) => m.priceImpact.value === null && m.priceImpact.pvLostUsd !== null);
    if (noCap.length) lines.push(`Price impact not computed for ${noCap.map((m) => m.symbol).join(', ')}: ${noCap[0]!.priceImpact.reason}.`);
  } else lines.push('No contracted backlog is at risk.');
  if (r.backstopsLost.length) {
    lines.push('');
    lines.push(`Backstops lost with ${r.entity}:`);
    for (const b of r.backstopsLost)
      lines.push(
        `  ${b.dealId} (${b.provider}, ${b.counterparty}): ${b.amountUsd === null ? 'undisclosed' : money(b.amountUsd)}${b.dealHit ? ' (the deal is hit)' : ' (the counterparty survives: nothing at risk)'}`,
      );
  }
  if (r.otherDeals.length) {
    lines.push('');
    lines.push(`Also naming ${r.entity}, not backlog: ${r.otherDeals.map((d) => `${d.dealId} (${d.reason})`).join('; ')}.`);
  }
  lines.push('');
  lines.push(`"(low)": with the undisclosed backstops covering all. Price impact: ${r.priceImpactMethod}.`);
  for (const n of r.notes) lines.push(`Note: ${n}.`);
  return lines.join('\n');
}

const signedPct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${pct(v)}` : '–');

export function renderScenario(r: ScenarioResult, equalWeightUniverse = false): string {
  const lines: string[] = [];
  if (r.kind === 'replay') {
    lines.push(`Replay: ${r.name} (${r.id}), ${r.start} to ${r.end}: ${r.description}.`);
    lines.push(`Factor returns over the window: ${r.factors.map((f) => `${f} ${signedPct(r.factorMoves[f] ?? NaN)}`).join(', ')}.`);
  } else {
    lines.push(`Shock: ${r.name} (${r.id}): ${r.description}.`);
    lines.push(
      `Moves: ${r.factors.map((f) => `${f} ${signedPct(r.factorMoves[f] ?? 0)}`).join(', ')}; betas over the ${r.lookbackDays} days to each symbol's own last date (at most ${r.asOf}).`,
    );
    lines.push(`Model: ${r.model}.`);
  }
  lines.push('');
  const f = r.factors;
  const header =
    r.kind === 'replay'
      ? ['Symbol', 'From', 'To', 'Actual', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Unexplained', 'Note']
      : ['Symbol', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Predicted', '90% band', 'sd β', 'sd ε', 'R²', 'Betas to', 'Note'];
  const sdCells = (b: Band | null) => (b ? [pct(b.sdBetas), pct(b.sdResidual)] : ['–', '–']);
  const contrib = (row: { contributions: Array<{ factor: string; contribution: number }> }, x: string) =>
    signedPct(row.contributions.find((c) => c.factor === x)?.contribution ?? NaN);
  const betaOf = (row: { contributions: Array<{ factor: string; beta: number }> }, x: string) =>
    num(row.contributions.find((c) => c.factor === x)?.beta ?? NaN, 2);
  const rows = r.symbols.map((s) =>
    r.kind === 'replay'
      ? [
          s.symbol,
          s.start ?? '–',
          s.end ?? '–',
          signedPct(s.actual),
          ...f.map((x) => betaOf(s, x)),
          ...f.map((x) => contrib(s, x)),
          signedPct(s.unexplained),
          s.note ?? '',
        ]
      : [
          s.symbol,
          ...f.map((x) => betaOf(s, x)),
          ...f.map((x) => contrib(s, x)),
          signedPct(s.explained),
          s.band ? `${pct(s.band.low)} … ${pct(s.band.high)}` : '–',
          ...sdCells(s.band),
          num(s.regression?.r2 ?? NaN, 2),
          s.asOf ?? '–',
          s.note ?? '',
        ],
  );
  const p = r.portfolio;
  if (p) {
    const label = equalWeightUniverse ? 'Portfolio (equal)' : 'Portfolio';
    rows.push(
      r.kind === 'replay'
        ? [
            label,
            '',
            '',
            signedPct(p.actual),
            ...f.map(() => ''),
            ...f.map((x) => contrib(p, x)),
            signedPct(p.unexplained),
            p.excluded.length ? `covers ${pct(p.coverage, 0)} of the weight` : '',
          ]
        : [
            label,
            ...f.map(() => ''),
            ...f.map((x) => contrib(p, x)),
            signedPct(p.explained),
            p.band ? `${pct(p.band.low)} … ${pct(p.band.high)}` : '–',
            ...sdCells(p.band),
            num(p.regression?.r2 ?? NaN, 2),
            p.regression?.to ?? '–',
            p.excluded.length ? `covers ${pct(p.coverage, 0)} of the weight` : '',
          ],
    );
  }
  const noteCol = header.length - 1;
  lines.push(formatTable(header, rows, r.kind === 'replay' ? [0, 1, 2, noteCol] : [0, noteCol - 5, noteCol - 1, noteCol]));
  if (p) {
    lines.push('');
    lines.push(`Portfolio weights: ${p.requested.map((w) => `${w.symbol} ${pct(w.weight, 1)}`).join(', ')}.`);
    lines.push(`Portfolio coverage: ${p.survivorship}.`);
    if (p.excluded.length) lines.push(`Left out (weights renormalised over the rest): ${p.excluded.map((e) => `${e.symbol} (${e.reason})`).join('; ')}.`);
  }
  lines.push('');
  if (r.kind === 'shock')
    lines.push('sd β, sd ε: the band’s two parts in log-return units — the betas’ estimation uncertainty for this shock, and the residual.');
  for (const n of r.notes) lines.push(`Note: ${n}.`);
  return lines.join('\n');
}
