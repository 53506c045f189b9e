import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogExposure, loadCatalog, type Catalog } from '../../src/catalog';
import { counterpartyCard } from '../../src/core/views/build';
import { parseWebviewMessage } from '../../src/shared/protocol';

let shipped: Catalog | undefined;
const catalog = () => {
  const file = path.join(process.cwd(), 'media/catalog/catalog.json');
  return (shipped ??= loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog);
};
const opts = { catalogAsOf: '2026-06-29', marketCapSource: 'none (test)' };

describe('views: the counterparty-default card of the scenario panel', () => {
  it('lists the entities and asks for one when none is picked', () => {
    const c = counterpartyCard(catalogExposure(catalog()), null, opts);
    assert.equal(c.result, null);
    assert.match(c.reason!, /pick a counterparty/);
    const fluid = c.entities.find((e) => e.name === 'Fluidstack');
    assert.equal(fluid?.roles, 'counterparty');
    assert.match(c.entities.find((e) => e.name === 'Google')!.roles, /backer/);
    assert.equal(c.source, 'catalog as of 2026-06-29; market caps: none (test)');
  });

  it('Fluidstack fails: WULF, HUT, CIFR at risk with the Google backstops kept, the HUT range, MW without tenant', () => {
    const c = counterpartyCard(catalogExposure(catalog()), 'FLUIDSTACK', opts);
    const r = c.result!;
    assert.equal(c.selected, 'Fluidstack');
    assert.deepEqual(
      r.rows.map((x) => x.symbol),
      ['WULF', 'HUT', 'CIFR'],
    );
    const [wulf, hut, cifr] = r.rows as [(typeof r.rows)[0], (typeof r.rows)[0], (typeof r.rows)[0]];
    // WULF: Lake Mariner 3.7 − 1.8, Abernathy 9.5 − 1.3 → 10.1B at risk, 3.1B kept, nothing else in its 13.2B backlog.
    assert.equal(wulf.atRiskUsd, 10.1e9);
    assert.equal(wulf.coveredUsd, 3.1e9);
    assert.equal(wulf.notHitUsd, 0);
    assert.ok(Math.abs(wulf.shareOfBacklog! - 10.1 / 13.2) < 1e-12);
    assert.match(wulf.hits.join('\n'), /wulf-fluidstack-cb5-2025 \(as tenant\): value undisclosed; Google backstop \$1\.4B honoured → not in the figures/);
    assert.equal(wulf.mwText, '528 MW critical IT');
    // HUT: Google's backstop of undisclosed amount: $7B at risk, $0 if it covers all.
    assert.equal(hut.atRiskUsd, 7e9);
    assert.equal(hut.atRiskLowUsd, 0);
    // CIFR: Barber Lake 3.0 − 1.4 at risk; AWS's 5.5B not hit.
    assert.equal(cifr.atRiskUsd, 1.6e9);
    assert.equal(cifr.notHitUsd, 5.5e9);
    assert.equal(cifr.priceImpact, null);
    assert.match(cifr.reasons.join(), /price impact: /);
    assert.equal(r.totals.atRiskUsd, 18.7e9);
    assert.equal(r.totals.mwText, '941 MW critical IT');
    assert.match(r.rolesText, /tenant of 5 backlog deal\(s\)/);
    assert.match(r.method, /discounted at 10% a year/);
  });

  it('Google fails: the only backer of Fluidstack, its deals fall whole; its backstops are listed as lost', () => {
    const r = counterpartyCard(catalogExposure(catalog()), 'Alphabet', opts).result!;
    assert.equal(r.entity, 'Google');
    assert.match(r.rolesText, /the only backer of Fluidstack/);
    assert.equal(r.totals.atRiskUsd, 23.2e9);
    assert.ok(r.rows.every((x) => x.coveredUsd === 0));
    assert.equal(r.backstopsLost.length, 5);
  });

  it('an unknown entity is a reason listing the known ones, not an exception', () => {
    const c = counterpartyCard(catalogExposure(catalog()), 'Nobody Inc', opts);
    assert.equal(c.result, null);
    assert.match(c.reason!, /unknown entity "Nobody Inc" \(known: .*Fluidstack/);
  });

  it('the webview asks for a default by name; anything else is dropped', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'runDefault', entity: 'Fluidstack' }), { ok: true, message: { type: 'runDefault', entity: 'Fluidstack' } });
    for (const entity of ['', 'x'.repeat(81), '<script>', 'a\u0000b', 42, undefined])
      assert.equal(parseWebviewMessage({ type: 'runDefault', entity }).ok, false, String(entity));
  });
});
