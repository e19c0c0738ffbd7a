import { describe, expect, it } from "vitest";
import type { Reading } from "../../../sensors/reading.js";
import { fieldValues } from "../internal/reading-columns.js";
import { dht, light, pir } from "../test-support/readings-fixture.js";
import { packedRows, packGroups, transferables } from "./packed-readings.js";

/** The readings table's column values of a reading, as the inline store binds them. */
function columns(r: Reading): unknown[] {
  return [r.device, r.kind, r.timestamp, r.id, r.typeLabel, Math.round(r.receivedAt), ...fieldValues(r).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v))];
}

function rowsOf(packed: ReturnType<typeof packGroups>): unknown[][] {
  const next = packedRows(packed);
  const rows: unknown[][] = [];
  for (let row: unknown[] = []; next(row); row = []) rows.push(row);
  return rows;
}

describe("packed readings", () => {
  it("round-trips groups of every kind to the same column values, keeping group boundaries", () => {
    const groups = [
      [dht("rp1", 1_557_585_090.476025, 17.1, 68.1), pir("rp1", 1_557_585_091, true)],
      [],
      [light("rp2", 1_557_585_092, false), { ...dht("r\tp\n2", -1.5, -40, 0, "id with ünicode ✓"), receivedAt: 1_700_000_000_000.6 }],
    ];
    const packed = packGroups(groups);
    expect(packed.groupSizes).toEqual([2, 0, 2]);
    expect(packed.dict).toEqual(["rp1", "DHT22", "Onyehn_PIR", "rp2", "Anmbest_MD46N", "r\tp\n2"]);
    expect(rowsOf(structuredClone(packed))).toEqual(groups.flat().map(columns));
  });

  it("moves its numbers as one transferable buffer", () => {
    const packed = packGroups([[dht("a", 1, 2, 3)]]);
    const buffers = transferables(packed);
    expect(buffers).toHaveLength(1);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packed, buffers);
    expect(packed.numbers.byteLength).toBe(0); // moved, not copied
    port1.close();
    port2.close();
  });
});
