import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileDatabase } from "../synth/schema/index.js";
import { openSqlScript } from "./sql-script.js";

const shop: unknown = parse(readFileSync(new URL("../../docs/examples/shop.yaml", import.meta.url), "utf8"));

describe("a SQL script of several tables", () => {
  it("writes each batch whole and in the order handed over, when a family chunk's tables are handed over at once", async () => {
    const database = compileDatabase(shop, { seed: 3 });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (b: Buffer) => chunks.push(b));
    const script = await openSqlScript(out, database, "postgres");
    const writers = new Map(await Promise.all(database.tables.map(async (t) => [t.name, await script.open(t)] as const)));
    const parts = database.generate(database.plan[0]!);
    // Batches above 500 rows take several INSERT statements, so several awaits each.
    expect(parts.some((p) => p.batch.length > 500)).toBe(true);
    await Promise.all(parts.map((p) => writers.get(p.table)!.write(p.batch)));
    await script.finish();
    const inserts = Buffer.concat(chunks)
      .toString("utf8")
      .split("\n")
      .filter((line) => line.startsWith("INSERT INTO"))
      .map((line) => /^INSERT INTO "(\w+)"/.exec(line)![1]);
    const order = inserts.filter((t, i) => i === 0 || inserts[i - 1] !== t);
    expect(order).toEqual(parts.filter((p) => p.batch.length > 0).map((p) => p.table));
  });
});
