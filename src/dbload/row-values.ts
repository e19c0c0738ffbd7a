// One batch's values row by row, as a driver takes them: numbers, text, null.
import type { ColumnBatch, ColumnSpec } from "../synth/batch.js";
// The formatters' own module, not the schema barrel: the SQLite connection's thread imports this
// file, and the barrel (the whole schema compiler) took 100 ms of its start, which a load waits for.
import { formatDate, formatDateTime, formatTime } from "../synth/schema/runtime/format.js";

type Value = number | string | null;

/** A reader of row i of one column, in the column's SQL form (decimals as numbers, dates as ISO text). */
export function columnReader(spec: ColumnSpec, vector: ColumnBatch["columns"][number]): (i: number) => Value {
  const nulls = vector.nulls;
  const v = vector.values;
  let read: (i: number) => Value;
  if (Array.isArray(v)) read = (i) => v[i]!;
  else if (!(v instanceof Float64Array) && !(v instanceof Uint8Array)) {
    const { codes, dictionary } = v;
    read = (i) => dictionary[codes[i]!]!;
  } else if (spec.type === "decimal") {
    const unit = 10 ** (spec.scale ?? 2);
    read = (i) => v[i]! / unit;
  } else if (spec.type === "date") read = (i) => formatDate(v[i]!);
  else if (spec.type === "time") read = (i) => formatTime(v[i]!);
  else if (spec.type === "datetime") read = (i) => formatDateTime(v[i]!);
  else read = (i) => v[i]!;
  return nulls === undefined ? read : (i) => (nulls[i] === 1 ? null : read(i));
}

/** SQL literal of a value (for scripts). */
export function sqlLiteral(value: Value, spec: ColumnSpec): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "NULL";
    if (spec.type === "decimal") return value.toFixed(spec.scale ?? 2);
    if (spec.type === "bool") return value === 1 ? "TRUE" : "FALSE";
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}
