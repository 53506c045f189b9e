/**
 * The grammar of fenced `hashpivot` blocks in notes, as data: the kinds with their arguments, the
 * options with their allowed values, and a one-line doc of each. The parser (parse.ts), the
 * completions and hovers (assist.ts) and the docs are built from it. Pure.
 *
 * ````markdown
 * ```hashpivot
 * # a comment line
 * chart IREN BTC range=1Y metric=price
 * ```
 * ````
 */
import { RANGES, type RangeKey } from '../../shared/protocol';

/** The info string of the fence. */
export const BLOCK_LANGUAGE = 'hashpivot';

/** Longest block content read (characters, comments included); a longer one is an error. */
export const MAX_BLOCK_CHARS = 2000;
/** Most symbols a chart, report or miners block takes. */
export const MAX_BLOCK_SYMBOLS = 8;
/** Most factor moves a `scenario shock` takes. */
export const MAX_BLOCK_SHOCKS = 6;

export const BLOCK_KINDS = ['chart', 'report', 'deals', 'miners', 'economics', 'scenario', 'portfolio'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const CHART_METRICS = ['price', 'drawdown', 'volatility', 'correlation', 'beta'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export const OPTION_NAMES = ['range', 'metric', 'as-of'] as const;
export type BlockOptionName = (typeof OPTION_NAMES)[number];

/** The keyword of a custom shock: `scenario shock BTC=-30%`. */
export const SHOCK_KEYWORD = 'shock';

/** Windows of the chart metrics, said in the chart's title. */
export const VOLATILITY_WINDOW = 30;
export const PAIR_WINDOW = 90;

export interface BlockValueSpec {
  value: string;
  doc: string;
}

export interface BlockOptionSpec {
  name: BlockOptionName;
  doc: string;
  /** The allowed values (null: free form, see `format`). */
  values: readonly BlockValueSpec[] | null;
  /** How a free-form value is written. */
  format?: string;
  /** What applies when the option is left out. */
  default: string;
}

/** What the positional arguments of a kind are. */
export interface BlockArgsSpec {
  /** `symbol`: tickers (`IREN`, `$IREN`); `scenario`: a scenario name or `shock FACTOR=MOVE…`. */
  kind: 'symbol' | 'scenario';
  /** As the synopsis writes it. */
  name: string;
  min: number;
  max: number;
  doc: string;
}

export interface BlockKindSpec {
  kind: BlockKind;
  /** `chart SYMBOL... [range=…] [metric=…] [as-of=YYYY-MM-DD]` */
  synopsis: string;
  doc: string;
  args: BlockArgsSpec | null;
  options: readonly BlockOptionName[];
  example: string;
}

const RANGE_DOCS: Record<RangeKey, string> = {
  '1M': 'the last month (31 days) to the as-of date',
  '3M': 'the last 3 months (92 days)',
  '6M': 'the last 6 months (183 days)',
  '1Y': 'the last year (365 days)',
  '3Y': 'the last 3 years (1,096 days)',
  ALL: 'all the data the symbols share',
};

export const BLOCK_OPTIONS: Readonly<Record<BlockOptionName, BlockOptionSpec>> = {
  range: {
    name: 'range',
    doc: 'How much history the chart shows, ending at the as-of date.',
    values: RANGES.map((value) => ({ value, doc: RANGE_DOCS[value] })),
    default: '1Y',
  },
  metric: {
    name: 'metric',
    doc: 'What the chart plots.',
    values: [
      { value: 'price', doc: 'the close; several symbols are rebased to 100 at the start of the range' },
      { value: 'drawdown', doc: 'the fall from the running peak within the range' },
      { value: 'volatility', doc: `rolling ${VOLATILITY_WINDOW}-day volatility of daily returns, annualized` },
      { value: 'correlation', doc: `rolling ${PAIR_WINDOW}-day correlation of daily returns to BTC` },
      { value: 'beta', doc: `rolling ${PAIR_WINDOW}-day beta of daily returns to BTC` },
    ],
    default: 'price',
  },
  'as-of': {
    name: 'as-of',
    doc: 'Show the block as of this date: closes on or before it, nothing dated after it.',
    values: null,
    format: 'YYYY-MM-DD',
    default: 'the latest date the data has (for several symbols, the latest date they all have)',
  },
};

export const BLOCK_GRAMMAR: Readonly<Record<BlockKind, BlockKindSpec>> = {
  chart: {
    kind: 'chart',
    synopsis: 'chart SYMBOL... [range=1M|3M|6M|1Y|3Y|ALL] [metric=price|drawdown|volatility|correlation|beta] [as-of=YYYY-MM-DD]',
    doc: 'A chart of one or more symbols; several prices are rebased to 100 at the start of the range.',
    args: { kind: 'symbol', name: 'SYMBOL', min: 1, max: MAX_BLOCK_SYMBOLS, doc: 'a ticker such as IREN, $IREN, BTC or NDX' },
    options: ['range', 'metric', 'as-of'],
    example: 'chart IREN BTC range=1Y',
  },
  report: {
    kind: 'report',
    synopsis: 'report SYMBOL... [as-of=YYYY-MM-DD]',
    doc: 'The report table: close, changes, drawdown, volatility, ρ and β to BTC and the NASDAQ-100, VaR and CVaR (as `hashpivot report`).',
    args: { kind: 'symbol', name: 'SYMBOL', min: 1, max: MAX_BLOCK_SYMBOLS, doc: 'a ticker such as IREN, $IREN, BTC or NDX' },
    options: ['as-of'],
    example: 'report IREN CORZ WULF',
  },
  deals: {
    kind: 'deals',
    synopsis: 'deals SYMBOL [as-of=YYYY-MM-DD]',
    doc: "The catalog's AI/HPC deals of a company, or of a counterparty (CRWV: CoreWeave's deals with the miners).",
    args: { kind: 'symbol', name: 'SYMBOL', min: 1, max: 1, doc: 'a company of the catalog (IREN) or a counterparty (CRWV, MSFT)' },
    options: ['as-of'],
    example: 'deals IREN',
  },
  miners: {
    kind: 'miners',
    synopsis: 'miners [SYMBOL...] [as-of=YYYY-MM-DD]',
    doc: "The catalog's miners with their AI/HPC figures: pivot status, contracted MW, backlog, pivot debt (as `hashpivot miners`).",
    args: { kind: 'symbol', name: 'SYMBOL', min: 0, max: MAX_BLOCK_SYMBOLS, doc: 'a miner of the catalog; all of them when none is given' },
    options: ['as-of'],
    example: 'miners',
  },
  economics: {
    kind: 'economics',
    synopsis: 'economics [SYMBOL...] [as-of=YYYY-MM-DD]',
    doc: "Per MW-year, what a miner's fleet earns mining at the day's hashprice against what its contracted AI/HPC leases earn, their ratio and the breakeven BTC price (as `hashpivot economics`).",
    args: { kind: 'symbol', name: 'SYMBOL', min: 0, max: MAX_BLOCK_SYMBOLS, doc: 'a miner of the catalog; all of them when none is given' },
    options: ['as-of'],
    example: 'economics CIFR RIOT WULF',
  },
  scenario: {
    kind: 'scenario',
    synopsis: 'scenario NAME [as-of=YYYY-MM-DD] | scenario shock FACTOR=MOVE... [as-of=YYYY-MM-DD]',
    doc: 'A named replay or shock, or a custom shock of BTC, NDX, AI or a symbol, on the equal-weight miner portfolio (as `hashpivot scenario`).',
    args: { kind: 'scenario', name: 'NAME', min: 1, max: 1, doc: 'a scenario name (crypto-winter-2022, btc-crash, …) or `shock` and factor moves' },
    options: ['as-of'],
    example: 'scenario shock BTC=-30%',
  },
  portfolio: {
    kind: 'portfolio',
    synopsis: 'portfolio [as-of=YYYY-MM-DD]',
    doc: 'Your holdings: value, P&L, weights, risk share, VaR and expected shortfall, β to BTC and the NASDAQ-100.',
    args: null,
    options: ['as-of'],
    example: 'portfolio',
  },
};

/** The doc of the `shock` keyword and of the factors a shock moves. */
export const SHOCK_DOC = 'A hypothetical move of one or more factors: FACTOR=MOVE, the move as a fraction or in percent (BTC=-30%, NDX=-0.2).';
export const SHOCK_FACTORS: readonly BlockValueSpec[] = [
  { value: 'BTC', doc: 'bitcoin' },
  { value: 'NDX', doc: 'the NASDAQ-100' },
  { value: 'AI', doc: 'the equal-weight AI-infrastructure basket (NVDA, AMZN, GOOGL, MSFT, CRWV)' },
];

export function isBlockKind(word: string): word is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(word);
}

export function isOptionName(word: string): word is BlockOptionName {
  return (OPTION_NAMES as readonly string[]).includes(word);
}
