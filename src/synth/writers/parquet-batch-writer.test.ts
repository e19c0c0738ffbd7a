import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ColumnBatch, DictionaryValues } from "../batch.js";
import { openFileSink } from "./output-sink.js";
import { createParquetWriter } from "./parquet-batch-writer.js";
import { allTypesTable } from "./test-support/fixture-tables.js";

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "mimic-pq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe("createParquetWriter", () => {
  it("writes typed columns in several row groups that DuckDB reads back exactly", async () => {
    const table = allTypesTable(11, 700);
    const file = join(dir, "all.parquet");
    const writer = createParquetWriter(table.shape, await openFileSink(file), 1000);
    const batches: ColumnBatch[] = [];
    for (let k = 0; k < 4; k++) {
      const b = table.generateChunk(k, k === 3 ? 123 : 700);
      batches.push(b);
      await writer.write(b);
    }
    await writer.close();

    const types = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(types.map((t) => [t["column_name"], t["column_type"]])).toEqual([
      ["id", "BIGINT"],
      ["label", "VARCHAR"],
      ["category", "VARCHAR"],
      ["price", "DECIMAL(18,2)"],
      ["ratio", "DOUBLE"],
      ["rounded", "DOUBLE"],
      ["flag", "BOOLEAN"],
      ["day", "DATE"],
      ["iso_day", "DATE"],
      ["clock", "TIME"],
      ["stamp", "TIMESTAMP"],
      ["maybe", "BIGINT"],
    ]);
    const groups = await query(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${file}')`);
    // A group closes at the first batch that reaches 1000 rows: 700+700, then 700+123 at close.
    expect(Number(groups[0]!["n"])).toBe(2);

    const rows = await query(
      `SELECT id::VARCHAR AS id, label, category, price::VARCHAR AS price, ratio, rounded, flag, strftime(day, '%Y-%m-%d') AS day,
              strftime(iso_day, '%Y-%m-%d') AS iso_day, clock::VARCHAR AS clock, strftime(stamp, '%Y-%m-%dT%H:%M:%S.%gZ') AS stamp, maybe::VARCHAR AS maybe
       FROM read_parquet('${file}')`,
    );
    const expected = batches.flatMap((b) =>
      Array.from({ length: b.length }, (_, i) => {
        const num = (c: number) => (b.columns[c]!.values as Float64Array)[i]!;
        const dict = b.columns[2]!.values as DictionaryValues;
        const cents = num(3);
        const day = new Date(num(7) * DAY).toISOString().slice(0, 10);
        return {
          id: String(num(0)),
          label: (b.columns[1]!.values as string[])[i],
          category: dict.dictionary[dict.codes[i]!],
          price: `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`,
          ratio: num(4),
          rounded: Math.round(num(5) * 1000) / 1000,
          flag: (b.columns[6]!.values as Uint8Array)[i] === 1,
          day,
          iso_day: day,
          clock: new Date(num(9) * 1000).toISOString().slice(11, 19),
          stamp: new Date(num(10)).toISOString(),
          maybe: b.columns[11]!.nulls![i] ? null : String(num(11)),
        };
      }),
    );
    expect(rows).toEqual(expected);
  });

  it("writes a valid empty file for zero rows, and abort leaves nothing behind", async () => {
    const table = allTypesTable(1);
    const empty = join(dir, "empty.parquet");
    const w = createParquetWriter(table.shape, await openFileSink(empty));
    await w.close();
    expect(await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${empty}')`)).toEqual([{ n: 0 }]);

    const sub = mkdtempSync(join(dir, "abort-"));
    const aborted = createParquetWriter(table.shape, await openFileSink(join(sub, "x.parquet")), 100);
    await aborted.write(table.generateChunk(0, 500));
    await aborted.abort();
    expect(readdirSync(sub)).toEqual([]);
  });
});
