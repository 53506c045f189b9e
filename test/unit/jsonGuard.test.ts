import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { depthProblem, guardJsonText, keyProblems } from '../../src/core/jsonGuard';
import { FileLimitError, readTextFileLimited } from '../../src/data/files';
import { parseCatalogText } from '../../src/catalog/validate';
import { parseRulesFile } from '../../src/core/alerts/validate';

describe('JSON limits (src/core/jsonGuard)', () => {
  it('depth: 10,000 levels are refused at the first level past the limit, without recursion', () => {
    const deep = '{"rules":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
    const p = depthProblem(deep, 64);
    assert.ok(p);
    assert.equal(p.offset, 9 + 63);
    assert.match(p.message, /nested deeper than 64 levels/);
    assert.equal(depthProblem('[[["[[[[[[[[[[[[[[[[[[[[[[[[[", "\\"[["]]]', 3), undefined, 'brackets inside strings and escaped quotes do not count');
    assert.ok(depthProblem('[[[[', 3));
  });

  it('keys: duplicates in one object and prototype names are problems at their offset; the same key in two objects is fine', () => {
    const text = '{"a": 1, "b": {"a": 2, "x": 3, "x": 4}, "list": [{"id": 1}, {"id": 2}], "__proto__": {}}';
    const found = keyProblems(text);
    assert.deepEqual(
      found.map((p) => [p.message.slice(0, 20), text.slice(p.offset, p.offset + p.length)]),
      [
        ['duplicate key "x" in', '"x"'],
        ['key "__proto__" is n', '"__proto__"'],
      ],
    );
    assert.deepEqual(keyProblems('{"constructor": 1}').length, 1);
  });

  it('size: a text over the limit is refused before anything else is looked at', () => {
    const p = guardJsonText('[' + ' '.repeat(100) + ']', { maxChars: 50, maxDepth: 64 });
    assert.equal(p.length, 1);
    assert.match(p[0]!.message, /too large/);
  });

  it('the catalog and alert-rule parsers refuse such files with a problem, never a throw', () => {
    const deep = '{"deals":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const c = parseCatalogText(deep, 'c.json');
    assert.equal(c.data, undefined);
    assert.match(c.problems[0]!.message, /nested deeper/);
    const dup = parseCatalogText('{"deals": [], "deals": []}', 'c.json');
    assert.equal(dup.data, undefined);
    assert.match(dup.problems[0]!.message, /duplicate key "deals"/);
    const r = parseRulesFile('{"rules": [{"__proto__": {"polluted": true}, "kind": "price"}]}', 'a.json');
    assert.equal(r.rules.length, 0);
    assert.match(r.problems[0]!.message, /__proto__/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('file reads with limits (src/data/files)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-files-'));
  it('reads a regular file, through a symlink too', () => {
    const f = path.join(dir, 'ok.json');
    writeFileSync(f, '{"a": 1}');
    symlinkSync(f, path.join(dir, 'link.json'));
    assert.equal(readTextFileLimited(path.join(dir, 'link.json')), '{"a": 1}');
  });

  it('refuses /dev/zero, a symlink to it, a directory and a FIFO, without reading them', () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    mkdirSync(path.join(dir, 'adir.json'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    for (const f of ['/dev/zero', path.join(dir, 'zero.json'), path.join(dir, 'adir.json'), path.join(dir, 'fifo.json')]) {
      assert.throws(
        () => readTextFileLimited(f),
        (e: unknown) => (e instanceof FileLimitError && e.code === 'ENOTFILE') || (e as NodeJS.ErrnoException).code === 'EISDIR',
        f,
      );
    }
  });

  it('refuses a file larger than the limit', () => {
    const f = path.join(dir, 'big.json');
    writeFileSync(f, 'x'.repeat(2000));
    assert.throws(
      () => readTextFileLimited(f, 1000),
      (e: unknown) => e instanceof FileLimitError && e.code === 'ETOOBIG',
    );
    assert.equal(readTextFileLimited(f, 2000).length, 2000);
  });
});
