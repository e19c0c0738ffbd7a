// Streaming moments as count, mean and M2 (the sum of squared deviations from the mean), updated
// one value at a time (Welford) and merged pairwise (Chan et al.). Never sums of squares: those
// lose every significant digit on values like 17.0 ± 0.4 once there are millions of them. The same
// record serves per chunk, per worker, per time bucket and inside a store's SQL.

export interface Moments {
  count: number;
  mean: number;
  /** Σ (x − mean)² over the values seen. */
  m2: number;
  min: number;
  max: number;
}

/** The moments of no values. */
export function emptyMoments(): Moments {
  return { count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
}

/** Adds one value in place (Welford's update). NaN is skipped: it marks a missing value. */
export function addValue(m: Moments, x: number): void {
  if (Number.isNaN(x)) return;
  m.count++;
  const delta = x - m.mean;
  m.mean += delta / m.count;
  m.m2 += delta * (x - m.mean);
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

/** The moments of all the values of `a` and `b` together (Chan, Golub and LeVeque's pairwise update). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return { ...b };
  if (b.count === 0) return { ...a };
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count,
    // The weighted form keeps the mean exact when one side is much larger than the other.
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** The moments of an array of values (NaN skipped). */
export function momentsOf(values: ArrayLike<number>): Moments {
  const m = emptyMoments();
  for (let i = 0; i < values.length; i++) addValue(m, values[i]!);
  return m;
}

/** The variance with `ddof` degrees of freedom removed (1: the sample variance, as pandas' std; 0: the population's). NaN when undefined. */
export function variance(m: Moments, ddof = 1): number {
  return m.count - ddof > 0 ? m.m2 / (m.count - ddof) : NaN;
}

/** The standard deviation with `ddof` degrees of freedom removed (see variance). */
export function standardDeviation(m: Moments, ddof = 1): number {
  return Math.sqrt(variance(m, ddof));
}
