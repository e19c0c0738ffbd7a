import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
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
