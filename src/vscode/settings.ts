/**
 * Typed settings, read once and re-read when `onDidChangeConfiguration` says they changed.
 */
import * as vscode from 'vscode';
import type { BtcSampling } from '../core/sampling';
import { parseSourceSpec, type SourceRef } from '../core/universe';
import { watchlistSymbols } from '../core/watchlist';
import { parseEndpointOverrides } from '../data/http';
import type { SourceMode } from '../data/store';
import { messageOf } from '../shared/errors';

export interface HashpivotSettings {
  dataSource: SourceMode;
  refreshIntervalMinutes: number;
  sources: { BTC: SourceRef[]; NDX: SourceRef[] };
  /** Host -> base URL, from the setting and HASHPIVOT_ENDPOINTS. */
  endpoints: Record<string, string>;
  timeoutMs: number;
  watchlist: string[];
  benchmarks: Array<'BTC' | 'NDX' | 'CD20'>;
  hover: { languages: string[]; bareTickers: boolean };
  miners: { groupBy: 'none' | 'pivotStatus' | 'risk'; sortBy: 'ticker' | 'change' | 'risk' | 'backlog' };
  /** `hashpivot.statusBar.portfolio`: the holdings' value and day P&L in the status bar. */
  statusBar: { portfolio: boolean };
  /** `hashpivot.intraday.refreshSeconds`: live quotes for BTC and held positions this often (0: off). */
  intradaySeconds: number;
  /** `hashpivot.intraday.btcStream`: BTC through the first exchange's websocket ticker while intraday quotes are on. */
  btcStream: boolean;
  /** `hashpivot.btcSampling`: `usClose` (default) prices BTC at 16:00 New York against equities where hourly bars cover the window. */
  btcSampling: BtcSampling;
  /** Settings that could not be used, with why; shown once to the user and logged. */
  problems: string[];
}

export const SECTION = 'hashpivot';

function sourcesOf(specs: unknown, fallback: readonly string[], key: string, problems: string[]): SourceRef[] {
  const list = Array.isArray(specs) ? specs : fallback;
  const out: SourceRef[] = [];
  for (const s of list) {
    try {
      out.push(parseSourceSpec(String(s)));
    } catch (e) {
      problems.push(`${SECTION}.${key}: ${messageOf(e)}`);
    }
  }
  return out.length ? out : fallback.map((s) => parseSourceSpec(s));
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

/** `usClose` | `utcClose` as the engine names them; anything else is a problem, and the default. */
export function btcSamplingOf(v: unknown, problems: string[]): BtcSampling {
  if (v === undefined || v === 'usClose') return 'us-close';
  if (v === 'utcClose') return 'utc-close';
  problems.push(`${SECTION}.btcSampling: "${String(v)}" is not usClose or utcClose; using usClose`);
  return 'us-close';
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): HashpivotSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const problems: string[] = [];
  const mode = c.get<string>('dataSource', 'auto');
  const dataSource: SourceMode = mode === 'live' || mode === 'snapshot' ? mode : 'auto';
  if (mode !== dataSource) problems.push(`${SECTION}.dataSource: "${mode}" is not auto, live or snapshot; using auto`);
  const minutes = c.get<number>('refreshIntervalMinutes', 5);
  const refreshIntervalMinutes = Number.isFinite(minutes) && minutes >= 1 ? minutes : 5;
  const seconds = c.get<number>('http.timeoutSeconds', 15);
  let endpoints: Record<string, string> = {};
  try {
    if (env.HASHPIVOT_ENDPOINTS) endpoints = parseEndpointOverrides(env.HASHPIVOT_ENDPOINTS);
  } catch (e) {
    problems.push(`HASHPIVOT_ENDPOINTS: ${messageOf(e)}`);
  }
  for (const entry of c.get<string[]>('endpoints', [])) {
    try {
      endpoints = { ...endpoints, ...parseEndpointOverrides([entry]) };
    } catch (e) {
      problems.push(`${SECTION}.endpoints: ${messageOf(e)}`);
    }
  }
  return {
    dataSource,
    refreshIntervalMinutes,
    sources: {
      BTC: sourcesOf(
        c.get('sources.btc'),
        ['binance BTC/USDT', 'coinbase BTC/USD', 'kraken BTC/USD', 'bitstamp BTC/USD', 'yahoo BTC-USD'],
        'sources.btc',
        problems,
      ),
      NDX: sourcesOf(c.get('sources.ndx'), ['yahoo ^NDX', 'yahoo QQQ'], 'sources.ndx', problems),
    },
    endpoints,
    timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 15) * 1000,
    watchlist: watchlistSymbols(c.get<unknown>('watchlist', [])),
    benchmarks: (() => {
      const b = c.get<string[]>('benchmarks', ['BTC', 'NDX']).filter((x): x is 'BTC' | 'NDX' | 'CD20' => x === 'BTC' || x === 'NDX' || x === 'CD20');
      return b.length ? [...new Set(b)] : ['BTC', 'NDX'];
    })(),
    hover: { languages: c.get<string[]>('hover.languages', ['markdown', 'plaintext']), bareTickers: c.get<boolean>('hover.bareTickers', true) },
    miners: {
      groupBy: oneOf(c.get('miners.groupBy'), ['none', 'pivotStatus', 'risk'] as const, 'none'),
      sortBy: oneOf(c.get('miners.sortBy'), ['ticker', 'change', 'risk', 'backlog'] as const, 'ticker'),
    },
    btcSampling: btcSamplingOf(c.get('btcSampling'), problems),
    statusBar: { portfolio: c.get<boolean>('statusBar.portfolio', false) === true },
    intradaySeconds: (() => {
      const v = c.get<number>('intraday.refreshSeconds', 60);
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? (v === 0 ? 0 : Math.max(15, Math.min(3600, Math.round(v)))) : 60;
    })(),
    btcStream: c.get<boolean>('intraday.btcStream', true) !== false,
    problems,
  };
}

/** Calls `listener` with fresh settings whenever a `hashpivot.*` setting changes. */
export function onSettingsChanged(listener: (s: HashpivotSettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener(readSettings());
  });
}

/** True when a change of settings needs the market store rebuilt (not only the views redrawn); reordering the watchlist does not. */
export function dataSettingsChanged(a: HashpivotSettings, b: HashpivotSettings): boolean {
  const data = (s: HashpivotSettings) =>
    JSON.stringify([s.dataSource, s.sources, s.endpoints, s.timeoutMs, [...s.watchlist].sort(), s.benchmarks, s.refreshIntervalMinutes, s.btcSampling]);
  return data(a) !== data(b);
}
