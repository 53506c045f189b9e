import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import precompiledValidator from '../../src/catalog/generated/catalogSchemaValidator';
import {
  Catalog,
  CONFIDENCES,
  DEAL_KINDS,
  DEAL_STAGES,
  FLEET_FACTS,
  MW_BASIS_KINDS,
  PIVOT_RELATIONS,
  PIVOT_STATUSES,
  catalogSchema,
  isCalendarDate,
  loadCatalog,
  mergeCatalogs,
  parseCatalogText,
  readCatalogFile,
  validateCatalog,
  type CatalogProblem,
} from '../../src/catalog';
import { fixture } from '../support/fixtures';

const root = process.cwd();
const SHIPPED = path.join(root, 'media/catalog/catalog.json');
const SCHEMA = path.join(root, 'media/catalog/catalog.schema.json');
const REFERENCE = fixture('reference', 'ai_mining_facts.json');
const FLEET_REFERENCE = fixture('reference', 'miner_fleet_facts.json');

const shipped = () => readCatalogFile(SHIPPED);
const base = () => loadCatalog(shipped()).catalog;
const OVERRIDE = '/ws/.hashpivot/catalog.json';

/** Validates an override text over the shipped catalog. */
function check(text: string, over: Catalog | undefined = base()) {
  const parsed = parseCatalogText(text, OVERRIDE);
  assert.equal(parsed.problems.length, 0, JSON.stringify(parsed.problems));
  return validateCatalog(parsed.data, OVERRIDE, text, over);
}

function only(problems: CatalogProblem[], severity: 'error' | 'warning' = 'error'): CatalogProblem {
  const list = problems.filter((p) => p.severity === severity);
  assert.equal(list.length, 1, JSON.stringify(problems, null, 1));
  return list[0]!;
}

/** The problem points at exactly `needle` in the text. */
function pointsAt(p: CatalogProblem, text: string, needle: string, from = 0): void {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" not in text`);
  assert.equal(p.offset, at, `offset of ${needle}: ${JSON.stringify(p)}`);
  assert.equal(p.length, needle.length);
}

const SRC = '{ "title": "Company release", "url": "https://example.com/release", "date": "2026-02-01" }';

describe('catalog: schema', () => {
  // A parsed JSON document, walked freely below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, any>;

  it('is a draft-07 schema with the VS Code extensions (descriptions, enums, snippets) and compiles', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.allowComments, true);
    assert.deepEqual(schema, catalogSchema, 'the loader uses the same schema as VS Code');
    for (const def of ['miner', 'deal']) {
      assert.ok(schema.definitions[def].defaultSnippets.length >= 1);
      for (const [k, v] of Object.entries(schema.definitions[def].properties as Record<string, Record<string, string | undefined>>)) {
        const described = v.description ?? v.markdownDescription ?? schema.definitions[(v.$ref ?? '').split('/').pop() ?? '']?.description;
        if (!k.endsWith('Note') && k !== 'notes' && k !== 'hardware' && k !== 'milestones') assert.ok(described, `${def}.${k} has a description for hovers`);
      }
    }
    assert.equal(schema.definitions.date.pattern, '^\\d{4}-\\d{2}(-\\d{2})?$');
    assert.equal(schema.definitions.money.minimum, 0);
    assert.equal(schema.definitions.megawatts.minimum, 0);
  });

  it('shared definitions used beside a description carry none (VS Code copies a $ref target over its siblings)', () => {
    for (const name of ['date', 'nullableDate', 'money', 'megawatts', 'note', 'ticker', 'dealId'])
      assert.equal(schema.definitions[name].description, undefined, name);
  });

  it('has the same enums as the TypeScript types', () => {
    const d = schema.definitions;
    assert.deepEqual(d.confidence.enum, CONFIDENCES);
    assert.deepEqual(d.miner.properties.pivotStatus.enum, PIVOT_STATUSES);
    assert.deepEqual(d.deal.properties.kind.enum, DEAL_KINDS);
    assert.deepEqual(d.deal.properties.stage.enum, DEAL_STAGES);
    assert.deepEqual(d.debtRaise.properties.pivotRelated.enum, PIVOT_RELATIONS);
    for (const e of [d.confidence, d.miner.properties.pivotStatus, d.deal.properties.kind, d.deal.properties.stage])
      assert.equal(e.enumDescriptions.length, e.enum.length);
  });

  it('the shipped catalog passes the schema in a plain draft-07 validator', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const ok = ajv.validate(schema, JSON.parse(readFileSync(SHIPPED, 'utf8')));
    assert.ok(ok, JSON.stringify(ajv.errors));
  });

  it('the precompiled validator is up to date with the schema and reports what a run-time compile reports', () => {
    const check = spawnSync(process.execPath, ['scripts/build-schema-validator.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true, logger: false });
    for (const k of [
      'markdownDescription',
      'patternErrorMessage',
      'enumDescriptions',
      'markdownEnumDescriptions',
      'defaultSnippets',
      'allowComments',
      'allowTrailingCommas',
      'doNotSuggest',
      'deprecationMessage',
      'errorMessage',
    ])
      ajv.addKeyword(k);
    const runtime = ajv.compile(schema);
    const bad = { deals: [{ id: 'x', valueUSD: -1, kind: 'nope', announced: '2025-1-1', extra: true, sources: [] }], miners: [{ name: 3 }], asOf: 5 };
    const precompiled = precompiledValidator;
    assert.equal(precompiled(bad), false);
    assert.equal(runtime(bad), false);
    assert.deepEqual(precompiled.errors, runtime.errors);
    assert.ok(precompiled.errors!.length >= 6);
  });

  it('an override entry needs only its key in the schema (the loader decides what a new entry needs)', () => {
    assert.deepEqual(schema.definitions.miner.required, ['ticker']);
    assert.deepEqual(schema.definitions.deal.required, ['id']);
  });
});

