import { describe, expect, it } from "vitest";
import { createRandom } from "../../../random/index.js";
import { quantile } from "./marginals.js";
import { rankWindowQuantiles } from "./rank-window.js";

describe("rankWindowQuantiles", () => {
  const rng = createRandom(7);
  const sorted = Float64Array.from({ length: 300 }, () => Math.round(Math.exp(3 * rng.next()) * 10)).sort();

  it("with no window gives the type-7 quantiles", () => {
    const q = rankWindowQuantiles(sorted, 257, 0);
    for (let i = 0; i <= 256; i++) expect(q[i]).toBe(quantile(sorted, i / 256));
  });

  it("keeps a linear quantile function, the minimum and maximum, and the order", () => {
    const line = Float64Array.from({ length: 101 }, (_, i) => 3 * i);
    expect(rankWindowQuantiles(line, 5, 10)).toEqual([0, 75, 150, 225, 300]);
    const q = rankWindowQuantiles(sorted, 257, 10);
    expect(q[0]).toBe(sorted[0]);
    expect(q[256]).toBe(sorted[299]);
    for (let i = 1; i <= 256; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
  });

  it("spreads a value a few rows share over its neighbours, and keeps a point mass of more than the window exact", () => {
    // 2 on two rows (not more than the 2 ranks a window of ±1 spans): averaged with its neighbours
    // (rank 2: the mean of 2, 2 → 3 over ranks 1–3 is 2.25).
    expect(rankWindowQuantiles(Float64Array.from([1, 2, 2, 3, 9]), 5, 1)).toEqual([1, 1.75, 2.25, 4.25, 9]);
    // On three rows, more than 2: the level inside the run stays exactly 2.
    expect(rankWindowQuantiles(Float64Array.from([1, 2, 2, 2, 3, 9]), 3, 1)).toEqual([1, 2, 9]);
    // 57% zeros, then 0.1 … 43: every quantile below 0.57 is exactly 0, the first above it is not.
    const rain = Float64Array.from({ length: 1000 }, (_, i) => (i < 570 ? 0 : (i - 569) / 10));
    const q = rankWindowQuantiles(rain, 257, 10);
    const share = q.filter((v) => v === 0).length;
    // Levels i / 256 at ranks i · 999 / 256 ≤ 569 (the zeros' last): i = 0 … 145.
    expect(share).toBe(146);
    expect(q[share]!).toBeGreaterThan(0);
  });
});
