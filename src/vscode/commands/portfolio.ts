/**
 * Holdings commands: add, edit and remove a position (multi-step input, each step validated as
 * it is typed, the whole position checked again by src/core/portfolio before it is written), set
 * the cash, open (or start) the workspace holdings file, and insert a dated portfolio snapshot
 * into the note being edited.
 */
import * as vscode from 'vscode';
import { checkPosition, normaliseSymbol, portfolioSnapshotMarkdown, WORKSPACE_PORTFOLIO_PATH, type Position } from '../../core/portfolio';
import { describeOrigin } from '../../core/format';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { notify } from '../notify';
import { PositionNode } from '../portfolio/portfolioTree';

const parseNumber = (text: string): number =>
  text.trim() === ''
    ? NaN
    : Number(
        text
          .trim()
          .replace(/[,_\s]/g, '')
          .replace(/^\$/, ''),
      );

function symbolOfPosition(arg: unknown): string | undefined {
  if (arg instanceof PositionNode) return arg.position.symbol;
  return typeof arg === 'string' ? normaliseSymbol(arg) : undefined;
}

async function pickPosition(s: Services, title: string): Promise<string | undefined> {
  const positions = s.portfolio.current.holdings.positions;
  if (!positions.length) {
    void notify.info('The portfolio has no positions yet. Use "Hashpivot: Add Position" first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    positions.map((p) => ({ label: p.symbol, description: `${p.quantity}${p.costBasis !== undefined ? ` @ ${p.costBasis}` : ''}` })),
    { title },
  );
  return pick?.label;
}

/** Quantity and cost basis for `symbol`, prefilled from `existing`; undefined when the user cancels. */
async function askFigures(symbol: string, existing: Position | undefined, title: string, step: number, steps: number): Promise<Position | undefined> {
  const qText = await vscode.window.showInputBox({
    title: `${title} (${step}/${steps})`,
    prompt: `Units of ${symbol} held; negative for a short`,
    value: existing ? String(existing.quantity) : '',
    ignoreFocusOut: true,
    validateInput: (t) => {
      const q = parseNumber(t);
      return Number.isFinite(q) && q !== 0 ? undefined : 'A non-zero number of units, e.g. 100, 0.5 or -50 for a short';
    },
  });
  if (qText === undefined) return undefined;
  const cText = await vscode.window.showInputBox({
    title: `${title} (${step + 1}/${steps})`,
    prompt: `Cost basis: USD per unit of ${symbol} (leave empty if unknown: the P&L is then not shown)`,
    value: existing?.costBasis !== undefined ? String(existing.costBasis) : '',
    ignoreFocusOut: true,
    validateInput: (t) => {
      if (t.trim() === '') return undefined;
      const c = parseNumber(t);
      return Number.isFinite(c) && c >= 0 ? undefined : 'USD per unit, 0 or more (e.g. 31.25), or empty';
    },
  });
  if (cText === undefined) return undefined;
  const raw: Record<string, unknown> = { symbol, quantity: parseNumber(qText) };
  if (cText.trim() !== '') raw.costBasis = parseNumber(cText);
  if (existing?.lots && raw.quantity === existing.quantity) raw.lots = existing.lots;
  if (existing?.note) raw.note = existing.note;
  const { position, problems } = checkPosition(raw);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!position || errors.length) {
    void notify.error(`The position was not saved: ${errors.map((p) => `${p.field ?? ''} ${p.message}`.trim()).join('; ')}`);
    return undefined;
  }
  return position;
}

async function addPosition(s: Services, symbolArg?: string): Promise<void> {
  const title = 'Hashpivot: Add Position';
  let symbol = symbolArg ? normaliseSymbol(symbolArg) : undefined;
  if (!symbol) {
    const text = await vscode.window.showInputBox({
      title: `${title} (1/3)`,
      prompt: 'Ticker (IREN, WULF, BTC, …): one of the universe, the watchlist or the catalog',
      ignoreFocusOut: true,
      validateInput: (t) => {
        const sym = normaliseSymbol(t);
        if (!sym) return 'A ticker: letters, digits and . ^ = -, up to 15';
        if (!s.market.isKnown(sym)) return `${sym} has no market data: add it to the watchlist first`;
        return undefined;
      },
    });
    symbol = text === undefined ? undefined : normaliseSymbol(text);
    if (!symbol) return;
  } else if (!s.market.isKnown(symbol)) {
    void notify.error(`${symbol} has no market data: add it to the watchlist first.`);
    return;
  }
  const existing = s.portfolio.current.holdings.positions.find((p) => p.symbol === symbol);
  if (existing) {
    const choice = await notify.info(`${symbol} is already in the portfolio (${existing.quantity} units).`, 'Edit It');
    if (choice === 'Edit It') await editPosition(s, symbol);
    return;
  }
  const position = await askFigures(symbol, undefined, title, 2, 3);
  if (!position) return;
  await save(s, () => s.portfolio.upsertPosition(position), `${symbol} added to the portfolio`);
}

