import { describe, expect, it } from "vitest";
import { histogram, normalDensity } from "./histogram.js";

describe("histogram with a fitted normal", () => {
  it("bins, fits and measures normality of a worked example", () => {
    // Mean 2, population variance 12/9, fourth moment 36/9 → skewness 0, excess kurtosis −0.75,
    // JB = 9/6 · (0.75²/4) = 0.2109375, p = exp(−JB/2).
    const h = histogram([0, 1, 1, 2, 2, 2, 3, 3, 4], 4);
    expect(h.bins.map((b) => [b.start, b.end, b.count])).toEqual([
      [0, 1, 1],
      [1, 2, 2],
      [2, 3, 3],
      [3, 4, 3],
    ]);
    expect(h.bins[2]!.density).toBeCloseTo(3 / 9, 14);
    expect(h.normal.mean).toBe(2);
    expect(Math.abs(h.normal.std - Math.sqrt(12 / 8)) / Math.sqrt(12 / 8)).toBeLessThan(1e-12);
    expect(Math.abs(h.normality.skewness)).toBeLessThan(1e-12);
    expect(Math.abs(h.normality.excessKurtosis + 0.75)).toBeLessThan(1e-12);
    expect(Math.abs(h.normality.jarqueBera - 0.2109375)).toBeLessThan(1e-12);
    expect(Math.abs(h.normality.pValue - Math.exp(-0.10546875))).toBeLessThan(1e-12);
    expect(h.curve.length).toBe(61);
  });

  it("draws the normal density with its textbook peak 1/(σ√2π)", () => {
    expect(normalDensity(17, 17, 0.4)).toBeCloseTo(1 / (0.4 * Math.sqrt(2 * Math.PI)), 14);
  });

  it("widens automatic bins to whole steps of the readings' grid, so no bin falls between tenths", () => {
    const xs = Array.from({ length: 2000 }, (_, i) => Math.round(170 + 4 * Math.sin(i * 0.37)) / 10);
    const h = histogram(xs);
    expect(h.bins.every((b) => b.count > 0)).toBe(true);
    const width = h.bins[0]!.end - h.bins[0]!.start;
    expect(Math.abs(width / 0.1 - Math.round(width / 0.1))).toBeLessThan(1e-9);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(2000);
  });
});
