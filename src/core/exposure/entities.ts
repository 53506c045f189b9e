/**
 * Naming an entity of the exposure model: its canonical name in any case, or an alias (a ticker, a
 * brand, a former name). Pure. Only named entities can be picked; an undisclosed counterparty has
 * no name to give.
 */
import { entityKey, normSymbol } from './model';
import type { ExposureModel, ExposureRole } from './types';

/** Other names, lower case → the canonical name the catalog uses. */
export const ENTITY_ALIASES: Readonly<Record<string, string>> = {
  aws: 'Amazon',
  'amazon web services': 'Amazon',
  'amazon.com': 'Amazon',
  amzn: 'Amazon',
  alphabet: 'Google',
  googl: 'Google',
  goog: 'Google',
  crwv: 'CoreWeave',
  msft: 'Microsoft',
  azure: 'Microsoft',
  orcl: 'Oracle',
  nvda: 'NVIDIA',
  nvidia: 'NVIDIA',
  amd: 'AMD',
  'advanced micro devices': 'AMD',
};

export interface NamedEntity {
  key: string;
  /** The name as the model shows it. */
  name: string;
  /** The roles it has in the model. */
  roles: ExposureRole[];
}

/** Every named entity of the model (counterparties, end users and guarantors of any deal), by name. */
export function knownEntities(model: ExposureModel): NamedEntity[] {
  const out = new Map<string, NamedEntity>();
  const note = (key: string, name: string, role: ExposureRole) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { key, name, roles: [] }));
    if (!e.roles.includes(role)) e.roles.push(role);
  };
  for (const d of model.deals) {
    if (d.counterparty.entity !== null) note(d.counterparty.key, d.counterparty.label, 'counterparty');
    if (d.endUser.entity !== null) note(d.endUser.key, d.endUser.label, 'end-user');
    for (const b of d.backstops) note(b.guarantorKey, b.guarantor, 'backer');
  }
  return [...out.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
}

/** The entity `name` names (case-insensitive; a leading `$` dropped; aliases such as AWS, Alphabet, CRWV), or undefined. */
export function resolveEntity(model: ExposureModel, name: string): NamedEntity | undefined {
  const entities = knownEntities(model);
  const raw = name.trim();
  const candidates = [raw, normSymbol(raw)].map(entityKey);
  for (const c of [...candidates]) if (ENTITY_ALIASES[c]) candidates.push(entityKey(ENTITY_ALIASES[c]));
  for (const c of candidates) {
    const hit = entities.find((e) => e.key === c);
    if (hit) return hit;
  }
  return undefined;
}

/** An entity that is not in the model, with the names that are. */
export class UnknownEntityError extends Error {
  constructor(
    readonly asked: string,
    readonly known: readonly string[],
  ) {
    super(`unknown entity "${asked}" (known: ${known.join(', ')})`);
    this.name = 'UnknownEntityError';
  }
}
