/**
 * `hashpivot economics [SYMBOL...] [--hashprice N] [--json]`: per miner, what a MW earns per year
 * mining against what it earns leased to an AI/HPC tenant, from the catalog's fleet facts and
 * deals. The maths is in src/core/economics; the hashprice, BTC's price and the fees per block
 * are those of the as-of day from the network data and BTC's close (`hashpivot network`), unless
 * given with --hashprice, --btc-price, --fees-btc.
 */
import { minerEconomics, type MinerEconomics } from '../../core/economics';
import { normaliseSymbol } from '../../core/universe';
import { listedCatalog, type CatalogFiles } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { CACHE_DIR_HELP, ENDPOINT_HELP, MARKET_OPTIONS, marketOptions, parseOptions, SOURCE_HELP } from '../options';
import { hashpriceOn, hashpriceSource, type NetworkCommandOptions } from './network';
import { dash, formatTable, num, usd } from '../table';

const money = (v: number | null) => usd(v === null ? null : Math.round(v));

export const ECONOMICS_USAGE = `Usage: hashpivot economics [SYMBOL...] [options]

Per miner, per MW-year: mining revenue = hashprice × (1,000 ÷ J/TH) PH/s × 365, net of power
(USD/MWh × 8,760) where the catalog has a power price; AI/HPC revenue of its contracted lease,
colocation and JV deals = value ÷ term ÷ MW (combined weighted by MW, on one MW basis; GPU cloud
contracts such as IREN–Microsoft are not comparable and left out); their ratio; the breakeven BTC
price (BTC price × AI ÷ mining, at fixed difficulty and fee share); mining after the next halving
(block 1,050,000) and after difficulty growth. A figure whose fact is missing is "–" (null with
its reason in --json).

The hashprice is the as-of day's (as \`hashpivot network\` computes it: difficulty, subsidy, fees
per block where known, BTC's close), and so are the BTC price and the fees; the options below
replace them.

Options:
  --as-of YYYY-MM-DD       the day (default: the latest day with network data and a BTC close)
  --hashprice N            a hashprice of your own, USD per PH/s per day
  --btc-price N            the BTC price the hashprice is at (for the breakeven)
  --fees-btc N             transaction fees per block, BTC (for the halving)
  --difficulty-growth G    annual difficulty growth as a fraction (0.3 = 30%)
  --years T                years of difficulty growth (default 1)
  --catalog FILE           a catalog override file merged over the shipped one
  --json                   JSON: hashpriceUsdPerPhDay, asOf, source, assumptions, miners[]
${SOURCE_HELP}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}
  -h, --help               this text`;

function numberOption(name: string, v: string | undefined, min: number, max: number): number | null {
  if (v === undefined) return null;
  const n = Number(v.trim().replace(/_/g, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new CliError(`${name} must be a number from ${min} to ${max}, got "${v}"`);
  return n;
}

export async function economicsCommand(argv: string[], io: Io, opts: CatalogFiles & NetworkCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, ECONOMICS_USAGE, {
    ...MARKET_OPTIONS,
    hashprice: { type: 'string' },
    'btc-price': { type: 'string' },
    'fees-btc': { type: 'string' },
    'difficulty-growth': { type: 'string' },
    years: { type: 'string' },
    catalog: { type: 'string' },
  });
  if (values.help) {
    io.out(ECONOMICS_USAGE);
    return 0;
  }
  const given = numberOption('--hashprice', values.hashprice, 0, 1e6);
  const c = marketOptions(values);
  // The day's hashprice from the network data, unless one is given.
  const day = given === null ? await hashpriceOn(c, io, opts) : undefined;
  const hashprice = given ?? (day && Number.isFinite(day.point.usdPerPhDay) ? day.point.usdPerPhDay : null);
  const asOf = day?.point.date ?? c.asOf ?? null;
  const source = day ? hashpriceSource(day.network.series.origin, day.btc.origin) : given === null ? null : '--hashprice';
  const dayFees = day?.point.feesKnown ? day.point.feesPerBlockBtc : null;
  const assumptions = {
    hashpriceUsdPerPhDay: hashprice,
    hashpriceIncludesFees: day ? day.point.feesKnown : null,
    btcUsd: numberOption('--btc-price', values['btc-price'], 0, 1e9) ?? day?.point.btcUsd ?? null,
    feesBtcPerBlock: numberOption('--fees-btc', values['fees-btc'], 0, 100) ?? dayFees,
    difficultyGrowth: numberOption('--difficulty-growth', values['difficulty-growth'], -0.99, 100),
    years: numberOption('--years', values.years, 0, 50) ?? 1,
  };
  const { catalog, described, exitCode } = listedCatalog(values.catalog, io, opts);
  const tickers = positionals.length ? positionals.map(normaliseSymbol) : catalog.tickers();
  for (const t of tickers) if (!catalog.miner(t)) throw new CliError(`unknown ticker "${t}" (the catalog has ${catalog.tickers().join(', ')})`);
  const miners: MinerEconomics[] = tickers.map((t) => minerEconomics(t, catalog.miner(t)!.fleet, catalog.dealsOf(t), assumptions));

  if (values.json) {
    const { hashpriceUsdPerPhDay, ...rest } = assumptions;
    io.out(
      JSON.stringify(
        {
          hashpriceUsdPerPhDay,
          asOf,
          source,
          assumptions: rest,
          ...(hashprice === null ? { reason: 'no hashprice: mining figures are null' } : {}),
          miners,
        },
        null,
        2,
      ),
    );
    return exitCode;
  }
  const header = ['Ticker', 'J/TH', 'Mining/MW-y', 'Net/MW-y', 'AI/MW-y', 'MW basis', 'AI÷mining', 'Breakeven BTC', 'After halving', 'After growth'];
  const rows = miners.map((e) => [
    e.symbol,
    e.efficiencyJTH === null ? dash : num(e.efficiencyJTH, 1),
    money(e.miningRevenuePerMwYearUsd),
    money(e.miningNetPerMwYearUsd),
    money(e.aiRevenuePerMwYearUsd),
    e.basis.aiMw ?? dash,
    e.aiToMiningRatio === null ? dash : `${num(e.aiToMiningRatio, 2)}×`,
    money(e.breakevenBtcUsd),
    money(e.miningAfterHalvingPerMwYearUsd),
    money(e.miningAfterGrowthPerMwYearUsd),
  ]);
  io.out(formatTable(header, rows, [0, 5]));
  io.out('');
  io.out(
    hashprice === null
      ? 'No hashprice: mining figures are "–".'
      : `Hashprice ${num(hashprice, 2)} USD/PH/s/day${asOf ? ` on ${asOf}` : ''}${day && !day.point.feesKnown ? ' (subsidy only: no fee data)' : ''}, from ${source}.`,
  );
  io.out("Mining MW: ASIC power at the fleet efficiency, full load all year, before pool fees. AI MW: the deals' MW basis (critical IT");
  io.out('unless said); AI revenue: contract value spread evenly over the initial term. "–": a fact is missing (see --json reasons).');
  io.out(described);
  return exitCode;
}
