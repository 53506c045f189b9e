import assert from 'node:assert/strict';
import { findTickers, tickerAt } from '../../src/core/tickers';
import { riskBand } from '../../src/core/riskBand';
import { describeOrigin, formatAge, formatMagnitude, formatPercent, formatPrice } from '../../src/core/format';
import { escapeMarkdown, markdownTable } from '../../src/core/markdown';
import { formatSourceSpec, ndxLabel, normaliseSymbol, parseSourceSpec, proxyOf } from '../../src/core/universe';
import { riskSnapshotMarkdown } from '../../src/core/riskSnapshot';
import type { SymbolReport } from '../../src/core/report';

const KNOWN = new Set(['IREN', 'CORZ', 'BTC', 'WULF', 'NDX', 'AI', 'ON']);
const isKnown = (s: string) => KNOWN.has(normaliseSymbol(s));

describe('finding tickers in notes', () => {
  it('finds $-prefixed and bare known tickers', () => {
    const line = 'IREN signed with Microsoft; $CORZ and BTC too.';
    assert.deepEqual(
      findTickers(line, isKnown, true).map((t) => [t.symbol, t.start, t.end, t.dollar]),
      [
        ['IREN', 0, 4, false],
        ['CORZ', 28, 33, true],
        ['BTC', 38, 41, false],
      ],
    );
  });

  it('ignores unknown capitalised words and bare tickers when bare mode is off', () => {
    assert.deepEqual(findTickers('The CEO of NASA said HELLO', isKnown, true), []);
    assert.deepEqual(
      findTickers('IREN and $WULF', isKnown, false).map((t) => t.symbol),
      ['WULF'],
    );
  });

  it('never matches common words that happen to be tickers, unless written with $', () => {
    assert.deepEqual(findTickers('AI demand is ON', isKnown, true), []);
    assert.deepEqual(
      findTickers('$AI', isKnown, true).map((t) => t.symbol),
      ['AI'],
    );
  });

  it('does not match inside words, URLs or lower case', () => {
    assert.deepEqual(findTickers('https://x.com/IREN iren XIREN IRENX foo@IREN', isKnown, true), []);
  });

  it('resolves aliases such as BTC-USD', () => {
    assert.deepEqual(
      findTickers('BTC-USD fell', isKnown, true).map((t) => t.symbol),
      ['BTC-USD'],
    );
  });

  it('tickerAt picks the token under the cursor, including its $', () => {
    const line = 'See $IREN now';
    assert.equal(tickerAt(line, 4, isKnown, true)?.symbol, 'IREN');
    assert.equal(tickerAt(line, 8, isKnown, true)?.symbol, 'IREN');
    assert.equal(tickerAt(line, 1, isKnown, true), undefined);
  });
});

describe('risk band', () => {
  it('takes the worse of volatility and drawdown', () => {
    assert.equal(riskBand(0.3, -0.1), 'low');
    assert.equal(riskBand(0.3, -0.35), 'moderate');
    assert.equal(riskBand(1.0, -0.1), 'high');
    assert.equal(riskBand(1.3, -0.1), 'extreme');
    assert.equal(riskBand(0.3, -0.7), 'extreme');
    assert.equal(riskBand(NaN, -0.1), 'unknown');
  });
});

describe('formatting', () => {
  it('percent, price, age', () => {
    assert.equal(formatPercent(0.1234), '+12.3%');
    assert.equal(formatPercent(-0.05), '−5.0%');
    assert.equal(formatPercent(NaN), '–');
    assert.equal(formatPrice(91350.2), '91,350');
    assert.equal(formatPrice(41.123), '41.12');
    assert.equal(formatAge(3 * 3600_000), '3 h');
    assert.equal(formatAge(90_000), '2 min');
  });

  it('magnitudes without a plus sign, a loss with the real minus; changes signed', () => {
    assert.equal(formatMagnitude(1.18, 0), '118%');
    assert.equal(formatMagnitude(0.3), '30.0%');
    assert.equal(formatMagnitude(-0.051), '−5.1%');
    assert.equal(formatMagnitude(0), '0.0%');
    assert.equal(formatMagnitude(-0.00001), '0.0%', 'no "−0.0%"');
    assert.equal(formatMagnitude(NaN), '–');
    assert.equal(formatMagnitude(null), '–');
    assert.equal(formatPercent(1.18, 0), '+118%', 'a change keeps its sign');
  });

  it('names the proxies: QQQ as NASDAQ-100 proxy (by the series origin), the CD20 basket', () => {
    assert.equal(proxyOf('NDX', { providerSymbol: 'QQQ' }), 'QQQ as NASDAQ-100 proxy');
    assert.equal(proxyOf('^NDX', { providerSymbol: 'qqq' }), 'QQQ as NASDAQ-100 proxy');
    assert.equal(proxyOf('NDX', { providerSymbol: '^NDX' }), undefined);
    assert.equal(proxyOf('QQQ', { providerSymbol: 'QQQ' }), undefined, 'QQQ asked for by name is itself');
    assert.equal(proxyOf('NDX', undefined), undefined);
    assert.equal(proxyOf('CD20', undefined), 'CoinDesk 20 proxy basket');
    assert.equal(ndxLabel({ providerSymbol: 'QQQ' }), 'QQQ as NASDAQ-100 proxy');
    assert.equal(ndxLabel({ providerSymbol: '^NDX' }), 'NASDAQ-100');
  });

  it('describes each origin kind', () => {
    const now = Date.parse('2026-01-02T12:00:00Z');
    assert.equal(describeOrigin({ kind: 'snapshot', provider: 'snapshot', asOf: '2025-12-11' }, now), 'snapshot of 2025-12-11');
    assert.equal(
      describeOrigin({ kind: 'cache', provider: 'yahoo', providerSymbol: 'IREN', asOf: '2026-01-02T09:00:00Z' }, now),
      'cached 3 h ago (yahoo IREN)',
    );
    assert.match(describeOrigin({ kind: 'live', provider: 'ccxt:binance', providerSymbol: 'BTC/USDT', asOf: '2026-01-02T12:00:00Z' }, now), /^live/);
  });

  it('escapes Markdown from data sources', () => {
    assert.equal(escapeMarkdown('[x](command:evil) *b*'), '\\[x\\]\\(command:evil\\) \\*b\\*');
    assert.equal(escapeMarkdown('<img src=x> `code` 2026-05-29 a_b'), '\\<img src=x\\> \\`code\\` 2026-05-29 a\\_b');
    assert.equal(markdownTable(['a', 'b'], [['1|2', '3']]), '| a | b |\n| --- | --- |\n| 1\\|2 | 3 |');
  });
});

