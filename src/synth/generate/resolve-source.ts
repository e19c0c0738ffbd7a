// The default resolver: built-in datasets by name, schema files by path. Imported by the main
// thread and by every worker (see ../parallel/source-resolver.ts), so both compile the same table.
import type { TableGenerator } from "../batch.js";
// The dataset loader, not the datasets index: a worker then imports only the dataset it compiles.
import { loadDataset } from "../datasets/load-dataset.js";
import type { TableSource } from "../datasets/dataset.js";
import { compileSchema, loadSchemaFile } from "../schema/index.js";

/**
 * Compiles a TableSource for a seed.
 *
 * @example
 * const table = await resolveTableSource({ kind: "dataset", name: "coffee-sales", options: {} }, 42);
 */
export async function resolveTableSource(source: TableSource, seed: number | string): Promise<TableGenerator> {
  if (source.kind === "dataset") return (await loadDataset(source.name)).build(source.options, seed);
  const { schema, baseDir } = loadSchemaFile(source.path);
  return compileSchema(schema, { seed, baseDir, ...(source.table === undefined ? {} : { table: source.table }) });
}
