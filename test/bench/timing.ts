import { performance } from 'node:perf_hooks';

/** Runs `f` once to warm up, then `repeat` times; prints and returns the mean time and the last value. */
export function time<T>(label: string, f: () => T, repeat = 1, width = 58): { ms: number; value: T } {
  f(); // warm up
  const t0 = performance.now();
  let value!: T;
  for (let k = 0; k < repeat; k++) value = f();
  const ms = (performance.now() - t0) / repeat;
  console.log(`${label.padEnd(width)} ${ms.toFixed(1).padStart(9)} ms`);
  return { ms, value };
}

/** Steady-state median: `warmup` untimed runs, then the median of `repeats` timed runs (ms), and the last value. */
export function medianMs<T>(f: () => T, repeats = 15, warmup = 5): { ms: number; all: number[]; value: T } {
  let value!: T;
  for (let k = 0; k < warmup; k++) value = f();
  const all: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    value = f();
    all.push(performance.now() - t0);
  }
  const s = [...all].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const ms = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { ms, all, value };
}
