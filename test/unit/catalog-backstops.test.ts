/**
 * The catalog's counterparty entities and backstops: what scripts/build-catalog.mjs writes from
 * its ENTITIES and BACKSTOPS judgement tables, the checks that make the build fail (a quote not
 * in the reference's words, an amount not in the quote, a backer text nobody judged, a changed
 * counterparty), and how a workspace override sets the fields.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog, parseCatalogText, readCatalogFile, validateCatalog } from '../../src/catalog';
import { fixture } from '../support/fixtures';

const root = process.cwd();
const SHIPPED = path.join(root, 'media/catalog/catalog.json');
const REFERENCE = fixture('reference', 'ai_mining_facts.json');
const base = () => loadCatalog(readCatalogFile(SHIPPED)).catalog;
const OVERRIDE = '/ws/.hashpivot/catalog.json';
const SRC = '{ "title": "Company release", "url": "https://example.com/release", "date": "2026-02-01" }';

function check(text: string) {
  const parsed = parseCatalogText(text, OVERRIDE);
  assert.equal(parsed.problems.length, 0, JSON.stringify(parsed.problems));
  return validateCatalog(parsed.data, OVERRIDE, text, base());
}

/** Builds the catalog from a copy of the reference changed by `edit`, into a temporary folder. */
function buildFrom(edit: (facts: { deals: Array<Record<string, unknown>> }) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-build-catalog-'));
  const facts = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { deals: Array<Record<string, unknown>> };
  edit(facts);
  writeFileSync(path.join(dir, 'ai_mining_facts.json'), JSON.stringify(facts, null, 2));
  copyFileSync(path.join(path.dirname(REFERENCE), 'README.md'), path.join(dir, 'README.md'));
  return spawnSync(
    process.execPath,
    [path.join(root, 'scripts/build-catalog.mjs'), '--facts', path.join(dir, 'ai_mining_facts.json'), '--out', path.join(dir, 'out')],
    { encoding: 'utf8' },
  );
}

const dealOf = (facts: { deals: Array<Record<string, unknown>> }, id: string) => facts.deals.find((d) => d.id === id)!;

