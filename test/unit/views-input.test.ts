import assert from 'node:assert/strict';
import { buildViewInput, catalogFacts, dashboardSymbols, roleOf, MAX_FACT_CHARS, type ViewSource } from '../../src/core/views/input';
import type { DailySeries } from '../../src/core/types';
import { pairSamplingNote } from '../../src/core/views/build/common';

function series(symbol: string, closes: number[]): DailySeries {
  const dates = closes.map((_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
  return { symbol, dates, close: closes, origin: { kind: 'snapshot', provider: 'snapshot', asOf: '2026-01-05' } } as unknown as DailySeries;
}

describe('view input (src/core/views/input)', () => {
  const held: Record<string, DailySeries> = {
    IREN: series('IREN', [10, 11, 12]),
    BTC: series('BTC', [90000, 91000, 92000]),
    NDX: series('NDX', [20000, 20100, 20200]),
  };
  const source: ViewSource = {
    peek: (s) => held[s],
    entry: (s) => (s in held || s === 'CORZ' ? { name: `${s} Inc.`, assetClass: s === 'BTC' ? 'crypto' : 'equity' } : undefined),
    report: () => undefined,
    catalogName: (s) => (s === 'IREN' ? 'IREN Limited' : undefined),
    deals: [{ id: 'd1', name: 'IREN–Microsoft', provider: 'IREN', counterparty: 'Microsoft', valueUSD: 9.7e9 }],
    backlogUSD: (s) => (s === 'IREN' ? 9.7e9 : null),
    pivotStatus: (s) => (s === 'IREN' ? 'contracted' : null),
    now: 1,
  };

  it('keeps the symbols with data, named from the catalog first, with their role', () => {
    const input = buildViewInput(source, ['IREN', 'CORZ', 'BTC', 'ZZZZ']);
    assert.deepEqual(
      input.symbols.map((s) => [s.symbol, s.name, s.role, s.assetClass]),
      [
        ['IREN', 'IREN Limited', 'miner', 'equity'],
        ['BTC', 'BTC Inc.', 'benchmark', 'crypto'],
      ],
    );
    assert.equal(input.btc, held.BTC);
    assert.equal(input.ndx, held.NDX);
    assert.equal(input.backlogUSD('IREN'), 9.7e9);
    assert.equal(input.pivotStatus('CORZ'), null);
    assert.equal(input.deals.length, 1);
  });

  it('the dashboard shows the miners, the watchlist and both benchmarks once each', () => {
    const syms = dashboardSymbols(['NVDA', 'IREN', 'NVDA']);
    assert.equal(new Set(syms).size, syms.length);
    for (const s of ['IREN', 'CORZ', 'NVDA', 'BTC', 'NDX']) assert.ok(syms.includes(s), s);
    assert.equal(roleOf('NVDA'), 'ai');
    assert.equal(roleOf('ZZZZ'), 'other');
  });

  it('catalog facts: the price origin, then the catalog and derived figures; long values cut', () => {
    const origin = { kind: 'cache' as const, provider: 'yahoo', asOf: '2026-05-29T21:00:00Z', note: 'split-adjusted' };
    assert.deepEqual(catalogFacts(origin, undefined, undefined), [{ label: 'Prices', value: 'cache — split-adjusted', asOf: '2026-05-29' }]);
    const facts = catalogFacts(
      origin,
      {
        pivotStatus: 'contracted',
        pivotStatusDetail: 'x'.repeat(1000),
        contractedHpcMW: 200,
        totalPowerCapacity: { value: 2.9, unit: 'GW', basis: 'secured power' },
        debtRaises: [
          { instrument: 'convertible notes', amountUSD: 1e9, date: '2025-12', sources: [{ title: 'PR', url: 'https://example.com/pr' }] },
          { instrument: 'undisclosed loan', amountUSD: null },
        ],
        asOf: '2026-02',
        confidence: 'high',
        sources: [{ title: 'Filing', url: 'https://example.com/f' }],
      },
      { backlogUSD: 9.7e9, backlogDealIds: ['d1'], pivotDebtUSD: 1e9 },
    );
    assert.deepEqual(
      facts.map((f) => f.label),
      [
        'Prices',
        'AI/HPC pivot',
        'Contracted HPC',
        'Total power capacity',
        'Contracted backlog (derived)',
        'Debt raised for the pivot (derived)',
        'Debt: convertible notes',
        'Catalog confidence',
      ],
    );
    assert.equal(facts[1]!.value.length, MAX_FACT_CHARS);
    assert.ok(facts[1]!.value.endsWith('…'));
    assert.equal(facts[4]!.value, '$9.7B from 1 deal(s)');
    assert.equal(facts[6]!.value, '$1000M, 2025-12');
    assert.deepEqual(facts[6]!.source, { title: 'PR', url: 'https://example.com/pr' });
  });
});

describe('panels say how BTC was priced for ρ/β (pairSamplingNote)', () => {
  it('names the table figures’ sampling and the rolling charts’ daily bars', () => {
    const r = (btcSampling: string | null) => ({ btcSampling }) as never;
    assert.match(
      pairSamplingNote([r('us-close'), r('us-close')]),
      /^ρ\/β to BTC in the table: BTC at the US close \(16:00 New York, from hourly bars\); rolling charts and heatmap: BTC at the UTC-day close/,
    );
    assert.match(pairSamplingNote([r('us-close'), r('utc-close')]), /US close where hourly bars cover the window, at the UTC-day close elsewhere/);
    assert.equal(pairSamplingNote([r(null)]), 'rolling charts and heatmap: BTC at the UTC-day close (daily bar)');
  });
});
