// The small user file that overrides inferred column types:
//   columns:
//     zip: { type: categorical }
//     signup: { type: datetime, format: DD/MM/YYYY }
//     notes: { type: drop }
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { MimicError, type Issue } from "../../errors/index.js";
import { COLUMN_TYPES, type ColumnOverride, type ColumnType } from "./infer.js";

/** Parsed metadata: overrides by column name. */
export type Metadata = Map<string, ColumnOverride>;

/**
 * Validates metadata (already parsed from JSON/YAML) against the table's column names.
 *
 * @example
 * parseMetadata({ columns: { zip: { type: "categorical" } } }, ["zip", "city"]);
 */
export function parseMetadata(data: unknown, columnNames: readonly string[], source = "metadata"): Metadata {
  const issues: Issue[] = [];
  const out: Metadata = new Map();
  const columns = (data as { columns?: unknown } | null)?.columns;
  if (typeof data !== "object" || data === null || typeof columns !== "object" || columns === null || Array.isArray(columns)) {
    throw new MimicError("MODEL_BAD_METADATA", `${source} must be an object with a "columns" map, e.g. {"columns": {"zip": {"type": "categorical"}}}.`);
  }
  for (const [name, spec] of Object.entries(columns)) {
    const path = `columns.${name}`;
    if (!columnNames.includes(name)) {
      issues.push({ code: "unknown_column", path, message: `no column "${name}" in the CSV (columns: ${columnNames.slice(0, 10).join(", ")}${columnNames.length > 10 ? ", …" : ""})` });
      continue;
    }
    const type = (spec as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !(COLUMN_TYPES as readonly string[]).includes(type)) {
      issues.push({ code: "bad_type", path: `${path}.type`, message: `type must be one of ${COLUMN_TYPES.join(", ")}` });
      continue;
    }
    const format = (spec as { format?: unknown }).format;
    if (format !== undefined && (typeof format !== "string" || type !== "datetime")) {
      issues.push({ code: "bad_format", path: `${path}.format`, message: "format is a string, and only for type datetime (e.g. DD/MM/YYYY)" });
      continue;
    }
    out.set(name, { type: type as ColumnType, ...(typeof format === "string" ? { format } : {}) });
  }
  if (issues.length > 0) throw new MimicError("MODEL_BAD_METADATA", `${source} has ${issues.length} problem(s); fix each one listed.`, { issues });
  return out;
}

/** Reads and validates a metadata file (JSON or YAML). */
export async function readMetadata(path: string, columnNames: readonly string[]): Promise<Metadata> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read the metadata file "${path}"; check the path.`, { cause });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    throw new MimicError("MODEL_BAD_METADATA", `"${path}" is not valid JSON or YAML: ${(cause as Error).message.split("\n")[0]}.`, { cause });
  }
  return parseMetadata(data, columnNames, `"${path}"`);
}
