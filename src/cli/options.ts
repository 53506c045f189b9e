/**
 * Command-line options the commands share: parsing (every command through {@link parseOptions}),
 * the market-data options --source, --as-of, --json, --endpoint and --cache-dir with their checks
 * and help lines, the date check every date option goes through, and the check of whole numbers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dayNumber } from '../core/calendar';
import type { BtcSampling } from '../core/sampling';
import type { IsoDate } from '../core/types';
import { parseEndpointOverrides } from '../data/http';
import type { SourceMode } from '../data/store';
import { CliError } from './io';
import { messageOf } from '../shared/errors';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export const JSON_OPTION = { json: { type: 'boolean', default: false } } as const satisfies OptionSpecs;

/** --source, --as-of, --json, --endpoint, --cache-dir, for {@link parseOptions}. */
export const MARKET_OPTIONS = {
  'as-of': { type: 'string' },
  source: { type: 'string', default: 'auto' },
  ...JSON_OPTION,
  endpoint: { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
} as const satisfies OptionSpecs;

/** --btc-at us-close|utc-close: how BTC is priced against an equity (commands with BTC pair figures). */
export const BTC_AT_OPTION = { 'btc-at': { type: 'string', default: 'us-close' } } as const satisfies OptionSpecs;

/** The --btc-at value, checked (a usage error otherwise). */
export function btcAtOption(values: { 'btc-at'?: string }): BtcSampling {
  const v = values['btc-at'] ?? 'us-close';
  if (v !== 'us-close' && v !== 'utc-close') throw new CliError(`--btc-at must be us-close or utc-close, got "${v}"`);
  return v;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionSpecs;

/** Parses a command's arguments (options plus -h/--help, positionals allowed); a bad one is a usage error that shows `usage`. */
export function parseOptions<T extends OptionSpecs>(argv: string[], usage: string, options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...HELP_OPTION } });
  } catch (e) {
    throw new CliError(`${messageOf(e)}\n\n${usage}`);
  }
}

export interface MarketOptions {
  mode: SourceMode;
  asOf: IsoDate | undefined;
  json: boolean;
  /** HASHPIVOT_ENDPOINTS, then --endpoint. */
  endpoints: Record<string, string>;
  cacheDir: string | undefined;
}

/** Checks the market-data options as {@link parseOptions} returned them (usage errors: exit 2). */
export function marketOptions(values: { source?: string; 'as-of'?: string; json?: boolean; endpoint?: string[]; 'cache-dir'?: string }): MarketOptions {
  const mode = values.source ?? 'auto';
  if (mode !== 'auto' && mode !== 'live' && mode !== 'snapshot') throw new CliError(`--source must be auto, live or snapshot, got "${mode}"`);
  const asOf = checkDate('--as-of', values['as-of']);
  const endpoints = collectEndpoints(values.endpoint ?? []);
  const cacheDir = values['cache-dir'];
  // An empty --cache-dir would put the cache in the current folder.
  if (cacheDir !== undefined && cacheDir.trim() === '') throw new CliError('--cache-dir must name a folder, got ""');
  return { mode, asOf, json: values.json === true, endpoints, cacheDir };
}

/** Endpoint overrides from HASHPIVOT_ENDPOINTS, then --endpoint (which wins for the same host). */
export function collectEndpoints(cliEntries: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  try {
    const fromEnv = env.HASHPIVOT_ENDPOINTS ? parseEndpointOverrides(env.HASHPIVOT_ENDPOINTS) : {};
    const fromCli = cliEntries.length ? parseEndpointOverrides(cliEntries) : {};
    return { ...fromEnv, ...fromCli };
  } catch (e) {
    throw new CliError(messageOf(e));
  }
}

/** A `--flag` date: undefined when absent, the date when valid, else a usage error. */
export function checkDate(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  try {
    dayNumber(v);
  } catch {
    throw new CliError(`${name} must be a date YYYY-MM-DD, got "${v}"`);
  }
  return v;
}

/** A whole-number option from `min` to `max` (`_` allowed as a separator): undefined when absent, else the number or a usage error. */
export function intOption(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().replace(/_/g, '');
  if (!/^\d+$/.test(t) || !(Number(t) >= min && Number(t) <= max))
    throw new CliError(`${name} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${v}"`);
  return Number(t);
}

// Help lines: each option in a 25-column field after two spaces.

export const asOfHelp = (text: string) => `  --as-of YYYY-MM-DD       ${text}`;
export const jsonHelp = (text: string) => `  --json                   ${text}`;
export const SOURCE_HELP = `  --source auto|live|snapshot
                           auto (default): live, then the cache, then the embedded snapshot;
                           live: the network only; snapshot: the embedded snapshot only`;
export const BTC_AT_HELP = `  --btc-at us-close|utc-close
                           how BTC is priced against an equity (its ρ and β, and BTC's own to the
                           NASDAQ-100): us-close (default) at 16:00 New York from hourly bars where
                           they cover the 90-day window, else the UTC-day close; utc-close: the
                           daily bar (24:00 UTC) always`;
export const ENDPOINT_HELP = `  --endpoint HOST=URL      send HOST's requests to URL (repeatable; also HASHPIVOT_ENDPOINTS)`;
export const CACHE_DIR_HELP = `  --cache-dir DIR          the disk cache (default: ~/.cache/hashpivot)`;
export const HELP_HELP = `  -h, --help               this text`;
