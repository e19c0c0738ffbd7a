import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { classifierFromJson, honestEvaluation, predictPipeline } from "../ml/index.js";
import { createRandom } from "../random/index.js";
import { DEFAULT_DHT_CADENCE, Fleet, parseFaultRates } from "../sensors/index.js";
import type { Reading } from "../sensors/reading.js";
import { openSqliteStore } from "../telemetry/adapters/index.js";
import { readCsvFiles } from "./internal/analyze-input.js";
import { featureRows } from "./internal/ml-input.js";
import { runCli } from "./run-cli.js";

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, cwd, signal: new AbortController().signal });
  return { code, out, err };
}

const T0 = 1_557_619_200;

/** Three devices a minute apart for `rows` minutes: rooms at 19, 21 and 23 °C that overlap (noise ±1.5 °C). */
function readingsCsv(rows: number, devices = ["rp-a", "rp-b", "rp-c"], humidity?: number): string {
  const r = createRandom(9);
  const lines = ["device,type,timestamp,temperature,humidity"];
  for (let t = 0; t < rows; t++) {
    devices.forEach((d, c) => {
      const temp = (19 + 2 * c + (r.next() - 0.5) * 3).toFixed(2);
      const rh = humidity ?? (45 + 3 * c + (r.next() - 0.5) * 8).toFixed(1);
      lines.push(`${d},DHT22,${T0 + t * 60 + c},${temp},${rh}`);
    });
  }
  lines.push(`rp-p,PIR,${T0},,,`.replace(",,,", ",,"));
  return lines.join("\n") + "\n";
}

interface TrainJson {
  classes: string[];
  rows: number;
  honest: { model: { accuracy: { value: number; low: number; high: number } }; baseline: { accuracy: { value: number } } };
  seedProtocol: { randomSplitAccuracy: number; testSplitCvAccuracy: number };
}

