import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "../random/index.js";
import { sortFloat64 } from "./sort.js";

/** The bits of both arrays are equal (so -0 and +0 are told apart). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function bothWays(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortFloat64(Float64Array.from(values));
  expect(sameBits(actual, expected)).toBe(true);
}

describe("sortFloat64", () => {
  it("orders as Float64Array#sort: -0 before +0, infinities and subnormals in place, repeated values", () => {
    const special = [0, -0, 1, -1, Infinity, -Infinity, 5e-324, -5e-324, 1.5, -1.5, 1e300, -1e300, Number.MAX_VALUE, -Number.MIN_VALUE];
    bothWays(Float64Array.from({ length: 4000 }, (_, i) => special[i % special.length]!));
    bothWays(Float64Array.from({ length: 3 }, (_, i) => special[i]!));
  });

  it("sorts a million values of mixed scales and signs, whole numbers and dates alike, as the built-in sort", () => {
    const rng = createRandom(21);
    bothWays(Float64Array.from({ length: 1_000_000 }, () => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 30 - 10)));
    bothWays(Float64Array.from({ length: 100_000 }, () => Math.round(rng.next() * 200) - 100));
    bothWays(Float64Array.from({ length: 100_000 }, () => 1.6e12 + Math.round(rng.next() * 3e10)));
    bothWays(new Float64Array(10_000).fill(-0));
  });

  it("sorts in place a view into a larger buffer, leaving the rest alone", () => {
    const buffer = Float64Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3001);
    const view = buffer.subarray(1000, 2000);
    const expected = Float64Array.from(view).sort();
    const before = Float64Array.from(buffer);
    expect(sortFloat64(view)).toBe(view);
    expect(sameBits(view, expected)).toBe(true);
    expect(sameBits(buffer.subarray(0, 1000), before.subarray(0, 1000))).toBe(true);
    expect(sameBits(buffer.subarray(2000), before.subarray(2000))).toBe(true);
  });

  it("agrees with the built-in sort on any array of doubles without NaN", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 0, maxLength: 3000 }), (xs) => {
        bothWays(Float64Array.from(xs));
      }),
      { numRuns: 200 },
    );
  });
});
