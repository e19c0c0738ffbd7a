// The record scanner agrees with csv-parse (the well-kept reference parser) on arbitrary CSV text,
// whatever the chunk boundaries, and reports malformed input with its line.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-support/temp-csv.js";
import { CsvSyntaxError, readCsvRecords } from "./csv-records.js";

const tmp = tempDir();
afterAll(() => tmp.remove());
let files = 0;

async function scan(text: string, chunkBytes: number): Promise<string[][]> {
  const path = tmp.file(`r${files++}.csv`, text);
  const out: string[][] = [];
  await readCsvRecords(path, (fields) => (out.push([...fields]), true), { chunkBytes });
  return out;
}

const field = fc.string({ unit: fc.constantFrom("a", "b", "é", "€", " ", ",", '"', "\n", "\r\n", "1", "."), maxLength: 8 });

function toCsv(rows: string[][], eol: string, quoteAll: boolean): string {
  const cell = (v: string): string => (quoteAll || /[",\r\n]/.test(v) || v === "" ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join(",")).join(eol) + eol;
}

describe("readCsvRecords", () => {
  it("reads exactly what csv-parse reads, for any chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 })),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (rows, eol, quoteAll, chunkBytes) => {
          const text = toCsv(rows, eol, quoteAll);
          const expected: string[][] = parse(text, { relax_column_count: true });
          expect(await scan(text, chunkBytes)).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it("skips a BOM and blank lines, reads a last line without a line end", async () => {
    expect(await scan("\uFEFFa,b\n\n1,2\r\n\r\n3,4", 3)).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
  });

  it("reports an unclosed quote and text after a closing quote with the line", async () => {
    await expect(scan('a,b\n1,"open\n2,3\n', 1 << 16)).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(scan('a,b\n1,"x"y\n', 1 << 16)).rejects.toMatchObject({ line: 2 });
  });
});