describe("mimic train and mimic predict", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-train-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "readings.csv"), readingsCsv(400).replace(/\nrp-p.*\n$/, "\n"));
  writeFileSync(join(dir, "one.csv"), readingsCsv(100, ["rp-a"]));
  writeFileSync(join(dir, "flat.csv"), readingsCsv(100, ["rp-a", "rp-b"], 50));
  writeFileSync(join(dir, "tiny.csv"), readingsCsv(20).replace(/\nrp-p.*\n$/, "\n"));
  // 1,200 devices with 5 readings each: more classes than a classifier learns (MAX_CLASSES).
  writeFileSync(
    join(dir, "many.csv"),
    [
      "device,type,timestamp,temperature,humidity",
      ...Array.from({ length: 6000 }, (_, i) => `d${i % 1200},DHT22,${T0 + i},${20 + (i % 7)},${50 + (i % 11)}`),
    ].join("\n") + "\n",
  );
  writeFileSync(join(dir, "other.csv"), "name,price\nwidget,3\n");

  for (const model of ["logreg", "knn", "forest", "svm"]) {
    it(`${model}: trains, saves, and predict reproduces every prediction of the trained model`, async () => {
      const t = await run(dir, "train", "--in", "readings.csv", "--model", model, "--out", `${model}.json`, "--json");
      expect(t.code, t.err).toBe(0);
      const j = JSON.parse(t.out) as TrainJson;
      expect(j.classes).toEqual(["rp-a", "rp-b", "rp-c"]);
      expect(j.rows).toBe(1200);
      // Classes are balanced in the test part: the baseline scores a third; the rooms overlap, so
      // the model is well above it and well below 1.
      expect(j.honest.baseline.accuracy.value).toBeCloseTo(1 / 3, 2);
      expect(j.honest.model.accuracy.value).toBeGreaterThan(0.5);
      expect(j.honest.model.accuracy.value).toBeLessThan(0.95);
      expect(j.honest.model.accuracy.low).toBeLessThan(j.honest.model.accuracy.high);

      const p = await run(dir, "predict", `${model}.json`, "--in", "readings.csv", "--out", `${model}-pred.csv`);
      expect(p.code, p.err).toBe(0);
      const lines = readFileSync(join(dir, `${model}-pred.csv`), "utf8")
        .trim()
        .split("\n");
      expect(lines[0]).toBe("device,type,timestamp,predicted_device");
      expect(lines).toHaveLength(1201);

      // The same pipeline trained in this process predicts the same device for every reading.
      const rows = featureRows(readCsvFiles(["readings.csv"], dir), ["temperature", "humidity"], "readings.csv");
      const fresh = honestEvaluation(
        rows.dataset,
        model as "logreg" | "knn" | "forest" | "svm",
        { k: 5, lambda: 1e-4, testFraction: 0.25, gapFraction: 0.02 },
        createRandom(42).fork("honest"),
      ).pipeline;
      const saved = classifierFromJson(readFileSync(join(dir, `${model}.json`), "utf8"), "m").pipeline;
      expect(saved).toEqual(fresh);
      const expected = Array.from(predictPipeline(fresh, rows.dataset.x), (c) => fresh.classes[c]);
      expect(lines.slice(1).map((l) => l.split(",")[3])).toEqual(expected);
    });
  }

  it("auto cross-validates every candidate in time folds of the training part, keeps the best and says why", async () => {
    const t = await run(dir, "train", "--in", "readings.csv", "--model", "auto", "--out", "auto.json", "--json");
    expect(t.code, t.err).toBe(0);
    const j = JSON.parse(t.out) as {
      chosen: { model: string };
      auto: { chosen: string; reason: string; candidates: { name: string; cv: { pooled: { macroF1: { value: number } } } }[] };
      crossValidation: { folds: { train: number; test: number }[] };
      split: { train: number };
    };
    expect(j.auto.candidates.map((c) => c.name)).toEqual(["logreg", "svm", "svm (rbf)", "knn", "forest"]);
    const best = Math.max(...j.auto.candidates.map((c) => c.cv.pooled.macroF1.value));
    expect(j.auto.candidates.find((c) => c.name === j.auto.chosen)!.cv.pooled.macroF1.value).toBe(best);
    expect(j.auto.reason).toContain(j.auto.chosen);
    expect(j.chosen.model).toBe(j.auto.chosen.split(" ")[0]);
    // The folds live inside the training part: together they never hold more rows than it.
    const last = j.crossValidation.folds.at(-1)!;
    expect(last.train + last.test).toBeLessThanOrEqual(j.split.train);
    const saved = classifierFromJson(readFileSync(join(dir, "auto.json"), "utf8"), "m").pipeline;
    expect(saved.model.kind).toBe(j.chosen.model);
  });

  it("derives a reading's change since the device's previous one and its rolling mean, in time order (worked example)", () => {
    writeFileSync(
      join(dir, "derived.csv"),
      `device,type,timestamp,temperature,humidity\nd1,DHT22,${T0 + 3},30,50\nd1,DHT22,${T0 + 1},10,50\nd1,DHT22,${T0 + 2},20,50\n`,
    );
    const rows = featureRows(readCsvFiles(["derived.csv"], dir), ["temperature_diff", "temperature_mean"], "derived.csv");
    // In time order the temperatures are 10, 20, 30: the first has no change (left out), then +10, +10;
    // rolling means 15 and 20.
    expect(Array.from(rows.dataset.times)).toEqual([T0 + 3, T0 + 2]);
    expect(Array.from(rows.dataset.x)).toEqual([10, 20, 10, 15]);
    expect(rows.dropped).toBe(1);
  });

  it("trains on rolling features of the readings", async () => {
    const t = await run(dir, "train", "--in", "readings.csv", "--features", "temperature,temperature_mean,humidity_diff", "--out", "rolling.json", "--json");
    expect(t.code, t.err).toBe(0);
    expect((JSON.parse(t.out) as { rows: number }).rows).toBe(1197);
  });

  it("prints the honest table beside the baseline and the seed's protocol as text", async () => {
    const t = await run(dir, "train", "--in", "readings.csv", "--out", "text.json");
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain("majority baseline");
    expect(t.out).toContain("The seed's protocol");
    expect(t.out).toContain("Confusion matrix");
    expect(t.out).toContain("Cross-validation inside the training part (3 rolling time folds");
  });

  it("refuses a model file edited by hand or of another version, writing nothing", async () => {
    const text = readFileSync(join(dir, "logreg.json"), "utf8");
    writeFileSync(join(dir, "edited.json"), text.replace('"lambda":0.0001', '"lambda":0.001'));
    const e = await run(dir, "predict", "edited.json", "--in", "readings.csv", "--out", "e.csv");
    expect(e.code).toBe(2);
    expect(e.err).toContain("[ML_MODEL_EDITED]");
    expect(existsSync(join(dir, "e.csv"))).toBe(false);
    writeFileSync(join(dir, "v2.json"), text.replace('"version":1', '"version":2'));
    const v = await run(dir, "predict", "v2.json", "--in", "readings.csv", "--out", "v.csv");
    expect(v.code).toBe(2);
    expect(v.err).toContain("[ML_MODEL_VERSION]");
    expect(existsSync(join(dir, "v.csv"))).toBe(false);
  });

  const bad: [string, string[], string][] = [
    ["one device only", ["--in", "one.csv"], "ML_ONE_CLASS"],
    ["an unknown feature", ["--in", "readings.csv", "--features", "temperature,pressure"], "ML_MISSING_FEATURE"],
    ["features of two sensor types", ["--in", "readings.csv", "--features", "temperature,motion"], "ML_MISSING_FEATURE"],
    ["a constant feature", ["--in", "flat.csv"], "ML_CONSTANT_FEATURE"],
    ["an unknown target", ["--in", "readings.csv", "--target", "pressure"], "ML_BAD_OPTION"],
    ["a room target on a file without rooms", ["--in", "readings.csv", "--target", "room"], "ML_NO_ROOM"],
    ["a feature the file has no readings of", ["--in", "readings.csv", "--features", "light"], "ML_MISSING_FEATURE"],
    ["thousands of classes", ["--in", "many.csv"], "ML_TOO_MANY_CLASSES"],
    ["a file of another shape", ["--in", "other.csv"], "ANALYZE_BAD_INPUT"],
    ["a report that is not HTML", ["--in", "readings.csv", "--report", "r.pdf"], "CLI_BAD_FLAG"],
    ["files and a store together", ["--in", "readings.csv", "--data-dir", "store"], "CLI_BAD_FLAG"],
    ["k out of range", ["--in", "readings.csv", "--model", "knn", "--k", "0"], "ML_BAD_OPTION"],
    ["an unknown kernel", ["--in", "readings.csv", "--model", "svm", "--kernel", "poly"], "CLI_BAD_FLAG"],
    ["more folds than offered", ["--in", "readings.csv", "--folds", "50"], "ML_BAD_OPTION"],
    ["an svm without a penalty", ["--in", "readings.csv", "--model", "svm", "--lambda", "0"], "ML_BAD_OPTION"],
    ["fewer readings than the folds need", ["--in", "tiny.csv", "--folds", "10"], "ML_TOO_FEW_ROWS"],
  ];
  for (const [what, args, code] of bad) {
    it(`refuses ${what} with ${code}, exit 2, and writes no model`, async () => {
      const r = await run(dir, "train", ...args, "--out", "bad.json", ...(args.includes("--report") ? [] : ["--report", "bad.html"]));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`[${code}]`);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, "bad.json"))).toBe(false);
      expect(existsSync(join(dir, "bad.html"))).toBe(false);
    });
  }
});

