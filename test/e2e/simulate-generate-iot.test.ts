// `mimic generate iot`: the simulator's readings written offline, with the fault-label column.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { iot, type IotTable } from "../../src/synth/datasets/iot/index.js";
import { kindOfLabel } from "../../src/sensors/sensor-kinds.js";
import { startServe } from "./serve-process.js";

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

describe("mimic generate iot and mimic simulate", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-iot-same-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("write the same readings given the same fleet flags (docs/cli.md: same concept, different defaults)", async () => {
    // Two hours, two days ago: inside the server's window, and a whole hour apart from now.
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 86_400_000).toISOString();
    const fleet = ["--devices", "4", "--mix", "dht22=2,pir=1,light=1", "--jitter", "low", "--faults", "3", "--start", start];
    const generated = spawnSync(process.execPath, ["dist/main.js", "generate", "iot", ...fleet, "--days", "1", "--out", "-"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(generated.status, generated.stderr).toBe(0);
    const end = Date.parse(start) / 1000 + 7200;
    // Numbers compared as numbers (23.0 and 23), and sensors by kind: the file keeps the seed's
    // labels (Onyehn_PIR), as the seed's data set does; the store answers with the kind (PIR).
    const num = (v: string | undefined): string => (v === undefined || v === "" ? "" : String(Number(v)));
    const key = (r: Record<string, string>): string =>
      [r["device"], kindOfLabel(r["type"]!), Number(r["timestamp"]).toFixed(6), num(r["temperature"]), num(r["humidity"]), r["motion"], r["light"]].join("|");
    const expected = parse<Record<string, string>>(generated.stdout, { columns: true })
      .filter((r) => Number(r["timestamp"]) < end)
      .map(key)
      .sort();
    expect(expected.length).toBeGreaterThan(500);

    const server = await startServe(["--data-dir", dir, "--rate-limit", "0"]);
    try {
      const run = spawnSync(
        process.execPath,
        ["dist/main.js", "simulate", ...fleet, "--backfill", "2h", "--url", server.url, "--provision", "--data-dir", dir, "--tokens", join(dir, "tokens.json")],
        { encoding: "utf8" },
      );
      expect(run.status, run.stderr).toBe(0);
    } finally {
      await server.stop();
    }
    const queried = spawnSync(process.execPath, ["dist/main.js", "query", "--data-dir", dir, "--from", start, "--to", String(end), "--format", "csv"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(queried.status, queried.stderr).toBe(0);
    const stored = parse<Record<string, string>>(queried.stdout, { columns: true }).map(key).sort();
    expect(stored).toEqual(expected);
  });
});
