import assert from 'node:assert/strict';
import {
  addWatchSymbol,
  dayChangeAmount,
  formatPriceChange,
  moveWatchSymbol,
  removeWatchSymbol,
  watchlistScope,
  watchlistSymbols,
  watchRowDescription,
  watchSymbolProblem,
} from '../../src/core/watchlist';
import { originLabel } from '../../src/core/format';

describe('the watchlist (src/core/watchlist.ts)', () => {
  it('reads the setting: normalised, in order, without blanks, non-strings or repeats', () => {
    assert.deepEqual(watchlistSymbols(['nvda', '$MSTR', ' ', 7, null, 'NVDA', 'eth']), ['NVDA', 'MSTR', 'ETH']);
    assert.deepEqual(watchlistSymbols(undefined), []);
    assert.deepEqual(watchlistSymbols('NVDA'), []);
  });

  it('checks a ticker to add: empty, format and duplicates, with a message that says which', () => {
    assert.equal(watchSymbolProblem('NVDA', []), undefined);
    assert.equal(watchSymbolProblem('$brk-b', ['NVDA']), undefined);
    assert.equal(watchSymbolProblem('^GSPC', []), undefined);
    assert.match(watchSymbolProblem('', [])!, /Type a ticker/);
    assert.match(watchSymbolProblem('   ', [])!, /Type a ticker/);
    for (const bad of ['NV DA', 'A'.repeat(16), '-X', 'AB;C', '[x](command:y)']) assert.match(watchSymbolProblem(bad, [])!, /is not a ticker/, bad);
    assert.equal(watchSymbolProblem('nvda', ['$NVDA']), 'NVDA is already on the watchlist.');
    assert.ok(watchSymbolProblem('x'.repeat(200), [])!.length < 160, 'a long input is cut in the message');
  });

  it('adds at the end, normalised; refuses a duplicate or a bad ticker', () => {
    assert.deepEqual(addWatchSymbol(['NVDA'], ' mstr '), ['NVDA', 'MSTR']);
    assert.equal(addWatchSymbol(['NVDA'], 'nvda'), undefined);
    assert.equal(addWatchSymbol([], 'NV DA'), undefined);
  });

  it('removes every entry naming the ticker, whatever its spelling, and keeps the rest as written', () => {
    assert.deepEqual(removeWatchSymbol(['$iren', 'NVDA', 'IREN', 3], 'IREN'), ['NVDA', 3]);
    assert.equal(removeWatchSymbol(['NVDA'], 'MSTR'), undefined);
  });

  it('moves a ticker up or down by swapping it with its neighbour as shown', () => {
    assert.deepEqual(moveWatchSymbol(['A', 'B', 'C'], 'B', -1), ['B', 'A', 'C']);
    assert.deepEqual(moveWatchSymbol(['A', 'B', 'C'], 'B', 1), ['A', 'C', 'B']);
    assert.equal(moveWatchSymbol(['A', 'B', 'C'], 'A', -1), undefined, 'already first');
    assert.equal(moveWatchSymbol(['A', 'B', 'C'], 'C', 1), undefined, 'already last');
    assert.equal(moveWatchSymbol(['A', 'B'], 'Z', 1), undefined, 'not there');
    // Entries the view does not show (blanks, repeats) stay where they are; spellings are kept.
    assert.deepEqual(moveWatchSymbol(['$a', '', 'b', 'A', 'C'], 'b', -1), ['b', '', '$a', 'A', 'C']);
    assert.deepEqual(moveWatchSymbol(['$a', '', 'b', 'A', 'C'], 'B', 1), ['$a', '', 'C', 'A', 'b']);
  });

  it('writes where the setting is defined: the workspace when it is set there, else the user settings', () => {
    assert.equal(watchlistScope({ workspaceValue: ['NVDA'] }), 'workspace');
    assert.equal(watchlistScope({ workspaceValue: [] }), 'workspace');
    assert.equal(watchlistScope({}), 'global');
    assert.equal(watchlistScope(undefined), 'global');
  });

  it("describes a row: price, the day's change as an amount and a percentage, and the data", () => {
    assert.ok(Math.abs(dayChangeAmount(103, 0.03) - 3) < 1e-9);
    assert.ok(Math.abs(dayChangeAmount(95, -0.05) + 5) < 1e-9);
    assert.equal(formatPriceChange(1.2), '+1.20');
    assert.equal(formatPriceChange(-0.4512), '−0.4512');
    assert.equal(formatPriceChange(-1234.4), '−1,234');
    assert.equal(formatPriceChange(0), '0.0000');
    assert.equal(formatPriceChange(0.001), '+0.0010');
    assert.equal(watchRowDescription(103, 0.03, 'snapshot of 2026-05-29'), '$103.00  +3.00 (+3.0%)  · snapshot of 2026-05-29');
    assert.equal(watchRowDescription(95, -0.05, 'live'), '$95.00  −5.00 (−5.0%)  · live');
    assert.equal(watchRowDescription(95, NaN, 'live'), '$95.00  no day change  · live');
  });

  it('names the data briefly: live, cached with its age, snapshot with its date', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    assert.equal(originLabel({ kind: 'live', provider: 'yahoo', providerSymbol: 'NVDA', asOf: '2026-06-01T11:59:00Z' }, now), 'live');
    assert.equal(originLabel({ kind: 'cache', provider: 'yahoo', providerSymbol: 'NVDA', asOf: '2026-06-01T09:00:00Z' }, now), 'cached 3 h ago');
    assert.equal(originLabel({ kind: 'snapshot', provider: 'snapshot', providerSymbol: 'NVDA', asOf: '2026-05-29' }, now), 'snapshot of 2026-05-29');
  });
});
