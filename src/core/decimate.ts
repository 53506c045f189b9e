/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013) for display: keeps the shape of
 * a long series in `threshold` points, always keeping the first and last. The points kept are
 * exact observations (values are never averaged), so tooltips show real values. Pure.
 */
export type Point = [x: number, y: number];

export function lttb(points: readonly Point[], threshold: number): Point[] {
  const finite = points.filter((p) => Number.isFinite(p[1]));
  const n = finite.length;
  if (threshold >= n || threshold < 3) return finite.slice();
  const out: Point[] = [finite[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += finite[j]![0];
      avgY += finite[j]![1];
    }
    const len = Math.max(1, avgEnd - avgStart);
    avgX /= len;
    avgY /= len;
    const rangeStart = Math.floor(i * every) + 1;
    const rangeEnd = Math.floor((i + 1) * every) + 1;
    const [ax, ay] = finite[a]!;
    let maxArea = -1;
    let next = rangeStart;
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((ax - avgX) * (finite[j]![1] - ay) - (ax - finite[j]![0]) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        next = j;
      }
    }
    out.push(finite[next]!);
    a = next;
  }
  out.push(finite[n - 1]!);
  return out;
}
