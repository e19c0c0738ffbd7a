import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Issue } from "../../errors/index.js";
import { compileDatabase, validateSchema } from "./compile.js";
import type { CompiledDatabase } from "./database.js";
import { cell } from "./test-support/read.js";

const shop: unknown = parse(readFileSync(new URL("../../../docs/examples/shop.yaml", import.meta.url), "utf8"));

/** Every table's rows as objects of stored values (decimals as scaled integers), over the whole plan. */
function tablesOf(db: CompiledDatabase): Map<string, Record<string, number | string | null>[]> {
  const out = new Map(db.tables.map((t) => [t.name, [] as Record<string, number | string | null>[]]));
  for (const unit of db.plan) {
    for (const { table, batch } of db.generate(unit)) {
      const shape = db.tables.find((t) => t.name === table)!;
      for (let i = 0; i < batch.length; i++) out.get(table)!.push(Object.fromEntries(shape.columns.map((c, k) => [c.name, cell(batch.columns[k]!, i)])));
    }
  }
  return out;
}

/** A copy of the shop with a smaller chunk size for customers (so families span many chunks). */
function shopWith(customers: Record<string, unknown>): unknown {
  const s = structuredClone(shop) as { tables: Record<string, Record<string, unknown>> };
  Object.assign(s.tables["customers"]!, customers);
  return s;
}

describe("several related tables", () => {
  const db = compileDatabase(shopWith({ rows: 3000, chunkSize: 512 }), { seed: 7 });
  const tables = tablesOf(db);
  const customers = tables.get("customers")!;
  const orders = tables.get("orders")!;
  const items = tables.get("order_items")!;

  it("gives every child a parent that exists, and numbers child keys across chunks without gaps", () => {
    const customerIds = new Set(customers.map((c) => c["customer_id"]));
    for (const o of orders) expect(customerIds.has(o["customer_id"])).toBe(true);
    const orderIds = orders.map((o) => o["order_id"]);
    expect(orderIds).toEqual(orderIds.map((_, i) => 100001 + i));
    const orderSet = new Set(orderIds);
    for (const it of items) expect(orderSet.has(it["order_id"])).toBe(true);
    expect(db.rowsOf("orders")).toBe(orders.length);
    expect(db.rowsOf("order_items")).toBe(items.length);
  });

  it("draws children per parent from the count distribution (negative binomial: mean 3, variance 9)", () => {
    const perCustomer = new Map<unknown, number>();
    for (const o of orders) perCustomer.set(o["customer_id"], (perCustomer.get(o["customer_id"]) ?? 0) + 1);
    const counts = customers.map((c) => perCustomer.get(c["customer_id"]) ?? 0);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
    expect(mean).toBeGreaterThan(2.7);
    expect(mean).toBeLessThan(3.3);
    // Over-dispersed, unlike a Poisson: mean + mean²/size = 9.
    expect(variance).toBeGreaterThan(7);
    expect(variance).toBeLessThan(11);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
  });

  it("computes child columns from the parent's and parent aggregates from the children, exactly", () => {
    const signup = new Map(customers.map((c) => [c["customer_id"], c["signup_date"] as number]));
    for (const o of orders) expect(o["order_date"] as number).toBeGreaterThanOrEqual(signup.get(o["customer_id"])!);
    const sums = new Map<unknown, number>();
    const lines = new Map<unknown, number[]>();
    for (const it of items) {
      sums.set(it["order_id"], (sums.get(it["order_id"]) ?? 0) + (it["amount"] as number));
      lines.set(it["order_id"], [...(lines.get(it["order_id"]) ?? []), it["line"] as number]);
      // Decimal cents: unit price × quantity with no rounding drift.
      expect(it["amount"]).toBe((it["unit_price"] as number) * (it["quantity"] as number));
    }
    for (const o of orders) {
      expect(o["total"]).toBe(sums.get(o["order_id"]));
      const l = lines.get(o["order_id"])!;
      expect(o["items"]).toBe(l.length);
      expect(l).toEqual(l.map((_, i) => i + 1));
    }
  });

  it("gives the same rows for the same seed, and the plan is the root's chunks", () => {
    const again = tablesOf(compileDatabase(shopWith({ rows: 3000, chunkSize: 512 }), { seed: 7 }));
    expect(again.get("order_items")).toEqual(items);
    expect(db.plan.length).toBe(Math.ceil(3000 / 512));
  });

  it("keys: primaryKey as declared (composite), else the referenced column; every reference is a foreign key", () => {
    expect(Object.fromEntries(db.keys)).toEqual({ order_items: ["order_id", "line"], customers: ["customer_id"], orders: ["order_id"] });
    expect(db.foreignKeys).toEqual([
      { table: "orders", column: "customer_id", refTable: "customers", refColumn: "customer_id", inKeyOrder: true },
      { table: "order_items", column: "order_id", refTable: "orders", refColumn: "order_id", inKeyOrder: true },
    ]);
  });

  it("inKeyOrder holds: a perParent reference to a rising sequence comes in ascending order, across chunks", () => {
    for (const fk of db.foreignKeys.filter((k) => k.inKeyOrder)) {
      const values = tables.get(fk.table)!.map((r) => r[fk.column] as number);
      expect(
        values.some((v, i) => i > 0 && v < values[i - 1]!),
        `${fk.table}.${fk.column}`,
      ).toBe(false);
    }
  });

  it("inKeyOrder is false when the parent's key does not rise with its rows", () => {
    const keyedBy = (id: Record<string, unknown>) => {
      const s = structuredClone(shop) as { tables: Record<string, { columns: Record<string, unknown> }> };
      s.tables["customers"]!.columns["customer_id"] = id;
      return compileDatabase(s, { seed: 7 }).foreignKeys.find((k) => k.table === "orders")!.inKeyOrder;
    };
    expect(keyedBy({ kind: "unique", format: "uuid" })).toBe(false);
    expect(keyedBy({ kind: "sequence", step: -1, start: 1000000 })).toBe(false);
    expect(keyedBy({ kind: "sequence", pattern: "C-######" })).toBe(false);
    expect(keyedBy({ kind: "sequence", step: 3 })).toBe(true);
  });
});

