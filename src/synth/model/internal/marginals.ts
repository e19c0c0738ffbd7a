// Per-column marginals and the normal scores that feed the copula's correlation.
import type { CategoricalColumn, ContinuousColumn, DiscreteColumn, Marginal } from "../model-types.js";
import { NULL_CODE } from "./column-accumulator.js";
import { rankWindowQuantiles } from "./rank-window.js";
import { normalCdfFast, normalQuantileFast, truncatedNormalMean } from "../../../numeric/index.js";

/** Quantile points kept for an empirical marginal (KS error of the interpolation ≲ 1/256). */
const QUANTILES = 256;
/**
 * Half-width, in rows, of the rank window the empirical quantiles are averaged over
 * (rank-window.ts): a value's probability is set by the MIN_LEAF rows around it, as a CART leaf's
 * by its ≥ MIN_LEAF rows, so one training row moves it by ~5%, not by the ~20–50% a raw quantile
 * step of 2–3 rows allows.
 */
export const MARGINAL_WINDOW = 10;

/** The window for n rows: MARGINAL_WINDOW, narrower on small tables (∝ n^0.8, as a kernel's n·h). */
export function marginalWindow(n: number): number {
  return Math.min(MARGINAL_WINDOW, n ** 0.8 / 16);
}
/** At most this many distinct numbers are kept exactly as a discrete distribution. */
export const MAX_DISCRETE = 20;

export function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[j++] = values[i]!;
  return out.sort();
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Type-7 quantile (linear between order statistics) of sorted data. */
export function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** CDF of a marginal over [min, max]. */
export function marginalCdf(m: Marginal, min: number, max: number, x: number): number {
  switch (m.family) {
    case "empirical": {
      const q = m.quantiles;
      if (x < q[0]!) return 0;
      if (x >= q[q.length - 1]!) return 1;
      let lo = 0,
        hi = q.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (q[mid]! <= x) lo = mid;
        else hi = mid;
      }
      const span = q[hi]! - q[lo]!;
      return (lo + (span > 0 ? (x - q[lo]!) / span : 1)) / (q.length - 1);
    }
    case "normal":
      return normalCdfFast((x - m.mean) / m.sd);
    case "lognormal":
      return x <= 0 ? 0 : normalCdfFast((Math.log(x) - m.mu) / m.sigma);
    case "uniform":
      return max > min ? Math.min(1, Math.max(0, (x - min) / (max - min))) : 1;
  }
}

/** F(x⁻) of an empirical marginal: the quantiles may repeat a value (an atom), the others are continuous. */
function empiricalCdfBefore(q: readonly number[], x: number): number {
  if (x <= q[0]!) return 0;
  if (x > q[q.length - 1]!) return 1;
  let lo = 0,
    hi = q.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (q[mid]! < x) lo = mid;
    else hi = mid;
  }
  const span = q[hi]! - q[lo]!;
  return (lo + (span > 0 ? (x - q[lo]!) / span : 0)) / (q.length - 1);
}

/** Inverse CDF of a marginal, truncated to [min, max] (a parametric tail never leaves the range). */
export function marginalQuantile(m: Marginal, min: number, max: number, u: number): number {
  return marginalQuantileFunction(m, min, max)(u);
}

/** `marginalQuantile` for many u: the truncation's CDF bounds are computed once, not per value. */
export function marginalQuantileFunction(m: Marginal, min: number, max: number): (u: number) => number {
  switch (m.family) {
    case "empirical": {
      const q = m.quantiles;
      return (u) => {
        const h = u * (q.length - 1);
        const lo = Math.min(Math.floor(h), q.length - 2);
        return q[lo]! + (h - lo) * (q[lo + 1]! - q[lo]!);
      };
    }
    case "uniform":
      return (u) => min + u * (max - min);
    default: {
      const a = marginalCdf(m, min, max, min),
        b = marginalCdf(m, min, max, max);
      return (u) => {
        const z = normalQuantileFast(a + u * (b - a));
        const x = m.family === "normal" ? m.mean + m.sd * z : Math.exp(m.mu + m.sigma * z);
        return Math.min(max, Math.max(min, x));
      };
    }
  }
}

/**
 * KS distance between sorted data and a CDF. Past 20,000 values it checks about every k-th step
 * only: the result is low by at most k/n (≤ 5e-5), far below any threshold used with it.
 */
function ksDistance(sorted: Float64Array, cdf: (x: number) => number, cdfBefore: (x: number) => number = cdf): number {
  const n = sorted.length;
  const stride = Math.max(1, Math.floor(n / 20_000));
  let d = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    // Below x the data's CDF is i/n and the model's F(x⁻); at x they are j/n and F(x).
    d = Math.max(d, Math.abs(cdfBefore(sorted[i]!) - i / n), Math.abs(cdf(sorted[i]!) - j / n));
    i = stride === 1 ? j : Math.max(j, i + stride);
  }
  return d;
}

/**
 * Normal scores of continuous values: Φ⁻¹ of the mid-rank, ties sharing one score. Scores are
 * computed once per distinct value (one pass over the sorted data), then looked up per row.
 */
function rankScores(values: Float64Array, sorted: Float64Array): Float64Array {
  const n = sorted.length;
  const distinct = new Float64Array(n);
  const score = new Float64Array(n);
  let d = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    distinct[d] = sorted[i]!;
    score[d++] = normalQuantileFast((i + j) / (2 * n));
    i = j;
  }
  const keys = distinct.subarray(0, d);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v !== v ? Number.NaN : score[lowerBound(keys, v)]!;
  }
  return out;
}

export interface Fitted<C> {
  column: C;
  /** Per-row normal score (NaN where the value is null). */
  scores: Float64Array;
}

