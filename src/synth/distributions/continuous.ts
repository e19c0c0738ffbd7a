import type { Random } from "../../random/index.js";
import { isFiniteNumber, makeSampler, need, type Sampler } from "./sampler.js";
import { normalCdf, normalQuantile } from "../../numeric/index.js";

/**
 * Continuous uniform on [min, max).
 *
 * @example
 * uniform(0, 10).sample(createRandom(1)); // 0 ≤ x < 10
 */
export function uniform(min: number, max: number): Sampler {
  need(isFiniteNumber(min) && isFiniteNumber(max) && min <= max, `uniform needs finite min ≤ max, got min=${min}, max=${max}`);
  const span = max - min;
  return makeSampler(`uniform(min=${min}, max=${max})`, (rng) => min + span * rng.next(), (p) => min + span * p);
}

/**
 * A standard normal variate by Marsaglia's polar method. Use `normal(...).fill` for bulk draws: it
 * keeps both values of each pair.
 */
export function standardNormal(rng: Random): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s < 1 && s > 0) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Fills out[from, to) with standard normals, two per accepted polar pair. */
export function fillStandardNormal(rng: Random, out: Float64Array, from = 0, to = out.length): Float64Array {
  let i = from;
  while (i < to) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * f;
    if (i < to) out[i++] = v * f;
  }
  return out;
}

/**
 * Normal with mean and standard deviation.
 *
 * @example
 * normal(1975, 10).fill(createRandom(7), new Float64Array(1000));
 */
export function normal(mean: number, sd: number): Sampler {
  need(isFiniteNumber(mean) && isFiniteNumber(sd) && sd >= 0, `normal needs a finite mean and sd ≥ 0, got mean=${mean}, sd=${sd}`);
  return {
    label: `normal(mean=${mean}, sd=${sd})`,
    sample: (rng) => mean + sd * standardNormal(rng),
    fill(rng, out, from = 0, to = out.length) {
      fillStandardNormal(rng, out, from, to);
      for (let i = from; i < to; i++) out[i] = mean + sd * out[i]!;
      return out;
    },
    quantile: (p) => mean + sd * normalQuantile(p),
  };
}

/**
 * Normal restricted to [min, max] by inversion (exact: no pile-up at the bounds, no rejection loop).
 *
 * @example
 * truncatedNormal(40, 12, 18, 90).sample(createRandom(3)); // 18 ≤ x ≤ 90
 */
export function truncatedNormal(mean: number, sd: number, min: number, max: number): Sampler {
  need(isFiniteNumber(mean) && isFiniteNumber(sd) && sd > 0, `truncnormal needs a finite mean and sd > 0, got mean=${mean}, sd=${sd}`);
  need(!Number.isNaN(min) && !Number.isNaN(max) && min < max, `truncnormal needs min < max, got min=${min}, max=${max}`);
  // Work in the lower tail when the window is above the mean, so the CDF keeps its precision.
  const flip = (min - mean) / sd > 0;
  const a = flip ? -(max - mean) / sd : (min - mean) / sd;
  const b = flip ? -(min - mean) / sd : (max - mean) / sd;
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  need(pb > pa, `truncnormal window [${min}, ${max}] has no probability mass for mean=${mean}, sd=${sd}; widen it`);
  const quantile = (p: number): number => {
    const z = normalQuantile(pa + p * (pb - pa));
    const zc = Math.min(Math.max(z, a), b);
    const x = mean + sd * (flip ? -zc : zc);
    return Math.min(Math.max(x, min), max);
  };
  return makeSampler(`truncnormal(mean=${mean}, sd=${sd}, min=${min}, max=${max})`, (rng) => quantile(rng.next()), quantile);
}

/** Log-normal: exp of Normal(mu, sigma). */
export function lognormal(mu: number, sigma: number): Sampler {
  need(isFiniteNumber(mu) && isFiniteNumber(sigma) && sigma >= 0, `lognormal needs a finite mu and sigma ≥ 0, got mu=${mu}, sigma=${sigma}`);
  const inner = normal(mu, sigma);
  return {
    label: `lognormal(mu=${mu}, sigma=${sigma})`,
    sample: (rng) => Math.exp(inner.sample(rng)),
    fill(rng, out, from = 0, to = out.length) {
      inner.fill(rng, out, from, to);
      for (let i = from; i < to; i++) out[i] = Math.exp(out[i]!);
      return out;
    },
    quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
  };
}

/** Exponential with the given rate (mean 1/rate), by inversion. */
export function exponential(rate: number): Sampler {
  need(isFiniteNumber(rate) && rate > 0, `exponential needs rate > 0, got ${rate}`);
  const quantile = (p: number): number => -Math.log1p(-p) / rate;
  return makeSampler(`exponential(rate=${rate})`, (rng) => quantile(rng.next()), quantile);
}

/** Triangular on [min, max] with the given mode, by inversion. */
export function triangular(min: number, mode: number, max: number): Sampler {
  need(
    isFiniteNumber(min) && isFiniteNumber(mode) && isFiniteNumber(max) && min <= mode && mode <= max && min < max,
    `triangular needs min ≤ mode ≤ max and min < max, got min=${min}, mode=${mode}, max=${max}`,
  );
  const span = max - min;
  const cut = (mode - min) / span;
  const quantile = (p: number): number =>
    p < cut ? min + Math.sqrt(p * span * (mode - min)) : max - Math.sqrt((1 - p) * span * (max - mode));
  return makeSampler(`triangular(min=${min}, mode=${mode}, max=${max})`, (rng) => quantile(rng.next()), quantile);
}

/** Gamma(shape, scale) by Marsaglia–Tsang (shape < 1 through the U^(1/shape) boost). */
export function gamma(shape: number, scale: number): Sampler {
  need(isFiniteNumber(shape) && shape > 0 && isFiniteNumber(scale) && scale > 0, `gamma needs shape > 0 and scale > 0, got shape=${shape}, scale=${scale}`);
  return makeSampler(`gamma(shape=${shape}, scale=${scale})`, (rng) => scale * standardGamma(rng, shape));
}

/** A Gamma(shape, 1) variate (Marsaglia & Tsang 2000). */
export function standardGamma(rng: Random, shape: number): number {
  if (shape < 1) {
    // Γ(a) = Γ(a+1) · U^(1/a); 1 - next() is in (0, 1] so the power is never 0^x for x<0.
    return standardGamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(alpha, beta) as X/(X+Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function beta(alpha: number, betaParam: number): Sampler {
  need(isFiniteNumber(alpha) && alpha > 0 && isFiniteNumber(betaParam) && betaParam > 0, `beta needs alpha > 0 and beta > 0, got alpha=${alpha}, beta=${betaParam}`);
  return makeSampler(`beta(alpha=${alpha}, beta=${betaParam})`, (rng) => {
    const x = standardGamma(rng, alpha);
    const y = standardGamma(rng, betaParam);
    const sum = x + y;
    // Both gammas can underflow to 0 for tiny shapes; fall back to the mean rather than NaN.
    return sum > 0 ? x / sum : alpha / (alpha + betaParam);
  });
}

/** Always `value` (useful in mixtures and as a placeholder distribution). */
export function constant(value: number): Sampler {
  need(isFiniteNumber(value), `constant needs a finite value, got ${value}`);
  return makeSampler(`constant(${value})`, () => value, () => value);
}
