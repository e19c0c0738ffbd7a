import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Checker } from "../internal/checker.js";
import { isObj } from "../internal/checker.js";
import type { DataValue, OutputType } from "../types.js";

/** A data table's records, loaded and checked. */
export interface DataTable {
  readonly name: string;
  readonly records: readonly Readonly<Record<string, DataValue>>[];
  readonly fields: readonly string[];
}

const MAX_RECORDS = 5_000_000;

/** Loads `data.<name>`: inline records, or a .csv/.json file relative to `baseDir`. */
export function loadData(name: string, value: unknown, path: string, c: Checker, baseDir: string | undefined): DataTable | undefined {
  const o = c.object(value, path, `data table "${name}"`);
  if (o === undefined) return undefined;
  c.keys(o, path, ["records", "file"], "a data table");
  let rows: unknown;
  if (o.records !== undefined && o.file !== undefined) {
    c.add(path, "conflict", `give either "records" or "file" for data table "${name}", not both`);
    return undefined;
  }
  if (o.file !== undefined) {
    const file = c.string(o, "file", path);
    if (file === undefined) return undefined;
    const full = isAbsolute(file) || baseDir === undefined ? resolve(file) : resolve(baseDir, file);
    let text: string;
    try {
      text = readFileSync(full, "utf8");
    } catch {
      c.add(`${path}.file`, "unreadable", `cannot read data file "${file}" (looked at ${full}); check the path, which is relative to the schema file`);
      return undefined;
    }
    try {
      rows = full.toLowerCase().endsWith(".json")
        ? JSON.parse(text)
        : parseCsv(text, { columns: true, skip_empty_lines: true, cast: castCsv, bom: true, comment: "#", comment_no_infix: true });
    } catch (e) {
      c.add(`${path}.file`, "unparsable", `cannot parse data file "${file}": ${(e as Error).message.split("\n")[0]}`);
      return undefined;
    }
  } else if (o.records !== undefined) {
    rows = o.records;
  } else {
    c.add(path, "required", `data table "${name}" needs "records" (a list of mappings) or "file" (a .csv or .json path)`);
    return undefined;
  }
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_RECORDS) {
    c.add(path, "invalid_value", `data table "${name}" must hold 1 to ${MAX_RECORDS} records (a list of mappings)`);
    return undefined;
  }
  const fields = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (!isObj(r)) {
      c.add(`${path}.records[${i}]`, "invalid_type", "each record must be a mapping of field → value");
      return undefined;
    }
    for (const [k, v] of Object.entries(r)) {
      fields.add(k);
      if (!(v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))) {
        c.add(`${path}.records[${i}].${k}`, "invalid_type", "record values must be text, numbers, true/false or null");
        return undefined;
      }
    }
  }
  return { name, records: rows as Record<string, DataValue>[], fields: [...fields] };
}

function castCsv(value: string): DataValue {
  if (value === "") return null;
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value) && !/^-?0\d/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
}

/** The natural output type of a field: int, float, bool or string (nulls ignored). */
export function fieldType(table: DataTable, field: string): OutputType {
  let allInt = true;
  let allNum = true;
  let allBool = true;
  let any = false;
  for (const r of table.records) {
    const v = r[field];
    if (v === null || v === undefined) continue;
    any = true;
    if (typeof v !== "number") allNum = allInt = false;
    else if (!Number.isInteger(v)) allInt = false;
    if (typeof v !== "boolean") allBool = false;
  }
  if (!any) return "string";
  return allInt ? "int" : allNum ? "float" : allBool ? "bool" : "string";
}
