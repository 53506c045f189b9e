/**
 * `hashpivot alerts check|validate` (src/cli/alerts.ts), called in-process with a fake Io, temporary
 * rules, memory and cache files, on the embedded snapshot (--source snapshot): nothing reaches the
 * network. Portfolio rules with `--portfolio`: also through the bundled CLI (dist/cli.js, fenced
 * off the network by test/support/cliHarness.ts), against `hashpivot portfolio`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertsCommand, type AlertsCommandOptions } from '../../src/cli/commands/alerts';
import { CliError } from '../../src/cli/io';
import { runCli, tempHome } from '../support/cliHarness';
import { readPriceCsv, rowOnOrBefore } from '../support/prices';

const AS_OF = '2025-12-02';
const SHIPPED = path.join(process.cwd(), 'media/catalog/catalog.json');
const SAMPLE = path.join(process.cwd(), 'sample/notes/.hashpivot/alerts.json');
const NOW = new Date('2026-01-15T12:00:00Z');

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) };
  return { io, out, err, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

let dir: string;
let cacheDir: string;
const opts = (): AlertsCommandOptions => ({ shippedCatalog: SHIPPED, now: () => NOW, cwd: dir });

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
  return f;
}

const RULES = `{
  // as in a notes folder
  "rules": [
    { "id": "iren-dd", "kind": "drawdown", "symbol": "IREN", "depth": 0.4 },
    { "id": "btc-move", "kind": "change", "symbol": "BTC", "days": 30, "op": "beyond", "pct": "15%" },
    { "id": "corz-ndx", "kind": "correlation", "symbol": "CORZ", "benchmark": "NDX", "window": 90, "op": "above", "value": 0.5 },
    { "id": "wulf-deals", "kind": "deal", "symbol": "WULF", "name": "TeraWulf deal news" },
    { "id": "iren-45", "kind": "price", "symbol": "IREN", "op": "above", "value": 45, "enabled": false }
  ]
}`;

interface JsonState {
  ruleId: string;
  status: string;
  value?: number;
  distance?: number;
  distanceText: string;
  description: string;
  name?: string;
  asOf: string;
  stale?: { kind: string; asOf: string };
  message?: string;
  event?: string;
  eventMessage?: string;
  rule: { id: string; kind: string };
}

async function run(args: string[], o: AlertsCommandOptions = opts()) {
  const t = fakeIo();
  const code = await alertsCommand(args, t.io, o);
  return { ...t, code };
}

async function json(args: string[]): Promise<JsonState[]> {
  const r = await run([...args, '--json']);
  assert.equal(r.code, 0, r.stderr());
  return JSON.parse(r.stdout()) as JsonState[];
}

const base = () => ['--source', 'snapshot', '--as-of', AS_OF, '--cache-dir', cacheDir];

describe('CLI: hashpivot alerts check', function () {
  this.timeout(20_000);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hp-alerts-'));
    cacheDir = path.join(dir, 'cache');
  });

  it('prints a table of every rule: state, value, distance to the trigger, data source; exit 0', async () => {
    const rules = write('alerts.json', RULES);
    const r = await run(['check', '--rules', rules, ...base()]);
    assert.equal(r.code, 0, r.stderr());
    assert.equal(r.stderr(), '');
    assert.match(r.out[0]!, /^Rule\s+Alert\s+State\s+Value\s+Distance to trigger\s+Data$/);
    const row = (id: string) => r.out.find((l) => l.startsWith(id + ' '))!;
    assert.match(
      row('iren-dd'),
      /IREN drawdown deeper than −40%\s+triggered\s+−46\.2%\s+drawdown −46\.2% from the 76\.41 peak of 2025-11-05, 6\.2 points deeper than the −40% trigger\s+snapshot 2025-12-02$/,
    );
    assert.match(row('btc-move'), /BTC 30-day change beyond ±15%\s+triggered\s+−17\.4%/);
    assert.match(
      row('corz-ndx'),
      /CORZ 90-day correlation to NDX above 0\.50\s+armed\s+0\.37\s+90-day correlation to NDX 0\.37, 0\.13 below the 0\.50 trigger\s+snapshot 2025-12-02$/,
    );
    assert.match(
      row('wulf-deals'),
      /TeraWulf deal news \(New or changed AI\/HPC deal for WULF\)\s+armed\s+3\s+3 deals recorded; watching for new or changed ones\s+catalog$/,
    );
    assert.match(row('iren-45'), /IREN price above 45\.00\s+disabled\s+41\.12\s+price 41\.12, 8\.6% below the 45\.00 trigger/);
    assert.match(r.stdout(), /^Triggered: IREN drawdown deeper than −40%: IREN drawdown −46\.2% .*\(on data from the snapshot of 2026-05-29, not live\)$/m);
    assert.match(
      r.stdout(),
      /^5 rules: 2 triggered, 2 armed, 1 disabled\. 4 evaluated on data that is not live \(cache or snapshot\): see the Data column\.$/m,
    );
  });

  it('--json: each rule with its state, description, the rule itself and its event', async () => {
    const rules = write('alerts.json', RULES);
    const states = await json(['check', '--rules', rules, ...base()]);
    assert.deepEqual(
      states.map((s) => [s.ruleId, s.status, s.event ?? null]),
      [
        ['iren-dd', 'triggered', 'triggered'],
        ['btc-move', 'triggered', 'triggered'],
        ['corz-ndx', 'armed', null],
        ['wulf-deals', 'armed', null],
        ['iren-45', 'disabled', null],
      ],
    );
    const dd = states[0]!;
    assert.ok(dd.value! < -0.46 && dd.value! > -0.47);
    assert.ok(dd.distance! < 0);
    assert.equal(dd.asOf, AS_OF);
    assert.deepEqual(dd.stale, { kind: 'snapshot', asOf: '2026-05-29' });
    assert.equal(dd.rule.kind, 'drawdown');
    assert.equal(dd.description, 'IREN drawdown deeper than −40%');
    assert.equal(states[3]!.name, 'TeraWulf deal news');
    assert.equal(states[3]!.stale, undefined);
  });

  it('reports bad entries on stderr with file:line:col and evaluates the good ones (exit 0)', async () => {
    const rules = write(
      'alerts.json',
      `{ "rules": [
  { "id": "ok", "kind": "price", "symbol": "IREN", "op": "below", "value": 50 },
  { "id": "bad-sym", "kind": "price", "symbol": "NOPE", "op": "below", "value": 50 },
  { "id": "bad-depth", "kind": "drawdown", "symbol": "IREN", "depth": 40 }
] }`,
    );
    const r = await run(['check', '--rules', rules, ...base()]);
    assert.equal(r.code, 0);
    assert.match(
      r.stderr(),
      new RegExp(`^hashpivot: ${rules.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:49: error: bad-sym rules\\[1\\]\\.symbol: NOPE is not a known symbol$`, 'm'),
    );
    assert.match(r.stderr(), /:4:71: error: bad-depth rules\[2\]\.depth: drawdown depth must be in \(0, 1\)/);
    assert.match(r.stderr(), /2 problem\(s\); the entries with problems are skipped, 1 rule\(s\) evaluated/);
    assert.match(
      r.out.find((l) => l.startsWith('ok '))!,
      /triggered/,
    );
    assert.equal(r.out.filter((l) => l.startsWith('bad-')).length, 0);
  });

  it('a rule whose data does not reach the as-of date is an error row; the others are fine', async () => {
    // HUT's snapshot series ends 2025-12-11.
    const rules = write(
      'alerts.json',
      '{ "rules": [ { "id": "hut", "kind": "price", "symbol": "HUT", "op": "above", "value": 1 }, { "id": "iren", "kind": "price", "symbol": "IREN", "op": "above", "value": 1 } ] }',
    );
    const states = await json(['check', '--rules', rules, '--source', 'snapshot', '--as-of', '2026-03-02', '--cache-dir', cacheDir]);
    assert.equal(states[0]!.status, 'error');
    assert.equal(states[0]!.message, 'HUT: its data ends 2025-12-11, more than 7 days before 2026-03-02');
    assert.equal(states[1]!.status, 'triggered');
  });

  it('exit 1 when no rule at all could be evaluated (every row an error)', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "hut", "kind": "price", "symbol": "HUT", "op": "above", "value": 1 } ] }');
    const r = await run(['check', '--rules', rules, '--source', 'snapshot', '--as-of', '2026-03-02', '--cache-dir', cacheDir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout(), /HUT: its data ends 2025-12-11/);
    assert.match(r.stderr(), /no rule could be evaluated/);
  });

  it('--memory: notifies once across runs, re-arms after the condition cleared, and writes the memory atomically', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "iren-dd", "kind": "drawdown", "symbol": "IREN", "depth": 0.4 } ] }');
    const mem = path.join(dir, 'state', 'memory.json');
    const step = async (asOf: string) => {
      const s = await json(['check', '--rules', rules, '--memory', mem, '--source', 'snapshot', '--as-of', asOf, '--cache-dir', cacheDir]);
      return `${s[0]!.status}/${s[0]!.event ?? '-'}`;
    };
    assert.equal(await step('2025-12-02'), 'triggered/triggered');
    assert.equal(await step('2025-12-02'), 'triggered/-');
    assert.equal(await step('2025-09-02'), 'armed/cleared');
    assert.equal(await step('2025-12-02'), 'triggered/triggered');
    const saved = JSON.parse(readFileSync(mem, 'utf8')) as Record<string, { armed: boolean }>;
    assert.equal(saved['iren-dd']!.armed, false);
    assert.deepEqual(readdirSync(path.dirname(mem)), ['memory.json'], 'no temporary file left behind');
  });

  it('--memory shared by concurrent runs: a trigger is notified by exactly one of them', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "iren-up", "kind": "price", "symbol": "IREN", "op": "above", "value": 1 } ] }');
    const mem = path.join(dir, 'shared', 'memory.json');
    const runs = await Promise.all([1, 2, 3, 4].map(() => run(['check', '--rules', rules, '--memory', mem, ...base()])));
    for (const r of runs) assert.equal(r.code, 0, r.stderr());
    const notified = runs.filter((r) => /Triggered: /.test(r.stdout()));
    assert.equal(notified.length, 1, 'one run notifies; the others find the trigger already in the memory');
    assert.ok(!existsSync(`${mem}.lock`), 'the lock is released');
  });

  it('--memory: a corrupt memory file is a warning and a fresh start, never a crash', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "iren-dd", "kind": "drawdown", "symbol": "IREN", "depth": 0.4 } ] }');
    const mem = write('memory.json', '{ "iren-dd": { "armed": fal');
    const r = await run(['check', '--rules', rules, '--memory', mem, ...base()]);
    assert.equal(r.code, 0);
    assert.match(r.stderr(), /warning: alert memory .*memory\.json is unreadable .*; starting afresh/);
    assert.match(r.stdout(), /^Triggered: /m);
    assert.doesNotThrow(() => JSON.parse(readFileSync(mem, 'utf8')));
  });

  it('deal rules: a deal added by a --catalog file triggers, naming the deal', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "wulf-deals", "kind": "deal", "symbol": "WULF" } ] }');
    const mem = path.join(dir, 'memory.json');
    const first = await json(['check', '--rules', rules, '--memory', mem, ...base()]);
    assert.equal(first[0]!.status, 'armed');
    const catalog = write(
      'catalog.json',
      JSON.stringify({
        miners: [],
        deals: [
          {
            id: 'wulf-new-lease-2026',
            name: 'TeraWulf new lease',
            kind: 'lease',
            provider: 'WULF',
            stage: 'contracted',
            valueUSD: 2_000_000_000,
            confidence: 'medium',
            sources: [{ title: 'Release', url: 'https://example.com/r', date: '2026-03-01' }],
          },
        ],
      }),
    );
    const second = await json(['check', '--rules', rules, '--memory', mem, '--catalog', catalog, ...base()]);
    assert.equal(second[0]!.status, 'triggered');
    assert.equal(second[0]!.event, 'triggered');
    assert.equal(second[0]!.eventMessage, 'New or changed AI/HPC deal for WULF: new deal wulf-new-lease-2026 (TeraWulf new lease: $2B, contracted)');
  });

  it('reads ./.hashpivot/alerts.json by default; says so clearly when there is none', async () => {
    await assert.rejects(
      run(['check', ...base()]),
      (e: unknown) => e instanceof CliError && e.code === 1 && /^no rules file: .*\.hashpivot\/alerts\.json does not exist \(write one/.test(e.message),
    );
    write('.hashpivot/alerts.json', '{ "rules": [ { "id": "btc", "kind": "price", "symbol": "BTC", "op": "below", "value": 100000 } ] }');
    const r = await run(['check', ...base()]);
    assert.equal(r.code, 0, r.stderr());
    assert.match(
      r.out.find((l) => l.startsWith('btc '))!,
      /BTC price below 100,000\s+triggered\s+91,350/,
    );
  });

  it('exit 1 when the file cannot be parsed or has no valid rule', async () => {
    const broken = write('broken.json', '{ "rules": [ { "kind": ');
    const t = fakeIo();
    await assert.rejects(
      alertsCommand(['check', '--rules', broken, ...base()], t.io, opts()),
      (e: unknown) => e instanceof CliError && e.code === 1 && /no valid rule/.test(e.message),
    );
    assert.match(t.stderr(), /broken\.json:1:\d+: error: JSON syntax error/);
    const allBad = write('bad.json', '{ "rules": [ { "kind": "price", "symbol": "IREN", "op": "above", "value": -1 } ] }');
    await assert.rejects(run(['check', '--rules', allBad, ...base()]), (e: unknown) => e instanceof CliError && e.code === 1);
    const empty = write('empty.json', '{ "rules": [] }');
    const r = await run(['check', '--rules', empty, ...base()]);
    assert.equal(r.code, 0);
    assert.match(r.stdout(), /no rules\.$/);
  });

  it('usage errors exit 2', async () => {
    const rules = write('alerts.json', RULES);
    const usage = async (args: string[], re: RegExp) =>
      assert.rejects(run(args), (e: unknown) => e instanceof CliError && e.code === 2 && re.test(e.message), args.join(' '));
    await usage(['check', '--rules', rules, '--source', 'web'], /--source must be auto, live or snapshot, got "web"/);
    await usage(['check', '--rules', rules, '--as-of', '2025-13-01'], /--as-of must be a date YYYY-MM-DD, got "2025-13-01"/);
    await usage(['check', '--bogus'], /Unknown option '--bogus'/);
    await usage(['check', rules], /alerts check takes no positional argument/);
    await usage(['watch'], /unknown alerts command "watch"/);
    assert.equal((await run([])).code, 2);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout(), /^Usage: hashpivot alerts check/);
  });

  it('check on the sample notes file: every rule evaluated, no problem', async () => {
    const states = await json(['check', '--rules', SAMPLE, ...base()]);
    assert.ok(states.length >= 4);
    assert.ok(
      states.every((s) => s.status !== 'error'),
      JSON.stringify(states.filter((s) => s.status === 'error')),
    );
  });
});

describe('CLI: hashpivot alerts validate', () => {
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hp-alerts-'));
  });

  it('the sample file is valid (exit 0)', async () => {
    const r = await run(['validate', SAMPLE]);
    assert.equal(r.code, 0, r.stdout());
    assert.match(r.stdout(), /alerts\.json: 7 valid rules, 0 problems$/);
  });

  it('prints each problem with its position and exits 1', async () => {
    const f = write(
      'alerts.json',
      '{ "rules": [\n  { "id": "x", "kind": "volatility", "symbol": "CORZ", "window": 2, "above": 0.9 },\n  { "id": "y", "kind": "deal", "symbol": "NVDA" }\n] }',
    );
    const r = await run(['validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.out[0]!, /alerts\.json:2:66: error: x rules\[0\]\.window: must be a whole number of days from 5 to 365, got 2$/);
    assert.match(r.out[1]!, /alerts\.json:3:42: error: y rules\[1\]\.symbol: NVDA is not a company of the catalog$/);
    assert.match(r.out[2]!, /0 valid rules, 2 problems$/);
    const j = await run(['validate', f, '--json']);
    const parsed = JSON.parse(j.stdout()) as { valid: boolean; problems: unknown[] };
    assert.equal(parsed.valid, false);
    assert.equal(parsed.problems.length, 2);
    assert.ok(!existsSync(path.join(dir, 'cache')));
  });
});

describe('CLI: hashpivot alerts check --portfolio', function () {
  this.timeout(30_000);
  const HOLDINGS = path.join(process.cwd(), 'sample/notes/.hashpivot/portfolio.json');
  const PORTFOLIO_RULES = `{ "rules": [
    { "id": "nav", "kind": "portfolio", "measure": "value", "value": 20000 },
    { "id": "dd", "kind": "portfolio", "measure": "drawdown", "value": 0.1 },
    { "id": "var", "kind": "portfolio", "measure": "var", "value": 1000 },
    { "id": "var-share", "kind": "portfolio", "measure": "var", "unit": "fraction", "value": "4%" }
  ] }`;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hp-alerts-'));
    cacheDir = path.join(dir, 'cache');
  });

  it('values the holdings file at the as-of closes: the value by hand from the price files, the drawdown and VaR of the portfolio', async () => {
    const rules = write('alerts.json', PORTFOLIO_RULES);
    const states = await json(['check', '--rules', rules, '--portfolio', HOLDINGS, ...base()]);
    const by = Object.fromEntries(states.map((s) => [s.ruleId, s]));
    // The sample: 150 IREN, 200 CORZ (two lots), −100 WULF, 0.05 BTC, 2,500 cash.
    const close = (name: string) => {
      const c = readPriceCsv(name);
      return c.close[rowOnOrBefore(c, AS_OF)]!;
    };
    const nav = 150 * close('IREN') + 200 * close('CORZ') - 100 * close('WULF') + 0.05 * close('BTC-USD') + 2500;
    assert.ok(Math.abs(by.nav!.value! - nav) < 1e-6 * nav, `${by.nav!.value} vs ${nav} (the snapshot keeps prices to a few decimals)`);
    assert.equal(by.nav!.status, 'triggered');
    assert.equal(by.nav!.asOf, AS_OF);
    assert.deepEqual(by.nav!.stale, { kind: 'snapshot', asOf: '2026-05-29' });
    assert.match(by.nav!.distanceText, /^value \$14,977\.51, 25\.1% below the \$20,000\.00 trigger$/);
    assert.equal(by.dd!.status, 'triggered');
    assert.match(
      by.dd!.distanceText,
      /^drawdown −31\.9% of today's holdings at past closes, from the \$21,980\.09 peak of 2025-11-05, 22 points deeper than the −10% trigger$/,
    );
    assert.equal(by.var!.status, 'armed');
    assert.match(by.var!.distanceText, /^1-day VaR 95% \$757\.95 \(5\.1% of the value\), 24\.2% below the \$1,000\.00 trigger$/);
    assert.equal(by['var-share']!.status, 'triggered');
    assert.equal(by.nav!.rule.kind, 'portfolio');
    assert.equal(by.nav!.description, 'Portfolio value below $20,000.00');
  });

  it('the bundled CLI gives the figures `hashpivot portfolio` gives for the same file and date', async () => {
    const t = tempHome('hp-alerts-pf-');
    const rules = path.join(t.root, 'alerts.json');
    writeFileSync(rules, PORTFOLIO_RULES);
    const common = ['--source', 'snapshot', '--as-of', AS_OF, '--json', '--cache-dir', t.cacheDir];
    const a = await runCli(t, ['alerts', 'check', '--rules', rules, '--portfolio', HOLDINGS, ...common]);
    assert.equal(a.code, 0, a.stderr);
    const p = await runCli(t, ['portfolio', '--file', HOLDINGS, ...common]);
    assert.equal(p.code, 0, p.stderr);
    const states = JSON.parse(a.stdout) as JsonState[];
    const pj = JSON.parse(p.stdout) as { asOf: string; totals: { value: number }; risk: { varUsd: number; varReturn: number } };
    const by = Object.fromEntries(states.map((s) => [s.ruleId, s]));
    assert.equal(pj.asOf, AS_OF);
    assert.equal(by.nav!.value, pj.totals.value);
    assert.equal(by.var!.value, -pj.risk.varUsd);
    assert.equal(by['var-share']!.value, -pj.risk.varReturn);
    assert.doesNotMatch(a.stderr + p.stderr, /net-guard/);
  });

  it('without --portfolio, portfolio rules are errors that say they need holdings; the other rules are evaluated', async () => {
    const rules = write(
      'alerts.json',
      '{ "rules": [ { "id": "nav", "kind": "portfolio", "measure": "value", "value": 20000 }, { "id": "iren", "kind": "price", "symbol": "IREN", "op": "above", "value": 40 } ] }',
    );
    const r = await run(['check', '--rules', rules, ...base()]);
    assert.equal(r.code, 0, r.stderr());
    assert.match(
      r.out.find((l) => l.startsWith('nav '))!,
      /Portfolio value below \$20,000\.00\s+error\s+–\s+no holdings: pass --portfolio FILE \(a holdings file such as \.hashpivot\/portfolio\.json\)\s+–$/,
    );
    assert.match(
      r.out.find((l) => l.startsWith('iren '))!,
      /triggered/,
    );
    const only = write('only.json', PORTFOLIO_RULES);
    const none = await run(['check', '--rules', only, ...base()]);
    assert.equal(none.code, 1, 'no rule could be evaluated');
    assert.match(none.stderr(), /no rule could be evaluated/);
  });

  it('a bad holdings file is exit 2 naming the entry and field; --portfolio "" is a usage error', async () => {
    const rules = write('alerts.json', PORTFOLIO_RULES);
    const bad = write('portfolio.json', '{ "positions": [ { "symbol": "IREN", "quantity": 0 } ] }');
    await assert.rejects(
      run(['check', '--rules', rules, '--portfolio', bad, ...base()]),
      (e: unknown) => e instanceof CliError && e.code === 2 && /portfolio\.json:1:\d+: error: IREN positions\[0\]\.quantity: /.test(e.message),
    );
    await assert.rejects(
      run(['check', '--rules', rules, '--portfolio', '', ...base()]),
      (e: unknown) => e instanceof CliError && e.code === 2 && /--portfolio must name/.test(e.message),
    );
  });

  it('--memory: a portfolio rule notifies once across runs and re-arms after its condition cleared', async () => {
    const rules = write('alerts.json', '{ "rules": [ { "id": "nav", "kind": "portfolio", "measure": "value", "value": 20000 } ] }');
    const mem = path.join(dir, 'memory.json');
    const step = async (asOf: string) => {
      const s = await json([
        'check',
        '--rules',
        rules,
        '--portfolio',
        HOLDINGS,
        '--memory',
        mem,
        '--source',
        'snapshot',
        '--as-of',
        asOf,
        '--cache-dir',
        cacheDir,
      ]);
      return `${s[0]!.status}/${s[0]!.event ?? '-'}`;
    };
    assert.equal(await step('2025-12-02'), 'triggered/triggered');
    assert.equal(await step('2025-12-02'), 'triggered/-');
    assert.equal(await step('2025-11-05'), 'armed/cleared', 'the holdings were worth $21,980.09 at the 2025-11-05 closes');
    assert.equal(await step('2025-12-02'), 'triggered/triggered');
  });
});

describe('CLI: hashpivot alerts check, concentration and counterparty rules', function () {
  this.timeout(30_000);
  const EXPOSURE_RULES = `{ "rules": [
    { "id": "wulf-conc", "kind": "concentration", "symbol": "WULF", "above": "60%" },
    { "id": "cifr-conc", "kind": "concentration", "symbol": "CIFR", "above": 0.8 },
    { "id": "glxy-conc", "kind": "concentration", "symbol": "GLXY", "above": 0.5 },
    { "id": "big-cp", "kind": "counterparty", "above": 1e10 },
    { "id": "fs", "kind": "counterparty", "counterparty": "fluidstack", "above": 2e10 },
    { "id": "lambda", "kind": "counterparty", "counterparty": "Lambda", "above": 1e9 }
  ] }`;
  /** A workspace-style override: HUT signs $2B more with Fluidstack (23.2 + 2 = 25.2B). */
  const OVERRIDE = JSON.stringify({
    miners: [],
    deals: [
      {
        id: 'hut-fluidstack-expansion-2026',
        name: 'Hut 8 – Fluidstack expansion',
        kind: 'lease',
        provider: 'HUT',
        stage: 'contracted',
        valueUSD: 2_000_000_000,
        counterparty: 'Fluidstack',
        counterpartyEntity: 'Fluidstack',
        confidence: 'medium',
        sources: [{ title: 'Release', url: 'https://example.com/r', date: '2026-03-01' }],
      },
    ],
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hp-alerts-'));
    cacheDir = path.join(dir, 'cache');
  });

  it('prints their rows from the shipped catalog, with no market data: shares, the lower bound, the errors', async () => {
    const rules = write('alerts.json', EXPOSURE_RULES);
    const r = await run(['check', '--rules', rules, ...base()]);
    assert.equal(r.code, 0, r.stderr());
    const row = (id: string) => r.out.find((l) => l.startsWith(id + ' '))!;
    assert.match(
      row('wulf-conc'),
      /WULF largest counterparty above 60% of its backlog\s+triggered\s+100%\s+WULF: Fluidstack 100% of the known backlog \(\$13\.2B\), 40 points above the 60% trigger \(the backlog is a lower bound: wulf-fluidstack-cb5-2025 has no disclosed value and is not in the shares\)\s+catalog$/,
    );
    assert.match(
      row('cifr-conc'),
      /CIFR largest counterparty above 80% of its backlog\s+armed\s+64\.7%\s+CIFR: Amazon 64\.7% of the known backlog \(\$8\.5B\), 15 points below the 80% trigger\s+catalog$/,
    );
    assert.match(row('glxy-conc'), /error\s+–\s+GLXY: no known backlog: the contracted deal\(s\) have no disclosed value \(glxy-coreweave-helios\)\s+catalog$/);
    assert.match(
      row('big-cp'),
      /New deal with a counterparty whose backlog is above \$10B\s+armed\s+\$23\.2B\s+largest counterparty Fluidstack: \$23\.2B of contracted backlog \(a lower bound\)/,
    );
    assert.match(
      row('fs'),
      /armed\s+\$23\.2B\s+Fluidstack: \$23\.2B of contracted backlog \(a lower bound\), \$3\.2B above the \$20B trigger; 21 deals recorded, watching for new ones\s+catalog$/,
    );
    assert.match(
      row('lambda'),
      /error\s+–\s+unknown entity "Lambda" \(known: Amazon, AMD, Anthropic, CoreWeave, EDF, Fluidstack, Google, Microsoft, MPLX, Oracle, Submer\)/,
    );
    assert.ok(!existsSync(cacheDir) || readdirSync(cacheDir).length === 0, 'no market data was loaded for these rules');
  });

  it('--memory and --catalog: a new deal with a counterparty above the trigger notifies once, then re-arms', async () => {
    const rules = write('alerts.json', EXPOSURE_RULES);
    const mem = path.join(dir, 'memory.json');
    const catalog = write('catalog.json', OVERRIDE);
    const first = await json(['check', '--rules', rules, '--memory', mem, ...base()]);
    assert.deepEqual(
      first.filter((s) => s.rule.kind === 'counterparty').map((s) => [s.ruleId, s.status, s.event ?? null]),
      [
        ['big-cp', 'armed', null],
        ['fs', 'armed', null],
        ['lambda', 'error', null],
      ],
    );
    const second = await json(['check', '--rules', rules, '--memory', mem, '--catalog', catalog, ...base()]);
    const by = Object.fromEntries(second.map((s) => [s.ruleId, s]));
    assert.equal(by['big-cp']!.event, 'triggered');
    assert.equal(by['big-cp']!.value, 25.2e9);
    assert.equal(
      by['big-cp']!.eventMessage,
      'New deal with a counterparty whose backlog is above $10B: new deal hut-fluidstack-expansion-2026 (Hut 8 – Fluidstack expansion: $2B) with Fluidstack, whose contracted backlog is now $25.2B (a lower bound), $15.2B above the $10B trigger',
    );
    assert.equal(by.fs!.event, 'triggered');
    assert.equal(by.fs!.description, 'New deal with fluidstack while its backlog is above $20B');
    // HUT stays 100% Fluidstack (9B of 9B); WULF's rule did not change state: no event.
    assert.equal(by['wulf-conc']!.event, undefined);
    const third = await json(['check', '--rules', rules, '--memory', mem, '--catalog', catalog, ...base()]);
    assert.deepEqual(
      third.filter((s) => s.event).map((s) => [s.ruleId, s.status, s.event]),
      [
        ['big-cp', 'armed', 'cleared'],
        ['fs', 'armed', 'cleared'],
      ],
    );
    const fourth = await json(['check', '--rules', rules, '--memory', mem, '--catalog', catalog, ...base()]);
    assert.deepEqual(
      fourth.filter((s) => s.event),
      [],
    );
  });

  it('the bundled CLI evaluates them the same way (the shipped catalog it is packaged with)', async () => {
    const t = tempHome('hp-alerts-exp-');
    const rules = path.join(t.root, 'alerts.json');
    writeFileSync(rules, EXPOSURE_RULES);
    const a = await runCli(t, ['alerts', 'check', '--rules', rules, '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    assert.equal(a.code, 0, a.stderr);
    const states = JSON.parse(a.stdout) as JsonState[];
    assert.deepEqual(
      states.map((s) => [s.ruleId, s.status]),
      [
        ['wulf-conc', 'triggered'],
        ['cifr-conc', 'armed'],
        ['glxy-conc', 'error'],
        ['big-cp', 'armed'],
        ['fs', 'armed'],
        ['lambda', 'error'],
      ],
    );
    assert.ok(Math.abs(states[1]!.value! - 5.5 / 8.5) < 1e-12);
    assert.doesNotMatch(a.stderr, /net-guard/);
  });

  it('validate: each problem at its position', async () => {
    const f = write(
      'alerts.json',
      '{ "rules": [\n  { "id": "x", "kind": "concentration", "symbol": "NVDA", "above": 0.6 },\n  { "id": "y", "kind": "counterparty", "above": "10B" }\n] }',
    );
    const r = await run(['validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.out[0]!, /alerts\.json:2:51: error: x rules\[0\]\.symbol: NVDA is not a company of the catalog$/);
    assert.match(
      r.out[1]!,
      /alerts\.json:3:49: error: y rules\[1\]\.above: must be a backlog in USD above 0 \(up to 1e12\), got "10B" \(a JSON number: 1e10 for \$10B\)$/,
    );
  });
});
