import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ColumnBatch, DictionaryValues } from "../synth/batch.js";
import { openWriter } from "../synth/writers/index.js";
import { allTypesTable } from "../synth/writers/test-support/fixture-tables.js";
import { looksLikeParquet, parquetRowCount, readParquet, type ParquetColumn } from "./index.js";

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "mimic-pq-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

function column(columns: ParquetColumn[], name: string): ParquetColumn {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/** The cells of a column as JSON-able values: numbers, strings, null for a null cell. */
function cells(c: ParquetColumn): (number | string | null)[] {
  return c.kind === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
}

describe("readParquet", () => {
  it("reads back what mimic's Parquet writer wrote: same values, same types, over several row groups", async () => {
    const table = allTypesTable(5, 400);
    const file = join(dir, "all.parquet");
    const writer = await openWriter({ format: "parquet", shape: table.shape, out: file });
    const batches: ColumnBatch[] = [];
    for (let k = 0; k < 3; k++) {
      const b = table.generateChunk(k, k === 2 ? 77 : 400);
      batches.push(b);
      await writer.write(b);
    }
    await writer.close();

    const read = await readParquet(file);
    expect(read.rowCount).toBe(877);
    expect(read.columns.map((c) => [c.name, c.kind])).toEqual([
      ["id", "int"],
      ["label", "string"],
      ["category", "string"],
      ["price", "decimal"],
      ["ratio", "float"],
      ["rounded", "float"],
      ["flag", "bool"],
      ["day", "date"],
      ["iso_day", "date"],
      ["clock", "time"],
      ["stamp", "timestamp"],
      ["maybe", "int"],
    ]);
    expect(column(read.columns, "price")).toMatchObject({ scale: 2 });
    const all = <T>(pick: (b: ColumnBatch, i: number) => T): T[] => batches.flatMap((b) => Array.from({ length: b.length }, (_, i) => pick(b, i)));
    const num = (b: ColumnBatch, c: number, i: number) => (b.columns[c]!.values as Float64Array)[i]!;
    expect(cells(column(read.columns, "id"))).toEqual(all((b, i) => num(b, 0, i)));
    expect(cells(column(read.columns, "label"))).toEqual(all((b, i) => (b.columns[1]!.values as string[])[i]!));
    expect(cells(column(read.columns, "category"))).toEqual(
      all((b, i) => {
        const d = b.columns[2]!.values as DictionaryValues;
        return d.dictionary[d.codes[i]!]!;
      }),
    );
    expect(cells(column(read.columns, "price"))).toEqual(all((b, i) => num(b, 3, i) / 100));
    expect(cells(column(read.columns, "ratio"))).toEqual(all((b, i) => num(b, 4, i)));
    expect(cells(column(read.columns, "flag"))).toEqual(all((b, i) => (b.columns[6]!.values as Uint8Array)[i]!));
    expect(cells(column(read.columns, "day"))).toEqual(all((b, i) => num(b, 7, i) * DAY));
    expect(cells(column(read.columns, "clock"))).toEqual(all((b, i) => num(b, 9, i) * 1000));
    expect(cells(column(read.columns, "stamp"))).toEqual(all((b, i) => num(b, 10, i)));
    expect(cells(column(read.columns, "maybe"))).toEqual(all((b, i) => (b.columns[11]!.nulls![i] ? null : num(b, 11, i))));
    expect(column(read.columns, "maybe").nulls).toBe(all((b, i) => b.columns[11]!.nulls![i]!).filter((n) => n === 1).length);
  });

  it("reads a slice of rows across row-group and page edges, the same cells as the whole file", async () => {
    const table = allTypesTable(6, 300);
    const file = join(dir, "slices.parquet");
    const writer = await openWriter({ format: "parquet", shape: table.shape, out: file });
    for (let k = 0; k < 3; k++) await writer.write(table.generateChunk(k, 300));
    await writer.close();
    expect(await parquetRowCount(file)).toBe(900);
    const whole = await readParquet(file, { columns: ["id", "label", "ratio", "maybe"] });
    for (const [start, end] of [
      [0, 1],
      [250, 650],
      [299, 301],
      [899, 900],
      [800, 5000],
    ] as const) {
      const part = await readParquet(file, { columns: ["id", "label", "ratio", "maybe"], rows: { start, end } });
      expect(part.rowCount).toBe(Math.min(end, 900) - start);
      for (const c of part.columns) expect(cells(c), `${c.name} [${start}, ${end})`).toEqual(cells(column(whole.columns, c.name)).slice(start, end));
    }
  });

  it("reads a file DuckDB wrote (dictionary pages, nulls, every flat type) as DuckDB reads it", async () => {
    const file = join(dir, "duck.parquet");
    await duck(`COPY (
        SELECT i::INTEGER AS small, (i * 1000000007)::BIGINT AS big, i / 7 AS ratio, (i * 1.125)::DECIMAL(12, 3) AS money,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 'city ' || (i % 4) END AS city, i % 2 = 0 AS even,
               DATE '2020-01-01' + i::INTEGER AS day, TIMESTAMP '2021-03-04 05:06:07.250' + i * INTERVAL 1 HOUR AS stamp,
               CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS sparse
        FROM range(3000) t(i)
      ) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    const read = await readParquet(file);
    const expected = await duck(
      `SELECT small, big::DOUBLE AS big, ratio, money::DOUBLE AS money, city, even::INTEGER AS even, epoch_ms(day::TIMESTAMP)::DOUBLE AS day,
              epoch_ms(stamp)::DOUBLE AS stamp, sparse::DOUBLE AS sparse FROM read_parquet('${file}')`,
    );
    expect(read.rowCount).toBe(3000);
    expect(read.columns.map((c) => c.kind)).toEqual(["int", "int", "float", "decimal", "string", "bool", "date", "timestamp", "int"]);
    for (const name of Object.keys(expected[0]!)) {
      expect(cells(column(read.columns, name)), name).toEqual(
        expected.map((r) => (r[name] === null ? null : typeof r[name] === "string" ? r[name] : Number(r[name]))),
      );
    }
    expect(column(read.columns, "city").nulls).toBe(600);
  });

  it("reads only the columns asked for, and names what is wrong with a file it cannot read", async () => {
    const file = join(dir, "nested.parquet");
    await duck(`COPY (SELECT i AS n, [i, i + 1] AS pair FROM range(10) t(i)) TO '${file}' (FORMAT parquet)`);
    expect((await readParquet(file, { columns: ["n"] })).columns.map((c) => c.name)).toEqual(["n"]);
    await expect(readParquet(file)).rejects.toMatchObject({ code: "PARQUET_BAD_SCHEMA", message: expect.stringContaining('"pair"') });
    await expect(readParquet(file, { columns: ["n", "temperature"] })).rejects.toMatchObject({
      code: "PARQUET_BAD_SCHEMA",
      message: expect.stringContaining('no column "temperature"'),
    });
    const text = join(dir, "not.parquet");
    writeFileSync(text, "a,b\n1,2\n");
    await expect(readParquet(text)).rejects.toMatchObject({ code: "PARQUET_UNREADABLE" });
    await expect(readParquet(join(dir, "missing.parquet"))).rejects.toMatchObject({ code: "IO_UNREADABLE" });
    expect(looksLikeParquet(new TextEncoder().encode("PAR1xxxx"))).toBe(true);
    expect(looksLikeParquet(new TextEncoder().encode("a,b\n"))).toBe(false);
  });
});
