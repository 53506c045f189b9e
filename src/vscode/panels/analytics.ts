/**
 * Pivot and scenario analytics for the panels, on the data in memory (the same engines as the
 * CLI's `pivot`, `scenario` and `var`).
 */
import { dayNumber, addDays } from '../../core/calendar';
import { pivotAnalysis, type PriceMap } from '../../core/pivot';
import { equalWeights, findScenario, parseShocks, portfolioVar, runReplay, runShock, type PortfolioVarResult, type Weight } from '../../core/scenario';
import { counterpartyCard, dataLabel, rangeStart } from '../../core/views/build';
import { catalogExposure } from '../../catalog';
import type { Figure } from '../../core/exposure';
import { formatUsd } from '../../shared/format';
import { basisInfo, pivotView, scenarioView } from '../../core/views/analyticsView';
import { AI_INFRA, MINERS } from '../../core/universe';
import type { DailySeries } from '../../core/types';
import type { Basis, CounterpartyDefaultCard, PivotView, RangeKey, ScenarioData } from '../../shared/protocol';
import type { PortfolioService } from '../portfolio/portfolioService';
import type { MarketService } from '../market';
import type { CatalogService } from '../catalogService';
import { messageOf } from '../../shared/errors';
import { csvCell, csvComment } from '../../core/csv';

export class AnalyticsService {
  private varCache: { key: string; value: PortfolioVarResult | { error: string } } | undefined;
  /** Live quotes asked for market caps (once per symbol and session), so a default card does not ask again on each redraw. */
  private readonly capsAsked = new Set<string>();
  /** Called when asked-for market caps arrived (the panel redraws its card). */
  onMarketCaps: (() => void) | undefined;

  constructor(
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly portfolio?: PortfolioService,
  ) {}

  private prices(extra: readonly string[] = []): { prices: PriceMap; series: DailySeries[] } {
    const map: Record<string, DailySeries> = {};
    for (const sym of [...MINERS.map((m) => m.symbol), ...AI_INFRA.map((m) => m.symbol), 'BTC', 'NDX', ...extra]) {
      const s = this.market.peek(sym);
      if (s) map[sym] = s;
    }
    return { prices: map as PriceMap, series: Object.values(map) };
  }

  /** The pivot card of a ticker: null when it is not a miner or the benchmarks are missing. */
  pivot(symbol: string, range: RangeKey): PivotView | null {
    if (!MINERS.some((m) => m.symbol === symbol) && !this.catalog.current().miner(symbol)) return null;
    const { prices } = this.prices();
    const subject = this.market.peek(symbol);
    if (!subject || !prices.BTC || !prices.NDX || subject.dates.length < 60) return null;
    const asOf = subject.dates.at(-1)!;
    try {
      const p = pivotAnalysis({ symbol, subject, prices, asOf, deals: this.catalog.current().dealsOf(symbol), rollingDays: 4000 });
      return pivotView(p, dayNumber(rangeStart(range, asOf, subject.dates[0]!)));
    } catch {
      return null;
    }
  }

  /**
   * Runs a named scenario or a custom shock (`custom:BTC=-0.3`) with the bootstrap VaR, on the
   * equal-weight miner portfolio or on the holdings (weights from market values). Holdings that
   * cannot be used (none, a position without a price, net short) fall back to the miners, and the
   * panel says why.
   */
  scenario(selection: string, basis: Basis = 'universe', counterparty: string | null = null): ScenarioData {
    const held = this.portfolio?.weights();
    const info = basisInfo(basis, held);
    const onHoldings = info.kind === 'portfolio' && held?.figures && held.weights.ok ? { totals: held.figures.valuation.totals, ...held.weights } : undefined;
    const { prices, series } = this.prices(onHoldings ? onHoldings.weights.map((w) => w.symbol) : []);
    let symbols: string[];
    let weights: Weight[];
    if (onHoldings) {
      weights = onHoldings.weights;
      symbols = weights.map((w) => w.symbol);
    } else {
      symbols = MINERS.map((m) => m.symbol).filter((s) => prices[s]);
      weights = equalWeights(symbols);
    }
    if (!prices.BTC || !prices.NDX || symbols.length === 0) throw new Error('no price data for the portfolio and the benchmarks yet');
    // The bootstrap needs the portfolio whole: the latest date every member has. A shock instead
    // estimates each member's betas to its own last date (runShock's default as-of: the factors' last date).
    const asOf = symbols.map((s) => prices[s]!.dates.at(-1)!).sort()[0]!;
    let result;
    if (selection.startsWith('custom:')) {
      const shocks = parseShocks(selection.slice('custom:'.length));
      result = runShock({ shocks, id: 'custom', name: `Custom shock ${selection.slice(7)}`, symbols, prices, weights });
    } else {
      const def = findScenario(selection);
      if (!def) throw new Error(`unknown scenario "${selection}"`);
      result =
        def.kind === 'replay'
          ? runReplay({ scenario: def, symbols, prices, weights })
          : runShock({ shocks: def.shocks, id: def.id, name: def.name, description: def.description, symbols, prices, weights });
    }
    const key = `${asOf}|${weights.map((w) => `${w.symbol}:${w.weight}`).join(',')}|${series.map((s) => s.dates.length).join(',')}`;
    if (this.varCache?.key !== key) {
      let value: PortfolioVarResult | { error: string };
      try {
        value = portfolioVar({ weights, prices, asOf, paths: 20000, seed: 1, blockLength: 5, horizon: 1 });
      } catch (e) {
        value = { error: messageOf(e) };
      }
      this.varCache = { key, value };
    }
    const view = scenarioView(
      result,
      this.varCache.value,
      selection,
      result.kind === 'shock' && result.asOf ? result.asOf : asOf,
      dataLabel(
        series.filter((s) => symbols.includes(s.symbol) || s.symbol === 'BTC' || s.symbol === 'NDX').filter((s) => s.dates.at(-1)! >= addDays(asOf, -400)),
        Date.now(),
      ),
      info,
      onHoldings ? { invested: onHoldings.invested, cash: onHoldings.totals.cash, value: onHoldings.totals.value } : undefined,
    );
    return { ...view, counterparty: this.counterpartyDefault(counterparty) };
  }

