/**
 * Seeded pseudo-random numbers for the synthetic generator: the sfc32 ("small fast chaotic")
 * generator on 32-bit integer arithmetic, seeded from a string hash. Integer ops and the portable
 * math helpers give the same sequence on every engine, unlike Math.random.
 */
import { ln } from './portable-math';

/** Hashes text to four well-mixed 32-bit words (FNV-1a lanes with distinct offsets, then avalanche). */
export function hashWords(text: string): [number, number, number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  let h3 = 0x85ebca6b;
  let h4 = 0xc2b2ae35;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
  }
  // Cross-mix the lanes so a one-character change flips about half of every word.
  h1 = mix32(h1 ^ Math.imul(h2, 0x9e3779b1) ^ text.length);
  h2 = mix32(h2 ^ h1);
  h3 = mix32(h3 ^ h2);
  h4 = mix32(h4 ^ h3);
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Murmur3's finaliser: a bijective avalanche of one 32-bit word. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of a string to one unsigned 32-bit word. */
export function hash32(text: string): number {
  return hashWords(text)[0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** Seeds from any string; numbers are seeded through their decimal form, so 42 and "42" agree. */
  constructor(seed: string | number) {
    [this.a, this.b, this.c, this.d] = hashWords(String(seed));
    // The first outputs still echo the seed's structure; skip them.
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** Next unsigned 32-bit integer (sfc32 step). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal variate (Marsaglia's polar method: needs only ln and sqrt). */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const k = Math.sqrt((-2 * ln(s)) / s);
    this.spareNormal = v * k;
    return u * k;
  }

  /** Exponential variate with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -ln(1 - this.next()) / rate;
  }
}
