import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
import { openSqliteStore } from "../telemetry/adapters/index.js";
import { dht, light, pir } from "../telemetry/adapters/test-support/readings-fixture.js";
import { runCli } from "./run-cli.js";

const postgres = await checkService("postgres");

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await runCli(["query", ...argv], {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
    cwd,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe("mimic query (in process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-query-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a mistyped --data-dir is STORE_NOT_FOUND naming the path, and creates nothing", async () => {
    const r = await run(dir, "--from", String(Math.floor(Date.now() / 1000) - 3600), "--data-dir", "./typo");
    expect(r.code, r.err).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`No mimic store at ${join(dir, "typo", "mimic.db")}`);
    expect(r.err).toContain("mimic serve --data-dir");
    expect(r.err).toContain("[STORE_NOT_FOUND]");
    expect(existsSync(join(dir, "typo"))).toBe(false);
  });

  it("an unwritable --out is the only thing said: no count of readings first", async () => {
    const data = mkdtempSync(join(dir, "store-"));
    const quiet = new Writable({ write: (_c, _e, cb) => cb() });
    expect(
      await runCli(["devices", "add", "rp1", "--type", "DHT22", "--data-dir", data], {
        stdout: quiet,
        stderr: quiet,
        env: {},
        cwd: dir,
        signal: new AbortController().signal,
      }),
    ).toBe(0);
    const r = await run(dir, "--from", String(Math.floor(Date.now() / 1000) - 3600), "--data-dir", data, "--out", join(dir, "no-such-folder", "x.csv"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("[IO_UNWRITABLE]");
    expect(r.err).not.toMatch(/\d+ readings?/);
  });

  it("--out x.parquet writes typed Parquet (read the same by DuckDB and by mimic analyze); a --format the name contradicts is refused", async () => {
    const data = mkdtempSync(join(dir, "store-"));
    const t0 = 1_557_619_200;
    const store = await openSqliteStore({ path: join(data, "mimic.db"), thread: "inline" });
    await store.init();
    await store.appendReadings([
      dht("rp1", t0, 17.0, 68.1),
      dht("rp1", t0 + 25.5, 16.6, 68.4),
      dht("rp1", t0 + 50, 17.4, 67.9),
      pir("rp2", t0 + 10, true),
      pir("rp2", t0 + 40, false),
      light("rp3", t0 + 5, true),
    ]);
    await store.close();
    const range = ["--from", String(t0), "--to", String(t0 + 3600), "--data-dir", data];
    const r = await run(dir, ...range, "--out", "readings.parquet");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe("mimic: 6 readings\n");

    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const file = join(dir, "readings.parquet");
    try {
      const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson();
      expect(types.map((t) => [t["column_name"], t["column_type"]])).toEqual([
        ["device", "VARCHAR"],
        ["type", "VARCHAR"],
        ["timestamp", "DOUBLE"],
        ["temperature", "DOUBLE"],
        ["humidity", "DOUBLE"],
        ["motion", "BOOLEAN"],
        ["light", "BOOLEAN"],
      ]);
      const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY device, timestamp`)).getRowObjectsJson();
      expect(rows).toEqual([
        { device: "rp1", type: "DHT22", timestamp: t0, temperature: 17, humidity: 68.1, motion: null, light: null },
        { device: "rp1", type: "DHT22", timestamp: t0 + 25.5, temperature: 16.6, humidity: 68.4, motion: null, light: null },
        { device: "rp1", type: "DHT22", timestamp: t0 + 50, temperature: 17.4, humidity: 67.9, motion: null, light: null },
        { device: "rp2", type: "PIR", timestamp: t0 + 10, temperature: null, humidity: null, motion: true, light: null },
        { device: "rp2", type: "PIR", timestamp: t0 + 40, temperature: null, humidity: null, motion: false, light: null },
        { device: "rp3", type: "LIGHT", timestamp: t0 + 5, temperature: null, humidity: null, motion: null, light: true },
      ]);
    } finally {
      connection.closeSync();
      db.closeSync();
    }

    // The same readings as CSV: analyze gives the same answer from either file.
    expect((await run(dir, ...range, "--out", "readings.csv")).code).toBe(0);
    const analyze = async (input: string): Promise<string> => {
      let out = "";
      const quiet = new Writable({ write: (_c, _e, cb) => cb() });
      const sink = new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) });
      const code = await runCli(["analyze", "--in", input, "--json"], { stdout: sink, stderr: quiet, env: {}, cwd: dir, signal: new AbortController().signal });
      expect(code).toBe(0);
      return out;
    };
    expect(JSON.parse(await analyze("readings.parquet"))).toEqual(JSON.parse(await analyze("readings.csv")));

    const before = readdirSync(dir).sort();
    const wrong = await run(dir, ...range, "--format", "csv", "--out", "other.parquet");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("--format csv does not match --out other.parquet");
    expect(wrong.err).toContain("[CLI_BAD_FLAG]");
    expect((await run(dir, ...range, "--format", "xlsx")).err).toContain("--format must be json, csv or parquet");
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("an existing data dir without a store is STORE_NOT_FOUND too, and stays empty", async () => {
    const r = await run(dir, "--from", String(Math.floor(Date.now() / 1000) - 3600), "--data-dir", dir);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`the data dir ${dir} holds no mimic.db`);
    expect(existsSync(join(dir, "mimic.db"))).toBe(false);
  });

  it.skipIf(!postgres.available)("a PostgreSQL schema that does not exist is STORE_NOT_FOUND and is not created", async () => {
    const schema = `mimic_missing_${process.pid}`;
    const url = new URL(serviceUrl("postgres"));
    url.searchParams.set("schema", schema);
    const r = await run(dir, "--from", String(Math.floor(Date.now() / 1000) - 3600), "--store", url.toString());
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`schema "${schema}"`);
    expect(r.err).toContain("[STORE_NOT_FOUND]");
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    try {
      expect((await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
