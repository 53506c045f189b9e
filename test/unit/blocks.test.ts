import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { backlogStatus, Catalog, derivedFigures, loadCatalog, type CatalogDeal, type CatalogMiner } from '../../src/catalog';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_TAGS,
  BLOCK_GRAMMAR,
  BLOCK_KINDS,
  BLOCK_OPTIONS,
  BlockCache,
  blockCompletions,
  blockHover,
  escapeHtml,
  MAX_BLOCK_CHARS,
  parseBlock,
  renderBlock,
  renderError,
  renderSource,
  safeUrl,
  type Block,
  type BlockContext,
  type BlockError,
  type RenderedBlock,
} from '../../src/core/blocks';
import { addDays, dayNumber, indexAtOrBefore, pricesToReturns, valuesAsOf } from '../../src/core/calendar';
import { computeReport, type ReportSeries } from '../../src/core/report';
import { annualizedVolatility, beta as betaOf, correlation } from '../../src/core/risk';
import { equalWeights, runReplay, runShock, SCENARIOS } from '../../src/core/scenario';
import { portfolioRisk, portfolioSnapshotMarkdown, valueAtCloses, type Holdings } from '../../src/core/portfolio';
import { dataLabel } from '../../src/core/views/build/common';
import { MINERS } from '../../src/core/universe';
import type { DailySeries } from '../../src/core/types';
import { formatMagnitude, formatPercent, formatPrice, formatUsd } from '../../src/shared/format';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { MarketStore } from '../../src/data/store';

const NOW = new Date('2026-12-01T10:00:00Z');
const HOLDINGS: Holdings = {
  positions: [
    { symbol: 'IREN', quantity: 150, costBasis: 14.2 },
    { symbol: 'CORZ', quantity: 200, costBasis: 11.75 },
    { symbol: 'WULF', quantity: -100, costBasis: 11.5 },
    { symbol: 'BTC', quantity: 0.05, costBasis: 62000 },
  ],
  cash: 2500,
};

let shipped: Catalog | undefined;
function catalog(): Catalog {
  const file = path.join(process.cwd(), 'media/catalog/catalog.json');
  return (shipped ??= loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog);
}

let storePromise: Promise<MarketStore> | undefined;
/** The market store as the extension builds it, on the embedded snapshot, with every symbol a block here reads loaded into memory. */
function snapshotStore(): Promise<MarketStore> {
  return (storePromise ??= (async () => {
    const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
    const store = new MarketStore({ mode: 'snapshot', provider: () => undefined, snapshot: () => snap });
    for (const s of [...MINERS.map((m) => m.symbol), 'BTC', 'NDX', 'NVDA', 'AMZN', 'GOOGL', 'MSFT', 'CRWV', 'ETH']) await store.history(s);
    await store.hourly('BTC');
    return store;
  })());
}

/** The context a host builds: the store's memory, the catalog and its derived figures, the holdings. */
function contextOf(store: MarketStore, c: Catalog, o: { holdings?: Holdings | null; version?: number } = {}): BlockContext {
  return {
    dataVersion: o.version ?? 1,
    isKnown: (s) => store.isKnown(s),
    series: (s) => store.peek(s),
    entry: (s) => {
      const e = store.entry(s);
      return e && { name: c.miner(s)?.name ?? e.name, assetClass: e.assetClass };
    },
    btcReportSeries: () => btcReportSeries(store),
    catalog: c,
    catalogFigures: (t) => derivedFigures(c, t),
    backlogStatus,
    holdings: () => (o.holdings === null ? { reason: 'no holdings yet (Hashpivot: Add Position…)' } : { holdings: o.holdings ?? HOLDINGS }),
  };
}

function btcReportSeries(store: MarketStore): ReportSeries | undefined {
  const b = store.peek('BTC');
  const hourly = store.peekHourly('BTC');
  return b && { assetClass: 'crypto', series: b, ...(hourly ? { hourly } : {}) };
}

let ctxPromise: Promise<BlockContext> | undefined;
const ctx = () => (ctxPromise ??= snapshotStore().then((s) => contextOf(s, catalog())));

function parsed(source: string): Block {
  const r = parseBlock(source);
  if (!r.ok) assert.fail(`expected ${JSON.stringify(source)} to parse: ${r.error.message}`);
  return r.block;
}

function parseError(source: string): BlockError {
  const r = parseBlock(source);
  if (r.ok) assert.fail(`expected ${JSON.stringify(source)} not to parse, got ${JSON.stringify(r.block)}`);
  return r.error;
}

function ok(r: RenderedBlock): RenderedBlock {
  assert.ok(r.ok, `expected the block to render, got ${r.error?.code}: ${r.error?.message}`);
  return r;
}

