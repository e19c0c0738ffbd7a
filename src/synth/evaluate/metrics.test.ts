// Golden tests: each metric against a worked example (SDMetrics' own unit-test cases where they
// exist, hand-computed ones otherwise).
import { describe, expect, it } from "vitest";
import { createRandom } from "../../random/index.js";
import { binEdges, contingencySimilarity, correlationSimilarity, cramersV, digitize, pearson } from "./pairs.js";
import {
  baselineProtection,
  closestDistances,
  median,
  nearestRows,
  overfittingNoise,
  overfittingProtection,
  pooledOverfitting,
  randomBaseline,
} from "./privacy.js";
import { ksComplement, tvComplement } from "./shapes.js";
import { boundaryAdherence, categoryAdherence, keyUniqueness, missingValueSimilarity } from "./validity.js";

const codes = (labels: string, dict = "abcdefghij"): Int32Array => Int32Array.from([...labels].map((c) => (c === "_" ? -1 : dict.indexOf(c))));

describe("column shapes", () => {
  it("KSComplement is 1 − the largest gap between the empirical CDFs", () => {
    expect(ksComplement(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4))).toBe(1);
    // F_real reaches 0.5 at 2 while F_synthetic is still 0: D = 0.5.
    expect(ksComplement(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 4, 5, 6))).toBe(0.5);
    expect(ksComplement(Float64Array.of(1, 2), Float64Array.of(5, 6))).toBe(0);
    // Nulls are ignored.
    expect(ksComplement(Float64Array.of(1, Number.NaN, 2), Float64Array.of(1, 2, Number.NaN))).toBe(1);
  });

  it("TVComplement matches SDMetrics' test case (a,b,c,a,a,b vs a,b,c,a,b,c → 0.8333)", () => {
    expect(tvComplement(codes("abcaab"), codes("abcabc"), 3)).toBeCloseTo(0.8333333333333333, 12);
    expect(tvComplement(codes("ab_"), codes("ab"), 2)).toBe(1);
  });
});

describe("column pair trends", () => {
  it("CorrelationSimilarity is 1 − |ρr − ρs| / 2", () => {
    expect(correlationSimilarity(0.8, 0.6)).toBeCloseTo(0.9, 12);
    expect(correlationSimilarity(1, -1)).toBe(0);
    expect(pearson(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 6))).toBeCloseTo(1, 12);
    expect(pearson(Float64Array.of(1, 2, 3, Number.NaN), Float64Array.of(3, 2, 1, 9))).toBeCloseTo(-1, 12);
  });

  it("ContingencySimilarity is 1 − TVD of the normalised contingency tables", () => {
    // Real: (a,a) (a,b) (b,a) (b,b) a quarter each; synthetic: (a,a) and (b,b) half each → TVD ½.
    expect(contingencySimilarity(codes("aabb"), codes("abab"), codes("aabb"), codes("aabb"))).toBeCloseTo(0.5, 12);
    expect(contingencySimilarity(codes("ab"), codes("ab"), codes("ba"), codes("ba"))).toBe(1);
  });

  it("bins numbers like numpy.histogram_bin_edges + digitize (10 equal-width bins)", () => {
    const edges = binEdges(Float64Array.of(0, 10, 5));
    expect([...edges]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...digitize(Float64Array.of(-1, 0, 0.5, 9.99, 10, 11, Number.NaN), edges)]).toEqual([0, 1, 1, 10, 11, 11, -1]);
  });

  it("Cramér's V is 1 for a perfect association and 0 for independence", () => {
    expect(cramersV(codes("aabb"), codes("aabb"))).toBeCloseTo(1, 12);
    expect(cramersV(codes("aabb"), codes("abab"))).toBeCloseTo(0, 12);
    expect(cramersV(codes("aaaa"), codes("abab"))).toBeNaN();
  });
});

describe("validity (SDMetrics' unit-test cases)", () => {
  it("BoundaryAdherence", () => {
    expect(boundaryAdherence(Float64Array.of(1.0, 2.4, 2.6, 0.8), Float64Array.of(0.9, 1.8, 2.1, 5.0))).toBe(0.75);
    expect(boundaryAdherence(Float64Array.of(1.0, 2.4, 2.6, 0.8), Float64Array.of(0.9, 1.8, 2.1, 5.0, Number.NaN))).toBe(0.6);
    expect(boundaryAdherence(Float64Array.of(1.0, 2.4, 2.6, 0.8, Number.NaN), Float64Array.of(0.9, 1.8, 2.1, 5.0, Number.NaN))).toBe(0.75);
  });

  it("CategoryAdherence", () => {
    expect(categoryAdherence(codes("abcba"), codes("abcde"))).toBe(0.6);
    expect(categoryAdherence(codes("abcba_"), codes("ab_c_ba_dc"))).toBe(0.9);
  });

  it("KeyUniqueness counts repeats and nulls as failures", () => {
    expect(keyUniqueness(Float64Array.of(1, 2, Number.NaN, 3, Number.NaN, 5, 2, Number.NaN, 6, Number.NaN))).toBe(0.5);
    expect(keyUniqueness(Int32Array.of(0, 1, 2))).toBe(1);
  });

  it("MissingValueSimilarity", () => {
    expect(missingValueSimilarity(Float64Array.of(1, 2, 3, Number.NaN), Float64Array.of(1, Number.NaN))).toBe(0.75);
  });
});

