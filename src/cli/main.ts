/**
 * The `hashpivot` command line: the extension's engine without VS Code.
 *   hashpivot report SYMBOL... [--as-of DATE] [--from DATE] [--source auto|live|snapshot] [--json]
 *   hashpivot risk-check FILE
 */
import { CliError, processIo, type Io } from './io';
import { riskCheck } from './riskCheck';
import { report } from './report';
import { catalogCommand, dealsCommand, minersCommand } from './catalog';
import { alertsCommand } from './alerts';
import { pivotCommand, scenarioCommand, varCommand } from './analytics';
import { createCliStore } from './context';

declare const __HASHPIVOT_VERSION__: string | undefined;

const USAGE = `Usage: hashpivot <command> [options]

Commands:
  report SYMBOL...    price, changes, drawdown, volatility, correlation and beta to BTC and the
                      NASDAQ-100, VaR/CVaR (see "hashpivot report --help")
  miners [TICKER...]  catalog miners: pivot status, contracted MW vs capacity, AI/HPC backlog,
                      pivot debt (--catalog FILE merges an override file; --json)
  deals [TICKER|ID...]
                      catalog AI/HPC deals and whether each counts as backlog (--catalog, --json)
  catalog validate FILE
                      check a catalog file; problems as FILE:LINE:COL (exit 1 on an error;
                      --standalone for a complete catalog, --json)
  pivot [SYMBOL...]   two-factor betas on BTC and the NASDAQ-100 before/after each miner's first
                      AI/HPC deal, rolling betas (--window N, --json; see "hashpivot pivot --help")
  scenario list|NAME  historical replays and hypothetical shocks through the betas, per symbol and for
                      a portfolio (--from/--to, --shock BTC=-0.3,NDX=-0.2, --weights IREN=0.5,...)
  var                 block-bootstrap VaR/ES of a weighted portfolio with its convergence
                      (--weights, --paths N, --seed S, --block L, --horizon D, --json)
  alerts check|validate
                      evaluate alert rules (./.hashpivot/alerts.json or --rules FILE): each rule's
                      state, value and distance to the trigger (--as-of, --source, --memory FILE,
                      --json); "alerts validate FILE" checks a rules file (exit 1 on a problem)
  risk-check FILE     compute every case of a risk reference case file and compare
                      (prints each failure, ends with "N passed, M failed"; exit 1 on any failure)
  help                this text

Options:
  -h, --help          this text
  -v, --version       the version`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '-h':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.out(typeof __HASHPIVOT_VERSION__ === 'string' ? __HASHPIVOT_VERSION__ : 'dev');
        return 0;
      case 'report':
        return await report(rest, io);
      case 'miners':
        return await minersCommand(rest, io);
      case 'deals':
        return await dealsCommand(rest, io);
      case 'catalog':
        return await catalogCommand(rest, io);
      case 'pivot':
        return await pivotCommand(rest, io);
      case 'scenario':
        return await scenarioCommand(rest, io);
      case 'var':
        return await varCommand(rest, io);
      case 'alerts':
        return await alertsCommand(rest, io, { createStore: createCliStore });
      case 'risk-check': {
        if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new CliError('usage: hashpivot risk-check FILE');
        return riskCheck(rest[0]!, io);
      }
      default:
        throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
    }
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
