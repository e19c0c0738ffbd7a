import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { chooseModel, crossValidate, timeSample } from "./cv.js";
import type { Dataset } from "./dataset.js";
import { timeFolds } from "./split.js";

describe("timeFolds", () => {
  it("rolls the origin forward: each fold trains on the past and tests on the next block (worked example)", () => {
    // Times 0..11 in reversed rows; 3 folds → 4 blocks of 3; a gap of 1 row (1/12) before each test block.
    const times = Float64Array.from({ length: 12 }, (_, i) => 11 - i);
    const folds = timeFolds(times, 3, 1 / 12).map((f) => ({ train: Array.from(f.train, (i) => times[i]), test: Array.from(f.test, (i) => times[i]) }));
    expect(folds).toEqual([
      { train: [0, 1], test: [3, 4, 5] },
      { train: [0, 1, 2, 3, 4], test: [6, 7, 8] },
      { train: [0, 1, 2, 3, 4, 5, 6, 7], test: [9, 10, 11] },
    ]);
  });
});

/** Two devices a minute apart whose readings swap sides of 20 °C from a ring: linear models fail, others learn. */
function ringData(n: number): Dataset {
  const r = createRandom(7);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const radius = c === 0 ? r.next() : 1.5 + r.next();
    const angle = 2 * Math.PI * r.next();
    x[2 * i] = 20 + radius * Math.cos(angle);
    x[2 * i + 1] = 50 + radius * Math.sin(angle);
    y[i] = c;
  }
  return { features: ["temperature", "humidity"], classes: ["in", "out"], x, y, times: Float64Array.from({ length: n }, (_, i) => i * 30) };
}

describe("crossValidate and auto", () => {
  it("pools the folds' predictions with an interval around them", () => {
    const cv = crossValidate(ringData(1200), "knn", { k: 5 }, createRandom(1));
    expect(cv.folds).toHaveLength(3);
    expect(cv.folds.map((f) => f.test)).toEqual([300, 300, 300]);
    expect(cv.pooled.rows).toBe(900);
    expect(cv.pooled.accuracy.value).toBeGreaterThan(0.9);
    expect(cv.pooled.accuracy.low).toBeLessThanOrEqual(cv.pooled.accuracy.value);
    expect(cv.pooled.accuracy.high).toBeGreaterThanOrEqual(cv.pooled.accuracy.value);
  });

  it("refuses fewer readings than the folds need with ML_TOO_FEW_ROWS", () => {
    expect(() => crossValidate(ringData(12), "logreg", { folds: 5 }, createRandom(1))).toThrow(expect.objectContaining({ code: "ML_TOO_FEW_ROWS" }));
  });

  it("auto does not choose a linear model where the classes are rings, and says why", () => {
    const choice = chooseModel(ringData(1600), { seed: 3 }, createRandom(2));
    expect(choice.candidates.map((c) => c.name)).toEqual(["logreg", "svm", "svm (rbf)", "knn", "forest"]);
    expect(["svm (rbf)", "knn", "forest"]).toContain(choice.chosen.name);
    const best = Math.max(...choice.candidates.map((c) => c.cv.pooled.macroF1.value));
    expect(choice.candidates.find((c) => c.name === choice.chosen.name)!.cv.pooled.macroF1.value).toBe(best);
    expect(choice.reason).toContain(`${choice.chosen.name} has the highest macro-F1`);
    expect(choice.reason).toContain("logreg 0.");
  });

  it("samples at most the rows asked, spread evenly over the whole period", () => {
    const s = timeSample(ringData(1000), 100);
    expect(s.y.length).toBe(100);
    expect(Array.from(s.times.subarray(0, 3))).toEqual([0, 300, 600]);
    expect(s.times[99]).toBe(990 * 30);
  });
});
