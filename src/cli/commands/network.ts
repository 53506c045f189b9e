/**
 * `hashpivot network [--as-of DATE] [--source …] [--json]`: the Bitcoin network as of a date —
 * difficulty, hashrate from it, the block subsidy, fees per block where known, BTC's close, the
 * hashprice (USD per PH/s per day) and the fee share — with where each came from. The maths is
 * src/core/network; network data from src/data/network.ts, BTC from the market store.
 */
import path from 'node:path';
import {
  estimateHeightOnDay,
  estimateNextHalving,
  hashpriceAsOf,
  hashpriceHistory,
  networkUpTo,
  pastHalvings,
  halvingDate,
  type HashpricePoint,
} from '../../core/network';
import type { DataOrigin } from '../../core/types';
import { createNetworkStore, NETWORK_SNAPSHOT_FILE } from '../../data/createNetworkStore';
import type { NetworkStore } from '../../data/network';
import { ProviderError } from '../../data/provider';
import type { MarketStore } from '../../data/store';
import { httpTimeoutFromEnv } from '../context';
import { CliError, type Io } from '../io';
import { loadSeries, storeFor } from '../marketData';
import {
  asOfHelp,
  CACHE_DIR_HELP,
  ENDPOINT_HELP,
  HELP_HELP,
  jsonHelp,
  MARKET_OPTIONS,
  marketOptions,
  parseOptions,
  SOURCE_HELP,
  type MarketOptions,
} from '../options';
import { defaultCacheDir, snapshotFile } from '../paths';
import { proxyFetch } from '../proxy';
import { formatTable, num } from '../table';
import { messageOf } from '../../shared/errors';

export const NETWORK_USAGE = `Usage: hashpivot network [options]

The Bitcoin network as of a date: difficulty D, hashrate H = D·2³²/600, the block subsidy (50 BTC
halved every 210,000 blocks), fees per block where the source has them, BTC's daily close, and
the hashprice: expected USD per PH/s per day = 86,400 × 10¹⁵ × (subsidy + fees per block) × price
÷ (D × 2³²), with the share of fees in it. Network data: blockchain.com's charts API (difficulty,
transaction fees ÷ 144 blocks a day), cached; offline the embedded daily difficulty (no fees:
the hashprice is then the subsidy's alone, and says so).

Options:
${asOfHelp('the day (default: the latest day with both network data and a BTC close)')}
${SOURCE_HELP}
${jsonHelp('JSON: numbers as numbers, null with a reason where unknown')}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}
${HELP_HELP}`;

export interface NetworkCommandOptions {
  /** Stores a test passes instead of the CLI's. */
  store?: MarketStore;
  network?: NetworkStore;
}

function cliNetworkStore(c: MarketOptions, io: Io): NetworkStore {
  const verbose = process.env.HASHPIVOT_LOG === 'debug';
  return createNetworkStore({
    mode: c.mode,
    endpoints: c.endpoints,
    fetch: proxyFetch(),
    timeoutMs: httpTimeoutFromEnv(),
    cacheDir: c.cacheDir ?? defaultCacheDir(),
    snapshotFile: path.join(path.dirname(snapshotFile()), NETWORK_SNAPSHOT_FILE),
    log: (level, message) => {
      if (level === 'error' || verbose) io.err(`[${level}] ${message}`);
    },
  });
}

function originText(o: DataOrigin): string {
  const when = o.kind === 'live' ? 'live' : `${o.kind} ${o.asOf.slice(0, 10)}`;
  return `${o.provider} (${when})${o.note ? `: ${o.note}` : ''}`;
}

/** The hashprice on the as-of date (or the latest day with network data and a BTC close), with the series and origins it came from. */
export async function hashpriceOn(c: MarketOptions, io: Io, opts: NetworkCommandOptions = {}) {
  const networkStore = opts.network ?? cliNetworkStore(c, io);
  let network;
  try {
    network = await networkStore.series();
  } catch (e) {
    if (e instanceof ProviderError) throw new CliError(`no network data: ${messageOf(e)}`, 1);
    throw e;
  }
  const store = storeFor(c, io, { store: opts.store });
  const btc = await loadSeries(store, 'BTC', c.asOf);
  const series = c.asOf ? networkUpTo(network.series, c.asOf) : network.series;
  const history = hashpriceHistory(series, btc);
  const point = hashpriceAsOf(history, c.asOf);
  if (!point)
    throw new CliError(
      `no day with both network data and a BTC close${c.asOf ? ` on or before ${c.asOf}` : ''} (network ${series.dates[0] ?? '–'} … ${series.dates.at(-1) ?? '–'})`,
      1,
    );
  if (c.asOf && point.date !== c.asOf) io.err(`[warn] no network data or BTC close on ${c.asOf}: showing ${point.date}`);
  return { point, network, btc, series };
}

/** Where a hashprice came from, in one line: the network data's origin and BTC's. */
export function hashpriceSource(network: DataOrigin, btc: DataOrigin): string {
  return `network: ${originText(network)}; BTC: ${originText(btc)}`;
}

