/**
 * View model of the capital-flows panel (pure): a Sankey diagram of who backs whom, backer →
 * counterparty → miner, each flow the contracted value of the deals between two parties. It is
 * built from plain links (`FlowLinkInput`, one per deal and pair of parties, or already summed):
 * the host derives them from the catalog (src/vscode/panels/flowsAdapter.ts), so this module
 * knows nothing of the catalog's fields.
 *
 * Unknown stays unknown: a link of undisclosed value keeps `valueUsd: null` and is a link of its
 * own beside the known one between the same two nodes; it is never added to a total. A Sankey
 * cannot draw a flow of unknown size, so the view model says how wide to draw one
 * (`unknownWeight`, a fixed share of the known total) and a note says so.
 */
import type { DataLabel, FlowLink, FlowNode, FlowNodeKind, FlowsData } from '../../../shared/protocol';
import { FLOW_NODE_KINDS, MAX_PARTY_NAME } from '../../../shared/protocol';
import { formatUsd } from '../../../shared/format';
import { csvCell, csvComment } from '../../csv';

/** One flow between two parties: a deal (or deals already summed) from a backer to a counterparty, or from a counterparty to a miner. */
export interface FlowLinkInput {
  from: string;
  fromKind: FlowNodeKind;
  to: string;
  toKind: FlowNodeKind;
  /** The contracted value in USD; null when undisclosed. */
  valueUsd: number | null;
  dealIds: readonly string[];
}

export interface FlowsInput {
  links: readonly FlowLinkInput[];
  /** The catalog's as-of date. */
  asOf: string | undefined;
  /** Where the deals come from (default: `catalog of <asOf>`). */
  data?: DataLabel;
  /** What the links are (which deals, how a backer was read): shown under the diagram before the notes of this module. */
  notes?: readonly string[];
}

/** The source node of the deals no one backs. */
export const NO_BACKER = 'No backer';
/** The width of a flow of undisclosed value, as a share of the known total (the widest column). */
export const UNKNOWN_WEIGHT_SHARE = 0.015;

/** A party's name as a node carries it: whitespace and control characters folded to one space, at most MAX_PARTY_NAME characters. */
export function partyName(text: string): string {
  // eslint-disable-next-line no-control-regex
  const folded = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const name = folded.length > MAX_PARTY_NAME ? `${folded.slice(0, MAX_PARTY_NAME - 1)}…` : folded;
  return name || '(unnamed)';
}

export const flowNodeId = (kind: FlowNodeKind, name: string): string => `${kind}:${name}`;

interface NodeAcc {
  node: FlowNode;
  inKnown: number;
  outKnown: number;
  inUnknown: number;
  outUnknown: number;
  deals: Set<string>;
  unknownDeals: Set<string>;
}

