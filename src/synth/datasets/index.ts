import type { TableGenerator } from "../batch.js";
import { addresses } from "./addresses.js";
import { coffeeSales } from "./coffee-sales.js";
import { coffeeShop } from "./coffee-shop.js";
import type { DatabaseDatasetDefinition, DatasetDefinition } from "./dataset.js";
import { demographics } from "./demographics.js";
import { iot } from "./iot/index.js";
import { unknownDataset } from "./load-dataset.js";

export type { DatabaseDatasetDefinition, DatabaseSource, DatasetDefinition, DatasetInfo, DatasetOption, TableSource } from "./dataset.js";
export { DATASET_CATALOG } from "./catalog.js";
export { addresses, coffeeSales, coffeeShop, demographics, iot };
export { DATABASE_DATASET_LOADERS, DATASET_LOADERS, loadDatabaseDataset, loadDataset } from "./load-dataset.js";

/** The built-in datasets by name, in the order `mimic generate --help` lists them. */
export const DATASETS: ReadonlyMap<string, DatasetDefinition> = new Map([coffeeSales, addresses, demographics, iot].map((d) => [d.name, d]));

/** The built-in datasets of several related tables (whole databases), by name. */
export const DATABASE_DATASETS: ReadonlyMap<string, DatabaseDatasetDefinition> = new Map([coffeeShop].map((d) => [d.name, d]));

/**
 * The built-in dataset of that name.
 * @throws MimicError DATASET_UNKNOWN naming the datasets there are.
 * @example
 * const table = getDataset("coffee-sales").build({ stores: "3" }, 42);
 */
export function getDataset(name: string): DatasetDefinition {
  const dataset = DATASETS.get(name);
  if (dataset === undefined) throw unknownDataset(name);
  return dataset;
}

/** Every built-in dataset, in listing order. */
export function listDatasets(): readonly DatasetDefinition[] {
  return [...DATASETS.values()];
}

/**
 * Compiles a built-in dataset in one call: `getDataset(name).build(options, seed)`.
 * @example
 * const table = dataset("demographics", { gender: "Male=50,Female=50" }, 7);
 * const batch = table.generateChunk(0, 1000); // columns in table.shape.columns order
 */
export function dataset(name: string, options: Readonly<Record<string, string>> = {}, seed: number | string = 42): TableGenerator {
  return getDataset(name).build(options, seed);
}
