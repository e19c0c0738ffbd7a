// Precomputed maps from the normal scale straight to a column's values, so the sampling loop
// does neither Φ(z) nor a marginal's inverse CDF per value: for categories, the interval
// boundaries on the z scale; for continuous columns, the quantile function tabulated on a fine
// z grid (linear interpolation between points 1/512 apart in z; the error in probability is
// below 1e-6, far under what any sample size can see).
import { marginalQuantileFunction } from "./marginals.js";
import { normalCdfFast, normalQuantileFast } from "../../../numeric/index.js";
import type { Marginal } from "../model-types.js";

/** z-scale upper bounds of each category interval (the last is +∞). */
export function zThresholds(probabilities: readonly number[]): Float64Array {
  const out = new Float64Array(probabilities.length);
  let cum = 0;
  probabilities.forEach((p, i) => {
    cum += p;
    out[i] = i === probabilities.length - 1 || cum >= 1 ? Number.POSITIVE_INFINITY : normalQuantileFast(cum);
  });
  return out;
}

/** Index of the interval holding z. */
export function intervalOf(thresholds: Float64Array, z: number): number {
  let lo = 0,
    hi = thresholds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (z < thresholds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const Z_MIN = -8.5;
const Z_MAX = 8.5;
export const Z_STEPS_PER_UNIT = 512;

/** A continuous column's quantile function on the z scale. */
export interface ZQuantile {
  table: Float64Array;
}

/** Φ at every grid point: the same for every column, so computed once. */
let gridCdf: Float64Array | undefined;

/** Φ on the z grid (Z_MIN + i / Z_STEPS_PER_UNIT), shared by every column and computed once. */
export function zCdfTable(): Float64Array {
  if (!gridCdf) {
    const n = Math.round((Z_MAX - Z_MIN) * Z_STEPS_PER_UNIT) + 1;
    gridCdf = new Float64Array(n);
    for (let i = 0; i < n; i++) gridCdf[i] = normalCdfFast(Z_MIN + i / Z_STEPS_PER_UNIT);
  }
  return gridCdf;
}

export function zQuantileTable(marginal: Marginal, min: number, max: number): ZQuantile {
  const n = Math.round((Z_MAX - Z_MIN) * Z_STEPS_PER_UNIT) + 1;
  zCdfTable();
  const quantileAt = marginalQuantileFunction(marginal, min, max);
  const table = new Float64Array(n);
  for (let i = 0; i < n; i++) table[i] = quantileAt(gridCdf![i]!);
  table[0] = quantileAt(0);
  table[n - 1] = quantileAt(1);
  return { table };
}

/** The value at z (clamped to the table's ends, which are the column's min and max). */
export function zQuantile(q: ZQuantile, z: number): number {
  const t = q.table;
  const h = (z - Z_MIN) * Z_STEPS_PER_UNIT;
  if (!(h > 0)) return t[0]!;
  if (h >= t.length - 1) return t[t.length - 1]!;
  const i = h | 0;
  return t[i]! + (h - i) * (t[i + 1]! - t[i]!);
}