describe('catalog: the shipped catalog', () => {
  const text = readFileSync(SHIPPED, 'utf8');
  const file = JSON.parse(text);
  const loaded = loadCatalog(shipped());
  const c = loaded.catalog;

  it('loads with no problem: 13 miners (Galaxy included) and 21 deals', () => {
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.sources, [SHIPPED]);
    assert.deepEqual(c.tickers(), ['CORZ', 'CLSK', 'BITF', 'IREN', 'WULF', 'MARA', 'RIOT', 'HUT', 'CIFR', 'HIVE', 'BTDR', 'APLD', 'GLXY']);
    assert.equal(c.deals.length, 21);
    assert.equal(c.asOf, '2026-06-29');
  });

  it('every record has sources, an as-of date and a confidence; every deal belongs to a catalog company', () => {
    for (const r of [...c.miners, ...c.deals]) {
      assert.ok(r.sources.length >= 1, `${'ticker' in r ? r.ticker : r.id} has sources`);
      assert.ok(r.sources.every((s) => /^https?:\/\//.test(s.url)));
      assert.match(r.asOf ?? '', /^\d{4}-\d{2}(-\d{2})?$/);
      assert.ok(CONFIDENCES.includes(r.confidence));
    }
    for (const d of c.deals) assert.ok(c.miner(d.provider)?.dealIds.includes(d.id), `${d.id} provided by ${d.provider}`);
  });

  it('keeps figures exactly, and unknowns as null with their note', () => {
    const iren = c.deal('iren-microsoft-2025')!;
    assert.equal(iren.valueUSD, 9_700_000_000);
    assert.equal(iren.mw, 200);
    assert.equal(iren.termYears, 5);
    assert.equal(c.deal('wulf-fluidstack-abernathy-jv-2025')!.valueUSD, 9_500_000_000);
    assert.deepEqual(c.miner('CORZ')!.totalPowerCapacity && { v: c.miner('CORZ')!.totalPowerCapacity!.value, u: c.miner('CORZ')!.totalPowerCapacity!.unit }, {
      v: 1.3,
      u: 'GW',
    });
    const wulf = c.miner('WULF')!;
    assert.equal(wulf.contractedHpcMW, 510);
    assert.equal(wulf.totalPowerCapacity, null);
    assert.match(wulf.totalPowerCapacityNote!, /No company-wide figure/);
    assert.equal(c.miner('CLSK')!.contractedHpcMW, null);
    assert.match(c.miner('CLSK')!.contractedHpcMWNote!, /No tenant/);
    assert.equal(c.deal('glxy-coreweave-helios')!.valueUSD, null);
    assert.match(c.deal('glxy-coreweave-helios')!.valueNote!, /not a company figure/);
    assert.equal(c.deal('mara-mplx-loi-2025')!.valueNote, 'No value disclosed in the retrieved sources.');
    assert.equal(c.miner('CIFR')!.headquarters, null);
    assert.match(c.miner('CIFR')!.headquartersNote!, /not in retrieved sources/);
    assert.deepEqual(c.miner('HIVE')!.exchanges, ['Nasdaq', 'TSX']);
    assert.match(c.miner('HIVE')!.exchangesNote!, /venture-board listing not confirmed/);
  });

  it('keeps the unconfirmed notes, per company and catalog-wide', () => {
    assert.ok(c.miner('IREN')!.unconfirmed!.some((u) => u.includes('$2.3B convertible proposal')));
    assert.ok(c.miner('GLXY')!.unconfirmed!.some((u) => u.includes('debt amount or debt+equity')));
    assert.ok(c.unconfirmed.some((u) => u.includes('CoinDesk 20')));
    assert.ok(c.unconfirmed.some((u) => u.includes('Pivot-specific debt for Riot, HIVE and Hut 8')));
    const proposed = c.miner('IREN')!.debtRaises!.find((d) => d.amountUSD === 2_300_000_000)!;
    assert.equal(proposed.pivotRelated, 'unclear');
    assert.equal(proposed.confidence, 'low');
  });

  it('records its origin, and is what scripts/build-catalog.mjs builds from the reference', function () {
    assert.equal(file.generatedFrom.file, 'fixtures/reference/ai_mining_facts.json');
    assert.equal(file.generatedFrom.asOf, '2026-06-29');
    const origin = readFileSync(path.join(root, 'media/catalog/ORIGIN.md'), 'utf8');
    assert.match(origin, /This is a derivation/);
    assert.match(origin, new RegExp(file.generatedFrom.sha256));
    if (!existsSync(REFERENCE)) this.skip();
    assert.equal(createHash('sha256').update(readFileSync(REFERENCE)).digest('hex'), file.generatedFrom.sha256);
    assert.ok(origin.includes(readFileSync(path.join(path.dirname(REFERENCE), 'README.md'), 'utf8')));
    assert.ok(origin.endsWith(readFileSync(fixture('reference', 'miner_fleet_facts.md'), 'utf8')));
    assert.equal(file.generatedFrom.fleetFacts.file, 'fixtures/reference/miner_fleet_facts.json');
    assert.equal(createHash('sha256').update(readFileSync(FLEET_REFERENCE)).digest('hex'), file.generatedFrom.fleetFacts.sha256);
    assert.match(origin, new RegExp(file.generatedFrom.fleetFacts.sha256));
    assert.match(origin, /Neither reference file states a licence/);
  });

  it('is byte for byte what scripts/build-catalog.mjs builds now (deterministic, up to date)', function () {
    if (!existsSync(REFERENCE)) this.skip();
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-catalog.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /catalog up to date \(13 miners, 21 deals\)/);
  });

  it('classifies deals: the failed CoreWeave–Core Scientific merger is a terminated acquisition', () => {
    const m = c.deal('corz-coreweave-acquisition-2025')!;
    assert.equal(m.kind, 'acquisition');
    assert.equal(m.stage, 'terminated');
    assert.equal(c.deal('btdr-tydal-colocation-2026')!.stage, 'conditional');
    assert.equal(c.deal('mara-mplx-loi-2025')!.kind, 'letter-of-intent');
    assert.equal(c.deal('hive-gta-ai-gigafactory-2026')!.kind, 'development-plan');
    assert.equal(c.deal('iren-microsoft-2025')!.kind, 'cloud-services');
  });
});

