// A keyed pseudo-random permutation of [0, n): a balanced Feistel network on 2k bits plus cycle
// walking. Applied to row indices it gives ids that look random yet are unique by construction.

import { fmix32 } from "../../../random/derive.js";

const ROUNDS = 6;

export class FeistelPermutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly span: number;

  /**
   * @param size the domain [0, size), at most 2^52
   * @param keys ROUNDS round keys (32-bit), e.g. from the column's stream
   */
  constructor(
    readonly size: number,
    private readonly keys: Uint32Array,
  ) {
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    if (bits > 52) throw new RangeError(`permutation domain ${size} exceeds 2^52`);
    this.half = bits / 2;
    this.mask = 2 ** this.half - 1;
    this.span = 2 ** this.half;
  }

  static rounds = ROUNDS;

  private once(x: number): number {
    let left = Math.floor(x / this.span);
    let right = x - left * this.span;
    for (let r = 0; r < ROUNDS; r++) {
      const f = fmix32((right ^ this.keys[r]!) + Math.imul(r + 1, 0x9e3779b9)) & this.mask;
      const next = (left ^ f) & this.mask;
      left = right;
      right = next;
    }
    return left * this.span + right;
  }

  /** The image of x ∈ [0, size): a bijection on [0, size). */
  apply(x: number): number {
    // Cycle walking: the network permutes [0, 4^half) ⊇ [0, size); iterate until back in range.
    let y = this.once(x);
    while (y >= this.size) y = this.once(y);
    return y;
  }
}

/** 32 pseudo-random bits from a value and a key (for the decorative, non-unique part of an id). */
export function mixBits(value: number, key: number, lane: number): number {
  const lo = value % 4294967296;
  const hi = Math.floor(value / 4294967296);
  return fmix32(fmix32(lo ^ key) ^ Math.imul(hi + lane + 1, 0x9e3779b9));
}
