// pandas' `describe()` of one series: count, mean, std (sample), min, 25 %, 50 %, 75 %, max.
// Moments stream (Welford); quartiles come from a ValueDistribution: exact up to
// EXACT_QUANTILE_LIMIT values (any count when the values are few distinct ones, as a sensor's
// tenths are), from a KLL sketch with a stated rank error beyond.
import { momentsOf, standardDeviation, type Moments } from "../numeric/index.js";
import { createRandom } from "../random/index.js";
import { EXACT_QUANTILE_LIMIT, ValueDistribution, type QuantileMethod } from "./value-distribution.js";

export { EXACT_QUANTILE_LIMIT };

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
  quartiles: QuantileMethod;
}

/** The distribution of an array of values (NaN skipped), with the default limits. */
export function distributionOf(values: ArrayLike<number>): ValueDistribution {
  const d = new ValueDistribution(createRandom("describe"));
  for (let i = 0; i < values.length; i++) d.add(values[i]!);
  return d;
}

/**
 * Describes a series (NaN = missing, skipped), like `pandas.Series.describe()`.
 *
 * @example
 * describe([1, 2, 3, 4]); // { count: 4, mean: 2.5, std: 1.29…, min: 1, q25: 1.75, q50: 2.5, q75: 3.25, max: 4, … }
 */
export function describe(values: ArrayLike<number>): Description {
  return describeDistribution(distributionOf(values), momentsOf(values));
}

/** describe() from a series' distribution and moments, gathered while reading. */
export function describeDistribution(d: ValueDistribution, m: Moments): Description {
  return {
    count: m.count,
    mean: m.count > 0 ? m.mean : Number.NaN,
    std: standardDeviation(m),
    min: m.count > 0 ? m.min : Number.NaN,
    q25: d.quantile(0.25),
    q50: d.quantile(0.5),
    q75: d.quantile(0.75),
    max: m.count > 0 ? m.max : Number.NaN,
    quartiles: d.method,
  };
}
