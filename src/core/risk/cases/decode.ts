/**
 * Decoding of one case of a risk case file (docs/RISK_CONVENTIONS.md, "Case files"): params,
 * inputs (plain or dated series, row-aligned) and the expected value, checked against the
 * vocabulary; anything outside it throws a {@link CaseError} with the reason.
 */
import { isoDayOrNaN } from '../dates';
import type { AlphaAnnualization, BetaSubset, NanPolicy, RequiredReturnBasis, Sign, TailRule, YearBasis } from '../types';
import { CaseError, INPUT_NAMES, type InputName, type Inputs, type MetricSpec, type Output, type ParamKey, type Params } from './vocabulary';

function tokenParam<T extends string>(allowed: readonly T[]) {
  return (key: string, v: unknown): T => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    throw new CaseError(`bad token for param ${key}: ${JSON.stringify(v)} (allowed: ${allowed.join(', ')})`);
  };
}

function numberParam(key: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CaseError(`param ${key} must be a finite number, got ${JSON.stringify(v)}`);
}

function boolParam(key: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new CaseError(`bad token for param ${key}: ${JSON.stringify(v)} (allowed: true, false)`);
}

const PARAM_DECODERS: { [K in ParamKey]: (key: string, v: unknown) => NonNullable<Params[K]> } = {
  periods_per_year: (k, v) => {
    const x = numberParam(k, v);
    if (x > 0) return x;
    throw new CaseError(`param ${k} must be > 0, got ${x}`);
  },
  ddof: (k, v) => {
    if (v === 0 || v === 1) return v;
    throw new CaseError(`bad token for param ${k}: ${JSON.stringify(v)} (allowed: 0, 1)`);
  },
  nan_policy: tokenParam<NanPolicy>(['drop', 'fill_zero']),
  risk_free: numberParam,
  required_return: numberParam,
  required_return_basis: tokenParam<RequiredReturnBasis>(['per_period', 'annual']),
  annualize: boolParam,
  geometric: boolParam,
  annualization: tokenParam<AlphaAnnualization>(['compound', 'intercept', 'arithmetic']),
  subset: tokenParam<BetaSubset>(['all', 'benchmark_up', 'benchmark_down']),
  starting_value: numberParam,
  year_basis: tokenParam<YearBasis>(['periods', 'calendar_days']),
  window: (k, v) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
    throw new CaseError(`param ${k} must be an integer >= 1, got ${JSON.stringify(v)}`);
  },
  tail_probability: (k, v) => {
    const x = numberParam(k, v);
    if (x > 0 && x < 1) return x;
    throw new CaseError(`param ${k} must be in (0, 1), got ${x}`);
  },
  tail_rule: tokenParam<TailRule>(['k_smallest', 'strictly_below_quantile', 'below_gaussian_var']),
  sign: tokenParam<Sign>(['negative_fraction', 'positive_magnitude']),
};

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function decodeParams(metric: string, spec: MetricSpec, raw: unknown): Params {
  if (!isPlainObject(raw)) throw new CaseError('params must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!hasOwn(PARAM_DECODERS, key)) throw new CaseError(`unknown param ${JSON.stringify(key)}`);
    const k = key as ParamKey;
    if (!spec.params.includes(k)) throw new CaseError(`param ${k} is not allowed for metric ${metric}`);
    out[k] = PARAM_DECODERS[k](k, value);
  }
  if (spec.params.includes('window') && out.window === undefined) throw new CaseError('missing required param window');
  return out as Params;
}

/** A series as given in a case: a plain array, or dated values. */
type RawSeries = { kind: 'array'; values: number[] } | { kind: 'dated'; dates: string[]; values: number[] };

function decodeValues(name: string, arr: unknown[]): number[] {
  return arr.map((v, i) => {
    if (v === null) return NaN;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new CaseError(`${name}[${i}] must be a number or null, got ${JSON.stringify(v)}`);
  });
}

