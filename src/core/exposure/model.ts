/**
 * Counterparty exposure of the miners' contracted AI/HPC backlog. Pure.
 *
 * Backlog is the rule of src/catalog `derivedFigures`: the values of the deals a company provides
 * that count as its backlog (the caller says which, with `backlogStatus`'s `counts` and `reason`).
 * A counted deal of undisclosed value is listed as unknown, never guessed, and makes every total
 * it belongs to a lower bound.
 *
 * Entities: a deal's counterparty and end user are its `counterpartyEntity` / `endUserEntity`
 * (canonical names, matched case-insensitively); null is an unknown of the deal's own — two
 * undisclosed counterparties are never merged; absent (a workspace deal that does not set it):
 * the text itself, marked `unclassified`. Guarantors are the deals' `backstops[].guarantor`.
 *
 * - By counterparty, by backer (guarantor; the counted deals without a backstop in a `No backer`
 *   row) and by end user: the backlog resting on each, which miners it is with and what share of
 *   each miner's known backlog that is.
 * - Per miner: the backlog by counterparty, the largest counterparty and its share of the known
 *   backlog, HHI = Σ share² over the counterparties (each undisclosed one its own entry; 1 = a
 *   single counterparty), backlog ÷ market cap and backlog ÷ pivot debt / pivot debt ÷ backlog
 *   (market caps and pivot debt are inputs). Shares are of the known backlog only.
 * - Backstops per guarantor: what it backs, for whom, the sum of the disclosed amounts and the
 *   list of undisclosed ones (every deal's backstops, counted or not, each item says which).
 */
import type {
  BackstopItem,
  Concentration,
  EntityExposure,
  EntityMinerShare,
  EntityRef,
  ExposureEntry,
  ExposureModel,
  ExposureOptions,
  ExposureRole,
  Figure,
  GuarantorBackstops,
  MinerCounterparty,
  MinerExposure,
  ResolvedDeal,
} from './types';

/** A ticker as the catalog compares them: trimmed, a leading `$` dropped, upper case. */
export const normSymbol = (t: string) => t.trim().replace(/^\$/, '').toUpperCase();
/** The grouping key of a company name: trimmed, spaces folded, lower case. */
export const entityKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The `No backer` row's key (not a name: no entity is called that). */
export const NO_BACKER_KEY = '-';
export const NO_BACKER_LABEL = 'No backer';

/** Texts that name nobody (used only when a deal has no canonical entity field at all). */
const NAMES_NOBODY = /^(undisclosed|unnamed|not named|not disclosed|unknown|n\/a|none|null)\b/i;

