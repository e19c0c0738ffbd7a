import { describe, expect, it } from "vitest";
import { addValue, emptyMoments, mergeMoments, momentsOf, standardDeviation, variance } from "./moments.js";

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("moments", () => {
  it("gives the worked example: 2,4,4,4,5,5,7,9 → mean 5, M2 32, population std 2", () => {
    const m = momentsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.count).toBe(8);
    expect(m.mean).toBe(5);
    expect(m.m2).toBe(32);
    expect(standardDeviation(m, 0)).toBe(2);
    expect(variance(m)).toBeCloseTo(32 / 7, 14);
    expect([m.min, m.max]).toEqual([2, 9]);
  });

  it("merges chunks with Chan's formula: [2,4,4] (mean 10/3, M2 8/3) + [4,5,5,7,9] (6, 16) = the whole (δ²·na·nb/n = 40/3)", () => {
    const a = momentsOf([2, 4, 4]);
    const b = momentsOf([4, 5, 5, 7, 9]);
    expect(rel(a.m2, 8 / 3)).toBeLessThan(1e-12);
    const m = mergeMoments(a, b);
    expect(m.count).toBe(8);
    expect(rel(m.mean, 5)).toBeLessThan(1e-12);
    expect(rel(m.m2, 32)).toBeLessThan(1e-12);
    expect(mergeMoments(emptyMoments(), a)).toEqual(a);
  });

  it("keeps every digit on 17.0 ± 0.4 a million times, in one stream or merged from 1,000 chunks", () => {
    // Alternating 16.6 and 17.4: mean 17, M2 = n·0.16 exactly in real numbers.
    const n = 1_000_000;
    const one = emptyMoments();
    const chunks = Array.from({ length: 1000 }, emptyMoments);
    for (let i = 0; i < n; i++) {
      const x = i % 2 === 0 ? 16.6 : 17.4;
      addValue(one, x);
      addValue(chunks[i % 1000]!, x);
    }
    const merged = chunks.reduce(mergeMoments);
    for (const m of [one, merged]) {
      expect(rel(m.mean, 17)).toBeLessThan(1e-9);
      expect(rel(m.m2, n * 0.16)).toBeLessThan(1e-9);
      expect(rel(standardDeviation(m), Math.sqrt((n * 0.16) / (n - 1)))).toBeLessThan(1e-9);
    }
  });

  it("skips NaN (a missing field) and reports NaN variance for fewer than two values", () => {
    const m = momentsOf([Number.NaN, 3]);
    expect(m.count).toBe(1);
    expect(variance(m)).toBeNaN();
  });
});