describe('catalog: fleet facts', () => {
  const c = base();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const reference = JSON.parse(readFileSync(FLEET_REFERENCE, 'utf8')) as { companies: Array<Record<string, any>> };

  it('every miner has the six facts; each has a confidence, and every figure has a source', () => {
    for (const m of c.miners) {
      assert.ok(m.fleet, `${m.ticker} has fleet facts`);
      assert.deepEqual(Object.keys(m.fleet), [...FLEET_FACTS], m.ticker);
      for (const name of FLEET_FACTS) {
        const f = m.fleet[name]!;
        assert.ok(CONFIDENCES.includes(f.confidence), `${m.ticker}.${name} confidence`);
        assert.ok(f.value === null || (typeof f.value === 'number' && Number.isFinite(f.value)), `${m.ticker}.${name} value`);
        if (f.value !== null) assert.ok((f.sources ?? []).length >= 1, `${m.ticker}.${name} has a value and a source`);
        if (f.value === null) assert.ok(f.note, `${m.ticker}.${name} is null with a note`);
        for (const s of f.sources ?? []) assert.match(s.url, /^https?:\/\/\S+$/);
      }
    }
  });

  it("values, totals, splits, units, dates and confidences are the reference's; nulls stay null", () => {
    assert.equal(reference.companies.length, 13);
    for (const rc of reference.companies) {
      const m = c.miner(rc.ticker)!;
      for (const name of FLEET_FACTS) {
        const f = m.fleet![name] as unknown as Record<string, unknown>;
        for (const k of ['value', 'total', 'mining', 'hpc', 'unit', 'metric', 'basis', 'asOf', 'period', 'confidence', 'note'])
          if (k in rc[name]) assert.deepEqual(f[k], rc[name][k], `${rc.ticker}.${name}.${k}`);
        assert.equal((f.sources as unknown[]).length, rc[name].sources.length, `${rc.ticker}.${name} sources`);
      }
    }
    assert.equal(c.miner('CLSK')!.fleet!.efficiencyJTH!.value, 16.7);
    assert.equal(c.miner('RIOT')!.fleet!.efficiencyJTH!.value, 20.5);
    assert.equal(c.miner('WULF')!.fleet!.efficiencyJTH!.value, null);
    assert.equal(c.miner('MARA')!.fleet!.btcHoldings!.value, 53_822);
    assert.deepEqual(
      { ...c.miner('CLSK')!.fleet!.costPerBTC, sources: undefined, note: undefined, asOf: undefined, period: undefined },
      {
        value: 5.6,
        unit: 'c/kWh',
        metric: 'average power price',
        confidence: 'medium',
        sources: undefined,
        note: undefined,
        asOf: undefined,
        period: undefined,
      },
    );
    assert.equal(c.miner('CIFR')!.fleet!.powerMW!.mining, 423);
    assert.equal(c.miner('CIFR')!.fleet!.powerMW!.total, null);
  });

  it('source dates and URLs that are not one keep their text in the source note', () => {
    const s = c.miner('CORZ')!.fleet!.btcHoldings!.sources![0]!;
    assert.equal(s.url, 'https://fintool.com');
    assert.equal(s.date, '2025-10');
    assert.match(s.note!, /URL as given: "https:\/\/fintool\.com \(CORZ Q3 2025/);
    assert.match(s.note!, /date as given: "2025-10 \(approx\.\)"/);
  });

  it('deals say what their MW measures: critical IT, gross or unknown', () => {
    assert.equal(c.deal('wulf-fluidstack-abernathy-jv-2025')!.mwBasisKind, 'critical-it');
    assert.equal(c.deal('glxy-coreweave-helios')!.mwBasisKind, 'gross');
    assert.equal(c.deal('cifr-aws-2025')!.mwBasisKind, 'unknown');
    assert.match(c.deal('cifr-aws-2025')!.mwBasisKindNote!, /300 MW gross/);
    for (const d of c.deals) {
      if (d.mw === null || d.mw === undefined) assert.equal(d.mwBasisKind, undefined, d.id);
      else assert.ok(MW_BASIS_KINDS.includes(d.mwBasisKind!), d.id);
    }
  });

  it('a fleet fact with a value but no source, or null without a note, is a warning; the entry is kept', () => {
    const text = `{ "miners": [ { "ticker": "WULF", "fleet": { "efficiencyJTH": { "value": 17, "confidence": "low" }, "btcHoldings": { "value": null, "confidence": "low" } } } ] }`;
    const { valid, problems } = check(text);
    const warnings = problems.filter((p) => p.severity === 'warning');
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.ok(warnings.some((p) => p.field === 'miners[0].fleet.efficiencyJTH.sources' && /no source/.test(p.message)));
    assert.ok(warnings.some((p) => p.field === 'miners[0].fleet.btcHoldings.value' && /without a note/.test(p.message)));
    assert.equal(valid.miners!.length, 1);
  });

  it('a wrong fleet fact (a string value, a negative figure, an unknown unit) is an error', () => {
    const text = `{ "miners": [ { "ticker": "WULF", "fleet": { "efficiencyJTH": { "value": "17", "confidence": "low" }, "costPerBTC": { "value": -1, "unit": "EUR", "confidence": "low" } } } ] }`;
    const { valid, problems } = check(text);
    assert.ok(problems.some((p) => p.field === 'miners[0].fleet.efficiencyJTH.value' && /wrong type/.test(p.message)));
    assert.ok(problems.some((p) => p.field === 'miners[0].fleet.costPerBTC.value' && /negative/.test(p.message)));
    assert.ok(problems.some((p) => p.field === 'miners[0].fleet.costPerBTC.unit' && /unknown value/.test(p.message)));
    assert.equal(valid.miners!.length, 0);
  });
});

describe('catalog: Catalog lookups', () => {
  const c = base();
  it('finds miners case-insensitively and with a $', () => {
    assert.equal(c.miner('$iren')?.ticker, 'IREN');
    assert.equal(c.miner('NOPE'), undefined);
  });
  it('dealsOf: the dealIds in order, then deals the company provides', () => {
    assert.deepEqual(
      c.dealsOf('WULF').map((d) => d.id),
      ['wulf-fluidstack-lake-mariner-2025', 'wulf-fluidstack-cb5-2025', 'wulf-fluidstack-abernathy-jv-2025'],
    );
    assert.deepEqual(c.dealsOf('NOPE'), []);
  });
});

describe('catalog: parsing', () => {
  it('accepts comments and trailing commas', () => {
    const r = parseCatalogText('// notes\n{ "miners": [], /* none */ "deals": [], }', 'f.json');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.data, { miners: [], deals: [] });
  });
  it('a syntax error is a problem with its offset, and no data', () => {
    const text = '{ "miners": [ { "ticker": "IREN" "name": "x" } ] }';
    const r = parseCatalogText(text, 'f.json');
    assert.equal(r.data, undefined);
    const p = only(r.problems);
    assert.equal(p.file, 'f.json');
    assert.match(p.message, /syntax error: comma expected/);
    assert.equal(p.offset, text.indexOf('"name"'));
  });
  it('checks calendar dates', () => {
    for (const ok of ['2025-02-28', '2024-02-29', '2025-11', '2024']) assert.ok(isCalendarDate(ok), ok);
    for (const bad of ['2025-02-29', '2025-13', '2025-00-10', '2025-04-31', '25-01-01', '']) assert.ok(!isCalendarDate(bad), bad);
  });
});

