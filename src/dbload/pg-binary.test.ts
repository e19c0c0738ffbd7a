// The binary COPY encoder against the CSV one, through a real PostgreSQL: for random values of every
// column type (nulls, negatives, large decimals, dates before 2000, unicode text), the table loaded
// from the binary bytes must equal the table loaded from the CSV bytes, row by row.
import fc from "fast-check";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../test/support/services.js";
import type { ColumnBatch, ColumnSpec, ColumnVector, TableShape } from "../synth/batch.js";
import type { CompiledDatabase } from "../synth/schema/index.js";
import { createChunkEncoder, createPgBinaryEncoder, createPgCopyEncoder, isPgBinary } from "../synth/writers/index.js";
import { createTable, quoteIdent } from "./ddl.js";

const check = await checkService("postgres");

const columns: ColumnSpec[] = [
  { name: "row", type: "int" },
  { name: "i", type: "int", nullable: true },
  { name: "cents", type: "decimal", scale: 2, nullable: true },
  { name: "d0", type: "decimal", scale: 0, nullable: true },
  { name: "d1", type: "decimal", scale: 1, nullable: true },
  { name: "d4", type: "decimal", scale: 4, nullable: true },
  { name: "d5", type: "decimal", scale: 5, nullable: true },
  { name: "d9", type: "decimal", scale: 9, nullable: true },
  { name: "f", type: "float", nullable: true },
  { name: "f5", type: "float", scale: 5, nullable: true },
  { name: "b", type: "bool", nullable: true },
  { name: "day", type: "date", nullable: true },
  { name: "t", type: "time", nullable: true },
  { name: "ts", type: "datetime", nullable: true },
  { name: "s", type: "string", nullable: true },
  { name: "word", type: "string", nullable: true },
];
const shape: TableShape = { name: "binary_vs_csv", columns };
const noKeys = { keys: new Map(), foreignKeys: [] } as unknown as CompiledDatabase;

// Years 0001–9999 (what the CSV form can say and PostgreSQL reads back), as days and ms since 1970.
const DAY_MIN = -719_162;
const DAY_MAX = 2_932_896;
const MS_PER_DAY = 86_400_000;
/** What the CSV encoder prints exactly (and binary mirrors): magnitudes below 9e15. */
const EXACT = 8.99e15;

const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const double = (min: number, max: number) => fc.oneof(fc.double({ min, max, noNaN: true }), fc.integer({ min: -1000, max: 1000 }), nonFinite);

/**
 * Scaled integers up to ±1.4e13: at scales 1 to 4, whole parts on both sides of 10^8, where the
 * encoder's short path for small decimals ends.
 */
const scaledAcross1e8 = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).chain((x) => fc.constantFrom(x, x * 7, x * 7_000));

/** A value generator per column (after "row"); every column also gets random nulls. */
const valueOf: Record<string, fc.Arbitrary<number | string>> = {
  i: fc.oneof(fc.maxSafeInteger(), double(-1e15, 1e15)),
  cents: fc.oneof(double(-EXACT, EXACT), fc.integer({ min: -99_999, max: 99_999 }), scaledAcross1e8),
  d0: double(-EXACT, EXACT),
  d1: fc.oneof(double(-EXACT, EXACT), fc.integer({ min: -99_999, max: 99_999 }), scaledAcross1e8),
  d4: fc.oneof(double(-EXACT, EXACT), fc.integer({ min: -99_999, max: 99_999 }), scaledAcross1e8),
  d5: fc.oneof(double(-EXACT, EXACT), fc.integer({ min: -1_000_000, max: 1_000_000 })),
  d9: double(-EXACT, EXACT),
  // Subnormals aside (the server's float parser refuses some): every other double.
  f: fc.oneof(
    fc.double({ noNaN: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v)),
    nonFinite,
  ),
  f5: double(-1e9, 1e9),
  b: fc.integer({ min: 0, max: 1 }),
  day: fc.oneof(fc.double({ min: DAY_MIN, max: DAY_MAX + 0.49, noNaN: true }), fc.integer({ min: -20_000, max: 20_000 })),
  t: fc.oneof(fc.double({ min: -86_400, max: 2 * 86_400, noNaN: true }), fc.integer({ min: 0, max: 86_399 })),
  ts: fc.oneof(fc.double({ min: DAY_MIN * MS_PER_DAY, max: (DAY_MAX + 1) * MS_PER_DAY - 1, noNaN: true }), fc.integer({ min: -1e12, max: 1e12 })),
  // Well-formed text only: PostgreSQL keeps no NUL, and lone surrogates are not UTF-8.
  s: fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => s.replaceAll("\0", "")),
};
const words = fc.uniqueArray(
  fc.string({ unit: "grapheme", minLength: 0, maxLength: 6 }).map((s) => s.replaceAll("\0", "")),
  { minLength: 1, maxLength: 5 },
);

