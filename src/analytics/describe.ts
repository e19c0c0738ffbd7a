// pandas' `describe()` of one series: count, mean, std (sample), min, 25 %, 50 %, 75 %, max.
import { momentsOf, standardDeviation, type Moments } from "../numeric/index.js";
import { quantileSorted, sortedFinite } from "./quantiles.js";

export interface Description {
  count: number;
  mean: number;
  std: number;
  min: number;
  q25: number;
  q50: number;
  q75: number;
  max: number;
  /** How the quartiles were found: exactly, or from a sketch with a bound on their rank error. */
  quartiles: { method: "exact" } | { method: "sketch"; rankError: number };
}

/** Most values per series whose quartiles are computed exactly (one sort of a typed array, 80 MB). */
export const EXACT_QUANTILE_LIMIT = 10_000_000;

/**
 * Describes a series (NaN = missing, skipped), like `pandas.Series.describe()`.
 *
 * @example
 * describe([1, 2, 3, 4]); // { count: 4, mean: 2.5, std: 1.29…, min: 1, q25: 1.75, q50: 2.5, q75: 3.25, max: 4, … }
 */
export function describe(values: ArrayLike<number>): Description {
  return describeSorted(sortedFinite(values), momentsOf(values));
}

/** describe() from the values already sorted (no NaN) and their moments: one sort serves several statistics. */
export function describeSorted(sorted: Float64Array, m: Moments): Description {
  return {
    count: m.count,
    mean: m.count > 0 ? m.mean : Number.NaN,
    std: standardDeviation(m),
    min: m.count > 0 ? m.min : Number.NaN,
    q25: quantileSorted(sorted, 0.25),
    q50: quantileSorted(sorted, 0.5),
    q75: quantileSorted(sorted, 0.75),
    max: m.count > 0 ? m.max : Number.NaN,
    quartiles: { method: "exact" },
  };
}
