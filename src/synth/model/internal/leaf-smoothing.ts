// The quantiles a CART number leaf keeps, of its rows' scores smoothed by a Gaussian kernel
// (synthpop's `smoothing = "density"`). Drawing between the quantiles of the raw scores puts every
// sampled score inside the range of the leaf's ≥ 20 training rows, so the tree's last splits,
// which follow those rows, pull synthetic rows closer to them than to unseen rows of the same
// region. A kernel of twice Silverman's rule for the leaf spreads each row's mass over its
// neighbourhood, so no row stands out in its own (a row under a narrower kernel made its own value
// likelier than an unseen row's: docs/model.md, branch i21b); its centres are pulled toward the
// leaf's mean so that centres and kernel together keep the leaf's variance (Silverman's shrunk
// smoothed bootstrap) instead of widening every leaf by h². The smoothing is baked into the stored
// quantiles, so sampling is unchanged (same speed, same random numbers) and older model files,
// which hold unsmoothed quantiles, still load.
import { normalCdfFast } from "../../../numeric/index.js";

/** Kernel centres kept for a large leaf (its quantiles): the CDF costs this many Φ per point. */
const MAX_CENTRES = 64;
/** Past an atom's interval edge by more than the 5 decimals a leaf's quantile is stored with. */
const EDGE = 2e-5;
/** Bisection steps per quantile (the score range / 2^24 is far below the 5 stored decimals). */
const STEPS = 24;

/** Silverman's rule of thumb (R's bw.nrd0) for `m` sorted values: 0.9 · min(sd, IQR/1.34) · m^(−1/5). */
export function silvermanBandwidth(sorted: Float64Array): number {
  const m = sorted.length;
  if (m < 2) return 0;
  let s = 0,
    ss = 0;
  for (const v of sorted) s += v;
  const mean = s / m;
  for (const v of sorted) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (m - 1));
  const iqr = typeQuantile(sorted, 0.75) - typeQuantile(sorted, 0.25);
  const spread = Math.min(sd, iqr / 1.34) || sd;
  return 0.9 * spread * m ** -0.2;
}

/** Mean and sample standard deviation (0 for fewer than 2 values). */
function meanSd(values: Float64Array): { mean: number; sd: number } {
  const m = values.length;
  let s = 0;
  for (const v of values) s += v;
  const mean = m > 0 ? s / m : 0;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, sd: m > 1 ? Math.sqrt(ss / (m - 1)) : 0 };
}

/** Type-7 quantile of sorted values. */
function typeQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * `count` quantiles (at 0, 1/(count−1), …, 1) of the leaf's sorted scores with every value not in
 * `atoms` replaced by a Gaussian of bandwidth `scale` × Silverman's; atoms (point masses of the
 * column, such as 0 mm of rain) stay exact, so a dry leaf still draws only dry days. The two end
 * quantiles are those of probability 1/(2n) and 1 − 1/(2n): the kernel's tails beyond them are cut.
 * `atoms` maps each point mass to the score interval written as its value.
 */
export function smoothedLeafQuantiles(
  sorted: Float64Array,
  atoms: ReadonlyMap<number, readonly [number, number]>,
  count: number,
  scale: number,
): number[] | undefined {
  const n = sorted.length;
  const free = sorted.filter((v) => !atoms.has(v));
  const m = free.length;
  const { mean, sd } = meanSd(free);
  // At most the leaf's own spread: wider, every centre would sit on the mean and the kernel alone set the spread.
  const h = Math.min(scale * silvermanBandwidth(free), sd);
  if (!(h > 0)) return undefined;
  // Centres pulled toward the mean so that centres + kernel keep the leaf's variance (Silverman's
  // shrunk smoothed bootstrap): a kernel wide enough that no row stands out in its own
  // neighbourhood would otherwise widen every leaf by h² (docs/model.md, branch i21b).
  const shrink = Math.sqrt(Math.max(0, 1 - (h * h) / (sd * sd)));
  const kept = m <= MAX_CENTRES ? free : Float64Array.from({ length: MAX_CENTRES }, (_, i) => typeQuantile(free, (i + 0.5) / MAX_CENTRES));
  const centres = kept.map((c) => mean + shrink * (c - mean));
  // Distinct atoms in order, with the share of the leaf at or below each.
  const point: number[] = [],
    below: number[] = [];
  let seen = 0;
  for (const v of sorted) {
    if (!atoms.has(v)) continue;
    seen++;
    if (point[point.length - 1] !== v) {
      point.push(v);
      below.push(0);
    }
    below[below.length - 1] = seen / n;
  }
  const freeShare = m / n;
  const cdf = (x: number): number => {
    let atomBelow = 0;
    for (let i = 0; i < point.length && point[i]! <= x; i++) atomBelow = below[i]!;
    let k = 0;
    for (const c of centres) k += normalCdfFast((x - c) / h);
    return atomBelow + (freeShare * k) / centres.length;
  };
  const lo = sorted[0]! - 4 * h,
    hi = sorted[n - 1]! + 4 * h;
  const out: number[] = [];
  for (let q = 0; q < count; q++) {
    const p = Math.min(1 - 0.5 / n, Math.max(0.5 / n, q / (count - 1)));
    let a = lo,
      b = hi;
    for (let s = 0; s < STEPS; s++) {
      const mid = (a + b) / 2;
      if (cdf(mid) < p) a = mid;
      else b = mid;
    }
    // An atom the bisection closed in on is written exactly (draws between two equal quantiles return it).
    let v = b;
    for (const x of point) if (Math.abs(x - b) <= (hi - lo) * 2 ** -STEPS * 2) v = x;
    // Kernel mass that strays into an atom's interval would be written as the atom's value (a wet
    // day's smoothed rain as 0 mm): it stays at the interval's nearer edge instead.
    if (!atoms.has(v)) for (const [lo2, hi2] of atoms.values()) if (v > lo2 - EDGE && v < hi2 + EDGE) v = v - lo2 < hi2 - v ? lo2 - EDGE : hi2 + EDGE;
    out.push(v);
  }
  return out;
}
