/** Run Stress Scenario… (a named replay or shock, or a custom shock; on the miners or the holdings), Open Holdings Dashboard and Show Pivot Analysis…. */
import * as vscode from 'vscode';
import { SCENARIOS, parseShocks } from '../../core/scenario';
import { MINERS } from '../../core/universe';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { stringOf, symbolOf } from './args';
import { messageOf } from '../../shared/errors';
import { notify } from '../notify';
import { catalogExposure } from '../../catalog';
import { knownEntities } from '../../core/exposure';

/** The prefix of a counterparty default in a scenario selection: `default:Fluidstack`. */
export const DEFAULT_PREFIX = 'default:';

/**
 * The scenario to run: a scenario id, `custom:FACTOR=MOVE,…`, `default:ENTITY` (a counterparty
 * default, when `s` is given: the catalog's counterparties, backers and end users), or undefined
 * when the user cancelled.
 */
async function pickScenario(s?: Services): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id?: string };
  const items: Item[] = [
    ...SCENARIOS.map((x) => ({ label: x.name, description: x.kind === 'replay' ? `replay ${x.start} to ${x.end}` : 'shock', detail: x.description, id: x.id })),
    {
      label: '$(edit) Custom shock…',
      description: 'e.g. BTC=-30%, NDX=-20%, AI=-35%',
      detail: 'Factors: BTC, NDX, AI (equal-weight NVDA, AMZN, GOOGL, MSFT, CRWV) or any known symbol',
      id: 'custom',
    },
  ];
  if (s) {
    const model = catalogExposure(s.catalog.current());
    const entities = knownEntities(model).filter((e) =>
      model.deals.some((d) => d.counts && [d.counterparty.key, d.endUser.key, ...d.backstops.map((b) => b.guarantorKey)].includes(e.key)),
    );
    if (entities.length) {
      items.push({ label: 'Counterparty default', kind: vscode.QuickPickItemKind.Separator });
      for (const e of entities)
        items.push({
          label: `$(debug-disconnect) ${e.name} fails`,
          description: e.roles.join(', '),
          detail: "What the miners' contracted AI/HPC backlog loses, backstops honoured (the catalog's deals)",
          id: `${DEFAULT_PREFIX}${e.name}`,
        });
    }
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Hashpivot: Run Stress Scenario', matchOnDescription: true, matchOnDetail: true });
  if (!pick?.id) return undefined;
  if (pick.id !== 'custom') return pick.id;
  const text = await vscode.window.showInputBox({
    title: 'Custom shock',
    prompt: 'FACTOR=MOVE pairs, e.g. BTC=-30%, NDX=-20%',
    validateInput: (t) => {
      try {
        parseShocks(t);
        return undefined;
      } catch (e) {
        return messageOf(e);
      }
    },
  });
  return text === undefined ? undefined : `custom:${text}`;
}

async function runScenario(s: Services, arg: unknown): Promise<void> {
  const selection = stringOf(arg) ?? (await pickScenario(s));
  if (!selection) return;
  await s.market.ensureLoaded();
  if (selection.startsWith(DEFAULT_PREFIX)) s.panels.open('scenario', [], 'ALL', undefined, undefined, selection.slice(DEFAULT_PREFIX.length));
  else s.panels.open('scenario', [], 'ALL', selection);
}

/** Run Stress Scenario on Holdings…: the scenario panel on the holdings (weights from market values), or why it cannot be. */
async function runPortfolioScenario(s: Services, arg: unknown): Promise<void> {
  await s.market.ensureLoaded();
  const held = s.portfolio.weights();
  if (!held.weights.ok) {
    const choice = await notify.warn(`Hashpivot cannot run a scenario on the holdings: ${held.weights.reason}.`, 'Add Position…');
    if (choice) await vscode.commands.executeCommand(Commands.addPosition);
    return;
  }
  const selection = stringOf(arg) ?? (await pickScenario(s));
  if (!selection) return;
  if (selection.startsWith(DEFAULT_PREFIX)) s.panels.open('scenario', [], 'ALL', undefined, 'portfolio', selection.slice(DEFAULT_PREFIX.length));
  else s.panels.open('scenario', [], 'ALL', selection, 'portfolio');
}

/** Open Holdings Dashboard: the dashboard on the held symbols and the holdings' own line. */
async function openPortfolioDashboard(s: Services): Promise<void> {
  await s.market.ensureLoaded();
  const reason = s.portfolio.valueSeriesReason();
  if (reason) {
    const choice = await notify.warn(`Hashpivot cannot chart the holdings: ${reason}.`, 'Add Position…');
    if (choice) await vscode.commands.executeCommand(Commands.addPosition);
    return;
  }
  s.panels.open('dashboard', [], '1Y', undefined, 'portfolio');
}

async function showPivot(s: Services, arg: unknown): Promise<void> {
  const items = () => MINERS.map((m) => ({ label: m.symbol, description: s.catalog.current().miner(m.symbol)?.name ?? m.name }));
  const sym =
    symbolOf(arg) ??
    (await vscode.window.showQuickPick(items(), { title: 'Hashpivot: Show Pivot Analysis (betas before and after the first AI/HPC deal)' }))?.label;
  if (sym) s.panels.open('ticker', [sym], '3Y');
}

export function scenarioCommands(
  s: Services,
): CommandHandlers<typeof Commands.runScenario | typeof Commands.showPivot | typeof Commands.runPortfolioScenario | typeof Commands.openPortfolioDashboard> {
  return {
    [Commands.runScenario]: (arg?: unknown) => runScenario(s, arg),
    [Commands.runPortfolioScenario]: (arg?: unknown) => runPortfolioScenario(s, arg),
    [Commands.openPortfolioDashboard]: () => openPortfolioDashboard(s),
    [Commands.showPivot]: (arg?: unknown) => showPivot(s, arg),
  };
}
