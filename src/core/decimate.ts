/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013) for display: keeps the shape of
 * a long series in `threshold` points, always keeping the first and last. The points kept are
 * exact observations (values are never averaged), so tooltips show real values. Pure.
 */
export type Point = [x: number, y: number];

/** Columns of x and y values (all y finite), as the view builders keep them. */
export interface XYColumns {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly length: number;
}

/** The indices LTTB keeps over columns whose y are all finite; every index when threshold >= n or threshold < 3. */
export function lttbIndices(c: XYColumns, threshold: number): Int32Array {
  const n = c.length;
  if (threshold >= n || threshold < 3) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const { x, y } = c;
  const out = new Int32Array(threshold);
  let o = 0;
  out[o++] = 0;
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += x[j]!;
      avgY += y[j]!;
    }
    const len = Math.max(1, avgEnd - avgStart);
    avgX /= len;
    avgY /= len;
    const rangeStart = Math.floor(i * every) + 1;
    const rangeEnd = Math.floor((i + 1) * every) + 1;
    const ax = x[a]!;
    const ay = y[a]!;
    let maxArea = -1;
    let next = rangeStart;
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((ax - avgX) * (y[j]! - ay) - (ax - x[j]!) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        next = j;
      }
    }
    out[o++] = next;
    a = next;
  }
  out[o++] = n - 1;
  return out;
}

/** LTTB over [x, y] points: non-finite y dropped first, then the points {@link lttbIndices} keeps. */
export function lttb(points: readonly Point[], threshold: number): Point[] {
  const finite = points.filter((p) => Number.isFinite(p[1]));
  if (threshold >= finite.length || threshold < 3) return finite.slice();
  const kept = lttbIndices({ x: finite.map((p) => p[0]), y: finite.map((p) => p[1]), length: finite.length }, threshold);
  return Array.from(kept, (i) => finite[i]!);
}
