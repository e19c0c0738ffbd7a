import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { KLL_RANK_ERROR } from "./kll-sketch.js";
import { quantileSorted } from "./quantiles.js";
import { ValueDistribution } from "./value-distribution.js";

const P = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

function filled(values: ArrayLike<number>, limits?: { distinct: number; exact: number }): ValueDistribution {
  const d = new ValueDistribution(createRandom("dist"), limits);
  for (let i = 0; i < values.length; i++) d.add(values[i]!);
  return d;
}

describe("ValueDistribution: exact quartiles in bounded memory, a sketch beyond", () => {
  it("counts tenths exactly: the quantiles equal pandas' on the sorted values", () => {
    const r = createRandom("tenths");
    const xs = Float64Array.from({ length: 50_000 }, () => Math.round(170 + 40 * (r.next() - 0.5)) / 10);
    const sorted = Float64Array.from(xs).sort();
    const d = filled(xs);
    expect(d.method).toEqual({ method: "exact" });
    for (const p of P) expect(d.quantile(p), `p ${p}`).toBe(quantileSorted(sorted, p));
    let total = 0;
    let last = -Infinity;
    d.forEachAscending((v, w) => {
      expect(v).toBeGreaterThan(last);
      last = v;
      total += w;
    });
    expect(total).toBe(50_000);
  });

  it("keeps the values themselves past the distinct limit, still exact", () => {
    const r = createRandom("many");
    const xs = Float64Array.from({ length: 5000 }, () => r.next() * 100);
    const sorted = Float64Array.from(xs).sort();
    const d = filled(xs, { distinct: 100, exact: 10_000 });
    expect(d.method).toEqual({ method: "exact" });
    for (const p of P) expect(d.quantile(p), `p ${p}`).toBe(quantileSorted(sorted, p));
    expect(d.above(50)).toEqual({ count: sorted.filter((x) => x > 50).length, sum: expect.any(Number) as number });
  });

  it("switches to the sketch past the exact limit, says so, and stays within the stated rank error", () => {
    const r = createRandom("switch");
    const xs = Float64Array.from({ length: 200_000 }, () => r.next() * 100);
    const exact = filled(xs.subarray(0, 10_000), { distinct: 100, exact: 10_000 });
    expect(exact.method).toEqual({ method: "exact" });
    const d = filled(xs, { distinct: 100, exact: 10_000 });
    expect(d.method).toEqual({ method: "sketch", rankError: KLL_RANK_ERROR });
    expect(d.count).toBe(200_000);
    const sorted = Float64Array.from(xs).sort();
    for (const p of [0.25, 0.5, 0.75]) {
      const v = d.quantile(p);
      let rank = 0;
      while (rank < sorted.length && sorted[rank]! < v) rank++;
      expect(Math.abs(rank - p * (sorted.length - 1)) / sorted.length, `p ${p}`).toBeLessThan(KLL_RANK_ERROR);
    }
  });

  it("skips NaN and answers NaN when empty", () => {
    const d = filled([Number.NaN, 2, Number.NaN, 4]);
    expect(d.count).toBe(2);
    expect(d.quantile(0.5)).toBe(3);
    expect(filled([]).quantile(0.5)).toBeNaN();
  });
});
