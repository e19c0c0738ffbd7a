import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../telemetry/adapters/index.js";
import { dht, light, pir } from "../telemetry/adapters/test-support/readings-fixture.js";
import { runCli } from "./run-cli.js";

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["analyze", ...argv], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd, signal: new AbortController().signal });
  return { code, out, err };
}

// Five DHT22 readings of rp1 (17.0 ± 0.4 °C) and two of rp2, 2019-05-12 from 00:00 UTC every 25 s.
const T0 = 1_557_619_200;
const RP1 = [
  [0, 17.0, 68.1],
  [25, 16.6, 68.4],
  [50, 17.4, 67.9],
  [75, 17.0, 68.0],
  [100, 16.9, 68.2],
] as const;
const QUERY_CSV = ["device,type,timestamp,temperature,humidity", ...RP1.map(([s, t, h]) => `rp1,DHT22,${T0 + s},${t},${h}`), `rp2,DHT22,${T0},20,50`, `rp2,DHT22,${T0 + 25},21,49`].join("\r\n") + "\r\n";
const IOT_CSV =
  [
    `"reading_id","device","type","timestamp","temperature","humidity","motion","light","fault","room","true_time"`,
    ...RP1.map(([s, t, h], i) => `"id-${i}","rp1","DHT22",${T0 + s}.000001,${t},${h},,,"","room-1","x"`),
    `"p1","rp3","Onyehn_PIR",${T0 + 10},,,"true",,"","room-1","x"`,
    `"p2","rp3","Onyehn_PIR",${T0 + 40},,,"false",,"","room-1","x"`,
  ].join("\n") + "\n";

interface Json {
  timeZone: string;
  units: { temperature: string };
  devices: { device: string; type: string; count: number; fields: Record<string, { describe: Record<string, number> }>; motion?: { events: number } }[];
}

