// `mimic generate iot`: the simulator's readings written offline, with the fault-label column.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { iot, type IotTable } from "../../src/synth/datasets/iot/index.js";

describe("mimic generate iot", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-iot-e2e-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the seed's three-device, three-day shape with a fault column, no server needed", () => {
    const out = join(dir, "readings.csv");
    const r = spawnSync(process.execPath, ["dist/main.js", "generate", "iot", "--devices", "3", "--days", "3", "--seed", "42", "--out", out], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = parse<Record<string, string>>(readFileSync(out, "utf8"), { columns: true });
    expect(rows).toHaveLength((iot.build({ devices: "3", days: "3" }, 42) as IotTable).rows);
    expect(Object.keys(rows[0]!)).toEqual([
      "reading_id",
      "device",
      "type",
      "timestamp",
      "temperature",
      "humidity",
      "motion",
      "light",
      "fault",
      "room",
      "true_time",
    ]);
    expect(new Set(rows.map((x) => x["device"])).size).toBe(3);
    const faulty = spawnSync(process.execPath, ["dist/main.js", "generate", "iot", "--devices", "3", "--days", "3", "--faults", "20", "--out", "-"], {
      encoding: "utf8",
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(faulty.status, faulty.stderr).toBe(0);
    const labels = parse<Record<string, string>>(faulty.stdout, { columns: true })
      .map((x) => x["fault"])
      .filter((f) => f !== "");
    expect(labels.length).toBeGreaterThan(0);
  });
});
