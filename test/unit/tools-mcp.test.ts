/**
 * The tool layer (src/tools) and the MCP server (`hashpivot mcp`, src/cli/mcpServer.ts), offline on
 * the embedded snapshot:
 * - the definitions (names, reference names, closed schemas, limits, scenario ids) and their
 *   precompiled validators (up to date with the definitions);
 * - agreement: each tool's structured result, called through the SDK's Client over a spawned
 *   `node dist/cli.js mcp --source snapshot` (stdio), equals the parsed `--json` of the
 *   equivalent CLI command (spawned too, test/support/cliHarness.ts: HOME and the cache in a temp
 *   folder, a guard against any non-loopback connection);
 * - bad input and missing data as error results (isError with a clear message, the server alive),
 *   through an in-memory transport pair over the same server and runTool in process.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createCliStore } from '../../src/cli/context';
import { createMcpServer } from '../../src/cli/mcpServer';
import { cliToolContext } from '../../src/cli/toolContext';
import { correlationMatrix } from '../../src/core/compare';
import { SCENARIOS } from '../../src/core/scenario';
import { languageModelToolsContribution, runTool, TOOL_DEFINITIONS, TOOL_NAMES, type ToolContext, type ToolResult } from '../../src/tools';
import { CLI, runCli, tempHome } from '../support/cliHarness';

const AS_OF = '2026-05-29';
const HOLDINGS = path.join(process.cwd(), 'sample/notes/.hashpivot/portfolio.json');
const home = tempHome('hp-mcp-');

interface CallResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** The parsed stdout of `hashpivot ARGS --json --source snapshot` (exit 0). */
async function cliJson(args: string[]): Promise<unknown> {
  const r = await runCli(home, [...args, '--json', ...(args[0] === 'deals' ? [] : ['--source', 'snapshot', '--cache-dir', home.cacheDir])]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const textOf = (r: CallResult) => r.content.map((c) => c.text ?? '').join('\n');

function inProcessContext(over: Partial<ToolContext> = {}): ToolContext {
  const io = { out: () => undefined, err: () => undefined };
  const store = createCliStore({ mode: 'snapshot', endpoints: {}, io, cacheDir: home.cacheDir });
  return { ...cliToolContext({ store, io, portfolioFile: HOLDINGS }), ...over };
}

async function inMemoryClient(ctx: ToolContext): Promise<Client> {
  const server = createMcpServer({ tools: TOOL_DEFINITIONS, call: (name, args) => runTool(name, args, ctx), openWorld: false, version: 'test' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'hashpivot-test', version: '1' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

describe('tools: the definitions', () => {
  it('six read-only tools, each referenced by its own name, with a closed object schema', () => {
    assert.deepEqual(
      TOOL_DEFINITIONS.map((d) => d.name),
      [...TOOL_NAMES],
    );
    for (const d of TOOL_DEFINITIONS) {
      assert.equal(d.toolReferenceName, d.name);
      assert.equal(d.readOnly, true);
      assert.equal(d.inputSchema.type, 'object');
      assert.equal(d.inputSchema.additionalProperties, false, d.name);
      assert.ok(!('$schema' in d.inputSchema) && !('oneOf' in d.inputSchema), d.name);
      assert.match(d.modelDescription, /fraction|catalog/, d.name);
      assert.ok(d.userDescription.length > 20 && d.displayName.startsWith('Hashpivot'), d.name);
    }
  });

  it('limits: at most 8 symbols, dates as YYYY-MM-DD, the scenario ids of src/core/scenario', () => {
    const props = (n: string) => TOOL_DEFINITIONS.find((d) => d.name === n)!.inputSchema.properties as Record<string, Record<string, unknown>>;
    for (const n of ['hashpivot_report', 'hashpivot_compare', 'hashpivot_pivot']) assert.equal(props(n).symbols!.maxItems, 8);
    assert.equal(props('hashpivot_report').asOf!.pattern, '^\\d{4}-\\d{2}-\\d{2}$');
    assert.deepEqual(
      props('hashpivot_scenario').scenario!.enum,
      SCENARIOS.map((s) => s.id),
    );
  });

  it('the precompiled validators are up to date with the definitions', async () => {
    const { spawnSync } = await import('node:child_process');
    const check = spawnSync(process.execPath, ['scripts/build-tool-validators.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it("package.json's contributes.languageModelTools is the definitions' (node scripts/build-tool-validators.mjs --write-manifest)", async () => {
    const { readFileSync } = await import('node:fs');
    const contributes = (JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { languageModelTools?: unknown } }).contributes;
    assert.deepEqual(contributes.languageModelTools, languageModelToolsContribution());
  });
});

describe('hashpivot mcp over stdio: tools and CLI JSON agree', function () {
  this.timeout(60_000);
  let client: Client;
  let stderr = '';

  before(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--require', home.guard, CLI, 'mcp', '--source', 'snapshot', '--cache-dir', home.cacheDir, '--portfolio', HOLDINGS],
      env: { HOME: home.home, XDG_CACHE_HOME: home.xdg, NO_COLOR: '1' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'hashpivot-test', version: '1' });
    await client.connect(transport);
  });
  after(async () => {
    await client?.close();
    assert.doesNotMatch(stderr, /net-guard/, 'no connection left the machine');
  });

  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallResult;

  /** The tool's structured result (the envelope's `result`) after checking the envelope says where and when. */
  async function structured(name: string, args: Record<string, unknown>): Promise<unknown> {
    const r = await call(name, args);
    assert.ok(!r.isError, textOf(r));
    const env = r.structuredContent as { tool: string; source: { kind: string; text: string }; asOf: string | null; result: unknown };
    assert.equal(env.tool, name);
    assert.ok(env.source.text.length > 0);
    assert.match(textOf(r), /^Data: .+\.$/m, 'the text says where the data came from');
    if (name !== 'hashpivot_deals') assert.match(env.source.text, /snapshot/);
    return env.result;
  }

  it('lists every tool with the name, title, description and input schema of its definition, read-only', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      [...TOOL_NAMES],
    );
    for (const t of tools) {
      const d = TOOL_DEFINITIONS.find((x) => x.name === t.name)!;
      assert.equal(t.title, d.displayName);
      assert.equal(t.description, d.modelDescription);
      assert.deepEqual(t.inputSchema, d.inputSchema);
      assert.equal(t.annotations?.readOnlyHint, true);
      assert.equal(t.annotations?.openWorldHint, false, 'snapshot mode reaches no network');
    }
    const info = client.getServerVersion();
    assert.equal(info?.name, 'hashpivot');
  });

  it('hashpivot_report = report IREN BTC --json --as-of 2026-05-29', async () => {
    const tool = await structured('hashpivot_report', { symbols: ['IREN', 'BTC'], asOf: AS_OF });
    assert.deepEqual(tool, await cliJson(['report', 'IREN', 'BTC', '--as-of', AS_OF]));
    assert.equal((tool as Array<{ source: { kind: string } }>)[0]!.source.kind, 'snapshot');
  });

  it('hashpivot_report with from and btcSampling = report --from --btc-at', async () => {
    const tool = await structured('hashpivot_report', { symbols: ['$cifr', 'cd20'], asOf: AS_OF, from: '2026-01-02', btcSampling: 'utc-close' });
    assert.deepEqual(tool, await cliJson(['report', 'CIFR', 'CD20', '--as-of', AS_OF, '--from', '2026-01-02', '--btc-at', 'utc-close']));
  });

  it('hashpivot_compare = compare IREN CORZ BTC NDX --json; the BTC row is each report’s ρ to BTC', async () => {
    const tool = (await structured('hashpivot_compare', { symbols: ['IREN', 'CORZ', 'BTC', 'NDX'], asOf: AS_OF })) as {
      symbols: string[];
      correlation: { days: number; matrix: Array<Array<number | null>> };
      reports: Array<{ symbol: string; correlation: { BTC: { '90d': number | null } } }>;
    };
    assert.deepEqual(tool, await cliJson(['compare', 'IREN', 'CORZ', 'BTC', 'NDX', '--as-of', AS_OF]));
    const b = tool.symbols.indexOf('BTC');
    for (const [i, r] of tool.reports.entries()) assert.ok(Math.abs(tool.correlation.matrix[b]![i]! - r.correlation.BTC['90d']!) < 1e-12, r.symbol);
    assert.equal(tool.correlation.days, 90);
  });

  it('hashpivot_deals = deals IREN --json, and deals --counterparty Google --json', async () => {
    assert.deepEqual(await structured('hashpivot_deals', { company: 'IREN' }), await cliJson(['deals', 'IREN']));
    const google = (await structured('hashpivot_deals', { counterparty: 'Google' })) as Array<{ id: string; counterpartyBacker: string | null }>;
    assert.deepEqual(google, await cliJson(['deals', '--counterparty', 'Google']));
    assert.ok(google.length >= 3 && google.every((d) => /google/i.test(d.counterpartyBacker ?? '')));
  });

  it('hashpivot_pivot = pivot IREN CIFR --rolling last --json; rolling "series" = pivot IREN --json', async () => {
    const tool = (await structured('hashpivot_pivot', { symbols: ['IREN', 'CIFR'], asOf: AS_OF })) as Array<{ rolling: { windows: number; dates: string[] } }>;
    assert.deepEqual(tool, await cliJson(['pivot', 'IREN', 'CIFR', '--as-of', AS_OF, '--rolling', 'last']));
    assert.ok(tool[0]!.rolling.windows > 100 && tool[0]!.rolling.dates.length === 1);
    assert.deepEqual(
      await structured('hashpivot_pivot', { symbols: ['IREN'], rolling: 'series', window: 60 }),
      await cliJson(['pivot', 'IREN', '--window', '60']),
    );
  });

  it('hashpivot_scenario: a named shock on the miners, a shock of your own on weights, a replay window = scenario --json', async () => {
    assert.deepEqual(await structured('hashpivot_scenario', { scenario: 'btc-crash' }), await cliJson(['scenario', 'btc-crash']));
    assert.deepEqual(
      await structured('hashpivot_scenario', { shocks: { BTC: -0.25, ai: -0.2 }, weights: { IREN: 0.5, CORZ: 0.3, WULF: 0.2 }, horizonDays: 5 }),
      await cliJson(['scenario', '--shock', 'BTC=-0.25,AI=-0.2', '--weights', 'IREN=0.5,CORZ=0.3,WULF=0.2', '--horizon', '5']),
    );
    assert.deepEqual(
      await structured('hashpivot_scenario', { from: '2025-03-03', to: '2025-04-21', lookbackDays: 200 }),
      await cliJson(['scenario', '--from', '2025-03-03', '--to', '2025-04-21', '--lookback', '200']),
    );
    assert.deepEqual(await structured('hashpivot_scenario', { scenario: 'deepseek-2025' }), await cliJson(['scenario', 'deepseek-2025']));
  });

  it('hashpivot_scenario on the holdings = scenario --portfolio FILE --json (USD figures included)', async () => {
    const tool = (await structured('hashpivot_scenario', { scenario: 'liquidity-crisis', basis: 'portfolio', asOf: AS_OF })) as {
      holdings: { file: string; pnlUsd: number };
    };
    assert.deepEqual(tool, await cliJson(['scenario', 'liquidity-crisis', '--portfolio', HOLDINGS, '--as-of', AS_OF]));
    assert.equal(tool.holdings.file, HOLDINGS);
    assert.ok(Number.isFinite(tool.holdings.pnlUsd));
  });

  it('hashpivot_var = var --json: the equal-weight miners, given weights and options, the holdings', async () => {
    assert.deepEqual(await structured('hashpivot_var', {}), await cliJson(['var']));
    assert.deepEqual(
      await structured('hashpivot_var', {
        weights: { IREN: 2, CIFR: 1 },
        horizonDays: 5,
        paths: 2000,
        seed: 7,
        lookbackDays: 200,
        blockLength: 3,
        asOf: AS_OF,
      }),
      await cliJson([
        'var',
        '--weights',
        'IREN=2,CIFR=1',
        '--horizon',
        '5',
        '--paths',
        '2000',
        '--seed',
        '7',
        '--lookback',
        '200',
        '--block',
        '3',
        '--as-of',
        AS_OF,
      ]),
    );
    assert.deepEqual(await structured('hashpivot_var', { basis: 'portfolio' }), await cliJson(['var', '--portfolio', HOLDINGS]));
  });

  it('bad input is an error result naming the problem, and the server keeps answering', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['hashpivot_report', { symbols: ['FOO'] }, /unknown symbol "FOO" \(known: .*IREN/],
      ['hashpivot_report', { symbols: ['IREN'], asOf: '2026-5-29' }, /asOf must be a date YYYY-MM-DD, got "2026-5-29"/],
      ['hashpivot_report', { symbols: ['IREN'], asOf: '2026-02-30' }, /asOf must be a date that exists \(YYYY-MM-DD\), got "2026-02-30"/],
      ['hashpivot_report', { symbols: ['IREN'], period: '1y' }, /unknown property "period" \(expected: symbols, asOf, from, btcSampling\)/],
      ['hashpivot_report', { symbols: Array.from({ length: 20 }, (_, i) => `S${i}`) }, /symbols: at most 8 items, got 20/],
      ['hashpivot_report', {}, /"symbols" is required/],
    ];
    for (const [name, args, message] of cases) {
      const r = await call(name, args);
      assert.equal(r.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(textOf(r), message);
      assert.match(textOf(r), new RegExp(`^${name}: `));
      assert.deepEqual(Object.keys((r.structuredContent as { error: object }).error), ['code', 'message']);
    }
    const after = await call('hashpivot_deals', { company: 'CIFR' });
    assert.ok(!after.isError, 'still answering');
  });
});

describe('tools in process (runTool) and over an in-memory MCP transport: error results, never exceptions', function () {
  this.timeout(60_000);
  let ctx: ToolContext;
  let client: Client;
  before(async () => {
    ctx = inProcessContext();
    client = await inMemoryClient(ctx);
  });
  after(() => client?.close());

  const failure = async (name: string, input: unknown, ctxOver?: ToolContext) => {
    const r = await runTool(name, input, ctxOver ?? ctx);
    assert.equal(r.ok, false, JSON.stringify(input));
    return (r as Extract<ToolResult, { ok: false }>).error;
  };

  it('the in-memory server lists the same tools and answers a call with text and the envelope', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => [t.name, t.inputSchema]),
      TOOL_DEFINITIONS.map((d) => [d.name, d.inputSchema]),
    );
    const r = (await client.callTool({ name: 'hashpivot_report', arguments: { symbols: ['IREN'], asOf: AS_OF } })) as CallResult;
    assert.ok(!r.isError);
    assert.match(textOf(r), /\| IREN \| 63\.54 \|/);
    assert.match(textOf(r), /Data: snapshot.*; as of 2026-05-29\./);
    assert.equal((r.structuredContent as { asOf: string }).asOf, AS_OF);
  });

  it('an unknown tool, a non-object input, and every schema problem are invalid-input results', async () => {
    assert.deepEqual(await failure('hashpivot_nope', {}), {
      code: 'unknown-tool',
      message:
        'unknown tool "hashpivot_nope" (tools: hashpivot_report, hashpivot_compare, hashpivot_deals, hashpivot_pivot, hashpivot_scenario, hashpivot_var)',
    });
    assert.match((await failure('hashpivot_report', ['IREN'])).message, /the input must be a JSON object, got an array/);
    const cases: Array<[string, unknown, RegExp]> = [
      ['hashpivot_compare', { symbols: ['IREN'] }, /symbols: at least 2 items, got 1/],
      ['hashpivot_compare', { symbols: ['IREN', '$iren'] }, /at least two different symbols/],
      ['hashpivot_compare', { symbols: ['IREN', 'BTC'], days: 5 }, /days must be at least 30, got 5/],
      ['hashpivot_report', { symbols: ['IREN'], btcSampling: 'noon' }, /btcSampling must be one of us-close, utc-close; got "noon"/],
      ['hashpivot_report', { symbols: 'IREN' }, /symbols must be an array, got a string/],
      ['hashpivot_report', { symbols: ['IREN'], from: '2026-05-01', asOf: '2026-04-01' }, /from 2026-05-01 is after asOf 2026-04-01/],
      ['hashpivot_pivot', { symbols: ['BTC'] }, /BTC is a factor of the pivot regression, not a subject/],
      ['hashpivot_pivot', { window: 2.5 }, /window must be a whole number, got a number/],
      ['hashpivot_deals', { company: 'NOPE' }, /"NOPE" is neither a ticker nor a deal id of the catalog/],
      ['hashpivot_scenario', {}, /give a named "scenario", "shocks"/],
      ['hashpivot_scenario', { scenario: 'btc-crash', shocks: { BTC: -0.1 } }, /give only one of/],
      ['hashpivot_scenario', { scenario: 'moon' }, /scenario must be one of crypto-winter-2022, /],
      ['hashpivot_scenario', { shocks: { BTC: -1 } }, /shocks\.BTC must be above -1, got -1/],
      ['hashpivot_scenario', { shocks: { 'B TC': -0.1 } }, /shocks: "B TC" is not a factor/],
      ['hashpivot_scenario', { shocks: { ZZZ: -0.1 } }, /unknown factor "ZZZ"/],
      ['hashpivot_scenario', { from: '2025-03-01' }, /"from" and "to" go together/],
      ['hashpivot_scenario', { scenario: 'covid-2020', horizonDays: 3 }, /horizonDays is for shocks/],
      ['hashpivot_scenario', { scenario: 'ftx-2022', asOf: '2022-11-15' }, /the window ends 2022-11-30, after asOf 2022-11-15/],
      ['hashpivot_var', { weights: { IREN: 0.5, CORZ: -0.5 } }, /sum to 0/],
      ['hashpivot_var', { basis: 'portfolio', weights: { IREN: 1 } }, /weights go with basis "universe"/],
      ['hashpivot_var', { paths: 10_000_000 }, /paths must be at most 100000, got 10000000/],
      ['hashpivot_var', { weights: { IREN: 1, A: 1, B: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 1 } }, /weights: at most 8 entries, got 9/],
    ];
    for (const [name, input, message] of cases) {
      const e = await failure(name, input);
      assert.match(e.message, message, `${name} ${JSON.stringify(input)}: ${e.message}`);
      assert.ok(['invalid-input', 'unknown-symbol'].includes(e.code), `${name}: ${e.code}`);
    }
  });

  it('several schema problems are listed together (at most three, the rest counted)', async () => {
    const e = await failure('hashpivot_var', { basis: 'all', seed: -1, paths: 1, horizonDays: 0, extra: true });
    assert.match(e.message, /unknown property "extra"/);
    assert.match(e.message, /\(and 2 more problems\)$/);
  });

  it('data the snapshot does not have and analyses without enough data are no-data / analysis results', async () => {
    assert.deepEqual(await failure('hashpivot_report', { symbols: ['IREN'], asOf: '2015-01-02' }), {
      code: 'analysis',
      message: 'IREN: 2015-01-02 is before its data starts (2021-11-17)',
    });
    assert.equal((await failure('hashpivot_var', { weights: { IREN: 1 }, asOf: '2010-01-04' })).code, 'analysis');
  });

  it('basis "portfolio" without holdings says why; a host error becomes an internal result, logged, not a throw', async () => {
    const none = inProcessContext({ holdings: () => ({ reason: 'no holdings file here' }) });
    assert.deepEqual(await failure('hashpivot_scenario', { scenario: 'btc-crash', basis: 'portfolio' }, none), {
      code: 'no-holdings',
      message: 'basis "portfolio" needs holdings: no holdings file here',
    });
    const logged: string[] = [];
    const broken = inProcessContext({
      catalog: () => {
        throw new TypeError('disk on fire');
      },
      log: (m) => logged.push(m),
    });
    assert.deepEqual(await failure('hashpivot_deals', {}, broken), { code: 'internal', message: 'internal error: disk on fire' });
    assert.match(logged.join('\n'), /hashpivot_deals: internal error: TypeError: disk on fire/);
    const r = (await (await inMemoryClient(broken)).callTool({ name: 'hashpivot_deals', arguments: {} })) as CallResult;
    assert.equal(r.isError, true);
    assert.equal(textOf(r), 'hashpivot_deals: internal error: disk on fire');
  });

  it('every tool succeeds on its defaults (or minimal input) with a summary table, the source and the date', async () => {
    const inputs: Record<string, unknown> = {
      hashpivot_report: { symbols: ['IREN'] },
      hashpivot_compare: { symbols: ['IREN', 'WULF'] },
      hashpivot_deals: {},
      hashpivot_pivot: {},
      hashpivot_scenario: { scenario: 'ai-bust', basis: 'portfolio' },
      hashpivot_var: { paths: 1000 },
    };
    for (const name of TOOL_NAMES) {
      const r = await runTool(name, inputs[name], ctx);
      assert.ok(r.ok, JSON.stringify(r));
      assert.match(r.text, /\n\| --- \|/, `${name}: a Markdown table`);
      assert.match(r.text, /Data: (snapshot|catalog)[^\n]*\.$/, name);
      assert.ok(r.asOf && /^\d{4}-\d{2}(-\d{2})?$/.test(r.asOf), `${name}: ${r.asOf}`);
      assert.equal(r.source.kind === 'catalog', name === 'hashpivot_deals');
    }
  });
});

