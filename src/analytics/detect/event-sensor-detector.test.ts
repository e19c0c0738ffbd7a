import { describe, expect, it } from "vitest";
import { EventSensorDetector } from "./event-sensor-detector.js";
import type { DetectedEvent } from "./types.js";

function eventsOf(times: number[]): DetectedEvent[] {
  const out: DetectedEvent[] = [];
  const d = new EventSensorDetector("pir-1", "PIR", (e) => out.push(e));
  times.forEach((t, i) => d.push(i, t));
  d.finish();
  return out;
}

// A PIR that changes 4 times an hour, with quiet spells of up to 30 minutes, for 10 days.
function healthy(days: number): number[] {
  const out: number[] = [];
  for (let h = 0; h < days * 24; h++) for (const m of [0, 5, 30, 35]) out.push(h * 3600 + m * 60);
  return out;
}

describe("EventSensorDetector", () => {
  it("says nothing about a device that behaves as it always has", () => {
    expect(eventsOf(healthy(10))).toEqual([]);
  });

  it("calls a silence far longer than any before it stuck, covering the changes on either side", () => {
    const times = healthy(10);
    const cut = times.length / 2;
    const quiet = [...times.slice(0, cut), ...times.slice(cut).map((t) => t + 6 * 3600)];
    const events = eventsOf(quiet);
    expect(events).toEqual([expect.objectContaining({ kind: "stuck", first: cut - 1, last: cut })]);
  });

  it("calls an hour with many times the busiest hour's changes a burst, once it has a week of history", () => {
    const times = healthy(10);
    const at = 8 * 24 * 3600 + 10 * 60;
    const burst = [...times.filter((t) => t < at), ...Array.from({ length: 30 }, (_, k) => at + k * 30), ...times.filter((t) => t > at + 30 * 30)];
    const events = eventsOf(burst);
    expect(events.map((e) => e.kind)).toEqual(["burst"]);
    expect(events[0]!.score).toBeGreaterThan(3);
  });
});
