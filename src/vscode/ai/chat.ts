/**
 * The `@hashpivot` chat participant: `/report`, `/compare`, `/deals`, `/scenario`, `/pivot` (and a
 * plain question naming tickers) call the same tools as the language-model tools and the MCP
 * server (src/tools via ./tools.ts). The figures are always shown as the tool gives them (a table
 * with the data source and date); with a language model available, a short answer in prose is
 * written around them from those figures only. Buttons open the ticker panel or put the figures
 * in a note; follow-ups suggest the next question.
 */
import * as vscode from 'vscode';
import { resultText, type ToolResult } from '../../tools';
import type { Services } from '../services';
import { chatToolCall, type ChatCommand } from './chatInput';
import { runExtensionTool } from './tools';
import { messageOf } from '../../shared/errors';
import { Commands } from '../commands/ids';

export const CHAT_PARTICIPANT_ID = 'hashpivot.chat';

/** What the participant answered (tests and the API read it; the chat view gets the same through its stream). */
export interface ChatAnswer {
  markdown: string;
  tool?: string;
  result?: ToolResult;
  prose: boolean;
  buttons: Array<{ title: string; command: string; arguments?: unknown[] }>;
}

/** The stream the handler writes to: VS Code's, or a recorder for tests. */
interface AnswerStream {
  markdown(text: string): void;
  button(b: { title: string; command: string; arguments?: unknown[] }): void;
  progress?(text: string): void;
}

const SYSTEM =
  'You are Hashpivot, an assistant for bitcoin miners that are turning their power sites into AI data centers. ' +
  'Answer the question in two to five sentences using ONLY the figures in the tool result below (fractions are shown as percentages there). ' +
  'Name the data source and the as-of date the result states. Do not invent figures, do not give investment advice.';

/** Answers one request; `model` is the chat's language model when there is one. */
export async function answerChat(
  s: Services,
  command: string | undefined,
  prompt: string,
  stream: AnswerStream,
  model: vscode.LanguageModelChat | undefined,
  token: vscode.CancellationToken,
): Promise<ChatAnswer> {
  const answer: ChatAnswer = { markdown: '', prose: false, buttons: [] };
  const md = (t: string) => {
    answer.markdown += t;
    stream.markdown(t);
  };
  const button = (b: { title: string; command: string; arguments?: unknown[] }) => {
    answer.buttons.push(b);
    stream.button(b);
  };
  const isKnown = (sym: string) => s.market.isKnown(sym) || !!s.catalog.current().miner(sym);
  const call = chatToolCall(command as ChatCommand | undefined, prompt, isKnown);
  if ('error' in call) {
    md(`Hashpivot: ${call.error}.`);
    return answer;
  }
  answer.tool = call.tool;
  stream.progress?.(`Computing ${call.tool}…`);
  const result = await runExtensionTool(s, call.tool, call.input);
  answer.result = result;
  if (result.ok && model && !token.isCancellationRequested) {
    try {
      const messages = [vscode.LanguageModelChatMessage.User(`${SYSTEM}\n\nQuestion: ${prompt || command}\n\nTool result (${call.tool}):\n${result.text}`)];
      const response = await model.sendRequest(messages, {}, token);
      for await (const part of response.text) md(part);
      md('\n\n');
      answer.prose = true;
    } catch (e) {
      // No model access (or none at all): the figures below still answer.
      s.log.info('ai', `chat without a model's prose: ${messageOf(e)}`);
    }
  }
  md(resultText(result));
  if (result.ok) {
    const symbols = Array.isArray(call.input.symbols) ? (call.input.symbols as string[]) : typeof call.input.company === 'string' ? [call.input.company] : [];
    for (const sym of symbols.slice(0, 3)) button({ title: `Open ${sym}`, command: Commands.showTicker, arguments: [sym] });
    if (symbols.length) button({ title: 'Insert into Note', command: Commands.insertSnapshot, arguments: [symbols[0]] });
    if (call.tool === 'hashpivot_scenario')
      button({ title: 'Open Stress Scenarios', command: Commands.runScenario, arguments: [call.input.scenario ?? undefined] });
  }
  return answer;
}

export function registerChatParticipant(s: Services): vscode.Disposable[] {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return [];
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, async (request, _context, stream, token) => {
    const answer = await answerChat(s, request.command, request.prompt, stream, request.model, token);
    return { metadata: { command: request.command, tool: answer.tool, symbols: answer.result?.ok ? symbolsOf(answer) : [] } };
  });
  participant.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = {
    provideFollowups: (result) => {
      const meta = result.metadata as { command?: string; symbols?: string[] } | undefined;
      const sym = meta?.symbols?.[0];
      if (!sym) return [{ prompt: 'IREN CORZ WULF', command: 'report', label: 'Report on IREN, CORZ and WULF' }];
      return [
        { prompt: sym, command: 'pivot', label: `How did ${sym}'s betas change after its first AI deal?` },
        { prompt: `${sym} BTC NDX`, command: 'compare', label: `Compare ${sym} with BTC and the NASDAQ-100` },
        { prompt: sym, command: 'deals', label: `${sym}'s AI/HPC deals` },
      ];
    },
  };
  return [participant];
}

function symbolsOf(a: ChatAnswer): string[] {
  return a.buttons.filter((b) => b.command === Commands.showTicker).map((b) => String(b.arguments?.[0]));
}
