import assert from 'node:assert/strict';
import { csvCell, csvComment } from '../../src/core/csv';
import { riskTableCsv } from '../../src/core/views/build';

describe('CSV cells (src/core/csv)', () => {
  it('text that a spreadsheet would run as a formula is prefixed with a quote; numbers stay numbers', () => {
    for (const t of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])
      assert.ok(csvCell(t).replace(/^"/, '').startsWith("'"), JSON.stringify(csvCell(t)));
    assert.equal(csvCell(-0.25), '-0.25');
    assert.equal(csvCell(1e9), '1000000000');
    assert.equal(csvCell('IREN'), 'IREN');
    assert.equal(csvCell('a,"b"'), '"a,""b"""');
    assert.equal(csvCell(null), '');
    assert.equal(csvComment('x\r\ny'), 'x y');
  });

  it('the risk table export neutralises a hostile name from a workspace catalog', () => {
    const row = {
      symbol: 'IREN',
      name: '=cmd|" /C calc"!A0',
      price: 41.1,
      change30d: -0.1,
      vol90d: 1.2,
      maxDrawdown: -0.5,
      betaBTC: 1,
      betaNDX: 2,
      var95: -0.08,
      backlogUSD: null,
      pivotStatus: null,
    };
    const csv = riskTableCsv([row as never], '2026-05-29', { kind: 'snapshot', text: 'snapshot\nof 2026-05-29' } as never);
    const line = csv.split('\n')[2]!;
    assert.ok(line.startsWith(`IREN,"'=cmd|"`), line);
    assert.ok(line.includes(',-0.1,'), 'negative numbers stay numeric');
    assert.equal(csv.split('\n')[0], '# Hashpivot risk table as of 2026-05-29; data: snapshot of 2026-05-29');
  });
});