describe('source settings', () => {
  it('parses PROVIDER SYMBOL and rejects anything else', () => {
    assert.deepEqual(parseSourceSpec('binance BTC/USDT'), { provider: 'ccxt:binance', symbol: 'BTC/USDT' });
    assert.deepEqual(parseSourceSpec(' yahoo  ^NDX '), { provider: 'yahoo', symbol: '^NDX' });
    assert.equal(formatSourceSpec({ provider: 'ccxt:kraken', symbol: 'BTC/USD' }), 'kraken BTC/USD');
    assert.throws(() => parseSourceSpec('ftx BTC/USD'), /Invalid source "ftx BTC\/USD"/);
    assert.throws(() => parseSourceSpec('yahoo'), /Invalid source/);
  });
});

describe('risk snapshot table', () => {
  it('is dated, names its source and has one row per ticker', () => {
    const r: SymbolReport = {
      symbol: 'IREN',
      asOf: '2025-12-02',
      close: 41.12,
      change: { '1d': -0.15, '7d': -0.13, '30d': -0.32 },
      drawdown: { current: -0.46, max: -0.66 },
      volatility: { '30d': 1.27, '90d': 1.16 },
      correlation: { BTC: { '90d': 0.25 }, NDX: { '90d': 0.32 } },
      beta: { BTC: { '90d': 0.7 }, NDX: { '90d': 2.17 } },
      var95: -0.096,
      cvar95: -0.128,
      btcSampling: 'us-close',
      btcSamplingCoverage: {
        window: { from: '2025-09-03', to: '2025-12-02' },
        hourly: { from: '2024-06-01T00:00Z', to: '2026-06-20T09:00Z', source: 'snapshot BTC/USDT' },
        missingCloses: 0,
      },
      source: {
        kind: 'snapshot',
        asOf: '2026-05-29',
        benchmarks: { BTC: { kind: 'snapshot', providerSymbol: 'BTC' }, NDX: { kind: 'snapshot', providerSymbol: 'QQQ', proxy: 'QQQ as NASDAQ-100 proxy' } },
      },
    };
    const md = riskSnapshotMarkdown([{ report: r, origin: { kind: 'snapshot', provider: 'snapshot', asOf: '2026-05-29' } }], new Date('2026-11-26T10:00:00Z'));
    assert.match(md, /2026-11-26 10:00 UTC, from the embedded snapshot of real daily prices/);
    assert.match(md, /\| IREN \| 41\.12 \| 2025-12-02 \| −15\.0% \|/);
    // Magnitudes without a plus, a loss with the real minus; changes signed.
    assert.match(md, /\| −46\.0% \| 116% \| 0\.70 \|/);
    assert.match(md, /\| −9\.6% \| snapshot of 2026-05-29 \|/);
    assert.doesNotMatch(
      md.split('\n').find((l) => l.startsWith('| IREN'))!,
      /\+1/,
    );
    // Which sampling the pair figures used, and what stood for the NASDAQ-100.
    assert.match(
      md,
      /\*BTC pair figures: BTC at the US close \\\(16:00 New York, from hourly bars: snapshot BTC\/USDT\\\), sessions 2025-09-03 to 2025-12-02\.\*/,
    );
    assert.match(md, /ρ NDX, β NDX: QQQ as NASDAQ-100 proxy/);
    assert.match(md, /snapshot of 2026-05-29/);
    assert.equal(md.split('\n').filter((l) => l.startsWith('| IREN')).length, 1);
  });
});
