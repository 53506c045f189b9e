/** Plain-loop statistics for the reference computations of the tests (independent of src/core/risk). */

export function returns(prices: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(prices[i]! / prices[i - 1]! - 1);
  return out;
}

export function meanOf(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t / xs.length;
}

export function stdOf(xs: readonly number[]): number {
  const m = meanOf(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = meanOf(a);
  const mb = meanOf(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function olsBeta(r: readonly number[], b: readonly number[]): number {
  const mr = meanOf(r);
  const mb = meanOf(b);
  let cov = 0;
  let vb = 0;
  for (let i = 0; i < r.length; i++) {
    cov += (r[i]! - mr) * (b[i]! - mb);
    vb += (b[i]! - mb) ** 2;
  }
  return cov / vb;
}