describe("references without perParent", () => {
  const schema = {
    tables: {
      products: {
        rows: 50,
        columns: {
          product_id: { kind: "unique", pattern: "P-####" },
          popularity: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 }, hidden: true },
          weight: { kind: "expression", expr: "popularity < 0.5 ? 1 : 9" },
        },
      },
      reviews: {
        columns: {
          review_id: { kind: "sequence" },
          product_id: { kind: "reference", table: "products", column: "product_id" },
          liked: { kind: "reference", table: "products", column: "product_id", weight: "weight" },
        },
        rows: 20000,
      },
    },
  };

  it("pick existing keys uniformly, or weighted by a column of the other table", () => {
    const t = tablesOf(compileDatabase(schema, { seed: 3 }));
    const products = t.get("products")!;
    const ids = new Set(products.map((p) => p["product_id"]));
    const reviews = t.get("reviews")!;
    expect(reviews.length).toBe(20000);
    for (const r of reviews) expect(ids.has(r["product_id"]) && ids.has(r["liked"])).toBe(true);
    expect(new Set(reviews.map((r) => r["product_id"])).size).toBe(50);
    const heavy = new Set(products.filter((p) => p["weight"] === 9).map((p) => p["product_id"]));
    const share = (col: string) => reviews.filter((r) => heavy.has(r[col])).length / reviews.length;
    const expected = (9 * heavy.size) / (9 * heavy.size + (50 - heavy.size));
    expect(Math.abs(share("liked") - expected)).toBeLessThan(0.03);
    expect(Math.abs(share("product_id") - heavy.size / 50)).toBeLessThan(0.03);
  });
});

describe("lookup returning dates", () => {
  const schema = (launched: string) => ({
    data: { menu: { records: [{ product: "Latte", launched }] } },
    tables: {
      t: {
        rows: 3,
        columns: {
          product: { kind: "constant", value: "Latte" },
          launched: { kind: "lookup", data: "menu", key: "product", field: "launched", type: "date" },
          next_day: { kind: "expression", expr: "adddays(launched, 1)" },
        },
      },
    },
  });

  it("parses ISO text into a date that date functions read", () => {
    const t = tablesOf(compileDatabase(schema("2019-03-01"), { seed: 1 })).get("t")!;
    const days = Date.UTC(2019, 2, 1) / 86_400_000;
    expect(t.map((r) => [r["launched"], r["next_day"]])).toEqual([
      [days, days + 1],
      [days, days + 1],
      [days, days + 1],
    ]);
  });

  it("refuses text that is not a date, naming the value", () => {
    expect(validateSchema(schema("March 2019"))).toEqual([expect.objectContaining({ path: "tables.t.columns.launched.type", code: "invalid_value" })]);
    expect(validateSchema(schema("March 2019"))[0]!.message).toContain('"March 2019"');
  });
});