const KIND_ORDER = new Map(FLOW_NODE_KINDS.map((k, i) => [k, i]));
const isValue = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The flows diagram: nodes per party and kind, links summed per pair (known and undisclosed apart), totals of known values only. */
export function buildFlows(input: FlowsInput): FlowsData {
  const nodes = new Map<string, NodeAcc>();
  const nodeOf = (kind: FlowNodeKind, raw: string): NodeAcc => {
    const label = partyName(raw);
    const id = flowNodeId(kind, label);
    let acc = nodes.get(id);
    if (!acc) {
      acc = {
        node: { id, label, kind, knownUsd: 0, unknownLinks: 0, unknownDeals: 0, dealIds: [] },
        inKnown: 0,
        outKnown: 0,
        inUnknown: 0,
        outUnknown: 0,
        deals: new Set(),
        unknownDeals: new Set(),
      };
      nodes.set(id, acc);
    }
    return acc;
  };
  const links = new Map<string, FlowLink>();
  let invalid = 0;
  let loops = 0;
  for (const l of input.links) {
    const from = nodeOf(l.fromKind, l.from);
    const to = nodeOf(l.toKind, l.to);
    if (from === to) {
      loops++;
      continue;
    }
    if (l.valueUsd !== null && !isValue(l.valueUsd)) invalid++;
    const value = isValue(l.valueUsd) ? l.valueUsd : null;
    const key = `${from.node.id}\u0000${to.node.id}\u0000${value === null ? 'u' : 'k'}`;
    let link = links.get(key);
    if (!link) {
      link = { from: from.node.id, to: to.node.id, valueUsd: value === null ? null : 0, unknown: value === null, dealIds: [] };
      links.set(key, link);
      if (value === null) {
        from.outUnknown++;
        to.inUnknown++;
      }
    }
    if (value !== null) {
      link.valueUsd = (link.valueUsd ?? 0) + value;
      from.outKnown += value;
      to.inKnown += value;
    }
    for (const id of l.dealIds) {
      if (!link.dealIds.includes(id)) link.dealIds.push(id);
      for (const end of [from, to]) {
        end.deals.add(id);
        if (value === null) end.unknownDeals.add(id);
      }
    }
  }
  for (const acc of nodes.values()) {
    acc.node.knownUsd = Math.max(acc.inKnown, acc.outKnown);
    acc.node.unknownLinks = Math.max(acc.inUnknown, acc.outUnknown);
    acc.node.unknownDeals = acc.unknownDeals.size;
    acc.node.dealIds = [...acc.deals];
  }
  // Column by column, the largest first; the deals no one backs last among the backers (it is not a party).
  const ordered = [...nodes.values()]
    .map((a) => a.node)
    .filter((n) => n.dealIds.length > 0)
    .sort(
      (a, b) =>
        KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
        Number(a.id === flowNodeId('backer', NO_BACKER)) - Number(b.id === flowNodeId('backer', NO_BACKER)) ||
        b.knownUsd - a.knownUsd ||
        b.dealIds.length - a.dealIds.length ||
        a.label.localeCompare(b.label),
    );
  const rank = new Map(ordered.map((n, i) => [n.id, i]));
  const linkList = [...links.values()].sort(
    (a, b) => rank.get(a.from)! - rank.get(b.from)! || rank.get(a.to)! - rank.get(b.to)! || Number(a.unknown) - Number(b.unknown),
  );

  const byKind = new Map<FlowNodeKind, number>();
  for (const n of ordered) byKind.set(n.kind, (byKind.get(n.kind) ?? 0) + n.knownUsd);
  const knownUsd = Math.max(0, ...byKind.values());
  const allDeals = new Set(ordered.flatMap((n) => n.dealIds));
  const unknownDeals = new Set(linkList.filter((l) => l.unknown).flatMap((l) => l.dealIds));
  const unknownWeight = knownUsd > 0 ? knownUsd * UNKNOWN_WEIGHT_SHARE : 1;

  const notes = [...(input.notes ?? [])];
  notes.push(
    `Totals are known values only: "+ N undisclosed" counts the deals whose value is not disclosed, which are never added to a total ` +
      `(${formatUsd(knownUsd)} known, of ${allDeals.size} deal(s); ${unknownDeals.size} undisclosed).`,
  );
  if (unknownDeals.size)
    notes.push(
      `A Sankey cannot draw a flow of unknown size: the ${unknownDeals.size} deal(s) of undisclosed value are drawn as grey hatched flows of one fixed width ` +
        `(${UNKNOWN_WEIGHT_SHARE * 100}% of the known total${knownUsd > 0 ? `, as wide as ${formatUsd(unknownWeight)} would be` : ''}: a drawing weight, not a value), ` +
        `labelled "value undisclosed".`,
    );
  if (invalid) notes.push(`${invalid} link(s) had a value that is not a finite non-negative amount: shown as undisclosed.`);
  if (loops) notes.push(`${loops} link(s) from a party to itself were left out.`);
  return {
    kind: 'flows',
    range: 'ALL',
    asOf: input.asOf ?? 'undated',
    data: input.data ?? { kind: 'snapshot', text: input.asOf ? `catalog of ${input.asOf}` : 'catalog' },
    nodes: ordered,
    links: linkList,
    unknownWeight,
    totals: { knownUsd, deals: allDeals.size, unknownDeals: unknownDeals.size },
    notes,
  };
}

/** The links as CSV: one row per link, the value empty (and `undisclosed` true) when it is not disclosed; the notes as `#` comments. */
export function flowsCsv(d: FlowsData): string {
  const label = new Map(d.nodes.map((n) => [n.id, n]));
  const head = ['from_kind', 'from', 'to_kind', 'to', 'value_usd', 'undisclosed', 'deal_ids'];
  const rows = d.links.map((l) => {
    const from = label.get(l.from)!;
    const to = label.get(l.to)!;
    return [from.kind, from.label, to.kind, to.label, l.valueUsd, l.unknown, l.dealIds.join(' ')].map(csvCell).join(',');
  });
  const comments = [`# Hashpivot capital flows, ${d.data.text}, as of ${d.asOf}`, ...d.notes.map((n) => `# ${csvComment(n)}`)];
  return [...comments, head.join(','), ...rows].join('\n') + '\n';
}
