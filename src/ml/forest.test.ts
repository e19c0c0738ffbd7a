import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { binRows, fitForest, predictForest } from "./forest.js";

/** A checkerboard of 3 × 3 cells over [0, 3)², class (cx + cy) % 3: no straight line separates it. */
function board(n: number, seed: number): { x: Float64Array; y: Int32Array } {
  const r = createRandom(seed);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = r.next() * 3;
    const b = r.next() * 3;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = (Math.floor(a) + Math.floor(b)) % 3;
  }
  return { x, y };
}

describe("binRows", () => {
  it("puts a value in the bin counting the edges below it (worked example)", () => {
    const bins = binRows([[1, 2, 3]], Float64Array.from([0.5, 1, 1.5, 3, 9]));
    // 0.5: no edge below → 0; 1: none strictly below → 0; 1.5: edge 1 → 1; 3: edges 1, 2 → 2; 9: all three → 3.
    expect(Array.from(bins)).toEqual([0, 0, 1, 2, 3]);
  });
});

describe("the random forest", () => {
  it("learns a checkerboard that no linear model can, and predicts held-out points", () => {
    const train = board(6000, 1);
    const test = board(2000, 2);
    const model = fitForest(train.x, train.y, 3, createRandom(5), { trees: 30, depth: 8 });
    const p = predictForest(model, test.x);
    let right = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === test.y[i]) right++;
    // Cell borders fall between quantile bins (64 per feature): a few points near them are lost.
    expect(right / p.length).toBeGreaterThan(0.95);
  });

  it("is the same forest for the same seed, and another for another seed", () => {
    const { x, y } = board(1500, 3);
    const a = fitForest(x, y, 3, createRandom(9), { trees: 5 });
    expect(fitForest(x, y, 3, createRandom(9), { trees: 5 })).toEqual(a);
    expect(fitForest(x, y, 3, createRandom(10), { trees: 5 })).not.toEqual(a);
  });

  it("predicts, walking its flattened trees four rows at a time, what a plain walk of every tree votes", () => {
    const train = board(3000, 6);
    const test = board(1001, 7); // not a multiple of four: the last rows walk one at a time
    const model = fitForest(train.x, train.y, 3, createRandom(8), { trees: 25, depth: 6 });
    const bins = binRows(model.edges, test.x);
    const expected = Array.from({ length: 1001 }, (_, i) => {
      const votes = [0, 0, 0];
      for (const t of model.trees) {
        let node = 0;
        while (t.feature[node]! >= 0) node = bins[i * 2 + t.feature[node]!]! <= t.split[node]! ? t.child[node]! : t.child[node]! + 1;
        votes[t.child[node]!]!++;
      }
      return votes.indexOf(Math.max(...votes));
    });
    expect(Array.from(predictForest(model, test.x))).toEqual(expected);
  });

  it("stops at the depth asked and makes a pure node a leaf", () => {
    const { x, y } = board(1500, 4);
    const stump = fitForest(x, y, 3, createRandom(1), { trees: 1, depth: 1 });
    expect(stump.trees[0]!.feature.length).toBe(3); // root and two leaves
    const pure = fitForest(x, new Int32Array(1500).fill(2), 3, createRandom(1), { trees: 1 });
    expect(pure.trees[0]).toEqual({ feature: [-1], split: [0], child: [2] });
  });
});
