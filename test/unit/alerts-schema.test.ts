/**
 * media/alerts/alerts.schema.json (what VS Code checks .hashpivot/alerts.json against) and the
 * validator (src/core/alerts/validate.ts, what Hashpivot uses) must agree: the same kinds, fields,
 * required fields and choices, and the same verdict on a corpus of portfolio, concentration and
 * counterparty rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { ALERT_KINDS, COMMON_FIELDS, KIND_FIELDS, checkRuleField, fieldDefault, isOptionalField, validateRule, type AlertKind } from '../../src/core/alerts';

interface Branch {
  properties: Record<string, { const?: string; enum?: string[] }>;
  required: string[];
  additionalProperties: boolean;
}

describe('alerts.json schema (contributed for .hashpivot/alerts.json)', () => {
  const schema = JSON.parse(readFileSync(path.resolve(process.cwd(), 'media/alerts/alerts.schema.json'), 'utf8')) as {
    properties: { rules: { items: { oneOf: Branch[] } } };
  };
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const strip = (text: string) => text.replace(/^\s*\/\/.*$/gm, '');
  const branches = schema.properties.rules.items.oneOf;
  const branchOf = (kind: AlertKind) => branches.find((b) => b.properties.kind?.const === kind);

  it('accepts the sample rules file', () => {
    const sample = JSON.parse(strip(readFileSync(path.resolve(process.cwd(), 'sample/notes/.hashpivot/alerts.json'), 'utf8'))) as unknown;
    assert.ok(validate(sample), JSON.stringify(validate.errors));
  });

  it('rejects an unknown kind, a misspelt field and an out-of-range value', () => {
    assert.equal(validate({ rules: [{ kind: 'moon', symbol: 'IREN' }] }), false);
    assert.equal(validate({ rules: [{ kind: 'drawdown', symbol: 'IREN', depht: 0.3 }] }), false);
    assert.equal(validate({ rules: [{ kind: 'correlation', symbol: 'IREN', benchmark: 'BTC', op: 'above', value: 2 }] }), false);
  });

  it('has one branch per kind of the validator, with its fields, its required fields and no others', () => {
    assert.deepEqual(branches.map((b) => b.properties.kind?.const).sort(), [...ALERT_KINDS].sort());
    for (const kind of ALERT_KINDS) {
      const b = branchOf(kind)!;
      assert.deepEqual(Object.keys(b.properties).sort(), [...new Set([...COMMON_FIELDS, ...KIND_FIELDS[kind]])].sort(), `${kind}: fields`);
      const required = ['kind', ...KIND_FIELDS[kind].filter((f) => fieldDefault(kind, f) === undefined && !isOptionalField(kind, f))];
      assert.deepEqual([...b.required].sort(), required.sort(), `${kind}: required fields (the others have defaults or are optional)`);
      assert.equal(b.additionalProperties, false, `${kind}: unknown fields are refused, as the validator does`);
    }
  });

  it('every choice the schema lists is one the validator accepts, and one it does not list is refused by both', () => {
    for (const kind of ALERT_KINDS) {
      for (const [field, p] of Object.entries(branchOf(kind)!.properties)) {
        if (!p.enum) continue;
        for (const v of p.enum) assert.equal(checkRuleField(kind, field, v).problem, undefined, `${kind}.${field} = ${v}`);
        assert.ok(checkRuleField(kind, field, 'sideways').problem, `${kind}.${field}: "sideways" refused`);
      }
    }
  });

  it('portfolio rules: the schema and the validator give the same verdict', () => {
    const P = (r: Record<string, unknown>) => ({ kind: 'portfolio', ...r });
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [P({ measure: 'value', value: 12000 }), true],
      [P({ measure: 'value', unit: 'usd', value: 1, name: 'floor', enabled: false, note: 'n', id: 'nav-floor' }), true],
      [P({ measure: 'drawdown', value: 0.2 }), true],
      [P({ measure: 'drawdown', value: '20%' }), true],
      [P({ measure: 'drawdown', unit: 'fraction', value: 0.999 }), true],
      [P({ measure: 'var', value: 1500 }), true],
      [P({ measure: 'var', unit: 'usd', value: 1e12 }), true],
      [P({ measure: 'var', unit: 'fraction', value: 0.05 }), true],
      [P({ measure: 'var', unit: 'fraction', value: '5%' }), true],
      [P({ value: 1000 }), false],
      [P({ measure: 'value' }), false],
      [P({ measure: 'risk', value: 1000 }), false],
      [P({ measure: 'value', value: 0 }), false],
      [P({ measure: 'value', value: -1 }), false],
      [P({ measure: 'value', value: 2e12 }), false],
      [P({ measure: 'value', value: '5%' }), false],
      [P({ measure: 'value', value: 'abc' }), false],
      [P({ measure: 'value', value: null }), false],
      [P({ measure: 'value', value: true }), false],
      [P({ measure: 'value', unit: 'fraction', value: 0.5 }), false],
      [P({ measure: 'drawdown', value: 0 }), false],
      [P({ measure: 'drawdown', value: 1 }), false],
      [P({ measure: 'drawdown', value: 20 }), false],
      [P({ measure: 'drawdown', unit: 'usd', value: 500 }), false],
      [P({ measure: 'var', unit: 'fraction', value: 1.5 }), false],
      [P({ measure: 'var', unit: 'fraction', value: 0 }), false],
      [P({ measure: 'var', value: '5%' }), false],
      [P({ measure: 'var', unit: 'eur', value: 5 }), false],
      [P({ measure: 'value', value: 1000, symbol: 'IREN' }), false],
    ];
    for (const [rule, want] of cases) {
      const bySchema = validate({ rules: [rule] });
      const byValidator = validateRule(rule).rule !== undefined;
      assert.equal(bySchema, want, `schema on ${JSON.stringify(rule)}: ${JSON.stringify(validate.errors)}`);
      assert.equal(byValidator, want, `validator on ${JSON.stringify(rule)}: ${validateRule(rule).problems.join('; ')}`);
    }
  });

  it('concentration and counterparty rules: the schema and the validator give the same verdict', () => {
    const C = (r: Record<string, unknown>) => ({ kind: 'concentration', symbol: 'WULF', ...r });
    const K = (r: Record<string, unknown>) => ({ kind: 'counterparty', ...r });
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [C({ above: 0.6 }), true],
      [C({ above: '60%' }), true],
      [C({ above: 0.999, id: 'wulf-conc', name: 'WULF on one tenant', enabled: false, note: 'n' }), true],
      [C({ above: 0 }), false],
      [C({ above: 1 }), false],
      [C({ above: 60 }), false],
      [C({ above: -0.2 }), false],
      [C({ above: 'sixty' }), false],
      [C({ above: 0.6, counterparty: 'Fluidstack' }), false],
      [{ kind: 'concentration', above: 0.6 }, false],
      [C({}), false],
      [K({ above: 1e10 }), true],
      [K({ above: 10000000000, counterparty: 'Fluidstack' }), true],
      [K({ above: 5e9, counterparty: 'AWS', name: 'Amazon news' }), true],
      [K({ above: 5e9, counterparty: null }), true],
      [K({ above: 1e12 }), true],
      [K({ above: 2e12 }), false],
      [K({ above: 0 }), false],
      [K({ above: '10B' }), false],
      [K({ above: '10%' }), false],
      [K({ counterparty: 'Fluidstack' }), false],
      [K({ above: 1e10, counterparty: '' }), false],
      [K({ above: 1e10, counterparty: '*' }), false],
      [K({ above: 1e10, counterparty: 'x'.repeat(101) }), false],
      [K({ above: 1e10, counterparty: 42 }), false],
      [K({ above: 1e10, symbol: 'WULF' }), false],
    ];
    for (const [rule, want] of cases) {
      const bySchema = validate({ rules: [rule] });
      const byValidator = validateRule(rule).rule !== undefined;
      assert.equal(bySchema, want, `schema on ${JSON.stringify(rule)}: ${JSON.stringify(validate.errors)}`);
      assert.equal(byValidator, want, `validator on ${JSON.stringify(rule)}: ${validateRule(rule).problems.join('; ')}`);
    }
  });

  it('the one known gap: the schema checks the form of a percent string, not its range (as for depth and pct)', () => {
    const rule = { kind: 'portfolio', measure: 'drawdown', value: '150%' };
    assert.equal(validate({ rules: [rule] }), true);
    assert.equal(validateRule(rule).rule, undefined);
    assert.equal(validate({ rules: [{ kind: 'drawdown', symbol: 'IREN', depth: '150%' }] }), true);
  });
});
