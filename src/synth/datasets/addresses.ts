import { compileSchema } from "../schema/index.js";
import type { DataSource } from "../schema/types.js";
import { ADDRESSES_INFO, PROPERTY_TYPE_SHARES } from "./addresses-info.js";
import type { DatasetDefinition } from "./dataset.js";
import { calibrate, type VariableDistribution } from "./internal/calibrate.js";
import { columnOf, onlyTable, readDatasetSchema } from "./internal/dataset-schema.js";
import { OptionReader } from "./internal/option-reader.js";

export { PROPERTY_TYPE_SHARES };

/**
 * US residential addresses: real ZIP codes with their real city, state and coordinates, cities in
 * proportion to population, unit numbers for types with units, and an assessed value by state and
 * property type. The schema is `addresses/addresses.yaml`.
 *
 * @example
 * const table = addresses.build({ "property-types": "Condo=50,Single-family=50" }, 7);
 * const batch = table.generateChunk(0, 1000);
 */
export const addresses: DatasetDefinition = {
  ...ADDRESSES_INFO,
  build(options, seed) {
    const reader = new OptionReader("addresses", ADDRESSES_INFO.options, options);
    const shares = reader.shares("property-types", Object.keys(PROPERTY_TYPE_SHARES));
    const spreadText = reader.text("value-spread");
    const spread = /^\d+(\.\d+)?$/.test(spreadText) ? Number(spreadText) : Number.NaN;
    if (!(spread >= 0 && spread <= 2)) {
      reader.issue("bad_number", "value-spread", `--value-spread must be a number from 0 to 2, got "${spreadText}"; for example 0.45.`);
    }
    reader.done();

    const { schema, baseDir } = readDatasetSchema("addresses", ["zip"]);
    const table = onlyTable(schema);
    // The shares become a value → weight map, and the city-size multipliers are calibrated so the
    // overall shares stay those shares whatever the mix of city sizes.
    const { data: _data, field: _field, weightField: _weightField, ...propertyType } = columnOf(table, "property_type", "categorical");
    table.columns.property_type = calibrate({ ...propertyType, values: shares }, cityPopulation(schema.data?.zips));
    columnOf(table, "value_noise", "numeric").distribution = spread === 0 ? { name: "constant", value: 1 } : { name: "lognormal", mu: 0, sigma: spread };
    return compileSchema(schema, { seed, baseDir });
  },
};

/** Distribution of the city population of a drawn address: each ZIP's weight, by its city's population. */
function cityPopulation(zips: DataSource | undefined): VariableDistribution {
  if (zips === undefined || !("records" in zips)) throw new Error("the addresses schema must load its zips table");
  const probabilities = new Map<number, number>();
  let total = 0;
  for (const record of zips.records) {
    const [population, weight] = [Number(record.city_population), Number(record.weight)];
    probabilities.set(population, (probabilities.get(population) ?? 0) + weight);
    total += weight;
  }
  for (const [population, weight] of probabilities) probabilities.set(population, weight / total);
  return { name: "city_population", probabilities };
}
