// GET /v1/export against a real runtime (SQLite store, and PostgreSQL where one is reachable): any range, several pages of readings, the
// same bytes as `mimic query` of that range, and the same guards as the other read endpoints.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
import { runCli } from "../cli/run-cli.js";
import { readParquet } from "../parquet/index.js";
import type { Reading } from "../sensors/reading.js";
import { dht, light, pir } from "../telemetry/adapters/test-support/readings-fixture.js";
import type { ReadingRow } from "../telemetry/ports.js";
import { readingsToCsv, STREAM_PAGE_ROWS } from "../telemetry/query/index.js";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

const T0 = 1_557_585_000;
// More readings than two pages, with ties at one instant across devices and kinds.
const STEPS = Math.ceil((STREAM_PAGE_ROWS * 2.3) / 5);

async function query(cwd: string, ...argv: string[]): Promise<{ code: number; out: Buffer; err: string }> {
  const out: Buffer[] = [];
  let err = "";
  const code = await runCli(["query", ...argv], {
    stdout: new Writable({ write: (c: Buffer, _e, cb) => (out.push(Buffer.from(c)), cb()) }),
    stderr: new Writable({ write: (c: Buffer, _e, cb) => ((err += c.toString()), cb()) }),
    env: {},
    cwd,
    signal: new AbortController().signal,
  });
  return { code, out: Buffer.concat(out), err };
}

const postgres = await checkService("postgres");
const pgSchema = `mimic_export_${process.pid}_${Date.now().toString(36)}`;
const STORES = [
  { name: "sqlite", skip: false, store: undefined },
  { name: "postgres", skip: !postgres.available, store: `${serviceUrl("postgres")}?schema=${pgSchema}` },
];

// The PostgreSQL schema of these tests goes once every test of the file has run.
afterAll(async () => {
  if (!postgres.available) return;
  const admin = new pg.Client({ connectionString: serviceUrl("postgres") });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
  await admin.end();
});

describe.each(STORES)("GET /v1/export ($name)", ({ skip, store }) => {
  let t: TestRuntime;
  const storeArgs = store === undefined ? [] : ["--store", store];
  const from = T0 - 40 * 86_400; // a range longer than /v1/readings' 31 days
  const to = T0 + STEPS + 1;
  beforeAll(async () => {
    if (skip) return;
    t = await startTestRuntime({ "rate-limit": "0", retention: "off", ...(store === undefined ? {} : { store }) });
    const rs: Reading[] = [];
    for (let i = 0; i < STEPS; i++) {
      const ts = T0 + i;
      rs.push(dht("rp-b", ts, 20 + (i % 50) / 10, 40), dht("rp-a", ts, 21, 41 + (i % 7)), pir("rp-a", ts, i % 3 === 0), light("rp-b", ts, i % 2 === 0));
      rs.push(pir("rp-c", ts + 0.5, i % 5 === 0));
    }
    for (let i = 0; i < rs.length; i += 5000) await t.runtime.store.appendReadings(rs.slice(i, i + 5000));
  }, 120_000);
  afterAll(() => t?.close());

  const get = (url: string, headers: Record<string, string> = { authorization: t.read }) => t.runtime.app.inject({ method: "GET", url, headers });

  it.skipIf(skip)(
    "streams every reading of the range as the CSV of /v1/readings, byte for byte what `mimic query` writes",
    async () => {
      const res = await get(`/v1/export?from=${from}&to=${to}&format=csv`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="readings-all-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/);
      const all = (await t.runtime.store.queryReadings({ from, to, limit: 1_000_000 })) as ReadingRow[];
      expect(all.length).toBe(STEPS * 5);
      expect(res.body).toBe(readingsToCsv({ rows: all, bucketed: false }));
      const cli = await query(t.dir, "--from", String(from), "--to", String(to), "--format", "csv", "--data-dir", t.dir, ...storeArgs);
      expect(cli.code, cli.err).toBe(0);
      expect(cli.err).toBe(`mimic: ${(STEPS * 5).toLocaleString("en-US")} readings\n`);
      expect(cli.out.equals(res.rawPayload)).toBe(true);
    },
    120_000,
  );

  it.skipIf(skip)(
    "filters by device and sensor; Parquet holds the same readings as `mimic query --out x.parquet`",
    async () => {
      const csv = await get(`/v1/export?device=rp-a&sensor=DHT22&from=${from}&to=${to}`);
      expect(csv.statusCode).toBe(200);
      const rows = (await t.runtime.store.queryReadings({ device: "rp-a", kind: "DHT22", from, to, limit: 1_000_000 })) as ReadingRow[];
      expect(rows.length).toBe(STEPS);
      expect(csv.body).toBe(readingsToCsv({ rows, bucketed: false, kind: "DHT22" }));

      const res = await get(`/v1/export?from=${from}&to=${to}&format=parquet`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("application/vnd.apache.parquet");
      const served = join(t.dir, "served.parquet");
      writeFileSync(served, res.rawPayload);
      const cli = await query(t.dir, "--from", String(from), "--to", String(to), "--out", "cli.parquet", "--data-dir", t.dir, ...storeArgs);
      expect(cli.code, cli.err).toBe(0);
      expect(readFileSync(join(t.dir, "cli.parquet")).equals(res.rawPayload)).toBe(true);
      const table = await readParquet(served);
      expect(table.rowCount).toBe(STEPS * 5);
      expect(table.columns.map((c) => c.name)).toEqual(["device", "type", "timestamp", "temperature", "humidity", "motion", "light"]);
    },
    120_000,
  );

  it.skipIf(skip)("refuses a missing read token, an unknown format or parameter, and buckets", async () => {
    expect((await get(`/v1/export?from=${from}&to=${to}`, {})).statusCode).toBe(401);
    for (const bad of ["format=xlsx", "bucket=60", "limit=0"]) {
      const res = await get(`/v1/export?from=${from}&to=${to}&${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe("QUERY_INVALID");
    }
    expect((await get(`/v1/export?to=${to}`)).statusCode).toBe(400);
    const head = await t.runtime.app.inject({ method: "HEAD", url: `/v1/export?from=${from}&to=${to}&format=parquet`, headers: { authorization: t.read } });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-disposition"]).toMatch(/\.parquet"$/);
    expect(head.rawPayload.length).toBe(0);
  });
});
