import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { ColumnSchema, Schema, TableSchema } from "../../schema/types.js";

/** A built-in dataset's schema file, parsed, with the folder its data tables live in. */
export interface DatasetSchemaFile {
  schema: Schema;
  /** Folder of the schema file: data-table paths are relative to it. */
  baseDir: string;
}

const cache = new Map<string, DatasetSchemaFile>();

/**
 * Reads `<folder>/<folder>.yaml` next to this module (src/ under tsx and vitest, dist/ after the
 * build copies the data files). Parsed once; callers get a deep copy they may change.
 */
export function readDatasetSchema(folder: string): DatasetSchemaFile {
  let file = cache.get(folder);
  if (file === undefined) {
    const dir = new URL(`../${folder}/`, import.meta.url);
    const schema = parse(readFileSync(new URL(`${folder}.yaml`, dir), "utf8")) as Schema;
    file = { schema, baseDir: fileURLToPath(dir) };
    cache.set(folder, file);
  }
  return { schema: structuredClone(file.schema), baseDir: file.baseDir };
}

/** The one table of a dataset schema (each built-in dataset has exactly one). */
export function onlyTable(schema: Schema): TableSchema {
  const tables = Object.values(schema.tables);
  if (tables.length !== 1 || tables[0] === undefined) throw new Error("a built-in dataset schema has exactly one table");
  return tables[0];
}

/** A column of the table that must exist and be of the given kind (a dataset authoring check). */
export function columnOf<K extends ColumnSchema["kind"]>(table: TableSchema, name: string, kind: K): Extract<ColumnSchema, { kind: K }> {
  const column = table.columns[name];
  if (column?.kind !== kind) throw new Error(`dataset column ${name} must be a ${kind} column`);
  return column as Extract<ColumnSchema, { kind: K }>;
}
