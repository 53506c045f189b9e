/**
 * The `hashpivot` command line: the extension's engine without VS Code. A table of commands (one
 * module each under ./commands) and the dispatch to them; usage errors exit with status 2.
 */
import { createCliStore } from './context';
import { CliError, processIo, type Io } from './io';
import {
  alertsCommand,
  catalogCommand,
  compareCommand,
  dealsCommand,
  economicsCommand,
  exposureCommand,
  mcpCommand,
  minersCommand,
  networkCommand,
  pivotCommand,
  portfolioCommand,
  report,
  riskCheckCommand,
  scenarioCommand,
  varCommand,
} from './commands';

declare const __HASHPIVOT_VERSION__: string | undefined;

interface Command {
  /** The command and its arguments as the usage shows them; the first word is its name. */
  synopsis: string;
  /** What it does: the usage's lines for it. */
  summary: readonly string[];
  run(argv: string[], io: Io): number | Promise<number>;
}

const COMMANDS: readonly Command[] = [
  {
    synopsis: 'report SYMBOL...',
    summary: ['price, changes, drawdown, volatility, correlation and beta to BTC and the', 'NASDAQ-100, VaR/CVaR (see "hashpivot report --help")'],
    run: report,
  },
  {
    synopsis: 'compare SYMBOL...',
    summary: ['two or more symbols side by side: correlations of daily returns pair by pair', "and each one's report (--days N, --as-of, --json)"],
    run: compareCommand,
  },
  {
    synopsis: 'miners [TICKER...]',
    summary: ['catalog miners: pivot status, contracted MW vs capacity, AI/HPC backlog,', 'pivot debt (--catalog FILE merges an override file; --json)'],
    run: minersCommand,
  },
  {
    synopsis: 'deals [TICKER|ID...]',
    summary: ['catalog AI/HPC deals and whether each counts as backlog (--counterparty NAME,', '--catalog, --json)'],
    run: dealsCommand,
  },
  {
    synopsis: 'exposure [COUNTERPARTY...]',
    summary: [
      "who the miners' contracted backlog rests on: by counterparty, backer or end",
      'user, per-miner concentration (HHI), backstops (--by, --catalog, --json)',
    ],
    run: exposureCommand,
  },
  {
    synopsis: 'economics [SYMBOL...]',
    summary: [
      'per MW-year: mining revenue at a hashprice against AI/HPC lease revenue, the',
      'breakeven BTC price, the halving and difficulty growth (--hashprice N, --json)',
    ],
    run: economicsCommand,
  },
  {
    synopsis: 'catalog validate FILE',
    summary: ['check a catalog file; problems as FILE:LINE:COL (exit 1 on an error;', '--standalone for a complete catalog, --json)'],
    run: catalogCommand,
  },
  {
    synopsis: 'network',
    summary: [
      'the Bitcoin network on a date: difficulty, hashrate, subsidy, fees per block,',
      'BTC close, hashprice USD/PH/day and the fee share (--as-of, --source, --json)',
    ],
    run: networkCommand,
  },
  {
    synopsis: 'pivot [SYMBOL...]',
    summary: [
      "two-factor betas on BTC and the NASDAQ-100 before/after each miner's first",
      'AI/HPC deal, rolling betas (--window N, --json; see "hashpivot pivot --help")',
    ],
    run: pivotCommand,
  },
  {
    synopsis: 'scenario list|NAME',
    summary: [
      'historical replays and hypothetical shocks through the betas, per symbol and for',
      'a portfolio (--from/--to, --shock BTC=-0.3,NDX=-0.2, --weights IREN=0.5,...,',
      '--portfolio F); --default COUNTERPARTY: the backlog a counterparty default puts',
      'at risk per miner, with a stated price-impact estimate (--market-cap SYM=USD)',
    ],
    run: scenarioCommand,
  },
  {
    synopsis: 'portfolio',
    summary: [
      'a holdings file (./.hashpivot/portfolio.json or --file F): value, P&L, weights,',
      'β to BTC and the NASDAQ-100, VaR/ES in USD, risk contributions (--as-of, --json)',
    ],
    run: portfolioCommand,
  },
  {
    synopsis: 'var',
    summary: [
      'block-bootstrap VaR/ES of a weighted portfolio with its convergence',
      '(--weights or --portfolio F, --paths N, --seed S, --block L, --horizon D, --json)',
    ],
    run: varCommand,
  },
  {
    synopsis: 'alerts check|validate',
    summary: [
      "evaluate alert rules (./.hashpivot/alerts.json or --rules FILE): each rule's",
      'state, value and distance to the trigger (--as-of, --source, --memory FILE,',
      '--portfolio F for portfolio rules, --json); "alerts validate FILE" checks a',
      'rules file (exit 1 on a problem)',
    ],
    run: (argv, io) => alertsCommand(argv, io, { createStore: createCliStore }),
  },
  {
    synopsis: 'mcp',
    summary: [
      "a Model Context Protocol server on stdio with Hashpivot's tools (report, compare,",
      'deals, pivot, scenario, var) for AI assistants (--source, --portfolio F, --catalog F)',
    ],
    run: mcpCommand,
  },
  {
    synopsis: 'risk-check FILE',
    summary: ['compute every case of a risk reference case file and compare', '(prints each failure, ends with "N passed, M failed"; exit 1 on any failure)'],
    run: riskCheckCommand,
  },
];

const nameOf = (c: Command) => c.synopsis.split(' ')[0]!;

/** `  NAME ARGS           text`: the text in a column of its own, below a name too long for it. */
function usageEntry(synopsis: string, summary: readonly string[]): string {
  const indent = ' '.repeat(22);
  const [first, ...rest] = summary;
  const head = synopsis.length <= 18 ? `  ${synopsis.padEnd(18)}  ${first}` : `  ${synopsis}\n${indent}${first}`;
  return [head, ...rest.map((line) => indent + line)].join('\n');
}

const USAGE = `Usage: hashpivot <command> [options]

Commands:
${[...COMMANDS, { synopsis: 'help', summary: ['this text'] }].map((c) => usageEntry(c.synopsis, c.summary)).join('\n')}

Options:
${usageEntry('-h, --help', ['this text'])}
${usageEntry('-v, --version', ['the version'])}`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
      io.out(USAGE);
      return name === undefined ? 2 : 0;
    }
    if (name === '-v' || name === '--version') {
      io.out(typeof __HASHPIVOT_VERSION__ === 'string' ? __HASHPIVOT_VERSION__ : 'dev');
      return 0;
    }
    const command = COMMANDS.find((c) => nameOf(c) === name);
    if (!command) throw new CliError(`unknown command "${name}"\n\n${USAGE}`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`hashpivot: ${e.message}`);
      return e.code;
    }
    io.err(`hashpivot: internal error: ${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}

if (require.main === module) {
  // `hashpivot deals | head`: the reader went away. Stop quietly, as Unix tools do, rather than
  // crash on an unhandled EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hashpivot: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
