// End to end: a schema of several tables through the built CLI — a folder of files, shards that
// concatenate to the single run, SQLite and PostgreSQL loads with foreign keys on, SQL scripts,
// and bad input that exits 2 and writes nothing.
import Database from "better-sqlite3";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../support/services.js";

const MAIN = resolve("dist/main.js");
const SHOP = resolve("docs/examples/shop.yaml");
const dir = mkdtempSync(join(tmpdir(), "mimic-e2e-tables-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mimic(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "generate", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TABLES = ["customers", "orders", "order_items"];

describe("mimic generate --schema with several tables", () => {
  it("writes one file per table into the --out folder, the same bytes on every run", () => {
    const r = mimic("--schema", SHOP, "--out", "shop/");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^mimic: wrote [\d,]+ rows in 3 tables \(customers 1,000, orders [\d,]+, order_items [\d,]+\) to shop\/ as csv/);
    expect(readdirSync(join(dir, "shop")).sort()).toEqual(TABLES.map((t) => `${t}.csv`).sort());
    const again = mimic("--schema", SHOP, "--out", "shop-again/", "--workers", "2");
    expect(again.code, again.stderr).toBe(0);
    for (const t of TABLES) expect(readFileSync(join(dir, "shop-again", `${t}.csv`))).toEqual(readFileSync(join(dir, "shop", `${t}.csv`)));
  });

  it("three shards concatenate to the single run byte for byte, keys included", () => {
    const schema = join(dir, "shop-chunked.yaml");
    // Small chunks, so that three shards each get several chunks of customers and their children.
    writeFileSync(schema, readFileSync(SHOP, "utf8").replace("rows: 1000", "rows: 1000\n    chunkSize: 100"));
    expect(mimic("--schema", schema, "--out", "single/").code).toBe(0);
    for (const k of [1, 2, 3]) {
      const r = mimic("--schema", schema, "--shard", `${k}/3`, "--out", "parts/");
      expect(r.code, r.stderr).toBe(0);
    }
    for (const t of TABLES) {
      const parts = [1, 2, 3].map((k) => readFileSync(join(dir, "parts", `${t}.part-0000${k}-of-00003.csv`)));
      expect(parts.every((p) => p.length > 0)).toBe(true);
      expect(Buffer.concat(parts)).toEqual(readFileSync(join(dir, "single", `${t}.csv`)));
    }
  });

  it("says so when a shard holds no rows (fewer chunks than shards), and the parts still join to the single run", () => {
    // The shop's 1,000 customers are one chunk: shards 1 and 2 of 3 have none of it.
    const empty = mimic("--schema", SHOP, "--shard", "1/3", "--out", "few/");
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain("mimic: note: shard 1/3 holds no rows");
    expect(empty.stderr).toContain("this run has 1 chunk(s) for 3 shards. Use at most 1 shard(s), or set a smaller chunkSize");
    for (const k of [2, 3]) expect(mimic("--schema", SHOP, "--shard", `${k}/3`, "--out", "few/").code).toBe(0);
    const last = mimic("--schema", SHOP, "--shard", "3/3", "--out", "few-last/");
    expect(last.stderr).not.toContain("note:");
    expect(mimic("--schema", SHOP, "--out", "few-single/").code).toBe(0);
    for (const t of TABLES) {
      const parts = [1, 2, 3].map((k) => readFileSync(join(dir, "few", `${t}.part-0000${k}-of-00003.csv`)));
      expect(Buffer.concat(parts)).toEqual(readFileSync(join(dir, "few-single", `${t}.csv`)));
    }
  });

  it("loads into SQLite with keys, every foreign key holding; refuses existing tables unless --replace", () => {
    const r = mimic("--schema", SHOP, "--to", "sqlite:shop.db");
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(join(dir, "shop.db"), { readonly: true });
    try {
      db.pragma("foreign_keys = ON");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count("SELECT count(*) AS n FROM customers")).toBe(1000);
      expect(count("SELECT count(*) AS n FROM order_items")).toBe(
        readFileSync(join(dir, "shop", "order_items.csv"), "utf8")
          .trim()
          .split("\n").length - 1,
      );
      // The order totals are the sums of their items, to the cent.
      expect(
        count(
          "SELECT count(*) AS n FROM orders o WHERE round(o.total * 100) != (SELECT round(sum(amount) * 100) FROM order_items i WHERE i.order_id = o.order_id)",
        ),
      ).toBe(0);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'order_items'").get()).toMatchObject({
        sql: expect.stringContaining('PRIMARY KEY ("order_id", "line")'),
      });
    } finally {
      db.close();
    }
    const refused = mimic("--schema", SHOP, "--to", "sqlite:shop.db");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("DATABASE_TABLE_EXISTS");
    expect(mimic("--schema", SHOP, "--to", "sqlite:shop.db", "--replace", "--seed", "9").code).toBe(0);
  });

  it("writes a SQL script that sqlite3 loads into the same tables", () => {
    expect(mimic("--schema", SHOP, "--format", "sql", "--dialect", "sqlite", "--out", "shop.sql").code).toBe(0);
    execFileSync("sqlite3", [join(dir, "script.db")], { input: readFileSync(join(dir, "shop.sql")) });
    const db = new Database(join(dir, "script.db"), { readonly: true });
    try {
      expect((db.prepare("SELECT count(*) AS n FROM orders").get() as { n: number }).n).toBe(
        readFileSync(join(dir, "shop", "orders.csv"), "utf8")
          .trim()
          .split("\n").length - 1,
      );
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("bad input: every problem listed with its path, exit 2, nothing written", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      [
        "tables:",
        "  a: { columns: { id: { kind: sequence }, b: { kind: reference, table: b, column: id } } }",
        "  b: { columns: { id: { kind: sequence }, a: { kind: reference, table: a, column: id } } }",
        "  c: { columns: { x: { kind: reference, table: nope, column: id }, y: { kind: reference, table: a, column: idd } } }",
        "  d: { columns: { c: { kind: reference, table: a, column: id, perParent: { name: normal, mean: 1, sd: 2 } } } }",
      ].join("\n"),
    );
    const r = mimic("--schema", bad, "--out", "bad-out/");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("SCHEMA_INVALID");
    for (const path of ["tables.c.columns.x.table", "tables.c.columns.y.column", "tables.d.columns.c.perParent"]) expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(/cycle: (a → b → a|b → a → b)/);
    expect(existsSync(join(dir, "bad-out"))).toBe(false);
    const unreachable = mimic("--schema", SHOP, "--to", "postgres://nobody@127.0.0.1:1/none");
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain("DATABASE_UNREACHABLE");
    // A database and a folder at once: one would be ignored, so neither is written, and the URL
    // (which may carry a password) is not echoed.
    const both = mimic("--schema", SHOP, "--to", "sqlite:both.db", "--out", "both-out/");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("CLI_BAD_FLAG");
    expect(both.stderr).not.toContain("both.db");
    expect(existsSync(join(dir, "both.db")) || existsSync(join(dir, "both-out"))).toBe(false);
    // An --out folder that cannot be made: under a file, and (Linux) under /proc, where the
    // kernel answers ENOENT and Node's recursive mkdir used to spin for ever.
    writeFileSync(join(dir, "a-file"), "x");
    const folders: [string, string][] = [[join(dir, "a-file", "out"), "ENOTDIR"]];
    if (process.platform === "linux") folders.push(["/proc/mimic-test-out", "ENOENT"]);
    for (const [out, errno] of folders) {
      const r = spawnSync(process.execPath, [MAIN, "generate", "--schema", SHOP, "--out", `${out}/`], { cwd: dir, encoding: "utf8", timeout: 20_000 });
      expect(r.status, out).toBe(2);
      expect(r.stderr).toContain(`Cannot create the folder ${out} (${errno})`);
      expect(r.stderr).toContain("[IO_UNWRITABLE]");
    }
  });
});

