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

describe("MedianWindow.mad", () => {
  it("equals the median of the sorted deviations from any center, exactly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: -120, max: 120, noNaN: true }),
        (xs, size, center) => {
          const w = new MedianWindow(size);
          for (const x of xs) w.push(x);
          const held = xs.slice(-size);
          const d = held.map((v) => Math.abs(v - center)).sort((a, b) => a - b);
          const n = d.length;
          const expected = n % 2 ? d[(n - 1) / 2]! : (d[n / 2 - 1]! + d[n / 2]!) / 2;
          expect(w.mad(center)).toBe(expected);
          expect(w.mad(w.median())).toBe(naive(held).mad);
        },
      ),
    );
  });
});
