import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addValue, emptyMoments, mergeMoments, momentsOf, standardDeviation, variance } from "./moments.js";

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("streaming moments", () => {
  it("match a worked example: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5, population variance 4, sample variance 32/7", () => {
    const m = momentsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.count).toBe(8);
    expect(m.mean).toBe(5);
    expect(variance(m, 0)).toBe(4);
    expect(rel(variance(m), 32 / 7)).toBeLessThan(1e-15);
    expect([m.min, m.max]).toEqual([2, 9]);
  });

  it("keep their precision on 17.0 ± 0.4 repeated a million times, where sums of squares lose it", () => {
    // Exactly half the values are 16.6 and half 17.4: the population variance is 0.16 (up to the
    // decimal representation of 16.6 and 17.4, which is below 1e-15 relative).
    const m = emptyMoments();
    let sum = 0, sumSquares = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = i % 2 === 0 ? 16.6 : 17.4;
      addValue(m, x);
      sum += x;
      sumSquares += x * x;
    }
    expect(rel(variance(m, 0), 0.16)).toBeLessThan(1e-9);
    expect(rel(m.mean, 17)).toBeLessThan(1e-12);
    // The naive formula, for contrast: its error is orders of magnitude above the streaming one's.
    const naive = sumSquares / 1e6 - (sum / 1e6) ** 2;
    expect(rel(naive, 0.16)).toBeGreaterThan(100 * rel(variance(m, 0), 0.16));
  });

  it("merged pairwise equal the moments of the concatenation, in any split (Chan's formula)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 60 }), fc.nat(), (values, cut) => {
        const k = values.length === 0 ? 0 : cut % (values.length + 1);
        const merged = mergeMoments(momentsOf(values.slice(0, k)), momentsOf(values.slice(k)));
        const whole = momentsOf(values);
        expect(merged.count).toBe(whole.count);
        if (whole.count === 0) return;
        expect(Math.abs(merged.mean - whole.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(whole.mean)) + 1e-6);
        expect(Math.abs(merged.m2 - whole.m2)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole.m2));
        expect([merged.min, merged.max]).toEqual([whole.min, whole.max]);
      }),
    );
  });

  it("say NaN where a variance is undefined", () => {
    expect(variance(momentsOf([3]))).toBeNaN();
    expect(variance(momentsOf([3]), 0)).toBe(0);
    expect(standardDeviation(momentsOf([]))).toBeNaN();
    expect(mergeMoments(emptyMoments(), momentsOf([1, 2]))).toEqual(momentsOf([1, 2]));
  });
});
