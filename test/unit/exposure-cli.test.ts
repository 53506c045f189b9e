/**
 * `hashpivot exposure`: the JSON shape, the table, the exit statuses (run as `node dist/cli.js`
 * through the harness, off the network).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { exposureCommand } from '../../src/cli/commands';
import { CliError } from '../../src/cli/io';
import { runCli, tempHome, type TempHome } from '../support/cliHarness';

const B = 1e9;
const SHIPPED = path.join(process.cwd(), 'media/catalog/catalog.json');
const opts = { shippedCatalog: SHIPPED };
const close = (a: number | null | undefined, b: number, tol = 1e-9) => {
  assert.ok(typeof a === 'number', `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
};
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) }, out, err, text: () => out.join('\n') };
}

interface Row {
  counterparty: string;
  backlogUsd: number | null;
  backers: string[];
  miners: Array<{ symbol: string; backlogUsd: number | null; share: number | null }>;
  entity: string | null;
}

describe('CLI: hashpivot exposure', function () {
  this.timeout(30_000);
  let t: TempHome;
  before(() => (t = tempHome('hp-exposure-')));

  it('--json is an array of { counterparty, backlogUsd, backers, miners: [{ symbol, backlogUsd, share }] }', async () => {
    const r = await runCli(t, ['exposure', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Row[];
    assert.ok(Array.isArray(rows));
    for (const row of rows) {
      for (const k of ['counterparty', 'backlogUsd', 'backers', 'miners']) assert.ok(k in row, k);
      assert.equal(typeof row.counterparty, 'string');
      for (const m of row.miners) for (const k of ['symbol', 'backlogUsd', 'share']) assert.ok(k in m, k);
    }
    const fs = rows.find((x) => x.counterparty === 'Fluidstack')!;
    assert.equal(fs.backlogUsd, 23.2 * B);
    assert.deepEqual(fs.backers, ['Google']);
    assert.deepEqual(
      fs.miners.map((m) => [m.symbol, m.backlogUsd]),
      [
        ['WULF', 13.2 * B],
        ['HUT', 7 * B],
        ['CIFR', 3 * B],
      ],
    );
    close(fs.miners[2]!.share, 3 / 8.5);
    assert.equal(rows.find((x) => x.counterparty === 'Undisclosed (hut-highrise-gpuaas-2024)')!.backlogUsd, null);
    assert.equal(r.stderr, '');
  });

  it('names pick rows (any case, aliases); --by backer and end-user; an unknown name or a wrong role is exit 2', async () => {
    let r = await runCli(t, ['exposure', 'aws', 'CRWV', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Row[]).map((x) => [x.counterparty, x.backlogUsd]),
      [
        ['CoreWeave', 19.7 * B],
        ['Amazon', 5.5 * B],
      ],
    );
    r = await runCli(t, ['exposure', '--by', 'backer', 'alphabet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const g = (JSON.parse(r.stdout) as Array<Row & { backstopUsd: number }>)[0]!;
    assert.equal(g.counterparty, 'Google');
    assert.equal(g.backstopUsd, 5.9 * B);
    r = await runCli(t, ['exposure', '--by', 'end-user', 'Anthropic', '--json']);
    assert.equal((JSON.parse(r.stdout) as Row[])[0]!.backlogUsd, 7 * B);
    r = await runCli(t, ['exposure', 'NVDA']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /unknown counterparty "NVDA" \(known entities: Amazon, AMD, Anthropic, CoreWeave, EDF, Fluidstack, Google, Microsoft, MPLX, Oracle, Submer\)/,
    );
    assert.equal(r.stdout, '');
    r = await runCli(t, ['exposure', 'Google']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Google has no backlog as a counterparty \(try --by backer\)/);
    r = await runCli(t, ['exposure', '--by', 'tenant']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--by must be counterparty, backer, end-user, got "tenant"/);
  });

  it('the table: rows, the per-miner concentration, the backstops and the notes', async () => {
    const io = fakeIo();
    assert.equal(await exposureCommand([], io.io, opts), 0);
    assert.match(io.out[0]!, /^Counterparty\s+Backlog\s+Backers\s+End users\s+Miners \(share of their backlog\)$/);
    assert.match(
      io.out.find((l) => l.startsWith('Fluidstack'))!,
      /\$23\.2B\+\s+Google\s+Anthropic\s+WULF \$13\.2B\+ \(100\.0%\), HUT \$7B \(100\.0%\), CIFR \$3B \(35\.3%\)/,
    );
    assert.match(io.text(), /Universe: \$66\.81B\+ of contracted backlog in 14 deals \(3 of undisclosed value/);
    assert.match(
      io.out.find((l) => l.startsWith('CIFR'))!,
      /^CIFR\s+\$8\.5B\s+Amazon\s+64\.7%\s+0\.54\s+2\s+33\.3%/,
    );
    assert.match(io.text(), /Google backs Fluidstack for WULF, CIFR, HUT: \$5\.9B \+ 1 undisclosed/);
    assert.match(io.text(), /No contracted backlog in the catalog: BITF, BTDR, CLSK, HIVE, MARA\./);
    assert.match(io.text(), /Catalog as of 2026-06-29: shipped\./);
    await assert.rejects(exposureCommand(['--bogus'], fakeIo().io, opts), (e: unknown) => e instanceof CliError && e.code === 2);
  });

  it('is in the CLI help', async () => {
    const r = await runCli(t, ['--help']);
    assert.match(r.stdout, /exposure \[COUNTERPARTY\.\.\.\]/);
  });
});
