import { describe, expect, it } from "vitest";
import { isMimicError } from "../../../errors/index.js";
import type { ColumnBatch } from "../../batch.js";
import { iot, IOT_COLUMNS, type IotTable } from "./index.js";

function rowsOf(batch: ColumnBatch): Record<string, unknown>[] {
  return Array.from({ length: batch.length }, (_, i) =>
    Object.fromEntries(
      IOT_COLUMNS.map((c, j) => {
        const v = batch.columns[j]!;
        if (v.nulls?.[i] === 1) return [c.name, null];
        const values = v.values as ArrayLike<unknown>;
        return [c.name, c.type === "bool" ? values[i] === 1 : values[i]];
      }),
    ),
  );
}

describe("iot dataset", () => {
  it("has the seed's three-device shape by default: three DHT22s, 72 hours, a reading every 22–32 s", () => {
    const table = iot.build({}, 42) as IotTable;
    // 3 × 72 h at 27 s on average ≈ 28,800, less a few failed cycles and dropouts.
    expect(table.rows).toBeGreaterThan(26_000);
    expect(table.rows).toBeLessThan(31_000);
    const rows = rowsOf(table.generateChunk(0, 5000));
    expect(new Set(rows.map((r) => r["device"])).size).toBe(3);
    for (const r of rows) {
      expect(r["type"]).toBe("DHT22");
      expect(r["device"]).toMatch(/^rp[0-9a-f]{8}$/);
      expect(typeof r["temperature"]).toBe("number");
      expect(r["motion"]).toBeNull();
      expect(r["timestamp"] as number).toBeGreaterThan(Date.UTC(2019, 4, 7) / 1000);
    }
  });

  it("gives the same chunks in any order (parallel workers), and other rows for another seed", () => {
    const a = iot.build({ mix: "dht22=2,pir=1,light=1", devices: "8", days: "1" }, 7);
    const b = iot.build({ mix: "dht22=2,pir=1,light=1", devices: "8", days: "1" }, 7);
    const inOrder = [0, 1, 2].map((k) => rowsOf(a.generateChunk(k, a.chunkSize)));
    const reversed = [2, 1, 0].map((k) => rowsOf(b.generateChunk(k, b.chunkSize))).reverse();
    expect(reversed).toEqual(inOrder);
    const other = rowsOf(iot.build({ mix: "dht22=2,pir=1,light=1", devices: "8", days: "1" }, 8).generateChunk(0, 100));
    expect(other).not.toEqual(inOrder[0]!.slice(0, 100));
    const types = new Set(inOrder.flat().map((r) => r["type"]));
    expect(types).toEqual(new Set(["DHT22", "Onyehn_PIR", "Anmbest_MD46N"]));
  });

  it("labels faulty readings in the fault column", () => {
    const table = iot.build({ devices: "4", days: "2", faults: "20" }, 3) as IotTable;
    const rows = rowsOf(table.generateChunk(0, table.rows));
    const labelled = rows.filter((r) => r["fault"] !== "");
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.length).toBeLessThan(rows.length);
    for (const r of labelled)
      for (const k of (r["fault"] as string).split("+")) expect(["stuck", "spike", "drift", "clock_drift", "clock_jump", "network_outage"]).toContain(k);
  });

  it("rejects bad options with DATASET_OPTION_INVALID naming the flag", () => {
    for (const options of [
      { devices: "0" },
      { interval: "1" },
      { mix: "co2" },
      { jitter: "lots" },
      { start: "May" },
      { site: "mars" },
      { faults: "often" },
      { colour: "red" },
    ]) {
      try {
        iot.build(options, 1);
        expect.unreachable();
      } catch (error) {
        expect(isMimicError(error) && error.code).toBe("DATASET_OPTION_INVALID");
        expect((error as Error).message).toContain(`--${Object.keys(options)[0]}`);
      }
    }
    // Every problem at once.
    try {
      iot.build({ devices: "0", mix: "co2", jitter: "lots" }, 1);
      expect.unreachable();
    } catch (error) {
      expect(isMimicError(error) && error.issues.map((i) => i.path)).toEqual(["--devices", "--jitter", "--mix"]);
    }
  });
});