/**
 * A continuous marginal: a parametric family (normal, lognormal, uniform) when the KS test does
 * not reject it at 5% and it is within 0.03 of the data, else empirical quantiles.
 */
export function fitContinuous(
  name: string,
  values: Float64Array,
  integer: boolean,
  decimals: number,
  datetimeFormat?: string,
  significant?: number,
): Fitted<ContinuousColumn> {
  const sorted = sortedPresent(values);
  const n = sorted.length;
  const min = sorted[0]!,
    max = sorted[n - 1]!;
  const quantiles = rankWindowQuantiles(sorted, QUANTILES + 1, marginalWindow(n));
  let marginal: Marginal = { family: "empirical", quantiles };
  let ks = ksDistance(
    sorted,
    (x) => marginalCdf(marginal, min, max, x),
    (x) => empiricalCdfBefore(quantiles, x),
  );
  if (datetimeFormat === undefined && n >= 20) {
    let mean = 0;
    for (const v of sorted) mean += v;
    mean /= n;
    let ss = 0;
    for (const v of sorted) ss += (v - mean) ** 2;
    const candidates: Marginal[] = [{ family: "uniform" }];
    if (ss > 0) candidates.push({ family: "normal", mean, sd: Math.sqrt(ss / (n - 1)) });
    if (min > 0) {
      let mu = 0;
      for (const v of sorted) mu += Math.log(v);
      mu /= n;
      let s2 = 0;
      for (const v of sorted) s2 += (Math.log(v) - mu) ** 2;
      if (s2 > 0) candidates.push({ family: "lognormal", mu, sigma: Math.sqrt(s2 / (n - 1)) });
    }
    const limit = Math.min(1.36 / Math.sqrt(n), 0.03);
    for (const candidate of candidates) {
      // Truncation to [min, max] is part of the model, so the KS distance is measured with it.
      const a = marginalCdf(candidate, min, max, min),
        b = marginalCdf(candidate, min, max, max);
      const d = ksDistance(sorted, (x) => (marginalCdf(candidate, min, max, x) - a) / (b - a || 1));
      if (d < limit && (marginal.family === "empirical" || d < ks)) {
        marginal = candidate;
        ks = d;
      }
    }
  }
  const column: ContinuousColumn = {
    name,
    kind: "continuous",
    nullRate: 1 - n / values.length,
    integer,
    decimals: Math.min(decimals, 10),
    min,
    max,
    marginal,
    ks: round6(ks),
    ...(datetimeFormat === undefined ? {} : { datetimeFormat }),
    ...(significant === undefined ? {} : { significant: Math.min(significant, 17) }),
  };
  return { column, scores: rankScores(values, sorted) };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Interval bounds on the normal scale for cumulative probabilities. */
function intervalScores(probabilities: readonly number[]): number[] {
  let cum = 0;
  return probabilities.map((p) => {
    const a = normalQuantileFast(cum);
    cum += p;
    const b = normalQuantileFast(Math.min(cum, 1));
    return truncatedNormalMean(cum - p <= 0 ? Number.NEGATIVE_INFINITY : a, cum >= 1 - 1e-12 ? Number.POSITIVE_INFINITY : b);
  });
}

/** Numbers (or datetimes) with few distinct values, kept exactly, intervals in value order. */
export function fitDiscrete(name: string, values: Float64Array, decimals: number, datetimeFormat?: string, significant?: number): Fitted<DiscreteColumn> {
  const sorted = sortedPresent(values);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]!);
      counts.push(0);
    }
    counts[counts.length - 1]!++;
  }
  const probabilities = counts.map((c) => c / sorted.length);
  const score = intervalScores(probabilities);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const scores = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    scores[i] = v !== v ? Number.NaN : score[index.get(v)!]!;
  }
  const column: DiscreteColumn = {
    name,
    kind: "discrete",
    nullRate: 1 - sorted.length / values.length,
    values: distinct,
    probabilities,
    decimals: Math.min(decimals, 10),
    ...(datetimeFormat === undefined ? {} : { datetimeFormat }),
    ...(significant === undefined ? {} : { significant: Math.min(significant, 17) }),
  };
  return { column, scores };
}

/** Dictionary codes of the categories that occur, most common first (ties by name). */
export function frequencyOrder(counts: Float64Array, dictionary: readonly string[]): number[] {
  return [...dictionary.keys()].filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || (dictionary[a]! < dictionary[b]! ? -1 : 1));
}

/**
 * Categories as intervals of the uniform scale, in `order` (dictionary codes; default: by
 * frequency, most common first — `orderCategories` in category-order.ts finds a better one).
 */
export function fitCategorical(
  name: string,
  codes: Uint32Array,
  dictionary: readonly string[],
  boolean: boolean,
  order?: readonly number[],
): Fitted<CategoricalColumn> {
  const counts = new Float64Array(dictionary.length);
  let present = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c !== NULL_CODE) {
      counts[c]!++;
      present++;
    }
  }
  order ??= frequencyOrder(counts, dictionary);
  const probabilities = order.map((i) => counts[i]! / present);
  const score = intervalScores(probabilities);
  const scoreOfCode = new Float64Array(dictionary.length);
  order.forEach((code, rank) => (scoreOfCode[code] = score[rank]!));
  const scores = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    scores[i] = c === NULL_CODE ? Number.NaN : scoreOfCode[c]!;
  }
  const column: CategoricalColumn = {
    name,
    kind: "categorical",
    nullRate: 1 - present / codes.length,
    values: order.map((i) => dictionary[i]!),
    probabilities,
    boolean,
  };
  return { column, scores };
}