/** Runs one of the build script's exported checks in a Node ES module (the script is not bundled into the tests). */
function scriptCheck(code: string) {
  return spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import * as b from ${JSON.stringify(path.join(root, 'scripts/build-catalog.mjs'))};\n${code}`],
    {
      encoding: 'utf8',
    },
  );
}

describe('catalog: counterparty entities and backstops (shipped)', () => {
  const c = base();

  it('every deal has counterpartyEntity, endUserEntity and backstops; each quote is in the backer text and holds its amount', () => {
    for (const d of c.deals) {
      assert.ok(d.counterpartyEntity === null || (typeof d.counterpartyEntity === 'string' && d.counterpartyEntity !== ''), d.id);
      assert.ok(d.endUserEntity === null || typeof d.endUserEntity === 'string', d.id);
      assert.ok(Array.isArray(d.backstops), d.id);
      for (const b of d.backstops!) {
        assert.ok(d.counterpartyBacker?.includes(b.quote), `${d.id}: quote in the backer text`);
        assert.ok(d.counterpartyBacker?.includes(b.guarantor), `${d.id}: guarantor named`);
        if (b.amountUSD !== null) assert.ok(b.quote.includes(`$${b.amountUSD / 1e9}B`), `${d.id}: ${b.amountUSD} in "${b.quote}"`);
      }
    }
  });

  it('canonical names: Amazon for AWS, Oracle for Polaris Forge 2 (with its medium-confidence note), undisclosed stays null', () => {
    assert.equal(c.deal('cifr-aws-2025')!.counterpartyEntity, 'Amazon');
    assert.equal(c.deal('cifr-aws-2025')!.endUserEntity, 'Amazon');
    assert.equal(c.deal('iren-microsoft-2025')!.endUserEntity, 'Microsoft');
    assert.equal(c.deal('hut-fluidstack-anthropic-river-bend-2025')!.endUserEntity, 'Anthropic');
    const pf2 = c.deal('apld-hyperscaler-polaris-forge-2-2025')!;
    assert.equal(pf2.counterpartyEntity, 'Oracle');
    assert.match(pf2.counterpartyEntityNote!, /Medium confidence.*AI-written summaries of 2026 8-K/);
    for (const id of ['iren-ai-cloud-3.4b', 'hut-highrise-gpuaas-2024', 'btdr-tydal-colocation-2026', 'bitf-hpc-conversion-plans'])
      assert.equal(c.deal(id)!.counterpartyEntity, null, id);
    assert.equal(c.deal('corz-coreweave-colocation')!.endUserEntity, null, 'an undisclosed client is unnamed');
    assert.equal(c.deal('glxy-coreweave-helios')!.endUserEntity, null);
    const fluidstack = c.deals.filter((d) => d.counterpartyEntity === 'Fluidstack').map((d) => d.id);
    assert.deepEqual(fluidstack, [
      'wulf-fluidstack-lake-mariner-2025',
      'wulf-fluidstack-cb5-2025',
      'wulf-fluidstack-abernathy-jv-2025',
      'cifr-fluidstack-barber-lake-2025',
      'hut-fluidstack-anthropic-river-bend-2025',
    ]);
  });

  it("Google's backstops: $1.8B + incremental $1.4B at Lake Mariner (the text's ~$3.2B, not counted twice), ~$1.3B Abernathy, $1.4B Barber Lake, undisclosed at River Bend", () => {
    const google = (id: string) => c.deal(id)!.backstops!.map((b) => [b.guarantor, b.amountUSD]);
    assert.deepEqual(google('wulf-fluidstack-lake-mariner-2025'), [['Google', 1_800_000_000]]);
    assert.deepEqual(google('wulf-fluidstack-cb5-2025'), [['Google', 1_400_000_000]]);
    assert.deepEqual(google('wulf-fluidstack-abernathy-jv-2025'), [['Google', 1_300_000_000]]);
    assert.deepEqual(google('cifr-fluidstack-barber-lake-2025'), [['Google', 1_400_000_000]]);
    assert.deepEqual(google('hut-fluidstack-anthropic-river-bend-2025'), [['Google', null]]);
    const cb5 = c.deal('wulf-fluidstack-cb5-2025')!;
    assert.match(cb5.counterpartyBacker!, /~\$3\.2B total/);
    assert.match(cb5.backstops![0]!.note!, /\$3\.2B total is this \$1\.4B plus the \$1\.8B/);
    // 1.8 + 1.4 = 3.2: the two backstops are the text's total.
    assert.equal(c.deal('wulf-fluidstack-lake-mariner-2025')!.backstops![0]!.amountUSD! + cb5.backstops![0]!.amountUSD!, 3_200_000_000);
    assert.match(
      c.deal('hut-fluidstack-anthropic-river-bend-2025')!.backstops![0]!.covers,
      /lease payments and certain pass-through obligations for the base term/,
    );
    assert.deepEqual(c.deal('cifr-aws-2025')!.backstops, [], '"n/a (hyperscaler is the direct tenant)" is no backstop');
    assert.equal(c.deal('cifr-aws-2025')!.counterpartyBacker, 'n/a (hyperscaler is the direct tenant)');
  });
});

describe('catalog: the build checks entities and backstops against the reference', function () {
  this.timeout(30_000);
  before(function () {
    if (!existsSync(REFERENCE)) this.skip();
  });

  it('the unchanged reference builds', () => {
    const r = buildFrom(() => {});
    assert.equal(r.status, 0, r.stderr);
  });

  it('a backstop quote no longer in the backer text fails the build', () => {
    const r = buildFrom((f) => {
      const d = dealOf(f, 'wulf-fluidstack-lake-mariner-2025');
      d.counterpartyBacker = String(d.counterpartyBacker).replace('$1.8B', '$1.9B');
    });
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /wulf-fluidstack-lake-mariner-2025 backstop 0 \(Google\): quote "backstop \$1\.8B of Fluidstack lease obligations" is not in the counterpartyBacker text/,
    );
  });

  it('a backer text the table does not judge fails the build; so does a changed "n/a" text', () => {
    let r = buildFrom((f) => (dealOf(f, 'riot-amd-rockdale-2026').counterpartyBacker = 'AMD parent guarantee of $300M'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /riot-amd-rockdale-2026: counterpartyBacker "AMD parent guarantee of \$300M" is not in BACKSTOPS/);
    r = buildFrom((f) => (dealOf(f, 'cifr-aws-2025').counterpartyBacker = 'Amazon.com guarantee'));
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /cifr-aws-2025: BACKSTOPS says no backstop for "n\/a \(hyperscaler is the direct tenant\)", the reference has "Amazon\.com guarantee"/,
    );
    r = buildFrom((f) => (dealOf(f, 'cifr-fluidstack-barber-lake-2025').counterpartyBacker = null));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cifr-fluidstack-barber-lake-2025: in BACKSTOPS but its counterpartyBacker is null/);
  });

  it('a changed counterparty or end user fails the build (the identification is checked against the text)', () => {
    let r = buildFrom((f) => (dealOf(f, 'apld-hyperscaler-polaris-forge-2-2025').counterparty = 'U.S.-based investment-grade hyperscaler'));
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /apld-hyperscaler-polaris-forge-2-2025: ENTITIES expects counterparty "U\.S\.-based investment-grade hyperscaler \(identified as Oracle…"/,
    );
    r = buildFrom((f) => (dealOf(f, 'wulf-fluidstack-cb5-2025').endUser = 'Google DeepMind'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /wulf-fluidstack-cb5-2025: ENTITIES expects endUser null, the reference has "Google DeepMind"/);
  });

  it('checkBackstops: an amount not in its quote, an undisclosed amount whose quote gives one, a guarantor the text does not name', () => {
    const text = JSON.stringify('Google (backstop $1.8B of Fluidstack lease obligations)');
    const run = (backstop: object) =>
      scriptCheck(`try { b.checkBackstops('deal x', ${text}, [${JSON.stringify(backstop)}]); console.log('ok'); } catch (e) { console.log(e.message); }`);
    const good = { guarantor: 'Google', amountUSD: 1_800_000_000, covers: 'leases', quote: 'backstop $1.8B of Fluidstack lease obligations' };
    assert.equal(run(good).stdout.trim(), 'ok', run(good).stderr);
    assert.match(
      run({ ...good, amountUSD: 1_900_000_000 }).stdout,
      /amount 1900000000 is not in the quote "backstop \$1\.8B of Fluidstack lease obligations" \(its amounts: 1800000000\)/,
    );
    assert.match(run({ ...good, amountUSD: null }).stdout, /amountUSD is null but the quote gives 1800000000/);
    assert.match(run({ ...good, quote: 'of Fluidstack lease obligations', amountUSD: 1_800_000_000 }).stdout, /is not in the quote/);
    assert.match(run({ ...good, guarantor: 'Alphabet' }).stdout, /does not name the guarantor/);
    const amounts = scriptCheck(`console.log(JSON.stringify(b.dollarAmounts('~$1.3B, $430M, $2.5 billion and 8%')))`);
    assert.equal(amounts.stdout.trim(), '[1300000000,430000000,2500000000]', amounts.stderr);
  });
});

describe('catalog: entities and backstops in a workspace override', () => {
  it('an override sets the entity and replaces the backstops list; merged like any field', () => {
    const text = `{ "deals": [ { "id": "hut-fluidstack-anthropic-river-bend-2025",
      "backstops": [ { "guarantor": "Google", "amountUSD": 2000000000, "covers": "lease payments", "quote": "financial backstop of lease payments" } ],
      "sources": [${SRC}] },
      { "id": "apld-hyperscaler-polaris-forge-2-2025", "counterpartyEntity": null, "counterpartyEntityNote": "not confirmed" } ] }`;
    const loaded = loadCatalog(readCatalogFile(SHIPPED), { text, file: OVERRIDE });
    assert.deepEqual(
      loaded.problems.filter((p) => p.file === OVERRIDE),
      [],
    );
    const hut = loaded.catalog.deal('hut-fluidstack-anthropic-river-bend-2025')!;
    assert.deepEqual(
      hut.backstops!.map((b) => b.amountUSD),
      [2_000_000_000],
    );
    assert.equal(hut.counterpartyEntity, 'Fluidstack', 'fields not given are kept');
    assert.ok(hut.origin!.some((o) => o.file === OVERRIDE && o.fields.includes('backstops')));
    assert.equal(loaded.catalog.deal('apld-hyperscaler-polaris-forge-2-2025')!.counterpartyEntity, null);
  });

  it('a quote not in the backer text and a changed backstop without a source are warnings; the entry is kept', () => {
    const { valid, problems } = check(`{ "deals": [ { "id": "cifr-fluidstack-barber-lake-2025",
      "backstops": [ { "guarantor": "Google", "amountUSD": 1500000000, "covers": "leases", "quote": "backstops $1.5B" } ] } ] }`);
    const warnings = problems.filter((p) => p.severity === 'warning');
    assert.equal(problems.length, 2, JSON.stringify(problems, null, 1));
    assert.ok(
      warnings.some((p) => p.field === 'deals[0].backstops[0].quote' && /not in the deal's counterpartyBacker "Google \(backstops \$1\.4B/.test(p.message)),
    );
    assert.ok(warnings.some((p) => p.field === 'deals[0].backstops' && /changed figure without a source/.test(p.message)));
    assert.equal(valid.deals!.length, 1);
    // The quote is checked against the entry's own backer text when it gives one.
    const own = check(`{ "deals": [ { "id": "cifr-fluidstack-barber-lake-2025", "counterpartyBacker": "Google backstops $1.5B", "sources": [${SRC}],
      "backstops": [ { "guarantor": "Google", "amountUSD": 1500000000, "covers": "leases", "quote": "backstops $1.5B" } ] } ] }`);
    assert.deepEqual(own.problems, []);
  });

  it('a backstop without a quote or with a negative amount, or an empty entity name, is an error (the entry is dropped)', () => {
    const { valid, problems } = check(`{ "deals": [ { "id": "cifr-aws-2025", "sources": [${SRC}],
      "backstops": [ { "guarantor": "Amazon.com", "amountUSD": -1, "covers": "rent" } ] } ] }`);
    assert.ok(problems.some((p) => p.field === 'deals[0].backstops[0].quote' && /missing required field "quote"/.test(p.message)));
    assert.ok(problems.some((p) => p.field === 'deals[0].backstops[0].amountUSD' && /negative value/.test(p.message)));
    assert.equal(valid.deals!.length, 0);
    const empty = check(`{ "deals": [ { "id": "cifr-aws-2025", "counterpartyEntity": "" } ] }`);
    assert.ok(empty.problems.some((p) => p.field === 'deals[0].counterpartyEntity' && /must not be empty/.test(p.message)));
  });
});
