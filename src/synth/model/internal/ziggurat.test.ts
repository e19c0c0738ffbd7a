import { describe, expect, it } from "vitest";
import { createRandom } from "../../../random/index.js";
import { normalCdfFast } from "../../../numeric/index.js";
import { fillStandardNormals } from "./ziggurat.js";

describe("ziggurat standard normals", () => {
  // 400,000 draws at a fixed seed: the KS critical value at 1% is 1.63/√n ≈ 0.0026.
  const n = 400_000;
  const z = new Float64Array(n);
  fillStandardNormals(createRandom(7).fork("zig"), z, 0, n);

  it("follows the standard normal (KS distance, moments, tails beyond the base layer)", () => {
    const sorted = Float64Array.from(z).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdfFast(sorted[i]!);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(0.0026);
    let s = 0, s2 = 0, s4 = 0, tail = 0;
    for (const x of z) {
      s += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 3.442619855899) tail++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.006);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.06);
    // P(|Z| > r) = 5.76e-4: ~230 expected; the tail path must produce them.
    expect(tail).toBeGreaterThan(170);
    expect(tail).toBeLessThan(300);
  });

  it("is a pure function of the stream, and fills only the range asked for", () => {
    const again = new Float64Array(n);
    fillStandardNormals(createRandom(7).fork("zig"), again, 0, n);
    expect(again).toEqual(z);
    const part = new Float64Array(10).fill(9);
    fillStandardNormals(createRandom(1), part, 2, 5);
    expect([part[0], part[1], part[5], part[9]]).toEqual([9, 9, 9, 9]);
    expect(part[2]).not.toBe(9);
  });
});
