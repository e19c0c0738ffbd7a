// Ridge regression (least squares with an L2 penalty on the weights, not the intercept), solved
// exactly by the normal equations on centred data: (XcᵀXc + λI) w = Xcᵀyc, b = ȳ − w·x̄. No
// randomness and no iteration, so the same rows give the same weights bit for bit. The utility
// measure of `mimic evaluate` uses it for a number target (R² of train-on-synthetic).
import { MimicError } from "../errors/index.js";
import { choleskyFlat } from "../numeric/index.js";

export interface RidgeModel {
  kind: "ridge";
  features: number;
  weights: number[];
  intercept: number;
  lambda: number;
}

/**
 * Fits y ≈ X w + b on `x` (row-major, `features` per row). A feature constant in the rows gets
 * weight 0 (with λ > 0 the system stays solvable; with λ = 0 it is refused).
 *
 * @example
 * fitRidge(Float64Array.of(1, 2, 3), Float64Array.of(3, 5, 7), 1, 0) // w = [2], b = 1
 */
export function fitRidge(x: Float64Array, y: Float64Array, features: number, lambda = 1): RidgeModel {
  const n = y.length;
  // A caller's slip, not a user's input: the shapes come from code.
  if (n === 0 || x.length !== n * features) throw new RangeError(`ridge needs ${features} feature(s) for each of ${n} row(s), and at least one row`);
  const mean = new Float64Array(features);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i]! / n;
    for (let j = 0; j < features; j++) mean[j]! += x[i * features + j]! / n;
  }
  // Gram matrix of the centred rows (upper triangle, then mirrored) and Xcᵀyc.
  const gram = Array.from({ length: features }, () => new Array<number>(features).fill(0));
  const xy = new Float64Array(features);
  const row = new Float64Array(features);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) row[j] = x[i * features + j]! - mean[j]!;
    const yc = y[i]! - yMean;
    for (let j = 0; j < features; j++) {
      const rj = row[j]!;
      if (rj === 0) continue;
      xy[j]! += rj * yc;
      const g = gram[j]!;
      for (let k = j; k < features; k++) g[k]! += rj * row[k]!;
    }
  }
  for (let j = 0; j < features; j++) {
    gram[j]![j]! += lambda;
    for (let k = 0; k < j; k++) gram[j]![k] = gram[k]![j]!;
  }
  const l = features > 0 ? choleskyFlat(gram) : new Float64Array(0);
  if (l === undefined)
    throw new MimicError(
      "ML_CONSTANT_FEATURE",
      "A feature is constant or a combination of others in the training rows, and ridge with lambda 0 cannot weigh it; use lambda > 0.",
    );
  const weights = solveCholesky(l, xy, features);
  let intercept = yMean;
  for (let j = 0; j < features; j++) intercept -= weights[j]! * mean[j]!;
  return { kind: "ridge", features, weights: Array.from(weights), intercept, lambda };
}

/** Solves L Lᵀ w = b for a flat lower-triangular L. */
function solveCholesky(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * w[k]!;
    w[i] = s / l[i * n + i]!;
  }
  return w;
}

export function predictRidge(model: RidgeModel, x: Float64Array): Float64Array {
  const d = model.features;
  const n = d === 0 ? 0 : x.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = model.intercept;
    for (let j = 0; j < d; j++) s += model.weights[j]! * x[i * d + j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Coefficient of determination: 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (scikit-learn's r2_score: can be
 * negative, a model worse than predicting the mean; NaN when every y is the same).
 */
export function r2Of(truth: Float64Array, predicted: Float64Array): number {
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i]! / n;
  let res = 0,
    tot = 0;
  for (let i = 0; i < n; i++) {
    res += (truth[i]! - predicted[i]!) ** 2;
    tot += (truth[i]! - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : Number.NaN;
}
