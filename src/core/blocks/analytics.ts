/**
 * The blocks that run the analytics engines: `scenario NAME` / `scenario shock F=M...` (the
 * scenario engine's replays and shocks on the equal-weight miner portfolio, as the scenario panel
 * and `hashpivot scenario` run them, without the bootstrap VaR) and `portfolio` (the holdings
 * valued at the closes, their P&L and risk, as the Portfolio view and `hashpivot portfolio`). Pure.
 */
import { formatMoney, formatNumber, formatPercent, formatPercentPlain } from '../../shared/format';
import { AnalyticsError, factorSpec, type PriceMap } from '../pivot/factors';
import { portfolioRisk, positionCells, portfolioSnapshotMarkdown, riskUnknown, valueAtCloses, type PortfolioRisk } from '../portfolio';
import {
  equalWeights,
  findScenario,
  runReplay,
  runShock,
  SCENARIOS,
  type ScenarioResult,
  type ScenarioSymbolResult,
  type ScenarioPortfolioResult,
} from '../scenario';
import type { DailySeries } from '../types';
import { AI_INFRA, MINERS } from '../universe';
import { commonLastDate, dataText, mdTable, problem, type BlockBody } from './common';
import type { BlockContext } from './context';
import { h, table, type Cell } from './html';
import type { PortfolioBlock, ScenarioBlock } from './parse';

const DASH = '–';
const signed = (v: number | null | undefined): Cell =>
  typeof v === 'number' && Number.isFinite(v) ? { text: formatPercent(v, 1), num: true } : { text: DASH, num: true };

function analytics<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError) problem('failed', e.message);
    throw e;
  }
}

