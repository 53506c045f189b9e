/**
 * `economics [SYMBOL...] [as-of=…]`: per miner, per MW-year, mining revenue at the day's hashprice
 * against AI/HPC revenue of its contracted leases, as `hashpivot economics` prints them
 * (src/core/economics minerEconomics on the day's hashprice, BTC close and fees from the network
 * data in memory). A missing figure is "–" with its reason in the cell's tooltip and in the notes;
 * nothing is estimated in its place. Pure.
 */
import { formatUsd } from '../../shared/format';
import { economicsAssumptions, economicsSummary, minerEconomics, type MinerEconomics } from '../economics';
import { describeOrigin } from '../format';
import { hashpriceAsOf, hashpriceHistory, networkUpTo } from '../network';
import { isoDay, mdTable, problem, type BlockBody } from './common';
import type { BlockContext } from './context';
import { table, type Cell } from './html';
import type { EconomicsBlock } from './parse';
import { blockMiners } from './listings';

const DASH = '–';

/** What the columns are, under the table. */
export const ECONOMICS_NOTE =
  "Mining/MW-y: hashprice × (1,000 ÷ J/TH) PH/s × 365 (net: less the power price × 8,760 h where the catalog has one). AI/MW-y: contracted lease, colocation and JV deals, value ÷ term ÷ MW (GPU cloud contracts are not comparable and left out). Breakeven: the BTC price at which a mining MW earns what a leased MW earns, at the same difficulty and fee share. After halving: mining at block 1,050,000 with the day's fees.";

const BASIS = { 'critical-it': 'critical IT', gross: 'gross', unknown: 'unknown' } as const;

export function renderEconomics(block: EconomicsBlock, ctx: BlockContext, now: Date): BlockBody {
  const cat = ctx.catalog;
  const { tickers, miners } = blockMiners(block, ctx);
  const btc = ctx.series('BTC');
  const net = ctx.network?.() ?? { reason: 'no bitcoin network data here' };
  if ('reason' in net) problem('no-data', `no bitcoin network data: ${net.reason}`);
  if (!btc || btc.dates.length === 0) problem('no-data', 'no BTC daily closes in memory (the hashprice needs them)', undefined, 'BTC');
  const series = block.asOf ? networkUpTo(net.series, block.asOf) : net.series;
  const day = hashpriceAsOf(hashpriceHistory(series, btc), block.asOf);
  if (!day)
    problem(
      'no-data',
      `no day with both network data and a BTC close${block.asOf ? ` on or before ${block.asOf}` : ''} (network ${net.series.dates[0] ?? DASH} … ${net.series.dates.at(-1) ?? DASH}, BTC ${btc.dates[0]} … ${btc.dates.at(-1)})`,
      block.asOfSpan,
    );
  const assumptions = economicsAssumptions(day);
  const rows: Array<{ e: MinerEconomics; missing: string[] }> = miners.map((m) => {
    const e = minerEconomics(m.ticker, m.fleet, cat.dealsOf(m.ticker), assumptions);
    return { e, missing: economicsSummary(e, day).missing };
  });
  const money = (e: MinerEconomics, key: keyof MinerEconomics & keyof MinerEconomics['reasons'] & string): Cell => {
    const v = e[key];
    return typeof v === 'number' && Number.isFinite(v)
      ? { text: formatUsd(Math.round(v)), num: true }
      : { text: DASH, num: true, title: e.reasons[key] ?? 'unknown' };
  };
  const header = ['Ticker', 'J/TH', 'Mining/MW-y', 'Net/MW-y', 'AI/MW-y', 'MW basis', 'AI ÷ mining', 'Breakeven BTC', 'After halving'];
  const cells: Cell[][] = rows.map(({ e }) => [
    { text: e.symbol },
    e.efficiencyJTH === null ? { text: DASH, num: true, title: e.reasons.efficiencyJTH ?? 'unknown' } : { text: String(e.efficiencyJTH), num: true },
    money(e, 'miningRevenuePerMwYearUsd'),
    money(e, 'miningNetPerMwYearUsd'),
    money(e, 'aiRevenuePerMwYearUsd'),
    { text: e.basis.aiMw ? BASIS[e.basis.aiMw] : DASH },
    e.aiToMiningRatio === null
      ? { text: DASH, num: true, title: e.reasons.aiToMiningRatio ?? 'unknown' }
      : { text: `${e.aiToMiningRatio.toFixed(2)}×`, num: true },
    money(e, 'breakevenBtcUsd'),
    money(e, 'miningAfterHalvingPerMwYearUsd'),
  ]);
  const hp = `${day.usdPerPhDay.toFixed(2)} USD/PH/day on ${day.date}`;
  const notes = [
    day.feesKnown
      ? `Hashprice ${hp}: subsidy ${day.subsidyBtc} BTC + fees ${day.feesPerBlockBtc.toFixed(4)} BTC per block (fee share ${(day.feeShare * 100).toFixed(2)}%), difficulty ${(day.difficulty / 1e12).toFixed(2)} T, BTC close ${formatUsd(Math.round(day.btcUsd))}.`
      : `Hashprice ${hp}, subsidy only (the network data has no fees for that day): difficulty ${(day.difficulty / 1e12).toFixed(2)} T, BTC close ${formatUsd(Math.round(day.btcUsd))}.`,
    ECONOMICS_NOTE,
    ...rows.filter((r) => r.missing.length).map((r) => `${r.e.symbol}: ${r.missing.join('; ').replace(/\.$/, '')}.`),
  ];
  if (block.asOf && day.date !== block.asOf) notes.unshift(`No network data or BTC close on ${block.asOf}: the figures are those of ${day.date}.`);
  const catalogAsOf = cat.asOf ?? isoDay(now);
  if (block.asOf) notes.push(`The catalog keeps no history: fleet facts and deals are its figures as of ${catalogAsOf}.`);
  const source = `network: ${describeOrigin(net.series.origin, now.getTime())}; BTC: ${describeOrigin(btc.origin, now.getTime())}; catalog as of ${catalogAsOf}`;
  return {
    title: block.symbols.length ? `Mining vs leasing per MW-year: ${tickers.join(', ')}` : 'Mining vs leasing per MW-year',
    asOf: day.date,
    source,
    content: table(header, cells, { className: 'hashpivot-economics-table' }),
    notes,
    markdownTable: mdTable(
      header,
      cells.map((r) => r.map((c) => c.text)),
      ['l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
    ),
  };
}
