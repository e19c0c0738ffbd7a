// `sequence` with `scope: group` numbers groups 1, 2, 3… over the whole table: across chunk
// boundaries (the groups of earlier chunks are counted), across worker threads, and in a child table
// of a whole database (whose chunks have as many rows as their parents have children).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../generate/generate.js";
import { compileDatabase, compileSchema } from "./compile.js";
import { cell, columnAll, generateRows } from "./test-support/read.js";

const dir = mkdtempSync(join(tmpdir(), "mimic-group-numbering-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baskets = {
  chunkSize: 7,
  group: { size: { name: "discrete", values: [1, 2, 3, 4], weights: [4, 3, 2, 1] } },
  columns: {
    basket: { kind: "sequence", scope: "group" },
    code: { kind: "sequence", scope: "group", start: 10, step: 10, pattern: "B-####" },
    line: { kind: "sequence", within: "group" },
    first_row: { kind: "unique", scope: "group", format: "int" },
  },
};

/** Checks that `numbers` count groups: start at 1, and go up by exactly 1 where `line` restarts at 1. */
function expectCounted(numbers: readonly unknown[], lines: readonly unknown[]): number {
  expect(numbers[0]).toBe(1);
  for (let i = 1; i < numbers.length; i++) expect(numbers[i], `row ${i}`).toBe((numbers[i - 1] as number) + (lines[i] === 1 ? 1 : 0));
  return numbers[numbers.length - 1] as number;
}

describe("sequence with scope: group", () => {
  it("counts groups across chunk boundaries, 1, 2, 3… (not the row each group starts at)", () => {
    const table = compileSchema({ tables: { sales: { rows: 200, ...baskets } } }, { seed: 3 });
    const batches = generateRows(table, 200);
    expect(batches.length).toBeGreaterThan(20);
    const lines = columnAll(table, batches, "line");
    const groups = expectCounted(columnAll(table, batches, "basket"), lines);
    // About 200 rows / mean size 2 (plus groups cut at chunk ends).
    expect(groups).toBeGreaterThan(80);
    expect(groups).toBeLessThan(130);
    const codes = columnAll(table, batches, "code");
    expect(codes[0]).toBe("B-0010");
    expect(codes[codes.length - 1]).toBe(`B-${String(groups * 10).padStart(4, "0")}`);
    // A chunk made on its own (as a worker makes it) numbers its groups as the whole run does.
    const alone = compileSchema({ tables: { sales: { rows: 200, ...baskets } } }, { seed: 3 });
    const k = 17;
    const chunk = alone.generateChunk(k, 7);
    const index = alone.shape.columns.findIndex((c) => c.name === "basket");
    expect(Array.from({ length: 7 }, (_, i) => cell(chunk.columns[index]!, i))).toEqual(columnAll(table, batches, "basket").slice(k * 7, k * 7 + 7));
  });

  it("gives the same bytes for 1 and 2 workers", async () => {
    const schema = join(dir, "sales.json");
    writeFileSync(schema, JSON.stringify({ tables: { sales: { rows: 3000, ...baskets, chunkSize: 100 } } }));
    const run = async (workers: number) => {
      const out = join(dir, `sales-${workers}.csv`);
      await generate({ source: { kind: "schema", path: schema }, seed: 9, format: "csv", out, workers });
      return readFileSync(out, "utf8");
    };
    const one = await run(1);
    expect(await run(2)).toBe(one);
    const rows = one
      .trim()
      .split("\r\n")
      .slice(1)
      .map((r) => r.split(","));
    expectCounted(
      rows.map((r) => Number(r[0])),
      rows.map((r) => Number(r[2])),
    );
  });

  it("counts the groups of a child table across family chunks", () => {
    const db = compileDatabase(
      {
        tables: {
          customers: { rows: 50, chunkSize: 8, columns: { id: { kind: "sequence" } } },
          visits: {
            group: baskets.group,
            columns: {
              customer: { kind: "reference", table: "customers", column: "id", perParent: { name: "poisson", lambda: 4 } },
              visit: { kind: "sequence", scope: "group" },
              line: { kind: "sequence", within: "group" },
            },
          },
        },
      },
      { seed: 5 },
    );
    const visits: unknown[] = [];
    const lines: unknown[] = [];
    for (const unit of db.plan) {
      for (const { table, batch } of db.generate(unit)) {
        if (table !== "visits") continue;
        for (let i = 0; i < batch.length; i++) {
          visits.push(cell(batch.columns[1]!, i));
          lines.push(cell(batch.columns[2]!, i));
        }
      }
    }
    expect(db.plan.length).toBe(7);
    expectCounted(visits, lines);
  });
});
