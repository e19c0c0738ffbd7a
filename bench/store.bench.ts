// Store benchmark: append throughput and the seed's query ("72 hours of one device", ~10,200 of
// 70,000 readings) for SQLite and PostgreSQL, each against the seed's pattern measured in the
// same run: one row per transaction (the seed's subscriber inserted one document per message),
// and for the query an unindexed table of JSON documents (the seed's MongoDB collection).
//   npm run bench -- store
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import type { Reading } from "../src/sensors/reading.js";
import { openPostgresStore } from "../src/telemetry/adapters/store-postgres/index.js";
import { openSqliteStore } from "../src/telemetry/adapters/store-sqlite/index.js";
import type { ReadingQuery, TelemetryStore } from "../src/telemetry/ports.js";
import { serviceUrl } from "../test/support/services.js";

const TOTAL = 70_000;
const DEVICES = ["rp829c7e0e", "rp4a1b2c3d", "rpf00dfeed"];
const STEP = 25.4; // seconds between readings of one device: 72 h ≈ 10,200 readings
const T0 = 1_557_000_000;

function seedReadings(): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; out.length < TOTAL; i++) {
    for (const device of DEVICES) {
      if (out.length === TOTAL) break;
      const timestamp = T0 + i * STEP + DEVICES.indexOf(device) * 0.37;
      const temperature = 17 + 5 * Math.sin(i / 500);
      out.push({ id: `${device}-${i}`, device, kind: "DHT22", typeLabel: "DHT22", timestamp, receivedAt: 1_557_000_000_000 + i, data: { temperature, humidity: 50 + temperature / 2 } });
    }
  }
  return out;
}
const readings = seedReadings();
const from = T0 + 24 * 3600;
const seedQuery: ReadingQuery = { device: DEVICES[0]!, kind: "DHT22", from, to: from + 72 * 3600, fields: ["temperature", "humidity"], limit: 100_000 };

const now = () => performance.now();
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function timeQueries(run: () => Promise<number>, times = 15): Promise<{ ms: number; rows: number }> {
  let rows = await run(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = now();
    rows = await run();
    ms.push(now() - t);
  }
  return { ms: median(ms), rows };
}

async function appendBatches(store: TelemetryStore, batch: number): Promise<number> {
  const t = now();
  for (let i = 0; i < readings.length; i += batch) await store.appendReadings(readings.slice(i, i + batch));
  return readings.length / ((now() - t) / 1000);
}

