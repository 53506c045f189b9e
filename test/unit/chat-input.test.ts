import assert from 'node:assert/strict';
import { chatToolCall, symbolsIn } from '../../src/vscode/ai/chatInput';

const KNOWN = new Set(['IREN', 'CORZ', 'WULF', 'BTC', 'NDX', 'CIFR']);
const isKnown = (s: string) => KNOWN.has(s);

describe('@hashpivot: a chat request as a tool call (src/vscode/ai/chatInput)', () => {
  it('finds the tickers a prompt names, $-prefixed or not, once each, in order', () => {
    assert.deepEqual(symbolsIn('How much does $IREN still move with btc, and iren vs CORZ? A 2025 view', isKnown), ['IREN', 'BTC', 'CORZ']);
    assert.deepEqual(symbolsIn('nothing known here', isKnown), []);
  });

  it('maps each slash command to its tool, with the as-of date when one is given', () => {
    assert.deepEqual(chatToolCall('report', 'IREN CORZ as of 2026-05-29', isKnown), {
      tool: 'hashpivot_report',
      input: { symbols: ['IREN', 'CORZ'], asOf: '2026-05-29' },
    });
    assert.deepEqual(chatToolCall('compare', 'IREN WULF BTC', isKnown), { tool: 'hashpivot_compare', input: { symbols: ['IREN', 'WULF', 'BTC'] } });
    assert.deepEqual(chatToolCall('pivot', 'IREN', isKnown), { tool: 'hashpivot_pivot', input: { symbols: ['IREN'] } });
    assert.deepEqual(chatToolCall('deals', 'IREN', isKnown), { tool: 'hashpivot_deals', input: { company: 'IREN' } });
    assert.deepEqual(chatToolCall('deals', 'Fluidstack', isKnown), { tool: 'hashpivot_deals', input: { counterparty: 'Fluidstack' } });
    assert.deepEqual(chatToolCall('scenario', 'ftx-2022 on my portfolio', isKnown), {
      tool: 'hashpivot_scenario',
      input: { scenario: 'ftx-2022', basis: 'portfolio' },
    });
    assert.deepEqual(chatToolCall('scenario', 'BTC=-30% NDX=-10%', isKnown), {
      tool: 'hashpivot_scenario',
      input: { shocks: { BTC: -0.3, NDX: -0.1 }, basis: 'universe' },
    });
  });

  it('without a command: a report of the tickers named, or a comparison when it says vs', () => {
    assert.deepEqual(chatToolCall(undefined, 'how much does IREN still move with BTC?', isKnown), {
      tool: 'hashpivot_report',
      input: { symbols: ['IREN', 'BTC'] },
    });
    assert.deepEqual(chatToolCall(undefined, 'IREN vs WULF', isKnown), { tool: 'hashpivot_compare', input: { symbols: ['IREN', 'WULF'] } });
  });

  it('says what is missing instead of calling a tool with nothing', () => {
    for (const [cmd, prompt, re] of [
      ['report', 'hello', /name one or more tickers/],
      ['compare', 'IREN', /two to eight tickers/],
      ['scenario', 'something bad', /name a scenario/],
      ['scenario', 'BTC=-150%', /below -100%/],
      ['deals', '  ', /company or a counterparty/],
      ['explode', 'IREN', /unknown command/],
    ] as const) {
      const r = chatToolCall(cmd, prompt, isKnown);
      assert.ok('error' in r && re.test(r.error), `${cmd} ${prompt}: ${JSON.stringify(r)}`);
    }
  });
});
