/**
 * `runTool(name, input, ctx)`: one tool call, from untrusted JSON input to a result that is either
 * the figures (the structured object the equivalent CLI command prints with `--json`, a Markdown
 * summary, the data source and the as-of date) or an error with a code and a clear message. It
 * never throws: bad input, unknown symbols, missing data and failed analyses are error results,
 * and anything unexpected is an `internal` error result (its stack to `ctx.log`).
 */
import { dayNumber } from '../core/calendar';
import { normaliseWeights, parseShocks, parseWeights, equalWeights, findScenario, DEFAULT_BLOCK, DEFAULT_PATHS, type Weight } from '../core/scenario';
import type { BtcSampling } from '../core/sampling';
import type { IsoDate } from '../core/types';
import { MINERS, normaliseSymbol } from '../core/universe';
import { messageOf } from '../shared/errors';
import type { ToolContext } from './context';
import { TOOL_NAMES, toolDefinition, type ToolName } from './definitions';
import { ToolError } from './errors';
import {
  checkPivotSubjects,
  compareFigures,
  compareJson,
  dealsJson,
  inputErrors,
  jsonValue,
  pivotFigures,
  pivotJson,
  reportFigures,
  scenarioFigures,
  scenarioJson,
  selectDeals,
  varFigures,
  varJson,
  type NamedHoldings,
  type RollingDetail,
} from './figures';
import { checkKnown, seriesSource, type ToolSource } from './market';
import type { ToolResult, ToolSuccess } from './result';
import { compareText, dealsText, pivotText, reportText, scenarioText, varText } from './text';
import { schemaProblems } from './validate';

const invalid = (message: string) => new ToolError('invalid-input', message);

/** A date that exists (the schema checked its form). */
function checkDate(field: string, v: string | undefined): IsoDate | undefined {
  if (v === undefined) return undefined;
  try {
    dayNumber(v);
  } catch {
    throw invalid(`${field} must be a date that exists (YYYY-MM-DD), got "${v}"`);
  }
  return v;
}

/** Symbols normalised (`$iren` -> IREN, `^NDX` -> NDX), each once, in the order given. */
const normalised = (symbols: readonly string[]) => [...new Set(symbols.map(normaliseSymbol))];

/** `{"IREN": 0.5}` as the CLI's `--weights IREN=0.5` reads it (normalised symbols, no repeats, a positive sum). */
function weightsOf(w: Record<string, number>): Weight[] {
  const text = Object.entries(w)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return inputErrors(() => {
    const weights = parseWeights(text);
    normaliseWeights(weights);
    return weights;
  });
}

/** The holdings for basis "portfolio", or why the call cannot run on them. */
async function holdingsOf(ctx: ToolContext): Promise<NamedHoldings> {
  const h = ctx.holdings ? await ctx.holdings() : { reason: 'this host has no holdings' };
  if ('reason' in h) throw new ToolError('no-holdings', `basis "portfolio" needs holdings: ${h.reason}`);
  return h;
}

/** What a scenario or a VaR runs on: the holdings (basis "portfolio"), the given weights, or the equal-weight miners. */
async function portfolioOf(
  input: { basis?: 'universe' | 'portfolio'; weights?: Record<string, number> },
  ctx: ToolContext,
): Promise<{ weights: Weight[]; holdings?: NamedHoldings }> {
  if ((input.basis ?? 'universe') === 'universe') return { weights: input.weights ? weightsOf(input.weights) : equalWeights(MINERS.map((m) => m.symbol)) };
  if (input.weights) throw invalid('weights go with basis "universe"; basis "portfolio" takes its weights from the holdings');
  return { weights: [], holdings: await holdingsOf(ctx) };
}

interface ReportInput {
  symbols: string[];
  asOf?: string;
  from?: string;
  btcSampling?: BtcSampling;
}
interface CompareInput {
  symbols: string[];
  asOf?: string;
  days?: number;
  btcSampling?: BtcSampling;
}
interface DealsInput {
  company?: string;
  counterparty?: string;
}
interface PivotInput {
  symbols?: string[];
  asOf?: string;
  window?: number;
  rolling?: RollingDetail;
}
interface ScenarioInput {
  scenario?: string;
  shocks?: Record<string, number>;
  from?: string;
  to?: string;
  basis?: 'universe' | 'portfolio';
  weights?: Record<string, number>;
  asOf?: string;
  lookbackDays?: number;
  horizonDays?: number;
}
interface VarInput {
  basis?: 'universe' | 'portfolio';
  weights?: Record<string, number>;
  asOf?: string;
  horizonDays?: number;
  lookbackDays?: number;
  paths?: number;
  seed?: number;
  blockLength?: number;
}

type Figures = Omit<ToolSuccess, 'ok' | 'tool'>;