async function sqlite(dir: string): Promise<void> {
  console.log("\n--- SQLite (WAL, synchronous=FULL)");
  // Baseline: one INSERT per transaction, the seed subscriber's pattern, same durability settings.
  const base = new Database(join(dir, "baseline.db"));
  base.pragma("journal_mode = WAL");
  base.pragma("synchronous = FULL");
  base.exec("CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
  const ins = base.prepare("INSERT INTO docs VALUES (?, ?)");
  const n = 3000;
  let t = now();
  for (let i = 0; i < n; i++) ins.run(readings[i]!.id, JSON.stringify(readings[i]));
  const baseRate = n / ((now() - t) / 1000);
  base.transaction(() => { for (let i = n; i < readings.length; i++) ins.run(readings[i]!.id, JSON.stringify(readings[i])); })();
  const baseQuery = await timeQueries(() => {
    const rows = base.prepare("SELECT doc FROM docs WHERE json_extract(doc, '$.device') = ? AND json_extract(doc, '$.timestamp') >= ? AND json_extract(doc, '$.timestamp') < ? ORDER BY json_extract(doc, '$.timestamp')")
      .all(seedQuery.device, seedQuery.from, seedQuery.to) as { doc: string }[];
    return Promise.resolve(rows.map((r) => JSON.parse(r.doc) as Reading).length);
  }, 5);
  base.close();

  console.log(`baseline one row per transaction: ${fmt(baseRate)} rows/s`);
  console.log(`seed query, unindexed JSON documents (baseline): ${baseQuery.ms.toFixed(1)} ms median, ${baseQuery.rows} rows`);
  for (const thread of ["inline", "worker"] as const) {
    console.log(`  [thread: ${thread}]`);
    const store = await openSqliteStore({ path: join(dir, `store-${thread}.db`), thread });
    const batched = await appendBatches(store, 500);
    console.log(`  appendReadings, batches of 500:  ${fmt(batched)} rows/s  (${(batched / baseRate).toFixed(1)}x baseline)`);

    // Concurrent single-reading appends (one per HTTP request): group commit shares each fsync.
    // The event-loop delay meanwhile is what an HTTP server on the same thread would suffer.
    const single = await openSqliteStore({ path: join(dir, `single-${thread}.db`), thread });
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    t = now();
    const inFlight = 2000;
    for (let i = 0; i < 20_000; i += inFlight) {
      await Promise.all(readings.slice(i, i + inFlight).map((r) => single.appendReadings([r])));
    }
    const singleRate = 20_000 / ((now() - t) / 1000);
    h.disable();
    console.log(`  single-reading appends, ${inFlight} in flight: ${fmt(singleRate)} rows/s in ${single.stats().commits} commits  (${(singleRate / baseRate).toFixed(1)}x baseline)`);
    console.log(`    event-loop delay meanwhile: p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`);
    await single.close();

    const q = await timeQueries(async () => (await store.queryReadings(seedQuery)).length);
    console.log(`  seed query: ${q.ms.toFixed(1)} ms median, ${q.rows} rows  (${(baseQuery.ms / q.ms).toFixed(1)}x faster than baseline)`);
    const b = await timeQueries(async () => (await store.queryReadings({ ...seedQuery, bucketSeconds: 3600 })).length);
    console.log(`  seed query downsampled to 1 h buckets: ${b.ms.toFixed(1)} ms median, ${b.rows} buckets`);
    await store.close();
  }
}

async function postgres(): Promise<void> {
  const url = serviceUrl("postgres");
  const schema = `mimic_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch {
    console.log(`\n--- PostgreSQL: not reachable at ${new URL(url).host}, skipped`);
    return;
  }
  console.log("\n--- PostgreSQL (synchronous_commit=on)");
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".docs (id text PRIMARY KEY, doc jsonb NOT NULL)`);
    const n = 2000;
    let t = now();
    for (let i = 0; i < n; i++) await admin.query(`INSERT INTO "${schema}".docs VALUES ($1, $2)`, [readings[i]!.id, JSON.stringify(readings[i])]);
    const baseRate = n / ((now() - t) / 1000);
    await admin.query(`INSERT INTO "${schema}".docs SELECT r->>'id', r FROM jsonb_array_elements($1::jsonb) r ON CONFLICT DO NOTHING`, [JSON.stringify(readings)]);
    const baseQuery = await timeQueries(async () => {
      const r = await admin.query(`SELECT doc FROM "${schema}".docs WHERE doc->>'device' = $1 AND (doc->>'timestamp')::float8 >= $2 AND (doc->>'timestamp')::float8 < $3 ORDER BY (doc->>'timestamp')::float8`, [seedQuery.device, seedQuery.from, seedQuery.to]);
      return r.rowCount ?? 0;
    }, 5);
    console.log(`baseline one row per transaction: ${fmt(baseRate)} rows/s`);

    const insertStore = await openPostgresStore({ url, schema: `${schema}_ins`, copyThreshold: Number.MAX_SAFE_INTEGER });
    const insertRate = await appendBatches(insertStore, 500);
    console.log(`appendReadings, batches of 500, multi-row INSERT: ${fmt(insertRate)} rows/s  (${(insertRate / baseRate).toFixed(1)}x baseline)`);
    await insertStore.close();
    const copyStore = await openPostgresStore({ url, schema: `${schema}_copy`, copyThreshold: 1 });
    t = now();
    const copy500 = await appendBatches(copyStore, 500);
    console.log(`appendReadings, batches of 500, COPY:             ${fmt(copy500)} rows/s  (${(copy500 / baseRate).toFixed(1)}x baseline)`);
    await admin.query(`TRUNCATE "${schema}_copy".readings`);
    const copy10k = await appendBatches(copyStore, 10_000);
    console.log(`appendReadings, batches of 10,000, COPY:          ${fmt(copy10k)} rows/s  (${(copy10k / baseRate).toFixed(1)}x baseline)`);
    const q = await timeQueries(async () => (await copyStore.queryReadings(seedQuery)).length);
    console.log(`seed query, unindexed JSON documents (baseline): ${baseQuery.ms.toFixed(1)} ms median, ${baseQuery.rows} rows`);
    console.log(`seed query, store:                                ${q.ms.toFixed(1)} ms median, ${q.rows} rows  (${(baseQuery.ms / q.ms).toFixed(1)}x faster)`);
    await copyStore.close();
  } finally {
    for (const s of [schema, `${schema}_ins`, `${schema}_copy`]) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), "mimic-store-bench-"));
try {
  console.log(`${TOTAL.toLocaleString("en-US")} seed-like readings, ${DEVICES.length} devices; query: one device, 72 h`);
  await sqlite(dir);
  await postgres();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
