// Numbers read from the bytes (pushField) must give the very column the text path (push) gives:
// the same doubles bit for bit, places, nulls, markers and the switch to text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ColumnAccumulator, DEFAULT_NA_MARKERS, parseNumber, type RawColumn } from "./column-accumulator.js";

function bits(column: RawColumn): string {
  const values = column.storage === "text" ? column.codes : column.values;
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("hex");
}

/** The column both ways: strings through push, bytes through pushField (some cells quoted). */
function bothWays(cells: readonly string[], quotedEvery: number, naMarkers?: ReadonlySet<string>): [RawColumn, RawColumn] {
  const options = naMarkers ? { naMarkers } : {};
  const text = new ColumnAccumulator("x", options),
    bytes = new ColumnAccumulator("x", options);
  const joined = Buffer.from(cells.join(","), "utf8");
  let at = 0;
  cells.forEach((cell, i) => {
    text.push(cell);
    const length = Buffer.byteLength(cell, "utf8");
    bytes.pushField(joined, at, at + length, quotedEvery > 0 && i % quotedEvery === 0 ? cell : undefined);
    at += length + 1;
  });
  return [text.finish(), bytes.finish()];
}

function expectSame([a, b]: [RawColumn, RawColumn]): void {
  expect(b).toEqual(a);
  expect(bits(b)).toBe(bits(a));
}

// Cells shaped like numbers and near misses: signs, points, zero-padding, exponents, 15–17 digits, markers.
const digits = fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "7", "9"), minLength: 0, maxLength: 18 });
const numberish = fc.oneof(
  fc.tuple(fc.constantFrom("", "-", "+"), digits, fc.constantFrom("", "."), digits).map(([s, w, p, f]) => `${s}${w}${p}${f}`),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom("", "NA", "-0", "-0.000", "0.1", "007", "1e5", "2E-3", " 4", "5 ", "1,5", "-", ".", "+.5", "9007199254740993", "123456789012345.6"),
);

describe("ColumnAccumulator.pushField", () => {
  it("reads the same column from bytes as from text, for any cells after the first 1,000 (which decide the storage)", () => {
    // 1,000 plain numbers make the column numeric; the cells after them take the byte path (or leave it).
    const decided = Array.from({ length: 1000 }, (_, i) => String(i % 17));
    fc.assert(
      fc.property(fc.array(numberish, { minLength: 0, maxLength: 600 }), fc.integer({ min: 0, max: 7 }), (cells, quotedEvery) => {
        expectSame(bothWays([...decided, ...cells], quotedEvery));
      }),
      { numRuns: 300 },
    );
    // Columns that stay numeric to the end (every cell a number parseNumber reads).
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.integer().map(String), numberish), { maxLength: 400 }),
        (cells) => {
          const [text, bytes] = bothWays([...decided, ...cells.filter((c) => !Number.isNaN(parseNumber(c.trim())))], 0);
          expectSame([text, bytes]);
          expect(bytes.storage).toBe("numeric");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps numbers that are missing-value markers (--na -999) missing", () => {
    const markers = new Set(["", ...DEFAULT_NA_MARKERS, "-999"]);
    const cells = Array.from({ length: 2500 }, (_, i) => (i % 10 === 3 ? "-999" : (i / 8).toFixed(3)));
    const [text, bytes] = bothWays(cells, 0, markers);
    expectSame([text, bytes]);
    expect(bytes.nulls).toBe(250);
  });

  it("reads a million-row-like column of money, counts and 3-place decimals exactly", () => {
    const cells = Array.from({ length: 5000 }, (_, i) =>
      i % 3 === 0 ? (((i * 7919) % 100000) / 100).toFixed(2) : i % 3 === 1 ? String(50 - (i % 97)) : ((i % 1000) * -0.0033).toFixed(3),
    );
    expectSame(bothWays(cells, 0));
  });
});
