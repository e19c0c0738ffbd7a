import { describe, expect, it } from "vitest";
import { silvermanBandwidth, smoothedLeafQuantiles } from "./leaf-smoothing.js";

const sorted = (xs: number[]): Float64Array => Float64Array.from(xs).sort();

describe("CART leaf smoothing", () => {
  it("Silverman's bandwidth is R's bw.nrd0", () => {
    // 1..5: sd 1.5811, IQR 2 → min(1.5811, 2 / 1.34) = 1.4925; 0.9 · 1.4925 · 5^−0.2 = 0.97358.
    expect(silvermanBandwidth(sorted([1, 2, 3, 4, 5]))).toBeCloseTo(0.97358, 4);
    // IQR 0 falls back on the sd, as bw.nrd0 does.
    expect(silvermanBandwidth(sorted([0, 0, 0, 0, 0, 0, 0, 10]))).toBeGreaterThan(0);
    expect(silvermanBandwidth(sorted([3]))).toBe(0);
  });

  it("spreads a leaf's quantiles beyond its rows, in order, about the same centre", () => {
    const values = sorted(Array.from({ length: 20 }, (_, i) => i / 19));
    const q = smoothedLeafQuantiles(values, new Map(), 17, 1)!;
    expect(q).toHaveLength(17);
    for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
    expect(q[0]!).toBeLessThan(0);
    expect(q[16]!).toBeGreaterThan(1);
    expect(q[8]!).toBeCloseTo(0.5, 3);
    // A wider kernel spreads further.
    expect(smoothedLeafQuantiles(values, new Map(), 17, 2)![0]!).toBeLessThan(q[0]!);
    // Nothing to smooth: one value, or every row on an atom.
    expect(smoothedLeafQuantiles(sorted([0.3, 0.3, 0.3]), new Map(), 17, 1)).toBeUndefined();
  });

  it("keeps a point mass exact and keeps other rows' kernels out of the scores written as it", () => {
    // 12 rows on the atom −0.5 (written as the atom for scores in [−1, 0]) and 8 wet rows just above it.
    const values = sorted([...Array.from({ length: 12 }, () => -0.5), 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 1.5]);
    const atoms = new Map([[-0.5, [-1, 0] as [number, number]]]);
    const q = smoothedLeafQuantiles(values, atoms, 17, 1)!;
    // The atom holds 60% of the leaf: quantiles 1/16 … 9/16 are the atom itself.
    for (let i = 1; i <= 9; i++) expect(q[i]).toBe(-0.5);
    for (const v of q) if (v !== -0.5) expect(v < -1 || v > 0).toBe(true);
  });
});
