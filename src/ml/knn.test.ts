import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { fitKnn, predictKnn } from "./knn.js";

describe("kNN over a k-d tree", () => {
  it("votes as worked by hand in one dimension", () => {
    // Training 0 1 2 (class 0), 10 11 (class 1).
    const x = Float64Array.from([0, 1, 2, 10, 11]);
    const y = Int32Array.from([0, 0, 0, 1, 1]);
    const m3 = fitKnn(x, y, 2, 3);
    // 9: nearest 10 (1), 11 (2), 2 (7) → two votes for class 1. 5: 2, 1, 0 (3, 4, 5) → class 0.
    expect(Array.from(predictKnn(m3, Float64Array.from([9, 5])))).toEqual([1, 0]);
    // k = 2 at 6: 2 and 10 are both 4 away, one vote each, equal closeness → the lower class.
    // At 6.5: 10 is 3.5 away, 2 is 4.5 → class 1 is closer in total.
    const m2 = fitKnn(x, y, 2, 2);
    expect(Array.from(predictKnn(m2, Float64Array.from([6, 6.5])))).toEqual([0, 1]);
  });

  it("finds the same neighbours as a brute-force scan (3 features, k = 1, 4, 7)", () => {
    const r = createRandom(5);
    const n = 400;
    const d = 3;
    const x = Float64Array.from({ length: n * d }, () => r.next());
    const y = Int32Array.from({ length: n }, () => r.int(0, 3));
    const q = Float64Array.from({ length: 100 * d }, () => r.next());
    for (const k of [1, 4, 7]) {
      const got = predictKnn(fitKnn(x, y, 4, k), q);
      for (let i = 0; i < 100; i++) {
        const dist = Array.from({ length: n }, (_, j) => {
          let s = 0;
          for (let a = 0; a < d; a++) s += (x[j * d + a]! - q[i * d + a]!) ** 2;
          return { j, s };
        }).sort((a, b) => a.s - b.s);
        const votes = [0, 0, 0, 0];
        const close = [0, 0, 0, 0];
        for (const { j, s } of dist.slice(0, k)) {
          votes[y[j]!]!++;
          close[y[j]!]! += Math.sqrt(s);
        }
        let best = 0;
        for (let c = 1; c < 4; c++) if (votes[c]! > votes[best]! || (votes[c] === votes[best] && votes[c]! > 0 && close[c]! < close[best]!)) best = c;
        expect(got[i], `query ${i}, k ${k}`).toBe(best);
      }
    }
  });
});
