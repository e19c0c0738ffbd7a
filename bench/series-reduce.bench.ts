// Where a chart's reduction should run (issue 19: "the server reduces a range to a few points per
// pixel column"). One device's week as the seed's Pi sends it (a DHT22 every 15 s, ~40,000
// readings, plus a few PIR and light readings) in an embedded store, reduced to 1,400 columns of
// mean/min/max per field three ways, in alternating rounds of one run:
//   A. the store aggregates, one bucketed query per sensor kind (what /v1/series does);
//   B. the store aggregates, one bucketed query over every kind (what /v1/series did before);
//   C. the raw readings through the port, reduced in one pass in JavaScript into typed arrays
//      (what reducing with analytics' module on the server would cost through the same port).
// Prints medians and the ratios A/B and C/A. Run: npm run bench -- series-reduce
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reading } from "../src/sensors/reading.js";
import { SENSOR_FIELDS, SENSOR_KINDS } from "../src/sensors/sensor-fields.js";
import { openSqliteStore } from "../src/telemetry/adapters/store-sqlite/index.js";
import type { BucketRow, ReadingRow } from "../src/telemetry/ports.js";

const ROUNDS = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 15);
const DEVICE = "rp-bench";
const WEEK = 7 * 86_400;
const COLUMNS = 1400;
const T0 = 1_796_000_000;

function week(): Reading[] {
  const out: Reading[] = [];
  const add = (kind: Reading["kind"], timestamp: number, data: Reading["data"]): void => {
    out.push({ id: `${kind}-${out.length}`, device: DEVICE, kind, typeLabel: kind, timestamp, receivedAt: timestamp * 1000, data });
  };
  // Device clocks are not whole seconds: a reading's time carries a fraction, as the seed's do.
  for (let t = T0; t < T0 + WEEK; t += 15)
    add("DHT22", t + ((t * 7919) % 1000) / 1000, { temperature: 19 + Math.sin(t / 9000), humidity: 40 + Math.cos(t / 7000) });
  for (let t = T0 + 7; t < T0 + WEEK; t += 900) add("PIR", t, { motion: (t / 900) % 3 < 1 });
  for (let t = T0 + 11; t < T0 + WEEK; t += 7000) add("LIGHT", t, { light: (t / 7000) % 2 < 1 });
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Mean/min/max per column of one field's readings (C): one pass, typed arrays, no object per column. */
function reduceRows(rows: readonly ReadingRow[], field: string, from: number, bucket: number): number {
  const n = Math.ceil(WEEK / bucket) + 1;
  const [count, sum, min, max] = [new Float64Array(n), new Float64Array(n), new Float64Array(n).fill(Infinity), new Float64Array(n).fill(-Infinity)];
  for (const r of rows) {
    const raw = r.data[field]!;
    const v = typeof raw === "boolean" ? (raw ? 1 : 0) : raw;
    const c = Math.floor((r.timestamp - from) / bucket);
    count[c]!++;
    sum[c]! += v;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  }
  let filled = 0;
  for (let c = 0; c < n; c++) if (count[c]! > 0) filled++;
  return filled;
}

const dir = mkdtempSync(join(tmpdir(), "mimic-series-bench-"));
const store = await openSqliteStore({ path: join(dir, "mimic.db") });
try {
  const readings = week();
  for (let i = 0; i < readings.length; i += 5000) await store.appendReadings(readings.slice(i, i + 5000));
  const [from, to] = [T0, T0 + WEEK];
  const bucketSeconds = Math.ceil(WEEK / COLUMNS);
  const variants: Record<"A" | "B" | "C", () => Promise<number>> = {
    A: async () =>
      (await Promise.all(SENSOR_KINDS.map((kind) => store.queryReadings({ device: DEVICE, kind, from, to, bucketSeconds, limit: COLUMNS + 2 })))).flat().length,
    B: async () => ((await store.queryReadings({ device: DEVICE, from, to, bucketSeconds, limit: 3 * (COLUMNS + 2) })) as BucketRow[]).length,
    C: async () => {
      let columns = 0;
      for (const kind of SENSOR_KINDS) {
        const rows = (await store.queryReadings({ device: DEVICE, kind, from, to, limit: 1_000_000 })) as ReadingRow[];
        for (const f of SENSOR_FIELDS[kind]) columns += reduceRows(rows, f.name, from, bucketSeconds);
      }
      return columns;
    },
  };
  const ms: Record<string, number[]> = { A: [], B: [], C: [] };
  for (const v of Object.values(variants)) await v(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (["A", "B", "C"] as const) : (["C", "B", "A"] as const);
    for (const k of order) {
      const t0 = performance.now();
      await variants[k]();
      ms[k]!.push(performance.now() - t0);
    }
  }
  const m = (k: string): number => median(ms[k]!);
  console.log(
    `${readings.length.toLocaleString("en-US")} readings of one device over 7 days, ${COLUMNS} columns of ${bucketSeconds} s; medians of ${ROUNDS} alternating rounds`,
  );
  console.log(`A. store aggregates, a query per kind       ${m("A").toFixed(1)} ms`);
  console.log(`B. store aggregates, one query, every kind  ${m("B").toFixed(1)} ms   A/B = ${(m("A") / m("B")).toFixed(3)}`);
  console.log(`C. raw readings reduced in JavaScript       ${m("C").toFixed(1)} ms   C/A = ${(m("C") / m("A")).toFixed(3)}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