describe("mimic train on the store and on rooms", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-train-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const START = T0 * 1000;
  // The fleet `mimic simulate --seed 7 --devices 6` plays (default mix: 3 DHT22, 2 PIR, 1 light
  // sensor), read every minute for two days, without faults.
  const fleet = new Fleet({
    seed: 7,
    devices: 6,
    mix: { DHT22: 2, PIR: 1, LIGHT: 1 },
    start: START,
    cadence: { ...DEFAULT_DHT_CADENCE, intervalMs: 60_000 },
    faultRates: parseFaultRates("--faults", "0"),
  });
  const readings: Reading[] = [];
  fleet.runUntil(START + 2 * 86_400_000, (r) =>
    readings.push({ id: r.id, device: r.device, kind: r.kind, typeLabel: r.type, timestamp: r.timestamp, receivedAt: r.trueTime, data: r.data }),
  );
  const dhts = fleet.manifest.filter((m) => m.kind === "DHT22");
  const from = String(T0 + 6 * 3600);
  const to = String(T0 + 42 * 3600);

  it("reads the store as analyze selects it, and learns what it learns from the same readings in a file", async () => {
    const store = await openSqliteStore({ path: join(dir, "data", "mimic.db"), thread: "inline" });
    await store.init();
    await store.appendReadings(readings);
    await store.close();
    const csv = ["device,type,timestamp,temperature,humidity,motion,light"];
    for (const r of readings) {
      const v = (f: string): string => String((r.data as unknown as Record<string, number | boolean | undefined>)[f] ?? "");
      csv.push(`${r.device},${r.typeLabel},${r.timestamp},${v("temperature")},${v("humidity")},${v("motion")},${v("light")}`);
    }
    writeFileSync(join(dir, "same.csv"), csv.join("\n") + "\n");
    const select = ["--device", `${dhts[0]!.id},${dhts[1]!.id}`, "--from", from, "--to", to, "--model", "logreg", "--json"];
    const fromStore = await run(dir, "train", "--data-dir", "data", ...select, "--out", "store.json");
    expect(fromStore.code, fromStore.err).toBe(0);
    const fromFile = await run(dir, "train", "--in", "same.csv", ...select, "--out", "file.json");
    expect(fromFile.code, fromFile.err).toBe(0);
    const a = JSON.parse(fromStore.out) as TrainJson & { split: { trainFrom: number; testTo: number } };
    const b = JSON.parse(fromFile.out) as TrainJson;
    expect(a.classes).toEqual([dhts[0]!.id, dhts[1]!.id].sort());
    // 36 hours of two sensors read about once a minute (a failed read is retried: a little over).
    expect(a.rows).toBeGreaterThan(2 * 36 * 60 * 0.95);
    expect(a.split.trainFrom).toBeGreaterThanOrEqual(Number(from));
    expect(a.split.testTo).toBeLessThan(Number(to));
    expect({ ...a, out: "" }).toEqual({ ...b, out: "" });
  });

  it("labels readings by the room the simulated fleet put each device in (--target room)", async () => {
    const t = await run(dir, "train", "--data-dir", "data", "--target", "room", "--fleet-seed", "7", "--fleet-devices", "6", "--json", "--out", "rooms.json");
    expect(t.code, t.err).toBe(0);
    const j = JSON.parse(t.out) as TrainJson & { target: string; rooms: number };
    expect(j.target).toBe("room");
    expect(j.classes).toEqual(dhts.map((m) => m.room).sort());
    expect(j.rooms).toBe(3);
    const model = classifierFromJson(readFileSync(join(dir, "rooms.json"), "utf8"), "rooms.json");
    expect(model.target).toBe("room");
    expect(model.pipeline.classes).toEqual(j.classes);
  });

  it("refuses a fleet that is not the one simulated, and writes nothing", async () => {
    const t = await run(dir, "train", "--data-dir", "data", "--target", "room", "--fleet-seed", "8", "--fleet-devices", "6", "--out", "wrong.json");
    expect(t.code).toBe(2);
    expect(t.err).toContain("[ML_NO_ROOM]");
    expect(t.err).toContain("--fleet-seed");
    expect(existsSync(join(dir, "wrong.json"))).toBe(false);
  });

  it("reads rooms from the room column of a generated file", async () => {
    writeFileSync(
      join(dir, "rooms.csv"),
      [
        "device,type,timestamp,temperature,humidity,room",
        ...readingsCsv(200)
          .trim()
          .split("\n")
          .slice(1, -1)
          .map((l) => `${l},${l.startsWith("rp-a") ? "kitchen" : "hall"}`),
      ].join("\n") + "\n",
    );
    const t = await run(dir, "train", "--in", "rooms.csv", "--target", "room", "--json", "--out", "file-rooms.json");
    expect(t.code, t.err).toBe(0);
    const j = JSON.parse(t.out) as TrainJson;
    expect(j.classes).toEqual(["hall", "kitchen"]);
    // rp-a (19 °C) against rp-b and rp-c (21 and 23 °C) pooled as one room: far above the baseline.
    expect(j.honest.model.accuracy.value).toBeGreaterThan(j.honest.baseline.accuracy.value + 0.1);
  });
});

