import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileDatabase } from "../synth/schema/index.js";
import { constraintStatements, quoteIdent } from "./ddl.js";

const shop = parse(readFileSync(new URL("../../docs/examples/shop.yaml", import.meta.url), "utf8")) as {
  tables: Record<string, { columns: Record<string, unknown> }>;
};

describe("constraintStatements (PostgreSQL)", () => {
  it("adds every primary key before any foreign key", () => {
    const statements = constraintStatements(compileDatabase(shop, { seed: 1 }), quoteIdent);
    const lastPk = statements.findLastIndex((s) => s.includes("PRIMARY KEY"));
    const firstFk = statements.findIndex((s) => s.includes("FOREIGN KEY"));
    expect(statements.filter((s) => s.includes("PRIMARY KEY"))).toHaveLength(3);
    expect(statements.filter((s) => s.includes("FOREIGN KEY"))).toHaveLength(2);
    expect(lastPk).toBeLessThan(firstFk);
  });

  it("checks a foreign key by merge join only where the child's key starts with it and its rows come in its order", () => {
    const statements = constraintStatements(compileDatabase(shop, { seed: 1 }), quoteIdent);
    // order_items (primary key order_id, line) in order_id order: a merge join of the two keys' indexes.
    const items = statements.findIndex((s) => s.startsWith('ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey"'));
    expect(statements.slice(items - 2, items + 3)).toEqual([
      "SET enable_hashjoin = off",
      "SET enable_nestloop = off",
      statements[items],
      "RESET enable_hashjoin",
      "RESET enable_nestloop",
    ]);
    // orders.customer_id comes in order too, but no index of orders starts with it: left to the planner.
    const orders = statements.findIndex((s) => s.startsWith('ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_fkey"'));
    expect(statements[orders - 1]).not.toMatch(/^SET /);
    expect(statements.filter((s) => s.startsWith("SET "))).toHaveLength(2);
  });

  it("leaves every check to the planner when the parent's key does not rise with its rows", () => {
    const s = structuredClone(shop);
    s.tables["orders"]!.columns["order_id"] = { kind: "unique", format: "uuid" };
    const statements = constraintStatements(compileDatabase(s, { seed: 1 }), quoteIdent);
    expect(statements.filter((x) => /^(SET|RESET) /.test(x))).toEqual([]);
  });
});
