// Compiles a whole-database source: a built-in dataset of several tables (coffee-shop) or a schema
// file. Imported by the main thread and by every database worker, so both compile the same tables.
import type { DatabaseSource } from "../datasets/dataset.js";
import { loadDatabaseDataset } from "../datasets/load-dataset.js";
import { compileDatabase, loadSchemaFile, type CompiledDatabase } from "../schema/index.js";

/**
 * @example
 * const db = await resolveDatabaseSource({ kind: "dataset", name: "coffee-shop", options: { customers: "500" } }, 42);
 */
export async function resolveDatabaseSource(source: DatabaseSource, seed: number | string): Promise<CompiledDatabase> {
  if (source.kind === "dataset") return (await loadDatabaseDataset(source.name)).buildDatabase(source.options, seed);
  const { schema, baseDir } = loadSchemaFile(source.path);
  return compileDatabase(schema, { seed, baseDir });
}