function decodeDates(name: string, raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new CaseError(`${name} must be an array of YYYY-MM-DD dates`);
  return raw.map((d, i) => {
    if (typeof d !== 'string' || Number.isNaN(isoDayOrNaN(d))) throw new CaseError(`${name}[${i}] is not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
    return d;
  });
}

function decodeSeries(name: string, raw: unknown): RawSeries {
  if (Array.isArray(raw)) return { kind: 'array', values: decodeValues(name, raw) };
  if (isPlainObject(raw)) {
    for (const k of Object.keys(raw)) {
      if (k !== 'dates' && k !== 'values') throw new CaseError(`dated series ${name} has an unknown key ${JSON.stringify(k)} (allowed: dates, values)`);
    }
    if (!hasOwn(raw, 'dates') || !hasOwn(raw, 'values')) throw new CaseError(`dated series ${name} needs both dates and values`);
    const dates = decodeDates(`${name}.dates`, raw.dates);
    if (!Array.isArray(raw.values)) throw new CaseError(`${name}.values must be an array`);
    const values = decodeValues(`${name}.values`, raw.values);
    if (dates.length !== values.length) throw new CaseError(`dated series ${name} has ${dates.length} dates but ${values.length} values`);
    const seen = new Set<string>();
    for (const d of dates) {
      if (seen.has(d)) throw new CaseError(`dated series ${name} repeats the date ${d}`);
      seen.add(d);
    }
    return { kind: 'dated', dates, values };
  }
  throw new CaseError(`input ${name} must be an array of numbers/null or {dates, values}, got ${JSON.stringify(raw)}`);
}

export function decodeInputs(metric: string, spec: MetricSpec, raw: unknown, params: Params): Inputs {
  if (!isPlainObject(raw)) throw new CaseError('inputs must be an object');
  for (const key of Object.keys(raw)) {
    if (!(INPUT_NAMES as readonly string[]).includes(key)) throw new CaseError(`unknown input ${JSON.stringify(key)}`);
    const k = key as InputName;
    const allowed =
      k === 'dates' ||
      spec.optional.includes(k) ||
      spec.required.includes(k) ||
      ((k === 'returns' || k === 'prices') && spec.required.includes('returns|prices'));
    if (!allowed) throw new CaseError(`input ${k} is not allowed for metric ${metric}`);
  }
  for (const r of spec.required) {
    if (r === 'returns|prices') {
      const hasR = hasOwn(raw, 'returns');
      const hasP = hasOwn(raw, 'prices');
      if (!hasR && !hasP) throw new CaseError('missing required input returns or prices');
      if (hasR && hasP) throw new CaseError('give either returns or prices, not both');
    } else if (!hasOwn(raw, r)) throw new CaseError(`missing required input ${r}`);
  }
  if (hasOwn(raw, 'risk_free') && params.risk_free !== undefined) throw new CaseError('risk_free is given both in params and in inputs');
  if (hasOwn(raw, 'required_return') && params.required_return !== undefined) {
    throw new CaseError('required_return is given both in params and in inputs');
  }

  const out: Inputs = {};
  if (hasOwn(raw, 'prices')) {
    const p = raw.prices;
    if (!Array.isArray(p)) throw new CaseError('input prices must be an array of positive numbers');
    out.prices = p.map((v, i) => {
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
      throw new CaseError(`prices[${i}] must be a positive number, got ${JSON.stringify(v)}`);
    });
  }

  // Row-aligned series: returns, benchmark (or a number), risk_free, required_return.
  const named: [InputName, keyof Inputs][] = [
    ['returns', 'returns'],
    ['benchmark', 'benchmark'],
    ['risk_free', 'riskFree'],
    ['required_return', 'requiredReturn'],
  ];
  const series: { name: InputName; key: keyof Inputs; s: RawSeries }[] = [];
  let constBenchmark: number | undefined;
  for (const [name, key] of named) {
    if (!hasOwn(raw, name)) continue;
    const v = raw[name];
    if (name === 'benchmark' && typeof v === 'number') {
      if (!Number.isFinite(v)) throw new CaseError('benchmark must be a finite number');
      constBenchmark = v;
      continue;
    }
    if (typeof v === 'number') throw new CaseError(`input ${name} must be a series; give a constant ${name} in params`);
    series.push({ name, key, s: decodeSeries(name, v) });
  }
  let rows = 0;
  if (series.length > 0) {
    const dated = series.filter((x) => x.s.kind === 'dated');
    if (dated.length > 0 && dated.length < series.length) {
      const plain = series.find((x) => x.s.kind === 'array')!;
      throw new CaseError(`${dated[0]!.name} is a dated series but ${plain.name} is a plain array: if any series is dated, all must be`);
    }
    if (dated.length === 0) {
      const first = series[0]!;
      rows = first.s.values.length;
      for (const x of series) {
        if (x.s.values.length !== rows) {
          throw new CaseError(`arrays of unequal length: ${first.name} has ${rows} values but ${x.name} has ${x.s.values.length}`);
        }
        (out[x.key] as number[]) = x.s.values;
      }
    } else {
      const union = new Set<string>();
      for (const x of series) if (x.s.kind === 'dated') for (const d of x.s.dates) union.add(d);
      const dates = [...union].sort();
      const index = new Map(dates.map((d, i) => [d, i] as const));
      rows = dates.length;
      for (const x of series) {
        if (x.s.kind !== 'dated') continue;
        const v = new Array<number>(rows).fill(NaN);
        x.s.dates.forEach((d, i) => (v[index.get(d)!] = x.s.values[i]!));
        (out[x.key] as number[]) = v;
      }
    }
  }
  if (constBenchmark !== undefined) out.benchmark = new Array<number>(rows).fill(constBenchmark);

  if (hasOwn(raw, 'dates')) {
    const dates = decodeDates('dates', raw.dates);
    const target = out.prices ? out.prices.length : rows;
    const what = out.prices ? 'prices' : 'rows';
    if (dates.length !== target) throw new CaseError(`dates has ${dates.length} values but there are ${target} ${what}`);
    out.dates = dates;
  }
  return out;
}

/** Decodes an expected scalar: number, null (NaN) or "Infinity"/"-Infinity". */
function decodeExpectedScalar(v: unknown, where: string): number {
  if (v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CaseError(`${where} must be a number, null, "Infinity" or "-Infinity", got ${JSON.stringify(v)}`);
}

export function decodeExpected(output: Output, v: unknown): number | number[] {
  if (output === 'array') {
    if (!Array.isArray(v)) throw new CaseError(`expected must be an array for this metric, got ${JSON.stringify(v)}`);
    return v.map((x, i) => decodeExpectedScalar(x, `expected[${i}]`));
  }
  if (Array.isArray(v)) throw new CaseError('expected must be a scalar for this metric, got an array');
  return decodeExpectedScalar(v, 'expected');
}
