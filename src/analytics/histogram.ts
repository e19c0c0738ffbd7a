// A histogram with the fitted normal curve (as the seed's notebooks drew) and a normality
// measure: skewness, excess kurtosis and the Jarque–Bera test, whose χ²(2) p-value has the closed
// form exp(−JB/2), so no special functions are needed here.
import { type Moments, momentsOf, normalPdf, standardDeviation } from "../numeric/index.js";
import { distributionOf } from "./describe.js";
import type { ValueDistribution } from "./value-distribution.js";

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
  /** count / (n · width): comparable with the fitted normal's density. */
  density: number;
}

export interface Histogram {
  bins: HistogramBin[];
  /** The fitted normal: sample mean and std. */
  normal: { mean: number; std: number };
  /** Points of the fitted normal density across the bins' range, for drawing. */
  curve: { x: number; density: number }[];
  normality: { skewness: number; excessKurtosis: number; jarqueBera: number; pValue: number };
}

/** Σ(x − mean)³ and Σ(x − mean)⁴, updated while reading (used when the values were sketched). */
export interface ShapeMoments {
  m3: number;
  m4: number;
}

/**
 * Adds x to the third and fourth central moments (Pébay 2008), given the count, mean and M2
 * *before* x joins them: call it just before `addValue(m, x)`.
 */
export function addShape(s: ShapeMoments, m: Moments, x: number): void {
  const n = m.count + 1;
  const delta = x - m.mean;
  const dn = delta / n;
  const dn2 = dn * dn;
  const term = delta * dn * m.count;
  s.m4 += term * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * m.m2 - 4 * dn * s.m3;
  s.m3 += term * dn * (n - 2) - 3 * dn * m.m2;
}

/** Freedman–Diaconis width (2·IQR·n^−1/3), clamped to 5–50 bins. */
function binCount(d: ValueDistribution, m: Moments): number {
  const range = m.max - m.min;
  const width = (2 * (d.quantile(0.75) - d.quantile(0.25))) / Math.cbrt(m.count);
  if (!(width > 0) || !(range > 0)) return 5;
  return Math.max(5, Math.min(50, Math.ceil(range / width)));
}

/**
 * The step of the grid the values lie on (0.1 for tenths), or 0 when they are not on one: the
 * smallest gap between distinct values, accepted when every gap is a whole multiple of it.
 */
function gridStep(d: ValueDistribution): number {
  const distinct: number[] = [];
  d.forEachAscending((v) => {
    if (distinct.length === 0 || v > distinct[distinct.length - 1]!) distinct.push(v);
  });
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < distinct.length; i++) step = Math.min(step, distinct[i]! - distinct[i - 1]!);
  if (!Number.isFinite(step)) return 0;
  for (let i = 1; i < distinct.length; i++) {
    const r = (distinct[i]! - distinct[i - 1]!) / step;
    if (Math.abs(r - Math.round(r)) > 0.01) return 0;
  }
  return step;
}

export function normalDensity(x: number, mean: number, std: number): number {
  return normalPdf((x - mean) / std) / std;
}

/**
 * Histogram of the values (NaN skipped) with `bins` equal bins over [min, max] (default:
 * Freedman–Diaconis), the last bin closed on the right as NumPy's.
 */
export function histogram(values: ArrayLike<number>, bins?: number): Histogram {
  return histogramOf(distributionOf(values), momentsOf(values), undefined, bins);
}

/**
 * histogram() from a series' distribution and moments. Exact distributions give exact bins and
 * two-pass skewness and kurtosis; a sketched one gives bins from the sketch's weighted items and
 * the shape from `shape`, the moments streamed while reading.
 */
export function histogramOf(d: ValueDistribution, m: Moments, shape?: ShapeMoments, bins?: number): Histogram {
  const n = m.count;
  const std = standardDeviation(m);
  if (n === 0)
    return {
      bins: [],
      normal: { mean: Number.NaN, std: Number.NaN },
      curve: [],
      normality: { skewness: Number.NaN, excessKurtosis: Number.NaN, jarqueBera: Number.NaN, pValue: Number.NaN },
    };
  let k = bins ?? binCount(d, m);
  let lo = m.min;
  let hi = m.max;
  let width = hi > lo ? (hi - lo) / k : 1;
  // Readings on a grid (a DHT22 reports tenths): bins narrower than the grid, or not a whole
  // number of its steps, would alternate between full and empty. Widen them to whole steps,
  // centred on the grid values.
  const step = bins === undefined ? gridStep(d) : 0;
  if (step > 0 && hi > lo) {
    width = Math.max(1, Math.round(width / step)) * step;
    lo -= step / 2;
    k = Math.max(1, Math.ceil((hi + step / 2 - lo) / width - 1e-9));
    hi = lo + k * width;
  }
  const counts = new Array<number>(k).fill(0);
  let m3 = 0;
  let m4 = 0;
  d.forEachAscending((v, w) => {
    counts[Math.min(k - 1, Math.floor((v - lo) / width))]! += w;
    // Central moments, two-pass about the mean (exact distributions).
    const dv = v - m.mean;
    const d2 = dv * dv;
    m3 += w * d2 * dv;
    m4 += w * d2 * d2;
  });
  if (d.method.method === "sketch" && shape) {
    m3 = shape.m3;
    m4 = shape.m4;
  }
  const out: HistogramBin[] = counts.map((count, i) => ({
    start: lo + i * width,
    end: i === k - 1 ? (hi > lo ? hi : lo + width) : lo + (i + 1) * width,
    count,
    density: count / (n * width),
  }));
  const pop2 = m.m2 / n;
  const skewness = pop2 > 0 ? m3 / n / pop2 ** 1.5 : Number.NaN;
  const excessKurtosis = pop2 > 0 ? m4 / n / (pop2 * pop2) - 3 : Number.NaN;
  const jarqueBera = (n / 6) * (skewness * skewness + (excessKurtosis * excessKurtosis) / 4);
  const curve: { x: number; density: number }[] = [];
  if (std > 0) {
    const from = out[0]!.start;
    const to = out[out.length - 1]!.end;
    for (let i = 0; i <= 60; i++) {
      const x = from + ((to - from) * i) / 60;
      curve.push({ x, density: normalDensity(x, m.mean, std) });
    }
  }
  return { bins: out, normal: { mean: m.mean, std }, curve, normality: { skewness, excessKurtosis, jarqueBera, pValue: Math.exp(-jarqueBera / 2) } };
}
