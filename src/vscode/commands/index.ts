/** The command table: every contributed command, by family (one file each in this folder). */
import type { Services } from '../services';
import type { CommandTable } from './registry';
import { generalCommands } from './general';
import { tickerCommands } from './tickers';
import { watchlistCommands } from './watchlist';
import { dealCommands } from './deals';
import { minersViewCommands } from './minersView';
import { scenarioCommands } from './scenario';
import { alertCommands } from './alerts';
import { portfolioCommands } from './portfolio';
import { noteCommands } from './notes';

export { registerCommands } from './registry';

export function commandTable(s: Services): CommandTable {
  return {
    ...generalCommands(s),
    ...tickerCommands(s),
    ...watchlistCommands(s),
    ...dealCommands(s),
    ...minersViewCommands(),
    ...scenarioCommands(s),
    ...alertCommands(s),
    ...portfolioCommands(s),
    ...noteCommands(s),
  };
}
