import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packRows, transferList, unpackRows } from "./packed-rows.js";

describe("packed rows", () => {
  it("round-trips rows of strings, numbers and nulls exactly", () => {
    const cell = fc.oneof(fc.constant(null), fc.double({ noNaN: true }), fc.string());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 50 })), (rows) => {
        expect(unpackRows(packRows(rows))).toEqual(rows);
      }),
    );
  });

  it("keeps numeric columns in transferable buffers and shares repeated strings", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ["rp829c7e0e", "DHT22", 1_557_585_090.476025 + i, i % 7 === 0 ? null : 17.1]);
    const packed = packRows(rows);
    expect(packed.columns.map((c) => c.kind)).toEqual(["string", "string", "number", "number"]);
    expect(packed.columns[0]!.kind === "string" && packed.columns[0]!.dict).toEqual(["rp829c7e0e"]);
    expect(transferList(packed)).toHaveLength(2 + 2 + 2);
    expect(unpackRows(packed)).toEqual(rows);
  });
});
