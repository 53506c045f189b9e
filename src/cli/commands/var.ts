/**
 * `hashpivot var [--weights S=W,... | --portfolio FILE] [--paths N] [--seed S] [--block L] [--horizon D]` and the
 * market-data options: block-bootstrap VaR and expected shortfall of a weighted portfolio, with
 * their convergence. Every argument is checked before any data is loaded: bad input gives a
 * message and exit status 2, nothing else.
 */
import { analyticsToJson, DEFAULT_BLOCK, DEFAULT_OUTER, DEFAULT_PATHS, MAX_PATHS, type PortfolioVarResult, type SamplingInterval } from '../../core/scenario';
import { formatMoney } from '../../shared/format';
import { varFigures, varJson } from '../../tools/figures';
import { PORTFOLIO_FILE_HELP, readHoldingsFile } from '../holdings';
import { CliError, type Io } from '../io';
import { ANALYTICS_OPTIONS_HELP, cliErrors, portfolioWeights, sourceLine, storeFor, type AnalyticsCommandOptions } from '../marketData';
import { intOption, MARKET_OPTIONS, marketOptions, parseOptions } from '../options';
import { formatTable, pct } from '../table';

export const VAR_USAGE = `Usage: hashpivot var [options]

Block-bootstrap VaR and expected shortfall (95%, 99%) of a weighted portfolio's daily returns
(common sessions, daily rebalanced) over the last 365 days, with two uncertainties: the Monte
Carlo error (± the std across 10 independent runs; it shrinks with more paths, shown as the
convergence) and the sampling uncertainty of the estimate itself (a 95% interval from re-running
it on 200 block-bootstrap resamples of the history; only more data would shrink it). Seeded: the
same seed gives the same numbers. VaR and ES are returns: a loss is negative.

Options:
  --weights SYM=W,...      the portfolio (default: every miner, equal weights)
${PORTFOLIO_FILE_HELP};
                           weights from market values on the as-of date, VaR/ES also in USD
  --paths N                bootstrap paths (default ${DEFAULT_PATHS.toLocaleString('en-US')}, at most ${MAX_PATHS.toLocaleString('en-US')})
  --seed S                 integer seed 0..4294967295 (default 1)
  --block L                block length in sessions (default ${DEFAULT_BLOCK})
  --method circular|stationary
                           fixed circular blocks (default) or geometric block lengths of mean L
  --horizon D              days per path, compounded (default 1)
  --lookback DAYS          days of history resampled (default 365)
  --outer N                resampled histories for the 95% sampling interval (default ${DEFAULT_OUTER}; 0: none)
${ANALYTICS_OPTIONS_HELP}`;

export async function varCommand(argv: string[], io: Io, opts: AnalyticsCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, VAR_USAGE, {
    ...MARKET_OPTIONS,
    weights: { type: 'string' },
    portfolio: { type: 'string' },
    paths: { type: 'string' },
    seed: { type: 'string' },
    block: { type: 'string' },
    method: { type: 'string' },
    horizon: { type: 'string' },
    lookback: { type: 'string' },
    outer: { type: 'string' },
  });
  if (values.help) {
    io.out(VAR_USAGE);
    return 0;
  }
  if (positionals.length)
    throw new CliError(`var takes no positional arguments, got ${positionals.join(' ')} (a portfolio is --weights SYM=W,...)\n\n${VAR_USAGE}`);
  const c = marketOptions(values);
  const paths = intOption('--paths', values.paths, 100, MAX_PATHS) ?? DEFAULT_PATHS;
  const seed = intOption('--seed', values.seed, 0, 0xffffffff) ?? 1;
  const block = intOption('--block', values.block, 1, 260) ?? DEFAULT_BLOCK;
  const horizon = intOption('--horizon', values.horizon, 1, 260) ?? 1;
  const lookback = intOption('--lookback', values.lookback, 30, 3650);
  const outer = intOption('--outer', values.outer, 0, 10_000);
  const method = values.method ?? 'circular';
  if (method !== 'circular' && method !== 'stationary') throw new CliError(`--method must be circular or stationary, got "${method}"`);
  if (values.portfolio !== undefined && values.weights !== undefined) throw new CliError('give --weights or --portfolio, not both');

  const store = storeFor(c, io, opts);
  const holdings = values.portfolio !== undefined ? { label: values.portfolio, holdings: readHoldingsFile(values.portfolio, store, io) } : undefined;
  const weights = holdings ? [] : portfolioWeights(values.weights).weights;
  const figures = await cliErrors(() =>
    varFigures(store, { weights, holdings, asOf: c.asOf, lookbackDays: lookback, paths, seed, blockLength: block, horizon, method, outer }),
  );
  const { result, prices } = figures;
  const usd = figures.holdings;
  if (c.json) io.out(analyticsToJson(varJson(figures)));
  else {
    let text = renderVar(result);
    if (usd)
      text +=
        `\n\nOn the holdings of ${usd.file}: ${formatMoney(usd.invested)} in positions (cash ${formatMoney(usd.cash)} is left out; value ${formatMoney(usd.value)}). ` +
        usd.estimates.map((e) => `VaR ${pct(e.confidence, 0)} ${formatMoney(e.varUsd)}, ES ${formatMoney(e.esUsd)}`).join('; ') +
        ` over ${result.horizon} day${result.horizon === 1 ? '' : 's'}.`;
    io.out(text + `\n${sourceLine(prices)}`);
  }
  return 0;
}

