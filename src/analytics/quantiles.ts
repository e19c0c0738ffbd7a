// Quantiles with pandas' (and NumPy's default "linear") definition: the p-quantile of n sorted
// values is at rank h = (n − 1)·p, interpolated linearly between x[⌊h⌋] and x[⌊h⌋ + 1].

/** The p-quantile (0 ≤ p ≤ 1) of ascending values; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x = sorted[lo]!;
  if (lo + 1 >= n) return x;
  const frac = h - lo;
  // x + frac·(next − x): exact at frac = 0 and monotone, as NumPy's linear method.
  return frac === 0 ? x : x + frac * (sorted[lo + 1]! - x);
}

/** Values without NaN, sorted ascending (a typed array sorts numerically). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[j++] = v;
  }
  return out.sort();
}
