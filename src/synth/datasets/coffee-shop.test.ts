import { describe, expect, it } from "vitest";
import type { CompiledDatabase } from "../schema/index.js";
import { cell } from "../schema/test-support/read.js";
import { coffeeShop } from "./coffee-shop.js";
import { readCsvTable } from "./internal/dataset-schema.js";

type Row = Record<string, number | string | null>;

/** Every table's rows as objects of stored values (decimals as scaled integers). */
function tablesOf(db: CompiledDatabase): Map<string, Row[]> {
  const out = new Map(db.tables.map((t) => [t.name, [] as Row[]]));
  for (const unit of db.plan) {
    for (const { table, batch } of db.generate(unit)) {
      const shape = db.tables.find((t) => t.name === table)!;
      for (let i = 0; i < batch.length; i++) out.get(table)!.push(Object.fromEntries(shape.columns.map((c, k) => [c.name, cell(batch.columns[k]!, i)])));
    }
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
const countBy = <T>(xs: readonly T[]) => {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return counts;
};

describe("coffee-shop", () => {
  const db = coffeeShop.buildDatabase({ customers: "5000", stores: "12" }, 42);
  const t = tablesOf(db);
  const rows = (name: string) => t.get(name)!;

  it("has five tables tied by foreign keys, every key pointing to a row that exists", () => {
    expect(db.tables.map((s) => s.name)).toEqual(["stores", "customers", "loyalty_members", "transactions", "line_items"]);
    expect(db.foreignKeys.map((k) => `${k.table}.${k.column} → ${k.refTable}.${k.refColumn}`)).toEqual([
      "customers.home_store_id → stores.store_id",
      "loyalty_members.customer_id → customers.customer_id",
      "transactions.customer_id → customers.customer_id",
      "transactions.store_id → stores.store_id",
      "line_items.transaction_id → transactions.transaction_id",
    ]);
    expect(rows("stores")).toHaveLength(12);
    expect(rows("customers")).toHaveLength(5000);
    for (const fk of db.foreignKeys) {
      const keys = new Set(rows(fk.refTable).map((r) => r[fk.refColumn]));
      expect(keys.size, `${fk.refTable}.${fk.refColumn} is unique`).toBe(rows(fk.refTable).length);
      const orphans = rows(fk.table).filter((r) => !keys.has(r[fk.column]));
      expect(orphans, `${fk.table}.${fk.column}`).toEqual([]);
    }
    const lines = rows("line_items").map((r) => `${r.transaction_id}/${r.line}`);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("draws visits per customer from an overdispersed negative binomial: many occasional customers, a few regulars", () => {
    const visits = countBy(rows("transactions").map((r) => r.customer_id));
    const perCustomer = rows("customers").map((c) => visits.get(c.customer_id) ?? 0);
    // negbinomial(mean 12, size 0.7): variance = mean + mean²/size ≈ 218, P(0) = (0.7/12.7)^0.7 ≈ 13%.
    expect(mean(perCustomer)).toBeGreaterThan(11);
    expect(mean(perCustomer)).toBeLessThan(13);
    expect(variance(perCustomer)).toBeGreaterThan(150);
    const none = perCustomer.filter((n) => n === 0).length / perCustomer.length;
    expect(none).toBeGreaterThan(0.1);
    expect(none).toBeLessThan(0.17);
    expect(Math.max(...perCustomer)).toBeGreaterThan(80);
  });

  it("keeps the coffee-sales basket sizes, menu, prices and exact totals", () => {
    const items = rows("line_items");
    expect(items.length / rows("transactions").length).toBeCloseTo(1.8, 1);
    const menu = new Map(readCsvTable(new URL("./coffee-sales/menu.csv", import.meta.url)).map((m) => [m.product, m]));
    for (const item of items.slice(0, 2000)) {
      const m = menu.get(item.product)!;
      expect(item.product_id).toBe(m.product_id);
      // Decimals are stored as cents.
      expect(item.price).toBe(Math.round((m.price as number) * 100));
      expect(item.amount).toBe((item.price as number) * (item.quantity as number));
    }
    const sums = new Map<unknown, number>();
    for (const i of items) sums.set(i.transaction_id, (sums.get(i.transaction_id) ?? 0) + (i.amount as number));
    for (const tx of rows("transactions")) expect(tx.total).toBe(sums.get(tx.transaction_id));
    // Breakfast hours sell more bagels than the afternoon does (the menu's time-of-day cases).
    const hour = new Map(rows("transactions").map((tx) => [tx.transaction_id, Math.floor((tx.time as number) / 3600)]));
    const bagelShare = (from: number, to: number) => {
      const food = items.filter((i) => i.type === "Food" && hour.get(i.transaction_id)! >= from && hour.get(i.transaction_id)! < to);
      return food.filter((i) => i.product === "Bagel").length / food.length;
    };
    expect(bagelShare(6, 11)).toBeGreaterThan(2 * bagelShare(14, 21));
  });

  it("puts stores at real US addresses and about a third of customers in the loyalty programme", () => {
    const zips = new Map(readCsvTable(new URL("../locales/en-US/zips.csv", import.meta.url), ["zip"]).map((z) => [z.zip, z]));
    for (const store of rows("stores")) {
      const zip = zips.get(store.zip);
      expect(zip, `${store.zip}`).toBeDefined();
      expect([store.city, store.state]).toEqual([zip!.city, zip!.state]);
    }
    const members = rows("loyalty_members");
    expect(members.length / rows("customers").length).toBeGreaterThan(0.32);
    expect(members.length / rows("customers").length).toBeLessThan(0.38);
    const signup = new Map(rows("customers").map((c) => [c.customer_id, c.signup_date as number]));
    for (const m of members) expect(m.joined_date as number).toBeGreaterThanOrEqual(signup.get(m.customer_id)!);
    const genders = countBy(rows("customers").map((c) => c.gender));
    expect(genders.get("Male")! / 5000).toBeCloseTo(0.53, 1);
  });

  it("reads its options and reports every bad one at once", () => {
    const small = coffeeShop.buildDatabase({ customers: "10", "visits-mean": "2", "start-date": "2024-03-01", "end-date": "2024-03-31" }, 1);
    expect(small.rowsOf("customers")).toBe(10);
    const dates = tablesOf(small)
      .get("transactions")!
      .map((r) => r.date as number);
    const march = [Date.UTC(2024, 2, 1) / 86_400_000, Date.UTC(2024, 2, 31) / 86_400_000];
    expect(dates.every((d) => d >= march[0]! && d <= march[1]!)).toBe(true);
    expect(() => coffeeShop.buildDatabase({ customers: "0", "visits-mean": "-1", "end-date": "2021-01-01", colour: "red" }, 1)).toThrow(
      expect.objectContaining({
        code: "DATASET_OPTION_INVALID",
        issues: expect.arrayContaining([
          expect.objectContaining({ path: "--customers" }),
          expect.objectContaining({ path: "--visits-mean" }),
          expect.objectContaining({ path: "--end-date" }),
          expect.objectContaining({ path: "--colour" }),
        ]),
      }),
    );
  });
});
