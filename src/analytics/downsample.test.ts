import { describe, expect, it } from "vitest";
import { lttb, minMaxPerBucket, MinMaxReducer } from "./downsample.js";

describe("downsampling for charts", () => {
  it("keeps the min and max of each bucket, in time order", () => {
    const x = Array.from({ length: 100 }, (_, i) => i);
    const y = x.map((i) => (i % 10 === 3 ? -1 : i % 10 === 8 ? 20 : 5));
    const r = minMaxPerBucket(x, y, 10);
    expect(r.x.length).toBe(20);
    expect(Array.from(r.x.slice(0, 4))).toEqual([3, 8, 13, 18]);
    expect(Array.from(r.y.slice(0, 4))).toEqual([-1, 20, -1, 20]);
  });

  it("LTTB keeps first, last and a lone spike, and returns short series whole", () => {
    const x = Array.from({ length: 101 }, (_, i) => i);
    const y = x.map((i) => (i === 50 ? 10 : 0));
    const r = lttb(x, y, 5);
    expect(r.x.length).toBe(5);
    expect(r.x[0]).toBe(0);
    expect(r.x[4]).toBe(100);
    expect(Array.from(r.y)).toContain(10);
    expect(lttb([1, 2], [3, Number.NaN], 10).x.length).toBe(1);
  });

  it("MinMaxReducer reduces while reading: at most two points per column, ascending, every spike kept", () => {
    const n = 200_000;
    const spikes = new Map([
      [1234, 90],
      [77_777, -50],
      [150_001, 80],
      [199_999, -60],
    ]);
    const r = new MinMaxReducer(300);
    for (let i = 0; i < n; i++) r.add(1_557_619_200 + i * 25, spikes.get(i) ?? 20 + Math.sin(i / 500), i);
    const out = r.result();
    expect(out.x.length).toBeLessThanOrEqual(600);
    expect(out.x.length).toBeGreaterThan(300);
    for (let i = 1; i < out.x.length; i++) expect(out.x[i]!).toBeGreaterThan(out.x[i - 1]!);
    for (const [i, v] of spikes) {
      const k = Array.from(out.y).indexOf(v);
      expect(k, `spike ${v}`).toBeGreaterThanOrEqual(0);
      expect(out.x[k]).toBe(1_557_619_200 + i * 25);
      expect(out.extra[k]).toBe(i); // the companion value travels with its point
    }
  });

  it("MinMaxReducer returns a short series whole, NaN skipped", () => {
    const r = new MinMaxReducer(10);
    [1, Number.NaN, 3].forEach((y, i) => r.add(i, y));
    expect(Array.from(r.result().y)).toEqual([1, 3]);
  });
});
