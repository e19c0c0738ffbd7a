import { describe, expect, it } from "vitest";
import { createRandom } from "../../random/index.js";
import { choleskyFlat as cholesky } from "../../numeric/index.js";
import { dirichlet, multivariateNormal } from "./multivariate.js";
import { mean } from "./test-support/gof.js";

describe("multivariate distributions", () => {
  it("cholesky reproduces the matrix and rejects non positive-definite ones", () => {
    const a = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]];
    const l = cholesky(a)!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!;
      expect(s).toBeCloseTo(a[i]![j]!, 12);
    }
    expect(cholesky([[1, 2], [2, 1]])).toBeUndefined();
  });

  it("multivariate normal has the requested means and correlation (n = 20,000, tolerance 0.03)", () => {
    const mvn = multivariateNormal([1, -2], [[1, 0.8], [0.8, 4]]);
    const n = 20_000;
    const out = mvn.fill(createRandom(21), new Float64Array(2 * n), n);
    const xs = out.filter((_, i) => i % 2 === 0);
    const ys = out.filter((_, i) => i % 2 === 1);
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
      syy += (ys[i]! - my) ** 2;
    }
    expect(mx).toBeCloseTo(1, 1);
    expect(my).toBeCloseTo(-2, 1);
    expect(Math.abs(sxy / Math.sqrt(sxx * syy) - 0.4)).toBeLessThan(0.03);
  });

  it("dirichlet vectors sum to 1 with mean alpha / sum(alpha)", () => {
    const d = dirichlet([1, 2, 7]);
    const rng = createRandom(22);
    const sums = [0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const v = d.sample(rng);
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      v.forEach((x, j) => (sums[j]! += x));
    }
    expect(sums.map((s) => s / 5000)).toEqual([expect.closeTo(0.1, 2), expect.closeTo(0.2, 2), expect.closeTo(0.7, 2)]);
  });
});
