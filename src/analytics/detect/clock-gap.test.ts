import { describe, expect, it } from "vitest";
import { ClockGapTest, type GapEvent } from "./clock-gap.js";

/** Device times at a 27 s cadence (±2 s pattern), with edits. */
function cadence(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 1_000_000 + i * 27 + ((i * 7) % 5) - 2);
}

function eventsOf(times: number[]): GapEvent[] {
  const test = new ClockGapTest();
  const out: GapEvent[] = [];
  times.forEach((t, i) => test.push(i, t, (e) => out.push(e)));
  test.finish((e) => out.push(e));
  return out;
}

describe("ClockGapTest", () => {
  it("calls a gap of many cadences a dropout, covering the readings on either side", () => {
    const times = cadence(200).map((t, i) => (i >= 100 ? t + 600 : t));
    const events = eventsOf(times);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "dropout", first: 99, last: 100 });
    // Known once the silence passed twice the cadence.
    const waited = events[0]!.detectedAt - times[99]!;
    expect(waited).toBeGreaterThan(50);
    expect(waited).toBeLessThan(60);
  });

  it("pairs a jump forward with the step back that ends it: a clock jump over the readings between", () => {
    const times = cadence(300).map((t, i) => (i >= 100 && i < 180 ? t + 1800 : t));
    const events = eventsOf(times);
    expect(events).toEqual([expect.objectContaining({ kind: "clock_jump", first: 100, last: 179 })]);
    expect(events[0]!.score).toBeCloseTo(1800, -2);
  });

  it("pairs a step back with the gap that ends it", () => {
    const times = cadence(300).map((t, i) => (i >= 100 && i < 180 ? t - 900 : t));
    expect(eventsOf(times)).toEqual([expect.objectContaining({ kind: "clock_jump", first: 100, last: 179 })]);
  });

  it("calls a lone step back a clock put right after drifting", () => {
    const times = cadence(300).map((t, i) => (i < 150 ? t + 120 : t));
    expect(eventsOf(times)).toEqual([expect.objectContaining({ kind: "clock_drift", first: 149, last: 150 })]);
  });

  it("judges nothing before it has learned the cadence", () => {
    const times = cadence(10).map((t, i) => (i >= 5 ? t + 600 : t));
    expect(eventsOf(times)).toEqual([]);
  });
});