/** Every tag of a fragment: an allowed tag with allowed attributes only, values quoted, no handler, href http(s) only. */
function auditHtml(html: string): void {
  const tags = /<\/?([a-zA-Z][\w-]*)((?:\s+[\w-]+="[^"]*")*)\s*>/g;
  let rest = html;
  for (const m of html.matchAll(tags)) {
    const [whole, tag, attrs] = m;
    assert.ok((ALLOWED_TAGS as readonly string[]).includes(tag!.toLowerCase()), `tag <${tag}> is not allowed: ${whole}`);
    for (const a of attrs!.matchAll(/([\w-]+)="([^"]*)"/g)) {
      assert.ok((ALLOWED_ATTRIBUTES as readonly string[]).includes(a[1]!), `attribute ${a[1]} is not allowed: ${whole}`);
      assert.ok(!/^on/i.test(a[1]!), `event handler: ${whole}`);
      if (a[1] === 'href') assert.match(a[2]!, /^https?:\/\//, whole);
    }
    rest = rest.replace(whole, '');
  }
  assert.ok(!/[<>]/.test(rest), `a < or > outside a tag (unescaped text): ${rest.slice(0, 200)}`);
  assert.ok(!/<script/i.test(html), 'no <script');
}

/** The attribute's value as a browser reads it (the entities escapeHtml writes, decoded). */
function unescapeAttr(v: string): string {
  return v.replace(/&(quot|#39|#96|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', '#39': "'", '#96': '`', lt: '<', gt: '>', amp: '&' })[e]!);
}

// ------------------------------------------------------------------------------------- escaping

describe('blocks: escapeHtml and the HTML builder', () => {
  it('escapes markup, quotes, ampersands and backticks', () => {
    assert.equal(escapeHtml('<script>alert("x")</script>'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    assert.equal(escapeHtml(`a & b ' \` "`), 'a &amp; b &#39; &#96; &quot;');
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
    assert.equal(escapeHtml('"><img src=x onerror=alert(1)>'), '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(escapeHtml('nul\u0000'), 'nul\ufffd');
    assert.equal(escapeHtml('IREN $9.7B'), 'IREN $9.7B');
  });

  it('lets only http(s) URLs through', () => {
    assert.equal(safeUrl('https://www.sec.gov/a?b=1&c=2'), 'https://www.sec.gov/a?b=1&c=2');
    assert.equal(safeUrl('http://example.com'), 'http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      '/relative',
      '//evil.com',
      'https://',
      'ftp://x.org',
      42,
      undefined,
    ])
      assert.equal(safeUrl(bad), undefined, String(bad));
    assert.equal(safeUrl(`https://a.com/${'x'.repeat(3000)}`), undefined);
  });
});

// --------------------------------------------------------------------------------------- parser

describe('blocks: parseBlock, valid blocks', () => {
  it('chart: symbols normalised, defaults, options in any case', () => {
    const b = parsed('chart $iren btc');
    assert.equal(b.kind, 'chart');
    if (b.kind !== 'chart') return;
    assert.deepEqual(b.symbols, ['IREN', 'BTC']);
    assert.equal(b.range, '1Y');
    assert.equal(b.metric, 'price');
    assert.equal(b.asOf, undefined);
    assert.deepEqual(b.symbolSpans[1], { line: 1, column: 13, offset: 12, length: 3 });
    const c = parsed('CHART ^NDX IREN Range=all METRIC=Drawdown as-of=2025-06-30');
    assert.ok(c.kind === 'chart');
    if (c.kind !== 'chart') return;
    assert.deepEqual(c.symbols, ['NDX', 'IREN']);
    assert.equal(c.range, 'ALL');
    assert.equal(c.metric, 'drawdown');
    assert.equal(c.asOf, '2025-06-30');
    for (const m of ['price', 'drawdown', 'volatility', 'correlation', 'beta'])
      for (const r of ['1M', '3M', '6M', '1Y', '3Y', 'ALL']) {
        const x = parsed(`chart IREN range=${r} metric=${m}`);
        assert.ok(x.kind === 'chart' && x.range === r && x.metric === m);
      }
  });

  it('comments, blank lines, commas, CRLF and a comment after the directive', () => {
    const b = parsed('# my chart\r\n\r\n   chart IREN, CORZ,WULF   # the pivot names\r\n# end\n');
    assert.ok(b.kind === 'chart');
    if (b.kind !== 'chart') return;
    assert.deepEqual(b.symbols, ['IREN', 'CORZ', 'WULF']);
    assert.equal(b.directive, 'chart IREN, CORZ,WULF');
    assert.deepEqual(b.span, { line: 3, column: 4, offset: 17, length: 21 });
    assert.deepEqual(b.symbolSpans[0], { line: 3, column: 10, offset: 23, length: 4 });
  });

  it('report, deals, miners, portfolio', () => {
    const r = parsed('report IREN CORZ WULF as-of=2025-12-02');
    assert.ok(r.kind === 'report');
    if (r.kind === 'report') assert.deepEqual([r.symbols, r.asOf], [['IREN', 'CORZ', 'WULF'], '2025-12-02']);
    const d = parsed('deals $crwv');
    assert.ok(d.kind === 'deals');
    if (d.kind === 'deals') assert.deepEqual(d.symbols, ['CRWV']);
    const m = parsed('miners');
    assert.ok(m.kind === 'miners');
    if (m.kind === 'miners') assert.deepEqual(m.symbols, []);
    const m2 = parsed('miners IREN WULF as-of=2025-01-01');
    assert.ok(m2.kind === 'miners');
    if (m2.kind === 'miners') assert.deepEqual(m2.symbols, ['IREN', 'WULF']);
    const p = parsed('portfolio as-of=2026-01-02');
    assert.deepEqual([p.kind, p.asOf], ['portfolio', '2026-01-02']);
    const eight = parsed('report A1 B2 C3 D4 E5 F6 G7 H8');
    assert.ok(eight.kind === 'report' && eight.symbols.length === 8);
  });

  it('scenario: a name (any case) or a custom shock', () => {
    const n = parsed('scenario Crypto-Winter-2022 as-of=2023-01-01');
    assert.ok(n.kind === 'scenario');
    if (n.kind !== 'scenario') return;
    assert.deepEqual(n.scenario, { name: 'crypto-winter-2022' });
    assert.equal(n.asOf, '2023-01-01');
    const s = parsed('scenario shock BTC=-30% ndx=-0.2, ai=-35% as-of=2026-05-01');
    assert.ok(s.kind === 'scenario');
    if (s.kind !== 'scenario') return;
    assert.deepEqual(s.scenario, { shocks: { BTC: -0.3, NDX: -0.2, AI: -0.35 } });
    assert.equal(s.asOf, '2026-05-01');
    const c = parsed('scenario shock BTC=-30%,IREN=+10%');
    assert.ok(c.kind === 'scenario' && 'shocks' in c.scenario && c.scenario.shocks.IREN === 0.1);
  });
});

describe('blocks: parseBlock, errors name the problem, the token and where', () => {
  const cases: Array<[source: string, message: RegExp, line: number, column: number, token?: string]> = [
    ['', /empty/, 1, 1],
    ['# only a comment\n\n', /empty/, 1, 1],
    ['chrt IREN', /unknown block kind "chrt" \(did you mean "chart"\?\)/, 1, 1, 'chrt'],
    ['range=1Y chart IREN', /starts with its kind/, 1, 1, 'range=1Y'],
    ['chart IREN\nreport IREN', /one directive/, 2, 1, 'report'],
    ['chart IREN rang=1Y', /unknown option "rang" \(did you mean "range"\?\)/, 1, 12, 'rang=1Y'],
    ['chart IREN =1Y', /needs a name/, 1, 12, '=1Y'],
    ['chart IREN range=2Y', /"2Y" is not a range \(did you mean "1Y"\?\); range= takes 1M, 3M, 6M, 1Y, 3Y, ALL/, 1, 12, 'range=2Y'],
    ['chart IREN range=', /range= needs a value/, 1, 12, 'range='],
    ['chart IREN metric=vol', /"vol" is not a metric/, 1, 12, 'metric=vol'],
    ['chart IREN range=1Y range=3Y', /range= is given twice \(first at column 12 of line 1\)/, 1, 21, 'range=3Y'],
    ['chart IREN as-of=2025-13-01', /not a calendar date/, 1, 12, 'as-of=2025-13-01'],
    ['chart IREN as-of=2025-02-29', /not a calendar date/, 1, 12],
    ['chart IREN as-of=yesterday', /not a date: write as-of=YYYY-MM-DD/, 1, 12],
    ['report IREN range=1Y', /range= is not an option of report; report takes as-of=/, 1, 13, 'range=1Y'],
    ['chart', /chart needs at least one symbol/, 1, 1, 'chart'],
    ['chart IREN $IREN', /IREN is given twice \(first at column 7\)/, 1, 12, '$IREN'],
    ['chart A1 B2 C3 D4 E5 F6 G7 H8 I9', /at most 8 symbols; "I9" is the 9th/, 1, 31, 'I9'],
    ['chart IREN;', /"IREN;" is not a symbol/, 1, 7, 'IREN;'],
    ['chart "><img', /is not a symbol/, 1, 7, '"><img'],
    ['deals', /deals needs a symbol/, 1, 1],
    ['deals IREN WULF', /deals takes one symbol; "WULF" is one too many/, 1, 12, 'WULF'],
    ['portfolio IREN', /portfolio takes no arguments/, 1, 11, 'IREN'],
    ['scenario', /scenario needs a scenario name/, 1, 1],
    ['scenario btc-crash ftx-2022', /scenario takes one name/, 1, 20, 'ftx-2022'],
    ['scenario BTC_crash!', /not a scenario name/, 1, 10],
    ['scenario btc-crash metric=price', /metric= is not an option of scenario/, 1, 20],
    ['scenario shock', /shock needs at least one FACTOR=MOVE/, 1, 10, 'shock'],
    ['scenario shock BTC', /a shock is FACTOR=MOVE pairs/, 1, 16, 'BTC'],
    ['scenario shock BTC=lots', /shock of BTC: "lots" is not a number/, 1, 16, 'BTC=lots'],
    ['scenario shock BTC=-120%', /below -100%/, 1, 16],
    ['scenario shock BTC=-30% btc=-10%', /BTC is shocked twice/, 1, 25],
    ['scenario shock range=1Y', /range= is not an option of scenario/, 1, 16],
  ];
  for (const [source, message, line, column, token] of cases)
    it(JSON.stringify(source), () => {
      const e = parseError(source);
      assert.match(e.message, message);
      assert.equal(e.line, line, `line of ${e.message}`);
      assert.equal(e.column, column, `column of ${e.message}`);
      if (token !== undefined) assert.equal(e.token, token);
      if (e.token !== undefined) assert.equal(source.slice(e.offset, e.offset + e.length), e.token);
    });

  it('an over-long block is refused before it is read', () => {
    const e = parseError(`chart IREN\n${'#'.repeat(MAX_BLOCK_CHARS)}`);
    assert.match(e.message, /more than 2,000/);
    assert.equal(e.offset, MAX_BLOCK_CHARS);
    assert.equal(e.line, 2);
  });

  it('never throws, whatever the text', () => {
    for (const s of [
      '\u0000',
      '=',
      '# \n =',
      'chart ' + '$'.repeat(50),
      'scenario shock =',
      'scenario shock a=b=c',
      'chart IREN as-of=0000-00-00',
      'report \u202eIREN',
    ])
      assert.equal(typeof parseBlock(s).ok, 'boolean', s);
  });
});

describe('blocks: the grammar as data', () => {
  it('every kind has a synopsis, a doc, an example that parses, and options that exist', () => {
    for (const k of BLOCK_KINDS) {
      const spec = BLOCK_GRAMMAR[k];
      assert.equal(spec.kind, k);
      assert.ok(spec.synopsis.startsWith(k) && spec.doc.length > 10);
      assert.equal(parsed(spec.example).kind, k);
      for (const o of spec.options) assert.ok(BLOCK_OPTIONS[o], o);
    }
    for (const o of Object.values(BLOCK_OPTIONS)) {
      assert.ok(o.doc && o.default);
      for (const v of o.values ?? []) assert.ok(v.doc, `${o.name}=${v.value}`);
    }
  });
});

// ------------------------------------------------------------------------------------ rendering

describe('blocks: rendering from the snapshot and the shipped catalog', function () {
  this.timeout(60000);

  it('report: the same figures as computeReport on the same data (IREN close, 90d volatility, β BTC)', async () => {
    const c = await ctx();
    const store = await snapshotStore();
    const r = ok(renderSource('report IREN CORZ', c, NOW));
    const asOf = [store.peek('IREN')!, store.peek('CORZ')!].map((s) => s.dates.at(-1)!).sort()[0]!;
    const direct = computeReport({
      symbol: 'IREN',
      subject: { assetClass: 'equity', series: store.peek('IREN')! },
      btc: btcReportSeries(store),
      ndx: { assetClass: 'index', series: store.peek('NDX')! },
      asOf,
    });
    assert.equal(r.asOf, asOf);
    auditHtml(r.html);
    assert.ok(r.html.includes(`<td class="num">${formatPrice(direct.close)}</td>`), formatPrice(direct.close));
    assert.ok(r.html.includes(`<td class="num">${formatMagnitude(direct.volatility['90d'])}</td>`));
    assert.ok(r.html.includes(`<td class="num">${direct.beta.BTC['90d'].toFixed(2)}</td>`));
    assert.ok(r.html.includes('QQQ as NASDAQ-100 proxy'));
    assert.match(r.markdown!, new RegExp(`^\\*Hashpivot Report: IREN, CORZ, as of ${asOf} \\(snapshot of ${asOf}\\), frozen 2026-12-01\\*\\n`));
    assert.ok(r.markdown!.includes(`| Close | ${formatPrice(direct.close)} |`));
    assert.ok(r.markdown!.includes(`| Volatility 90d | ${formatMagnitude(direct.volatility['90d'])} |`));
  });

  it('report with as-of: the closes of that date', async () => {
    const c = await ctx();
    const store = await snapshotStore();
    const r = ok(renderSource('report IREN as-of=2025-12-02', c, NOW));
    assert.equal(r.asOf, '2025-12-02');
    const iren = store.peek('IREN')!;
    assert.ok(r.html.includes(formatPrice(iren.close[indexAtOrBefore(iren.dates, '2025-12-02')]!)));
    const direct = computeReport({
      symbol: 'IREN',
      subject: { assetClass: 'equity', series: iren },
      btc: btcReportSeries(store),
      ndx: { assetClass: 'index', series: store.peek('NDX')! },
      asOf: '2025-12-02',
    });
    assert.ok(r.html.includes(`>${formatPercent(direct.change['30d'])}<`));
  });

  it('chart of several symbols: rebased to 100, the last point 100 × last / first close of the range', async () => {
    const c = await ctx();
    const store = await snapshotStore();
    const r = ok(renderSource('chart IREN BTC range=1Y', c, NOW));
    const spec = r.chart!;
    assert.equal(spec.metric, 'price');
    assert.equal(spec.yFormat, 'index');
    assert.equal(spec.asOf, '2026-05-29');
    assert.equal(spec.from, addDays('2026-05-29', -365));
    for (const line of spec.series) {
      const s = store.peek(line.id)!;
      const first = s.close[s.dates.findIndex((d) => d >= spec.from)]!;
      const last = s.close[indexAtOrBefore(s.dates, spec.asOf)]!;
      assert.equal(line.points[0]![1], 100);
      assert.ok(Math.abs(line.points.at(-1)![1] - (100 * last) / first) < 1e-5, `${line.id}: ${line.points.at(-1)![1]} vs ${(100 * last) / first}`);
      assert.equal(line.points.at(-1)![0], dayNumber(spec.asOf));
      assert.ok(line.points.length <= 600);
    }
    assert.deepEqual(
      spec.series.map((l) => l.id),
      ['IREN', 'BTC'],
    );
    assert.match(r.title, /rebased to 100 on 2025-05-29/);
    // The spec is JSON (no NaN), small, and the same in the canvas's data-chart as in `chart`.
    const json = JSON.stringify(spec);
    assert.deepEqual(JSON.parse(json), spec);
    assert.ok(json.length < 100_000, `${json.length} characters`);
    const attr = /<canvas [^>]*data-chart="([^"]*)"/.exec(r.html);
    assert.ok(attr);
    assert.deepEqual(JSON.parse(unescapeAttr(attr[1]!)), spec);
    auditHtml(r.html);
    assert.match(r.html, /<table class="hashpivot-table hashpivot-chart-summary">/);
    assert.match(r.markdown!, /\| Series \| First \| Last \| Min \| Max \|/);
    assert.match(r.markdown!, /\| IREN \| 100\.0 \\\(2025-05-29\\\) \|/);
  });

  it('chart of eight symbols over ALL stays under the point budget', async () => {
    const r = ok(renderSource('chart IREN BTC CORZ WULF MARA RIOT CLSK HUT range=ALL', await ctx(), NOW));
    const points = r.chart!.series.reduce((n, l) => n + l.points.length, 0);
    assert.ok(points <= 2400, `${points} points`);
    assert.ok(JSON.stringify(r.chart).length < 100_000);
  });

  it('chart of one symbol: its closes, as of a date', async () => {
    const store = await snapshotStore();
    const r = ok(renderSource('chart IREN range=3M as-of=2025-06-30', await ctx(), NOW));
    const spec = r.chart!;
    assert.equal(spec.yFormat, 'number');
    assert.equal(spec.asOf, '2025-06-30');
    assert.ok(spec.x.max <= dayNumber('2025-06-30'));
    const s = store.peek('IREN')!;
    assert.equal(spec.series[0]!.points.at(-1)![1], s.close[indexAtOrBefore(s.dates, '2025-06-30')]);
    assert.equal(r.asOf, '2025-06-30');
    assert.match(r.markdown!, /as of 2025-06-30/);
  });

  it('chart metrics: drawdown, 30-day volatility, 90-day correlation and beta to BTC, checked by hand', async () => {
    const store = await snapshotStore();
    const c = await ctx();
    const iren = store.peek('IREN')!;
    const btc = store.peek('BTC')!;
    const end = indexAtOrBefore(iren.dates, '2026-05-29');

    const dd = ok(renderSource('chart IREN metric=drawdown range=1Y', c, NOW)).chart!;
    const from = iren.dates.findIndex((d) => d >= dd.from);
    const window = iren.close.slice(from, end + 1);
    const peak = Math.max(...window);
    assert.ok(Math.abs(dd.series[0]!.points.at(-1)![1] - (window.at(-1)! / peak - 1)) < 1e-7);
    assert.equal(dd.yFormat, 'percent');

    const vol = ok(renderSource('chart IREN metric=volatility', c, NOW));
    assert.match(vol.title, /30-day rolling volatility, annualized/);
    const byHand = annualizedVolatility(pricesToReturns(iren.close.slice(end - 30, end + 1)), { periodsPerYear: 252 });
    assert.ok(Math.abs(vol.chart!.series[0]!.points.at(-1)![1] - byHand) < 1e-6, `${vol.chart!.series[0]!.points.at(-1)![1]} vs ${byHand}`);

    const sessions = iren.dates.slice(end - 90, end + 1);
    const rIren = pricesToReturns(iren.close.slice(end - 90, end + 1));
    const rBtc = pricesToReturns(valuesAsOf(sessions, btc.dates, btc.close));
    const corr = ok(renderSource('chart BTC IREN metric=correlation', c, NOW));
    assert.match(corr.title, /90-day rolling correlation to BTC: IREN/);
    assert.deepEqual(
      corr.chart!.series.map((l) => l.id),
      ['IREN'],
    );
    assert.ok(corr.html.includes('BTC is left out'));
    assert.ok(Math.abs(corr.chart!.series[0]!.points.at(-1)![1] - correlation(rIren, rBtc)) < 1e-6);
    const beta = ok(renderSource('chart IREN metric=beta', c, NOW));
    assert.ok(Math.abs(beta.chart!.series[0]!.points.at(-1)![1] - betaOf(rIren, rBtc)) < 1e-6);
  });

  it('deals of a company and of a counterparty, links to http(s) sources', async () => {
    const cat = catalog();
    const r = ok(renderSource('deals IREN', await ctx(), NOW));
    auditHtml(r.html);
    for (const d of cat.dealsOf('IREN')) assert.ok(r.html.includes(escapeHtml(d.name.slice(0, 40))), d.name);
    assert.ok(r.html.includes(`<td class="num">${formatUsd(9.7e9)}</td>`));
    assert.match(r.html, /<a title="https:\/\/[^"]+" href="https:\/\/[^"]+" rel="noopener noreferrer">/);
    assert.match(r.markdown!, /\[[^\]]+\]\(https:\/\/[^)\s]+\)/);
    assert.equal(r.asOf, cat.asOf);
    const cw = ok(renderSource('deals CRWV', await ctx(), NOW));
    assert.match(cw.title, /AI\/HPC deals with CoreWeave \(CRWV\)/);
    for (const id of ['corz-coreweave-colocation', 'apld-coreweave-polaris-forge-1'])
      assert.ok(cw.html.includes(escapeHtml(cat.deal(id)!.name.slice(0, 30))), id);
    const before = ok(renderSource('deals WULF as-of=2025-08-15', await ctx(), NOW));
    assert.match(before.html, /deal\(s\) announced after 2025-08-15 left out/);
    assert.equal((before.html.match(/<tr>/g) ?? []).length, 2); // header + the 2025-08-14 deal
  });

  it('miners: the catalog table with its derived figures', async () => {
    const cat = catalog();
    const r = ok(renderSource('miners', await ctx(), NOW));
    auditHtml(r.html);
    assert.equal((r.html.match(/<tr>/g) ?? []).length, cat.miners.length + 1);
    assert.ok(r.html.includes(formatUsd(derivedFigures(cat, 'IREN').backlogUSD!)));
    const two = ok(renderSource('miners IREN WULF as-of=2025-01-01', await ctx(), NOW));
    assert.equal((two.html.match(/<tr>/g) ?? []).length, 3);
    assert.ok(two.html.includes('The catalog keeps no history'));
  });

  it('scenario: a named shock, the same shock written out, and a replay, as the engine computes them', async () => {
    const store = await snapshotStore();
    const c = await ctx();
    const symbols = MINERS.map((m) => m.symbol).filter((s) => store.peek(s));
    const prices: Record<string, DailySeries> = {};
    for (const s of [...symbols, 'BTC', 'NDX']) prices[s] = store.peek(s)!;
    const shock = runShock({ shocks: { BTC: -0.3 }, symbols, prices, weights: equalWeights(symbols) });
    const named = ok(renderSource('scenario btc-crash', c, NOW));
    auditHtml(named.html);
    assert.ok(named.html.includes(`<td class="num">${formatPercent(shock.portfolio!.explained, 1)}</td>`));
    const iren = shock.symbols.find((s) => s.symbol === 'IREN')!;
    assert.ok(named.markdown!.includes(`| IREN | ${iren.contributions[0]!.beta.toFixed(2)} |`));
    const custom = ok(renderSource('scenario shock BTC=-30%', c, NOW));
    assert.ok(custom.html.includes(`<td class="num">${formatPercent(shock.portfolio!.explained, 1)}</td>`));
    assert.match(custom.title, /Custom shock: BTC −30%/);

    const def = SCENARIOS.find((s) => s.id === 'crypto-winter-2022')!;
    assert.ok(def.kind === 'replay');
    const replay = runReplay({ scenario: def, symbols, prices, weights: equalWeights(symbols) });
    const rr = ok(renderSource('scenario crypto-winter-2022', c, NOW));
    const mara = replay.symbols.find((s) => s.symbol === 'MARA')!;
    assert.ok(rr.markdown!.includes(`| MARA | ${formatPercent(mara.actual, 1)} |`));
    assert.equal(rr.asOf, '2022-11-21');
    assert.match(rr.html, /covers 50% of the weight/);
  });

  it('portfolio: valued and its risk computed as the Portfolio view does; the frozen form is the snapshot Markdown', async () => {
    const store = await snapshotStore();
    const r = ok(renderSource('portfolio', await ctx(), NOW));
    auditHtml(r.html);
    const prices: Record<string, DailySeries> = {};
    for (const s of ['IREN', 'CORZ', 'WULF', 'BTC', 'NDX']) prices[s] = store.peek(s)!;
    const asOf = ['IREN', 'CORZ', 'WULF', 'BTC'].map((s) => prices[s]!.dates.at(-1)!).sort()[0]!;
    const v = valueAtCloses(HOLDINGS, prices, asOf);
    const risk = portfolioRisk(v, prices, asOf);
    assert.equal(r.asOf, asOf);
    assert.ok(r.html.includes(`Value $${v.totals.value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`));
    assert.equal(r.markdown, portfolioSnapshotMarkdown(v, risk, asOf, dataLabel(Object.values(prices), NOW.getTime()).text, NOW));
    const past = ok(renderSource('portfolio as-of=2025-06-02', await ctx(), NOW));
    assert.equal(past.asOf, '2025-06-02');
    assert.ok(past.html.includes(formatPrice(prices.IREN!.close[indexAtOrBefore(prices.IREN!.dates, '2025-06-02')]!)));
  });

  it('what cannot be shown is an error fragment naming the problem, never an exception', async () => {
    const store = await snapshotStore();
    const c = await ctx();
    const cases: Array<[string, string, RegExp, BlockContext?]> = [
      ['report ZZZZ', 'unknown-symbol', /unknown symbol ZZZZ/],
      ['chart IREN COIN', 'no-data', /no price data for COIN in memory yet/],
      ['report IREN as-of=2019-01-01', 'no-data', /2019-01-01 is before its data starts \(2021-11-17\)/],
      ['chart IREN as-of=2030-01-01', 'no-data', /its data ends 2026-05-29, more than 7 days before/],
      ['scenario nope', 'unknown-scenario', /unknown scenario "nope" \(known: crypto-winter-2022/],
      ['scenario shock ZZZZ=-10%', 'unknown-factor', /unknown factor ZZZZ/],
      ['scenario crypto-winter-2022 as-of=2022-01-01', 'no-data', /window ends 2022-11-21, after as-of 2022-01-01/],
      ['deals ZZZZ', 'unknown-company', /neither a company of the catalog nor a counterparty/],
      ['miners IREN NVDA', 'unknown-company', /NVDA is not a miner of the catalog/],
      ['portfolio', 'no-holdings', /no holdings to show: no holdings yet/, contextOf(store, catalog(), { holdings: null })],
      ['portfolio', 'no-holdings', /no positions/, contextOf(store, catalog(), { holdings: { positions: [], cash: 10 } })],
    ];
    for (const [source, code, message, context] of cases) {
      const r = renderSource(source, context ?? c, NOW);
      assert.equal(r.ok, false, source);
      assert.equal(r.error?.code, code, `${source}: ${r.error?.message}`);
      assert.match(r.error!.message, message, source);
      assert.equal(r.markdown, null);
      assert.match(r.html, /^<div class="hashpivot-block hashpivot-error" role="alert" data-kind="error">/);
      auditHtml(r.html);
    }
    const unknown = renderSource('chart IREN $ZZZZ', c, NOW);
    assert.deepEqual(unknown.error?.span, { line: 1, column: 12, offset: 11, length: 5 });

    const broken: BlockContext = {
      ...c,
      series: () => {
        throw new Error('store <gone>');
      },
    };
    for (const k of BLOCK_KINDS) {
      const r = renderBlock(parsed(BLOCK_GRAMMAR[k].example), broken, NOW);
      if (k === 'deals' || k === 'miners') continue; // no market data read
      assert.equal(r.ok, false, k);
      assert.equal(r.error?.code, 'failed');
      assert.ok(r.html.includes('store &lt;gone&gt;'));
    }
  });

  it('a parse error renders as an error fragment with its position', () => {
    const r = renderSource('chart IREN range=2Y', {} as BlockContext, NOW);
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'parse');
    assert.match(r.error!.message, /^line 1, column 12: "2Y" is not a range/);
    assert.deepEqual(r.error?.span, { line: 1, column: 12, offset: 11, length: 8 });
    const direct = renderError(parseError('chart IREN range=2Y'));
    assert.equal(direct.html, r.html);
  });
});

describe('blocks: hostile input is escaped everywhere', function () {
  this.timeout(60000);
  const HOSTILE = '"><img src=x onerror=alert(1)>';

  it('in the note: symbols and tokens in error messages', async () => {
    const c = await ctx();
    for (const source of [
      `chart ${HOSTILE}`,
      'chart "><img/src=x/onerror=alert(1)>',
      '<script>alert(1)</script>',
      'report `x` & "y"',
      `scenario shock BTC=<script>`,
      `deals IREN as-of=${HOSTILE}`,
      `chart IREN\n${HOSTILE}`,
    ]) {
      const r = renderSource(source, c, NOW);
      assert.equal(r.ok, false, source);
      auditHtml(r.html);
      assert.ok(!r.html.includes('<img'), source);
    }
  });

  it('from the catalog and the market store: names, counterparties, sources', async () => {
    const store = await snapshotStore();
    const evilDeal: CatalogDeal = {
      id: 'evil',
      name: '<script>alert("deal")</script>',
      kind: 'lease',
      provider: 'IREN',
      counterparty: HOSTILE,
      counterpartyBacker: 'Microsoft `backtick` & co',
      valueUSD: 1e9,
      announced: '2025-01-02',
      status: '" onmouseover="alert(1)',
      stage: 'contracted',
      confidence: 'high',
      sources: [
        { title: '<b>bold</b>', url: 'javascript:alert(1)' },
        { title: 'ok', url: 'https://example.com/a"onmouseover="alert(1)' },
      ],
    };
    const evilMiner: CatalogMiner = {
      ticker: 'IREN',
      name: `IREN ${HOSTILE}`,
      exchanges: [],
      pivotStatus: 'contracted',
      dealIds: ['evil'],
      confidence: 'high',
      sources: [],
      asOf: '<i>2025</i>',
    };
    const cat = new Catalog([evilMiner], [evilDeal], { asOf: '2026-01-01' });
    const base = contextOf(store, cat);
    const c: BlockContext = { ...base, entry: (s) => (s === 'IREN' ? { name: `<script>x</script>${HOSTILE}`, assetClass: 'equity' } : base.entry(s)) };
    for (const source of ['deals IREN', 'deals MSFT', 'miners', 'report IREN', 'chart IREN BTC']) {
      const r = ok(renderSource(source, c, NOW));
      auditHtml(r.html);
      assert.ok(!r.html.includes('<img') && !r.html.includes('<b>') && !r.html.includes('<i>'), source);
      assert.ok(!/onmouseover="/.test(r.html), source);
      assert.ok(!r.html.includes('javascript:'), source);
      assert.ok(!/(?<!\\)<(script|img|b|i)\b/i.test(r.markdown!), `${source}: ${r.markdown}`); // escaped: \<script
    }
    const deals = ok(renderSource('deals IREN', c, NOW));
    assert.ok(deals.html.includes('&lt;script&gt;alert(&quot;deal&quot;)&lt;/script&gt;'));
    assert.ok(deals.html.includes('href="https://example.com/a%22onmouseover=%22alert(1)"'));
    assert.ok(deals.markdown!.includes('(https://example.com/a%22onmouseover=%22alert%281%29)'));
  });
});

// --------------------------------------------------------------------------- completions, hover

describe('blocks: completions and hovers', () => {
  const labels = (line: string, ch = line.length, symbols?: (p: string) => Array<{ label: string }>) =>
    blockCompletions(line, ch, symbols).items.map((i) => i.label);
  const symbols = (prefix: string) => ['IREN', 'BTC', 'BTDR', 'CORZ'].filter((s) => s.startsWith(prefix)).map((label) => ({ label, detail: `${label} Inc.` }));

  it('kinds at the start of the line', () => {
    assert.deepEqual(labels(''), [...BLOCK_KINDS]);
    assert.deepEqual(labels('  ch'), ['chart']);
    const r = blockCompletions('  rep', 5);
    assert.deepEqual([r.start, r.end], [2, 5]);
    assert.match(r.items[0]!.detail, /^report SYMBOL/);
  });

  it('after a kind: symbols from the caller, then the options not given yet', () => {
    assert.deepEqual(labels('chart ', 6, symbols), ['IREN', 'BTC', 'BTDR', 'CORZ', 'range=', 'metric=', 'as-of=']);
    assert.deepEqual(labels('chart IREN B', 12, symbols), ['BTC', 'BTDR']);
    assert.deepEqual(labels('chart IREN range=1Y ', 20, symbols), ['BTC', 'BTDR', 'CORZ', 'metric=', 'as-of=']);
    assert.deepEqual(labels('report IREN ', 12), ['as-of=']);
    assert.deepEqual(labels('deals IREN ', 11, symbols), ['as-of=']);
    assert.deepEqual(labels('portfolio '), ['as-of=']);
    const dollar = blockCompletions('chart $IR', 9, symbols);
    assert.deepEqual(
      dollar.items.map((i) => i.insertText),
      ['$IREN'],
    );
    assert.ok(blockCompletions('chart ', 6).items.every((i) => i.kind === 'option'));
    assert.equal(blockCompletions('chart ', 6).items[0]!.retrigger, true);
  });

  it('option values, replacing what follows the "="', () => {
    const r = blockCompletions('chart IREN range=', 17);
    assert.deepEqual(
      r.items.map((i) => i.label),
      ['1M', '3M', '6M', '1Y', '3Y', 'ALL'],
    );
    assert.deepEqual([r.start, r.end], [17, 17]);
    assert.deepEqual(labels('chart IREN metric=vo'), ['volatility']);
    const mid = blockCompletions('chart IREN metric=dr BTC', 20);
    assert.deepEqual([mid.start, mid.end, mid.items[0]!.label], [18, 20, 'drawdown']);
    assert.deepEqual(labels('chart IREN as-of='), []);
    assert.deepEqual(labels('report IREN range='), []);
  });

  it('scenario names and the shock keyword, then factors', () => {
    assert.deepEqual(labels('scenario '), [...SCENARIOS.map((s) => s.id), 'shock']);
    assert.deepEqual(labels('scenario b'), ['btc-crash']);
    assert.deepEqual(labels('scenario shock '), ['BTC=', 'NDX=', 'AI=', 'as-of=']);
    assert.deepEqual(labels('scenario shock BTC=-30% '), ['NDX=', 'AI=', 'as-of=']);
    assert.deepEqual(labels('scenario btc-crash '), ['as-of=']);
  });

  it('nothing in comments or after an unknown kind', () => {
    assert.deepEqual(labels('# chart '), []);
    assert.deepEqual(labels('chart IREN # a'), []);
    assert.deepEqual(labels('bogus '), []);
  });

  it('hover: the doc of a kind, an option, a value, a scenario; none for symbols', () => {
    const k = blockHover('chart IREN range=1Y', 2)!;
    assert.deepEqual([k.start, k.end], [0, 5]);
    assert.match(k.title, /^chart SYMBOL\.\.\./);
    const o = blockHover('chart IREN range=1Y', 13)!;
    assert.deepEqual([o.start, o.end, o.title], [11, 17, 'range=']);
    assert.match(o.doc, /Values: 1M, 3M, 6M, 1Y, 3Y, ALL\. Default: 1Y\./);
    const v = blockHover('chart IREN range=1Y', 18)!;
    assert.deepEqual([v.start, v.end, v.title], [17, 19, 'range=1Y']);
    assert.match(v.doc, /last year/);
    assert.match(blockHover('chart IREN metric=volatility', 22)!.doc, /rolling 30-day volatility/);
    assert.match(blockHover('scenario crypto-winter-2022', 12)!.doc, /replay 2021-11-10 → 2022-11-21/);
    assert.match(blockHover('scenario shock BTC=-30%', 11)!.doc, /hypothetical move/);
    assert.match(blockHover('scenario shock AI=-30%', 15)!.doc, /AI-infrastructure basket/);
    assert.match(blockHover('report IREN as-of=2025-01-01', 14)!.doc, /YYYY-MM-DD/);
    assert.equal(blockHover('chart IREN', 7), undefined);
    assert.equal(blockHover('chart IREN', 5), undefined);
    assert.equal(blockHover('# chart', 3), undefined);
    assert.equal(blockHover('bogus range=1Y', 8), undefined);
  });
});

// ------------------------------------------------------------------------------- cache, speed

describe('blocks: memoised rendering', function () {
  this.timeout(60000);

  it('a block renders once per source, data version and minute', async () => {
    const store = await snapshotStore();
    const cache = new BlockCache(3);
    const v1 = contextOf(store, catalog(), { version: 1 });
    const a = cache.render('report IREN', v1, NOW);
    assert.equal(cache.render('report IREN', v1, new Date(NOW.getTime() + 1000)), a);
    assert.deepEqual([cache.hits, cache.misses], [1, 1]);
    assert.notEqual(cache.render('report IREN', contextOf(store, catalog(), { version: 2 }), NOW), a);
    assert.notEqual(cache.render('report IREN', v1, new Date(NOW.getTime() + 61_000)), a);
    cache.render('miners', v1, NOW);
    cache.render('deals IREN', v1, NOW);
    assert.equal(cache.size, 3);
    assert.equal(cache.render('x'.repeat(MAX_BLOCK_CHARS + 1), v1, NOW).error?.code, 'parse');
    assert.equal(cache.size, 3);
  });

  it('a note of 20 blocks renders, and again from the cache with the same renderings', async () => {
    const c = await ctx();
    const note = [
      'chart IREN BTC range=1Y',
      'chart IREN metric=volatility',
      'chart CORZ WULF metric=drawdown range=3Y',
      'chart IREN metric=beta',
      'chart MARA RIOT CLSK range=ALL',
      'report IREN',
      'report CORZ WULF CIFR',
      'report BTC NDX as-of=2025-12-02',
      'deals IREN',
      'deals CRWV',
      'miners',
      'scenario btc-crash',
      'scenario crypto-winter-2022',
      'scenario shock BTC=-30% AI=-20%',
      'portfolio',
      'chart HUT range=6M',
      'report HIVE BTDR',
      'deals WULF',
      'chart APLD metric=correlation',
      'report MARA as-of=2025-06-30',
    ];
    // Behaviour, not wall-clock time: every block renders once, and the
    // same note again with the same data is answered from the cache with the same renderings.
    const cache = new BlockCache();
    const first = note.map((b) => ok(cache.render(b, c, NOW)));
    assert.equal(cache.misses, note.length);
    const again = note.map((b) => cache.render(b, c, NOW));
    assert.equal(cache.hits, note.length);
    again.forEach((r, i) => assert.equal(r, first[i]));
  });
});
