import { deriveKey, rootKey } from "./derive.js";
import type { Random } from "./random.js";

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * xoshiro128** 1.1 (Blackman & Vigna): small state, 32-bit operations that JIT well, passes
 * BigCrush. The stream's key is kept so `fork` is independent of how much was drawn.
 */
export class Xoshiro128 implements Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(private readonly key: Uint32Array) {
    this.s0 = key[0]! | 0;
    this.s1 = key[1]! | 0;
    this.s2 = key[2]! | 0;
    this.s3 = key[3]! | 0;
  }

  uint32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  next(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  int(min: number, max: number): number {
    const span = max - min + 1;
    if (!(span >= 1) || !Number.isSafeInteger(span)) throw new RangeError(`int(${min}, ${max}): need min ≤ max, both safe integers`);
    if (span <= TWO_POW_32) {
      // Lemire's nearly-divisionless method, in doubles to stay exact above 2^31.
      const threshold = (TWO_POW_32 - span) % span;
      for (;;) {
        const x = this.uint32();
        const m = x * span;
        const low = m % TWO_POW_32;
        if (low >= threshold) return min + Math.floor(m / TWO_POW_32);
      }
    }
    return min + Math.floor(this.next() * span);
  }

  fork(...path: readonly (string | number)[]): Random {
    return new Xoshiro128(deriveKey(this.key, path));
  }

  /** The raw generator over a given state (for reference-vector tests). */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    return new Xoshiro128(Uint32Array.from(state));
  }
}

/**
 * The root stream of a seed.
 *
 * @example
 * const rng = createRandom(42);
 * const prices = rng.fork("sales", "price", 0); // stream for one column's first chunk
 * prices.next();
 */
export function createRandom(seed: number | string): Random {
  return new Xoshiro128(rootKey(seed));
}
