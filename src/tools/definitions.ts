/**
 * The tools Hashpivot offers language models: one table, read by the extension (VS Code's
 * `contributes.languageModelTools` entries and `vscode.lm.registerTool`), the MCP server
 * (`hashpivot mcp`) and the tests. Every tool is read-only: it computes figures from market data
 * and the catalog, and changes nothing.
 *
 * The input schemas are JSON Schema draft-07 using only keywords that mean the same in 2020-12
 * (what MCP clients assume): no $schema, no oneOf, every object closed. Their validators are
 * precompiled by scripts/build-schema-validator.mjs into src/tools/generated (a unit test checks
 * they match). What a schema cannot say (a date that exists, one scenario source, from before to)
 * is checked in src/tools/run.ts.
 */
import { DEFAULT_COMPARE_DAYS } from '../core/compare';
import { DEFAULT_PIVOT_WINDOW } from '../core/pivot';
import { DEFAULT_BLOCK, DEFAULT_LOOKBACK_DAYS, DEFAULT_PATHS, SCENARIOS } from '../core/scenario';
import { MINERS } from '../core/universe';

export const TOOL_NAMES = ['hashpivot_report', 'hashpivot_compare', 'hashpivot_deals', 'hashpivot_pivot', 'hashpivot_scenario', 'hashpivot_var'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** A JSON Schema (the subset the tools use). */
export type JsonSchema = { [keyword: string]: unknown };

export interface ToolDefinition {
  /** The tool's name for models and for MCP: `hashpivot_report`. */
  name: ToolName;
  /** What users write after `#` in a chat prompt (the name itself). */
  toolReferenceName: string;
  /** A short title for people. */
  displayName: string;
  /** For the model: what the tool computes and what each number means. */
  modelDescription: string;
  /** For people: one sentence. */
  userDescription: string;
  inputSchema: JsonSchema;
  /** Every tool only reads: no confirmation is needed. */
  readOnly: true;
  /** VS Code: `#name` may be used in a prompt. */
  canBeReferencedInPrompt: true;
  tags: string[];
}

/** The most symbols a tool takes (and weights in a portfolio). */
export const MAX_TOOL_SYMBOLS = 8;
/** The most bootstrap paths a tool call may ask for (the CLI allows more). */
export const MAX_TOOL_PATHS = 100_000;

export const SYMBOL_PATTERN = '^[$^]?[A-Za-z0-9][A-Za-z0-9.=-]{0,19}$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const FACTOR_PATTERN = '^[$^]?[A-Za-z0-9][A-Za-z0-9.=-]{0,19}$';

const SYMBOL_HELP =
  'A ticker as Hashpivot knows it: a bitcoin miner (IREN, CORZ, CLSK, WULF, CIFR, HUT, MARA, RIOT, …), an AI stock (NVDA, MSFT, CRWV, …), BTC, NDX (the NASDAQ-100), CD20 (a CoinDesk 20 proxy basket) or another symbol of the market data; case-insensitive, a leading $ is dropped.';

const symbol = { type: 'string', pattern: SYMBOL_PATTERN, description: SYMBOL_HELP };

const symbols = (min: number, description: string) => ({
  type: 'array',
  items: symbol,
  minItems: min,
  maxItems: MAX_TOOL_SYMBOLS,
  description: `${description} ${min === 1 ? 'One' : `${min}`} to ${MAX_TOOL_SYMBOLS} symbols.`,
});

const date = (description: string) => ({ type: 'string', pattern: DATE_PATTERN, description: `${description} (YYYY-MM-DD).` });

const AS_OF = date('Compute as of the close on or before this date; default: the latest date the data has in common');

const BTC_SAMPLING = {
  type: 'string',
  enum: ['us-close', 'utc-close'],
  description:
    "How BTC is priced against an equity for correlations and betas: 'us-close' (default) at 16:00 New York from hourly bars where they cover the 90-day window, else the UTC-day close; 'utc-close' the daily bar (24:00 UTC) always.",
};

const weights = {
  type: 'object',
  description: `A portfolio of your own: symbol → weight, e.g. {"IREN": 0.5, "CORZ": 0.3, "WULF": 0.2}; normalised to sum to 1. At most ${MAX_TOOL_SYMBOLS} symbols. Only with basis "universe" (it replaces the equal-weight miners).`,
  propertyNames: { pattern: SYMBOL_PATTERN },
  additionalProperties: { type: 'number' },
  minProperties: 1,
  maxProperties: MAX_TOOL_SYMBOLS,
};

const basis = (what: string) => ({
  type: 'string',
  enum: ['universe', 'portfolio'],
  description: `What to run ${what} on: "universe" (default) the equal-weight portfolio of the ${MINERS.length} miners (${MINERS.map((m) => m.symbol).join(', ')}), or the given weights; "portfolio" the user's holdings as the host has them (weights from market values; results also in USD). No holdings: an error result says why.`,
});

const lookback = (what: string, dflt: number) => ({
  type: 'integer',
  minimum: 30,
  maximum: 3650,
  description: `Calendar days of history ${what} (default ${dflt}).`,
});

const NUMBERS =
  'Numbers in the structured result are fractions, not percent (-0.3 = -30%; null where a figure cannot be computed); the text summary shows percentages.';
const SOURCE =
  'Figures are computed by Hashpivot from daily closes of the data source the result names (live from the exchanges and Yahoo Finance, the disk cache with its age, or the embedded snapshot with its date), never with a price after the as-of date; quote the source and the as-of date with the figures.';

const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'hashpivot_report',
    toolReferenceName: 'hashpivot_report',
    displayName: 'Hashpivot: risk report',
    userDescription: 'Price, changes, drawdown, volatility, correlation and beta to BTC and the NASDAQ-100, and VaR of tickers.',
    modelDescription: [
      'The risk report of bitcoin miners and other tickers (the figures of `hashpivot report`): for each symbol, as of a date,',
      'close (USD), change over 1d (the last two sessions), 7d and 30d (calendar days),',
      'drawdown now and its maximum (from the running peak, over the 365 days to the as-of date or from `from`),',
      'volatility over 30 and 90 days (annualized: √252 for stocks, √365 for BTC),',
      'correlation ρ and beta β of daily returns to BTC and to the NASDAQ-100 over 90 days (prices aligned on the stock’s sessions; BTC at the US close from hourly bars where they cover the window, see btcSampling),',
      'and the 1-day historical VaR and CVaR at 95% over 365 days (negative: a loss; -0.09 = a 9% daily loss on the worst 5% of days).',
      'β 1.4 to BTC means the stock moved 1.4% per 1% BTC move on average; ρ near 1 means it moves with it. NDX figures may come from QQQ as a NASDAQ-100 proxy (source.proxy says so).',
      NUMBERS,
      SOURCE,
    ].join(' '),
    inputSchema: object(
      {
        symbols: symbols(1, 'The tickers to report on.'),
        asOf: AS_OF,
        from: date('Start of the drawdown window; default 365 days before the as-of date'),
        btcSampling: BTC_SAMPLING,
      },
      ['symbols'],
    ),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'risk', 'bitcoin', 'miners'],
  },
  {
    name: 'hashpivot_compare',
    toolReferenceName: 'hashpivot_compare',
    displayName: 'Hashpivot: compare tickers',
    userDescription: 'Tickers side by side: the correlations of their daily returns pair by pair, and each one’s risk report.',
    modelDescription: [
      'Compares two or more tickers (the figures of `hashpivot compare`): the correlation of their daily returns pair by pair over `days` (default 90) calendar days to the as-of date,',
      'each pair aligned as the report aligns a stock with BTC (on the stock’s sessions; BTC at the US close from hourly bars where they cover the window), so the BTC row equals each report’s ρ to BTC;',
      'and each ticker’s risk report (close, 1d/7d/30d change, drawdown, annualized 30/90-day volatility, 90-day ρ and β to BTC and the NASDAQ-100, 1-day historical VaR/CVaR at 95% over 365 days).',
      'A correlation near 1: they move together; near 0: unrelated; negative: opposite.',
      NUMBERS,
      SOURCE,
    ].join(' '),
    inputSchema: object(
      {
        symbols: symbols(2, 'The tickers to compare.'),
        asOf: AS_OF,
        days: {
          type: 'integer',
          minimum: 30,
          maximum: 3650,
          description: `Calendar days of daily returns behind the correlations (default ${DEFAULT_COMPARE_DAYS}).`,
        },
        btcSampling: BTC_SAMPLING,
      },
      ['symbols'],
    ),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'risk', 'correlation', 'bitcoin', 'miners'],
  },
  {
    name: 'hashpivot_deals',
    toolReferenceName: 'hashpivot_deals',
    displayName: 'Hashpivot: AI/HPC deals',
    userDescription: 'The AI/HPC hosting deals of bitcoin miners from Hashpivot’s catalog, by company or counterparty.',
    modelDescription: [
      'The AI and HPC deals of bitcoin miners turning their power sites into data centers, from Hashpivot’s researched catalog (the records of `hashpivot deals`):',
      'for each deal its id, provider (the miner’s ticker), counterparty (the tenant or partner), its backer and end user, kind (lease, colocation, cloud-services, joint-venture, acquisition, development-plan, letter-of-intent, supply-agreement, other),',
      'stage, total contract value in USD over the initial term as reported (valueUSD; null when undisclosed), MW of critical IT load, term in years, announcement date, sources with URLs, confidence (high, medium, low),',
      'and whether its value counts as contracted AI/HPC backlog and why (backlog.counts, backlog.reason: signed leases, colocation, cloud and JV contracts do; LOIs, plans, acquisitions and supply agreements do not).',
      'Filter by `company` (a ticker, or a deal id) and/or `counterparty` (matches the counterparty, its backer or the end user, case-insensitive, part of a name: "Microsoft", "Google", "CoreWeave"); neither: every deal.',
      'The result names the catalog and its as-of date; the facts are as the sources reported them, not market data.',
    ].join(' '),
    inputSchema: object({
      company: {
        type: 'string',
        pattern: '^[$]?[A-Za-z0-9][A-Za-z0-9._-]{0,59}$',
        description: 'A company of the catalog by ticker (IREN, WULF, CIFR, …), or a deal id (iren-microsoft-2025).',
      },
      counterparty: {
        type: 'string',
        minLength: 2,
        maxLength: 80,
        description: 'A counterparty, backer or end user, or part of its name (Microsoft, Google, Fluidstack).',
      },
    }),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'deals', 'ai', 'hpc', 'miners'],
  },
  {
    name: 'hashpivot_pivot',
    toolReferenceName: 'hashpivot_pivot',
    displayName: 'Hashpivot: pivot betas',
    userDescription: 'How much a miner moves with BTC and with the NASDAQ-100 before and after its first AI/HPC deal.',
    modelDescription: [
      'Is a bitcoin miner still a leveraged bet on BTC, or has its AI/HPC pivot made it a tech stock? (the figures of `hashpivot pivot`)',
      'A two-factor OLS of its daily returns on BTC and NASDAQ-100 returns (prices aligned on the stock’s sessions): betas (beta.BTC, beta.NDX) with Newey–West (HAC) standard errors (hacSe), R², residual volatility (annualized),',
      '`before` the first AI/HPC deal in the catalog (lease, colocation, cloud, JV or LOI; the 365 days before the announcement) and `after` it (from the session after the announcement session to the as-of date; the announcement session is in neither),',
      '`current` over the last 365 days, and `changes`: the change of each beta (diff = after − before) with its z and two-sided p (normal approximation) and pHolm, Holm-adjusted across every test in the call.',
      'The deal is one event chosen after the fact: p describes how unusual the change is, it is not a clean test. `event` is the deal used (null: none, see eventNote).',
      `rolling: the ${DEFAULT_PIVOT_WINDOW}-session rolling betas — "last" (default) gives the last window and the number of windows, "series" every window (large).`,
      'Each symbol’s as-of date defaults to the latest date it, BTC and the NASDAQ-100 have in common.',
      NUMBERS,
      SOURCE,
    ].join(' '),
    inputSchema: object({
      symbols: symbols(
        1,
        `The miners (or other stocks) to analyse; default every miner (${MINERS.map((m) => m.symbol).join(', ')}). BTC and NDX are the factors, not subjects.`,
      ),
      asOf: AS_OF,
      window: { type: 'integer', minimum: 4, maximum: 2000, description: `Rolling window in sessions (default ${DEFAULT_PIVOT_WINDOW}).` },
      rolling: {
        type: 'string',
        enum: ['last', 'series'],
        description: 'How much of the rolling betas to return: "last" (default) the last window, "series" every window.',
      },
    }),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'beta', 'regression', 'bitcoin', 'miners'],
  },
  {
    name: 'hashpivot_scenario',
    toolReferenceName: 'hashpivot_scenario',
    displayName: 'Hashpivot: stress scenario',
    userDescription: 'A historical replay or a hypothetical BTC / NASDAQ-100 / AI shock on the miners or your holdings.',
    modelDescription: [
      'Stress tests (the figures of `hashpivot scenario`) on the equal-weight miners, given weights, or the user’s holdings.',
      `A named scenario (\`scenario\`): replays of real windows (${SCENARIOS.filter((s) => s.kind === 'replay')
        .map((s) => `${s.id}: ${s.start} to ${s.end}`)
        .join('; ')}) or shocks (${SCENARIOS.filter((s) => s.kind === 'shock')
        .map(
          (s) =>
            `${s.id}: ${Object.entries(s.shocks)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
        )
        .join('; ')});`,
      'or `shocks` of your own: factor → move as a fraction, e.g. {"BTC": -0.3, "NDX": -0.2} (factors BTC, NDX, AI = equal-weight NVDA/AMZN/GOOGL/MSFT/CRWV, or any known symbol; above -1);',
      'or a replay window of your own (`from`, `to`).',
      'A replay gives what each symbol actually did over the window (`actual`), split into beta × factor return per factor (`contributions`; betas from the 365 days before the window) and an `unexplained` part.',
      'A shock gives the predicted return through a log-return factor model (ln(1 + r) = α + Σ β ln(1 + F) + ε, betas over `lookbackDays` to each symbol’s last date; `explained` = exp(Σ β ln(1 + shock)) − 1, never below −100%)',
      'with a 90% band (`band.low`, `band.high`) for the betas’ uncertainty and the idiosyncratic move over `horizonDays` sessions.',
      '`portfolio` is the weighted result with its coverage (the share of the weight that had data); on holdings, `holdings.pnlUsd` is the P&L in USD on the invested amount (cash unchanged).',
      NUMBERS,
      SOURCE,
    ].join(' '),
    inputSchema: object({
      scenario: { type: 'string', enum: SCENARIOS.map((s) => s.id), description: 'A named replay or shock.' },
      shocks: {
        type: 'object',
        description: 'A shock of your own: factor → move as a fraction above -1, e.g. {"BTC": -0.3}. Factors: BTC, NDX, AI, or a known symbol; at most 4.',
        propertyNames: { pattern: FACTOR_PATTERN },
        additionalProperties: { type: 'number', exclusiveMinimum: -1, maximum: 10 },
        minProperties: 1,
        maxProperties: 4,
      },
      from: date('Start of a replay window of your own (with `to`)'),
      to: date('End of a replay window of your own (with `from`)'),
      basis: basis('the scenario'),
      weights,
      asOf: date('Shocks: the betas’ last date (default: the latest the data has); replays run over their own window'),
      lookbackDays: lookback('behind the betas', DEFAULT_LOOKBACK_DAYS),
      horizonDays: { type: 'integer', minimum: 1, maximum: 260, description: 'Shocks: sessions the band’s idiosyncratic part spans (default 1).' },
    }),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'stress-test', 'scenario', 'bitcoin', 'miners'],
  },
  {
    name: 'hashpivot_var',
    toolReferenceName: 'hashpivot_var',
    displayName: 'Hashpivot: portfolio VaR',
    userDescription: 'Bootstrap value at risk and expected shortfall of the equal-weight miners, given weights, or your holdings.',
    modelDescription: [
      'Block-bootstrap value at risk (VaR) and expected shortfall (ES) at 95% and 99% (the figures of `hashpivot var`) of a daily-rebalanced portfolio:',
      `the equal-weight miners (default), given \`weights\`, or the user’s holdings (basis "portfolio": weights from market values, VaR/ES also in USD on the invested amount).`,
      'Daily returns on the sessions all members share over `lookbackDays` (default 365) are resampled in blocks (circular, `blockLength` sessions) into `paths` paths of `horizonDays` days (compounded), seeded (same seed, same numbers).',
      'estimates[]: for each confidence, var and es as returns over the horizon (negative: a loss; -0.08 = an 8% loss), varSe/esSe the Monte Carlo error, varInterval/esInterval a 95% sampling interval from resampled histories (only more data narrows it), and the historical VaR/ES of the sample itself.',
      NUMBERS,
      SOURCE,
    ].join(' '),
    inputSchema: object({
      basis: basis('the VaR'),
      weights,
      asOf: AS_OF,
      horizonDays: { type: 'integer', minimum: 1, maximum: 260, description: 'Days per path, compounded (default 1).' },
      lookbackDays: lookback('resampled', 365),
      paths: { type: 'integer', minimum: 1000, maximum: MAX_TOOL_PATHS, description: `Bootstrap paths (default ${DEFAULT_PATHS.toLocaleString('en-US')}).` },
      seed: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'Random seed (default 1).' },
      blockLength: { type: 'integer', minimum: 1, maximum: 260, description: `Block length in sessions (default ${DEFAULT_BLOCK}).` },
    }),
    readOnly: true,
    canBeReferencedInPrompt: true,
    tags: ['hashpivot', 'finance', 'risk', 'var', 'bitcoin', 'miners'],
  },
];

/** The definition of a tool by name. */
export function toolDefinition(name: string): ToolDefinition | undefined {
  return TOOL_DEFINITIONS.find((d) => d.name === name);
}

/** The `contributes.languageModelTools` entries of package.json, as VS Code reads them. */
export function languageModelToolsContribution() {
  return TOOL_DEFINITIONS.map((d) => ({
    name: d.name,
    toolReferenceName: d.toolReferenceName,
    displayName: d.displayName,
    modelDescription: d.modelDescription,
    userDescription: d.userDescription,
    canBeReferencedInPrompt: d.canBeReferencedInPrompt,
    tags: d.tags,
    inputSchema: d.inputSchema,
  }));
}