export function renderVar(r: PortfolioVarResult): string {
  const lines = [
    `Portfolio: ${r.weights.map((w) => `${w.symbol} ${pct(w.weight, 1)}`).join(', ')}.`,
    `${r.sampleSize} daily returns on common sessions ${r.from} to ${r.to} (daily rebalanced), as of ${r.asOf}.`,
    `Block bootstrap: ${r.method === 'circular' ? `circular, fixed blocks of ${r.blockLength}` : `stationary, mean block ${r.blockLength}`} sessions; horizon ${r.horizon} day${r.horizon === 1 ? '' : 's'}; ${r.paths.toLocaleString('en-US')} paths; seed ${r.seed}.`,
    '',
  ];
  const se = (v: number) => (Number.isFinite(v) ? `±${pct(v, 2)}` : '–');
  const ci = (v: SamplingInterval | null) => (v ? `${pct(v.low, 2)} … ${pct(v.high, 2)}` : '–');
  lines.push(
    formatTable(
      ['Confidence', 'VaR', '± MC se', '95% interval (data)', 'ES', '± MC se', '95% interval (data)', 'Historical VaR', 'Historical ES'],
      r.estimates.map((e) => [
        pct(e.confidence, 0),
        pct(e.var, 2),
        se(e.varSe),
        ci(e.varInterval),
        pct(e.es, 2),
        se(e.esSe),
        ci(e.esInterval),
        pct(e.historicalVar, 2),
        pct(e.historicalEs, 2),
      ]),
    ),
  );
  lines.push('');
  lines.push(
    '± MC se: the Monte Carlo error of the estimate with these paths (more paths shrink it; it says nothing about the data). ' +
      (r.sampling
        ? `95% interval (data): the sampling uncertainty — ${r.sampling.method}. It is what another ${r.sampleSize} days like these could have given; only more history narrows it.`
        : 'No sampling interval (--outer 0).'),
  );
  lines.push('');
  lines.push(`Convergence (estimate from the first N paths; ± the std of an N-path estimate across ${r.replications} independent runs):`);
  const cb = r.convergence.byConfidence;
  const header = ['Paths', ...cb.flatMap((b) => [`VaR ${pct(b.confidence, 0)}`, '±', `ES ${pct(b.confidence, 0)}`, '±'])];
  const rows = r.convergence.paths.map((n, i) => [
    n.toLocaleString('en-US'),
    ...cb.flatMap((b) => [pct(b.var[i]!, 2), se(b.varSe[i]!), pct(b.es[i]!, 2), se(b.esSe[i]!)]),
  ]);
  lines.push(formatTable(header, rows, []));
  lines.push('');
  lines.push(
    'VaR and ES are returns over the horizon (a loss is negative). VaR: the type-7 quantile of the path returns; ES: the mean of the worst ⌊(n−1)α⌋+1 paths. Historical: the same on the sample (overlapping returns for a multi-day horizon).',
  );
  if (r.horizon === 1)
    lines.push('With a 1-day horizon every path is one of the sample’s days, so the VaR settles on one of them (its ± can be 0); ES still averages.');
  return lines.join('\n');
}
