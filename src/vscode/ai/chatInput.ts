/**
 * What a `@hashpivot` chat request asks the tools for: the slash command and its words turned into
 * a tool's input (no VS Code here, so it is unit-tested). Symbols are the words the market store
 * or the catalog knows (`$IREN`, `iren`); a date `YYYY-MM-DD` is the as-of; `/scenario` takes a
 * scenario id, or shocks `BTC=-30% NDX=-10%`, and "portfolio"/"holdings" for the holdings.
 */
import type { ToolName } from '../../tools';
import { SCENARIOS, parseShocks } from '../../core/scenario';

export const CHAT_COMMANDS = ['report', 'compare', 'deals', 'scenario', 'pivot'] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

export type ChatToolCall = { tool: ToolName; input: Record<string, unknown> } | { error: string };

const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

/** The symbols a prompt names, in order, once each (words the store or catalog knows). */
export function symbolsIn(prompt: string, isKnown: (symbol: string) => boolean): string[] {
  const out: string[] = [];
  for (const raw of prompt.split(/[\s,;:!?()]+/)) {
    const w = raw
      .replace(/^\$/, '')
      .replace(/[.'’]+$/, '')
      .toUpperCase();
    if (w && /^[A-Z0-9^][A-Z0-9.=^-]{0,19}$/.test(w) && !/^\d+$/.test(w) && isKnown(w) && !out.includes(w)) out.push(w);
  }
  return out;
}

/**
 * The tool call for a command (or for a prompt without one: the report of the symbols it names,
 * a comparison when it says "compare" or "vs").
 */
export function chatToolCall(command: string | undefined, prompt: string, isKnown: (symbol: string) => boolean): ChatToolCall {
  const asOf = DATE.exec(prompt)?.[1];
  const withDate = (input: Record<string, unknown>) => (asOf ? { ...input, asOf } : input);
  const symbols = symbolsIn(prompt.replace(DATE, ' '), isKnown).slice(0, 8);
  const cmd = command ?? (/\b(compare|vs\.?|versus)\b/i.test(prompt) && symbols.length >= 2 ? 'compare' : /\bpivot\b/i.test(prompt) ? 'pivot' : 'report');
  switch (cmd) {
    case 'report':
      return symbols.length ? { tool: 'hashpivot_report', input: withDate({ symbols }) } : { error: 'name one or more tickers, e.g. /report IREN CORZ' };
    case 'compare':
      return symbols.length >= 2
        ? { tool: 'hashpivot_compare', input: withDate({ symbols }) }
        : { error: 'name two to eight tickers, e.g. /compare IREN WULF BTC' };
    case 'pivot':
      return symbols.length ? { tool: 'hashpivot_pivot', input: withDate({ symbols }) } : { error: 'name a miner, e.g. /pivot IREN' };
    case 'deals': {
      const text = prompt.trim();
      if (!text) return { error: 'name a company or a counterparty, e.g. /deals IREN or /deals Fluidstack' };
      return symbols.length
        ? { tool: 'hashpivot_deals', input: { company: symbols[0] } }
        : { tool: 'hashpivot_deals', input: { counterparty: text.slice(0, 80) } };
    }
    case 'scenario': {
      const basis = /\b(portfolio|holdings|my positions)\b/i.test(prompt) ? 'portfolio' : 'universe';
      const id = SCENARIOS.find((s) => new RegExp(`(^|\\s)${s.id}(\\s|$)`, 'i').test(prompt))?.id;
      if (id) return { tool: 'hashpivot_scenario', input: { scenario: id, basis } };
      const shockText = (prompt.match(/[A-Za-z0-9$^]+\s*=\s*[-+−]?\d+(?:\.\d+)?\s*%?/g) ?? []).join(', ');
      if (shockText) {
        try {
          const shocks = Object.fromEntries(Object.entries(parseShocks(shockText)));
          return { tool: 'hashpivot_scenario', input: { shocks, basis } };
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      }
      return { error: `name a scenario (${SCENARIOS.map((s) => s.id).join(', ')}) or shocks like BTC=-30% NDX=-10%` };
    }
    default:
      return { error: `unknown command /${cmd} (try /${CHAT_COMMANDS.join(', /')})` };
  }
}
