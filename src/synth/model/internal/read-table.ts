// A table for fit and evaluate from a CSV or a Parquet file, told apart by the file's first bytes
// (Parquet starts with "PAR1"), not by its name. Parquet columns arrive typed, so they map straight
// onto the column storages a CSV is read into: numbers stay numbers (a DECIMAL keeps its places),
// dates and timestamps become datetimes with an ISO format, booleans are dictionary-coded, and text
// is read cell by cell as a CSV's would be.
import { open } from "node:fs/promises";
import { looksLikeParquet, readParquet, type ParquetColumn } from "../../../parquet/index.js";
import { MimicError } from "../../../errors/index.js";
import type { RawColumn } from "./column-accumulator.js";
import { ColumnAccumulator, NULL_CODE, significantDigitsOf } from "./column-accumulator.js";
import { readCsvTable, type RawTable, type ReadCsvOptions } from "./read-csv.js";

async function isParquet(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return false; // the CSV reader names the problem with the path
  }
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return looksLikeParquet(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a table from a CSV or a Parquet file.
 *
 * @example
 * const table = await readTable("sales.parquet");
 * console.log(table.rowCount, table.columns.map((c) => c.storage));
 */
export async function readTable(path: string, options: ReadCsvOptions = {}): Promise<RawTable> {
  if (!(await isParquet(path))) return readCsvTable(path, options);
  const parquet = await readParquet(path);
  if (parquet.rowCount === 0) throw new MimicError("CSV_EMPTY", `"${path}" has no rows; give a table with at least two rows.`);
  const rowCount = Math.min(parquet.rowCount, options.maxRows ?? Number.POSITIVE_INFINITY);
  // A Parquet null is typed: text cells are missing only when null, empty, or listed in --na.
  const naMarkers = new Set(["", ...(options.na ?? [])]);
  const columns = parquet.columns.map((c) => rawColumn(c, rowCount, naMarkers));
  return { rowCount, columns, notices: ["read as Parquet: column types come from the file"] };
}

/** Places after the point (or significant digits, for tiny or huge values) a float column needs to be written back as it is. */
function floatPrecision(values: Float64Array): { decimals: number; significant?: number } {
  let decimals = 0;
  let significant = 0;
  // Every distinct value is looked at once; a float column of a million readings has few.
  const seen = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v) || seen.has(v)) continue;
    seen.add(v);
    if (seen.size > 100_000) break;
    const text = String(v);
    const e = text.indexOf("e");
    if (e >= 0) significant = Math.max(significant, significantDigitsOf(text, e));
    else {
      const dot = text.indexOf(".");
      if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
    }
  }
  return significant > 0 ? { decimals, significant } : { decimals };
}

function datetimeFormat(kind: "date" | "time" | "timestamp", values: Float64Array): string {
  if (kind === "date") return "YYYY-MM-DD";
  let millis = false;
  for (const v of values) {
    if (!Number.isNaN(v) && v % 1000 !== 0) {
      millis = true;
      break;
    }
  }
  // Timestamps all on 1970-01-01 are times of day stored as timestamps (as sample writes a time column).
  let timeOfDay = true;
  for (const v of values) {
    if (!Number.isNaN(v) && (v < 0 || v >= 86_400_000)) {
      timeOfDay = false;
      break;
    }
  }
  if (kind === "time" || timeOfDay) return millis ? "HH:mm:ss.SSS" : "HH:mm:ss";
  return millis ? "YYYY-MM-DDTHH:mm:ss.SSS" : "YYYY-MM-DDTHH:mm:ss";
}

function rawColumn(c: ParquetColumn, rows: number, naMarkers: ReadonlySet<string>): RawColumn {
  const { name } = c;
  if (c.kind === "string") {
    // Text is read as a CSV cell is: dates, times or numbers written as text (a sampled time of
    // day, a zip code) get the same storage and format they would from a CSV.
    const accumulator = new ColumnAccumulator(name, { naMarkers });
    for (let i = 0; i < rows; i++) accumulator.push(c.values[i] ?? "");
    return accumulator.finish();
  }
  const values = c.values.length === rows ? c.values : c.values.slice(0, rows);
  let nulls = 0;
  for (const v of values) if (Number.isNaN(v)) nulls++;
  switch (c.kind) {
    case "bool": {
      // Booleans are read as the words a CSV would hold, so inference sees the same column.
      const codes = Uint32Array.from(values, (v) => (Number.isNaN(v) ? NULL_CODE : v));
      return { storage: "text", name, codes, dictionary: ["false", "true"], nulls, numericShare: 0 };
    }
    case "date":
    case "time":
    case "timestamp":
      return { storage: "datetime", name, values, format: datetimeFormat(c.kind, values), nulls, typed: true };
    case "int":
      return { storage: "numeric", name, values, decimals: 0, nulls };
    case "decimal":
      return { storage: "numeric", name, values, decimals: c.scale ?? 0, nulls };
    case "float":
      return { storage: "numeric", name, values, nulls, ...floatPrecision(values) };
  }
}
