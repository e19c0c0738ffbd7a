// Count, mean and M2 (the sum of squared deviations from the mean), updated one value at a time
// (Welford) and merged with Chan et al.'s formula: the same aggregate works per chunk, per worker
// and per time bucket inside the store, and never forms sums of squares, which lose every
// significant digit on values like 17.0 ± 0.4 far from zero.

/** Streaming moments of one series; `min`/`max` are ±Infinity while empty. */
export interface Moments {
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
  min: number;
  max: number;
}

export function emptyMoments(): Moments {
  return { count: 0, mean: 0, m2: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

/** Adds one value in place (Welford's update). NaN is skipped: it marks a missing field. */
export function addValue(m: Moments, x: number): void {
  if (Number.isNaN(x)) return;
  m.count++;
  const d = x - m.mean;
  m.mean += d / m.count;
  m.m2 += d * (x - m.mean);
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

/**
 * Merges two aggregates (Chan, Golub & LeVeque 1979): n = na + nb, δ = mean_b − mean_a,
 * mean = mean_a + δ·nb/n, M2 = M2_a + M2_b + δ²·na·nb/n.
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return { ...b };
  if (b.count === 0) return { ...a };
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count: n,
    mean: a.mean + (delta * b.count) / n,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** Moments of an array (NaN skipped). */
export function momentsOf(values: ArrayLike<number>): Moments {
  const m = emptyMoments();
  for (let i = 0; i < values.length; i++) addValue(m, values[i]!);
  return m;
}

/** Variance with `ddof` degrees of freedom removed (1 = sample variance, pandas' default); NaN when undefined. */
export function variance(m: Moments, ddof = 1): number {
  return m.count - ddof > 0 ? Math.max(0, m.m2) / (m.count - ddof) : Number.NaN;
}

/** Standard deviation (sample by default, as pandas' `std()`). */
export function standardDeviation(m: Moments, ddof = 1): number {
  return Math.sqrt(variance(m, ddof));
}
