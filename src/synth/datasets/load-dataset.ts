import { MimicError, suggest } from "../../errors/index.js";
import type { DatabaseDatasetDefinition, DatasetDefinition } from "./dataset.js";

/**
 * The built-in datasets by name, each imported only when asked for. A worker thread compiling
 * coffee-sales then loads the schema engine alone, not the iot dataset's telemetry stack (protobuf,
 * JWT, the simulator): that cut a worker's start-up from about 300 ms to about 100 ms. Keep the
 * names and order in step with DATASETS in index.ts (a test checks it).
 */
export const DATASET_LOADERS: ReadonlyMap<string, () => Promise<DatasetDefinition>> = new Map([
  ["coffee-sales", async () => (await import("./coffee-sales.js")).coffeeSales],
  ["addresses", async () => (await import("./addresses.js")).addresses],
  ["demographics", async () => (await import("./demographics.js")).demographics],
  ["iot", async () => (await import("./iot/index.js")).iot],
]);

/** The built-in datasets of several tables (whole databases), each imported only when asked for. */
export const DATABASE_DATASET_LOADERS: ReadonlyMap<string, () => Promise<DatabaseDatasetDefinition>> = new Map([
  ["coffee-shop", async () => (await import("./coffee-shop.js")).coffeeShop],
]);

/**
 * The built-in whole-database dataset of that name (coffee-shop), loading only its own modules.
 * @throws MimicError DATASET_UNKNOWN naming the datasets there are.
 */
export async function loadDatabaseDataset(name: string): Promise<DatabaseDatasetDefinition> {
  const load = DATABASE_DATASET_LOADERS.get(name);
  if (load === undefined) throw unknownDataset(name);
  return load();
}

/**
 * The built-in dataset of that name, loading only its own modules.
 * @throws MimicError DATASET_UNKNOWN naming the datasets there are.
 * @example
 * const table = (await loadDataset("coffee-sales")).build({}, 42);
 */
export async function loadDataset(name: string): Promise<DatasetDefinition> {
  const load = DATASET_LOADERS.get(name);
  if (load === undefined) throw unknownDataset(name);
  return load();
}

/** DATASET_UNKNOWN naming the datasets there are; for a dataset of several tables, how to run it instead. */
export function unknownDataset(name: string): MimicError {
  if (DATABASE_DATASET_LOADERS.has(name))
    return new MimicError(
      "CLI_BAD_FLAG",
      `${name} has several tables, not one: give --out a folder (e.g. --out shop/) or --to a database (in code: DATABASE_DATASETS.get("${name}").buildDatabase()).`,
    );
  return new MimicError(
    "DATASET_UNKNOWN",
    `There is no built-in dataset "${name}"${suggest(name, ALL_NAMES())}; choose one of ${ALL_NAMES().join(", ")}, or pass --schema FILE.`,
  );
}

const ALL_NAMES = (): string[] => [...DATASET_LOADERS.keys(), ...DATABASE_DATASET_LOADERS.keys()];
