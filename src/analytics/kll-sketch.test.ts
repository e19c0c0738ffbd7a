import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { KLL_RANK_ERROR, KllSketch } from "./kll-sketch.js";

/** Largest distance, as a share of n, between the asked rank and the true ranks of the sketch's answer. */
function worstRankError(values: Float64Array, sketch: KllSketch): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let worst = 0;
  for (let p = 0.01; p < 1; p += 0.01) {
    const v = sketch.quantile(p);
    // True ranks of v: [first index ≥ v, last index ≤ v].
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    let last = lo;
    while (last + 1 < n && sorted[last + 1] === v) last++;
    const rank = p * (n - 1);
    const off = rank < lo ? lo - rank : rank > last ? rank - last : 0;
    worst = Math.max(worst, off / n);
  }
  return worst;
}

describe("KLL quantile sketch", () => {
  const shapes: [string, (r: ReturnType<typeof createRandom>, i: number) => number][] = [
    ["uniform", (r) => r.next()],
    ["normal-ish (sum of 4 uniforms) around 17 °C", (r) => 17 + (r.next() + r.next() + r.next() + r.next() - 2) * 0.4],
    ["sorted ascending (a drifting sensor)", (_r, i) => i * 1e-3],
    ["heavy-tailed (1/u)", (r) => 1 / (r.next() + 1e-9)],
  ];
  for (const [name, draw] of shapes) {
    it(`keeps every percentile within the stated rank error (${KLL_RANK_ERROR * 100} %) on a seeded ${name} stream of 300,000`, () => {
      const r = createRandom(`kll-${name}`);
      const values = Float64Array.from({ length: 300_000 }, (_, i) => draw(r, i));
      const sketch = new KllSketch(createRandom("sketch"));
      for (const v of values) sketch.add(v);
      expect(sketch.count).toBe(300_000);
      const err = worstRankError(values, sketch);
      expect(err).toBeLessThan(KLL_RANK_ERROR);
      // A sketch, not a copy: it holds a few thousand items at most.
      let held = 0;
      sketch.forEachAscending(() => held++);
      expect(held).toBeLessThan(3000);
    });
  }

  it("answers min and max exactly and the same for the same seed", () => {
    const make = (): KllSketch => {
      const s = new KllSketch(createRandom("same"));
      for (let i = 0; i < 50_000; i++) s.add((i * 7919) % 50_000);
      return s;
    };
    const a = make();
    const b = make();
    expect(a.quantile(0)).toBe(0);
    expect(a.quantile(1)).toBe(49_999);
    expect(a.quantile(0.5)).toBe(b.quantile(0.5));
  });
});
