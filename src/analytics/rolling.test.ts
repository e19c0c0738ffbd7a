import { describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { rollingByCount, rollingByTime } from "./rolling.js";

function twoPass(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) };
}

describe("rolling", () => {
  it("by count: NaN until the window is full, then the window's mean and sample std (pandas rolling(2))", () => {
    const r = rollingByCount([1, 2, 4, 7], 2);
    expect(Array.from(r.mean)).toEqual([Number.NaN, 1.5, 3, 5.5]);
    const want = [Math.SQRT1_2, Math.SQRT2, Math.sqrt(4.5)];
    expect(r.std[0]).toBeNaN();
    want.forEach((w, i) => expect(Math.abs(r.std[i + 1]! - w) / w).toBeLessThan(1e-12));
  });

  it("by count over 5,000 values of 17.0 ± 0.4 equals a two-pass recomputation of every window to 1e-9", () => {
    const xs = Array.from({ length: 5000 }, (_, i) => 17 + 0.4 * Math.sin(i * 0.7) + (i % 7) * 0.01);
    const r = rollingByCount(xs, 20);
    for (let i = 19; i < xs.length; i++) {
      const want = twoPass(xs.slice(i - 19, i + 1));
      expect(Math.abs(r.mean[i]! - want.mean) / want.mean).toBeLessThan(1e-9);
      expect(Math.abs(r.std[i]! - want.std) / want.std).toBeLessThan(1e-9);
    }
  });

  it("by time covers (t − w, t] and needs one value (pandas rolling('20s'))", () => {
    const r = rollingByTime([0, 10, 20, 30, 45], [1, 2, 3, 4, 5], 20);
    expect(Array.from(r.mean)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(r.std[0]).toBeNaN();
    expect(r.std[4]).toBe(Math.SQRT1_2);
  });

  it("refuses a window that is not a positive whole number of readings", () => {
    expect.assertions(1);
    try {
      rollingByCount([1], 0);
    } catch (error) {
      expect(isMimicError(error) && error.code).toBe("ANALYZE_BAD_OPTION");
    }
  });
});