describe('CLI: compare, deals --counterparty, pivot --rolling', () => {
  it('compare needs two symbols; a bad --days or --rolling is a usage error (exit 2)', async () => {
    for (const args of [
      ['compare', 'IREN'],
      ['compare', 'IREN', 'BTC', '--days', '7'],
      ['pivot', 'IREN', '--rolling', 'some'],
    ]) {
      const r = await runCli(home, [...args, '--source', 'snapshot']);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('compare prints the correlation matrix and the reports', async () => {
    const r = await runCli(home, ['compare', 'IREN', 'BTC', '--source', 'snapshot', '--as-of', AS_OF, '--cache-dir', home.cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Correlation of daily returns, 90 days to 2026-05-29/);
    assert.match(r.stdout, /^IREN\s+1\.00\s+0\.50$/m);
    assert.match(r.stdout, /^Symbol\s+As of\s+Close/m);
  });

  it('correlationMatrix: symmetric with ones on the diagonal; too little data is NaN', () => {
    const s = (symbol: string, n: number) => ({
      symbol,
      assetClass: 'equity' as const,
      series: {
        symbol,
        dates: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)),
        close: Array.from({ length: n }, (_, i) => 100 + Math.sin(i * (symbol.length + 1)) * 5 + i),
        origin: { kind: 'snapshot' as const, provider: 'test', asOf: '2026-04-01' },
      },
    });
    const m = correlationMatrix([s('A', 60), s('BB', 60), s('CCC', 5)], '2026-03-01', 90);
    assert.equal(m.matrix[0]![0], 1);
    assert.equal(m.matrix[0]![1], m.matrix[1]![0]);
    assert.ok(Number.isFinite(m.matrix[0]![1]!));
    assert.ok(Number.isNaN(m.matrix[0]![2]!), 'CCC ends long before the as-of date');
    assert.equal(m.btcSampling, null);
  });
});

describe('hashpivot mcp: options', () => {
  it('--help prints the usage; a missing --portfolio file or a positional argument is a usage error', async () => {
    const help = await runCli(home, ['mcp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: hashpivot mcp \[options\]/);
    const missing = path.join(home.root, 'none.json');
    for (const args of [
      ['mcp', '--portfolio', missing],
      ['mcp', 'now'],
      ['mcp', '--source', 'sometimes'],
    ]) {
      const r = await runCli(home, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', 'nothing on stdout');
    }
  });
});
