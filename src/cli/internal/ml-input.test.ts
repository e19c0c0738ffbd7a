import { describe, expect, it } from "vitest";
import type { SensorKind } from "../../sensors/index.js";
import { asOfState, featureRows, parseFeatures, type ReadingGroup } from "./ml-input.js";

/** A hand-made group: times (deliberately out of order in places) and the fields given, others missing. */
function group(
  device: string,
  kind: SensorKind,
  times: number[],
  fields: Partial<Record<"temperature" | "humidity" | "motion" | "light", number[]>>,
): ReadingGroup {
  const n = times.length;
  const col = (v: number[] | undefined): Float64Array => (v ? Float64Array.from(v) : new Float64Array(n).fill(Number.NaN));
  return {
    device,
    kind,
    length: n,
    times: Float64Array.from(times),
    fields: { temperature: col(fields.temperature), humidity: col(fields.humidity), motion: col(fields.motion), light: col(fields.light) },
  };
}

describe("light and motion state of the same device (as-of join)", () => {
  // d1's DHT22 reads at 10, 20, 30, 40 (given out of order); its light sensor says on at 15, off at
  // 30, nothing (a fault) at 35, and on at 41 — after its last DHT22 reading, so never seen by it.
  const dht = group("d1", "DHT22", [30, 10, 40, 20], { temperature: [23, 21, 24, 22], humidity: [50, 50, 50, 50] });
  const light = group("d1", "LIGHT", [41, 15, 35, 30], { light: [1, 1, Number.NaN, 0] });

  it("takes the latest state at or before each reading, never a later one, and skips missing values", () => {
    // 10: nothing yet; 20: on (15); 30: off (30, the same instant counts); 40: still off (35 is missing, 41 is later).
    expect(Array.from(asOfState(dht, [light], "light"))).toEqual([0, Number.NaN, 0, 1]);
  });

  it("merges several source groups of the device in time order", () => {
    const early = group("d1", "LIGHT", [5], { light: [0] });
    expect(Array.from(asOfState(dht, [light, early], "light"))).toEqual([0, 0, 0, 1]);
    expect(Array.from(asOfState(dht, [], "light"))).toEqual([NaN, NaN, NaN, NaN]);
  });

  it("joins each DHT22 reading to its own device's light and motion, dropping readings before the first state", () => {
    // d2's motion sensor says motion at 12 and none at 25; d1's PIR says none at 1. A device's state
    // never crosses to another device: d2's light (on at 0) must not light d1's readings.
    const groups = [
      dht,
      light,
      group("d1", "PIR", [1], { motion: [0] }),
      group("d2", "DHT22", [11, 26], { temperature: [30, 31], humidity: [40, 41] }),
      group("d2", "PIR", [25, 12], { motion: [0, 1] }),
      group("d2", "LIGHT", [0], { light: [1] }),
    ];
    const rows = featureRows(groups, ["temperature", "light_state", "motion_state"], "hand-made");
    // d1 at 10 has no light state yet (dropped); d1 at 20, 30, 40 and d2 at 11 (no motion yet: dropped) and 26.
    expect(rows.dropped).toBe(2);
    expect(Array.from(rows.dataset.times)).toEqual([30, 40, 20, 26]);
    expect(Array.from(rows.dataset.x)).toEqual([23, 0, 0, 24, 0, 0, 22, 1, 0, 31, 1, 0]);
    expect(rows.devices).toEqual(["d1", "d1", "d1", "d2"]);
    expect(rows.types).toEqual(["DHT22", "DHT22", "DHT22", "DHT22"]);
  });

  it("is offered by --features and refused clearly when no device carries the other sensor", () => {
    expect(parseFeatures("temperature,light_state,motion_state")).toEqual(["temperature", "light_state", "motion_state"]);
    // One sensor per device, as `mimic generate iot` writes: nothing to join.
    const separate = [dht, group("d9", "LIGHT", [15], { light: [1] })];
    expect(() => featureRows(separate, ["temperature", "light_state"], "one-sensor.csv")).toThrow(
      expect.objectContaining({ code: "ML_MISSING_FEATURE", message: expect.stringContaining("LIGHT readings") as string }) as Error,
    );
  });
});
