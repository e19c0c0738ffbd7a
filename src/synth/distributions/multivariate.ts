import type { Random } from "../../random/index.js";
import { fillStandardNormal, standardGamma } from "./continuous.js";
import { isFiniteNumber, need } from "./sampler.js";
import { choleskyFlat } from "../../numeric/index.js";

/** Draws from a multivariate normal; `sample` returns a fresh vector, `fill` writes n·d values. */
export interface VectorSampler {
  readonly dimension: number;
  sample(rng: Random): Float64Array;
  /** Fills `count` vectors into `out` row by row (out.length ≥ count·dimension). */
  fill(rng: Random, out: Float64Array, count: number): Float64Array;
}

/**
 * Multivariate normal N(mean, covariance) through the Cholesky factor: x = mean + L·z.
 *
 * @example
 * const mvn = multivariateNormal([0, 0], [[1, 0.8], [0.8, 1]]);
 * mvn.sample(createRandom(1)); // Float64Array [x, y], corr(x, y) ≈ 0.8
 */
export function multivariateNormal(mean: readonly number[], covariance: readonly (readonly number[])[]): VectorSampler {
  const d = mean.length;
  need(d > 0 && mean.every(isFiniteNumber), "multivariateNormal needs a non-empty finite mean vector");
  need(
    covariance.length === d && covariance.every((row) => row.length === d && row.every(isFiniteNumber)),
    `multivariateNormal needs a ${d}×${d} covariance matrix`,
  );
  need(
    covariance.every((row, i) => row.every((v, j) => Math.abs(v - covariance[j]![i]!) <= 1e-9 * Math.max(1, Math.abs(v)))),
    "the covariance matrix must be symmetric",
  );
  const l = choleskyFlat(covariance);
  need(l !== undefined, "the covariance matrix must be positive definite (check for perfectly collinear variables)");
  const chol = l!;
  const mu = Float64Array.from(mean);
  const z = new Float64Array(d);
  const transform = (rng: Random, out: Float64Array, offset: number): void => {
    fillStandardNormal(rng, z);
    for (let i = 0; i < d; i++) {
      let s = mu[i]!;
      for (let k = 0; k <= i; k++) s += chol[i * d + k]! * z[k]!;
      out[offset + i] = s;
    }
  };
  return {
    dimension: d,
    sample(rng) {
      const out = new Float64Array(d);
      transform(rng, out, 0);
      return out;
    },
    fill(rng, out, count) {
      for (let r = 0; r < count; r++) transform(rng, out, r * d);
      return out;
    },
  };
}

/**
 * Dirichlet(alpha): normalised independent gammas. Returns a probability vector.
 *
 * @example
 * dirichlet([1, 1, 1]).sample(createRandom(4)); // three shares summing to 1
 */
export function dirichlet(alpha: readonly number[]): { readonly dimension: number; sample(rng: Random): Float64Array } {
  need(alpha.length > 0 && alpha.every((a) => isFiniteNumber(a) && a > 0), "dirichlet needs a non-empty list of alphas, each > 0");
  const a = Float64Array.from(alpha);
  return {
    dimension: a.length,
    sample(rng) {
      const out = new Float64Array(a.length);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += out[i] = standardGamma(rng, a[i]!);
      if (!(sum > 0)) {
        // Every gamma underflowed (tiny alphas): fall back to the mean vector.
        const total = a.reduce((s, x) => s + x, 0);
        for (let i = 0; i < a.length; i++) out[i] = a[i]! / total;
        return out;
      }
      for (let i = 0; i < a.length; i++) out[i] = out[i]! / sum;
      return out;
    },
  };
}
