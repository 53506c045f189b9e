/**
 * `hashpivot scenario list | NAME | --from DATE --to DATE | --shock F=V,... [--weights S=W,...]`
 * and the market-data options: historical replays and hypothetical factor shocks through the
 * betas, per symbol and for a portfolio. Every argument is checked before any data is loaded:
 * bad input gives a message and exit status 2, nothing else.
 */
import { AI_FACTOR, BUILTIN_FACTORS, factorSpec, type FactorSpec } from '../../core/pivot';
import { analyticsToJson, findScenario, parseShocks, SCENARIOS, type Band, type ReplayDefinition, type ScenarioResult, type Weight } from '../../core/scenario';
import type { IsoDate } from '../../core/types';
import { normaliseSymbol } from '../../core/universe';
import { formatMoney, formatPercent } from '../../shared/format';
import { scenarioFigures, scenarioJson } from '../../tools/figures';
import { PORTFOLIO_FILE_HELP, readHoldingsFile } from '../holdings';
import { CliError, type Io } from '../io';
import { ANALYTICS_OPTIONS_HELP, cliErrors, inputError, portfolioWeights, sourceLine, storeFor, type AnalyticsCommandOptions } from '../marketData';
import { checkDate, intOption, MARKET_OPTIONS, marketOptions, parseOptions } from '../options';
import { formatTable, num, pct } from '../table';

export const SCENARIO_USAGE = `Usage: hashpivot scenario list
       hashpivot scenario NAME [options]
       hashpivot scenario --from YYYY-MM-DD --to YYYY-MM-DD [options]
       hashpivot scenario --shock FACTOR=MOVE[,FACTOR=MOVE...] [options]

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
${ANALYTICS_OPTIONS_HELP}`;

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
    `\nAlso: --from DATE --to DATE (your own window), --shock F=M,... (factors ${BUILTIN_FACTORS.map(describeFactor).join(', ')}, or any known symbol).`
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
  });
  if (values.help) {
    io.out(SCENARIO_USAGE);
    return 0;
  }
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
