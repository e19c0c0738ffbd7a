import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMimicError } from "../../errors/index.js";
import { createRandom } from "../../random/index.js";
import { beta, exponential, gamma, lognormal, normal, triangular, truncatedNormal, uniform } from "./continuous.js";
import type { Sampler } from "./sampler.js";
import { normalCdf } from "../../numeric/index.js";
import { ksCritical001, ksStatistic, mean, variance } from "./test-support/gof.js";

const N = 20_000;
const draw = (s: Sampler, seed: number, n = N): Float64Array => s.fill(createRandom(seed).fork("test"), new Float64Array(n));

describe("continuous distributions: properties", () => {
  it("same seed → same values; values stay in range", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (seed, m, sd) => {
        const cases: [Sampler, number, number][] = [
          [uniform(m, m + sd), m, m + sd],
          [truncatedNormal(m, sd, m - sd, m + 2 * sd), m - sd, m + 2 * sd],
          [exponential(1 / sd), 0, Infinity],
          [lognormal(0, 1), 0, Infinity],
          [triangular(m, m + sd / 3, m + sd), m, m + sd],
          [beta(0.5 + sd / 1e3, 2), 0, 1],
          [gamma(0.3 + sd / 100, 2), 0, Infinity],
        ];
        for (const [s, lo, hi] of cases) {
          const a = draw(s, seed, 16);
          expect(draw(s, seed, 16)).toEqual(a);
          for (const x of a) {
            expect(x).toBeGreaterThanOrEqual(lo);
            expect(x).toBeLessThanOrEqual(hi);
          }
          const one = s.sample(createRandom(seed).fork("test"));
          expect(Number.isFinite(one)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("rejects parameters outside the domain with DISTRIBUTION_INVALID", () => {
    for (const bad of [() => normal(0, -1), () => uniform(2, 1), () => gamma(0, 1), () => beta(1, -2), () => exponential(0), () => truncatedNormal(0, 1, 1, 1)]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(isMimicError(e) && e.code === "DISTRIBUTION_INVALID").toBe(true);
      }
    }
  });
});

// Goodness of fit at fixed seeds. KS at α = 0.001 (critical 1.949/√n ≈ 0.0138 at n = 20,000):
// deterministic at these seeds, so a failure means the sampler's shape is wrong, not bad luck.
describe("continuous distributions: goodness of fit (fixed seeds, KS α = 0.001)", () => {
  it("uniform", () => {
    expect(ksStatistic(draw(uniform(-2, 3), 1), (x) => (x + 2) / 5)).toBeLessThan(ksCritical001(N));
  });
  it("normal (sample and fill agree in distribution)", () => {
    expect(ksStatistic(draw(normal(10, 2), 2), (x) => normalCdf((x - 10) / 2))).toBeLessThan(ksCritical001(N));
    const rng = createRandom(3);
    const one = Float64Array.from({ length: N }, () => normal(10, 2).sample(rng));
    expect(ksStatistic(one, (x) => normalCdf((x - 10) / 2))).toBeLessThan(ksCritical001(N));
  });
  it("truncated normal, including a window far in the upper tail", () => {
    const [mu, sd, a, b] = [1975, 10, 1940, 2005];
    const z = (x: number): number => normalCdf((x - mu) / sd);
    expect(ksStatistic(draw(truncatedNormal(mu, sd, a, b), 4), (x) => (z(x) - z(a)) / (z(b) - z(a)))).toBeLessThan(ksCritical001(N));
    const far = draw(truncatedNormal(0, 1, 6, 7), 5);
    const fz = (x: number): number => (normalCdf(-6) - normalCdf(-x)) / (normalCdf(-6) - normalCdf(-7));
    expect(ksStatistic(far, fz)).toBeLessThan(ksCritical001(N));
  });
  it("lognormal and exponential", () => {
    expect(ksStatistic(draw(lognormal(1, 0.5), 6), (x) => normalCdf((Math.log(x) - 1) / 0.5))).toBeLessThan(ksCritical001(N));
    expect(ksStatistic(draw(exponential(0.5), 7), (x) => 1 - Math.exp(-0.5 * x))).toBeLessThan(ksCritical001(N));
  });
  it("triangular", () => {
    const cdf = (x: number): number => (x < 1 ? (x * x) / 4 : 1 - (4 - x) ** 2 / 12);
    expect(ksStatistic(draw(triangular(0, 1, 4), 8), cdf)).toBeLessThan(ksCritical001(N));
  });
  it("gamma and beta match their moments (tolerance: 5 standard errors)", () => {
    for (const [shape, scale, seed] of [[0.5, 2, 9], [3, 1.5, 10], [20, 0.1, 11]] as const) {
      const xs = draw(gamma(shape, scale), seed);
      const m = shape * scale;
      const v = shape * scale * scale;
      expect(Math.abs(mean(xs) - m)).toBeLessThan(5 * Math.sqrt(v / N));
      expect(Math.abs(variance(xs) / v - 1)).toBeLessThan(0.08);
    }
    // Beta(1, 1) is Uniform(0, 1): a KS test checks the gamma-ratio construction exactly.
    expect(ksStatistic(draw(beta(1, 1), 12), (x) => x)).toBeLessThan(ksCritical001(N));
    // Beta(2, 1) has CDF x².
    expect(ksStatistic(draw(beta(2, 1), 13), (x) => x * x)).toBeLessThan(ksCritical001(N));
    const xs = draw(beta(2, 5), 14);
    expect(Math.abs(mean(xs) - 2 / 7)).toBeLessThan(5 * Math.sqrt((10 / (49 * 8)) / N));
  });
});
