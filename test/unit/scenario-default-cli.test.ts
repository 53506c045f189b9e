/**
 * `hashpivot scenario --default COUNTERPARTY`: the JSON, the table, the exit statuses (run as
 * `node dist/cli.js` through the harness, off the network), market caps from --market-cap or from
 * a live quote (an injected store), and --catalog.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scenarioCommand } from '../../src/cli/commands';
import { parseMarketCaps } from '../../src/cli/commands/scenario';
import type { MarketStore } from '../../src/data/store';
import { runCli, tempHome, type TempHome } from '../support/cliHarness';

const B = 1e9;
const SHIPPED = path.join(process.cwd(), 'media/catalog/catalog.json');
const opts = { shippedCatalog: SHIPPED };
const annuity = (n: number, r: number) => (1 - Math.pow(1 + r, -n)) / r;
const close = (a: number | null | undefined, b: number, tol = 1e-9) => {
  assert.ok(typeof a === 'number', `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
};
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) }, out, err, text: () => out.join('\n') };
}

describe('CLI: hashpivot scenario --default', function () {
  this.timeout(30_000);
  let t: TempHome;
  before(() => (t = tempHome('hp-default-')));

  it('is in the CLI help', async () => {
    const r = await runCli(t, ['--help']);
    assert.match(r.stdout, /--default COUNTERPARTY/);
  });

  it('--json: per miner at risk, shares, MW and the price impact null with the snapshot reason (no market data read)', async () => {
    const r = await runCli(t, ['scenario', '--default', 'Fluidstack', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const j = JSON.parse(r.stdout);
    const m = (s: string) => j.miners.find((x: { symbol: string }) => x.symbol === s);
    close(m('WULF').atRiskUsd, 10.1 * B);
    close(m('CIFR').atRiskUsd, 1.6 * B);
    assert.equal(m('HUT').atRiskUsd, 7 * B);
    assert.equal(m('HUT').atRiskLowUsd, 0);
    assert.deepEqual(m('WULF').mwWithoutTenant, [{ basis: 'critical-it', mw: 528 }]);
    assert.equal(m('WULF').priceImpact.value, null);
    assert.equal(
      m('WULF').priceImpact.reason,
      'no market cap: the embedded snapshot has prices only (give --market-cap SYM=USD, or --source live|auto for live quotes)',
    );
    assert.match(j.priceImpactMethod, /not a forecast$/);
    close(j.totals.atRiskUsd, 18.7 * B);
    close(j.totals.atRiskLowUsd, 11.7 * B);
  });

  it('--market-cap gives the impact: Google fails, WULF −PV(3.7B over 10 y + 9.5B over 25 y at 10%) ÷ 10B', async () => {
    const r = await runCli(t, ['scenario', '--default', 'google', '--market-cap', 'WULF=10B', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const wulf = j.miners.find((x: { symbol: string }) => x.symbol === 'WULF');
    // 370M a year for 10 years + 380M a year for 25 years, at 10%: 2.2735B + 3.4493B = 5.7228B.
    const pv = 0.37 * B * annuity(10, 0.1) + 0.38 * B * annuity(25, 0.1);
    close(wulf.priceImpact.pvLostUsd, pv);
    close(wulf.priceImpact.value, -pv / (10 * B));
    close(wulf.shareOfMarketCap.value, 1.32);
    assert.deepEqual(wulf.marketCap, { value: 10 * B, reason: '--market-cap' });
    assert.deepEqual(j.soleBackerOf, ['Fluidstack']);
    close(j.totals.atRiskUsd, 23.2 * B);
    const r0 = await runCli(t, ['scenario', '--default', 'google', '--market-cap', 'WULF=10B', '--discount-rate', '0', '--json']);
    // Undiscounted: 13.2B ÷ 10B = −132%, floored at −100%.
    assert.equal(JSON.parse(r0.stdout).miners.find((x: { symbol: string }) => x.symbol === 'WULF').priceImpact.value, -1);
  });

  it('exit 2: an unknown entity (with the known ones), a bad rate, a bad or foreign --market-cap, options of the other forms', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--default', 'Lambda'],
        /unknown entity "Lambda" \(known: Amazon, AMD, Anthropic, CoreWeave, EDF, Fluidstack, Google, Microsoft, MPLX, Oracle, Submer\)/,
      ],
      [['--default', 'AWS', '--discount-rate', '1.5'], /--discount-rate must be a number from 0 to 1/],
      [['--default', 'AWS', '--market-cap', 'CIFR=lots'], /--market-cap takes SYM=USD entries/],
      [['--default', 'AWS', '--market-cap', 'NVDA=4T'], /--market-cap: NVDA is not a miner of the catalog/],
      [['--default', 'AWS', 'btc-crash'], /--default takes no scenario NAME/],
      [['--default', 'AWS', '--shock', 'BTC=-0.3'], /--shock does not go with --default/],
      [['--default', ''], /--default must name a company/],
      [['btc-crash', '--market-cap', 'WULF=1B'], /--market-cap goes with --default/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(t, ['scenario', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('--source snapshot says the snapshot has prices only; the table states the method', async () => {
    const r = await runCli(t, ['scenario', '--default', 'AWS', '--source', 'snapshot']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Default of Amazon \(counterparty, end-user in the catalog\)\./);
    assert.match(r.stdout, /\nCIFR\s+\$8\.5B\s+\$5\.5B\s+64\.7%/);
    assert.match(r.stdout, /Price impact not computed for CIFR: no market cap: the embedded snapshot has prices only\./);
    assert.match(r.stdout, /equity value at stake if the market had valued the contract at its present value and no new tenant is found; not a forecast/);
  });

  it('--source live: market caps from live quotes where the provider gives one, else null with why (an injected store)', async () => {
    const asked: string[] = [];
    const store = {
      isKnown: (s: string) => s === 'WULF' || s === 'CIFR',
      quote: async (s: string) => {
        asked.push(s);
        if (s === 'CIFR') throw new Error('connection refused');
        return {
          symbol: s,
          price: 10,
          marketCap: 10 * B,
          time: '2026-06-29T20:00:00.000Z',
          origin: { kind: 'live', provider: 'yahoo', asOf: '2026-06-29T20:00:00.000Z' },
        };
      },
    } as unknown as MarketStore;
    const io = fakeIo();
    assert.equal(await scenarioCommand(['--default', 'Fluidstack', '--source', 'live', '--market-cap', 'HUT=2B', '--json'], io.io, { ...opts, store }), 0);
    const j = JSON.parse(io.text());
    const m = (s: string) => j.miners.find((x: { symbol: string }) => x.symbol === s);
    assert.deepEqual(asked.sort(), ['CIFR', 'WULF'], 'no quote for a market cap given');
    assert.deepEqual(m('WULF').marketCap, { value: 10 * B, reason: 'live quote (yahoo, 2026-06-29T20:00:00.000Z)' });
    close(m('WULF').shareOfMarketCap.value, 1.01);
    assert.deepEqual(m('CIFR').marketCap, { value: null, reason: 'no market cap: no live quote (connection refused)' });
    assert.equal(m('CIFR').priceImpact.value, null);
    assert.equal(m('HUT').marketCap.value, 2 * B);
    // HUT: 7B over 15 y at 10% = 466.7M × 7.6061 = 3.5495B ÷ 2B → floored at −100%; the low end (Google covering all) is 0.
    assert.equal(m('HUT').priceImpact.value, -1);
    assert.equal(m('HUT').priceImpact.valueLow, 0);
  });

  it('--catalog: an override file changes the figures (CB-5 given a $2.9B value: WULF at risk 10.1 + 2.9 − 1.4 = 11.6B)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hp-default-catalog-'));
    const file = path.join(dir, 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        deals: [{ id: 'wulf-fluidstack-cb5-2025', valueUSD: 2.9e9, sources: [{ title: 'Research note', url: 'https://example.com/cb5', date: '2026-06-01' }] }],
      }),
    );
    const io = fakeIo();
    assert.equal(await scenarioCommand(['--default', 'Fluidstack', '--catalog', file, '--json'], io.io, opts), 0);
    const wulf = JSON.parse(io.text()).miners.find((x: { symbol: string }) => x.symbol === 'WULF');
    close(wulf.atRiskUsd, 11.6 * B);
    assert.deepEqual(wulf.unknownValueDealIds, []);
    assert.deepEqual(io.err, []);
  });

  it('parseMarketCaps: suffixes, separators, repeats refused', () => {
    assert.deepEqual(parseMarketCaps(['WULF=4.2B,cifr=3100M', '$HUT=$2_500_000_000']), { WULF: 4.2e9, CIFR: 3.1e9, HUT: 2.5e9 });
    assert.throws(() => parseMarketCaps(['WULF=1B,WULF=2B']), /gives WULF twice/);
    assert.throws(() => parseMarketCaps(['WULF=0']), /positive amount/);
  });
});
