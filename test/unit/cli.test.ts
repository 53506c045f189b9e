import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture } from '../support/fixtures';

const root = process.cwd();
const cli = path.join(root, 'dist/cli.js');
const referenceFile = fixture('risk_reference.json');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: hashpivot risk-check', () => {
  it('passes every case of the shared reference file', () => {
    const r = run('risk-check', referenceFile);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '58 passed, 0 failed', r.stdout);
    assert.equal(r.code, 0);
  });

  it('prints each failure with id, expected, got and reason, and exits 1', () => {
    const file = JSON.parse(readFileSync(referenceFile, 'utf8')) as { cases: Array<Record<string, unknown>> };
    const first = file.cases[0]!;
    (first.expected as number[])[0] = 123; // a wrong expectation
    const second = file.cases[1]!;
    second.metric = 'no_such_metric';
    const third = file.cases[2]!;
    (third.params as Record<string, unknown>).no_such_param = 1;
    const dir = mkdtempSync(path.join(tmpdir(), 'hp-risk-'));
    const f = path.join(dir, 'cases.json');
    writeFileSync(f, JSON.stringify(file));
    const r = run('risk-check', f);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`FAIL ${String(first.id)}`));
    assert.match(r.stdout, /expected: \[123/);
    assert.match(r.stdout, new RegExp(`FAIL ${String(second.id)}[\\s\\S]*reason:.*no_such_metric`));
    assert.match(r.stdout, new RegExp(`FAIL ${String(third.id)}[\\s\\S]*reason:.*no_such_param`));
    assert.equal(r.stdout.trim().split('\n').at(-1), '55 passed, 3 failed');
  });

  it('a missing or non-JSON file is a clear error with exit 2', () => {
    const missing = run('risk-check', '/nonexistent/cases.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\/cases.json/);
    const dir = mkdtempSync(path.join(tmpdir(), 'hp-risk-'));
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, '{"cases": [');
    const bad = run('risk-check', f);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not valid JSON/);
  });

  it('unknown commands and bad usage exit 2 with usage', () => {
    const r = run('frobnicate');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.equal(run('risk-check').code, 2);
    assert.equal(run('--help').code, 0);
  });
});

describe('CLI: output into a pipe that closes early', () => {
  it('`hashpivot deals | head -1` ends quietly with status 0, no EPIPE crash', () => {
    // head reads one line and exits; the CLI's next writes meet a closed pipe. The large output
    // (every deal, no --json limit) makes sure writes are still pending when head goes.
    const errFile = path.join(mkdtempSync(path.join(tmpdir(), 'hp-epipe-')), 'stderr.txt');
    const r = spawnSync('bash', ['-c', 'set -o pipefail; "$NODE" "$CLI" deals --json 2>"$ERR" | head -c 100 >/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NODE: process.execPath, CLI: cli, ERR: errFile },
    });
    assert.equal(readFileSync(errFile, 'utf8'), '', 'nothing on stderr');
    assert.equal(r.status, 0, 'the CLI ended with status 0');
  });
});
