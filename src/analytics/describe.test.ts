import { describe as suite, expect, it } from "vitest";
import { describe } from "./describe.js";
import { quantileSorted } from "./quantiles.js";

suite("describe (pandas' definitions)", () => {
  it("gives pandas' answer for 1, 2, 3, 4: quartiles 1.75 / 2.5 / 3.25, std √(5/3)", () => {
    const d = describe([4, 1, 3, 2]);
    expect(d).toMatchObject({ count: 4, mean: 2.5, min: 1, q25: 1.75, q50: 2.5, q75: 3.25, max: 4, quartiles: { method: "exact" } });
    expect(Math.abs(d.std - Math.sqrt(5 / 3)) / Math.sqrt(5 / 3)).toBeLessThan(1e-12);
  });

  it("interpolates at rank (n − 1)·p: 1…10 → 25 % at rank 2.25 = 3.25", () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantileSorted(xs, 0.25)).toBe(3.25);
    expect(quantileSorted(xs, 0.5)).toBe(5.5);
    expect(quantileSorted(xs, 1)).toBe(10);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it("describes sensor values like 17.0 ± 0.4 and skips missing ones", () => {
    const d = describe([17.0, 16.6, Number.NaN, 17.4, 17.0, 16.9]);
    expect(d.count).toBe(5);
    expect(d.q25).toBe(16.9);
    expect(d.q50).toBe(17);
    expect(d.q75).toBe(17);
    // mean 84.9/5 = 16.98; deviations −0.38, 0.02, 0.02, −0.08, 0.42 → M2 = 0.328, var 0.082.
    expect(Math.abs(d.mean - 16.98) / 16.98).toBeLessThan(1e-9);
    expect(Math.abs(d.std - Math.sqrt(0.082)) / Math.sqrt(0.082)).toBeLessThan(1e-9);
  });
});
