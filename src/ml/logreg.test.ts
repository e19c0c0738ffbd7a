import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { fitLogReg, predictLogReg } from "./logreg.js";

describe("multinomial logistic regression with L2", () => {
  it("reaches the optimum of a case solved by hand", () => {
    // x = −1 (class 0), x = +1 (class 1), λ = 0.1. By symmetry w₀ = −w₁ = −u/2 and the intercepts
    // are equal, so the objective is log(1 + e^(−u)) + λu²/4, stationary where 1/(1 + e^u) = λu/2.
    // Bisection of that equation gives u* (computed here, independent of the solver).
    const lambda = 0.1;
    let lo = 0;
    let hi = 20;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (1 / (1 + Math.exp(mid)) - (lambda * mid) / 2 > 0) lo = mid;
      else hi = mid;
    }
    const m = fitLogReg(Float64Array.from([-1, 1]), Int32Array.from([0, 1]), 2, { lambda, maxIterations: 5000, tolerance: 1e-10 });
    const [w0, b0, w1, b1] = m.weights;
    expect(w1! - w0!).toBeCloseTo(lo, 6);
    expect(w0! + w1!).toBeCloseTo(0, 8);
    expect(b1! - b0!).toBeCloseTo(0, 8);
    expect(Array.from(predictLogReg(m, Float64Array.from([-0.5, 0.3])))).toEqual([0, 1]);
  });

  it("separates three blobs and is deterministic", () => {
    const r = createRandom(11);
    const centres = [
      [-2, 0],
      [2, 0],
      [0, 2.5],
    ];
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      const c = i % 3;
      x.push(centres[c]![0]! + (r.next() - 0.5), centres[c]![1]! + (r.next() - 0.5));
      y.push(c);
    }
    const X = Float64Array.from(x);
    const Y = Int32Array.from(y);
    const m = fitLogReg(X, Y, 3);
    expect(Array.from(predictLogReg(m, X))).toEqual(y);
    expect(fitLogReg(X, Y, 3)).toEqual(m);
  });

  it("warm-starts a large table from a quarter that holds every class, even when labels cycle", () => {
    // 240,000 rows (past the warm-start threshold) whose labels cycle 0…11: a stride of 4 would keep
    // classes 0, 4 and 8 only. Twelve blobs on a circle, far apart: every class must be learned.
    const n = 240_000;
    const r = createRandom(3);
    const x = new Float64Array(2 * n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 12;
      y[i] = c;
      x[2 * i] = 4 * Math.cos((c * Math.PI) / 6) + (r.next() - 0.5);
      x[2 * i + 1] = 4 * Math.sin((c * Math.PI) / 6) + (r.next() - 0.5);
    }
    const p = predictLogReg(fitLogReg(x, y, 12), x);
    const right = new Array<number>(12).fill(0);
    for (let i = 0; i < n; i++) if (p[i] === y[i]) right[y[i]!]!++;
    for (const r of right) expect(r / (n / 12)).toBeGreaterThan(0.99);
  });
});
