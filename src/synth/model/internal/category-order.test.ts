import { describe, expect, it } from "vitest";
import { associationOrder } from "./category-order.js";
import { NULL_CODE } from "./column-accumulator.js";

describe("associationOrder", () => {
  // Frequency order is a (3 rows), b (2), c (1); the other column's mean puts c below a below b.
  const dictionary = ["a", "b", "c"];
  const codes = Uint32Array.of(0, 0, 0, 1, 1, 2, NULL_CODE);
  const other = Float64Array.of(0, 0.2, -0.2, 1, 1.4, -2, 5);

  it("places the categories along the axis in which their rows differ", () => {
    const order = associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7), other], 1).map((c) => dictionary[c]);
    expect([
      ["c", "a", "b"],
      ["b", "a", "c"],
    ]).toContainEqual(order);
  });

  it("keeps frequency order when nothing else differs between the categories, or for two categories", () => {
    const flat = Float64Array.of(1, 1, 1, 1, 1, 1, 1);
    expect(associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7), flat], 1)).toEqual([0, 1, 2]);
    expect(associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7)], 1)).toEqual([0, 1, 2]);
    const two = Uint32Array.of(1, 1, 0, 1);
    expect(associationOrder({ index: 0, codes: two, dictionary: ["x", "y"] }, [new Float64Array(4), Float64Array.of(-1, -1, 3, -1)], 1)).toEqual([1, 0]);
  });
});