async function editPosition(s: Services, symbolArg?: string): Promise<void> {
  const symbol = symbolArg ?? (await pickPosition(s, 'Hashpivot: Edit Position'));
  if (!symbol) return;
  const existing = s.portfolio.current.holdings.positions.find((p) => p.symbol === symbol);
  if (!existing) {
    void notify.warn(`${symbol} is not in the portfolio.`);
    return;
  }
  const position = await askFigures(symbol, existing, `Hashpivot: Edit ${symbol}`, 1, 2);
  if (!position) return;
  await save(s, () => s.portfolio.upsertPosition(position), `${symbol} updated`);
}

async function removePosition(s: Services, symbolArg?: string): Promise<void> {
  const symbol = symbolArg ?? (await pickPosition(s, 'Hashpivot: Remove Position'));
  if (!symbol) return;
  const confirm = await notify.warn(`Remove ${symbol} from the portfolio?`, { modal: true }, 'Remove');
  if (confirm !== 'Remove') return;
  await save(s, async () => void (await s.portfolio.removePosition(symbol)), `${symbol} removed from the portfolio`);
}

async function setCash(s: Services): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: 'Hashpivot: Set Portfolio Cash',
    prompt: 'Cash in USD (negative for a margin loan)',
    value: String(s.portfolio.current.holdings.cash),
    ignoreFocusOut: true,
    validateInput: (t) => (Number.isFinite(parseNumber(t)) ? undefined : 'A number of USD, e.g. 2500 or -1000'),
  });
  if (text === undefined) return;
  await save(s, () => s.portfolio.setCash(parseNumber(text)), 'cash updated');
}

/** Runs a write; a failure is said, and nothing else changes (the holdings are re-read from where they live). */
async function save(s: Services, write: () => Promise<void>, done: string): Promise<void> {
  try {
    await write();
    s.log.info('portfolio', done);
  } catch (e) {
    s.log.error('portfolio', `${done} failed: ${(e as Error).message}`);
    void notify.error(`Hashpivot could not save the holdings: ${(e as Error).message}`);
  }
}

async function openPortfolioFile(s: Services): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void notify.info(
      'No folder is open: your holdings are kept in Hashpivot’s user state. Open a folder to keep them in .hashpivot/portfolio.json beside your notes.',
    );
    return;
  }
  if (!vscode.workspace.isTrusted) {
    void notify.info(`Hashpivot reads ${WORKSPACE_PORTFOLIO_PATH} in trusted workspaces only.`);
    return;
  }
  const uri = await s.portfolio.createWorkspaceFile();
  if (uri) await vscode.window.showTextDocument(uri);
}

async function insertPortfolioSnapshot(s: Services): Promise<void> {
  await s.market.ensureLoaded();
  const f = s.portfolio.compute();
  if (!f) {
    void notify.info('The portfolio has no positions yet. Use "Hashpivot: Add Position" first.');
    return;
  }
  const origins = f.valuation.positions.map((p) => s.market.peek(p.symbol)?.origin).filter((o) => !!o);
  const label = [...new Set(origins.map((o) => describeOrigin(o, Date.now())))].join('; ') || 'no data';
  const text = portfolioSnapshotMarkdown(f.valuation, f.risk, f.asOf, label, new Date());
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.isClosed) {
    await vscode.env.clipboard.writeText(text);
    void notify.info('No editor is open: the portfolio snapshot was copied to the clipboard.');
    return;
  }
  await editor.edit((b) => b.insert(editor.selection.active, text));
}

export function portfolioCommands(
  s: Services,
): CommandHandlers<
  | typeof Commands.addPosition
  | typeof Commands.editPosition
  | typeof Commands.removePosition
  | typeof Commands.setPortfolioCash
  | typeof Commands.openPortfolioFile
  | typeof Commands.insertPortfolioSnapshot
> {
  return {
    [Commands.addPosition]: (arg?: unknown) => addPosition(s, symbolOfPosition(arg)),
    [Commands.editPosition]: (arg?: unknown) => editPosition(s, symbolOfPosition(arg)),
    [Commands.removePosition]: (arg?: unknown) => removePosition(s, symbolOfPosition(arg)),
    [Commands.setPortfolioCash]: () => setCash(s),
    [Commands.openPortfolioFile]: () => openPortfolioFile(s),
    [Commands.insertPortfolioSnapshot]: () => insertPortfolioSnapshot(s),
  };
}
