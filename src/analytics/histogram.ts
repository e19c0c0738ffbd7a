// A histogram with the fitted normal curve (as the seed's notebooks drew) and a normality
// measure: skewness, excess kurtosis and the Jarque–Bera test, whose χ²(2) p-value has the closed
// form exp(−JB/2), so no special functions are needed here.
import { type Moments, momentsOf, normalPdf, standardDeviation } from "../numeric/index.js";
import { sortedFinite } from "./quantiles.js";

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

/** Freedman–Diaconis width (2·IQR·n^−1/3), clamped to 5–50 bins. */
function binCount(sorted: Float64Array): number {
  const n = sorted.length;
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return lo + 1 < n ? sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!) : sorted[lo]!;
  };
  const range = sorted[n - 1]! - sorted[0]!;
  const width = (2 * (q(0.75) - q(0.25))) / Math.cbrt(n);
  if (!(width > 0) || !(range > 0)) return 5;
  return Math.max(5, Math.min(50, Math.ceil(range / width)));
}

/**
 * The step of the grid the values lie on (0.1 for tenths), or 0 when they are not on one: the
 * smallest gap between distinct values, accepted when every gap is a whole multiple of it.
 */
function gridStep(sorted: Float64Array): number {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i]! - sorted[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  if (!Number.isFinite(step)) return 0;
  for (let i = 1; i < sorted.length; i++) {
    const r = (sorted[i]! - sorted[i - 1]!) / step;
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
  return histogramSorted(sortedFinite(values), momentsOf(values), bins);
}

/** histogram() from the values already sorted (no NaN) and their moments. */
export function histogramSorted(sorted: Float64Array, m: Moments, bins?: number): Histogram {
  const n = sorted.length;
  const std = standardDeviation(m);
  if (n === 0) return { bins: [], normal: { mean: Number.NaN, std: Number.NaN }, curve: [], normality: { skewness: Number.NaN, excessKurtosis: Number.NaN, jarqueBera: Number.NaN, pValue: Number.NaN } };
  let k = bins ?? binCount(sorted);
  let lo = sorted[0]!;
  let hi = sorted[n - 1]!;
  let width = hi > lo ? (hi - lo) / k : 1;
  // Readings on a grid (a DHT22 reports tenths): bins narrower than the grid, or not a whole
  // number of its steps, would alternate between full and empty. Widen them to whole steps,
  // centred on the grid values.
  const step = bins === undefined ? gridStep(sorted) : 0;
  if (step > 0 && hi > lo) {
    width = Math.max(1, Math.round(width / step)) * step;
    lo -= step / 2;
    k = Math.max(1, Math.ceil((hi + step / 2 - lo) / width - 1e-9));
    hi = lo + k * width;
  }
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(k - 1, Math.floor((sorted[i]! - lo) / width))]!++;
  const out: HistogramBin[] = counts.map((count, i) => ({ start: lo + i * width, end: i === k - 1 ? (hi > lo ? hi : lo + width) : lo + (i + 1) * width, count, density: count / (n * width) }));
  // Central moments, two-pass about the mean.
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - m.mean;
    const d2 = d * d;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
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
