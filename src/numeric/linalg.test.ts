import { describe, expect, it } from "vitest";
import { cholesky, nearestCorrelation, pearson, symmetricEigen } from "./linalg.js";
import { invert, multiply } from "./matrix.js";
import { normalCdfFast, normalQuantileFast, truncatedNormalMean } from "./normal.js";

describe("normal distribution", () => {
  it("matches reference values and inverts", () => {
    expect(normalCdfFast(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdfFast(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantileFast(0.975)).toBeCloseTo(1.959963984540054, 7);
    for (const p of [1e-9, 0.001, 0.2, 0.5, 0.77, 0.999]) expect(normalCdfFast(normalQuantileFast(p))).toBeCloseTo(p, 6);
    expect(Number.isFinite(normalQuantileFast(0))).toBe(true);
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

  it("decomposes a symmetric matrix into orthonormal eigenvectors that rebuild it", () => {
    const n = 30;
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.cos(i * j + i + j) + (i === j ? 3 : 0)));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i]![j] = a[j]![i]!;
    const { values, vectors } = symmetricEigen(a);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0, dot = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i]![k]! * values[k]! * vectors[j]![k]!;
          dot += vectors[k]![i]! * vectors[k]![j]!;
        }
        expect(rebuilt).toBeCloseTo(a[i]![j]!, 11);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 11);
      }
    }
  });

  it("repairs the correlations of a wide table of few rows (rank-deficient)", () => {
    // Its speed (tred2/tql2: ~0.1 s for 400 columns; cyclic Jacobi took ~4 s) is measured by
    // `npm run bench -- model`, not here: a timed test fails on a busy machine.
    const rows = 20, k = 400;
    let seed = 7;
    const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const columns = Array.from({ length: k }, () => Float64Array.from({ length: rows }, next));
    const a = columns.map((x) => columns.map((y) => (x === y ? 1 : pearson(x, y))));
    const fixed = nearestCorrelation(a);
    expect(cholesky(fixed)).toBeDefined();
    let worst = 0;
    for (let i = 0; i < k; i++) {
      expect(fixed[i]![i]).toBe(1);
      for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(fixed[i]![j]! - a[i]![j]!));
    }
    // Already positive semi-definite: only the zero eigenvalues are lifted, so barely anything moves.
    expect(worst).toBeLessThan(1e-4);
  });

  it("inverts", () => {
    const inv = invert([[2, 1], [1, 3]]);
    const id = multiply([[2, 1], [1, 3]], inv);
    expect(id[0]![0]).toBeCloseTo(1, 12);
    expect(id[0]![1]).toBeCloseTo(0, 12);
  });
});