describe("mimic train with the light and motion state of the same device", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-train-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const START = T0 * 1000;
  // The seed's deployment (`mimic simulate --layout seed --seed 5 --devices 3`): one Pi per room
  // with a DHT22, a PIR and a light sensor under one id, a day of readings, without faults. The PIR
  // and light sensors report changes, so some DHT22 readings come before any state is known.
  const fleet = new Fleet({
    seed: 5,
    devices: 3,
    layout: "seed",
    mix: { DHT22: 1, PIR: 1, LIGHT: 1 },
    start: START,
    cadence: { ...DEFAULT_DHT_CADENCE, intervalMs: 60_000 },
    faultRates: parseFaultRates("--faults", "0"),
  });
  const csv = ["device,type,timestamp,temperature,humidity,motion,light"];
  const states = new Map<string, { t: number; value: number }[]>();
  const dhts: { device: string; t: number }[] = [];
  fleet.runUntil(START + 86_400_000, (r) => {
    const data = r.data as unknown as Record<string, number | boolean | undefined>;
    const v = (f: string): string => String(data[f] ?? "");
    csv.push(`${r.device},${r.type},${r.timestamp},${v("temperature")},${v("humidity")},${v("motion")},${v("light")}`);
    const t = Number(r.timestamp);
    if (r.kind === "DHT22") dhts.push({ device: r.device, t });
    else {
      const key = `${r.device} ${r.kind}`;
      states.set(key, [...(states.get(key) ?? []), { t, value: data[r.kind === "LIGHT" ? "light" : "motion"] ? 1 : 0 }]);
    }
  });
  writeFileSync(join(dir, "pis.csv"), csv.join("\n") + "\n");
  /** Brute force: the value of the device's latest reading of `kind` at or before t (undefined when none). */
  const latest = (device: string, kind: string, t: number): number | undefined =>
    (states.get(`${device} ${kind}`) ?? [])
      .filter((s) => s.t <= t)
      .reduce<{ t: number; value: number } | undefined>((a, b) => (a && a.t > b.t ? a : b), undefined)?.value;

  it("joins each DHT22 reading to its Pi's latest light and motion reading, trains, and predicts after reload", async () => {
    const features = ["temperature", "humidity", "light_state", "motion_state"];
    const t = await run(
      dir,
      "train",
      "--in",
      "pis.csv",
      "--features",
      features.join(","),
      "--model",
      "forest",
      "--trees",
      "10",
      "--json",
      "--out",
      "state.json",
    );
    expect(t.code, t.err).toBe(0);
    const j = JSON.parse(t.out) as TrainJson & { features: string[]; dropped: number };
    expect(j.features).toEqual(features);
    // Left out: exactly the DHT22 readings before their Pi's first light or first motion reading.
    const unknown = dhts.filter((d) => latest(d.device, "LIGHT", d.t) === undefined || latest(d.device, "PIR", d.t) === undefined).length;
    expect(j.dropped).toBe(unknown);
    expect(j.rows).toBe(dhts.length - unknown);
    expect(j.rows).toBeGreaterThan(1000);
    // One Pi's PIR never reported that day: none of its readings has a motion state, so it is no class.
    const silent = [...new Set(dhts.map((d) => d.device))].filter((d) => !states.has(`${d} PIR`));
    expect(silent).toHaveLength(1);
    expect(j.classes).toEqual([...new Set(dhts.map((d) => d.device))].filter((d) => !silent.includes(d)).sort());

    // Every 37th row's states against the brute-force search of the same Pi's readings.
    const rows = featureRows(readCsvFiles(["pis.csv"], dir), features, "pis.csv");
    for (let i = 0; i < rows.devices.length; i += 37) {
      const at = rows.dataset.times[i]!;
      expect([rows.dataset.x[i * 4 + 2], rows.dataset.x[i * 4 + 3]]).toEqual([latest(rows.devices[i]!, "LIGHT", at), latest(rows.devices[i]!, "PIR", at)]);
    }
    const p = await run(dir, "predict", "state.json", "--in", "pis.csv", "--out", "predictions.csv");
    expect(p.code, p.err).toBe(0);
    expect(readFileSync(join(dir, "predictions.csv"), "utf8").trim().split("\n").length - 1).toBe(j.rows);
  });
});