describe("privacy", () => {
  const numeric = { numeric: [true], scale: [1 / 10] };

  it("DCR: real [0, 10, 3, 4, 1], synthetic [5] → 0.1", () => {
    expect([...closestDistances(Float64Array.of(5), Float64Array.of(0, 10, 3, 4, 1), numeric)]).toEqual([0.1]);
  });

  it("DCR averages over columns: numbers scaled by the range and capped at 1, categories 0/1, null vs value 1", () => {
    const space = { numeric: [true, false], scale: [1 / 10, 0] };
    // Closest to (5, "b") is (4, "a") at (0.1 + 1) / 2 or (0, "b") at (0.5 + 0) / 2 → 0.25.
    expect(closestDistances(Float64Array.of(5, 1), Float64Array.of(0, 1, 10, 0, 4, 0), space)[0]).toBeCloseTo(0.25, 12);
    expect(closestDistances(Float64Array.of(100, 0), Float64Array.of(0, 0), space)[0]).toBe(0.5);
    expect(closestDistances(Float64Array.of(Number.NaN, 0), Float64Array.of(3, 0), space)[0]).toBe(0.5);
    expect(closestDistances(Float64Array.of(Number.NaN, 0), Float64Array.of(Number.NaN, 0), space)[0]).toBe(0);
  });

  it("baseline protection is min(1, median synthetic DCR / median random DCR)", () => {
    expect(median(Float64Array.of(3, 1, 2))).toBe(2);
    expect(median(Float64Array.of(4, 1, 2, 3))).toBe(2.5);
    expect(baselineProtection(Float64Array.of(0.1, 0.2, 0.3), Float64Array.of(0.4, 0.4, 0.4))).toBeCloseTo(0.5, 12);
    expect(baselineProtection(Float64Array.of(0.9), Float64Array.of(0.4))).toBe(1);
    expect(baselineProtection(Float64Array.of(0.9), Float64Array.of(0))).toBeNaN();
  });

  it("overfitting protection is min(1, 2 · (1 − share closer to training))", () => {
    expect(overfittingProtection(Float64Array.of(0.1, 0.5, 0.5, 0.5), Float64Array.of(0.2, 0.4, 0.4, 0.5))).toEqual({ score: 1, closerToTraining: 0.25 });
    expect(overfittingProtection(Float64Array.of(0.1, 0.1, 0.1, 0.5), Float64Array.of(0.2, 0.2, 0.2, 0.4)).score).toBeCloseTo(0.5, 12);
  });

  it("the pooled nearest rows give the same overfitting score as the two distances, ties not closer", () => {
    const space = { numeric: [true], scale: [0.1] };
    // Pool: training rows 0, 4 (indices 0–1), holdout rows 4, 9 (indices 2–3).
    const pool = Float64Array.of(0, 4, 4, 9);
    const data = Float64Array.of(1, 4, 8, 3.9);
    const nearest = nearestRows(data, pool, space);
    expect(nearest.map((r) => [...r])).toEqual([[0], [1, 2], [3], [1, 2]]);
    const pooled = pooledOverfitting(nearest, (r) => r < 2);
    const direct = overfittingProtection(closestDistances(data, pool.subarray(0, 2), space), closestDistances(data, pool.subarray(2), space));
    expect(pooled).toEqual(direct);
    expect(pooled.closerToTraining).toBe(0.25);
  });

  it("the no-memorisation range: shuffled labels bracket an unbiased sample, a copying one falls below it", () => {
    const rng = createRandom(7);
    const space = { numeric: [true, true], scale: [1, 1] };
    // 80 rows of two columns: 40 training rows (0–39), then 40 holdout rows; 500 rows to score.
    const pool = Float64Array.from({ length: 160 }, () => rng.next());
    const training = 40;
    const fresh = Float64Array.from({ length: 1000 }, () => rng.next());
    // Value v of row v >> 1: a training row's, nudged by 0.001.
    const copies = Float64Array.from({ length: 1000 }, (_, v) => pool[((v >> 1) % training) * 2 + (v & 1)]! + 0.001);
    for (const [data, memorises] of [
      [fresh, false],
      [copies, true],
    ] as const) {
      const nearest = nearestRows(data, pool, space);
      const o = pooledOverfitting(nearest, (r) => r < training);
      const noise = overfittingNoise(nearest, training, 80, o.score, createRandom(1));
      expect(noise.low).toBeLessThan(noise.high + 1e-12);
      expect(noise.high).toBe(1);
      if (memorises) {
        expect(o.score).toBeLessThan(noise.low);
        expect(noise.pValue).toBe(0);
      } else {
        expect(o.score).toBeGreaterThanOrEqual(noise.low);
        expect(noise.pValue).toBeGreaterThan(0.025);
      }
      // Same rows, same seed: same range.
      expect(overfittingNoise(nearest, training, 80, o.score, createRandom(1))).toEqual(noise);
    }
  });

  it("the random baseline stays in the real range and keeps the null share roughly", () => {
    const real = {
      rows: 4,
      columns: [
        { kind: "number" as const, values: Float64Array.of(2, 4, 6, Number.NaN) },
        { kind: "code" as const, codes: Int32Array.of(0, 1, 1, 0) },
      ],
    };
    const out = randomBaseline(real, [0, 1], 2000, createRandom(1));
    let nulls = 0;
    for (let r = 0; r < 2000; r++) {
      const v = out[r * 2]!;
      if (Number.isNaN(v)) nulls++;
      else expect(Number.isInteger(v) && v >= 2 && v <= 6).toBe(true);
      expect([0, 1]).toContain(out[r * 2 + 1]);
    }
    expect(nulls / 2000).toBeGreaterThan(0.2);
    expect(nulls / 2000).toBeLessThan(0.3);
  });
});

