import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialUpperTail, lgamma } from "./special.js";

/** P(X ≥ k) by summing the probabilities with exact binomial coefficients (small n only). */
function directTail(n: number, k: number, p: number): number {
  let sum = 0;
  for (let i = Math.max(0, k); i <= n; i++) {
    let choose = 1;
    for (let j = 0; j < i; j++) choose = (choose * (n - j)) / (j + 1);
    sum += choose * p ** i * (1 - p) ** (n - i);
  }
  return sum;
}

describe("binomialUpperTail", () => {
  it("matches the direct sum for small n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -2, max: 62 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (n, k, p) => {
        expect(binomialUpperTail(n, k, p)).toBeCloseTo(directTail(n, k, p), 10);
      }),
    );
  });

  it("gives textbook values and the edges", () => {
    expect(binomialUpperTail(5, 5, 0.8)).toBeCloseTo(0.32768, 12);
    expect(binomialUpperTail(10, 0, 0.3)).toBe(1);
    expect(binomialUpperTail(10, 11, 0.3)).toBe(0);
    // 99 of 111 at 0.8: the normal approximation puts it near z = 2.4.
    const p = binomialUpperTail(111, 99, 0.8);
    expect(p).toBeGreaterThan(0.005);
    expect(p).toBeLessThan(0.02);
  });

  it("stays finite and tiny far in the tail of a large n", () => {
    const p = binomialUpperTail(1_000_000, 900_000, 0.8);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-300);
    expect(binomialUpperTail(1_000_000, 799_000, 0.8)).toBeGreaterThan(0.99);
  });

  it("uses a log-gamma that agrees with factorials", () => {
    expect(lgamma(11)).toBeCloseTo(Math.log(3628800), 10);
  });
});
