/** Reads the network fixtures (fixtures/network/*.csv, see its README) straight from disk. */
import { readFileSync } from 'node:fs';
import { fixture } from './fixtures';

/** Rows of a CSV as objects (header names as keys), values as strings. */
export function readCsvRows(...parts: string[]): Record<string, string>[] {
  const lines = readFileSync(fixture(...parts), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** btc-difficulty-daily.csv (MIT, lukmol/gamlss-btc-VaR): date → difficulty. */
export function readDailyDifficulty(): { dates: string[]; difficulty: number[] } {
  const rows = readCsvRows('network', 'btc-difficulty-daily.csv');
  return { dates: rows.map((r) => r.date!), difficulty: rows.map((r) => Number(r.difficulty)) };
}

export interface MinerEconomicsRow {
  date: string;
  hashRateHs: number;
  btcUsd: number;
  subsidyBtc: number;
  feesBtc: number;
  revenueBtc: number;
}

/** btc-miner-economics-daily.csv (GPL-3.0, test-only: SecretSatoshis/Bitcoin-Report-Library, BRK's figures). */
export function readMinerEconomics(): MinerEconomicsRow[] {
  return readCsvRows('network', 'btc-miner-economics-daily.csv').map((r) => ({
    date: r.date!,
    hashRateHs: Number(r.hash_rate_hs),
    btcUsd: Number(r.btc_price_usd),
    subsidyBtc: Number(r.subsidy_btc),
    feesBtc: Number(r.fees_btc),
    revenueBtc: Number(r.miner_revenue_btc),
  }));
}
