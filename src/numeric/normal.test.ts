import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./normal.js";
import { lgamma } from "./special.js";

describe("special functions", () => {
  it("normalCdf matches reference values (R pnorm) in the centre and both tails", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 8);
    expect(normalCdf(3.5)).toBeCloseTo(0.9997673709209645, 14);
  });

  it("normalQuantile inverts normalCdf", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-12 + p * 1e-9);
      }),
    );
  });

  it("lgamma matches log factorials", () => {
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lgamma(171)).toBeCloseTo(706.5730622457874, 8);
  });
});
