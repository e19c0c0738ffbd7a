import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MimicError } from "../../../errors/index.js";
import { tempDir } from "../test-support/temp-csv.js";
import { readCsvTable, type RawTable } from "./read-csv.js";

const tmp = tempDir();
afterAll(() => tmp.remove());

let files = 0;
async function code(text: string | Buffer): Promise<string> {
  try {
    await readCsvTable(tmp.file(`f${files++}.csv`, text));
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(MimicError);
    return (error as MimicError).code;
  }
}

describe("readCsvTable", () => {
  it("reads quoted fields, BOM, missing values and keeps the storage per column", async () => {
    const path = tmp.file("ok.csv", '\uFEFFid,name,price,when\n1,"Smith, Jo",1.50,2020-01-02\n2,"say ""hi""",,2020-01-03\n');
    const table = await readCsvTable(path);
    expect(table.rowCount).toBe(2);
    expect(table.columns.map((c) => c.storage)).toEqual(["numeric", "text", "numeric", "datetime"]);
    const name = table.columns[1]!;
    expect(name.storage === "text" && name.dictionary).toEqual(["Smith, Jo", 'say "hi"']);
    const price = table.columns[2]!;
    expect(price.storage === "numeric" && [price.decimals, price.nulls]).toEqual([2, 1]);
  });

  it("keeps zero-padded codes as text and switches a column to text when a late value is not a number", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `${i},0${i % 9}`);
    rows.push("oops,01");
    const table = await readCsvTable(tmp.file("mixed.csv", "a,zip\n" + rows.join("\n") + "\n"));
    expect(table.columns[0]!.storage).toBe("text");
    expect(table.columns[1]!.storage).toBe("text");
    const a = table.columns[0]!;
    expect(a.storage === "text" && a.numericShare).toBeCloseTo(1500 / 1501, 6);
  });

  it("refuses what is not a CSV with a clear code", async () => {
    expect(await code("")).toBe("CSV_EMPTY");
    expect(await code("a,b\n")).toBe("CSV_EMPTY");
    expect(await code('[{"a":1}]')).toBe("CSV_NOT_CSV");
    expect(await code(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBe("CSV_NOT_CSV");
    expect(await code("a,b\n1,2\n3\n")).toBe("CSV_MALFORMED");
    expect(await code('a,b\n1,"unclosed\n')).toBe("CSV_MALFORMED");
    expect(await code("a,a\n1,2\n")).toBe("CSV_BAD_HEADER");
    // Semicolons are sniffed now (see "reads the CSVs people have"); an inconsistent mix is refused.
    expect(await code("a;b|c\n1;2\n3|4|5\n")).toBe("CSV_UNKNOWN_DELIMITER");
  });

  it("reports a missing file as unreadable", async () => {
    await expect(readCsvTable(`${tmp.dir}/nope.csv`)).rejects.toMatchObject({ code: "IO_UNREADABLE" });
  });
});

describe("parseNumber", () => {
  it("reads plain decimals and refuses codes, words and partial numbers", async () => {
    const { parseNumber } = await import("./column-accumulator.js");
    for (const [text, value] of [["12", 12], ["-3.50", -3.5], ["+.5", 0.5], ["0", 0], ["0.25", 0.25], ["1e-3", 0.001], ["2E5", 200000], ["7.", 7], ["9007199254740991", 9007199254740991], ["12345678901234567890.5", Number("12345678901234567890.5")]] as const) {
      expect(parseNumber(text)).toBe(value);
    }
    for (const text of ["007", "02134", "-01", "", "-", ".", "1e", "1e+", "12a", "0x1A", "Infinity", "1,5", " 1", "12345678901234567890", "-9007199254740993"]) expect(parseNumber(text)).toBeNaN();
  });
});

