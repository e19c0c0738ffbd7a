import type { Random } from "../../random/index.js";
import { isFiniteNumber, makeSampler, need, type Sampler } from "./sampler.js";
import { lgamma } from "../../numeric/index.js";
import { standardGamma } from "./continuous.js";

/** Bernoulli: 1 with probability p, else 0. */
export function bernoulli(p: number): Sampler {
  need(isFiniteNumber(p) && p >= 0 && p <= 1, `bernoulli needs 0 ≤ p ≤ 1, got ${p}`);
  return makeSampler(`bernoulli(p=${p})`, (rng) => (rng.next() < p ? 1 : 0));
}

/**
 * Poisson(lambda): multiplication method below 10, Hörmann's PTRS transformed rejection above
 * (constant expected time for any lambda).
 */
export function poisson(lambda: number): Sampler {
  need(isFiniteNumber(lambda) && lambda >= 0, `poisson needs lambda ≥ 0, got ${lambda}`);
  const label = `poisson(lambda=${lambda})`;
  if (lambda === 0) return makeSampler(label, () => 0);
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    return makeSampler(label, (rng) => {
      let k = 0;
      let prod = rng.next();
      while (prod > limit) {
        k++;
        prod *= rng.next();
      }
      return k;
    });
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  return makeSampler(label, (rng) => {
    for (;;) {
      const u = rng.next() - 0.5;
      const v = rng.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1)) return k;
    }
  });
}

/**
 * Binomial(n, p): inversion when n·min(p, 1-p) < 10, Hörmann's BTRS transformed rejection otherwise.
 */
export function binomial(n: number, p: number): Sampler {
  need(Number.isSafeInteger(n) && n >= 0, `binomial needs a whole n ≥ 0, got ${n}`);
  need(isFiniteNumber(p) && p >= 0 && p <= 1, `binomial needs 0 ≤ p ≤ 1, got ${p}`);
  const label = `binomial(n=${n}, p=${p})`;
  const flip = p > 0.5;
  const q0 = flip ? 1 - p : p; // work with the smaller probability
  const finish = (k: number): number => (flip ? n - k : k);
  if (q0 === 0 || n === 0) return makeSampler(label, () => finish(0));
  if (n * q0 < 10) {
    const s = q0 / (1 - q0);
    const f0 = Math.pow(1 - q0, n);
    return makeSampler(label, (rng) => {
      // Inversion walking up the pmf: f(k+1) = f(k)·s·(n-k)/(k+1).
      let u = rng.next();
      let f = f0;
      let k = 0;
      while (u > f && k < n) {
        u -= f;
        f *= (s * (n - k)) / (k + 1);
        k++;
      }
      return finish(k);
    });
  }
  const q = 1 - q0;
  const spq = Math.sqrt(n * q0 * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * q0;
  const c = n * q0 + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(q0 / q);
  const m = Math.floor((n + 1) * q0);
  const h = lgamma(m + 1) + lgamma(n - m + 1);
  return makeSampler(label, (rng) => {
    for (;;) {
      const u = rng.next() - 0.5;
      let v = rng.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return finish(k);
      v = Math.log((v * alpha) / (a / (us * us) + b));
      if (v <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq) return finish(k);
    }
  });
}

/**
 * Zipf over ranks 1..n with exponent s > 0 (P(k) ∝ k^-s), by Hörmann & Derflinger's
 * rejection-inversion: O(1) memory and expected time, so n can be in the billions.
 */
export function zipf(n: number, s: number): Sampler {
  need(Number.isSafeInteger(n) && n >= 1, `zipf needs a whole n ≥ 1, got ${n}`);
  need(isFiniteNumber(s) && s > 0, `zipf needs s > 0, got ${s}`);
  const helper1 = (x: number): number => (Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x)));
  const helper2 = (x: number): number => (Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x)));
  const h = (x: number): number => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number): number => {
    const lx = Math.log(x);
    return helper2((1 - s) * lx) * lx;
  };
  const hIntegralInverse = (x: number): number => {
    let t = x * (1 - s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  };
  const hx1 = hIntegral(1.5) - 1;
  const hn = hIntegral(n + 0.5);
  const cut = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return makeSampler(`zipf(n=${n}, s=${s})`, (rng: Random) => {
    for (;;) {
      const u = hn + rng.next() * (hx1 - hn);
      const x = hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= cut || u >= hIntegral(k + 0.5) - h(k)) return k;
    }
  });
}

/**
 * Negative binomial with mean `mean` and dispersion `size` (R's mu/size): a Poisson whose rate is
 * Gamma(size, mean/size), so the variance is mean + mean²/size. Counts of events per person
 * (visits, orders) are over-dispersed like this: many people with few, a long tail with many.
 */
export function negbinomial(mean: number, size: number): Sampler {
  need(isFiniteNumber(mean) && mean >= 0, `negbinomial needs mean ≥ 0, got ${mean}`);
  need(isFiniteNumber(size) && size > 0, `negbinomial needs size > 0, got ${size}`);
  const scale = mean / size;
  return makeSampler(`negbinomial(mean=${mean}, size=${size})`, (rng) => {
    if (mean === 0) return 0;
    const lambda = scale * standardGamma(rng, size);
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let prod = rng.next();
      while (prod > limit) {
        k++;
        prod *= rng.next();
      }
      return k;
    }
    return poisson(lambda).sample(rng);
  });
}
