// Readings from a Parquet file, as `mimic query --format parquet` or `mimic generate iot --format
// parquet` writes them: device, type, timestamp (epoch seconds) and the fields present. Columns are
// found by name, like the CSV reader's, and land in the same per-(device, type) columns.
import { MimicError } from "../../errors/index.js";
import { parquetColumnNames, readParquet, type ParquetColumn } from "../../parquet/index.js";
import { kindOfLabel } from "../../sensors/index.js";
import { READING_FIELDS, ReadingColumns } from "./readings-csv.js";

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

function texts(c: ParquetColumn): readonly (string | null)[] {
  return c.kind === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Reads the readings of a Parquet file into `into`, grouped per (device, type). */
export async function readReadingsParquet(path: string, file: string, into = new Map<string, ReadingColumns>()): Promise<Map<string, ReadingColumns>> {
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
  const table = await readParquet(path, { columns: ["device", "type", "timestamp", ...fields] });
  const [device, type, timestamp, ...fieldColumns] = table.columns as [ParquetColumn, ParquetColumn, ParquetColumn, ...ParquetColumn[]];
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
  let last: ReadingColumns | undefined;
  for (let i = 0; i < table.rowCount; i++) {
    const d = devices[i];
    const t = types[i];
    if (d === null || d === undefined || t === null || t === undefined) throw bad(file, `row ${i + 1} has no device or no type.`);
    const key = d + "\u0000" + t;
    if (key !== lastKey || last === undefined) {
      let cols = into.get(key);
      if (!cols) {
        const kind = kindOfLabel(t) ?? kindOfLabel(t.toUpperCase());
        if (kind === undefined) throw bad(file, `row ${i + 1}: type "${t}" is not a sensor type (DHT22, PIR, LIGHT or the seed's labels).`);
        into.set(key, (cols = new ReadingColumns(d, kind)));
      }
      last = cols;
      lastKey = key;
    }
    const time = timestamp.values[i]! * toSeconds;
    if (!Number.isFinite(time)) throw bad(file, `row ${i + 1}: the timestamp is missing.`);
    last.push(time, temperature?.[i] ?? Number.NaN, humidity?.[i] ?? Number.NaN, motion?.[i] ?? Number.NaN, light?.[i] ?? Number.NaN);
  }
  return into;
}
