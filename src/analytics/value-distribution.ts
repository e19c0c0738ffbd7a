// The values of one field of one device, kept for its quartiles and histogram in bounded memory
// when they can be, exactly up to EXACT_QUANTILE_LIMIT values, and in a KLL sketch beyond:
//   1. counts of distinct values (a DHT22 reports tenths: a year of one room is a few hundred
//      distinct values, so any count of readings is exact in a few kilobytes);
//   2. past DISTINCT_LIMIT distinct values, the values themselves (8 bytes each, exact);
//   3. past EXACT_QUANTILE_LIMIT values, a KLL sketch (rank error KLL_RANK_ERROR, stated in the output).
import type { Random } from "../random/index.js";
import { KLL_RANK_ERROR, KllSketch } from "./kll-sketch.js";
import { quantileSorted } from "./quantiles.js";

/** Most values per series whose quartiles are computed exactly from the values themselves (80 MB). */
export const EXACT_QUANTILE_LIMIT = 10_000_000;
/** Most distinct values counted (a table of ≤ 2 MB) before the values themselves are kept. */
export const DISTINCT_LIMIT = 1 << 16;

export interface DistributionLimits {
  /** Distinct values counted before switching to the values themselves. */
  distinct: number;
  /** Values kept exactly before switching to the sketch (0: straight from counts to the sketch). */
  exact: number;
}

export type QuantileMethod = { method: "exact" } | { method: "sketch"; rankError: number };

const EMPTY = Number.NaN;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hashOf(x: number): number {
  bits[0] = x;
  let h = Math.imul(words[0]! ^ 0x9e3779b9, 0x85ebca6b) ^ words[1]!;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

/** An open-addressing table of distinct values and their counts (NaN marks an empty slot). */
class DistinctCounts {
  keys = new Float64Array(1024).fill(EMPTY);
  counts = new Float64Array(1024);
  size = 0;

  add(x: number): void {
    const mask = this.keys.length - 1;
    let i = hashOf(x) & mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === x) {
        this.counts[i]!++;
        return;
      }
      if (k !== k) break; // empty (NaN)
      i = (i + 1) & mask;
    }
    this.keys[i] = x;
    this.counts[i] = 1;
    if (++this.size * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Float64Array(keys.length * 2).fill(EMPTY);
    this.counts = new Float64Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k !== k) continue;
      let i = hashOf(k) & mask;
      while (this.keys[i] === this.keys[i]) i = (i + 1) & mask;
      this.keys[i] = k;
      this.counts[i] = counts[j]!;
    }
  }

  /** Distinct values ascending and the cumulative counts up to each. */
  sorted(): { values: Float64Array; cumulative: Float64Array } {
    const order: number[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === this.keys[i]) order.push(i);
    order.sort((a, b) => this.keys[a]! - this.keys[b]!);
    const values = Float64Array.from(order, (i) => this.keys[i]!);
    const cumulative = new Float64Array(order.length);
    let sum = 0;
    order.forEach((i, j) => (cumulative[j] = sum += this.counts[i]!));
    return { values, cumulative };
  }
}

/**
 * The distribution of one series' values (NaN skipped), for quantiles with pandas' linear
 * interpolation and for histograms.
 *
 * @example
 * const d = new ValueDistribution(createRandom("temperature"));
 * for (const x of [16.6, 17.0, 17.4, 17.0]) d.add(x);
 * d.quantile(0.25); // 16.9, exactly as pandas
 */
export class ValueDistribution {
  count = 0;
  private counts: DistinctCounts | undefined = new DistinctCounts();
  private values: Float64Array | undefined;
  private held = 0;
  private sketch: KllSketch | undefined;
  private view: { values: Float64Array; cumulative: Float64Array } | undefined;
  private valuesSorted = false;

  constructor(
    private readonly random: Random,
    private readonly limits: DistributionLimits = { distinct: DISTINCT_LIMIT, exact: EXACT_QUANTILE_LIMIT },
  ) {}

