/**
 * Fuzz test of the CLI: a few hundred generated command lines (every command, good and bad option
 * values, hostile input files: deep, duplicated keys, `__proto__`, binary, empty, `/dev/zero`, a
 * directory, a FIFO, a missing file) run in-process through `main()`. Each must end with a clear
 * answer — exit 0, 1 or 2 and, when not 0, a message on stderr — never an internal error, a stack
 * trace or a hang. Seeded, so a failure names a case that can be re-run. Offline: market data from
 * the snapshot; cases that ask for live data run the built CLI (dist/cli.js, whose providers
 * bundle sits beside it) as a child process fenced to loopback, with every source pointed at a
 * closed port.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { Xoshiro128ss } from '../../src/core/scenario/prng';
import { PROVIDER_HOSTS, runCli, tempHome } from '../support/cliHarness';

const CASES = 600;
const PER_CASE_MS = 20_000;

describe('CLI fuzz: generated command lines and hostile files never crash or hang', function () {
  this.timeout(CASES * PER_CASE_MS);
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-fuzz-'));
  const file = (name: string, text: string | Buffer) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  mkdirSync(path.join(dir, 'a-directory.json'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
  const files = [
    file('deep.json', '{"rules":' + '['.repeat(10000) + ']'.repeat(10000) + '}'),
    file('deep-deals.json', '{"deals":' + '[{"a":'.repeat(3000) + '1' + '}]'.repeat(3000) + '}'),
    file('dup.json', '{"deals": [], "deals": [{"id": "x"}]}'),
    file('proto.json', '{"rules": [{"__proto__": {"admin": true}, "kind": "price", "symbol": "BTC", "op": "above", "value": 1}]}'),
    file('binary.json', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256))),
    file('empty.json', ''),
    file('nulls.json', 'null'),
    file('array.json', '[1, 2, 3]'),
    file('strings.json', '{"miners": "nope", "deals": 5, "rules": "x", "cases": {}}'),
    file('huge-number.json', '{"deals": [{"id": "x", "valueUSD": 1e400, "provider": "IREN", "kind": "lease", "stage": "contracted", "sources": []}]}'),
    file('ok-rules.json', '{"rules": [{"id": "a", "kind": "price", "symbol": "IREN", "op": "above", "value": 1}]}'),
    file('ok-catalog.json', '{"miners": [{"ticker": "IREN", "notes": "fine"}]}'),
    path.join(dir, 'a-directory.json'),
    path.join(dir, 'fifo.json'),
    path.join(dir, 'missing.json'),
    '/dev/zero',
  ];
  const closed = 'http://127.0.0.1:9';
  const endpoints = PROVIDER_HOSTS.flatMap((h) => ['--endpoint', `${h}=${closed}`]);
  const symbols = ['IREN', 'BTC', 'NDX', 'CD20', 'CORZ', 'nope', '', '$$$', 'A'.repeat(200), '../../etc/passwd', '🙂', '-x', 'iren'];
  const values: Record<string, string[]> = {
    '--as-of': ['2025-12-02', '2026-02-30', 'yesterday', '1e9', '', '1999-01-01', '2100-01-01'],
    '--from': ['2022-01-01', 'x', '2030-01-01'],
    '--to': ['2022-06-30', 'x', '1900-01-01'],
    '--weights': ['IREN=0.5,CORZ=0.5', 'IREN=abc', '=', 'IREN=-1', 'IREN=1e308', 'NOPE=1', 'IREN=0'],
    '--paths': ['0', '-5', 'abc', '1e12', '500', '2000', '99999999999'],
    '--outer': ['0', '-1', 'abc', '5', '1e9'],
    '--window': ['0', '2', 'abc', '100000', '30'],
    '--seed': ['1', '-1', 'abc', '1e30'],
    '--block': ['0', '5', 'abc', '100000'],
    '--horizon': ['0', '1', '10', 'abc', '100000'],
    '--shock': ['BTC=-0.3', 'BTC=-1.5', 'X=1', 'BTC=', '(((', 'BTC=-30%,NDX=-20%', 'BTC=1e308'],
    '--source': ['snapshot', 'live', 'auto', 'bogus', ''],
    '--cache-dir': [path.join(dir, 'cache'), '', '/dev/null/x'],
    '--method': ['circular', 'stationary', 'bogus'],
    '--btc-at': ['us-close', 'utc-close', 'noon'],
  };
  const commands: Array<{ argv: string[]; options: string[]; takesFiles?: string[]; market?: boolean }> = [
    { argv: ['report'], options: ['--as-of', '--source', '--cache-dir', '--btc-at', '--from'], market: true },
    { argv: ['miners'], options: [], takesFiles: ['--catalog'] },
    { argv: ['deals'], options: [], takesFiles: ['--catalog'] },
    { argv: ['catalog', 'validate'], options: [], takesFiles: [''] },
    { argv: ['pivot'], options: ['--as-of', '--window', '--source'], takesFiles: ['--catalog'], market: true },
    { argv: ['scenario', 'btc-crash'], options: ['--as-of', '--weights', '--source', '--shock'], market: true },
    { argv: ['scenario', 'custom'], options: ['--shock', '--from', '--to', '--weights'], market: true },
    { argv: ['var'], options: ['--weights', '--paths', '--outer', '--seed', '--block', '--horizon', '--method', '--as-of'], market: true },
    { argv: ['alerts', 'check'], options: ['--as-of', '--source'], takesFiles: ['--rules', '--memory', '--catalog'], market: true },
    { argv: ['alerts', 'validate'], options: [], takesFiles: [''] },
    { argv: ['risk-check'], options: [], takesFiles: [''] },
    { argv: ['bogus-command'], options: [] },
  ];

  const home = tempHome('hp-fuzz-cli-');
  it(`${CASES} generated cases end with exit 0/1/2 and a clear message, never a stack trace`, async () => {
    const prng = new Xoshiro128ss(20261201);
    const random = () => prng.next();
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (let n = 0; n < CASES; n++) {
      const c = commands[n % commands.length]!;
      const argv = [...c.argv];
      if (!['catalog', 'alerts', 'risk-check', 'bogus-command', 'var'].includes(c.argv[0]!) || random() < 0.3)
        for (let k = Math.floor(random() * 3); k > 0; k--) argv.push(random() < 0.6 ? pick(symbols.slice(0, 5)) : pick(symbols));
      for (const f of c.takesFiles ?? []) if (random() < 0.8) argv.push(...(f ? [f, pick(files)] : [pick(files)]));
      // Half the cases keep to good values (each pool's first), so that the commands run deep, not only their checks.
      const tame = random() < 0.5;
      for (const o of c.options) if (random() < 0.5) argv.push(o, tame ? values[o]![0]! : pick(values[o] ?? ['x']));
      if (random() < 0.1) argv.push(pick(['--json', '--bogus', '-z', '--help', '--as-of']));
      if (c.market && !argv.includes('--source')) argv.push('--source', 'snapshot');
      // var: keep the run small unless the case asks otherwise (large valid values must be refused or bounded).
      if (c.argv[0] === 'var' && !argv.includes('--paths')) argv.push('--paths', '1000', '--outer', '5');
      if (c.market) argv.push(...endpoints);
      const err: string[] = [];
      const out: string[] = [];
      const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
      const label = `#${n}: hashpivot ${argv.filter((a) => !a.startsWith(closed) && a !== '--endpoint' && !PROVIDER_HOSTS.some((h) => a.startsWith(h))).join(' ')}`;
      const live = ['live', 'auto'].includes(argv[argv.indexOf('--source') + 1] ?? '');
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), PER_CASE_MS)));
      const run = live
        ? runCli(home, argv, { killAfterMs: PER_CASE_MS, env: { HASHPIVOT_HTTP_TIMEOUT_MS: '2000' } }).then((r) => {
            err.push(r.stderr);
            out.push(r.stdout);
            return r.code === null ? `killed (${r.signal})` : r.code;
          })
        : main(argv, io);
      const code = await Promise.race([run.catch((e: unknown) => `threw ${String(e)}`), hang]);
      clearTimeout(timer);
      const stderr = err.join('\n');
      seen.set(Number(code), (seen.get(Number(code)) ?? 0) + 1);
      if (code === 'hang') failures.push(`${label}: no answer within ${PER_CASE_MS} ms`);
      else if (typeof code !== 'number') failures.push(`${label}: ${code}`);
      else if (![0, 1, 2].includes(code)) failures.push(`${label}: exit ${code}: ${stderr.slice(0, 300)}`);
      else if (/internal error|\n\s+at .+\(.+:\d+:\d+\)/.test(stderr)) failures.push(`${label}: stack trace: ${stderr.slice(0, 300)}`);
      else if (code !== 0 && !stderr.trim() && !out.join('').trim()) failures.push(`${label}: exit ${code} with no message`);
    }
    console.log(`      exit codes over ${CASES} cases: ${JSON.stringify(Object.fromEntries(seen))}`);
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.ok((seen.get(0) ?? 0) > 10 && (seen.get(2) ?? 0) > 10, `a mix of answers: ${JSON.stringify([...seen])}`);
  });
});