export async function networkCommand(argv: string[], io: Io, opts: NetworkCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, NETWORK_USAGE, MARKET_OPTIONS);
  if (values.help) {
    io.out(NETWORK_USAGE);
    return 0;
  }
  if (positionals.length) throw new CliError(`network takes no arguments, got "${positionals.join(' ')}"\n\n${NETWORK_USAGE}`);
  const c = marketOptions(values);
  const { point, network, btc, series } = await hashpriceOn(c, io, opts);
  const height = network.series.tip?.height ?? estimateHeightOnDay(point.date);
  const heightIsEstimate = network.series.tip === undefined;
  const next = estimateNextHalving(height, Date.parse(`${point.date}T00:00:00Z`));
  const lastHalving = pastHalvings()
    .filter((h) => halvingDate(h) <= point.date)
    .at(-1);
  const feesReason = point.feesKnown
    ? undefined
    : series.feesPerBlockBtc === undefined
      ? `${network.series.origin.provider} gave no fees (${network.series.origin.kind === 'snapshot' ? 'the embedded snapshot has difficulty only' : 'the fees request failed'})`
      : `no fee figure for ${point.date}`;

  if (c.json) {
    io.out(
      JSON.stringify(
        networkJson(point, {
          feesReason,
          height,
          heightIsEstimate,
          next,
          lastHalving,
          network: network.series.origin,
          btc: btc.origin,
          problems: network.problems,
        }),
        null,
        2,
      ),
    );
    return 0;
  }
  const rows: [string, string][] = [
    ['difficulty', `${num(point.difficulty / 1e12, 2)} T`],
    ['hashrate (D·2³²/600)', `${num(point.hashrateHs / 1e18, 1)} EH/s`],
    ['block subsidy', `${num(point.subsidyBtc, 4)} BTC${point.halving ? ` (halving ${point.halving.height} this day: time-weighted)` : ''}`],
    ['fees per block', point.feesKnown ? `${num(point.feesPerBlockBtc, 4)} BTC` : `unknown: ${feesReason}`],
    ['BTC close', `${num(point.btcUsd, 2)} USD`],
    ['hashprice', `${num(point.usdPerPhDay, 2)} USD/PH/day (${num(point.usdPerThDay, 4)} USD/TH/day)${point.feesKnown ? '' : ', subsidy only'}`],
    ['fee share', point.feesKnown ? `${num(point.feeShare * 100, 2)}%` : 'unknown'],
    ['height', `${height.toLocaleString('en-US')}${heightIsEstimate ? ' (estimate: 144 blocks a day since the last halving)' : ''}`],
    [
      'next halving',
      `${next.height.toLocaleString('en-US')} → ${next.subsidyBtc} BTC, about ${next.estimatedDate} (estimate: ${next.blocksToGo.toLocaleString('en-US')} blocks at 10 minutes)`,
    ],
  ];
  io.out(`Bitcoin network on ${point.date}`);
  io.out(formatTable(['', ''], rows, [0, 1]).split('\n').slice(2).join('\n'));
  io.out('');
  io.out(`Network: ${originText(network.series.origin)}.`);
  io.out(`BTC: ${originText(btc.origin)}.`);
  for (const p of network.problems) io.out(`Note: live network data failed (${p}).`);
  return 0;
}

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function networkJson(
  p: HashpricePoint,
  x: {
    feesReason: string | undefined;
    height: number;
    heightIsEstimate: boolean;
    next: ReturnType<typeof estimateNextHalving>;
    lastHalving: { height: number; time: string } | undefined;
    network: DataOrigin;
    btc: DataOrigin;
    problems: string[];
  },
) {
  return {
    asOf: p.date,
    difficulty: p.difficulty,
    hashrateEhs: p.hashrateHs / 1e18,
    subsidyBtc: p.subsidyBtc,
    feesPerBlockBtc: p.feesKnown ? p.feesPerBlockBtc : null,
    ...(x.feesReason ? { feesReason: x.feesReason } : {}),
    btcUsd: p.btcUsd,
    hashprice: {
      usdPerPhDay: orNull(p.usdPerPhDay),
      usdPerThDay: orNull(p.usdPerThDay),
      subsidyOnlyUsdPerPhDay: orNull(p.subsidyUsdPerPhDay),
      includesFees: p.feesKnown,
    },
    feeShare: p.feesKnown ? orNull(p.feeShare) : null,
    ...(p.feesKnown ? {} : { feeShareReason: 'fees unknown' }),
    height: { value: x.height, estimate: x.heightIsEstimate, ...(x.heightIsEstimate ? { basis: '144 blocks a day since the last halving block' } : {}) },
    lastHalving: x.lastHalving ? { height: x.lastHalving.height, time: x.lastHalving.time } : null,
    nextHalving: x.next,
    halvingToday: p.halving ? p.halving.height : null,
    sources: { network: x.network, btc: x.btc },
    problems: x.problems,
  };
}
