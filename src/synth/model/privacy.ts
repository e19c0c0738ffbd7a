// The privacy/utility knob of `mimic fit --privacy <level>`: the fitted model is made less exact
// before it is saved, so every file sampled from it (and the model file itself) sits farther from
// the real rows. Three moves, all on the model's summaries (no real row is needed, sampling stays
// as fast and as reproducible as at level 0):
//   - each continuous marginal becomes a Gaussian kernel smoothing of itself (bandwidth a multiple
//     of the column's robust spread), truncated to the observed range: synthetic values no longer
//     retrace the data's exact quantiles;
//   - category and discrete-number frequencies are mixed with the uniform distribution;
//   - the correlation matrix is shrunk toward the identity (rows combine values less typically).
import { MimicError } from "../../errors/index.js";
import { marginalQuantileFunction } from "./internal/marginals.js";
import { normalCdfFast } from "../../numeric/index.js";
import type { ContinuousColumn, Model, ModelColumn } from "./model-types.js";

/** The named levels, faithful first, and the strength t ∈ [0, 1] each stands for. */
export const PRIVACY_LEVELS = { off: 0, low: 0.25, medium: 0.5, high: 0.75, max: 1 } as const;
export type PrivacyLevel = keyof typeof PRIVACY_LEVELS;

/** What a strength does; recorded in the model file so a reader knows how it was made. */
export interface PrivacySettings {
  /** The level as given (a name or a number in [0, 1]). */
  level: string;
  /** Kernel bandwidth as a multiple of the column's robust spread min(sd, IQR / 1.349). */
  bandwidth: number;
  /** Weight of the uniform distribution mixed into category / discrete frequencies. */
  flatten: number;
  /** Weight of the identity mixed into the correlation matrix. */
  shrink: number;
}

/**
 * At full strength: measured on the vega-datasets tables (docs/model.md), shrinking correlations
 * moves synthetic rows away from real ones at the least cost in quality, flattening frequencies
 * next, smoothing marginals least (it is kept small: its purpose is that the model file no
 * longer holds the data's exact quantiles).
 */
const FULL = { bandwidth: 0.2, flatten: 0.5, shrink: 0.8 };

/**
 * The settings of `--privacy <level>`: off, low, medium, high, max, or a strength in [0, 1]
 * (each setting grows linearly with it).
 *
 * @example
 * privacySettings("high"); // { level: "high", bandwidth: 0.15, flatten: 0.375, shrink: 0.6 }
 */
export function privacySettings(level: string): PrivacySettings {
  const named = (PRIVACY_LEVELS as Record<string, number>)[level];
  const t = named ?? (/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(level) ? Number(level) : Number.NaN);
  if (!(t >= 0 && t <= 1)) {
    throw new MimicError(
      "MODEL_BAD_PRIVACY",
      `--privacy ${level} is neither a level (${Object.keys(PRIVACY_LEVELS).join(", ")}) nor a strength between 0 and 1; off (0) is the faithful default.`,
    );
  }
  const r = (x: number): number => Math.round(x * t * 1e6) / 1e6;
  return { level, bandwidth: r(FULL.bandwidth), flatten: r(FULL.flatten), shrink: r(FULL.shrink) };
}

/** Points a smoothed marginal is stored with (as an empirical marginal, like the fit's). */
const QUANTILES = 256;
/** Grid on which the smoothed CDF is evaluated before it is inverted. */
const GRID = 2048;

/** Robust spread of a distribution given by its quantile function. */
function spread(quantileAt: (u: number) => number): number {
  const xs = Array.from({ length: 101 }, (_, i) => quantileAt(i / 100));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  const iqr = (quantileAt(0.75) - quantileAt(0.25)) / 1.349;
  return iqr > 0 ? Math.min(sd, iqr) : sd;
}

/**
 * The marginal convolved with N(0, h²) and truncated to [min, max], as 257 quantiles. The
 * marginal is represented by 1,024 equally likely points (its quantiles at the mid-probabilities);
 * a value several points share is an atom (precipitation 0, a round price) and stays an exact
 * point mass: smoothing it would spread values no real row has around it, at a large cost in
 * column shape for no privacy gain.
 */
