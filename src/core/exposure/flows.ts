/**
 * The exposure as flows for a Sankey diagram: backer → counterparty → miner, weighted by the
 * contracted value of the counted deals. Pure.
 *
 * - A counted deal without a backstop flows from the `No backer` node.
 * - A deal backed by several guarantors is split evenly between their backer → counterparty links
 *   (it is drawn once; the counterparty → miner link carries it whole).
 * - A deal of undisclosed value is a link of its own with value null and `unknown: true`, beside
 *   the known link between the same nodes (never added into it).
 * - Stable order: backer nodes by name with `No backer` last, counterparty nodes by name with the
 *   undisclosed ones after the named, miner nodes by ticker; links by source node, then target
 *   node, the known link before the unknown one.
 */
import { backersOf, NO_BACKER_KEY } from './model';
import type { ExposureModel } from './types';

export type FlowLayer = 'backer' | 'counterparty' | 'miner';

export interface FlowNode {
  /** `backer:<key>`, `counterparty:<key>`, `miner:<TICKER>`. */
  id: string;
  label: string;
  layer: FlowLayer;
  /** False for `No backer` and the undisclosed counterparties. */
  named: boolean;
}

export interface FlowLink {
  source: string;
  target: string;
  /** USD; null when undisclosed. */
  value: number | null;
  unknown: boolean;
  dealIds: string[];
}

export interface ExposureFlows {
  nodes: FlowNode[];
  links: FlowLink[];
  notes: string[];
}

const cmp = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0);

/** The Sankey flows of the model's counted deals (see the top of this file). */
export function exposureFlows(model: ExposureModel): ExposureFlows {
  const nodes = new Map<string, FlowNode>();
  const links = new Map<string, FlowLink>();
  const node = (n: FlowNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const link = (source: string, target: string, value: number | null, dealId: string) => {
    const unknown = value === null;
    const key = `${source}\u0000${target}\u0000${unknown ? 'u' : 'k'}`;
    let l = links.get(key);
    if (!l) links.set(key, (l = { source, target, value: unknown ? null : 0, unknown, dealIds: [] }));
    if (!unknown) l.value = (l.value ?? 0) + value;
    if (!l.dealIds.includes(dealId)) l.dealIds.push(dealId);
  };
  let split = 0;
  for (const d of model.deals) {
    if (!d.counts) continue;
    const cp = node({ id: `counterparty:${d.counterparty.key}`, label: d.counterparty.label, layer: 'counterparty', named: d.counterparty.entity !== null });
    const miner = node({ id: `miner:${d.provider}`, label: d.provider, layer: 'miner', named: true });
    const backers = backersOf(d);
    if (backers.length > 1) split++;
    for (const b of backers)
      link(
        node({ id: `backer:${b.key}`, label: b.label, layer: 'backer', named: b.key !== NO_BACKER_KEY }),
        cp,
        d.valueUsd === null ? null : d.valueUsd / backers.length,
        d.id,
      );
    link(cp, miner, d.valueUsd, d.id);
  }
  const layerRank = { backer: 0, counterparty: 1, miner: 2 } as const;
  const ordered = [...nodes.values()].sort((a, b) => layerRank[a.layer] - layerRank[b.layer] || Number(b.named) - Number(a.named) || cmp(a.label, b.label));
  const index = new Map(ordered.map((n, i) => [n.id, i]));
  const orderedLinks = [...links.values()].sort(
    (a, b) => index.get(a.source)! - index.get(b.source)! || index.get(a.target)! - index.get(b.target)! || Number(a.unknown) - Number(b.unknown),
  );
  const notes = ['Links carry the contracted value of the counted deals (USD, initial terms); a link of undisclosed value has value null.'];
  if (split) notes.push(`${split} deal(s) backed by several guarantors are split evenly between them`);
  return { nodes: ordered, links: orderedLinks, notes };
}
