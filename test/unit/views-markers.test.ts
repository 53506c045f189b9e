import assert from 'node:assert/strict';
import { markersFor } from '../../src/core/views/build/common';
import { dayNumber } from '../../src/core/calendar';
import type { Point } from '../../src/core/decimate';

describe('deal markers on price lines (markersFor)', () => {
  // HUT sessions around 2024-09-01, a Sunday: Thu 08-29, Fri 08-30, (Mon 09-02 Labor Day), Tue 09-03.
  const sessions = ['2024-08-29', '2024-08-30', '2024-09-03', '2024-09-04', '2024-10-01'];
  const pts: Point[] = sessions.map((d, i) => [dayNumber(d), 100 + i]);
  const perf = [{ id: 'HUT' }] as never;
  const raw = new Map([['HUT', pts]]);
  const input = (announced: string) => ({ deals: [{ id: 'd', name: 'HUT deal', provider: 'HUT', announced, valueUSD: 7e9 }] }) as never;

  it('a month-only date sits on the first session of its month, never on the month before', () => {
    const [m] = markersFor(input('2024-09'), perf, raw, '2024-08-01', '2024-12-31');
    assert.equal(m?.x, dayNumber('2024-09-03'));
    assert.equal(m?.y, 102);
    assert.equal(m?.date, '2024-09');
  });

  it('a month that overlaps the start of the range is kept, on its first session inside the range', () => {
    const [m] = markersFor(input('2024-09'), perf, raw, '2024-09-04', '2024-12-31');
    assert.equal(m?.x, dayNumber('2024-09-04'));
    assert.equal(markersFor(input('2024-07'), perf, raw, '2024-08-01', '2024-12-31').length, 0, 'a month wholly before the range is not');
  });

  it('a full date sits on itself, at the last price at or before it', () => {
    const [m] = markersFor(input('2024-09-01'), perf, raw, '2024-08-01', '2024-12-31');
    assert.equal(m?.x, dayNumber('2024-09-01'));
    assert.equal(m?.y, 101, "Friday's price");
  });
});