export function smoothMarginal(c: ContinuousColumn, bandwidth: number): ContinuousColumn {
  if (bandwidth <= 0 || c.max <= c.min) return c;
  const quantileAt = marginalQuantileFunction(c.marginal, c.min, c.max);
  const h = bandwidth * spread(quantileAt);
  if (!(h > 0)) return c;
  const m = 1024;
  const points = Float64Array.from({ length: m }, (_, i) => quantileAt((i + 0.5) / m));
  const atoms = new Map<number, number>();
  const smooth: number[] = [];
  for (let i = 0; i < m;) {
    let j = i + 1;
    while (j < m && points[j] === points[i]) j++;
    if (j - i >= 2) atoms.set(points[i]!, (j - i) / m);
    else smooth.push(points[i]!);
    i = j;
  }
  // Each kernel reflected at both ends of the range (boundary-corrected smoothing), so the mass
  // it would put outside [min, max] stays inside near the edge instead of being renormalised
  // onto every value (which would inflate the atoms).
  const lo2 = 2 * c.min,
    hi2 = 2 * c.max;
  const kernel = (x: number): number => {
    let s = 0;
    for (const p of smooth) s += normalCdfFast((x - p) / h) + normalCdfFast((x - lo2 + p) / h) + normalCdfFast((x - hi2 + p) / h);
    return s / m;
  };
  const grid = [...Array.from({ length: GRID + 1 }, (_, i) => c.min + ((c.max - c.min) * i) / GRID), ...atoms.keys()].sort((x, y) => x - y);
  const xs = grid.filter((x, i) => i === 0 || x !== grid[i - 1]);
  const sortedAtoms = [...atoms.entries()].sort((x, y) => x[0] - y[0]);
  // below[g] = F(x_g⁻), upTo[g] = F(x_g): they differ by the atom at x_g, if any.
  const below = new Float64Array(xs.length),
    upTo = new Float64Array(xs.length);
  let mass = 0,
    a = 0;
  for (let g = 0; g < xs.length; g++) {
    const x = xs[g]!;
    while (a < sortedAtoms.length && sortedAtoms[a]![0] < x) mass += sortedAtoms[a++]![1];
    const k = kernel(x);
    below[g] = k + mass;
    upTo[g] = k + mass + (a < sortedAtoms.length && sortedAtoms[a]![0] === x ? sortedAtoms[a]![1] : 0);
  }
  // Truncated to [min, max] and made non-decreasing (exact up to rounding).
  const f0 = below[0]!,
    f1 = upTo[xs.length - 1]!;
  let floor = 0;
  for (let g = 0; g < xs.length; g++) {
    below[g] = floor = Math.max(floor, (below[g]! - f0) / (f1 - f0));
    upTo[g] = floor = Math.max(floor, (upTo[g]! - f0) / (f1 - f0));
  }
  const quantiles: number[] = [c.min];
  let g = 0;
  for (let q = 1; q < QUANTILES; q++) {
    const u = q / QUANTILES;
    while (g < xs.length - 1 && upTo[g]! < u && below[g + 1]! < u) g++;
    let x: number;
    if (upTo[g]! >= u)
      x = xs[g]!; // inside the jump at x_g (an atom), or at a flat start
    else if (g === xs.length - 1) x = xs[g]!;
    else {
      // Continuous between x_g and x_{g+1}: F goes from upTo[g] to below[g + 1].
      const span = below[g + 1]! - upTo[g]!;
      const t = span > 0 ? Math.min(1, Math.max(0, (u - upTo[g]!) / span)) : 0;
      x = xs[g]! + t * (xs[g + 1]! - xs[g]!);
    }
    quantiles.push(Math.max(quantiles[q - 1]!, x));
  }
  quantiles.push(c.max);
  return { ...c, marginal: { family: "empirical", quantiles } };
}

function flatten(probabilities: readonly number[], weight: number): number[] {
  const k = probabilities.length;
  const mixed = probabilities.map((p) => (1 - weight) * p + weight / k);
  const sum = mixed.reduce((a, b) => a + b, 0);
  return mixed.map((p) => p / sum);
}

function privateColumn(c: ModelColumn, s: PrivacySettings): ModelColumn {
  switch (c.kind) {
    case "continuous":
      return smoothMarginal(c, s.bandwidth);
    case "discrete":
      return s.flatten > 0 ? { ...c, probabilities: flatten(c.probabilities, s.flatten) } : c;
    case "categorical": {
      const flat = s.flatten > 0 ? { ...c, probabilities: flatten(c.probabilities, s.flatten) } : c;
      // The shifts are per-category means: shrunk like the correlations they correct.
      return c.shifts && s.shrink > 0 ? { ...flat, shifts: c.shifts.map((row) => row.map((x) => Math.round(x * (1 - s.shrink) * 1e6) / 1e6)) } : flat;
    }
    default:
      return c;
  }
}

/**
 * The model at a privacy level (level `off` returns it unchanged).
 *
 * @example
 * const { model } = fitModel(table);
 * const safer = applyPrivacy(model, privacySettings("high"));
 */
export function applyPrivacy(model: Model, settings: PrivacySettings): Model {
  if (settings.bandwidth === 0 && settings.flatten === 0 && settings.shrink === 0) return model;
  const r = settings.shrink;
  const correlation = model.copula.correlation.map((row, i) => row.map((x, j) => (i === j ? 1 : (1 - r) * x)));
  // Conditional draws keep each context's exact shares and quantiles: a privacy level drops them,
  // so what it smooths is all the model holds.
  const { hierarchy: _exact, ...rest } = model;
  void _exact;
  return { ...rest, columns: model.columns.map((c) => privateColumn(c, settings)), copula: { ...model.copula, correlation }, privacy: settings };
}
