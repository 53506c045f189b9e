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
