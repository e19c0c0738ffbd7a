import { describe, expect, it } from "vitest";
import { fitRidge, predictRidge, r2Of } from "./ridge.js";

describe("ridge regression", () => {
  it("recovers an exact line without a penalty (y = 2x + 1)", () => {
    const m = fitRidge(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 5, 7, 9), 1, 0);
    expect(m.weights[0]).toBeCloseTo(2, 12);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect([...predictRidge(m, Float64Array.of(10))]).toEqual([expect.closeTo(21, 10)]);
  });

  it("shrinks the weight by the worked closed form: w = Sxy / (Sxx + λ), b = ȳ − w·x̄", () => {
    // x = 1, 2, 3 (centred −1, 0, 1: Sxx = 2), y = 1, 2, 3 (Sxy = 2); λ = 2 → w = 0.5, b = 2 − 0.5·2 = 1.
    const m = fitRidge(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3), 1, 2);
    expect(m.weights[0]).toBeCloseTo(0.5, 12);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect([...predictRidge(m, Float64Array.of(1, 2, 3))].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1.5, 2, 2.5]);
  });

  it("solves two features, and with a penalty a constant or duplicated feature is no error", () => {
    // y = 3a − 2b + 5 on four rows.
    const x = Float64Array.of(0, 0, 1, 0, 0, 1, 2, 3);
    const y = Float64Array.of(5, 8, 3, 5);
    const m = fitRidge(x, y, 2, 0);
    expect(m.weights[0]).toBeCloseTo(3, 10);
    expect(m.weights[1]).toBeCloseTo(-2, 10);
    expect(m.intercept).toBeCloseTo(5, 10);
    // a twice over plus a constant column: λ = 1e-6 splits a's weight between the copies and gives the constant none.
    const dup = fitRidge(Float64Array.of(1, 1, 7, 2, 2, 7, 3, 3, 7), Float64Array.of(2, 4, 6), 3, 1e-6);
    expect(dup.weights[0]).toBeCloseTo(1, 5);
    expect(dup.weights[1]).toBeCloseTo(1, 5);
    expect(dup.weights[2]).toBe(0);
    expect(() => fitRidge(Float64Array.of(1, 1, 2, 2), Float64Array.of(1, 2), 2, 0)).toThrow(expect.objectContaining({ code: "ML_CONSTANT_FEATURE" }) as Error);
  });

  it("R² as scikit-learn's r2_score: 1 − SSres/SStot, negative when worse than the mean", () => {
    // SSres = 1, SStot = 5 → 0.8.
    expect(r2Of(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 5))).toBeCloseTo(0.8, 12);
    expect(r2Of(Float64Array.of(1, 2, 3), Float64Array.of(2, 2, 2))).toBe(0);
    // SSres = 4 + 0 + 4 = 8, SStot = 2 → −3.
    expect(r2Of(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1))).toBeCloseTo(-3, 12);
    expect(r2Of(Float64Array.of(4, 4), Float64Array.of(4, 4))).toBeNaN();
  });
});
