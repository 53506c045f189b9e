/**
 * The economics line of a miner's hover and of its Miners view tooltip: what one MW earns a year
 * mining at the day's hashprice against what it earns leased (src/core/economics), with the
 * hashprice's day and whether fees are in it. Reads memory only: when the network data is not
 * loaded it starts the load in the background (`NetworkService.requestLoad`) and says so; the
 * hover shows the line the next time, the tree refreshes on `onDidLoad`.
 */
import { economicsAssumptions, economicsSummary, minerEconomics } from '../core/economics';
import { escapeMarkdown } from '../core/markdown';
import { describeOrigin } from '../core/format';
import type { CatalogService } from './catalogService';
import type { MarketService } from './market';
import type { NetworkService } from './network';

/** Markdown lines (already escaped), or undefined when the symbol is not a miner of the catalog. */
export function economicsMarkdown(symbol: string, network: NetworkService | undefined, market: MarketService, catalog: CatalogService): string | undefined {
  const cat = catalog.current();
  const miner = cat.miner(symbol);
  if (!miner || !network) return undefined;
  const title = '**Mining vs leasing, per MW-year**';
  if (!network.current) {
    if (network.lastError) return `${title}: *no bitcoin network data (${escapeMarkdown(network.lastError)})*`;
    if (market.lastRefresh) network.requestLoad();
    return `${title}: *loading the bitcoin network data…*`;
  }
  const btc = market.peek('BTC');
  const day = network.latestDay(btc);
  if (!day) return `${title}: *no day with both network data and a BTC close in memory*`;
  const e = minerEconomics(symbol, miner.fleet, cat.dealsOf(symbol), economicsAssumptions(day));
  const s = economicsSummary(e, day);
  const origin = describeOrigin(network.current.series.origin, Date.now());
  const lines = [`${title}  `, `${escapeMarkdown(s.text)}  `];
  if (s.missing.length) lines.push(`*${escapeMarkdown(s.missing.join('; '))}*  `);
  lines.push(`*${escapeMarkdown(`${s.basis}; network data: ${origin}`)}*`);
  return lines.join('\n');
}
