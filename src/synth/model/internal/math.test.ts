import { describe, expect, it } from "vitest";
import { cholesky, nearestCorrelation } from "./linalg.js";
import { invert, multiply } from "./matrix.js";
import { normalCdf, normalQuantile, truncatedNormalMean } from "./normal.js";

describe("normal distribution", () => {
  it("matches reference values and inverts", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    for (const p of [1e-9, 0.001, 0.2, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(Number.isFinite(normalQuantile(0))).toBe(true);
  });

  it("gives the mean of a truncated normal", () => {
    expect(truncatedNormalMean(0, Number.POSITIVE_INFINITY)).toBeCloseTo(Math.sqrt(2 / Math.PI), 6);
    expect(truncatedNormalMean(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeCloseTo(0, 9);
  });
});

describe("linear algebra", () => {
  it("factors a positive-definite matrix and refuses an indefinite one", () => {
    const a = [[4, 2], [2, 3]];
    const l = cholesky(a)!;
    const back = multiply(l, [[l[0]![0]!, l[1]![0]!], [0, l[1]![1]!]]);
    [[4, 2], [2, 3]].forEach((row, i) => row.forEach((x, j) => expect(back[i]![j]).toBeCloseTo(x, 12)));
    expect(cholesky([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])).toBeUndefined();
  });

  it("repairs an indefinite correlation matrix into a valid one", () => {
    const fixed = nearestCorrelation([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]);
    expect(cholesky(fixed)).toBeDefined();
    fixed.forEach((row, i) => expect(row[i]).toBeCloseTo(1, 9));
    expect(fixed[0]![1]).toBeGreaterThan(0);
  });

  it("inverts", () => {
    const inv = invert([[2, 1], [1, 3]]);
    const id = multiply([[2, 1], [1, 3]], inv);
    expect(id[0]![0]).toBeCloseTo(1, 12);
    expect(id[0]![1]).toBeCloseTo(0, 12);
  });
});
