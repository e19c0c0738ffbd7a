// End to end: the built-in coffee-shop database through the built CLI — the same files for 1 and 2
// workers, and loaded into SQLite and PostgreSQL with the foreign keys on, where the databases
// themselves check that every key holds.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../support/services.js";

const MAIN = resolve("dist/main.js");
const dir = mkdtempSync(join(tmpdir(), "mimic-e2e-coffee-shop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mimic(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "generate", "coffee-shop", ...args], { cwd: dir, encoding: "utf8", timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TABLES = ["stores", "customers", "loyalty_members", "transactions", "line_items"];
/** Every foreign key of coffee-shop: child table, column, parent table, column. */
const KEYS = [
  ["customers", "home_store_id", "stores", "store_id"],
  ["loyalty_members", "customer_id", "customers", "customer_id"],
  ["transactions", "customer_id", "customers", "customer_id"],
  ["transactions", "store_id", "stores", "store_id"],
  ["line_items", "transaction_id", "transactions", "transaction_id"],
] as const;
// 2,500 customers: two family chunks (2,048 customers each), so two workers share the work.
const SIZE = ["--customers", "2500", "--stores", "7"];

const csvRows = (table: string) =>
  readFileSync(join(dir, "shop", `${table}.csv`), "utf8")
    .trim()
    .split("\n").length - 1;

describe("mimic generate coffee-shop", () => {
  it("writes the five tables into --out, byte-identical for 1 and 2 workers", () => {
    const one = mimic(...SIZE, "--out", "shop/");
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(
      /^mimic: wrote [\d,]+ rows in 5 tables \(stores 7, customers 2,500, loyalty_members [\d,]+, transactions [\d,]+, line_items [\d,]+\) to shop\//,
    );
    expect(readdirSync(join(dir, "shop")).sort()).toEqual(TABLES.map((t) => `${t}.csv`).sort());
    const two = mimic(...SIZE, "--workers", "2", "--out", "shop-2/");
    expect(two.code, two.stderr).toBe(0);
    for (const t of TABLES) expect(readFileSync(join(dir, "shop-2", `${t}.csv`)).equals(readFileSync(join(dir, "shop", `${t}.csv`))), t).toBe(true);
  });

  it("refuses --rows (its size is --customers) with exit code 2", () => {
    const r = mimic("--rows", "1000", "--out", "nope/");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--customers");
  });

  it("loads into SQLite with the foreign keys declared, enforced and holding", () => {
    const r = mimic(...SIZE, "--to", "sqlite:shop.db");
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(join(dir, "shop.db"));
    try {
      db.pragma("foreign_keys = ON");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      for (const t of TABLES) expect(count(`SELECT count(*) AS n FROM ${t}`), t).toBe(csvRows(t));
      for (const [child, column, parent, key] of KEYS) {
        const declared = db.pragma(`foreign_key_list(${child})`) as { table: string; from: string; to: string }[];
        expect(declared, `${child}.${column}`).toContainEqual(expect.objectContaining({ table: parent, from: column, to: key }));
        expect(count(`SELECT count(*) AS n FROM ${child} c WHERE NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${key} = c.${column})`)).toBe(0);
      }
      // The keys are enforced, not only declared: an item of a transaction that does not exist is refused.
      expect(() =>
        db
          .prepare(
            "INSERT INTO line_items (transaction_id, line, product_id, product, type, calories, price, quantity, amount) VALUES (1, 1, 1, 'x', 'Drink', 1, 1, 1, 1)",
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
      expect(
        count(
          "SELECT count(*) AS n FROM transactions t WHERE round(t.total * 100) != (SELECT round(sum(amount) * 100) FROM line_items i WHERE i.transaction_id = t.transaction_id)",
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  });
});

const postgres = await checkService("postgres");

describe.skipIf(!postgres.available)("mimic generate coffee-shop --to postgres://", () => {
  // A schema of its own, so that other suites on the same server are not touched.
  const schema = `mimic_coffee_shop_${process.pid}`;
  const url = `${serviceUrl("postgres")}?schema=${schema}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("loads every table with validated primary and foreign keys; every key holds", async () => {
    const r = mimic(...SIZE, "--workers", "2", "--to", url);
    expect(r.code, r.stderr).toBe(0);
    const client = new pg.Client({ connectionString: serviceUrl("postgres") });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      for (const t of TABLES) expect(await count(`SELECT count(*) AS n FROM ${schema}.${t}`), t).toBe(csvRows(t));
      const fks = await client.query<{ child: string; parent: string; validated: boolean }>(
        `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent, convalidated AS validated
           FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype = 'f' ORDER BY conname`,
        [schema],
      );
      expect(fks.rows).toHaveLength(KEYS.length);
      expect(fks.rows.every((k) => k.validated)).toBe(true);
      for (const [child, column, parent, key] of KEYS) {
        expect(
          await count(`SELECT count(*) AS n FROM ${schema}.${child} c WHERE NOT EXISTS (SELECT 1 FROM ${schema}.${parent} p WHERE p.${key} = c.${column})`),
        ).toBe(0);
      }
      await expect(
        client.query(`INSERT INTO ${schema}.loyalty_members (member_id, customer_id, joined_date, tier, points) VALUES (-1, -1, '2022-01-01', 'Gold', 1)`),
      ).rejects.toThrow(/foreign key/);
      expect(
        await count(
          `SELECT count(*) AS n FROM ${schema}.transactions t WHERE t.total != (SELECT sum(amount) FROM ${schema}.line_items i WHERE i.transaction_id = t.transaction_id)`,
        ),
      ).toBe(0);
    } finally {
      await client.end();
    }
  });
});
