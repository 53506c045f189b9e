/**
 * The catalog's blocks: `deals SYMBOL` (a company's AI/HPC deals as `hashpivot deals` lists them,
 * or a counterparty's: the deals that name it as tenant, backer or end user) and `miners
 * [SYMBOL...]` (the miners table of `hashpivot miners`). Every text comes from the catalog and is
 * escaped where it is shown; source links only to http(s). Pure.
 */
import { formatPercentPlain, formatUsd } from '../../shared/format';
import { dayNumber } from '../calendar';
import { isoDay, mdLink, mdTable, mdText, problem, type BlockBody, type RawMarkdown } from './common';
import type { BlockContext, BlockDeal, BlockMiner } from './context';
import { h, table, type Cell } from './html';
import type { DealsBlock, EconomicsBlock, MinersBlock } from './parse';

const DASH = '–';
/** Longest catalog text shown in a cell (a counterparty, a source title); the rest is in its tooltip. */
const CELL_CHARS = 60;

const cut = (s: string | null | undefined, n = CELL_CHARS): Cell =>
  !s ? { text: DASH } : s.length > n ? { text: `${s.slice(0, n - 1)}…`, title: s } : { text: s };
const usd = (v: number | null | undefined): Cell =>
  typeof v === 'number' && Number.isFinite(v) ? { text: formatUsd(v), num: true } : { text: DASH, num: true, title: 'not disclosed' };
const mw = (v: number | null | undefined): Cell =>
  typeof v === 'number' && Number.isFinite(v)
    ? { text: v.toLocaleString('en-US', { maximumFractionDigits: 1 }), num: true }
    : { text: DASH, num: true, title: 'not disclosed' };

/** Other names a counterparty goes by in the deals' texts. */
const COUNTERPARTY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  GOOGL: ['Google', 'Alphabet'],
  GOOG: ['Google', 'Alphabet'],
  AMZN: ['Amazon', 'AWS', 'Amazon Web Services'],
  MSFT: ['Microsoft', 'Azure'],
  CRWV: ['CoreWeave'],
  NVDA: ['NVIDIA'],
  ORCL: ['Oracle'],
  META: ['Meta Platforms'],
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Role = 'counterparty' | 'backer' | 'end user';

/** The deals that name `symbol` (or its company name) as counterparty, backer or end user, with the role. */
export function counterpartyDeals(ctx: BlockContext, symbol: string): Array<{ deal: BlockDeal; role: Role }> {
  const names = [
    ...new Set([ctx.entry(symbol)?.name, ...(COUNTERPARTY_ALIASES[symbol] ?? [])].filter((n): n is string => !!n && n.length >= 3 && n !== symbol)),
  ];
  const patterns: RegExp[] = [];
  if (symbol.length >= 2) patterns.push(new RegExp(`(?<![\\w-])${escapeRe(symbol)}(?![\\w-])`)); // the ticker, as capitals
  if (names.length) patterns.push(new RegExp(`(?<![\\w-])(?:${names.map(escapeRe).join('|')})(?![\\w-])`, 'i'));
  const hit = (text: string | null | undefined) => !!text && patterns.some((p) => p.test(text));
  const out: Array<{ deal: BlockDeal; role: Role }> = [];
  for (const deal of ctx.catalog.deals) {
    if (hit(deal.counterparty)) out.push({ deal, role: 'counterparty' });
    else if (hit(deal.counterpartyBacker)) out.push({ deal, role: 'backer' });
    else if (hit(deal.endUser)) out.push({ deal, role: 'end user' });
  }
  return out;
}

/** Whether a deal was announced by `asOf` (a month-only date counts from the month's first day); null when it has no date. */
function announcedBy(d: BlockDeal, asOf: string): boolean | null {
  if (!d.announced) return null;
  const first = /^\d{4}-\d{2}$/.test(d.announced) ? `${d.announced}-01` : d.announced;
  try {
    return dayNumber(first) <= dayNumber(asOf);
  } catch {
    return null;
  }
}

