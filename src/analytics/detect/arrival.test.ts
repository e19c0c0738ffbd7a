import { describe, expect, it } from "vitest";
import { ArrivalTest, type ArrivalRun } from "./arrival.js";

function runsOf(times: number[], arrivals: number[]): ArrivalRun[] {
  const test = new ArrivalTest();
  const out: ArrivalRun[] = [];
  times.forEach((t, i) => {
    const r = test.push(i, t, arrivals[i]!);
    if (r) out.push(r);
  });
  const r = test.close();
  if (r) out.push(r);
  return out;
}

const times = Array.from({ length: 400 }, (_, i) => 1_000_000 + i * 30);

describe("ArrivalTest", () => {
  it("finds readings held in an outage: late, and arriving together", () => {
    // Readings 100–119 are held until 1,000,000 + 120 × 30 and arrive then.
    const arrivals = times.map((t, i) => (i >= 100 && i < 120 ? 1_000_000 + 120 * 30 : t + 0.2));
    expect(runsOf(times, arrivals)).toEqual([expect.objectContaining({ kind: "network_outage", first: 100, last: 119 })]);
  });

  it("finds a clock drifting away from arrival time", () => {
    // 2000 ppm fast from reading 100 for 200 readings (12 s off at the end), then put right.
    const stamps = times.map((t, i) => (i >= 100 && i < 300 ? t + (i - 100) * 30 * 0.002 : t));
    const runs = runsOf(stamps, times);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: "clock_drift", last: 299 });
    expect(runs[0]!.first).toBeGreaterThan(150); // found once 5 s off: after about 83 readings
  });

  it("leaves a sudden clock jump to the clock-gap test, and says nothing without arrival times", () => {
    const stamps = times.map((t, i) => (i >= 100 && i < 200 ? t - 600 : t));
    expect(runsOf(stamps, times)).toEqual([]);
    expect(
      runsOf(
        times,
        times.map(() => Number.NaN),
      ),
    ).toEqual([]);
  });
});