describe('catalog: invalid entries (file, entry, field, position)', () => {
  it('wrong type: the entry is dropped, the valid rest kept', () => {
    const text = `{ "deals": [
      { "id": "iren-microsoft-2025", "valueUSD": "9.7B" },
      { "id": "wulf-fluidstack-cb5-2025", "valueNote": "still undisclosed" }
    ] }`;
    const { valid, problems } = check(text);
    const p = only(problems);
    assert.equal(p.file, OVERRIDE);
    assert.equal(p.entry, 'iren-microsoft-2025');
    assert.equal(p.field, 'deals[0].valueUSD');
    assert.match(p.message, /wrong type: expected a number or null, got a string \("9.7B"\)/);
    assert.match(p.message, / — this entry is not used$/);
    pointsAt(p, text, '"9.7B"');
    assert.deepEqual(
      valid.deals!.map((d) => d.id),
      ['wulf-fluidstack-cb5-2025'],
    );
  });

  it("unknown deal id in a miner's dealIds", () => {
    const text = `{ "miners": [ { "ticker": "IREN", "dealIds": ["iren-microsoft-2025", "iren-typo"] } ] }`;
    const { valid, problems } = check(text);
    const p = only(problems);
    assert.equal(p.entry, 'IREN');
    assert.equal(p.field, 'miners[0].dealIds[1]');
    assert.match(p.message, /unknown deal id: no deal "iren-typo"/);
    pointsAt(p, text, '"iren-typo"');
    assert.deepEqual(valid.miners, []);
  });

  it('a deal id defined by a new deal of the same file is known; one whose deal is invalid says so', () => {
    const text = `{
      "deals": [
        { "id": "iren-new-2026", "name": "New", "kind": "lease", "provider": "IREN", "stage": "contracted", "confidence": "medium", "sources": [${SRC}] },
        { "id": "iren-bad-2026", "name": "Bad", "kind": "lease", "provider": "IREN", "stage": "contracted", "confidence": "medium", "mw": -1, "sources": [${SRC}] }
      ],
      "miners": [ { "ticker": "IREN", "dealIds": ["iren-microsoft-2025", "iren-new-2026", "iren-bad-2026"] } ]
    }`;
    const { valid, problems } = check(text);
    const p = problems.find((x) => x.field === 'miners[0].dealIds[2]')!;
    assert.match(p.message, /deal "iren-bad-2026" of this file is invalid/);
    assert.deepEqual(
      valid.deals!.map((d) => d.id),
      ['iren-new-2026'],
    );
  });

  it('negative value', () => {
    const text = `{ "deals": [ { "id": "riot-amd-rockdale-2026", "mw": -25, "sources": [${SRC}] } ] }`;
    const p = only(check(text).problems);
    assert.equal(p.field, 'deals[0].mw');
    assert.match(p.message, /negative value: must be 0 or more, got -25/);
    pointsAt(p, text, '-25');
  });

  it('negative value nested in a debt raise', () => {
    const text = `{ "miners": [ { "ticker": "RIOT", "debtRaises": [ { "instrument": "notes", "amountUSD": -1, "sources": [${SRC}] } ] } ] }`;
    const p = only(check(text).problems);
    assert.equal(p.field, 'miners[0].debtRaises[0].amountUSD');
    assert.match(p.message, /negative value/);
  });

  it('bad date: a wrong format and a date that is not in the calendar', () => {
    const text = `{ "deals": [
      { "id": "cifr-aws-2025", "announced": "2025/11/03" },
      { "id": "hut-highrise-gpuaas-2024", "announced": "2024-02-30" }
    ] }`;
    const { problems } = check(text);
    assert.equal(problems.length, 2);
    assert.equal(problems[0]!.field, 'deals[0].announced');
    assert.match(problems[0]!.message, /^bad date: write YYYY-MM-DD, or YYYY-MM/);
    pointsAt(problems[0]!, text, '"2025/11/03"');
    assert.equal(problems[1]!.field, 'deals[1].announced');
    assert.match(problems[1]!.message, /bad date: "2024-02-30" is not a calendar date/);
    pointsAt(problems[1]!, text, '"2024-02-30"');
  });

  it('bad date in a source', () => {
    const text = `{ "miners": [ { "ticker": "HUT", "sources": [ { "title": "t", "url": "https://e.com", "date": "2025-19" } ] } ] }`;
    const p = only(check(text).problems);
    assert.equal(p.field, 'miners[0].sources[0].date');
  });

  it('duplicate id or ticker within one file: the later entry is rejected, the first kept', () => {
    const text = `{
      "miners": [ { "ticker": "IREN", "notes": "a" }, { "ticker": "IREN", "notes": "b" } ],
      "deals": [ { "id": "cifr-aws-2025", "notes": "a" }, { "id": "cifr-aws-2025", "notes": "b" } ]
    }`;
    const { valid, problems } = check(text);
    assert.equal(problems.length, 2);
    const m = problems.find((p) => p.field === 'miners[1].ticker')!;
    assert.match(m.message, /duplicate ticker "IREN": already defined by miners\[0\]/);
    pointsAt(m, text, '"IREN"', text.indexOf('"IREN"') + 1);
    assert.ok(problems.some((p) => p.field === 'deals[1].id' && /duplicate deal id/.test(p.message)));
    assert.deepEqual(valid.miners, [{ ticker: 'IREN', notes: 'a' }]);
    assert.deepEqual(valid.deals, [{ id: 'cifr-aws-2025', notes: 'a' }]);
  });

  it('missing source: a new record needs one; an override of an existing one does not', () => {
    const text = `{
      "miners": [ { "ticker": "NEWM", "name": "New Miner", "pivotStatus": "announced", "confidence": "low" } ],
      "deals": [
        { "id": "newm-deal", "name": "x", "kind": "lease", "provider": "NEWM", "stage": "contracted", "confidence": "low", "sources": [] },
        { "id": "cifr-aws-2025", "notes": "site named later" }
      ]
    }`;
    const { valid, problems } = check(text);
    const miner = problems.find((p) => p.entry === 'NEWM')!;
    assert.equal(miner.field, 'miners[0].sources');
    assert.match(miner.message, /missing source: a new miner needs at least one source/);
    pointsAt(miner, text, '"NEWM"');
    const deal = problems.find((p) => p.entry === 'newm-deal')!;
    assert.equal(deal.field, 'deals[0].sources');
    assert.match(deal.message, /missing source/);
    assert.equal(problems.length, 2);
    assert.deepEqual(
      valid.deals!.map((d) => d.id),
      ['cifr-aws-2025'],
    );
  });

  it('a changed figure without a source is a warning; the entry is kept', () => {
    const text = `{ "deals": [ { "id": "cifr-aws-2025", "valueUSD": 6000000000 }, { "id": "riot-amd-rockdale-2026", "valueUSD": 311000000 } ] }`;
    const { valid, problems } = check(text);
    const p = only(problems, 'warning');
    assert.equal(problems.length, 1, 'an unchanged figure needs no source');
    assert.equal(p.entry, 'cifr-aws-2025');
    assert.equal(p.field, 'deals[0].valueUSD');
    assert.match(p.message, /changed figure without a source/);
    pointsAt(p, text, '6000000000');
    assert.equal(valid.deals!.length, 2);
  });

  it('unknown fields are warnings and are ignored', () => {
    const text = `{ "deals": [ { "id": "cifr-aws-2025", "valu": 1, "sources": [ { "title": "t", "url": "https://e.com", "pages": 3 } ] } ], "extra": true }`;
    const { valid, problems } = check(text);
    assert.ok(problems.every((p) => p.severity === 'warning'));
    const valu = problems.find((p) => p.field === 'deals[0].valu')!;
    assert.match(valu.message, /unknown field "valu" \(ignored\)/);
    pointsAt(valu, text, '"valu"');
    assert.ok(problems.some((p) => p.field === 'deals[0].sources[0].pages'));
    const top = problems.find((p) => p.field === 'extra')!;
    assert.equal(top.entry, undefined);
    assert.deepEqual(valid.deals, [{ id: 'cifr-aws-2025', sources: [{ title: 't', url: 'https://e.com' }] }]);
  });

  it('unknown enum value (pivotStatus, confidence, kind, stage)', () => {
    const text = `{
      "miners": [ { "ticker": "MARA", "pivotStatus": "live" }, { "ticker": "RIOT", "confidence": "certain" } ],
      "deals": [ { "id": "cifr-aws-2025", "kind": "rental", "stage": "done" } ]
    }`;
    const { valid, problems } = check(text);
    const ps = problems.find((p) => p.field === 'miners[0].pivotStatus')!;
    assert.match(ps.message, /unknown value "live": expected one of none, announced, contracted, energized/);
    pointsAt(ps, text, '"live"');
    assert.ok(problems.some((p) => p.field === 'miners[1].confidence' && /unknown value "certain"/.test(p.message)));
    assert.ok(problems.some((p) => p.field === 'deals[0].kind'));
    assert.ok(problems.some((p) => p.field === 'deals[0].stage'));
    assert.deepEqual(valid.miners, []);
    assert.deepEqual(valid.deals, []);
  });

  it('a new record needs its required fields; no confidence is a warning', () => {
    const text = `{ "deals": [ { "id": "x-new", "name": "X", "sources": [${SRC}] } ] }`;
    const { problems } = check(text);
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.field);
    assert.deepEqual(errors.sort(), ['deals[0].kind', 'deals[0].provider', 'deals[0].stage']);
    assert.ok(problems.some((p) => p.severity === 'warning' && p.field === 'deals[0].confidence'));
    assert.ok(problems.every((p) => p.entry === 'x-new'));
  });

  it('an entry without its key is named by its index', () => {
    const text = `{ "deals": [ { "name": "no id" } ] }`;
    const p = only(check(text).problems);
    assert.equal(p.entry, '#0');
    assert.equal(p.field, 'deals[0].id');
    assert.match(p.message, /missing required field "id"/);
  });

  it('a null figure without a note is a warning', () => {
    const text = `{ "miners": [ { "ticker": "NEWM", "name": "N", "pivotStatus": "announced", "confidence": "low", "contractedHpcMW": null, "sources": [${SRC}] } ] }`;
    const p = only(check(text).problems, 'warning');
    assert.equal(p.field, 'miners[0].contractedHpcMW');
    assert.match(p.message, /null without a note/);
  });

  it('a file that is not an object, or whose miners is not an array', () => {
    assert.match(only(validateCatalog([], 'f.json').problems).message, /a catalog file is an object/);
    const text = `{ "miners": {}, "deals": [] }`;
    const r = check(text);
    const p = only(r.problems);
    assert.equal(p.field, 'miners');
    assert.match(p.message, /wrong type: expected an array, got an object; ignored/);
    assert.equal(r.valid.miners, undefined);
    assert.deepEqual(r.valid.deals, []);
  });

  it('without text, problems have no position', () => {
    const { problems } = validateCatalog({ deals: [{ id: 'cifr-aws-2025', mw: -1 }] }, 'f.json', undefined, base());
    assert.equal(problems[0]!.offset, undefined);
  });
});

