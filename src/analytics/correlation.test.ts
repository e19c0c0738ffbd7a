import { describe, expect, it } from "vitest";
import { pearson } from "./correlation.js";

describe("pearson", () => {
  it("gives the worked example: C = 11, Sxx = 5, Syy = 26 → r = 11/√130", () => {
    expect(Math.abs(pearson([1, 2, 3, 4], [2, 4, 5, 9]) - 11 / Math.sqrt(130))).toBeLessThan(1e-12);
  });

  it("is exact on 17.0 ± 0.4 against 67.9 ∓ 1.7 (perfectly anti-correlated), skips pairs with a missing value", () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => 17 + 0.4 * Math.cos(i));
    const ys = xs.map((x) => 67.9 - 4.25 * (x - 17));
    expect(Math.abs(pearson([...xs, Number.NaN], [...ys, 3]) + 1)).toBeLessThan(1e-9);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
