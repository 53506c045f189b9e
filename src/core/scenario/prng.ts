/**
 * A small seeded PRNG so that bootstrap results are bit-reproducible on every platform:
 * xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), 128 bits
 * of state, period 2^128 - 1, 32-bit outputs, all arithmetic in 32-bit integers (Math.imul, >>>),
 * so no floating-point platform differences. The state is filled from a 32-bit seed with
 * splitmix32 (the 32-bit variant of Steele et al.'s SplitMix: a Weyl step by 0x9e3779b9 and the
 * murmur3-style finalizer with Wellons' constants 0x21f0aaad, 0x735a2d97), as the xoshiro authors
 * recommend, which never leaves the all-zero state.
 */

/** splitmix32: the next state and output of a 32-bit seed. */
export function splitmix32(state: number): { state: number; value: number } {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z = z ^ (z >>> 15);
  return { state: s, value: z >>> 0 };
}

/** A seed derived from a seed and a stream number (independent replications). */
export function deriveSeed(seed: number, stream: number): number {
  let st = (seed ^ Math.imul(stream + 1, 0x85ebca6b)) | 0;
  st = splitmix32(st).value | 0;
  return splitmix32(st ^ stream).value;
}

export class Xoshiro128ss {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** From a 32-bit seed (any number: its low 32 bits) through splitmix32. */
  constructor(seed: number) {
    let st = seed | 0;
    const take = () => {
      const r = splitmix32(st);
      st = r.state;
      return r.value | 0;
    };
    this.s0 = take();
    this.s1 = take();
    this.s2 = take();
    this.s3 = take();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** From an explicit state (tests against the reference implementation). */
  static fromState(s: readonly [number, number, number, number]): Xoshiro128ss {
    const g = new Xoshiro128ss(0);
    [g.s0, g.s1, g.s2, g.s3] = s.map((v) => v | 0) as [number, number, number, number];
    return g;
  }

  /** The next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform integer in [0, n), n <= 2^21: `floor(u * n / 2^32)` (exact in doubles; the bias is
   * below n / 2^32, under 5e-4 even at the limit and ~2e-7 for a few years of sessions).
   */
  int(n: number): number {
    return Math.floor((this.nextUint32() * n) / 4294967296);
  }
}
