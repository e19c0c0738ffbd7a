// Readings from a Parquet file, as `mimic query --format parquet` or `mimic generate iot --format
// parquet` writes them: device, type, timestamp (epoch seconds) and the fields present. Columns are
// found by name, like the CSV reader's, and go to the same per-(device, type) sinks, a slice of
// PARQUET_SLICE_ROWS rows at a time so a long file is never held whole.
import { MimicError } from "../../errors/index.js";
import { parquetColumnNames, parquetRowCount, readParquet, type ParquetColumn } from "../../parquet/index.js";
import { kindOfLabel } from "../../sensors/index.js";
import { columnsTarget, READING_FIELDS, type ReadingColumns, type ReadingSink, type ReadingTarget } from "./readings-csv.js";

/**
 * Rows decoded at a time: half a row group of mimic's writer. Larger slices live long enough to
 * be promoted and grow the heap: 10M readings peaked at 512 MB with 500,000-row slices, 285 MB
 * with these (docs/benchmarks.md).
 */
const PARQUET_SLICE_ROWS = 65_536;

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

function texts(c: ParquetColumn): readonly (string | null)[] {
  return c.kind === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Reads the readings of a Parquet file into `into`, grouped per (device, type). */
export async function readReadingsParquet(path: string, file: string, into = new Map<string, ReadingColumns>()): Promise<Map<string, ReadingColumns>> {
  await streamReadingsParquet(path, file, columnsTarget(into));
  return into;
}

/** readReadingsParquet into any target, a slice of rows at a time. */
export async function streamReadingsParquet(path: string, file: string, target: ReadingTarget, sliceRows = PARQUET_SLICE_ROWS): Promise<void> {
  const names = await parquetColumnNames(path);
  if (names.includes("bucket")) throw bad(file, "this is a bucketed answer (`mimic query --bucket`), not readings; export the readings without --bucket.");
  const missing = ["device", "type", "timestamp"].filter((n) => !names.includes(n));
  const fields = READING_FIELDS.filter((f) => names.includes(f));
  if (missing.length > 0 || fields.length === 0) {
    const what =
      missing.length > 0 ? `has no ${missing.map((m) => `"${m}"`).join(", ")} column` : "has none of the columns temperature, humidity, motion, light";
    throw bad(
      file,
      `${what} (its columns are ${names.join(", ")}); give a Parquet file written by \`mimic query --format parquet\` or \`mimic generate iot\`.`,
    );
  }
  const total = await parquetRowCount(path);
  for (let start = 0; start < total; start += sliceRows) {
    const table = await readParquet(path, { columns: ["device", "type", "timestamp", ...fields], rows: { start, end: start + sliceRows } });
    pushRows(table.columns, table.rowCount, start, fields, file, target);
  }
}

function pushRows(columns: ParquetColumn[], rowCount: number, first: number, fields: readonly string[], file: string, target: ReadingTarget): void {
  const [device, type, timestamp, ...fieldColumns] = columns as [ParquetColumn, ParquetColumn, ParquetColumn, ...ParquetColumn[]];
  if (timestamp.kind === "string") throw bad(file, "the timestamp column holds text; it must be epoch seconds (a number) or a timestamp.");
  // A Parquet timestamp is epoch milliseconds; readings count in seconds.
  const toSeconds = timestamp.kind === "timestamp" ? 1e-3 : 1;
  const devices = texts(device);
  const types = texts(type);
  const values = READING_FIELDS.map((f) => {
    const c = fieldColumns[fields.indexOf(f)];
    if (c === undefined) return undefined;
    if (c.kind === "string") throw bad(file, `the ${f} column holds text; it must hold numbers.`);
    return c.values;
  });
  const [temperature, humidity, motion, light] = values;
  let lastKey = "";
  let last: ReadingSink | undefined;
  for (let i = 0; i < rowCount; i++) {
    const d = devices[i];
    const t = types[i];
    if (d === null || d === undefined || t === null || t === undefined) throw bad(file, `row ${first + i + 1} has no device or no type.`);
    const key = d + "\u0000" + t;
    if (key !== lastKey || last === undefined) {
      const kind = kindOfLabel(t) ?? kindOfLabel(t.toUpperCase());
      if (kind === undefined) throw bad(file, `row ${first + i + 1}: type "${t}" is not a sensor type (DHT22, PIR, LIGHT or the seed's labels).`);
      last = target.sink(d, kind);
      lastKey = key;
    }
    const time = timestamp.values[i]! * toSeconds;
    if (!Number.isFinite(time)) throw bad(file, `row ${first + i + 1}: the timestamp is missing.`);
    last.push(time, temperature?.[i] ?? Number.NaN, humidity?.[i] ?? Number.NaN, motion?.[i] ?? Number.NaN, light?.[i] ?? Number.NaN);
  }
}
