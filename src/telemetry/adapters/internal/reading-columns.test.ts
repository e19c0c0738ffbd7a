import { describe, expect, it } from "vitest";
import { MimicError } from "../../../errors/index.js";
import type { Reading } from "../../../sensors/reading.js";
import { dht, pir } from "../test-support/readings-fixture.js";
import { assertStorable, fieldValues } from "./reading-columns.js";

function issuesOf(readings: readonly Reading[]) {
  try {
    assertStorable(readings);
  } catch (e) {
    expect(e).toBeInstanceOf(MimicError);
    return (e as MimicError).issues.map((i) => i.path);
  }
  return [];
}

describe("storable readings", () => {
  it("accepts valid readings of every kind", () => {
    expect(issuesOf([dht("d", 1, -40, 100), pir("d", 2, false)])).toEqual([]);
  });

  it("lists every problem with its path", () => {
    const bad = {
      ...dht("", Number.POSITIVE_INFINITY, 1, 2),
      data: { temperature: "hot", humidity: Number.NaN },
    } as unknown as Reading;
    const wrongKind = { ...pir("d", 1, true), kind: "GPS" } as unknown as Reading;
    const pirWithNumber = { ...pir("d", 1, true), data: { motion: 1 } } as unknown as Reading;
    expect(issuesOf([dht("ok", 1, 1, 1), bad, wrongKind, pirWithNumber])).toEqual([
      "readings[1].device",
      "readings[1].timestamp",
      "readings[1].data.temperature",
      "readings[1].data.humidity",
      "readings[2].kind",
      "readings[3].data.motion",
    ]);
  });

  it("bounds the number of issues it reports", () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...dht("d", i, 1, 1), id: "" }));
    expect(issuesOf(many)).toHaveLength(20);
  });

  it("puts only the reading's own kind's fields in their columns", () => {
    const stray = { ...dht("d", 1, 20, 50), data: { temperature: 20, humidity: 50, motion: true } } as unknown as Reading;
    expect(fieldValues(stray)).toEqual([20, 50, null, null]);
    expect(fieldValues(pir("d", 1, true))).toEqual([null, null, true, null]);
  });
});
