/**
 * Test-only extension for code-server: on startup it runs the integration suite (bundled beside
 * it as suite.js) with mocha inside the real extension host, and writes a JSON result file to
 * $HASHPIVOT_TEST_RESULTS for the launcher (test/e2e/integration.mjs) to read.
 * Mocha comes from the repository's node_modules ($HASHPIVOT_REPO_ROOT).
 */
import { createRequire } from 'node:module';
import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

type MochaCtor = new (opts: Record<string, unknown>) => {
  suite: { emit(event: string, ...args: unknown[]): void };
  reporter(r: unknown): void;
  run(cb: (failures: number) => void): unknown;
  grep(re: RegExp): void;
};

interface RunnerLike {
  on(event: string, cb: (...args: any[]) => void): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function write(file: string, data: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2));
  renameSync(tmp, file);
}

export function activate(): void {
  const out = process.env.HASHPIVOT_TEST_RESULTS;
  const root = process.env.HASHPIVOT_REPO_ROOT;
  if (!out || !root) return;
  const started = Date.now();
  const outcomes: TestOutcome[] = [];
  try {
    const req = createRequire(path.join(root, 'package.json'));
    const Mocha = req('mocha') as MochaCtor;
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
    if (process.env.HASHPIVOT_TEST_GREP) mocha.grep(new RegExp(process.env.HASHPIVOT_TEST_GREP));
    mocha.reporter(function (runner: RunnerLike) {
      runner.on('pass', (t: { fullTitle(): string }) => outcomes.push({ title: t.fullTitle(), state: 'passed' }));
      runner.on('pending', (t: { fullTitle(): string }) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t: { fullTitle(): string }, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
    });
    const suiteFile = path.join(__dirname, 'suite.js');
    mocha.suite.emit('pre-require', globalThis, suiteFile, mocha);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(suiteFile);
    mocha.suite.emit('post-require', globalThis, suiteFile, mocha);
    mocha.run(() => {
      const count = (s: TestOutcome['state']) => outcomes.filter((o) => o.state === s).length;
      write(out, { done: true, passed: count('passed'), failed: count('failed'), pending: count('pending'), ms: Date.now() - started, outcomes });
    });
  } catch (e) {
    write(out, {
      done: true,
      passed: 0,
      failed: 1,
      pending: 0,
      ms: Date.now() - started,
      outcomes: [{ title: 'load the integration suite', state: 'failed', error: String((e as Error)?.stack ?? e) }],
    });
  }
}

export function deactivate(): void {}
