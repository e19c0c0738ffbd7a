import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../random/index.js";
import { AliasTable, discrete } from "./alias.js";
import { bernoulli, binomial, poisson, zipf } from "./discrete.js";
import { empirical, mixture } from "./empirical.js";
import { normal } from "./continuous.js";
import type { Sampler } from "./sampler.js";
import { lgamma } from "../../numeric/index.js";
import { chiSquare, chiSquareCritical001, ksCritical001, ksStatistic, mean } from "./test-support/gof.js";

const N = 20_000;
const counts = (s: Sampler, seed: number, bins: number, offset = 0): number[] => {
  const out = new Array<number>(bins).fill(0);
  const xs = s.fill(createRandom(seed).fork("test"), new Float64Array(N));
  for (const x of xs) out[Math.min(x - offset, bins - 1)]!++;
  return out;
};
const fit = (observed: number[], probs: number[]): void => {
  const { chi2, df } = chiSquare(observed, probs);
  expect(df).toBeGreaterThan(0);
  expect(chi2).toBeLessThan(chiSquareCritical001(df));
};

describe("discrete distributions: properties", () => {
  it("whole numbers in range, same seed → same values", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 200, noNaN: true }), fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, lambda, n, p) => {
        for (const [s, lo, hi] of [[poisson(lambda), 0, Infinity], [binomial(n, p), 0, n], [bernoulli(p), 0, 1], [zipf(n + 1, 0.5 + p), 1, n + 1]] as const) {
          const xs = s.fill(createRandom(seed), new Float64Array(16));
          expect(s.fill(createRandom(seed), new Float64Array(16))).toEqual(xs);
          for (const x of xs) {
            expect(Number.isInteger(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(lo);
            expect(x).toBeLessThanOrEqual(hi);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it("the alias table returns indices in range", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.integer(), (ws, seed) => {
        fc.pre(ws.some((w) => w > 0));
        const t = new AliasTable(ws);
        const out = t.fill(createRandom(seed), new Uint32Array(64));
        for (const i of out) expect(ws[i]).toBeGreaterThan(0);
      }),
    );
  });
});

// χ² at α = 0.001 with bins of expectation < 5 pooled; fixed seeds make it deterministic.
describe("discrete distributions: goodness of fit (fixed seeds, χ² α = 0.001)", () => {
  const poissonPmf = (l: number, k: number): number => Math.exp(-l + k * Math.log(l) - lgamma(k + 1));
  const binomPmf = (n: number, p: number, k: number): number =>
    Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));

  it("poisson, multiplication (λ=3.5) and PTRS (λ=60) regimes", () => {
    for (const [l, seed, bins] of [[3.5, 1, 20], [60, 2, 140]] as const) {
      const probs = Array.from({ length: bins }, (_, k) => poissonPmf(l, k));
      probs[bins - 1] = 1 - probs.slice(0, -1).reduce((s, x) => s + x, 0);
      fit(counts(poisson(l), seed, bins), probs);
    }
  });

  it("binomial, inversion (n=20, p=0.3), BTRS (n=1000, p=0.4) and p > 0.5 (n=200, p=0.9)", () => {
    for (const [n, p, seed] of [[20, 0.3, 3], [1000, 0.4, 4], [200, 0.9, 5]] as const) {
      const probs = Array.from({ length: n + 1 }, (_, k) => binomPmf(n, p, k));
      fit(counts(binomial(n, p), seed, n + 1), probs);
    }
  });

  it("bernoulli and zipf", () => {
    fit(counts(bernoulli(0.3), 6, 2), [0.7, 0.3]);
    const n = 50;
    const s = 1.1;
    const h = Array.from({ length: n }, (_, k) => (k + 1) ** -s);
    const z = h.reduce((a, b) => a + b, 0);
    fit(counts(zipf(n, s), 7, n, 1), h.map((x) => x / z));
  });

  it("alias method and discrete", () => {
    const w = [5, 0, 1, 12, 3, 0.5];
    const total = w.reduce((a, b) => a + b, 0);
    const t = new AliasTable(w);
    const idx = t.fill(createRandom(8), new Uint32Array(N));
    const obs = new Array<number>(w.length).fill(0);
    for (const i of idx) obs[i]!++;
    expect(obs[1]).toBe(0);
    fit(obs, w.map((x) => x / total));
    fit(counts(discrete([1, 2, 3, 4], [55, 25, 12, 8]), 9, 4, 1), [0.55, 0.25, 0.12, 0.08]);
  });

  it("empirical resampling, interpolated quantiles, and mixtures", () => {
    const obs = counts(empirical([0, 1, 1, 2, 2, 2]), 10, 3);
    fit(obs, [1 / 6, 2 / 6, 3 / 6]);
    const xs = empirical([0, 10], { interpolate: true }).fill(createRandom(11), new Float64Array(N));
    expect(ksStatistic(xs, (x) => x / 10)).toBeLessThan(ksCritical001(N));
    const mix = mixture([{ weight: 3, sampler: normal(0, 1) }, { weight: 1, sampler: normal(100, 1) }]).fill(createRandom(12), new Float64Array(N));
    const high = mix.filter((x) => x > 50).length;
    fit([N - high, high], [0.75, 0.25]);
    expect(mean(mix.filter((x) => x > 50))).toBeCloseTo(100, 0);
  });
});
