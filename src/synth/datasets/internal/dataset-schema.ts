import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import type { ColumnSchema, DataSource, DataValue, Schema, TableSchema } from "../../schema/types.js";
import { yaml } from "../../schema/yaml.js";

/** A built-in dataset's schema file, parsed, with its data tables loaded as records. */
export interface DatasetSchemaFile {
  schema: Schema;
  /** Folder of the schema file (data-table paths in the YAML are relative to it). */
  baseDir: string;
}

interface Loaded {
  tables: Schema["tables"];
  data: Record<string, DataSource>;
  baseDir: string;
}

const cache = new Map<string, Loaded>();

/**
 * Reads `<folder>/<folder>.yaml` next to this module (src/ under tsx and vitest, dist/ after the
 * build copies the data files) and loads its CSV data tables once. Callers get a deep copy of the
 * tables they may change; the data records are shared and must not be changed.
 *
 * The data files are loaded here rather than by the schema compiler so that their `#` header lines
 * (source and licence) are skipped and the fields named in `textFields` (ZIP codes: `02134`,
 * `10001`) stay text instead of becoming numbers.
 */
export function readDatasetSchema(folder: string, textFields: readonly string[] = []): DatasetSchemaFile {
  let loaded = cache.get(folder);
  if (loaded === undefined) {
    const dir = new URL(`../${folder}/`, import.meta.url);
    // dist/ also holds <folder>.json, written from the YAML by scripts/postbuild.mjs: JSON.parse
    // takes under a millisecond where loading the YAML parser and a first parse cost ~100 ms of
    // every thread's start-up. From src/ (tsx, vitest) the YAML itself is read.
    const precompiled = new URL(`${folder}.json`, dir);
    const schema = (
      existsSync(precompiled) ? JSON.parse(readFileSync(precompiled, "utf8")) : yaml().parse(readFileSync(new URL(`${folder}.yaml`, dir), "utf8"))
    ) as Schema;
    const data: Record<string, DataSource> = {};
    for (const [name, source] of Object.entries(schema.data ?? {})) {
      data[name] = "file" in source ? { records: readCsvTable(new URL(source.file, dir), textFields) } : source;
    }
    loaded = { tables: schema.tables, data, baseDir: fileURLToPath(dir) };
    cache.set(folder, loaded);
  }
  return { schema: { version: 1, data: loaded.data, tables: structuredClone(loaded.tables) }, baseDir: loaded.baseDir };
}

/** How the data tables are read: `#` lines are the source and licence header. */
const CSV_OPTIONS = { comment: "#", comment_no_infix: true, skip_empty_lines: true } as const;

/**
 * A data table's records: `#` lines skipped, numbers and true/false typed, empty cells null.
 *
 * dist/ also holds `<file>.json`, the same cells as text written by scripts/postbuild.mjs:
 * JSON.parse takes a few milliseconds where csv-parse, cold in each thread, took ~0.4 s for the
 * name and ZIP lists a coffee-shop run reads. The cells are typed here, the same way for both.
 */
export function readCsvTable(file: URL, textFields: readonly string[] = []): Record<string, DataValue>[] {
  const cells = new URL(`${file.href}.json`);
  const rows = (existsSync(cells) ? JSON.parse(readFileSync(cells, "utf8")) : parseCsv(readFileSync(file, "utf8"), CSV_OPTIONS)) as string[][];
  return recordsOf(rows, textFields);
}

/** The cells of a data table (first row the header) as records of typed values. */
function recordsOf(rows: readonly (readonly string[])[], textFields: readonly string[]): Record<string, DataValue>[] {
  const [header = [], ...body] = rows;
  const text = header.map((name) => textFields.includes(name));
  return body.map((cells) => {
    const record: Record<string, DataValue> = {};
    for (let j = 0; j < header.length; j++) record[header[j]!] = typedCell(cells[j]!, text[j]!);
    return record;
  });
}

function typedCell(value: string, text: boolean): DataValue {
  if (value === "") return null;
  if (text) return value;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
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