describe("bad input", () => {
  it("lists every problem at once with its path: unknown table and column, cycle, negative counts", () => {
    const issues: Issue[] = validateSchema({
      tables: {
        a: { columns: { id: { kind: "sequence" }, b_id: { kind: "reference", table: "b", column: "id" } } },
        b: { columns: { id: { kind: "sequence" }, a_id: { kind: "reference", table: "a", column: "id" } } },
        orders: {
          columns: {
            id: { kind: "sequence" },
            who: { kind: "reference", table: "customer", column: "id" },
            what: { kind: "reference", table: "a", column: "idd" },
          },
        },
        items: { columns: { order: { kind: "reference", table: "orders", column: "id", perParent: { name: "normal", mean: 2, sd: 1 } } } },
      },
    });
    const at = (path: string) => issues.find((i) => i.path === path);
    expect(at("tables.orders.columns.who.table")).toMatchObject({ code: "unknown_table" });
    expect(at("tables.orders.columns.who.table")!.message).toContain("the schema has a, b, orders, items");
    expect(at("tables.orders.columns.what.column")).toMatchObject({ code: "unknown_column" });
    expect(at("tables.orders.columns.what.column")!.message).toContain('did you mean "id"');
    expect(issues.find((i) => i.code === "cycle")!.message).toMatch(/a → b → a|b → a → b/);
    expect(at("tables.items.columns.order.perParent")).toMatchObject({ code: "negative_count" });
  });

  it("reports a broken perParent reference once, not again as its table's parent.x, within: parent and aggregates", () => {
    // The shop with the orders' parent misspelt, and the items' counts negative: without the
    // follow-on checks, order_date's `parent.signup_date`, the orders' two aggregates and the
    // items' `within: parent` line were reported too.
    const s = structuredClone(shop) as { tables: Record<string, { columns: Record<string, Record<string, unknown>> }> };
    s.tables["orders"]!.columns["customer_id"]!["table"] = "clients";
    s.tables["order_items"]!.columns["order_id"]!["perParent"] = { name: "discrete", values: [-1, 2], weights: [1, 1] };
    expect(validateSchema(s).map((i) => [i.path, i.code])).toEqual([
      ["tables.orders.columns.customer_id.table", "unknown_table"],
      ["tables.order_items.columns.order_id.perParent", "negative_count"],
    ]);
    // Fixed, the tables that were skipped are checked in full: a real problem there is reported.
    s.tables["orders"]!.columns["customer_id"]!["table"] = "customers";
    s.tables["order_items"]!.columns["order_id"]!["perParent"] = { name: "discrete", values: [1, 2], weights: [1, 1] };
    s.tables["orders"]!.columns["order_date"]!["expr"] = "adddays(parent.signup, days_after_signup)";
    expect(validateSchema(s).map((i) => [i.path, i.code])).toEqual([["tables.orders.columns.order_date.expr", "expression"]]);
  });

  it("refuses an aggregate read by another column, a reference to a non-key column, rows on a child", () => {
    const schema = {
      tables: {
        p: {
          rows: 10,
          columns: {
            id: { kind: "sequence" },
            name: { kind: "constant", value: "x" },
            total: { kind: "aggregate", table: "c", fn: "sum", column: "v" },
            twice: { kind: "expression", expr: "total * 2" },
          },
        },
        c: {
          rows: 5,
          columns: {
            pid: { kind: "reference", table: "p", column: "id", perParent: { name: "poisson", lambda: 2 } },
            v: { kind: "numeric", distribution: { name: "uniform", min: 0, max: 1 } },
            n: { kind: "reference", table: "p", column: "name" },
          },
        },
      },
    };
    const issues = validateSchema(schema);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["tables.c.rows", "invalid_value"],
      ["tables.p.columns.twice.expr", "deferred_column"],
    ]);
    // The children of a table that failed are checked once it compiles (their parent.x need it).
    const fixed = structuredClone(schema);
    delete (fixed.tables.p.columns as Record<string, unknown>)["twice"];
    expect(validateSchema(fixed).map((i) => [i.path, i.code])).toEqual([
      ["tables.c.rows", "invalid_value"],
      ["tables.c.columns.n.column", "invalid_value"],
    ]);
  });
});