function sourceCell(d: BlockDeal): { html: Cell; md: RawMarkdown | string } {
  const s = d.sources.find((x) => typeof x.url === 'string' && /^https?:/i.test(x.url.trim()));
  if (!s) return { html: { text: DASH, title: 'no web source in the catalog' }, md: DASH };
  const title = s.title || s.url;
  const shown = cut(title, 40);
  return { html: { text: shown.text, title, href: s.url }, md: mdLink(shown.text, s.url) };
}

export function renderDeals(block: DealsBlock, ctx: BlockContext, now: Date): BlockBody {
  const symbol = block.symbols[0]!;
  const span = block.symbolSpans[0];
  const cat = ctx.catalog;
  const own = cat.dealsOf(symbol);
  const isCompany = cat.miner(symbol) !== undefined || own.length > 0;
  const asCounterparty = isCompany ? [] : counterpartyDeals(ctx, symbol);
  if (!isCompany && asCounterparty.length === 0)
    problem(
      'unknown-company',
      `${symbol} is neither a company of the catalog nor a counterparty of its deals (companies: ${cat.miners.map((m) => m.ticker).join(', ')})`,
      span,
      symbol,
    );
  const notes: string[] = [];
  let rows: Array<{ deal: BlockDeal; role?: Role }> = isCompany ? own.map((deal) => ({ deal })) : asCounterparty;
  if (block.asOf) {
    const undated = rows.filter((r) => announcedBy(r.deal, block.asOf!) === null);
    const later = rows.filter((r) => announcedBy(r.deal, block.asOf!) === false);
    rows = rows.filter((r) => announcedBy(r.deal, block.asOf!) === true);
    if (later.length) notes.push(`${later.length} deal(s) announced after ${block.asOf} left out.`);
    if (undated.length) notes.push(`${undated.length} deal(s) without an announcement date left out: ${undated.map((r) => r.deal.id).join(', ')}.`);
  }
  const who = isCompany ? (cat.miner(symbol)?.name ?? symbol) : (ctx.entry(symbol)?.name ?? symbol);
  const header = isCompany
    ? ['Deal', 'Counterparty', 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Backlog', 'Source']
    : ['Deal', 'Provider', `${symbol} as`, 'Kind', 'Stage', 'Value', 'MW', 'Term', 'Announced', 'Source'];
  const htmlRows: Cell[][] = [];
  const mdRows: Array<Array<string | RawMarkdown>> = [];
  for (const { deal: d, role } of rows) {
    const b = ctx.backlogStatus(d);
    const backlog: Cell = { text: b.counts ? (typeof d.valueUSD === 'number' ? 'yes' : 'yes (value ?)') : 'no', title: b.reason };
    const term: Cell = typeof d.termYears === 'number' && Number.isFinite(d.termYears) ? { text: `${d.termYears}y`, num: true } : { text: DASH, num: true };
    const src = sourceCell(d);
    const cells: Cell[] = isCompany
      ? [
          cut(d.name),
          cut(d.counterparty),
          { text: d.kind },
          { text: d.stage, title: d.status ?? undefined },
          usd(d.valueUSD),
          mw(d.mw),
          term,
          { text: d.announced ?? DASH },
          backlog,
          src.html,
        ]
      : [
          cut(d.name),
          cut(d.provider),
          { text: role! },
          { text: d.kind },
          { text: d.stage, title: d.status ?? undefined },
          usd(d.valueUSD),
          mw(d.mw),
          term,
          { text: d.announced ?? DASH },
          src.html,
        ];
    htmlRows.push(cells);
    mdRows.push([...cells.slice(0, -1).map((c) => c.text), src.md]);
  }
  notes.push(
    isCompany
      ? 'Value: total contract value over the initial term as reported, USD; "–": unknown or not applicable. Backlog: whether the value counts as contracted backlog of the provider.'
      : `Deals that name ${who} as counterparty, backer or end user. Value: total contract value over the initial term as reported, USD; "–": unknown or not applicable.`,
  );
  const catalogAsOf = cat.asOf ?? isoDay(now);
  const empty = `No deals ${isCompany ? 'of' : 'with'} ${symbol} in the catalog${block.asOf ? ` announced by ${block.asOf}` : ''}.`;
  const align = header.map((x) => (['Value', 'MW', 'Term'].includes(x) ? 'r' : 'l') as 'l' | 'r');
  return {
    title: isCompany ? `AI/HPC deals of ${who} (${symbol})` : `AI/HPC deals with ${who} (${symbol})`,
    asOf: block.asOf ?? catalogAsOf,
    source: `catalog as of ${catalogAsOf}`,
    content: rows.length ? table(header, htmlRows, { className: 'hashpivot-deals-table' }) : h('p', { class: 'hashpivot-empty' }, empty),
    notes,
    markdownTable: rows.length ? mdTable(header, mdRows, align) : mdText(empty),
  };
}

/** The miners a block names (every miner of the catalog when it names none), or an error at the first unknown one. */
export function blockMiners(block: MinersBlock | EconomicsBlock, ctx: BlockContext): { tickers: string[]; miners: BlockMiner[] } {
  const cat = ctx.catalog;
  const tickers = block.symbols.length ? block.symbols : cat.miners.map((m) => m.ticker);
  const miners = tickers.map((t, i) => {
    const m = cat.miner(t);
    if (!m)
      problem('unknown-company', `${t} is not a miner of the catalog (the catalog has ${cat.miners.map((x) => x.ticker).join(', ')})`, block.symbolSpans[i], t);
    return m;
  });
  return { tickers, miners };
}

export function renderMiners(block: MinersBlock, ctx: BlockContext, now: Date): BlockBody {
  const cat = ctx.catalog;
  const { tickers, miners } = blockMiners(block, ctx);
  const header = ['Ticker', 'Name', 'Pivot', 'HPC MW', 'Power MW', 'MW share', 'Backlog', 'Pivot debt', 'Debt/backlog', 'Deals', 'Conf.', 'As of'];
  const ratio = (v: number | null): Cell =>
    v === null || !Number.isFinite(v) ? { text: DASH, num: true, title: 'unknown' } : { text: formatPercentPlain(v, 1), num: true };
  const rows: Cell[][] = miners.map((m) => {
    const f = ctx.catalogFigures(m.ticker);
    const backlog = usd(f.backlogUSD);
    if (f.backlogUSD !== null && f.unknownValueDealIds.length)
      Object.assign(backlog, {
        text: `${backlog.text}+`,
        title: `a lower bound: ${f.unknownValueDealIds.length} contracted deal(s) of undisclosed value (${f.unknownValueDealIds.join(', ')})`,
      });
    return [
      { text: m.ticker },
      cut(m.name, 28),
      { text: m.pivotStatus },
      mw(f.contractedMW),
      mw(f.totalMW),
      ratio(f.mwShare),
      backlog,
      usd(f.pivotDebtUSD),
      ratio(f.debtToBacklog),
      { text: String(cat.dealsOf(m.ticker).length), num: true },
      { text: m.confidence },
      { text: m.asOf ?? DASH },
    ];
  });
  const catalogAsOf =
    cat.asOf ??
    miners
      .map((m) => m.asOf)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1) ??
    isoDay(now);
  const notes = [
    'Backlog: values of contracted lease, colocation, cloud and JV deals over their initial terms ("+": some values undisclosed); not acquisitions, plans, LOIs or terminated deals. Pivot debt: raises whose stated purpose is the AI/HPC build-out. "–": unknown. Power MW bases differ by company.',
  ];
  if (block.asOf && block.asOf !== catalogAsOf)
    notes.unshift(`The catalog keeps no history: these are its figures as of ${catalogAsOf}, not as of ${block.asOf}.`);
  return {
    title: block.symbols.length ? `Miners: ${tickers.join(', ')}` : 'Miners of the catalog',
    asOf: catalogAsOf,
    source: `catalog as of ${catalogAsOf}`,
    content: table(header, rows, { className: 'hashpivot-miners-table' }),
    notes,
    markdownTable: mdTable(
      header,
      rows.map((r) => r.map((c) => c.text)),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
  };
}