  add(x: number): void {
    if (Number.isNaN(x)) return;
    this.count++;
    this.view = undefined;
    if (this.counts) {
      this.counts.add(x === 0 ? 0 : x); // −0 and 0 are one value
      if (this.counts.size > this.limits.distinct) this.leaveCounts();
      return;
    }
    if (this.values) {
      if (this.held === this.values.length) {
        if (this.held >= this.limits.exact) this.toSketch();
        else {
          const bigger = new Float64Array(Math.min(this.limits.exact, this.values.length * 2));
          bigger.set(this.values);
          this.values = bigger;
        }
      }
      if (this.values) {
        this.values[this.held++] = x;
        this.valuesSorted = false;
        return;
      }
    }
    this.sketch!.add(x);
  }

  /** Too many distinct values to count: keep the values themselves, or sketch them. */
  private leaveCounts(): void {
    const counts = this.counts!;
    this.counts = undefined;
    const { values, cumulative } = counts.sorted();
    if (this.count > this.limits.exact) {
      this.sketch = new KllSketch(this.random);
      let before = 0;
      values.forEach((v, i) => {
        for (let c = before; c < cumulative[i]!; c++) this.sketch!.add(v);
        before = cumulative[i]!;
      });
      return;
    }
    this.values = new Float64Array(Math.min(this.limits.exact, Math.max(1024, 2 * this.count)));
    let before = 0;
    values.forEach((v, i) => {
      this.values!.fill(v, before, cumulative[i]);
      before = cumulative[i]!;
    });
    this.held = this.count;
  }

  private toSketch(): void {
    this.sketch = new KllSketch(this.random);
    for (let i = 0; i < this.held; i++) this.sketch.add(this.values![i]!);
    this.values = undefined;
    this.held = 0;
  }

  /** Exact, or from the sketch with its rank error. */
  get method(): QuantileMethod {
    return this.sketch ? { method: "sketch", rankError: KLL_RANK_ERROR } : { method: "exact" };
  }

  private sortedView(): { values: Float64Array; cumulative: Float64Array } | undefined {
    if (this.counts) return (this.view ??= this.counts.sorted());
    return undefined;
  }

  private heldSorted(): Float64Array {
    const held = this.values!.subarray(0, this.held);
    if (!this.valuesSorted) {
      held.sort();
      this.valuesSorted = true;
    }
    return held;
  }

  /** The p-quantile: pandas' linear interpolation at rank (count − 1)·p when exact. */
  quantile(p: number): number {
    if (this.count === 0) return Number.NaN;
    if (this.sketch) return this.sketch.quantile(p);
    if (this.values) return quantileSorted(this.heldSorted(), p);
    const { values, cumulative } = this.sortedView()!;
    const at = (rank: number): number => {
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > rank) hi = mid;
        else lo = mid + 1;
      }
      return values[lo]!;
    };
    const h = (this.count - 1) * p;
    const lo = Math.floor(h);
    const x = at(lo);
    const frac = h - lo;
    return frac === 0 || lo + 1 >= this.count ? x : x + frac * (at(lo + 1) - x);
  }

  /** Every value ascending with its weight: distinct values and counts, values one by one, or the sketch's items. */
  forEachAscending(visit: (value: number, weight: number) => void): void {
    if (this.sketch) return this.sketch.forEachAscending(visit);
    if (this.values) {
      const held = this.heldSorted();
      for (let i = 0; i < held.length; i++) visit(held[i]!, 1);
      return;
    }
    const { values, cumulative } = this.sortedView()!;
    let before = 0;
    for (let i = 0; i < values.length; i++) {
      visit(values[i]!, cumulative[i]! - before);
      before = cumulative[i]!;
    }
  }

  /** Count and sum of the values above `threshold` (exact unless sketched). */
  above(threshold: number): { count: number; sum: number } {
    let count = 0;
    let sum = 0;
    this.forEachAscending((v, w) => {
      if (v > threshold) {
        count += w;
        sum += v * w;
      }
    });
    return { count, sum };
  }
}