describe("the library entry points", () => {
  it("fit() and evaluate() read files the way the commands do", async () => {
    const { fit } = await import("../model/index.js");
    const { evaluate } = await import("./index.js");
    const { tempDir } = await import("../model/test-support/temp-csv.js");
    const tmp = tempDir();
    try {
      const rows = Array.from({ length: 200 }, (_, i) => `${i % 17},${(i * 7) % 13},${i % 3 ? "a" : "b"}`);
      const path = tmp.file("t.csv", "x,y,k\n" + rows.join("\n") + "\n");
      const { model } = await fit(path);
      expect(model.copula.columns).toEqual(["x", "y", "k"]);
      const e = await evaluate(path, path);
      expect(e.quality.columnShapes).toBe(1);
      expect(e.privacy.exactCopies).toBe(200);
      expect(e.privacy.medianDcr).toBe(0);
    } finally {
      tmp.remove();
    }
  });
});

describe("synthetic values that are not of the real column's type", () => {
  it("are counted, reported per column and scored as mismatches, not dropped as nulls", async () => {
    const { evaluate } = await import("./index.js");
    const { tempDir } = await import("../model/test-support/temp-csv.js");
    const tmp = tempDir();
    try {
      const rows = Array.from({ length: 300 }, (_, i) => [new Date(Date.UTC(2012, 0, 1 + i)).toISOString().slice(0, 10), (i % 50) + 0.5, i % 3 ? "a" : "b"]);
      const real = tmp.file("real.csv", "date,x,k\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
      const bad = tmp.file(
        "bad.csv",
        "date,x,k\n" + rows.map((r, i) => [i % 4 === 0 ? r[0] : "not a date", i % 10 === 0 ? "n/a?" : r[1], r[2]].join(",")).join("\n") + "\n",
      );
      const good = await evaluate(real, real);
      const e = await evaluate(real, bad);
      expect(good.invalidValues).toEqual([]);
      expect(e.invalidValues).toEqual([
        { table: "synthetic", column: "date", count: 225, share: 0.75, expected: "dates in YYYY-MM-DD", examples: ["not a date"] },
        { table: "synthetic", column: "x", count: 30, share: 0.1, expected: "numbers", examples: ["n/a?"] },
      ]);
      const shape = (name: string) => e.quality.shapes.find((s) => s.column === name)!;
      expect(shape("date").invalidShare).toBe(0.75);
      expect(shape("date").score).toBeCloseTo(0.25, 2); // the parsed quarter is alike: 1 × (1 − 0.75), roughly
      expect(shape("date").score).toBeLessThanOrEqual(0.25);
      expect(shape("x").score).toBeLessThanOrEqual(0.9);
      const validity = (name: string, metric: string) => e.quality.validityDetails.find((v) => v.column === name && v.metric === metric)!.score;
      expect(validity("date", "BoundaryAdherence")).toBe(0.25);
      expect(validity("date", "MissingValueSimilarity")).toBe(1);
      expect(e.quality.columnShapes).toBeLessThan(good.quality.columnShapes - 0.25);
    } finally {
      tmp.remove();
    }
  });
});
