// The record scanner agrees with csv-parse (the well-kept reference parser) on arbitrary CSV text,
// whatever the chunk boundaries, and reports malformed input with its line.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-support/temp-csv.js";
import { CsvEncodingError, CsvSyntaxError, readCsvRecords } from "./csv-records.js";

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
    expect(await scan("\uFEFFa,b\n\n1,2\r\n\r\n3,4", 3)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("reports an unclosed quote and text after a closing quote with the line", async () => {
    await expect(scan('a,b\n1,"open\n2,3\n', 1 << 16)).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(scan('a,b\n1,"x"y\n', 1 << 16)).rejects.toMatchObject({ line: 2 });
  });
});

describe("readCsvRecords encoding", () => {
  it("refuses bytes that are not UTF-8 with their line, whatever the chunk size, and stops before them", async () => {
    const latin1 = Buffer.concat([Buffer.from('city,n\n"G\u00e9n\u00e8ve",1\n'), Buffer.from([0x5a, 0xfc]), Buffer.from("rich,2\nBern,3\n")]);
    for (const chunkBytes of [3, 7, 1 << 16]) {
      const path = tmp.file(`enc${files++}.csv`, latin1);
      const error = await readCsvRecords(path, () => true, { chunkBytes }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CsvEncodingError);
      expect(error).toMatchObject({ line: 3, message: 'line 3 has a byte that is not UTF-8 (0xFC after "Z")' });
    }
  });
});
