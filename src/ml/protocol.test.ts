import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import type { Dataset } from "./dataset.js";
import { checkTrainable, fitPipeline, predictPipeline } from "./pipeline.js";
import { honestEvaluation, seedProtocol } from "./protocol.js";

/**
 * Three devices whose readings trace slow, non-repeating curves over one shared range: neighbouring
 * readings in time are near-copies, so a shuffled split scores memory; the later readings sit
 * where other devices were earlier, so the time split scores much lower. That gap is the seed's
 * leakage.
 */
function wanderingDevices(rows: number, seed: number): Dataset {
  const r = createRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  const times: number[] = [];
  const periods = [
    [1700, 2300],
    [2100, 1500],
    [2600, 1900],
  ];
  for (let t = 0; t < rows; t++) {
    for (let c = 0; c < 3; c++) {
      const [p, q] = periods[c]!;
      x.push(
        21 + 3 * Math.sin((2 * Math.PI * t) / p! + 2 * c) + (r.next() - 0.5) * 0.05,
        40 + 3 * Math.cos((2 * Math.PI * t) / q! + c) + (r.next() - 0.5) * 0.05,
      );
      y.push(c);
      times.push(t * 60);
    }
  }
  return { features: ["temperature", "humidity"], classes: ["a", "b", "c"], x: Float64Array.from(x), y: Int32Array.from(y), times: Float64Array.from(times) };
}

describe("honestEvaluation", () => {
  it("trains only on readings before the test part and scores the baseline beside the model", () => {
    const data = wanderingDevices(400, 1);
    const h = honestEvaluation(data, "knn", { k: 5 }, createRandom(42));
    expect(h.split.trainTo).toBeLessThan(h.split.testFrom);
    expect(h.split.train + h.split.gap + h.split.test).toBe(1200);
    expect(h.split.test).toBe(300);
    // Every class is a third of the test rows: the majority baseline scores one third.
    expect(h.baseline.accuracy.value).toBeCloseTo(1 / 3, 12);
    expect(h.model.accuracy.low).toBeLessThanOrEqual(h.model.accuracy.value);
    expect(h.model.accuracy.high).toBeGreaterThanOrEqual(h.model.accuracy.value);
    // The scaler saw only the training part: its mean is the training rows' mean.
    const idx = Array.from({ length: 1200 }, (_, i) => i).filter((i) => data.times[i]! <= h.split.trainTo);
    const mean = idx.reduce((s, i) => s + data.x[i * 2]!, 0) / idx.length;
    expect(h.pipeline.scaler!.mean[0]).toBeCloseTo(mean, 9);
  });

  it("shows the seed's protocol flattering the same model on wandering readings", () => {
    const data = wanderingDevices(1000, 2);
    const h = honestEvaluation(data, "knn", { k: 2 }, createRandom(42));
    const s = seedProtocol(data, "knn", { k: 2 }, createRandom(42));
    expect(s.folds).toHaveLength(5);
    expect(s.randomSplitAccuracy).toBeGreaterThan(0.9);
    expect(s.testSplitCvAccuracy).toBeGreaterThan(0.9);
    expect(s.randomSplitAccuracy - h.model.accuracy.value).toBeGreaterThan(0.5);
    expect(seedProtocol(data, "knn", { k: 2 }, createRandom(42))).toEqual(s);
  });
});

describe("bad training data", () => {
  const base = wanderingDevices(20, 3);
  it("refuses one class", () => {
    const one: Dataset = { ...base, y: new Int32Array(base.y.length) };
    expect(() => checkTrainable(one)).toThrow(expect.objectContaining({ code: "ML_ONE_CLASS" }));
  });
  it("refuses too few rows", () => {
    const few: Dataset = { ...base, x: base.x.subarray(0, 6), y: base.y.subarray(0, 3), times: base.times.subarray(0, 3) };
    expect(() => checkTrainable(few)).toThrow(expect.objectContaining({ code: "ML_TOO_FEW_ROWS" }));
  });
  it("refuses a target with thousands of classes", () => {
    const many: Dataset = { ...base, classes: Array.from({ length: 5000 }, (_, i) => `d${i}`) };
    expect(() => checkTrainable(many)).toThrow(expect.objectContaining({ code: "ML_TOO_MANY_CLASSES" }));
    const sparse: Dataset = { ...base, classes: Array.from({ length: 20 }, (_, i) => `d${i}`) };
    expect(() => checkTrainable(sparse)).toThrow(expect.objectContaining({ code: "ML_TOO_MANY_CLASSES" }));
  });
  it("predicts the majority class with the baseline pipeline", () => {
    const y = Int32Array.from([0, 1, 1, 2, 1, 0]);
    const p = fitPipeline({ ...base, x: base.x.subarray(0, 12), y, times: base.times.subarray(0, 6) }, "majority");
    expect(Array.from(predictPipeline(p, base.x.subarray(0, 6)))).toEqual([1, 1, 1]);
  });
});
