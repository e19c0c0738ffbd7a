import { describe, expect, it } from "vitest";
import { lttb, minMaxPerBucket } from "./downsample.js";

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
});
