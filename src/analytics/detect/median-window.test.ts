import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MedianWindow } from "./median-window.js";

function naive(values: number[]): { median: number; mad: number } {
  const med = (a: number[]): number => {
    const s = [...a].sort((x, y) => x - y);
    const n = s.length;
    return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  };
  const m = med(values);
  return { median: m, mad: med(values.map((v) => Math.abs(v - m))) };
}

describe("MedianWindow", () => {
  it("keeps the median and MAD of the last `size` values, repeats included", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 16 }), (xs, size) => {
        const w = new MedianWindow(size);
        xs.forEach((x, i) => {
          w.push(x / 10);
          const expected = naive(xs.slice(Math.max(0, i + 1 - size), i + 1).map((v) => v / 10));
          expect(w.median()).toBeCloseTo(expected.median, 12);
          expect(w.mad(w.median())).toBeCloseTo(expected.mad, 12);
        });
      }),
    );
  });
});
