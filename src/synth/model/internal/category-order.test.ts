import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConditions } from "../conditions.js";
import { fitModel } from "../fit.js";
import { modelGenerator } from "../sampler.js";
import { associationOrder } from "./category-order.js";
import { NULL_CODE } from "./column-accumulator.js";
import { readCsvTable } from "./read-csv.js";

describe("associationOrder", () => {
  // Frequency order is a (3 rows), b (2), c (1); the other column's mean puts c below a below b.
  const dictionary = ["a", "b", "c"];
  const codes = Uint32Array.of(0, 0, 0, 1, 1, 2, NULL_CODE);
  const other = Float64Array.of(0, 0.2, -0.2, 1, 1.4, -2, 5);

  it("places the categories along the axis in which their rows differ", () => {
    const order = associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7), other], 1).map((c) => dictionary[c]);
    expect([["c", "a", "b"], ["b", "a", "c"]]).toContainEqual(order);
  });

  it("keeps frequency order when nothing else differs between the categories, or for two categories", () => {
    const flat = Float64Array.of(1, 1, 1, 1, 1, 1, 1);
    expect(associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7), flat], 1)).toEqual([0, 1, 2]);
    expect(associationOrder({ index: 0, codes, dictionary }, [new Float64Array(7)], 1)).toEqual([0, 1, 2]);
    const two = Uint32Array.of(1, 1, 0, 1);
    expect(associationOrder({ index: 0, codes: two, dictionary: ["x", "y"] }, [new Float64Array(4), Float64Array.of(-1, -1, 3, -1)], 1)).toEqual([1, 0]);
  });
});

describe("conditioning on a category follows the real rows of that category", () => {
  it("seattle-weather: snow days come out cold, sun days warm (frequency order drew snow at ~19 °C)", async () => {
    const file = join(import.meta.dirname, "..", "..", "..", "..", "node_modules", "vega-datasets", "data", "seattle-weather.csv");
    const { model } = fitModel(await readCsvTable(file));
    const mean = (weather: string, column: string): number => {
      const batch = modelGenerator(model, { seed: 3, conditions: parseConditions(model, [`weather=${weather}`]) }).generateChunk(0, 2000);
      const v = batch.columns[model.columns.findIndex((c) => c.name === column)]!.values;
      // A number column with few distinct values comes as a dictionary of its words.
      const numbers = v instanceof Float64Array ? [...v] : "codes" in v ? [...v.codes].map((c) => Number(v.dictionary[c])) : [];
      expect(numbers).toHaveLength(2000);
      return numbers.reduce((s, x) => s + x, 0) / numbers.length;
    };
    // Real means: snow 5.6 °C and 8.6 mm, sun 19.9 °C and 0 mm.
    expect(mean("snow", "temp_max")).toBeLessThan(11);
    expect(mean("sun", "temp_max")).toBeGreaterThan(17);
    expect(mean("snow", "precipitation")).toBeGreaterThan(mean("sun", "precipitation") + 3);
  });
});