const known = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const add = (a: number | null, b: number) => (a ?? 0) + b;
const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
const byLabel = (a: { label: string }, b: { label: string }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
/** Larger known backlog first, unknown last, then by label. */
function byBacklog(a: { backlogUsd: number | null; label: string }, b: { backlogUsd: number | null; label: string }): number {
  if (a.backlogUsd !== b.backlogUsd) {
    if (a.backlogUsd === null) return 1;
    if (b.backlogUsd === null) return -1;
    return b.backlogUsd - a.backlogUsd;
  }
  return byLabel(a, b);
}

/** Resolves the companies of every deal, one label per key (the first spelling met). */
function resolveDeals(entries: readonly ExposureEntry[]): ResolvedDeal[] {
  const labels = new Map<string, string>();
  const named = (name: string, unclassified = false): EntityRef => {
    const key = entityKey(name);
    if (!labels.has(key)) labels.set(key, name.trim().replace(/\s+/g, ' '));
    return { key, label: labels.get(key)!, entity: labels.get(key)!, ...(unclassified ? { unclassified: true } : {}) };
  };
  const party = (entity: string | null | undefined, text: string | null | undefined, id: string, unknownLabel: string): EntityRef => {
    if (typeof entity === 'string' && entity.trim() !== '') return named(entity);
    if (entity === undefined && typeof text === 'string' && text.trim() !== '' && !NAMES_NOBODY.test(text.trim())) return named(text, true);
    return { key: `?${id}`, label: `${unknownLabel} (${id})`, entity: null };
  };
  return entries.map(({ deal: d, counts, reason }) => ({
    id: d.id,
    ...(d.name !== undefined ? { name: d.name } : {}),
    provider: normSymbol(d.provider ?? ''),
    ...(d.kind !== undefined ? { kind: d.kind } : {}),
    counts,
    reason,
    valueUsd: known(d.valueUSD) ? d.valueUSD : null,
    termYears: known(d.termYears) && d.termYears > 0 ? d.termYears : null,
    mw: known(d.mw) ? d.mw : null,
    mwBasisKind: d.mwBasisKind ?? null,
    counterparty: party(d.counterpartyEntity, d.counterparty, d.id, 'Undisclosed'),
    endUser: party(d.endUserEntity, d.endUser, d.id, 'Not named'),
    backstops: (d.backstops ?? [])
      .filter((b) => typeof b.guarantor === 'string' && b.guarantor.trim() !== '')
      .map((b) => {
        const g = named(b.guarantor);
        return { ...b, guarantor: g.label, guarantorKey: g.key, amountUSD: known(b.amountUSD) ? b.amountUSD : null };
      }),
  }));
}

/** The guarantors of a deal (unique keys, in its order), or the `No backer` ref. */
export function backersOf(d: ResolvedDeal): EntityRef[] {
  if (d.backstops.length === 0) return [{ key: NO_BACKER_KEY, label: NO_BACKER_LABEL, entity: null }];
  const seen = new Map<string, EntityRef>();
  for (const b of d.backstops) if (!seen.has(b.guarantorKey)) seen.set(b.guarantorKey, { key: b.guarantorKey, label: b.guarantor, entity: b.guarantor });
  return [...seen.values()];
}

interface Acc {
  ref: EntityRef;
  backlog: number | null;
  dealIds: string[];
  unknown: string[];
  byMiner: Map<string, { backlog: number | null; dealIds: string[]; unknown: string[] }>;
  deals: ResolvedDeal[];
}

function accumulate(deals: readonly ResolvedDeal[], refsOf: (d: ResolvedDeal) => EntityRef[]): Acc[] {
  const accs = new Map<string, Acc>();
  for (const d of deals) {
    for (const ref of refsOf(d)) {
      let a = accs.get(ref.key);
      if (!a) accs.set(ref.key, (a = { ref, backlog: null, dealIds: [], unknown: [], byMiner: new Map(), deals: [] }));
      a.deals.push(d);
      let m = a.byMiner.get(d.provider);
      if (!m) a.byMiner.set(d.provider, (m = { backlog: null, dealIds: [], unknown: [] }));
      if (d.valueUsd === null) {
        a.unknown.push(d.id);
        m.unknown.push(d.id);
      } else {
        a.backlog = add(a.backlog, d.valueUsd);
        a.dealIds.push(d.id);
        m.backlog = add(m.backlog, d.valueUsd);
        m.dealIds.push(d.id);
      }
    }
  }
  return [...accs.values()];
}

function minerBacklogs(counted: readonly ResolvedDeal[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const d of counted) out.set(d.provider, d.valueUsd === null ? (out.get(d.provider) ?? null) : add(out.get(d.provider) ?? null, d.valueUsd));
  return out;
}

function entityRows(role: ExposureRole, accs: Acc[], backlogOf: Map<string, number | null>): EntityExposure[] {
  const rows = accs.map((a): EntityExposure => {
    const miners: EntityMinerShare[] = [...a.byMiner.entries()]
      .map(([symbol, m]) => {
        const total = backlogOf.get(symbol) ?? null;
        return {
          symbol,
          backlogUsd: m.backlog,
          share: m.backlog !== null && total !== null && total > 0 ? m.backlog / total : null,
          dealIds: m.dealIds,
          unknownValueDealIds: m.unknown,
        };
      })
      .sort((x, y) => byBacklog({ backlogUsd: x.backlogUsd, label: x.symbol }, { backlogUsd: y.backlogUsd, label: y.symbol }));
    const row: EntityExposure = {
      role,
      key: a.ref.key,
      label: a.ref.label,
      entity: a.ref.entity,
      backlogUsd: a.backlog,
      lowerBound: a.unknown.length > 0,
      dealIds: a.dealIds,
      unknownValueDealIds: a.unknown,
      backers: uniq(a.deals.flatMap((d) => d.backstops.map((b) => b.guarantor))),
      counterparties: uniq(a.deals.map((d) => d.counterparty.label)),
      endUsers: uniq(a.deals.filter((d) => d.endUser.entity !== null).map((d) => d.endUser.label)),
      miners,
    };
    if (role === 'backer' && a.ref.key !== NO_BACKER_KEY) {
      const mine = a.deals.flatMap((d) => d.backstops.filter((b) => b.guarantorKey === a.ref.key).map((b) => ({ d, b })));
      row.backstopUsd = mine.reduce<number | null>((s, { b }) => (b.amountUSD === null ? s : add(s, b.amountUSD)), null);
      row.undisclosedBackstopDealIds = uniq(mine.filter(({ b }) => b.amountUSD === null).map(({ d }) => d.id));
    }
    if (a.backlog === null) row.reason = `no disclosed value: ${a.unknown.join(', ')}`;
    else if (a.unknown.length) row.reason = `a lower bound: ${a.unknown.length} deal(s) of undisclosed value not counted (${a.unknown.join(', ')})`;
    return row;
  });
  rows.sort((a, b) => (a.key === NO_BACKER_KEY ? 1 : b.key === NO_BACKER_KEY ? -1 : byBacklog(a, b)));
  return rows;
}

/** num ÷ den, or null with why; `caveat` goes with a value. */
function ratio(num: Figure, den: Figure, denWhat: string, caveat?: string): Figure {
  if (num.value === null) return { value: null, reason: num.reason };
  if (den.value === null) return { value: null, reason: den.reason ?? `no ${denWhat}` };
  if (!(den.value > 0)) return { value: null, reason: `${denWhat} ${den.value} is not positive` };
  return { value: num.value / den.value, ...(caveat ? { reason: caveat } : {}) };
}

function concentration(counterparties: readonly MinerCounterparty[], backlog: number | null, unknown: readonly string[]): Concentration {
  if (backlog === null)
    return {
      largest: null,
      hhi: null,
      reason: unknown.length
        ? `no known backlog: the contracted deal(s) have no disclosed value (${unknown.join(', ')})`
        : 'no known backlog: no contracted deal',
    };
  if (!(backlog > 0)) return { largest: null, hhi: null, reason: 'the known backlog is 0' };
  const shared = counterparties.filter((c): c is MinerCounterparty & { share: number } => c.share !== null);
  const top = [...shared].sort((a, b) => b.share - a.share || byLabel(a, b))[0]!;
  const out: Concentration = {
    largest: { key: top.key, label: top.label, entity: top.entity, share: top.share },
    hhi: shared.reduce((s, c) => s + c.share * c.share, 0),
  };
  if (unknown.length) out.reason = `shares of the known backlog: ${unknown.length} deal(s) of undisclosed value are not in them (${unknown.join(', ')})`;
  return out;
}

function figureFor(map: Readonly<Record<string, Figure>> | undefined, symbol: string, missing: string): Figure {
  const f = map?.[symbol];
  if (!f) return { value: null, reason: missing };
  if (f.value !== null && !Number.isFinite(f.value)) return { value: null, reason: `${String(f.value)} is not a number` };
  return f.value === null ? { value: null, reason: f.reason ?? missing } : f;
}

function minerRows(counted: readonly ResolvedDeal[], opts: ExposureOptions): MinerExposure[] {
  const symbols = uniq([...(opts.miners ?? []).map(normSymbol), ...counted.map((d) => d.provider)]).sort();
  const marketCaps = opts.marketCaps ? Object.fromEntries(Object.entries(opts.marketCaps).map(([k, v]) => [normSymbol(k), v])) : undefined;
  const debts = opts.pivotDebt ? Object.fromEntries(Object.entries(opts.pivotDebt).map(([k, v]) => [normSymbol(k), v])) : undefined;
  return symbols.map((symbol): MinerExposure => {
    const deals = counted.filter((d) => d.provider === symbol);
    const backlog = deals.reduce<number | null>((s, d) => (d.valueUsd === null ? s : add(s, d.valueUsd)), null);
    const unknown = deals.filter((d) => d.valueUsd === null).map((d) => d.id);
    const counterparties: MinerCounterparty[] = accumulate(deals, (d) => [d.counterparty])
      .map((a) => ({
        key: a.ref.key,
        label: a.ref.label,
        entity: a.ref.entity,
        backlogUsd: a.backlog,
        share: a.backlog !== null && backlog !== null && backlog > 0 ? a.backlog / backlog : null,
        dealIds: a.dealIds,
        unknownValueDealIds: a.unknown,
      }))
      .sort(byBacklog);
    const lowerBound = unknown.length > 0;
    const backlogFigure: Figure = {
      value: backlog,
      reason:
        backlog !== null ? undefined : unknown.length ? `no known backlog: no disclosed value (${unknown.join(', ')})` : 'no known backlog: no contracted deal',
    };
    const marketCap = figureFor(marketCaps, symbol, opts.missingMarketCapReason ?? 'no market cap given');
    const pivotDebt = figureFor(debts, symbol, opts.missingPivotDebtReason ?? 'no pivot debt given');
    const notes: string[] = [];
    if (deals.length === 0) notes.push('no deal counts as contracted backlog');
    if (lowerBound)
      notes.push(
        backlog === null
          ? `backlog unknown: ${unknown.length} contracted deal(s) without a disclosed value (${unknown.join(', ')})`
          : `backlog is a lower bound: ${unknown.length} contracted deal(s) without a disclosed value not counted (${unknown.join(', ')})`,
      );
    for (const c of counterparties) if (c.entity === null) notes.push(`${c.label}: an undisclosed counterparty, its own entry in the concentration`);
    return {
      symbol,
      backlogUsd: backlog,
      lowerBound,
      dealIds: deals.filter((d) => d.valueUsd !== null).map((d) => d.id),
      unknownValueDealIds: unknown,
      counterparties,
      concentration: concentration(counterparties, backlog, unknown),
      marketCap,
      backlogToMarketCap: ratio(backlogFigure, marketCap, 'market cap', lowerBound ? 'a lower bound: some backlog deals have no disclosed value' : undefined),
      pivotDebt,
      backlogToPivotDebt: ratio(backlogFigure, pivotDebt, 'pivot debt', lowerBound ? 'a lower bound: some backlog deals have no disclosed value' : undefined),
      pivotDebtToBacklog: ratio(pivotDebt, backlogFigure, 'backlog', lowerBound ? 'an upper bound: some backlog deals have no disclosed value' : undefined),
      notes,
    };
  });
}

/** One backstop of a deal as the guarantor lists show it (and the default's lost backstops). */
export function backstopItem(d: ResolvedDeal, b: ResolvedDeal['backstops'][number]): BackstopItem {
  return {
    dealId: d.id,
    provider: d.provider,
    counterparty: d.counterparty.label,
    amountUsd: b.amountUSD,
    ...(b.covers !== undefined ? { covers: b.covers } : {}),
    ...(b.quote !== undefined ? { quote: b.quote } : {}),
    ...(b.note !== undefined ? { note: b.note } : {}),
    backlog: d.counts,
  };
}

function backstopRows(deals: readonly ResolvedDeal[]): GuarantorBackstops[] {
  const out = new Map<string, GuarantorBackstops>();
  for (const d of deals)
    for (const b of d.backstops) {
      let g = out.get(b.guarantorKey);
      if (!g)
        out.set(
          b.guarantorKey,
          (g = { key: b.guarantorKey, guarantor: b.guarantor, knownAmountUsd: null, undisclosed: [], items: [], counterparties: [], miners: [] }),
        );
      const item = backstopItem(d, b);
      g.items.push(item);
      if (b.amountUSD === null) g.undisclosed.push(item);
      else g.knownAmountUsd = add(g.knownAmountUsd, b.amountUSD);
      g.counterparties = uniq([...g.counterparties, d.counterparty.label]);
      g.miners = uniq([...g.miners, d.provider]);
    }
  return [...out.values()].sort((a, b) => (a.guarantor < b.guarantor ? -1 : a.guarantor > b.guarantor ? 1 : 0));
}

/** The exposure model of the deals (see the top of this file). */
export function buildExposure(entries: readonly ExposureEntry[], opts: ExposureOptions = {}): ExposureModel {
  const deals = resolveDeals(entries);
  const counted = deals.filter((d) => d.counts);
  const backlogOf = minerBacklogs(counted);
  const unknown = counted.filter((d) => d.valueUsd === null).map((d) => d.id);
  const total = counted.reduce<number | null>((s, d) => (d.valueUsd === null ? s : add(s, d.valueUsd)), null);
  const notes = [
    'Backlog: the values of the deals each company provides that count as its contracted backlog (lease, colocation, cloud and JV contracts at a contracted, energized or operating stage), over their initial terms as reported',
  ];
  if (unknown.length)
    notes.push(`${unknown.length} counted deal(s) have no disclosed value (${unknown.join(', ')}): the totals they belong to are lower bounds`);
  const jv = counted.filter((d) => d.kind === 'joint-venture').map((d) => d.id);
  if (jv.length) notes.push(`joint ventures count the JV's contracted revenue whole, not the provider's share (${jv.join(', ')})`);
  const unclassified = deals.filter((d) => d.counts && (d.counterparty.unclassified || d.endUser.unclassified)).map((d) => d.id);
  if (unclassified.length) notes.push(`no canonical counterparty or end-user entity for ${unclassified.join(', ')}: grouped by the text as written`);
  return {
    deals,
    counterparties: entityRows(
      'counterparty',
      accumulate(counted, (d) => [d.counterparty]),
      backlogOf,
    ),
    backers: entityRows('backer', accumulate(counted, backersOf), backlogOf),
    endUsers: entityRows(
      'end-user',
      accumulate(counted, (d) => [d.endUser]),
      backlogOf,
    ),
    miners: minerRows(counted, opts),
    backstops: backstopRows(deals),
    totals: {
      backlogUsd: total,
      lowerBound: unknown.length > 0,
      dealIds: counted.filter((d) => d.valueUsd !== null).map((d) => d.id),
      unknownValueDealIds: unknown,
    },
    notes,
  };
}
