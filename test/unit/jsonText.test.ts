import assert from 'node:assert/strict';
import { LineIndex, lineColumn } from '../../src/core/jsonText';
import { Catalog } from '../../src/catalog/types';
import { mergeCatalogs } from '../../src/catalog';

/** The definition: count the newlines before the offset. */
function naive(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

describe('positions in JSON text (src/core/jsonText)', () => {
  it('a line index gives the same line and column as counting newlines, at every offset', () => {
    for (const text of ['', 'a', '\n', '{\n  "a": 1,\n\n  "b": [\n    2\n  ]\n}\n', 'x\r\ny\n\nz']) {
      const index = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        assert.deepEqual(index.position(o), naive(text, o), `offset ${o} of ${JSON.stringify(text)}`);
        assert.deepEqual(lineColumn(text, o), naive(text, o));
      }
    }
  });

  it('offsets past either end are clamped to the text', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.position(-5), { line: 1, column: 1 });
    assert.deepEqual(index.position(99), { line: 2, column: 3 });
  });

  it('merging many new entries keeps file order and replaces existing ones in place', () => {
    const base = new Catalog([], [{ id: 'a', name: 'A', kind: 'lease', provider: 'IREN', stage: 'contracted', sources: [] } as never]);
    const deals = Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, name: `D${i}`, kind: 'lease', provider: 'IREN', stage: 'contracted', sources: [] }));
    const merged = mergeCatalogs(base, { deals: [...deals, { id: 'a', name: 'A2', sources: [] }] as never });
    assert.equal(merged.deals.length, 2001);
    assert.equal(merged.deals[0]!.id, 'a');
    assert.equal(merged.deals[0]!.name, 'A2');
    assert.equal(merged.deals[2000]!.id, 'd1999');
  });
});
