// Parquet input for fit and evaluate, and --na markers: a table reads the same from the CSV and the
// Parquet mimic writes of it, and a column's missing-value marker comes back from sample.
import { afterAll, describe, expect, it } from "vitest";
import { dataset } from "../datasets/index.js";
import { evaluateTables } from "../evaluate/index.js";
import { openWriter } from "../writers/index.js";
import { asNumbers, asText, fitModel, modelGenerator, readCsvTable, readTable, type RawColumn, type RawTable } from "./index.js";
import { tempDir } from "./test-support/temp-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

async function writeBoth(rows: number): Promise<{ csv: string; parquet: string }> {
  const table = dataset("coffee-sales", {}, 7);
  const out = { csv: `${tmp.dir}/sales.csv`, parquet: `${tmp.dir}/sales.parquet` };
  for (const format of ["csv", "parquet"] as const) {
    const writer = await openWriter({ format, shape: table.shape, out: out[format] });
    await writer.write(table.generateChunk(0, rows));
    await writer.close();
  }
  return out;
}

/** A column's cells as JS values (numbers, epoch ms, text, null), whatever its storage. */
function cells(c: RawColumn): (number | string | null)[] {
  if (c.storage === "text") return Array.from(asText(c).codes, (code) => (code === 0xffffffff ? null : asText(c).dictionary[code]!));
  return Array.from(asNumbers(c).values, (v) => (Number.isNaN(v) ? null : v));
}

describe("readTable", () => {
  it("reads the Parquet mimic writes as the CSV of the same rows: same columns, values and fitted types", async () => {
    const { csv, parquet } = await writeBoth(3000);
    const fromCsv = await readTable(csv);
    const fromParquet = await readTable(parquet);
    expect(fromParquet.rowCount).toBe(fromCsv.rowCount);
    expect(fromParquet.columns.map((c) => c.name)).toEqual(fromCsv.columns.map((c) => c.name));
    for (const [i, c] of fromCsv.columns.entries()) expect(cells(fromParquet.columns[i]!), c.name).toEqual(cells(c));
    const a = fitModel(fromCsv);
    const b = fitModel(fromParquet);
    expect(b.columns.map((c) => [c.name, c.type, c.model])).toEqual(a.columns.map((c) => [c.name, c.type, c.model]));
    expect(b.relationships.map((r) => r.text)).toEqual(a.relationships.map((r) => r.text));
    // And evaluate takes either format, with the same scores for the same rows.
    const gen = modelGenerator(a.model, { seed: 3 });
    const batch = gen.generateChunk(0, 3000);
    const synthetic: Record<string, RawTable> = {};
    for (const format of ["csv", "parquet"] as const) {
      const writer = await openWriter({ format, shape: gen.shape, out: `${tmp.dir}/synthetic.${format}` });
      await writer.write(batch);
      await writer.close();
      synthetic[format] = await readTable(`${tmp.dir}/synthetic.${format}`);
    }
    const scores = evaluateTables(fromParquet, synthetic["parquet"]!).quality;
    const csvScores = evaluateTables(fromCsv, synthetic["csv"]!).quality;
    expect(scores.score).toBeCloseTo(csvScores.score, 12);
    expect(scores.validity).toBeCloseTo(csvScores.validity, 12);
  });

  it("reads a CSV named .parquet as CSV and a Parquet file named .csv as Parquet: the content decides", async () => {
    const { csv, parquet } = await writeBoth(50);
    const swapped = { csv: tmp.file("really-parquet.csv", ""), parquet: tmp.file("really-csv.parquet", "") };
    const { copyFileSync } = await import("node:fs");
    copyFileSync(parquet, swapped.csv);
    copyFileSync(csv, swapped.parquet);
    expect((await readTable(swapped.csv)).notices).toContain("read as Parquet: column types come from the file");
    expect((await readTable(swapped.parquet)).columns.map((c) => c.storage)).toEqual((await readCsvTable(csv)).columns.map((c) => c.storage));
  });

  it("in Parquet a null is missing, and a text cell only when --na lists it", async () => {
    const path = `${tmp.dir}/answers.parquet`;
    const shape = {
      name: "answers",
      columns: [
        { name: "answer", type: "string" as const, nullable: true },
        { name: "n", type: "int" as const },
      ],
    };
    const writer = await openWriter({ format: "parquet", shape, out: path });
    const words = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? "NA" : i % 3 === 1 ? "yes" : "no"));
    const nulls = Uint8Array.from(words, (_, i) => (i % 10 === 5 ? 1 : 0));
    await writer.write({ length: 60, chunkIndex: 0, columns: [{ values: words, nulls }, { values: Float64Array.from(words, (_, i) => i) }] });
    await writer.close();
    const plain = (await readTable(path)).columns[0]!;
    expect(plain).toMatchObject({ storage: "text", nulls: 6 });
    expect(plain.storage === "text" && [...plain.dictionary].sort()).toEqual(["NA", "no", "yes"]);
    const listed = (await readTable(path, { na: ["NA"] })).columns[0]!;
    // 20 "NA" cells, 2 of which are nulls in the file (rows 15 and 45), plus 6 nulls: 24 missing, "NA" the column's marker.
    expect(listed).toMatchObject({ storage: "text", nulls: 24, missing: "NA" });
  });
});