/** Random rows as a batch: typed arrays as generators fill them, nulls where `nullable`. */
const batches = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc
    .record({
      values: fc.record(Object.fromEntries(Object.entries(valueOf).map(([k, arb]) => [k, fc.array(arb, { minLength: n, maxLength: n })]))),
      nulls: fc.array(
        fc.array(
          fc.nat(3).map((k) => k === 0),
          { minLength: n, maxLength: n },
        ),
        {
          minLength: columns.length,
          maxLength: columns.length,
        },
      ),
      dictionary: words,
      codes: fc.array(fc.nat(), { minLength: n, maxLength: n }),
    })
    .map(({ values, nulls, dictionary, codes }): ColumnBatch => {
      const vectors: ColumnVector[] = columns.map((spec, c) => {
        const withNulls = (v: ColumnVector["values"]): ColumnVector =>
          spec.nullable === true && nulls[c]!.some(Boolean) ? { values: v, nulls: Uint8Array.from(nulls[c]!, (x) => (x ? 1 : 0)) } : { values: v };
        if (spec.name === "row") return { values: Float64Array.from({ length: n }, (_, i) => i) };
        if (spec.name === "word") return withNulls({ kind: "dictionary", codes: Uint32Array.from(codes, (k) => k % dictionary.length), dictionary });
        const raw = values[spec.name]!;
        if (spec.type === "string") return withNulls(raw.map(String));
        if (spec.type === "bool") return withNulls(Uint8Array.from(raw as number[]));
        return withNulls(Float64Array.from(raw as number[]));
      });
      return { length: n, chunkIndex: 0, columns: vectors };
    }),
);

describe.skipIf(!check.available)("binary COPY against CSV COPY", () => {
  const client = new pg.Client({ connectionString: serviceUrl("postgres") });
  const csvTable = quoteIdent("pg_binary_csv");
  const binaryTable = quoteIdent("pg_binary_bin");
  const copy = async (table: string, format: "csv" | "binary", bytes: Buffer) =>
    pipeline(Readable.from([bytes]), client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT ${format})`)));

  beforeAll(async () => {
    await client.connect();
    // The session's time zone must not matter: the CSV form says Z, binary counts from UTC.
    await client.query("SET TIME ZONE 'America/Los_Angeles'");
    for (const table of ["pg_binary_csv", "pg_binary_bin"])
      await client.query(createTable({ ...shape, name: table }, noKeys, "postgres", (t) => `pg_temp.${quoteIdent(t)}`));
  });
  afterAll(async () => {
    await client.end();
  });

  it("loads the same rows from binary bytes as from the CSV encoder's bytes, for every column type", async () => {
    const csv = createChunkEncoder("csv", shape);
    const binary = createPgBinaryEncoder(shape);
    await fc.assert(
      fc.asyncProperty(batches, async (batch) => {
        const bytes = binary.encode(batch);
        // Every value drawn lies in the range binary carries exactly: it must not fall back to CSV.
        expect(bytes).toBeDefined();
        await client.query(`TRUNCATE ${csvTable}, ${binaryTable}`);
        await copy(csvTable, "csv", csv.encode(batch));
        await copy(binaryTable, "binary", bytes!);
        const differ = await client.query(
          `SELECT count(*)::int AS n FROM (SELECT * FROM ${csvTable} EXCEPT ALL SELECT * FROM ${binaryTable}) a
           UNION ALL SELECT count(*)::int FROM (SELECT * FROM ${binaryTable} EXCEPT ALL SELECT * FROM ${csvTable}) b
           UNION ALL SELECT count(*)::int FROM ${binaryTable}`,
        );
        expect(differ.rows.map((r: { n: number }) => r.n)).toEqual([0, 0, batch.length]);
      }),
      { numRuns: 60 },
    );
  });

  it("falls back to CSV for a chunk with a value binary cannot carry exactly, and for strings in a numeric column", () => {
    const one = (values: ColumnVector["values"]): ColumnBatch => ({ length: 1, chunkIndex: 0, columns: [{ values }] });
    const bigInt: ColumnSpec = { name: "n", type: "int" };
    const cents: ColumnSpec = { name: "c", type: "decimal", scale: 2 };
    const encode = (spec: ColumnSpec, values: ColumnVector["values"]) => createPgCopyEncoder({ name: "t", columns: [spec] }).encode(one(values));
    expect(isPgBinary(encode(bigInt, Float64Array.of(2 ** 53 + 2)))).toBe(false);
    expect(isPgBinary(encode(cents, Float64Array.of(1e16)))).toBe(false);
    expect(isPgBinary(encode(bigInt, ["12"]))).toBe(false);
    expect(encode(bigInt, ["12"]).toString()).toBe('"12"\r\n');
    expect(isPgBinary(encode(bigInt, Float64Array.of(12)))).toBe(true);
  });

  it("writes NUMERIC digits as PostgreSQL reads them (spot values)", async () => {
    const spec: ColumnSpec = { name: "c", type: "decimal", scale: 2, nullable: true };
    const values = [0, 1, -1, 5, 399, -12_345_678, 100_000_000, 1_000_000, 1_000_001, 9_999_999_999, -10_000_000_000, 1_000_000_000_000, 8_999_999_999_999_999];
    const batch: ColumnBatch = {
      length: values.length + 1,
      chunkIndex: 0,
      columns: [{ values: Float64Array.from([...values, 0]), nulls: Uint8Array.from([...values.map(() => 0), 1]) }],
    };
    await client.query("CREATE TEMP TABLE IF NOT EXISTS pg_binary_numeric (c NUMERIC(38, 2))");
    await client.query("TRUNCATE pg_binary_numeric");
    await copy("pg_binary_numeric", "binary", createPgBinaryEncoder({ name: "t", columns: [spec] }).encode(batch)!);
    const rows = await client.query("SELECT c::text AS c FROM pg_binary_numeric");
    expect(rows.rows.map((r: { c: string | null }) => r.c)).toEqual([
      "0.00",
      "0.01",
      "-0.01",
      "0.05",
      "3.99",
      "-123456.78",
      "1000000.00",
      "10000.00",
      "10000.01",
      "99999999.99",
      "-100000000.00",
      "10000000000.00",
      "89999999999999.99",
      null,
    ]);
  });
});
