import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { accuracyOf, classScores, confusionMatrix, evaluate, macroF1Of } from "./metrics.js";

// Worked example, by hand: truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2.
//   confusion (truth rows, predicted columns): [2 1 0] [0 1 1] [0 0 1]; accuracy 4/6.
//   class 0: P 2/2 = 1,   R 2/3, F1 2·1·⅔/(1+⅔) = 0.8
//   class 1: P 1/2,       R 1/2, F1 0.5
//   class 2: P 1/2,       R 1/1, F1 2·½·1/(3/2) = ⅔
//   macro-F1 (0.8 + 0.5 + ⅔)/3 = 0.655…
const truth = Int32Array.from([0, 0, 0, 1, 1, 2]);
const predicted = Int32Array.from([0, 0, 1, 1, 2, 2]);

describe("classification metrics against a worked example", () => {
  it("counts the confusion matrix by truth row and predicted column", () => {
    expect(Array.from(confusionMatrix(truth, predicted, 3))).toEqual([2, 1, 0, 0, 1, 1, 0, 0, 1]);
  });

  it("gives accuracy, per-class precision/recall/F1 and macro-F1", () => {
    const m = confusionMatrix(truth, predicted, 3);
    expect(accuracyOf(m, 3)).toBeCloseTo(4 / 6, 12);
    const s = classScores(m, 3);
    expect(s.map((c) => c.precision)).toEqual([1, 0.5, 0.5]);
    expect(s[0]!.recall).toBeCloseTo(2 / 3, 12);
    expect(s[0]!.f1).toBeCloseTo(0.8, 12);
    expect(s[1]!.f1).toBeCloseTo(0.5, 12);
    expect(s[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(s.map((c) => c.support)).toEqual([3, 2, 1]);
    expect(macroF1Of(m, 3)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it("leaves out of macro-F1 a class neither in the truth nor predicted (scikit-learn's labels=None)", () => {
    const m = confusionMatrix(truth, predicted, 4);
    expect(macroF1Of(m, 4)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    // A class in the truth that is never predicted counts with F1 = 0.
    const missed = confusionMatrix(Int32Array.from([0, 1]), Int32Array.from([0, 0]), 2);
    expect(classScores(missed, 2)[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(macroF1Of(missed, 2)).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it("brackets the score with a 95% bootstrap interval that is reproducible and narrows as 1/√n", () => {
    const perfect = evaluate(truth, truth, 3, createRandom(1), 200);
    expect(perfect.accuracy).toEqual({ value: 1, low: 1, high: 1 });
    // 80% right on n rows: the interval is about ±1.96·√(0.8·0.2/n).
    const make = (n: number): [Int32Array, Int32Array] => {
      const t = new Int32Array(n);
      const p = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
      return [t, p];
    };
    const [t, p] = make(10_000);
    const a = evaluate(t, p, 2, createRandom(7), 1000);
    expect(a.accuracy.value).toBeCloseTo(0.8, 12);
    const half = 1.96 * Math.sqrt(0.16 / 10_000);
    expect(a.accuracy.low).toBeCloseTo(0.8 - half, 2);
    expect(a.accuracy.high).toBeCloseTo(0.8 + half, 2);
    expect(Math.abs(a.accuracy.high - a.accuracy.low - 2 * half)).toBeLessThan(0.0015);
    expect(evaluate(t, p, 2, createRandom(7), 1000)).toEqual(a);
  });
});
