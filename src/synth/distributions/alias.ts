import type { Random } from "../../random/index.js";
import { isFiniteNumber, need, type Sampler } from "./sampler.js";

/**
 * Walker's alias method (Vose's stable construction): O(n) set-up, O(1) per draw whatever the
 * number of categories. The workhorse of categorical columns.
 *
 * @example
 * const pick = new AliasTable([70, 20, 10]);
 * pick.index(createRandom(1)); // 0 with probability 0.7
 */
export class AliasTable {
  /** Number of categories. */
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    need(n > 0, "a categorical distribution needs at least one weight");
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      need(isFiniteNumber(w) && w >= 0, `weights must be finite and ≥ 0, got ${w} at index ${i}`);
      total += w;
    }
    need(total > 0, "at least one weight must be > 0");
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** One category index in [0, size). */
  index(rng: Random): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }

  /**
   * Fills out[i] with an index drawn from `tables[which[i]]`, for every i in order: the same
   * draws as calling `tables[which[i]].index(rng)` row by row (a conditional categorical's rows
   * each pick their case's table), without a method call per row.
   */
  static fillEach(tables: readonly AliasTable[], which: Uint32Array, rng: Random, out: Uint32Array): Uint32Array {
    const n = out.length;
    for (let k = 0; k < n; k++) {
      const t = tables[which[k]!]!;
      const u = rng.next() * t.size;
      const i = Math.floor(u);
      out[k] = u - i < t.prob[i]! ? i : t.alias[i]!;
    }
    return out;
  }

  /** Fills out[from, to) with category indices. */
  fill(rng: Random, out: Uint32Array, from = 0, to = out.length): Uint32Array {
    const n = this.size;
    const prob = this.prob;
    const alias = this.alias;
    for (let k = from; k < to; k++) {
      const u = rng.next() * n;
      const i = Math.floor(u);
      out[k] = u - i < prob[i]! ? i : alias[i]!;
    }
    return out;
  }
}

/**
 * A number drawn from `values` with `weights` (uniform when omitted), by the alias method.
 *
 * @example
 * discrete([1, 2, 3, 4], [55, 25, 12, 8]).sample(createRandom(5)); // a basket size
 */
export function discrete(values: readonly number[], weights?: readonly number[]): Sampler {
  need(values.length > 0 && values.every(isFiniteNumber), "discrete needs a non-empty list of finite values");
  need(weights === undefined || weights.length === values.length, `discrete needs one weight per value: ${values.length} values, ${weights?.length ?? 0} weights`);
  const table = new AliasTable(weights ?? values.map(() => 1));
  const vals = Float64Array.from(values);
  return {
    label: `discrete(${values.length} values)`,
    sample: (rng) => vals[table.index(rng)]!,
    fill(rng, out, from = 0, to = out.length) {
      for (let i = from; i < to; i++) out[i] = vals[table.index(rng)]!;
      return out;
    },
  };
}