describe('catalog: merging overrides', () => {
  const over = (text: string, b = base()) => {
    const loaded = loadCatalog(shipped(), { text, file: OVERRIDE });
    return { ...loaded, before: b };
  };

  it('an override changes only the fields it gives; its sources come first and the record keeps its own', () => {
    const { catalog, problems, sources, before } = over(
      `{ "asOf": "2026-02-01", "deals": [ { "id": "cifr-aws-2025", "valueUSD": 6000000000, "sources": [${SRC}] } ] }`,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(sources, [SHIPPED, OVERRIDE]);
    const d = catalog.deal('cifr-aws-2025')!;
    const was = before.deal('cifr-aws-2025')!;
    assert.equal(d.valueUSD, 6_000_000_000);
    assert.equal(d.mw, was.mw);
    assert.equal(d.name, was.name);
    assert.equal(d.sources[0]!.url, 'https://example.com/release');
    assert.deepEqual(d.sources.slice(1), was.sources);
    assert.equal(d.asOf, '2026-02-01');
    assert.deepEqual(d.origin!.at(-1), { file: OVERRIDE, fields: ['valueUSD', 'sources'] });
    assert.equal(base().deal('cifr-aws-2025')!.valueUSD, 5_500_000_000, 'the shipped catalog is unchanged');
  });

  it('null makes a value unknown; arrays are replaced', () => {
    const { catalog } = over(
      `{ "miners": [ { "ticker": "IREN", "exchanges": ["Nasdaq", "ASX"], "contractedHpcMW": null, "contractedHpcMWNote": "under review", "sources": [${SRC}] } ] }`,
    );
    const m = catalog.miner('IREN')!;
    assert.deepEqual(m.exchanges, ['Nasdaq', 'ASX']);
    assert.equal(m.contractedHpcMW, null);
    assert.equal(m.contractedHpcMWNote, 'under review');
    assert.equal(m.dealIds.length, 2, 'fields not given are kept');
  });

  it('new miners and deals are appended; a deal belongs to its provider without dealIds', () => {
    const text = `{
      "miners": [ { "ticker": "NEWM", "name": "New Miner Corp", "pivotStatus": "contracted", "confidence": "medium", "contractedHpcMW": 50, "sources": [${SRC}] } ],
      "deals": [ { "id": "newm-lease-2026", "name": "NEWM lease", "kind": "lease", "provider": "NEWM", "stage": "contracted", "valueUSD": 1000000000, "confidence": "medium", "sources": [${SRC}] } ]
    }`;
    const { catalog, problems } = over(text);
    assert.deepEqual(problems, []);
    assert.equal(catalog.tickers().at(-1), 'NEWM');
    const m = catalog.miner('NEWM')!;
    assert.deepEqual(m.dealIds, []);
    assert.equal(m.asOf, '2026-02-01', 'asOf from its newest source');
    assert.deepEqual(
      catalog.dealsOf('NEWM').map((d) => d.id),
      ['newm-lease-2026'],
    );
    assert.equal(catalog.deals.length, 22);
  });

  it('the valid rest of a file with invalid entries is used, and the problems name the file', () => {
    const text = `{ "deals": [ { "id": "cifr-aws-2025", "mw": -1 }, { "id": "riot-amd-rockdale-2026", "notes": "ok", "sources": [${SRC}] } ] }`;
    const { catalog, problems } = over(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, OVERRIDE);
    assert.equal(catalog.deal('cifr-aws-2025')!.mw, 300);
    assert.equal(catalog.deal('riot-amd-rockdale-2026')!.notes, 'ok');
  });

  it('a file with a syntax error is not merged', () => {
    const { catalog, problems, sources } = over('{ "deals": [ ');
    assert.deepEqual(sources, [SHIPPED]);
    assert.ok(problems.length >= 1 && problems.every((p) => p.file === OVERRIDE));
    assert.equal(catalog.deals.length, 21);
  });

  it('a fleet fact overrides that fact only: the other facts and the record are kept, origin names the fact', () => {
    const fact = `{ "value": 17.2, "asOf": "2026-01-31", "confidence": "medium", "note": "Q4 2025 shareholder letter", "sources": [${SRC}] }`;
    const { catalog, problems, before } = over(`{ "miners": [ { "ticker": "WULF", "fleet": { "efficiencyJTH": ${fact} } } ] }`);
    assert.deepEqual(problems, []);
    const f = catalog.miner('WULF')!.fleet!;
    const was = before.miner('WULF')!.fleet!;
    assert.equal(f.efficiencyJTH!.value, 17.2);
    assert.equal(f.efficiencyJTH!.sources![0]!.url, 'https://example.com/release');
    assert.deepEqual(f.hashrateEH, was.hashrateEH);
    assert.deepEqual(f.costPerBTC, was.costPerBTC);
    assert.deepEqual(Object.keys(f), [...FLEET_FACTS]);
    assert.deepEqual(catalog.miner('WULF')!.origin!.at(-1), { file: OVERRIDE, fields: ['fleet.efficiencyJTH'] });
    assert.equal(before.miner('WULF')!.fleet!.efficiencyJTH!.value, null, 'the shipped catalog is unchanged');
    // null makes a fact unknown again
    const again = over(`{ "miners": [ { "ticker": "CLSK", "fleet": { "efficiencyJTH": { "value": null, "confidence": "low", "note": "under review" } } } ] }`);
    assert.deepEqual(again.problems, []);
    assert.equal(again.catalog.miner('CLSK')!.fleet!.efficiencyJTH!.value, null);
    assert.equal(again.catalog.miner('CLSK')!.fleet!.hashrateEH!.value, 50);
  });

  it('a new miner may bring its fleet facts', () => {
    const text = `{ "miners": [ { "ticker": "NEWM", "name": "New Miner Corp", "pivotStatus": "none", "confidence": "medium", "sources": [${SRC}],
      "fleet": { "efficiencyJTH": { "value": 18, "confidence": "medium", "sources": [${SRC}] } } } ] }`;
    const { catalog, problems } = over(text);
    assert.deepEqual(problems, []);
    assert.equal(catalog.miner('NEWM')!.fleet!.efficiencyJTH!.value, 18);
    assert.equal(catalog.miner('NEWM')!.fleet!.hashrateEH, undefined);
  });

  it('mergeCatalogs works on validated data directly', () => {
    const b = base();
    const merged = mergeCatalogs(b, { miners: [{ ticker: 'CORZ', notes: 'watch the option' }] }, 'x.json');
    assert.equal(merged.miner('CORZ')!.notes, 'watch the option');
    assert.equal(b.miner('CORZ')!.notes, undefined);
  });
});
