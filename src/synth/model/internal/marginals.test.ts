import { describe, expect, it } from "vitest";
import { createRandom } from "../../../random/index.js";
import { fitCategorical, fitContinuous, fitDiscrete, marginalQuantile } from "./marginals.js";

describe("marginals", () => {
  it("measures the KS distance of an empirical marginal correctly at an atom (57% zeros)", () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => (i < 570 ? 0 : (i - 570) / 10));
    const { column } = fitContinuous("rain", v, false, 1);
    expect(column.marginal.family).toBe("empirical");
    expect(column.ks).toBeLessThan(0.01);
    expect(marginalQuantile(column.marginal, column.min, column.max, 0.3)).toBe(0);
  });

  it("prefers a parametric family only when the KS test does not reject it", () => {
    const rng = createRandom(3);
    const normal = Float64Array.from({ length: 2000 }, () => 10 + 2 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
    const fitted = fitContinuous("x", normal, false, 3).column;
    expect(["normal", "lognormal"]).toContain(fitted.marginal.family);
    const bimodal = Float64Array.from({ length: 400 }, (_, i) => (i % 2 ? 0 : 100) + rng.next());
    expect(fitContinuous("y", bimodal, false, 3).column.marginal.family).toBe("empirical");
    // Truncated to the observed range, whatever the family.
    for (const u of [0, 1e-9, 0.5, 1]) {
      const x = marginalQuantile(fitted.marginal, fitted.min, fitted.max, u);
      expect(x >= fitted.min && x <= fitted.max).toBe(true);
    }
  });

  it("orders discrete values by value and categories by frequency", () => {
    const d = fitDiscrete("cyl", Float64Array.of(8, 4, 4, 6, Number.NaN), 0).column;
    expect(d.values).toEqual([4, 6, 8]);
    expect(d.probabilities).toEqual([0.5, 0.25, 0.25]);
    expect(d.nullRate).toBeCloseTo(0.2, 12);
    const c = fitCategorical("o", Uint32Array.of(0, 1, 1, 2, 1, 2), ["us", "eu", "jp"], false);
    expect(c.column.values).toEqual(["eu", "jp", "us"]);
    // Scores are the interval means: most frequent category lowest.
    expect(c.scores[1]!).toBeLessThan(c.scores[3]!);
    expect(c.scores[3]!).toBeLessThan(c.scores[0]!);
  });
});
