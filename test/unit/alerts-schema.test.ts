import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

describe('alerts.json schema (contributed for .hashpivot/alerts.json)', () => {
  const schema = JSON.parse(readFileSync(path.resolve(process.cwd(), 'media/alerts/alerts.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const strip = (text: string) => text.replace(/^\s*\/\/.*$/gm, '');

  it('accepts the sample rules file', () => {
    const sample = JSON.parse(strip(readFileSync(path.resolve(process.cwd(), 'sample/notes/.hashpivot/alerts.json'), 'utf8'))) as unknown;
    assert.ok(validate(sample), JSON.stringify(validate.errors));
  });

  it('rejects an unknown kind, a misspelt field and an out-of-range value', () => {
    assert.equal(validate({ rules: [{ kind: 'moon', symbol: 'IREN' }] }), false);
    assert.equal(validate({ rules: [{ kind: 'drawdown', symbol: 'IREN', depht: 0.3 }] }), false);
    assert.equal(validate({ rules: [{ kind: 'correlation', symbol: 'IREN', benchmark: 'BTC', op: 'above', value: 2 }] }), false);
  });
});
