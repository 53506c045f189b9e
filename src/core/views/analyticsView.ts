/**
 * View models of the pivot card (ticker panel) and the scenario panel, from the pivot and
 * scenario engines. Pure.
 */
import { dayNumber } from '../calendar';
import { multipleTestsNote, type PivotAnalysis } from '../pivot';
import type { PortfolioVarResult, ScenarioResult, ScenarioSymbolResult, ScenarioPortfolioResult } from '../scenario';
import { SCENARIOS } from '../scenario';
import { lttb } from '../decimate';
import type { HoldingsWeights } from '../portfolio';
import type { Basis, BasisInfo, DataLabel, PivotView, ScenarioData, ScenarioRow, XY } from '../../shared/protocol';

const nn = (v: number | undefined | null): number | null => (v !== undefined && v !== null && Number.isFinite(v) ? v : null);

export function pivotView(p: PivotAnalysis, fromDay?: number): PivotView {
  const rolling = p.factors.map((f) => {
    const pts: XY[] = [];
    p.rolling.dates.forEach((d, i) => {
      const x = dayNumber(d);
      const y = p.rolling.beta[f]![i]!;
      if (Number.isFinite(y) && (fromDay === undefined || x >= fromDay)) pts.push([x, y]);
    });
    return { id: f, label: `β ${f} (two-factor, ${p.rolling.window} sessions)`, role: 'benchmark' as const, points: lttb(pts, 600) as XY[] };
  });
  return {
    eventDate: p.event?.date ?? null,
    eventLabel: p.event ? `${p.event.dealName} (${p.event.announced})` : p.eventNote,
    rolling,
    rows: p.factors.map((f) => {
      const c = p.changes.find((x) => x.factor === f);
      return {
        factor: f,
        before: nn(p.before?.beta[f]),
        after: nn(p.after?.beta[f]),
        current: nn(p.current.beta[f]),
        z: nn(c?.z),
        p: nn(c?.p),
      };
    }),
    r2: { before: nn(p.before?.r2), after: nn(p.after?.r2), current: nn(p.current.r2) },
    method: pivotMethodText(p),
  };
}