export function renderScenario(block: ScenarioBlock, ctx: BlockContext, now: Date): BlockBody {
  const spec = block.scenario;
  const def = 'name' in spec ? findScenario(spec.name) : undefined;
  if ('name' in spec && !def)
    problem(
      'unknown-scenario',
      `unknown scenario "${spec.name}" (known: ${SCENARIOS.map((s) => s.id).join(', ')}; or "scenario shock BTC=-30%")`,
      block.scenarioSpan,
      spec.name,
    );
  const shocks = 'shocks' in spec ? spec.shocks : def?.kind === 'shock' ? { ...def.shocks } : undefined;
  const map: Record<string, DailySeries> = {};
  const want = (sym: string) => {
    const s = ctx.series(sym);
    if (s && s.dates.length) map[sym] = s;
    return !!map[sym];
  };
  for (const b of ['BTC', 'NDX']) if (!want(b)) problem('no-data', `no ${b} data in memory yet: the scenario's betas are to BTC and the NASDAQ-100`);
  const symbols = MINERS.map((m) => m.symbol).filter(want);
  if (symbols.length === 0) problem('no-data', 'no miner prices in memory yet (they may still be loading)');
  for (const f of Object.keys(shocks ?? {})) {
    const factor = factorSpec(f);
    if (factor.id === 'AI') AI_INFRA.forEach((m) => want(m.symbol));
    else if (!want(factor.members[0]!)) {
      if (!ctx.isKnown(factor.members[0]!))
        problem('unknown-factor', `unknown factor ${factor.id} (factors: BTC, NDX, AI or a known symbol)`, block.scenarioSpan, factor.id);
      problem('no-data', `no price data for ${factor.id} in memory yet`, block.scenarioSpan, factor.id);
    }
  }
  if (def?.kind === 'replay' && block.asOf && def.end > block.asOf)
    problem('no-data', `the scenario's window ends ${def.end}, after as-of ${block.asOf}`, block.asOfSpan, block.asOf);
  const prices = map as PriceMap;
  const weights = equalWeights(symbols);
  const customName =
    shocks && !def
      ? `Custom shock: ${Object.entries(shocks)
          .map(([k, v]) => `${k} ${formatPercent(v, 0)}`)
          .join(', ')}`
      : undefined;
  const result: ScenarioResult = analytics(() =>
    shocks
      ? runShock({
          shocks,
          id: def?.id ?? 'custom',
          name: def?.name ?? customName,
          description: def?.description ?? 'a custom shock',
          symbols,
          prices,
          weights,
          asOf: block.asOf,
        })
      : runReplay({ scenario: def as Extract<typeof def, { kind: 'replay' }>, symbols, prices, weights }),
  );

  const f = result.factors;
  const contribution = (row: { contributions: ReadonlyArray<{ factor: string; contribution: number }> }, x: string) =>
    signed(row.contributions.find((c) => c.factor === x)?.contribution);
  const beta = (row: ScenarioSymbolResult, x: string): Cell => {
    const b = row.contributions.find((c) => c.factor === x)?.beta;
    return typeof b === 'number' && Number.isFinite(b) ? { text: formatNumber(b, 2), num: true } : { text: DASH, num: true, title: row.note ?? undefined };
  };
  const band = (b: ScenarioSymbolResult['band']): Cell =>
    b ? { text: `${formatPercent(b.low, 1)} … ${formatPercent(b.high, 1)}`, num: true } : { text: DASH, num: true };
  const replay = result.kind === 'replay';
  const header = replay
    ? ['Symbol', 'Actual', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Unexplained', 'Note']
    : ['Symbol', ...f.map((x) => `β ${x}`), ...f.map((x) => `${x} contr.`), 'Predicted', '90% band', 'Note'];
  const rows: Cell[][] = result.symbols.map((s) =>
    replay
      ? [{ text: s.symbol }, signed(s.actual), ...f.map((x) => beta(s, x)), ...f.map((x) => contribution(s, x)), signed(s.unexplained), { text: s.note ?? '' }]
      : [{ text: s.symbol }, ...f.map((x) => beta(s, x)), ...f.map((x) => contribution(s, x)), signed(s.explained), band(s.band), { text: s.note ?? '' }],
  );
  const p: ScenarioPortfolioResult | null = result.portfolio;
  if (p) {
    const note: Cell = { text: p.excluded.length ? `covers ${formatPercentPlain(p.coverage, 0)} of the weight` : '' };
    rows.push(
      replay
        ? [
            { text: 'Portfolio (equal weight)' },
            signed(p.actual),
            ...f.map(() => ({ text: '' })),
            ...f.map((x) => contribution(p, x)),
            signed(p.unexplained),
            note,
          ]
        : [{ text: 'Portfolio (equal weight)' }, ...f.map(() => ({ text: '' })), ...f.map((x) => contribution(p, x)), signed(p.explained), band(p.band), note],
    );
  }
  const sentence = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
  const notes = [
    result.description ? sentence(result.description) : '',
    `Model: ${result.model}.`,
    ...(p ? [`Portfolio: the miners with prices, equal weights; ${p.survivorship}.`] : []),
    ...(p?.excluded.length ? [`Left out: ${p.excluded.map((e) => `${e.symbol} (${e.reason})`).join('; ')}.`] : []),
    ...result.notes.map(sentence),
  ].filter(Boolean);
  const asOf = replay ? (block.asOf ?? result.end ?? commonLastDate(Object.values(map))) : (result.asOf ?? commonLastDate(Object.values(map)));
  const title = replay
    ? `Replay: ${result.name}, ${result.start} to ${result.end}, on the equal-weight miners`
    : `Shock: ${result.name}, on the equal-weight miners (betas over the ${result.lookbackDays} days to each miner's last date)`;
  return {
    title,
    asOf,
    source: dataText(Object.values(map), now),
    content: table(header, rows, { className: 'hashpivot-scenario-table' }),
    notes,
    markdownTable: mdTable(
      header,
      rows.map((r) => r.map((c) => c.text)),
      header.map((_, i) => (i === 0 || i === header.length - 1 ? 'l' : 'r')),
    ),
  };
}

export function renderPortfolio(block: PortfolioBlock, ctx: BlockContext, now: Date): BlockBody {
  const held = ctx.holdings();
  if ('reason' in held) problem('no-holdings', `no holdings to show: ${held.reason}`);
  const holdings = held.holdings;
  if (holdings.positions.length === 0) problem('no-holdings', 'no holdings to show: the holdings have no positions');
  const prices: Record<string, DailySeries> = {};
  for (const sym of [...holdings.positions.map((p) => p.symbol), 'BTC', 'NDX']) {
    const s = ctx.series(sym);
    if (s && s.dates.length) prices[sym] = s;
  }
  const lasts = holdings.positions.map((p) => prices[p.symbol]?.dates.at(-1)).filter((d): d is string => !!d);
  if (!block.asOf && lasts.length === 0) problem('no-data', 'no prices in memory for any position yet (they may still be loading)');
  const asOf = block.asOf ?? lasts.sort()[0]!;
  const live = block.asOf || !ctx.liveQuote ? undefined : (sym: string) => ctx.liveQuote!(sym);
  const valuation = valueAtCloses(holdings, prices, asOf, live);
  let risk: PortfolioRisk;
  try {
    risk = portfolioRisk(valuation, prices, asOf);
  } catch (e) {
    risk = riskUnknown(asOf, e instanceof Error ? e.message : String(e));
  }
  const t = valuation.totals;
  const byRisk = new Map(risk.contributions.map((c) => [c.symbol, c]));
  const header = ['Position', 'Quantity', 'Price', 'Value', 'Weight', 'P&L', 'P&L %', 'Today', 'Risk share'];
  const rows: Cell[][] = valuation.positions.map((p) => {
    const c = positionCells(p, byRisk.get(p.symbol));
    const why = p.reasons.length ? p.reasons.join('; ') : undefined;
    const n = (text: string): Cell => ({ text, num: true, ...(text === DASH && why ? { title: why } : {}) });
    return [{ text: c.position }, n(c.quantity), n(c.price), n(c.value), n(c.weight), n(c.pnl), n(c.pnlPct), n(c.dayPnl), n(c.riskShare)];
  });
  const summary = `Value ${formatMoney(t.value)} (cash ${formatMoney(t.cash)}); P&L ${formatMoney(t.pnl, true)} (${formatPercent(t.pnlPct, 1)}); today ${formatMoney(t.dayPnl, true)} (${formatPercent(t.dayPnlPct, 2)}).`;
  const riskLine = risk.reason
    ? `Risk not computed: ${risk.reason}.`
    : `1-day VaR 95% ${formatMoney(risk.varUsd)}, expected shortfall ${formatMoney(risk.esUsd)} (historical, ${risk.sessions} days ${risk.from} to ${risk.to}); β to BTC ${formatNumber(risk.betaBtc, 2)}, to the NASDAQ-100 ${formatNumber(risk.betaNdx, 2)}.`;
  const notes = [
    riskLine,
    "Risk share: the position's Euler component of the Gaussian VaR (negative: it hedges).",
    ...risk.excluded.map((e) => `Left out of the risk: ${e.symbol} (${e.reason}).`),
    ...valuation.positions.filter((p) => p.price === null).map((p) => `${p.symbol}: ${p.reasons.join('; ')}.`),
  ];
  const source = dataText(Object.values(prices), now);
  return {
    title: 'Portfolio',
    asOf,
    source,
    content: [h('p', { class: 'hashpivot-summary' }, summary), table(header, rows, { className: 'hashpivot-portfolio-table' })],
    notes,
    markdownTable: '',
    markdown: portfolioSnapshotMarkdown(valuation, risk, asOf, source, now),
  };
}