describe("mimic analyze", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-analyze-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "query.csv"), QUERY_CSV);
  writeFileSync(join(dir, "iot.csv"), IOT_CSV);

  it("reads `mimic query --format csv` and `mimic generate iot` files alike, with pandas' describe() in --json", async () => {
    const a = await run(dir, "--in", "query.csv", "--device", "rp1", "--json");
    const b = await run(dir, "--in", "iot.csv", "--sensor", "DHT22", "--json");
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const ja = JSON.parse(a.out) as Json;
    const jb = JSON.parse(b.out) as Json;
    expect(ja.devices.map((d) => d.device)).toEqual(["rp1"]);
    const d = ja.devices[0]!.fields["temperature"]!.describe;
    // Sorted 16.6, 16.9, 17.0, 17.0, 17.4: quartiles at ranks 1, 2, 3; mean 16.98; M2 0.328 → std √0.082.
    expect(d).toMatchObject({ count: 5, min: 16.6, q25: 16.9, q50: 17, q75: 17, max: 17.4 });
    expect(Math.abs(d["mean"]! - 16.98) / 16.98).toBeLessThan(1e-9);
    expect(Math.abs(d["std"]! - Math.sqrt(0.082)) / Math.sqrt(0.082)).toBeLessThan(1e-9);
    expect(jb.devices[0]!.fields["temperature"]!.describe).toMatchObject({ count: 5, q25: 16.9, q75: 17 });
  });

  it("converts every temperature with --units F and reads PIR events", async () => {
    const r = await run(dir, "--in", "iot.csv", "--units", "F", "--json");
    const j = JSON.parse(r.out) as Json;
    expect(j.units.temperature).toBe("°F");
    const t = j.devices.find((d) => d.device === "rp1")!.fields["temperature"]!.describe;
    expect(t["min"]).toBeCloseTo(16.6 * 1.8 + 32, 9);
    expect(t["max"]).toBeCloseTo(17.4 * 1.8 + 32, 9);
    expect(j.devices.find((d) => d.device === "rp3")!.motion!.events).toBe(1);
  });

  it("prints the describe() table as text by default", async () => {
    const r = await run(dir, "--in", "query.csv", "--tz", "America/New_York");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/rp1 DHT22: 5 readings/);
    expect(r.out).toMatch(/temperature \(°C\)\s+5\s+16\.98\s+0\.29\s+16\.60\s+16\.90\s+17\.00\s+17\.00\s+17\.40/);
    expect(r.out).toContain("America/New_York");
  });

  it("reads the store (--data-dir) with the same answer as the file", async () => {
    const data = join(dir, "store");
    const store = await openSqliteStore({ path: join(data, "mimic.db"), thread: "inline" });
    await store.init();
    await store.appendReadings([...RP1.map(([s, t, h]) => dht("rp1", T0 + s, t, h)), dht("rp2", T0, 20, 50), pir("rp3", T0 + 10, true), light("rp4", T0, true)]);
    await store.close();
    const r = await run(dir, "--data-dir", data, "--device", "rp1", "--type", "DHT22", "--from", String(T0), "--to", String(T0 + 3600), "--json");
    expect(r.code, r.err).toBe(0);
    const d = (JSON.parse(r.out) as Json).devices[0]!.fields["temperature"]!.describe;
    expect(d).toMatchObject({ count: 5, q25: 16.9, q50: 17, q75: 17 });
    expect(Math.abs(d["std"]! - Math.sqrt(0.082)) / Math.sqrt(0.082)).toBeLessThan(1e-9);
    const all = await run(dir, "--data-dir", data, "--json");
    expect((JSON.parse(all.out) as Json).devices.map((x) => x.device)).toEqual(["rp1", "rp2", "rp3", "rp4"]);
  });

  it("--summary gives the same count, mean, std, min and max from the store's moments alone", async () => {
    const data = join(dir, "store");
    const args = ["--data-dir", data, "--device", "rp1,rp2", "--type", "DHT22", "--from", String(T0), "--to", String(T0 + 3600), "--units", "F"];
    const full = JSON.parse((await run(dir, ...args, "--json")).out) as Json;
    const r = await run(dir, ...args, "--summary", "--json");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/from \d+ store buckets/);
    const summary = JSON.parse(r.out) as { mode: string; devices: { device: string; fields: Record<string, Record<string, number>> }[] };
    expect(summary.mode).toBe("summary");
    expect(summary.devices.map((d) => d.device)).toEqual(["rp1", "rp2"]);
    for (const [i, d] of summary.devices.entries()) {
      for (const field of ["temperature", "humidity"]) {
        const want = full.devices[i]!.fields[field]!.describe;
        const got = d.fields[field]!;
        expect(got["count"]).toBe(want["count"]);
        for (const k of ["mean", "std", "min", "max"]) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(1e-9 * Math.abs(want[k]!));
      }
    }
    const missing = await run(dir, "--data-dir", data, "--device", "rp9", "--summary", "--from", String(T0), "--to", String(T0 + 3600));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("[ANALYZE_UNKNOWN_DEVICE]");
    const withReport = await run(dir, "--data-dir", data, "--summary", "--report", "x.html");
    expect(withReport.err).toContain("[CLI_BAD_FLAG]");
    expect(existsSync(join(dir, "x.html"))).toBe(false);
  });

  const bad: [string, string[], string, RegExp][] = [
    ["an empty range", ["--in", "query.csv", "--from", String(T0 + 7200)], "ANALYZE_NO_READINGS", /widen --from\/--to/],
    ["an unknown device", ["--in", "query.csv", "--device", "rp9"], "ANALYZE_UNKNOWN_DEVICE", /it holds rp1, rp2/],
    ["an unknown sensor", ["--in", "query.csv", "--sensor", "PIR"], "ANALYZE_UNKNOWN_DEVICE", /use --type DHT22/],
    ["a file of another shape", ["--in", "other.csv"], "ANALYZE_BAD_INPUT", /mimic query --format csv/],
    ["a bucketed query answer", ["--in", "buckets.csv"], "ANALYZE_BAD_INPUT", /without --bucket/],
    ["a time zone that does not exist", ["--in", "query.csv", "--tz", "Mars/Olympus"], "ANALYZE_UNKNOWN_TIMEZONE", /America\/New_York/],
    ["a sensor type that does not exist", ["--in", "query.csv", "--type", "CO2"], "CLI_BAD_FLAG", /DHT22, PIR or LIGHT/],
  ];
  writeFileSync(join(dir, "other.csv"), "transaction_id,date,amount\n1,01/01/2022,3.5\n");
  writeFileSync(join(dir, "buckets.csv"), "device,type,bucket,count,temperature_mean\nrp1,DHT22,0,3,17\n");
  for (const [what, args, code, hint] of bad) {
    it(`refuses ${what} with ${code}, exit 2, one message with the fix, nothing written`, async () => {
      const r = await run(dir, ...args, "--report", "r.html", "--out", "o.json");
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toContain(`[${code}]`);
      expect(r.err).toMatch(hint);
      expect(existsSync(join(dir, "r.html"))).toBe(false);
      expect(existsSync(join(dir, "o.json"))).toBe(false);
    });
  }
});

describe("mimic analyze: readings out of time order (device clocks that jump)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-analyze-order-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sorts each device's readings by timestamp before rolling windows and gaps", async () => {
    // Times 0, 25, …, 475 s, written with a block moved back (a clock jump) and one far out of place.
    const times = Array.from({ length: 20 }, (_, i) => T0 + 25 * i);
    const written = [...times.slice(0, 5), ...times.slice(10, 15), ...times.slice(5, 10), ...times.slice(16), times[15]!];
    writeFileSync(join(dir, "jumpy.csv"), ["device,type,timestamp,temperature,humidity", ...written.map((t) => `rp1,DHT22,${t},${(t - T0) / 25},50`)].join("\n") + "\n");
    const r = await run(dir, "--in", "jumpy.csv", "--window", "2", "--json");
    expect(r.code, r.err).toBe(0);
    const d = (JSON.parse(r.out) as { devices: { uptime: { gaps: unknown[]; received: number }; fields: { temperature: { rolling: { t: number[]; mean: number[] } } } }[] }).devices[0]!;
    expect(d.uptime.gaps).toEqual([]);
    expect(d.uptime.received).toBe(20);
    // In time order the temperature is 0, 1, …, 19: every rolling mean of two is i − 0.5.
    const roll = d.fields.temperature.rolling;
    roll.t.forEach((t, k) => {
      const i = (t - T0) / 25;
      if (i > 0) expect(roll.mean[k]).toBe(i - 0.5);
    });
  });
});
