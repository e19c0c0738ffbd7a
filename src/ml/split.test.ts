import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { kFolds, randomSplit, timeSplit } from "./split.js";

describe("timeSplit", () => {
  it("trains on the earliest readings, skips a gap and tests on the latest (worked example)", () => {
    // Times 1..10 in shuffled rows; 30% test, 10% gap: train 1–6, gap 7, test 8–10.
    const times = Float64Array.from([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    const s = timeSplit(times, { testFraction: 0.3, gapFraction: 0.1 });
    expect(Array.from(s.train, (i) => times[i])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(s.test, (i) => times[i])).toEqual([8, 9, 10]);
  });

  it("never puts one time on both sides", () => {
    const times = Float64Array.from([1, 2, 3, 3, 3, 3, 4, 5]);
    const s = timeSplit(times, { testFraction: 0.25, gapFraction: 0 });
    const trainMax = Math.max(...Array.from(s.train, (i) => times[i]!));
    const testMin = Math.min(...Array.from(s.test, (i) => times[i]!));
    expect(trainMax).toBeLessThan(testMin);
    expect(s.train.length + s.test.length).toBe(8);
  });
});

describe("randomSplit and kFolds", () => {
  it("partition the rows, reproducibly for a seed", () => {
    const s = randomSplit(20, 0.25, createRandom(3));
    expect(s.test.length).toBe(5);
    expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(randomSplit(20, 0.25, createRandom(3))).toEqual(s);
    const folds = kFolds(11, 3, createRandom(4));
    expect(folds.map((f) => f.test.length)).toEqual([4, 4, 3]);
    expect(folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    for (const f of folds) expect(f.train.length + f.test.length).toBe(11);
  });
});
