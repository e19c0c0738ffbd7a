// Quantiles averaged over a window of neighbouring ranks, for the empirical marginals and the
// number contexts of hierarchical drawing. Drawing between the raw quantiles of n rows gives a
// value the density of the few rows around it: each quantile step spans (n − 1) / (quantiles − 1)
// rows, and a value several rows hold (a year, a small count) is an atom of exactly their share.
// A row's own value therefore comes out more often when the row was in the training part than
// when it was held out (docs/model.md, "branch i21b": 1.18× for disasters' years, 1.5× for its
// death counts within an entity) — synthetic rows copy training rows beyond chance.
//
// Averaging the quantile function over ±`halfWidth` ranks makes the density at every value that of
// the 2 · halfWidth rows around it (a k-nearest-neighbour estimate): one row moves it by about
// 1 / (2 · halfWidth). A value held by more rows than the window (0 mm of rain on a third of the
// days, an age on a million-row table) keeps its flat stretch, so true point masses stay exact;
// the window shrinks toward the ends, so the minimum and maximum stay the observed ones, and toward
// such a point mass, so its share stays exact.

/**
 * `count` quantiles (levels 0, 1/(count−1), …, 1) of `sorted` (ascending, no NaN), each the mean of
 * the type-7 quantile function over ±`halfWidth` ranks around its level (fewer near the ends).
 * `halfWidth` 0 gives the type-7 quantiles themselves.
 *
 * @example
 * rankWindowQuantiles(Float64Array.from([1, 2, 2, 2, 3, 9]), 3, 1); // [1, 2, 9]
 */
export function rankWindowQuantiles(sorted: ArrayLike<number>, count: number, halfWidth: number): number[] {
  const last = sorted.length - 1;
  const at = (h: number): number => {
    const j = Math.min(Math.floor(h), last);
    const t = h - j;
    return t === 0 ? sorted[j]! : sorted[j]! + t * (sorted[j + 1]! - sorted[j]!);
  };
  // ∫ₐᵇ Q(h) dh, Q the piecewise-linear quantile function in rank coordinates, one linear piece
  // at a time (a window spans 2 · halfWidth pieces; summing locally keeps full precision).
  const integral = (a: number, b: number): number => {
    let sum = 0;
    for (let x = a; x < b;) {
      const next = Math.min(b, Math.floor(x) + 1);
      sum += ((at(x) + at(next)) / 2) * (next - x);
      x = next;
    }
    return sum;
  };
  // A value tied on more than 2 · halfWidth rows is a point mass the window keeps exact; windows
  // near it shrink so as not to reach into it (a dry day's 0 mm is not averaged with wet days).
  // The run of ties around rank j, by binary search (no per-row arrays on a million-row column).
  const run = (j: number): [number, number] => {
    const v = sorted[j]!;
    let a = 0,
      b = j;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (sorted[m]! < v) a = m + 1;
      else b = m;
    }
    let c = j,
      d = last;
    while (c < d) {
      const m = (c + d + 1) >>> 1;
      if (sorted[m]! > v) d = m - 1;
      else c = m;
    }
    return [a, c];
  };
  const isAtom = ([first, end]: [number, number]): boolean => end - first + 1 > 2 * halfWidth;
  const out: number[] = [];
  for (let q = 0; q < count; q++) {
    const h = count === 1 ? 0 : (q / (count - 1)) * last;
    const lo = Math.floor(h),
      hi = Math.ceil(h);
    let w = Math.min(halfWidth, h, last - h);
    if (w > 0 && sorted[lo] === sorted[hi] && isAtom(run(lo))) w = 0;
    // The nearest point mass at or below rank lo, and at or above rank hi, within the window.
    for (let j = lo; w > 0 && j >= Math.floor(h - w);) {
      const r = run(j);
      if (isAtom(r)) w = Math.min(w, h - r[1]);
      j = r[0] - 1;
    }
    for (let j = hi; w > 0 && j <= Math.ceil(h + w);) {
      const r = run(j);
      if (isAtom(r)) w = Math.min(w, r[0] - h);
      j = r[1] + 1;
    }
    if (!(w > 0)) {
      out.push(at(h));
      continue;
    }
    const v = integral(h - w, h + w) / (2 * w);
    // Rounding of the integrals must not leave the values between their window's ends or out of order.
    out.push(Math.min(Math.max(v, at(h - w), out[out.length - 1] ?? -Infinity), at(h + w)));
  }
  return out;
}
