/**
 * Finding tickers in note text: `$IREN` always counts (when IREN is a known symbol); a bare
 * `IREN` counts only in bare-ticker mode, and only as a whole word of capitals. Ordinary
 * capitalised words that are not known symbols never match. Pure.
 */

export interface TickerMatch {
  symbol: string;
  /** Offsets in the line: the token including its `$`. */
  start: number;
  end: number;
  dollar: boolean;
}

// `$` optional, 1-6 capitals/digits starting with a capital, optionally `-USD`/`.X`; not inside a
// longer word, a URL path or an email.
const TOKEN = /(?<![\w$/@.-])(\$)?([A-Z][A-Z0-9]{0,5}(?:[.-][A-Z]{1,4})?)(?![\w-])/g;

/** Words that are tickers somewhere but are far more often ordinary capitalised words in notes. */
const BARE_STOPWORDS = new Set([
  'A',
  'I',
  'AI',
  'IT',
  'ON',
  'ALL',
  'ARE',
  'FOR',
  'NOW',
  'BE',
  'SO',
  'GO',
  'OR',
  'AN',
  'AT',
  'BY',
  'CEO',
  'CFO',
  'USA',
  'US',
  'EU',
  'UK',
  'GPU',
  'HPC',
  'MW',
  'GW',
  'LOI',
  'IPO',
  'ETF',
  'USD',
  'Q1',
  'Q2',
  'Q3',
  'Q4',
]);

/** Every known ticker on a line. `isKnown` decides what a symbol is (the universe, the catalog). */
export function findTickers(line: string, isKnown: (symbol: string) => boolean, bare: boolean): TickerMatch[] {
  const out: TickerMatch[] = [];
  for (const m of line.matchAll(TOKEN)) {
    const dollar = m[1] === '$';
    const symbol = m[2]!;
    if (!dollar && (!bare || BARE_STOPWORDS.has(symbol))) continue;
    if (!isKnown(symbol)) continue;
    out.push({ symbol, start: m.index!, end: m.index! + m[0].length, dollar });
  }
  return out;
}

/** The ticker at a character position of a line, if any. */
export function tickerAt(line: string, character: number, isKnown: (symbol: string) => boolean, bare: boolean): TickerMatch | undefined {
  return findTickers(line, isKnown, bare).find((t) => character >= t.start && character <= t.end);
}