const postgres = await checkService("postgres");

describe.skipIf(!postgres.available)("mimic generate --to postgres://", () => {
  // A schema of its own, so that other suites on the same server are not touched.
  const schema = `mimic_tables_${process.pid}`;
  const url = `${serviceUrl("postgres")}?schema=${schema}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("loads every table with primary and foreign keys, and a failed load leaves nothing", async () => {
    const r = mimic("--schema", SHOP, "--to", url);
    expect(r.code, r.stderr).toBe(0);
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      expect(await count(`SELECT count(*) AS n FROM ${schema}.customers`)).toBe(1000);
      expect(
        await count(
          `SELECT count(*) AS n FROM ${schema}.orders o WHERE o.total != (SELECT sum(amount) FROM ${schema}.order_items i WHERE i.order_id = o.order_id)`,
        ),
      ).toBe(0);
      const constraints = await client.query<{ conname: string; contype: string }>(
        `SELECT conname, contype FROM pg_constraint WHERE connamespace = $1::regnamespace ORDER BY conname`,
        [schema],
      );
      expect(constraints.rows).toEqual([
        { conname: "customers_pkey", contype: "p" },
        { conname: "order_items_order_id_fkey", contype: "f" },
        { conname: "order_items_pkey", contype: "p" },
        { conname: "orders_customer_id_fkey", contype: "f" },
        { conname: "orders_pkey", contype: "p" },
      ]);
      expect(mimic("--schema", SHOP, "--to", url).stderr).toContain("DATABASE_TABLE_EXISTS");
      // A load that fails at the keys (a composite key that does not hold) rolls back: the tables
      // of the earlier run stay as they were, nothing of the failed one is left.
      const broken = join(dir, "broken.yaml");
      writeFileSync(broken, readFileSync(SHOP, "utf8").replace("primaryKey: [order_id, line]", "primaryKey: [product]"));
      const failed = mimic("--schema", broken, "--to", url, "--replace", "--seed", "5");
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("DATABASE_LOAD_FAILED");
      expect(await count(`SELECT count(*) AS n FROM ${schema}.customers`)).toBe(1000);
      expect(
        (await client.query(`SELECT conname FROM pg_constraint WHERE connamespace = $1::regnamespace AND conname = 'order_items_pkey'`, [schema])).rows,
      ).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it("a schema that does not compile exits 2 at once: the connection started before compiling is closed", () => {
    const bad = join(dir, "bad-to.yaml");
    writeFileSync(
      bad,
      "tables:\n  a: { columns: { id: { kind: sequence }, x: { kind: reference, table: nope, column: id } } }\n  b: { columns: { id: { kind: sequence } } }\n",
    );
    // Left open, the connection's thread would keep the process alive.
    const r = spawnSync(process.execPath, [MAIN, "generate", "--schema", bad, "--to", url], { cwd: dir, encoding: "utf8", timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("SCHEMA_INVALID");
  });
});
