// `unique:` tuples of a table: within a parent (no customer reviews the same product twice) and over
// the whole table (each pair of rows at most once), both by construction; a value space too small
// for the rows is refused with its path.
import { describe, expect, it } from "vitest";
import type { Issue } from "../../errors/index.js";
import { compileDatabase } from "./compile.js";
import type { CompiledDatabase } from "./database.js";
import { cell } from "./test-support/read.js";

function rowsOf(db: CompiledDatabase, table: string): Record<string, number | string | null>[] {
  const shape = db.tables.find((t) => t.name === table)!;
  const out: Record<string, number | string | null>[] = [];
  for (const unit of db.plan)
    for (const part of db.generate(unit))
      if (part.table === table)
        for (let i = 0; i < part.batch.length; i++) out.push(Object.fromEntries(shape.columns.map((c, k) => [c.name, cell(part.batch.columns[k]!, i)])));
  return out;
}

const reviewsPerCustomer = { name: "discrete", values: [0, 1, 3, 8, 20], weights: [20, 30, 25, 20, 5] };

function schema(reviews: Record<string, unknown> = {}, pairs: Record<string, unknown> = {}): unknown {
  return {
    tables: {
      products: {
        rows: 20,
        columns: {
          product_id: { kind: "sequence", start: 101 },
          popularity: { kind: "numeric", distribution: { name: "zipf", n: 20, s: 1.3 } },
        },
      },
      customers: { rows: 600, chunkSize: 64, columns: { customer_id: { kind: "sequence" } } },
      reviews: {
        unique: [["customer_id", "product_id"]],
        columns: {
          customer_id: { kind: "reference", table: "customers", column: "customer_id", perParent: reviewsPerCustomer },
          product_id: { kind: "reference", table: "products", column: "product_id", weight: "popularity" },
          stars: { kind: "numeric", distribution: { name: "discrete", values: [1, 2, 3, 4, 5] }, type: "int" },
        },
        ...reviews,
      },
      pairs: {
        rows: 9000,
        chunkSize: 1000,
        unique: [["customer_id", "product_id"]],
        columns: {
          customer_id: { kind: "reference", table: "customers", column: "customer_id" },
          product_id: { kind: "reference", table: "products", column: "product_id" },
        },
        ...pairs,
      },
    },
  };
}

const duplicates = (rows: readonly Record<string, unknown>[]) =>
  rows.length - new Set(rows.map((r) => `${String(r.customer_id)}/${String(r.product_id)}`)).size;

function issuesOf(s: unknown): Issue[] {
  try {
    compileDatabase(s, { seed: 1 });
  } catch (e) {
    return (e as { issues: Issue[] }).issues;
  }
  throw new Error("compiled");
}

describe("unique tuples", () => {
  it("within a parent: no customer reviews the same product twice, popular products still reviewed most", () => {
    const db = compileDatabase(schema(), { seed: 7 });
    const reviews = rowsOf(db, "reviews");
    expect(reviews.length).toBeGreaterThan(2000);
    expect(duplicates(reviews)).toBe(0);
    // A customer with 20 reviews has reviewed every product once.
    const perCustomer = new Map<unknown, Set<unknown>>();
    for (const r of reviews) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? new Set()).add(r.product_id));
    const full = [...perCustomer.values()].filter((s) => s.size === 20);
    expect(full.length).toBeGreaterThan(10);
    // Still weighted: the most popular product is reviewed far more often than the least popular.
    const products = rowsOf(db, "products").sort((a, b) => (b.popularity as number) - (a.popularity as number));
    const count = (p: unknown) => reviews.filter((r) => r.product_id === p).length;
    expect(products[0]!.popularity).toBeGreaterThan(3 * (products[19]!.popularity as number));
    expect(count(products[0]!.product_id)).toBeGreaterThan(2 * count(products[19]!.product_id));
    // Without `unique`, the same draws repeat products within customers.
    const free = rowsOf(compileDatabase(schema({ unique: undefined }), { seed: 7 }), "reviews");
    expect(duplicates(free)).toBeGreaterThan(500);
  });

  it("over the whole table: each customer-product pair at most once, every pair reachable", () => {
    const pairs = rowsOf(compileDatabase(schema(), { seed: 7 }), "pairs");
    expect(pairs).toHaveLength(9000);
    expect(duplicates(pairs)).toBe(0);
    // 9,000 of the 12,000 pairs: nearly every customer and every product appears.
    expect(new Set(pairs.map((p) => p.customer_id)).size).toBeGreaterThan(590);
    expect(new Set(pairs.map((p) => p.product_id)).size).toBe(20);
    // The whole space: every pair exactly once.
    const all = rowsOf(compileDatabase(schema({}, { rows: 12000 }), { seed: 3 }), "pairs");
    expect(duplicates(all)).toBe(0);
    expect(all).toHaveLength(12000);
    // The same rows whatever the chunk size (the permutation is over the global row index).
    const other = rowsOf(compileDatabase(schema({}, { chunkSize: 333 }), { seed: 7 }), "pairs");
    expect(other).toEqual(pairs);
  });

  it("refuses a value space that cannot hold the rows, and tuples it cannot make unique, with their paths", () => {
    const issues = issuesOf(
      schema(
        {
          columns: {
            ...(schema() as { tables: { reviews: { columns: object } } }).tables.reviews.columns,
            customer_id: { kind: "reference", table: "customers", column: "customer_id", perParent: { name: "poisson", lambda: 3 } },
          },
        },
        { rows: 12001 },
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "tables.reviews.unique.0", code: "value_space", message: expect.stringContaining("only 20 rows") }),
        expect.objectContaining({ path: "tables.pairs.unique.0", code: "value_space", message: expect.stringContaining("12000 combinations") }),
      ]),
    );
    const tooMany = issuesOf(
      schema({
        columns: {
          customer_id: { kind: "reference", table: "customers", column: "customer_id", perParent: { name: "discrete", values: [1, 21] } },
          product_id: { kind: "reference", table: "products", column: "product_id" },
        },
      }),
    );
    expect(tooMany).toEqual([
      expect.objectContaining({ path: "tables.reviews.unique.0", code: "value_space", message: expect.stringContaining("can get 21") }),
    ]);
    const unsupported = issuesOf(schema({ unique: [["customer_id", "stars"]] }, { unique: [["customer_id", "nope"]] }));
    expect(unsupported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "tables.reviews.unique.0", code: "unsupported" }),
        expect.objectContaining({ path: "tables.pairs.unique.0", code: "unknown_column" }),
      ]),
    );
  });
});
