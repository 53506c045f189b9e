import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { copyJson, JsonLocator, LineIndex, lineColumn, locateInJson } from '../../src/core/jsonText';
import { scanJsonText } from '../../src/core/jsonGuard';
import { Catalog } from '../../src/catalog/types';
import { loadCatalog, loadCatalogOffThread, mergeCatalogs } from '../../src/catalog';

/** Every path of a parsed tree (values, and for objects each key). */
function allPaths(node: JsonNode, prefix: Array<string | number> = [], out: Array<{ path: Array<string | number>; key?: string }> = []) {
  out.push({ path: prefix });
  if (node.type === 'object')
    for (const prop of node.children ?? []) {
      const key = prop.children![0]!.value as string;
      out.push({ path: prefix, key });
      if (prop.children![1]) allPaths(prop.children![1], [...prefix, key], out);
    }
  if (node.type === 'array') node.children?.forEach((c, i) => allPaths(c, [...prefix, i], out));
  return out;
}

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

  it('the outline locator gives the spans of a whole-file tree for every path, missing ones and files with comments too', () => {
    const texts = [
      readFileSync(path.join(process.cwd(), 'media/catalog/catalog.json'), 'utf8'),
      '// notes\n{ "deals": [ { "id": "a", /* c */ "v": [1, {"x": "y\\"}"}], }, 42, "s", [ ], ],\n "asOf": "2025-01", "o": {"k": {"z": 1}}, }',
      '[ {"a": 1}, [2, 3], "x" ]',
      '{ "miners": "not an array", "deals": [ ] }',
      '"just a string"',
    ];
    for (const text of texts) {
      const scan = scanJsonText(text);
      assert.deepEqual(scan.problems, []);
      const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false })!;
      const loc = new JsonLocator(text, scan.outline);
      const probes = [
        ...allPaths(tree),
        { path: ['deals', 99] },
        { path: ['deals', 0, 'nope', 3] },
        { path: ['nope'] },
        { path: [], key: 'nope' },
        { path: ['deals', 0], key: 'nope' },
      ];
      for (const { path: p, key } of probes) {
        const want = key === undefined ? locateInJson(tree, p) : locateInJson(tree, p, key);
        const got = key === undefined ? loc.value(p) : loc.key(p, key);
        assert.deepEqual(got, want, `${JSON.stringify(p)} ${key ?? ''} in ${text.slice(0, 40)}`);
      }
    }
  });

  it('the scan finds duplicate keys in objects of any size, and escaped keys by their value', () => {
    const many = '{' + Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ') + ', "k3": 0}';
    assert.match(scanJsonText(many).problems[0]!.message, /duplicate key "k3"/);
    assert.match(scanJsonText('{"a": 1, "\\u0061": 2}').problems[0]!.message, /duplicate key "a"/);
    assert.match(scanJsonText('{"__pro\\u0074o__": {}}').problems[0]!.message, /"__proto__" is not allowed/);
    assert.deepEqual(scanJsonText('{"a": "}", "b": "{", "c": "\\"", "d": [1, {"a": 2}]}').problems, []);
    assert.deepEqual(scanJsonText('{"a": 1} // {"a": 2}').problems, [], 'comments are skipped');
  });

  it('copyJson copies deeply and drops undefined like a JSON round trip', () => {
    const v = { a: [1, { b: 'x', u: undefined }], n: null, t: true };
    const c = copyJson(v);
    assert.deepEqual(c, JSON.parse(JSON.stringify(v)));
    assert.notEqual(c.a, v.a);
    assert.notEqual(c.a[1], v.a[1]);
  });

  it('merging with adopt gives the same catalog as merging copies; without it the override is not changed', () => {
    const base = new Catalog([], [{ id: 'a', name: 'A', kind: 'lease', provider: 'IREN', stage: 'contracted', sources: [], confidence: 'low' } as never]);
    const make = () => ({
      deals: [
        { id: 'n1', name: 'N1', kind: 'lease', provider: 'WULF', stage: 'planned', sources: [{ title: 't', url: 'https://x', date: '2025-03-02' }] },
        { id: 'a', valueUSD: 5, sources: [{ title: 'u', url: 'https://y' }] },
      ],
      miners: [{ ticker: 'NEW', name: 'New Co', pivotStatus: 'exploring', sources: [{ title: 's', url: 'https://z' }], dealIds: ['n1'] }],
    });
    const pristine = make();
    const copied = make();
    const viaCopy = mergeCatalogs(base, copied as never, 'w.json');
    assert.deepEqual(copied, pristine, 'a merge without adopt leaves the override alone');
    const viaAdopt = mergeCatalogs(base, make() as never, 'w.json', true);
    assert.deepEqual(viaAdopt.deals, viaCopy.deals);
    assert.deepEqual(viaAdopt.miners, viaCopy.miners);
    assert.deepEqual(viaCopy.deal('n1')!.origin, [{ file: 'w.json', fields: ['id', 'name', 'kind', 'provider', 'stage', 'sources'] }]);
    assert.equal(viaCopy.deal('n1')!.asOf, '2025-03-02');
  });

  it('a large workspace catalog checked in the worker thread gives what the in-process check gives; a missing or failing worker falls back', async function () {
    this.timeout(60_000);
    const shipped = { text: readFileSync(path.join(process.cwd(), 'media/catalog/catalog.json'), 'utf8'), file: 'catalog.json' };
    const deals = Array.from({ length: 1500 }, (_, i) => ({
      id: `w-${i}`,
      name: `W ${i}`,
      kind: 'lease',
      provider: 'IREN',
      stage: 'contracted',
      valueUSD: i % 100 === 0 ? 'lots' : i,
      sources: [{ title: 's', url: `https://e/${i}` }],
      ...(i % 250 === 0 ? { extra: 1 } : {}),
    }));
    const override = { text: JSON.stringify({ miners: [{ ticker: 'IREN', notes: 'n' }], deals }, null, 2), file: 'w.json' };
    const inline = loadCatalog(shipped, override);
    const workerFile = path.join(process.cwd(), 'dist/catalogWorker.js');
    const viaWorker = await loadCatalogOffThread(shipped, override, { workerFile, mode: 'worker' });
    assert.equal(viaWorker.inWorker, true);
    assert.deepEqual(viaWorker.problems, inline.problems);
    assert.deepEqual(viaWorker.catalog.deals, inline.catalog.deals);
    assert.deepEqual(viaWorker.catalog.miners, inline.catalog.miners);
    assert.equal(viaWorker.catalog.deal('w-1')?.name, 'W 1');
    assert.equal(viaWorker.catalog.deal('w-100'), undefined, 'the bad deal is left out');

    const reasons: string[] = [];
    const missing = await loadCatalogOffThread(shipped, override, { workerFile: '/nonexistent/worker.js', mode: 'worker', onFallback: (r) => reasons.push(r) });
    assert.equal(missing.inWorker, false);
    assert.deepEqual(missing.problems, inline.problems);
    const dir = mkdtempSync(path.join(tmpdir(), 'hp-worker-'));
    writeFileSync(path.join(dir, 'crash.js'), 'process.exit(3)');
    const crashed = await loadCatalogOffThread(shipped, override, {
      workerFile: path.join(dir, 'crash.js'),
      mode: 'worker',
      onFallback: (r) => reasons.push(r),
    });
    assert.equal(crashed.inWorker, false);
    assert.equal(crashed.catalog.deals.length, inline.catalog.deals.length);
    assert.match(reasons[0]!, /missing/);
    assert.match(reasons[1]!, /exited with code 3/);
    const small = await loadCatalogOffThread(shipped, { text: '{"deals": []}', file: 'w.json' }, { workerFile });
    assert.equal(small.inWorker, false, 'small files are checked in-process');
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
