import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ColumnBatch, DictionaryValues, TableShape } from "../batch.js";
import { createChunkEncoder } from "./chunk-encoder.js";
import { allTypesTable } from "./test-support/fixture-tables.js";

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "mimic-enc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape: TableShape = {
  name: "sales",
  columns: [
    { name: "id", type: "int" },
    { name: "date", type: "date", format: "MM/DD/YYYY" },
    { name: "time", type: "time", format: "HH:mm:ss" },
    { name: "product", type: "string" },
    { name: "note", type: "string" },
    { name: "amount", type: "decimal", scale: 2 },
    { name: "rating", type: "float", nullable: true },
  ],
};
const batch: ColumnBatch = {
  length: 2,
  chunkIndex: 0,
  columns: [
    { values: new Float64Array([1, -42]) },
    { values: new Float64Array([Date.UTC(2022, 11, 31) / DAY, 0]) },
    { values: new Float64Array([6 * 3600, 21 * 3600 - 1]) },
    { values: { kind: "dictionary", codes: new Uint32Array([1, 0]), dictionary: ["Latte", "Iced Tea"] } },
    { values: ['say "hi", twice', "two\nlines"] },
    { values: new Float64Array([747, -5]) },
    { values: new Float64Array([4.5, Number.NaN]), nulls: new Uint8Array([0, 1]) },
  ],
};

/** What every fixture value must read back as, computed from the raw numbers without our code. */
function expectedAllTypesRow(b: ColumnBatch, i: number): unknown[] {
  const num = (c: number) => (b.columns[c]!.values as Float64Array)[i]!;
  const dict = b.columns[2]!.values as DictionaryValues;
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = iso(num(7) * DAY);
  const maybeNull = b.columns[11]!.nulls![i] === 1;
  return [
    num(0),
    (b.columns[1]!.values as string[])[i],
    dict.dictionary[dict.codes[i]!],
    num(3) / 100,
    num(4),
    Math.round(num(5) * 1000) / 1000,
    (b.columns[6]!.values as Uint8Array)[i] ? "true" : "false",
    `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`,
    day.slice(0, 10),
    iso(num(9) * 1000).slice(11, 19),
    iso(num(10)),
    maybeNull ? null : num(11),
  ];
}

describe("createChunkEncoder (CSV)", () => {
  it("writes RFC 4180 with CRLF, quoted strings and dates, bare numbers, exact decimals, empty nulls", () => {
    const enc = createChunkEncoder("csv", shape);
    const text = enc.header().toString() + enc.encode(batch).toString();
    expect(text).toBe(
      '"id","date","time","product","note","amount","rating"\r\n' +
        '1,"12/31/2022","06:00:00","Iced Tea","say ""hi"", twice",7.47,4.5\r\n' +
        '-42,"01/01/1970","20:59:59","Latte","two\nlines",-0.05,\r\n',
    );
  });

  it("is read back unchanged by Python's csv module with QUOTE_NONNUMERIC", () => {
    const table = allTypesTable(7, 1000);
    const enc = createChunkEncoder("csv", table.shape);
    const batches = [0, 1, 2].map((k) => table.generateChunk(k, k === 2 ? 500 : 1000));
    const file = join(dir, "all.csv");
    writeFileSync(file, Buffer.concat([enc.header(), ...batches.map((b) => enc.encode(b))]));
    const script =
      "import csv, json, sys\n" +
      "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n" +
      "    rows = list(csv.reader(f, quoting=csv.QUOTE_NONNUMERIC))\n" +
      "print(json.dumps(rows))\n";
    const rows = JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8", maxBuffer: 64 << 20 })) as unknown[][];
    expect(rows[0]).toEqual(table.shape.columns.map((c) => c.name));
    const expected = batches.flatMap((b) => Array.from({ length: b.length }, (_, i) => expectedAllTypesRow(b, i)));
    // Python reads an empty unquoted field as "": that is how a null arrives.
    expect(rows.slice(1)).toEqual(expected.map((row) => row.map((v) => (v === null ? "" : v))));
  });

  it("formats dates outside the cached window and keeps dictionary words per dictionary", () => {
    const s: TableShape = {
      name: "t",
      columns: [
        { name: "d", type: "date" },
        { name: "w", type: "string" },
      ],
    };
    const enc = createChunkEncoder("csv", s);
    const far = [0, 1_000_000, -700_000, 2_000_000.5];
    const out = enc.encode({
      length: 4,
      chunkIndex: 0,
      columns: [{ values: new Float64Array(far) }, { values: { kind: "dictionary", codes: new Uint32Array([0, 1, 0, 1]), dictionary: ["a", "b"] } }],
    });
    const again = enc.encode({
      length: 1,
      chunkIndex: 1,
      columns: [{ values: new Float64Array([1_000_000]) }, { values: { kind: "dictionary", codes: new Uint32Array([0]), dictionary: ["z"] } }],
    });
    const days = far.map((d) => new Date(Math.round(d * DAY)).toISOString().slice(0, 10));
    expect(out.toString()).toBe(`"${days[0]}","a"\r\n"${days[1]}","b"\r\n"${days[2]}","a"\r\n"${days[3]}","b"\r\n`);
    expect(again.toString()).toBe(`"${days[1]}","z"\r\n`);
  });
});