/** The pivot card's footnote: the announcement session left out, the HAC method, the caveat and the number of tests. */
function pivotMethodText(p: PivotAnalysis): string {
  if (!p.event) return 'No before/after comparison: no AI/HPC deal by the as-of date.';
  const tests = p.changes.filter((c) => Number.isFinite(c.p)).length;
  const lags = [p.before?.hacLags, p.after?.hacLags].filter((l): l is number => l !== undefined && Number.isFinite(l));
  return [
    `z and p: after − before, Newey–West (HAC) standard errors (Bartlett kernel, ${lags.length ? `${[...new Set(lags)].join('/')} lags` : 'L = floor(4(n/100)^(2/9)) lags'}), p two-sided from the normal approximation.`,
    p.announcementSession ? `The announcement session (${p.announcementSession}) is in neither window.` : '',
    'One event, chosen after the fact (the first AI deal): p describes how unusual the change is; it is not a clean test.',
    tests ? `${multipleTestsNote(tests)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function row(r: ScenarioSymbolResult | ScenarioPortfolioResult, symbol: string, status: string, note: string | null): ScenarioRow {
  const contributions =
    'symbol' in r
      ? r.contributions.map((c) => ({ factor: c.factor, beta: nn(c.beta), value: c.contribution }))
      : r.contributions.map((c) => ({ factor: c.factor, beta: null, value: c.contribution }));
  return {
    symbol,
    status,
    note,
    actual: nn(r.actual),
    explained: nn(r.explained),
    unexplained: nn(r.unexplained),
    contributions: contributions.filter((c) => Number.isFinite(c.value)),
    band: r.band ? { low: r.band.low, high: r.band.high, sdBetas: r.band.sdBetas, sdResidual: r.band.sdResidual } : null,
    asOf: 'asOf' in r ? r.asOf : null,
  };
}

/** What a panel runs on, in a line: the holdings when asked for and usable, else the miners (saying why not the holdings). */
export function basisInfo(asked: Basis, held: { weights: HoldingsWeights } | undefined): BasisInfo {
  const ok = !!held?.weights.ok;
  const why = held ? (held.weights.ok ? '' : held.weights.reason) : 'holdings are not available here';
  if (asked === 'portfolio' && ok) return { kind: 'portfolio', portfolioAvailable: true, note: 'your holdings, weights from market values (cash left out)' };
  return {
    kind: 'universe',
    portfolioAvailable: ok,
    note: asked === 'portfolio' ? `equal-weight miners — the holdings cannot be used: ${why}` : 'equal-weight miner portfolio',
  };
}

/** The holdings a scenario ran on: their net exposure (what the portfolio's return applies to), cash and value (NAV), USD. */
export interface ScenarioHoldings {
  invested: number;
  cash: number;
  value: number;
}

/**
 * The scenario panel's view model. On the holdings (`holdings` given), the portfolio's scenario
 * return and the bootstrap VaR/ES (returns of the net exposure) are also given in USD: return ×
 * invested; cash does not move.
 */
export function scenarioView(
  res: ScenarioResult,
  v: PortfolioVarResult | { error: string },
  selected: string,
  asOf: string,
  data: DataLabel,
  basis: BasisInfo,
  holdings?: ScenarioHoldings,
): ScenarioData {
  const pf = res.portfolio;
  const pfReturn = pf ? (res.kind === 'replay' ? pf.actual : pf.explained) : null;
  const holdingsUsd = holdings && {
    ...holdings,
    scenarioPnl: pfReturn === null || pfReturn === undefined || !Number.isFinite(pfReturn) ? null : pfReturn * holdings.invested,
    var: 'error' in v ? [] : v.estimates.map((e) => ({ confidence: e.confidence, var: e.var * holdings.invested, es: e.es * holdings.invested })),
  };
  return {
    kind: 'scenario',
    range: 'ALL',
    asOf,
    data,
    scenarios: SCENARIOS.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    selected,
    basis,
    ...(holdingsUsd ? { holdingsUsd } : {}),
    result: {
      kind: res.kind,
      name: res.name,
      description: res.description,
      window: res.kind === 'replay' ? `${res.start} to ${res.end}` : `betas over the ${res.lookbackDays} days to each symbol's last date, at most ${res.asOf}`,
      factors: res.factors,
      factorMoves: res.factorMoves,
      rows: res.symbols.map((s) => row(s, s.symbol, s.status, s.note)),
      portfolio: pf
        ? row(pf, 'Portfolio', 'ok', pf.excluded.length ? `left out: ${pf.excluded.map((e) => `${e.symbol} (${e.reason})`).join(', ')}` : null)
        : null,
      weightsText: pf ? pf.weights.map((w) => `${w.symbol} ${(w.weight * 100).toFixed(1)}%`).join(', ') : '',
      notes: res.notes,
      model: res.model,
      coverage: pf ? `Portfolio: ${pf.survivorship}.` : null,
    },
    var:
      'error' in v
        ? v
        : {
            paths: v.paths,
            seed: v.seed,
            blockLength: v.blockLength,
            horizon: v.horizon,
            sampleSize: v.sampleSize,
            from: v.from,
            to: v.to,
            estimates: v.estimates.map((e) => ({
              confidence: e.confidence,
              var: e.var,
              es: e.es,
              varSe: e.varSe,
              esSe: e.esSe,
              varInterval: e.varInterval ? { low: e.varInterval.low, high: e.varInterval.high } : null,
              esInterval: e.esInterval ? { low: e.esInterval.low, high: e.esInterval.high } : null,
            })),
            sampling: v.sampling?.method ?? null,
            convergence: {
              paths: v.convergence.paths,
              var: v.convergence.byConfidence[0]!.var,
              varSe: v.convergence.byConfidence[0]!.varSe,
              es: v.convergence.byConfidence[0]!.es,
            },
            histogram: v.histogram,
          },
  };
}
