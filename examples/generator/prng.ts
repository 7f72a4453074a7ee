import { sha256 } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';

/**
 * A small seeded PRNG (sfc32, Chris Doty-Humphrey's Small Fast Counting generator), so that a
 * generated year is a function of its seed alone: no Math.random, no clock. The 128-bit state is
 * the first 16 bytes of SHA-256(seed), so nearby seeds give unrelated streams.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const h = sha256(utf8Encode(`tally-generator/prng|${seed}`));
    const word = (i: number) => ((h[i]! << 24) | (h[i + 1]! << 16) | (h[i + 2]! << 8) | h[i + 3]!) >>> 0;
    this.a = word(0);
    this.b = word(4);
    this.c = word(8);
    this.d = word(12);
    // Discard the first outputs, as the reference implementation does, to mix the seed in.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [lo, hi]. Requires lo <= hi, both safe integers. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniform float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /**
   * A log-uniform integer in [lo, hi]: many small lots, a few large ones, as at a weighbridge.
   * Requires 0 < lo <= hi.
   */
  logUniform(lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, Math.round(Math.exp(this.between(Math.log(lo), Math.log(hi))))));
  }

  /** A uniform element. Requires a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An element chosen with probability proportional to its weight. Requires a positive total. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let x = this.next() * total;
    for (const item of items) {
      x -= weight(item);
      if (x < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** A Poisson-distributed count with mean `mean` (Knuth's method; the generator's means are small). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `bytes` random bytes as lowercase hex: document hashes and commitments that stand for real ones. */
  hex(bytes = 32): string {
    const out = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4) {
      const w = this.nextUint32();
      for (let j = 0; j < 4 && i + j < bytes; j++) out[i + j] = (w >>> (8 * j)) & 0xff;
    }
    return toHex(out);
  }
}

/** A derived hash for a label: stands in for the SHA-256 of a document the generator does not write. */
export function documentHash(seed: string, label: string): string {
  return toHex(sha256(utf8Encode(`tally-generator/doc|${seed}|${label}`)));
}