describe("createChunkEncoder (JSON Lines)", () => {
  it("writes one object per line with typed values and null", () => {
    const enc = createChunkEncoder("jsonl", shape);
    expect(enc.header().length).toBe(0);
    const lines = enc.encode(batch).toString().split("\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe('{"id":1,"date":"12/31/2022","time":"06:00:00","product":"Iced Tea","note":"say \\"hi\\", twice","amount":7.47,"rating":4.5}');
    expect(lines.map((l): unknown => JSON.parse(l))).toEqual([
      { id: 1, date: "12/31/2022", time: "06:00:00", product: "Iced Tea", note: 'say "hi", twice', amount: 7.47, rating: 4.5 },
      { id: -42, date: "01/01/1970", time: "20:59:59", product: "Latte", note: "two\nlines", amount: -0.05, rating: null },
    ]);
  });

  it("round-trips every column type of the fixture through JSON.parse", () => {
    const table = allTypesTable(3, 500);
    const enc = createChunkEncoder("jsonl", table.shape);
    const b = table.generateChunk(4, 500);
    const parsed = enc
      .encode(b)
      .toString()
      .trimEnd()
      .split("\n")
      .map((l): Record<string, unknown> => JSON.parse(l) as Record<string, unknown>);
    const names = table.shape.columns.map((c) => c.name);
    expect(parsed.map((o) => names.map((n) => o[n]))).toEqual(
      Array.from({ length: 500 }, (_, i) => expectedAllTypesRow(b, i).map((v, c) => (c === 6 ? v === "true" : v))),
    );
  });
});

describe("numeric categoricals", () => {
  it("writes dictionary words of a numeric column bare in CSV and JSON", () => {
    const s: TableShape = {
      name: "t",
      columns: [
        { name: "store", type: "int" },
        { name: "size", type: "string" },
      ],
    };
    const b: ColumnBatch = {
      length: 2,
      chunkIndex: 0,
      columns: [
        { values: { kind: "dictionary", codes: new Uint32Array([1, 0]), dictionary: ["1", "2"] } },
        { values: { kind: "dictionary", codes: new Uint32Array([0, 0]), dictionary: ["S"] } },
      ],
    };
    expect(createChunkEncoder("csv", s).encode(b).toString()).toBe('2,"S"\r\n1,"S"\r\n');
    expect(createChunkEncoder("jsonl", s).encode(b).toString()).toBe('{"store":2,"size":"S"}\n{"store":1,"size":"S"}\n');
  });
});

describe("dictionaries that carry their bytes (ids)", () => {
  it("write the same text from the bytes as from the words, nulls included, in CSV and JSON", () => {
    const words = ["a1-Z", "b2 q", "c3.!"];
    const plain = { bytes: new Uint8Array(Buffer.from(words.join(""), "latin1")), width: 4 };
    const s: TableShape = {
      name: "t",
      columns: [
        { name: "id", type: "string", nullable: true },
        { name: "n", type: "int" },
      ],
    };
    const codes = new Uint32Array([2, 0, 0, 1, 2]);
    const nulls = new Uint8Array([0, 0, 1, 0, 0]);
    const make = (withBytes: boolean): ColumnBatch => ({
      length: 5,
      chunkIndex: 0,
      columns: [
        { values: { kind: "dictionary", codes, dictionary: words, ...(withBytes ? { plain } : {}) }, nulls },
        { values: new Float64Array([1, 2, 3, 4, 5]) },
      ],
    });
    for (const dialect of ["csv", "jsonl"] as const) {
      const fromBytes = createChunkEncoder(dialect, s).encode(make(true)).toString();
      expect(fromBytes).toBe(createChunkEncoder(dialect, s).encode(make(false)).toString());
    }
    expect(createChunkEncoder("csv", s).encode(make(true)).toString()).toBe('"c3.!",1\r\n"a1-Z",2\r\n,3\r\n"b2 q",4\r\n"c3.!",5\r\n');
  });
});