  /**
   * The counterparty-default card: the catalog's exposure model with the market caps that live
   * quotes in memory carry (yahoo gives them). Outside snapshot mode the hit miners' quotes are
   * asked for once in the background; the card redraws when they arrive (`onMarketCaps`).
   */
  counterpartyDefault(selected: string | null): CounterpartyDefaultCard {
    const cat = this.catalog.current();
    const store = this.market.marketStore;
    const caps: Record<string, Figure> = {};
    for (const t of cat.tickers()) {
      const q = store.peekQuote(t);
      if (q?.marketCap !== undefined && Number.isFinite(q.marketCap) && q.marketCap > 0) caps[t] = { value: q.marketCap };
    }
    // Snapshot data (the mode, or offline in auto): no live quote to ask, no market cap to get.
    const snapshot = this.market.mode === 'snapshot' || cat.tickers().every((t) => (this.market.peek(t)?.origin.kind ?? 'snapshot') === 'snapshot');
    const missing = snapshot ? 'no market cap: the embedded snapshot has prices only' : 'no market cap in the live quotes in memory';
    const model = catalogExposure(cat, { marketCaps: caps, missingMarketCapReason: missing });
    const known = Object.keys(caps);
    const card = counterpartyCard(model, selected, {
      catalogAsOf: cat.asOf,
      marketCapSource: known.length
        ? `live quotes (${known.map((t) => `${t} ${formatUsd(Math.round(caps[t]!.value!))}`).join(', ')})`
        : snapshot
          ? 'none (snapshot data: the embedded snapshot has prices only)'
          : 'none in memory yet',
    });
    if (!snapshot && card.result) {
      const wanted = card.result.rows.map((r) => r.symbol).filter((t) => !caps[t] && !this.capsAsked.has(t));
      for (const t of wanted) this.capsAsked.add(t);
      if (wanted.length)
        void Promise.allSettled(wanted.map((t) => store.quote(t))).then((rs) => {
          if (rs.some((r) => r.status === 'fulfilled' && r.value.marketCap !== undefined)) this.onMarketCaps?.();
        });
    }
    return card;
  }
}

/** The scenario's per-symbol table as CSV. */
export function scenarioCsv(d: ScenarioData): string {
  const factors = d.result.factors;
  const head = [
    'symbol',
    'status',
    'actual',
    'explained',
    'unexplained',
    ...factors.map((f) => `contribution_${f.toLowerCase()}`),
    ...factors.map((f) => `beta_${f.toLowerCase()}`),
    'band90_low',
    'band90_high',
    'betas_as_of',
    'note',
  ];
  const rows = [...d.result.rows, ...(d.result.portfolio ? [d.result.portfolio] : [])].map((r) =>
    [
      r.symbol,
      r.status,
      r.actual,
      r.explained,
      r.unexplained,
      ...factors.map((f) => r.contributions.find((c) => c.factor === f)?.value),
      ...factors.map((f) => r.contributions.find((c) => c.factor === f)?.beta),
      r.band?.low,
      r.band?.high,
      r.asOf,
      r.note,
    ]
      .map(csvCell)
      .join(','),
  );
  const model = d.result.model ? `\n# model: ${csvComment(d.result.model)}` : '';
  const coverage = d.result.coverage ? `\n# ${csvComment(d.result.coverage)}` : '';
  return `# Hashpivot scenario: ${csvComment(`${d.result.name} (${d.result.window}); data: ${d.data.text}`)}${model}${coverage}\n${head.join(',')}\n${rows.join('\n')}\n`;
}
