/** View model of the compare panel: two or more symbols side by side over their common dates. */
import { dayNumber } from '../../calendar';
import type { CompareData, RangeKey } from '../../../shared/protocol';
import { Counter, dataLabel, drawdownPoints, heatmapOf, rangeStartDay, rebased, xRangesOf, type ViewInput, type ViewSymbol, pairSamplingNote } from './common';
import type { SymbolReport } from '../../report';
import { rowOf } from './riskTable';

export function buildCompare(input: ViewInput, symbols: string[], range: RangeKey): CompareData {
  const counter = new Counter();
  const chosen = symbols.map((sym) => input.symbols.find((s) => s.symbol === sym)).filter((s): s is ViewSymbol => !!s && s.series.dates.length > 1);
  if (chosen.length < 2) throw new Error(`compare needs at least two symbols with price data (got ${chosen.map((c) => c.symbol).join(', ') || 'none'})`);
  const asOf = chosen.map((s) => s.series.dates.at(-1)!).sort()[0]!; // the latest date they all have
  const asOfDay = dayNumber(asOf);
  const from = rangeStartDay(
    range,
    asOfDay,
    dayNumber(
      chosen
        .map((s) => s.series.dates[0]!)
        .sort()
        .at(-1)!,
    ),
  );
  const days = Math.max(30, Math.round(asOfDay - from));
  const performance = chosen.map((s) => counter.line(s.symbol, s.symbol, s.role, rebased(s, from, asOfDay)));
  const drawdown = chosen.map((s) => counter.line(s.symbol, s.symbol, s.role, drawdownPoints(s, from, asOfDay)));
  return {
    kind: 'compare',
    symbols: chosen.map((c) => c.symbol),
    range,
    asOf,
    data: {
      ...dataLabel(
        chosen.map((c) => c.series),
        input.now,
      ),
      pairs: pairSamplingNote(chosen.map((x) => input.reports.get(x.symbol)).filter((r): r is SymbolReport => !!r)),
    },
    performance,
    drawdown,
    heatmap: heatmapOf(chosen, asOfDay, days),
    table: chosen.map((s) => rowOf(s, input, from, asOfDay)),
    xRanges: xRangesOf({ performance: [performance], drawdown: [drawdown] }),
  };
}