describe("reads the CSVs people have (fixture files in test/fixtures/csv)", () => {
  const fixture = (name: string): string => fileURLToPath(new URL(`../../../../test/fixtures/csv/${name}`, import.meta.url));
  const texts = (t: RawTable, name: string): string[] => {
    const c = t.columns.find((x) => x.name === name)!;
    return c.storage === "text" ? Array.from(c.codes, (k) => c.dictionary[k]!) : Array.from(c.values, String);
  };

  it("sniffs semicolon, tab and pipe delimiters, with quoted separators, and says which", async () => {
    const semi = await readCsvTable(fixture("semicolon.csv"));
    expect(semi.columns.map((c) => c.name)).toEqual(["city", "price", "sold"]);
    expect(texts(semi, "city")).toEqual(["Lyon", "Nantes", "Aix; en Provence"]);
    expect(semi.notices).toEqual(["fields are separated by a semicolon, not a comma"]);
    expect((await readCsvTable(fixture("tab.tsv"))).columns.map((c) => c.name)).toEqual(["name", "score", "group"]);
    expect(texts(await readCsvTable(fixture("pipe.csv")), "score")).toEqual(["12", "7"]);
    await expect(readCsvTable(fixture("unknown-delimiter.csv"))).rejects.toMatchObject({ code: "CSV_UNKNOWN_DELIMITER" });
  });

  it("reads R's row names (header one name short) as a first column, with a notice", async () => {
    const t = await readCsvTable(fixture("r-row-names.csv"));
    expect(t.columns.map((c) => c.name)).toEqual(["row_names", "mpg", "cyl", "disp"]);
    expect(texts(t, "row_names")).toEqual(["Mazda RX4", "Mazda RX4 Wag", "Datsun 710"]);
    expect(t.notices?.[0]).toContain("R's row names");
  });

  it("reads month-name dates (MMM D YYYY, D-MMM-YY) as datetimes, written back alike", async () => {
    const t = await readCsvTable(fixture("month-names.csv"));
    const [date, release] = t.columns;
    expect(date!.storage === "datetime" && date!.format).toBe("MMM D YYYY");
    expect(release!.storage === "datetime" && release!.format).toBe("D-MMM-YY");
    expect(texts(t, "date").map((v) => new Date(Number(v)).toISOString().slice(0, 10))).toEqual(["1998-06-12", "2000-01-01", "1999-12-31"]);
    expect(texts(t, "release").map((v) => new Date(Number(v)).toISOString().slice(0, 10))).toEqual(["2000-01-01", "1999-03-15", "2005-07-07"]);
    const { formatDatetime } = await import("./datetime-format.js");
    expect(formatDatetime(Date.UTC(1998, 5, 12), "MMM D YYYY")).toBe("Jun 12 1998");
    expect(formatDatetime(Date.UTC(2000, 0, 1), "D-MMM-YY")).toBe("1-Jan-00");
  });

  it("reads comma thousands separators in a comma-separated file; elsewhere the metadata decides", async () => {
    const t = await readCsvTable(fixture("thousands.csv"));
    const population = t.columns[1]!;
    expect(population.storage === "numeric" && Array.from(population.values)).toEqual([413066, 486051, 235684, 51308, 1304379]);
    const semi = await readCsvTable(fixture("thousands-semicolon.csv"));
    const { inferColumnType } = await import("../infer.js");
    const reason = inferColumnType(semi.columns[1]!, semi.rowCount).reason;
    expect(reason).toContain('numbers with a comma (e.g. "413,066")');
    expect(reason).toContain("thousands: true");
    const { fitModel } = await import("../fit.js");
    const { parseMetadata } = await import("../metadata.js");
    const m = fitModel(semi, parseMetadata({ columns: { population: { type: "integer", thousands: true } } }, ["city", "population"])).model;
    expect(m.columns[1]).toMatchObject({ kind: "discrete", values: [235684, 413066, 486051] });
  });

  it("skips a byte-order mark", async () => {
    expect((await readCsvTable(fixture("bom.csv"))).columns.map((c) => c.name)).toEqual(["id", "value"]);
  });
});
