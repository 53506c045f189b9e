/** Group Miners By… and Sort Miners By… (the `hashpivot.miners.*` settings). */
import * as vscode from 'vscode';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';

async function groupMinersBy(): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'No grouping', value: 'none' },
      { label: 'Pivot status', description: 'energized, contracted, announced', value: 'pivotStatus' },
      { label: 'Risk band', description: 'from 90-day volatility and drawdown', value: 'risk' },
    ],
    { title: 'Group Miners By' },
  );
  if (pick) await vscode.workspace.getConfiguration('hashpivot').update('miners.groupBy', pick.value, vscode.ConfigurationTarget.Global);
}

async function sortMinersBy(): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'Ticker', value: 'ticker' },
      { label: '30-day change', description: 'best first', value: 'change' },
      { label: 'Risk band', description: 'riskiest first', value: 'risk' },
      { label: 'AI/HPC backlog', description: 'largest first', value: 'backlog' },
    ],
    { title: 'Sort Miners By' },
  );
  if (pick) await vscode.workspace.getConfiguration('hashpivot').update('miners.sortBy', pick.value, vscode.ConfigurationTarget.Global);
}

export function minersViewCommands(): CommandHandlers<typeof Commands.groupMinersBy | typeof Commands.sortMinersBy> {
  return {
    [Commands.groupMinersBy]: () => groupMinersBy(),
    [Commands.sortMinersBy]: () => sortMinersBy(),
  };
}
