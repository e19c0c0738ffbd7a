import { describe, expect, it } from "vitest";
import { litHoursPerDay, motionSummary } from "./events.js";
import { localClock } from "./local-time.js";
import { median, uptime } from "./uptime.js";

const utc = localClock("UTC");

describe("periodic and event sensors", () => {
  it("counts expected vs received readings and gaps longer than three cadences", () => {
    const u = uptime([0, 25, 50, 75, 200, 225])!;
    expect(u.cadenceSeconds).toBe(25); // median interval
    expect(u.expected).toBe(10); // ⌊225 / 25⌋ + 1
    expect(u.received).toBe(6);
    expect(u.completeness).toBe(0.6);
    expect(u.gaps).toEqual([{ start: 75, end: 200, seconds: 125 }]);
    expect(u.uptime).toBeCloseTo(100 / 225, 14);
    expect(uptime([5])).toBeNull();
  });

  it("counts motion detections per hour, by local hour", () => {
    const m = motionSummary([0, 1800, 3600], [1, 0, 1], utc);
    expect(m).toMatchObject({ events: 2, hours: 1, eventsPerHour: 2 });
    expect(m.byHour[0]).toBe(1);
    expect(m.byHour[1]).toBe(1);
  });

  it("adds lit hours per local day, cut at midnight; unknown when the data never says dark", () => {
    expect(litHoursPerDay([0, 3600, 7200], [1, 0, 1], utc)).toEqual([{ day: 0, litHours: 1 }]);
    expect(litHoursPerDay([0, 3600, 7200], [1, 0, 1], utc, 9000)).toEqual([{ day: 0, litHours: 1.5 }]);
    expect(litHoursPerDay([82_800, 93_600], [1, 0], utc)).toEqual([
      { day: 0, litHours: 1 },
      { day: 1, litHours: 2 },
    ]);
    expect(litHoursPerDay([0, 60], [1, 1], utc)).toBeNull();
  });

  it("takes the median by quickselect, as pandas: odd and even counts, ties, any order", () => {
    expect(median(Float64Array.from([5, 1, 3]))).toBe(3);
    expect(median(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(median(Float64Array.from([7, 7, 7, 1]))).toBe(7);
    const xs = Array.from({ length: 1001 }, (_, i) => (i * 7919) % 1001);
    expect(median(Float64Array.from(xs))).toBe(500);
    expect(median(new Float64Array(0))).toBeNaN();
  });
});
