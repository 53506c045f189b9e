/**
 * A small catalog for the exposure tests, every figure chosen to be checked by hand:
 *
 * AAA  a1  Fluidstack, Google backstop $1.8B, $3.7B, 10 y, 200 MW critical IT
 *      a2  Fluidstack, Google backstop $1.4B, value undisclosed, 10 y, 160 MW critical IT
 *      a-plan  Fluidstack development plan (not backlog)
 *      pivot debt $1B
 * BBB  b1  Fluidstack for Anthropic, Google backstop of undisclosed amount, $7B, 15 y, 245 MW critical IT
 *      b2  Microsoft, end user Microsoft, no backer, $3B, 5 y, 100 MW gross
 *      b3  undisclosed, $1B, no term, no MW
 *      b4  undisclosed (another one), $1B, 5 y
 * CCC  c1  CoreWeave, NVIDIA backstop $0.5B, $2B, 10 y, 50 MW (basis not classified)
 *      c2  CoreWeave, Google backstop $1B (more than the deal), $0.6B, 4 y
 * DDD  no deal
 */
import { Catalog, type CatalogDeal, type CatalogMiner } from '../../src/catalog';

const SRC = [{ title: 'Release', url: 'https://example.com/r' }];

export function miner(ticker: string, over: Partial<CatalogMiner> = {}): CatalogMiner {
  return { ticker, name: ticker, exchanges: [], pivotStatus: 'contracted', dealIds: [], confidence: 'high', sources: SRC, ...over };
}

export function deal(id: string, provider: string, over: Partial<CatalogDeal>): CatalogDeal {
  return { id, name: id, kind: 'colocation', provider, stage: 'contracted', confidence: 'high', sources: SRC, backstops: [], ...over };
}

const google = (amountUSD: number | null, quote = 'Google backstop') => ({ guarantor: 'Google', amountUSD, covers: 'lease obligations', quote });

export const B = 1e9;

export function exposureCatalog(): Catalog {
  return new Catalog(
    [
      miner('AAA', {
        debtRaises: [{ instrument: 'notes', amountUSD: 1 * B, pivotRelated: 'yes', sources: SRC }],
      }),
      miner('BBB'),
      miner('CCC'),
      miner('DDD', { pivotStatus: 'announced' }),
    ],
    [
      deal('a1', 'AAA', {
        counterparty: 'Fluidstack',
        counterpartyEntity: 'Fluidstack',
        counterpartyBacker: 'Google backstop',
        backstops: [google(1.8 * B)],
        valueUSD: 3.7 * B,
        termYears: 10,
        mw: 200,
        mwBasisKind: 'critical-it',
      }),
      deal('a2', 'AAA', {
        counterparty: 'Fluidstack',
        counterpartyEntity: 'Fluidstack',
        backstops: [google(1.4 * B)],
        valueUSD: null,
        termYears: 10,
        mw: 160,
        mwBasisKind: 'critical-it',
      }),
      deal('a-plan', 'AAA', { kind: 'development-plan', stage: 'planned', counterparty: 'Fluidstack', counterpartyEntity: 'fluidstack', valueUSD: 5 * B }),
      deal('b1', 'BBB', {
        kind: 'lease',
        counterparty: 'Fluidstack',
        counterpartyEntity: 'Fluidstack',
        endUser: 'Anthropic',
        endUserEntity: 'Anthropic',
        backstops: [google(null)],
        valueUSD: 7 * B,
        termYears: 15,
        mw: 245,
        mwBasisKind: 'critical-it',
      }),
      deal('b2', 'BBB', {
        kind: 'cloud-services',
        counterparty: 'Microsoft',
        counterpartyEntity: 'Microsoft',
        endUser: 'Microsoft (Azure)',
        endUserEntity: 'Microsoft',
        valueUSD: 3 * B,
        termYears: 5,
        mw: 100,
        mwBasisKind: 'gross',
      }),
      deal('b3', 'BBB', { counterparty: 'undisclosed', counterpartyEntity: null, valueUSD: 1 * B }),
      deal('b4', 'BBB', { counterparty: 'undisclosed', counterpartyEntity: null, valueUSD: 1 * B, termYears: 5 }),
      deal('c1', 'CCC', {
        counterparty: 'CoreWeave',
        counterpartyEntity: 'CoreWeave',
        backstops: [{ guarantor: 'NVIDIA', amountUSD: 0.5 * B, covers: 'lease', quote: 'NVIDIA backstop' }],
        valueUSD: 2 * B,
        termYears: 10,
        mw: 50,
      }),
      deal('c2', 'CCC', { counterparty: 'CoreWeave', counterpartyEntity: 'CoreWeave', backstops: [google(1 * B)], valueUSD: 0.6 * B, termYears: 4 }),
    ],
  );
}
