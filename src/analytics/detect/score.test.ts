import { describe, expect, it } from "vitest";
import { scoreEvents, type TruthSeries } from "./score.js";
import type { DetectedEvent } from "./types.js";

// One device, a reading every 30 s from t = 0 (true time = device time).
const stamps = Float64Array.from({ length: 100 }, (_, i) => i * 30);
const series: TruthSeries = { device: "d", truth: Float64Array.from(stamps, (t) => t * 1000), stamps };

function event(kind: DetectedEvent["kind"], first: number, last: number, detectedIndex = last): DetectedEvent {
  return {
    device: "d",
    sensor: "DHT22",
    kind,
    first,
    last,
    start: stamps[first]!,
    end: stamps[last]!,
    detectedAt: stamps[detectedIndex]!,
    detectedIndex,
    score: 1,
    evidence: "",
  };
}

describe("scoreEvents", () => {
  it("counts a fault found when an event of its kind covers one of its readings; others are false alarms", () => {
    const faults = [
      { device: "d", kind: "stuck", start: 10 * 30_000, end: 20 * 30_000 },
      { device: "d", kind: "spike", start: 50 * 30_000, end: 50 * 30_000 },
      { device: "d", kind: "spike", start: 70 * 30_000, end: 70 * 30_000 },
    ];
    const events = [event("stuck", 18, 25, 18), event("spike", 50, 50, 51), event("spike", 90, 90), event("stuck", 60, 65)];
    const card = scoreEvents([series], faults, events, ["stuck", "spike"]);
    const stuck = card.kinds.find((k) => k.kind === "stuck")!;
    const spike = card.kinds.find((k) => k.kind === "spike")!;
    expect(stuck).toMatchObject({ faults: 1, found: 1, events: 2, trueEvents: 1, precision: 0.5, recall: 1 });
    expect(stuck.medianDelay).toBe(8 * 30); // detected at reading 18, fault from reading 10
    expect(spike).toMatchObject({ faults: 2, found: 1, events: 2, trueEvents: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(card.falseAlarms).toBe(2);
  });

  it("lets the readings on either side of a dropout's gap stand for it", () => {
    // No readings between 40 and 41 in truth: a dropout from 40 × 30 s + 1 to 41 × 30 s − 1.
    const faults = [{ device: "d", kind: "dropout", start: 40 * 30_000 + 1000, end: 41 * 30_000 - 1000 }];
    const card = scoreEvents([series], faults, [event("dropout", 40, 41, 40)], ["dropout"]);
    expect(card.kinds[0]).toMatchObject({ found: 1, precision: 1 });
    expect(card.falseAlarms).toBe(0);
  });

  it("counts events and faults, never readings (no point adjustment)", () => {
    const faults = [{ device: "d", kind: "drift", start: 0, end: 99 * 30_000 }];
    const card = scoreEvents([series], faults, [event("drift", 0, 99), event("drift", 5, 5)], ["drift"]);
    expect(card.kinds[0]).toMatchObject({ faults: 1, found: 1, events: 2, trueEvents: 2 });
  });
});