const RUNNERS: { [K in ToolName]: (input: never, ctx: ToolContext) => Promise<Figures> } = {
  async hashpivot_report(input: ReportInput, ctx) {
    const asOf = checkDate('asOf', input.asOf);
    const from = checkDate('from', input.from);
    if (from && asOf && from > asOf) throw invalid(`from ${from} is after asOf ${asOf}`);
    const symbols = normalised(input.symbols);
    checkKnown(ctx.market, symbols);
    const f = await reportFigures(ctx.market, symbols, { asOf, from, btcSampling: input.btcSampling });
    const source = seriesSource(f.series, ctx.now());
    return { structured: jsonValue(f.reports), text: reportText(f.reports, source, f.asOf, from), source, asOf: f.asOf };
  },

  async hashpivot_compare(input: CompareInput, ctx) {
    const asOf = checkDate('asOf', input.asOf);
    const symbols = normalised(input.symbols);
    if (symbols.length < 2) throw invalid(`compare needs at least two different symbols, got ${symbols.join(', ')}`);
    checkKnown(ctx.market, symbols);
    const f = await compareFigures(ctx.market, symbols, { asOf, btcSampling: input.btcSampling, days: input.days });
    const source = seriesSource(f.series, ctx.now());
    return { structured: jsonValue(compareJson(f)), text: compareText(f.reports, f.correlation, source), source, asOf: f.asOf };
  },

  async hashpivot_deals(input: DealsInput, ctx) {
    const { catalog, label } = await ctx.catalog();
    const deals = selectDeals(catalog, input.company !== undefined ? [input.company.replace(/^\$/, '')] : [], input.counterparty);
    const asOf = catalog.asOf ?? null;
    const source: ToolSource = { kind: 'catalog', text: `catalog${asOf ? ` as of ${asOf}` : ''} (${label})` };
    const filter =
      [input.company !== undefined ? `company ${input.company}` : '', input.counterparty !== undefined ? `counterparty “${input.counterparty}”` : '']
        .filter(Boolean)
        .join(', ') || 'every deal';
    return { structured: jsonValue(dealsJson(deals)), text: dealsText(deals, source, asOf, filter), source, asOf };
  },

  async hashpivot_pivot(input: PivotInput, ctx) {
    const asOf = checkDate('asOf', input.asOf);
    const symbols = input.symbols ? normalised(input.symbols) : MINERS.map((m) => m.symbol);
    checkPivotSubjects(symbols);
    checkKnown(ctx.market, symbols);
    const { catalog } = await ctx.catalog();
    const f = await pivotFigures(ctx.market, catalog, symbols, { asOf, window: input.window });
    const source = seriesSource(Object.values(f.prices), ctx.now());
    const latest = f.analyses
      .map((a) => a.asOf)
      .sort()
      .at(-1)!;
    return { structured: jsonValue(pivotJson(f.analyses, input.rolling ?? 'last')), text: pivotText(f.analyses, source, latest), source, asOf: latest };
  },

  async hashpivot_scenario(input: ScenarioInput, ctx) {
    const asOf = checkDate('asOf', input.asOf);
    const from = checkDate('from', input.from);
    const to = checkDate('to', input.to);
    const given = [input.scenario !== undefined, input.shocks !== undefined, from !== undefined || to !== undefined].filter(Boolean).length;
    if (given === 0) throw invalid('give a named "scenario", "shocks" (e.g. {"BTC": -0.3}) or a replay window "from" and "to"');
    if (given > 1) throw invalid('give only one of "scenario", "shocks", or "from" and "to"');
    if ((from === undefined) !== (to === undefined)) throw invalid('"from" and "to" go together');
    if (from && to && !(from < to)) throw invalid(`from ${from} must be before to ${to}`);
    const def = input.scenario !== undefined ? findScenario(input.scenario) : undefined;
    const shocks = input.shocks
      ? inputErrors(() =>
          parseShocks(
            Object.entries(input.shocks!)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(','),
          ),
        )
      : undefined;
    const replayEnd = def?.kind === 'replay' ? def.end : to;
    if (replayEnd && asOf && replayEnd > asOf) throw invalid(`the window ends ${replayEnd}, after asOf ${asOf}`);
    if (input.horizonDays !== undefined && replayEnd) throw invalid('horizonDays is for shocks (the band); a replay has its own window');
    const f = await scenarioFigures(ctx.market, {
      def,
      shocks,
      window: from && to ? { start: from, end: to } : undefined,
      ...(await portfolioOf(input, ctx)),
      lookbackDays: input.lookbackDays,
      horizon: input.horizonDays,
      asOf,
    });
    const source = seriesSource(Object.values(f.prices), ctx.now());
    const at = f.result.kind === 'shock' ? (f.result.asOf ?? asOf ?? null) : f.result.end;
    return { structured: jsonValue(scenarioJson(f)), text: scenarioText(f.result, source, at, f.holdings), source, asOf: at };
  },

  async hashpivot_var(input: VarInput, ctx) {
    const asOf = checkDate('asOf', input.asOf);
    const f = await varFigures(ctx.market, {
      ...(await portfolioOf(input, ctx)),
      asOf,
      lookbackDays: input.lookbackDays,
      paths: input.paths ?? DEFAULT_PATHS,
      seed: input.seed ?? 1,
      blockLength: input.blockLength ?? DEFAULT_BLOCK,
      horizon: input.horizonDays ?? 1,
      method: 'circular',
    });
    const source = seriesSource(Object.values(f.prices), ctx.now());
    return { structured: jsonValue(varJson(f)), text: varText(f.result, source, f.holdings), source, asOf: f.result.asOf };
  },
};

/** Runs a tool on its JSON input (undefined is `{}`); never throws. */
export async function runTool(name: string, input: unknown, ctx: ToolContext): Promise<ToolResult> {
  const def = toolDefinition(name);
  if (!def) return { ok: false, tool: name, error: { code: 'unknown-tool', message: `unknown tool "${name}" (tools: ${TOOL_NAMES.join(', ')})` } };
  const args = input === undefined ? {} : input;
  const problem = schemaProblems(def.name, args);
  if (problem) return { ok: false, tool: def.name, error: { code: 'invalid-input', message: problem } };
  try {
    const figures = await (RUNNERS[def.name] as (input: unknown, ctx: ToolContext) => Promise<Figures>)(args, ctx);
    return { ok: true, tool: def.name, ...figures };
  } catch (e) {
    if (e instanceof ToolError) return { ok: false, tool: def.name, error: { code: e.code, message: e.message } };
    ctx.log?.(`${def.name}: internal error: ${e instanceof Error && e.stack ? e.stack : messageOf(e)}`);
    return { ok: false, tool: def.name, error: { code: 'internal', message: `internal error: ${messageOf(e)}` } };
  }
}
