import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { catalogCommand, dealsCommand, minersCommand } from '../../src/cli/commands';
import { shippedCatalogFile } from '../../src/cli/paths';
import { CliError } from '../../src/cli/io';

const SHIPPED = path.join(process.cwd(), 'media/catalog/catalog.json');
const opts = { shippedCatalog: SHIPPED };

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) };
  return { io, out, err, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

function tempFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-catalog-'));
  const f = path.join(dir, 'catalog.json');
  writeFileSync(f, text);
  return f;
}

const SRC = '{ "title": "Release", "url": "https://example.com/r", "date": "2026-03-01" }';

describe('CLI: hashpivot miners', () => {
  it('finds the shipped catalog from the package root', () => {
    assert.equal(shippedCatalogFile(), SHIPPED);
  });

  it('prints a table of every miner with derived figures; unknown shows as –', async () => {
    const t = fakeIo();
    assert.equal(await minersCommand([], t.io, opts), 0);
    const lines = t.out;
    assert.match(lines[0]!, /^Ticker\s+Name\s+Pivot\s+HPC MW\s+Power MW\s+MW share\s+Backlog\s+Pivot debt\s+Debt\/backlog\s+Deals\s+Conf\.\s+As of$/);
    const corz = lines.find((l) => l.startsWith('CORZ'))!;
    assert.match(corz, /energized\s+590\s+1,300\s+45\.4%\s+\$8\.7B\s+–\s+–\s+2\s+high\s+2025-10-30/);
    assert.match(
      lines.find((l) => l.startsWith('WULF'))!,
      /\$13\.2B\+/,
    );
    assert.match(
      lines.find((l) => l.startsWith('GLXY'))!,
      /contracted\s+800\s+3,500\s+22\.9%\s+–\s+\$1\.4B/,
    );
    assert.match(t.stdout(), /Catalog as of 2026-06-29: shipped\./);
    assert.equal(t.err.length, 0);
  });

  it('filters by ticker and prints JSON with the derived figures and notes', async () => {
    const t = fakeIo();
    assert.equal(await minersCommand(['$iren', '--json'], t.io, opts), 0);
    const data = JSON.parse(t.stdout()) as Array<{ ticker: string; derived: { backlogUSD: number; notes: string[] }; sources: unknown[] }>;
    assert.deepEqual(
      data.map((m) => m.ticker),
      ['IREN'],
    );
    assert.equal(data[0]!.derived.backlogUSD, 13_100_000_000);
    assert.ok(data[0]!.sources.length > 0);
  });

  it('an unknown ticker or option is a usage error', async () => {
    await assert.rejects(
      minersCommand(['NOPE'], fakeIo().io, opts),
      (e: unknown) => e instanceof CliError && /unknown ticker "NOPE"/.test(e.message) && e.code === 2,
    );
    await assert.rejects(minersCommand(['--bogus'], fakeIo().io, opts), (e: unknown) => e instanceof CliError && /Unknown option '--bogus'/.test(e.message));
  });

  it('--catalog merges an override file; its problems go to stderr and the valid rest is used', async () => {
    const f = tempFile(`{
      // my research notes
      "miners": [ { "ticker": "NEWM", "name": "New Miner", "pivotStatus": "contracted", "confidence": "medium", "sources": [${SRC}] } ],
      "deals": [
        { "id": "newm-lease-2026", "name": "NEWM lease", "kind": "lease", "provider": "NEWM", "stage": "contracted", "valueUSD": 2000000000, "confidence": "medium", "sources": [${SRC}] },
        { "id": "cifr-aws-2025", "valueUSD": -5 }
      ]
    }`);
    const t = fakeIo();
    assert.equal(await minersCommand(['--catalog', f, 'NEWM', 'CIFR'], t.io, opts), 0);
    assert.match(
      t.out.find((l) => l.startsWith('NEWM'))!,
      /\$2B/,
    );
    assert.match(
      t.out.find((l) => l.startsWith('CIFR'))!,
      /\$8\.5B/,
      'the invalid override is not used',
    );
    assert.match(t.stderr(), new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:46: error: cifr-aws-2025 deals\\[1\\]\\.valueUSD: negative value`));
    assert.match(t.stdout(), /shipped \+ .*catalog\.json\./);
  });

  it('an override that cannot be used: the shipped listing is shown, with the reason, and exit 1', async () => {
    const f = tempFile('{ "miners": [ ');
    const t = fakeIo();
    assert.equal(await minersCommand(['--catalog', f, 'CIFR'], t.io, opts), 1);
    assert.match(t.stderr(), /is not used/);
    assert.match(t.stdout(), /Catalog as of .*: shipped\./);
  });

  it('a missing --catalog file is a usage error', async () => {
    await assert.rejects(
      minersCommand(['--catalog', '/no/such/file.json'], fakeIo().io, opts),
      (e: unknown) => e instanceof CliError && /cannot read catalog file \/no\/such\/file\.json: ENOENT/.test(e.message),
    );
  });
});

describe('CLI: hashpivot deals', () => {
  it('lists every deal, with whether it counts as backlog', async () => {
    const t = fakeIo();
    assert.equal(await dealsCommand([], t.io, opts), 0);
    assert.match(t.out[0]!, /^Deal\s+Provider\s+Counterparty\s+Kind\s+Stage\s+Value\s+MW\s+Term\s+Announced\s+Backlog\s+Conf\.$/);
    assert.equal(t.out.filter((l) => /^[a-z0-9]/.test(l)).length, 21);
    assert.match(
      t.out.find((l) => l.startsWith('corz-coreweave-acquisition-2025'))!,
      /acquisition\s+terminated\s+\$9B\s+1,300\s+–\s+2025-07-07\s+no\s+high/,
    );
    assert.match(
      t.out.find((l) => l.startsWith('glxy-coreweave-helios'))!,
      /yes \(value \?\)/,
    );
  });

  it('filters by ticker or deal id; JSON carries the backlog reason', async () => {
    const t = fakeIo();
    assert.equal(await dealsCommand(['RIOT', 'mara-exaion-2025', '--json'], t.io, opts), 0);
    const data = JSON.parse(t.stdout()) as Array<{ id: string; backlog: { counts: boolean; reason: string } }>;
    assert.deepEqual(
      data.map((d) => [d.id, d.backlog.counts]),
      [
        ['riot-amd-rockdale-2026', true],
        ['mara-exaion-2025', false],
      ],
    );
    assert.match(data[1]!.backlog.reason, /purchase price/);
    await assert.rejects(dealsCommand(['nothing-here'], fakeIo().io, opts), CliError);
  });
});

describe('CLI: hashpivot catalog validate', () => {
  it('a good override file: exit 0, a summary line', async () => {
    const f = tempFile(`{ "deals": [ { "id": "cifr-aws-2025", "notes": "site named", "sources": [${SRC}] } ] }`);
    const t = fakeIo();
    assert.equal(await catalogCommand(['validate', f], t.io, opts), 0);
    assert.deepEqual(t.out, [`${f}: 0 errors, 0 warnings; 0 miners and 1 deal usable`]);
  });

  it('a bad file: exit 1 and every problem as FILE:LINE:COL with entry and field', async () => {
    const f = tempFile(
      [
        '{',
        '  "miners": [',
        '    { "ticker": "IREN", "pivotStatus": "live", "dealIds": ["iren-nope"] },',
        '    { "ticker": "NEWM", "name": "New", "pivotStatus": "announced", "confidence": "low" }',
        '  ],',
        '  "deals": [',
        '    { "id": "cifr-aws-2025", "valueUSD": "5.5B", "announced": "2025-02-30", "mw": -1, "extra": 1 },',
        '    { "id": "cifr-aws-2025", "notes": "again" }',
        '  ]',
        '}',
      ].join('\n'),
    );
    const t = fakeIo();
    assert.equal(await catalogCommand(['validate', f], t.io, opts), 1);
    const out = t.stdout();
    assert.match(out, /:3:40: error: IREN miners\[0\]\.pivotStatus: unknown value "live"/);
    assert.match(out, /:3:60: error: IREN miners\[0\]\.dealIds\[0\]: unknown deal id: no deal "iren-nope"/);
    assert.match(out, /:4:17: error: NEWM miners\[1\]\.sources: missing source/);
    assert.match(out, /:7:42: error: cifr-aws-2025 deals\[0\]\.valueUSD: wrong type/);
    assert.match(out, /:7:63: error: cifr-aws-2025 deals\[0\]\.announced: bad date/);
    assert.match(out, /:7:83: error: cifr-aws-2025 deals\[0\]\.mw: negative value/);
    assert.match(out, /:7:87: warning: cifr-aws-2025 deals\[0\]\.extra: unknown field "extra"/);
    assert.match(out, /:8:13: error: cifr-aws-2025 deals\[1\]\.id: duplicate deal id/);
    assert.match(t.out.at(-1)!, /: 7 errors, 1 warning; 0 miners and 0 deals usable$/);
  });

  it('--json lists the problems with line and column; a syntax error makes the file unusable', async () => {
    const f = tempFile('{ "deals": [ { "id": "x" ');
    const t = fakeIo();
    assert.equal(await catalogCommand(['validate', f, '--json'], t.io, opts), 1);
    const r = JSON.parse(t.stdout()) as { valid: boolean; errors: number; problems: Array<{ line: number; column: number; message: string }> };
    assert.equal(r.valid, false);
    assert.ok(r.errors >= 1);
    assert.equal(r.problems[0]!.line, 1);
    assert.match(r.problems[0]!.message, /JSON syntax error/);
  });

  it('--standalone checks a complete catalog: the shipped one is valid on its own', async () => {
    const t = fakeIo();
    assert.equal(await catalogCommand(['validate', '--standalone', SHIPPED], t.io, opts), 0);
    assert.match(t.stdout(), /0 errors, 0 warnings; 13 miners and 21 deals usable/);
    const partial = tempFile(`{ "deals": [ { "id": "cifr-aws-2025", "notes": "x" } ] }`);
    const u = fakeIo();
    assert.equal(await catalogCommand(['validate', '--standalone', partial], u.io, opts), 1, 'alone, an override entry is a new deal without its fields');
  });

  it('usage: no subcommand is exit 2, an unknown one or a missing FILE an error', async () => {
    const t = fakeIo();
    assert.equal(await catalogCommand([], t.io, opts), 2);
    assert.match(t.stdout(), /Usage: hashpivot catalog validate FILE/);
    await assert.rejects(catalogCommand(['check'], fakeIo().io, opts), /unknown catalog command "check"/);
    await assert.rejects(catalogCommand(['validate'], fakeIo().io, opts), /needs one FILE/);
  });
});
