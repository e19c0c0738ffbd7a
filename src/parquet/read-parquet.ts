// Reads a Parquet file column by column into flat arrays: numbers (and times, as epoch
// milliseconds) in Float64Arrays with NaN for a null, text as strings with null. No row objects are
// built — hyparquet hands over each column chunk, which is copied into the column's array — so a
// million rows cost the columns, not a million objects.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement } from "hyparquet";
import { MimicError } from "../errors/index.js";

/** What a column holds, from its Parquet physical and logical types. */
export type ParquetColumnKind = "int" | "decimal" | "float" | "bool" | "string" | "date" | "time" | "timestamp";

interface ColumnBase {
  name: string;
  /** Number of null cells. */
  nulls: number;
}

/** A column of numbers: ints, decimals, floats, booleans (1/0), dates and timestamps (epoch ms), times (ms of the day). NaN is null. */
export interface ParquetNumberColumn extends ColumnBase {
  kind: Exclude<ParquetColumnKind, "string">;
  values: Float64Array;
  /** Places after the point of a DECIMAL column. */
  scale?: number;
}

/** A column of text; null is a null cell. */
export interface ParquetTextColumn extends ColumnBase {
  kind: "string";
  values: (string | null)[];
}

export type ParquetColumn = ParquetNumberColumn | ParquetTextColumn;

export interface ParquetTable {
  rowCount: number;
  columns: ParquetColumn[];
}

export interface ReadParquetOptions {
  /** Read only these columns (all when absent); a name the file lacks is an error. */
  columns?: readonly string[];
  /** Read only rows [start, end) (all when absent): a long file read a slice at a time in bounded memory. */
  rows?: { start: number; end: number };
}

/** The part [from, to) of a decoded chunk (a typed array or an array). */
function part(data: ArrayLike<unknown>, from: number, to: number): ArrayLike<unknown> {
  if (from === 0 && to === data.length) return data;
  return ArrayBuffer.isView(data) ? (data as unknown as Float64Array).subarray(from, to) : Array.prototype.slice.call(data, from, to);
}

/** The four bytes every Parquet file starts and ends with. */
const MAGIC = "PAR1";

/** True when the first bytes are Parquet's magic: how a reader tells Parquet from CSV whatever the name. */
export function looksLikeParquet(head: Uint8Array): boolean {
  return head.length >= 4 && String.fromCharCode(head[0]!, head[1]!, head[2]!, head[3]!) === MAGIC;
}

function kindOf(element: SchemaElement): ParquetColumnKind | undefined {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === "DECIMAL" || converted === "DECIMAL") return "decimal";
  if (logical === "DATE" || converted === "DATE") return "date";
  if (logical === "TIME" || converted === "TIME_MILLIS" || converted === "TIME_MICROS") return "time";
  if (logical === "TIMESTAMP" || converted === "TIMESTAMP_MILLIS" || converted === "TIMESTAMP_MICROS" || element.type === "INT96") return "timestamp";
  switch (element.type) {
    case "BOOLEAN":
      return "bool";
    case "INT32":
    case "INT64":
      return "int";
    case "FLOAT":
    case "DOUBLE":
      return "float";
    case "BYTE_ARRAY":
    case "FIXED_LEN_BYTE_ARRAY":
      return logical === undefined ||
        logical === "STRING" ||
        logical === "ENUM" ||
        logical === "JSON" ||
        converted === "UTF8" ||
        converted === "ENUM" ||
        converted === "JSON"
        ? "string"
        : undefined;
    default:
      return undefined;
  }
}

/** Milliseconds of a TIME value: hyparquet leaves it as stored (ms in INT32, µs in INT64). */
function timeScale(element: SchemaElement): number {
  const unit = element.logical_type?.type === "TIME" ? element.logical_type.unit : element.converted_type === "TIME_MICROS" ? "MICROS" : "MILLIS";
  return unit === "MICROS" ? 1e-3 : unit === "NANOS" ? 1e-6 : 1;
}

function decimalScale(element: SchemaElement): number {
  const logical = element.logical_type;
  return element.scale ?? (logical?.type === "DECIMAL" ? logical.scale : 0);
}

/** Times and dates as epoch milliseconds, not Date objects: numbers are what the columns hold. */
const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us) / 1e3,
  timestampFromNanoseconds: (ns: bigint) => Number(ns) / 1e6,
  dateFromDays: (days: number) => days * 86_400_000,
};

async function open(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (code ?? "read error");
    throw new MimicError("IO_UNREADABLE", `Cannot read "${path}": ${why}; check the path.`, { cause });
  }
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (cause) {
    throw new MimicError("PARQUET_UNREADABLE", `"${path}" is not a readable Parquet file (${(cause as Error).message}); write it again, or give a CSV.`, {
      cause,
    });
  }
}

/** The number of rows of a Parquet file, from its footer (no data is read). */
export async function parquetRowCount(path: string): Promise<number> {
  const { metadata } = await open(path);
  return Number(metadata.num_rows);
}

/** The names of a Parquet file's top-level columns, from its footer (no data is read). */
export async function parquetColumnNames(path: string): Promise<string[]> {
  const { metadata } = await open(path);
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

/**
 * Reads the flat columns of a Parquet file.
 *
 * @example
 * const table = await readParquet("readings.parquet", { columns: ["device", "timestamp", "temperature"] });
 * console.log(table.rowCount, table.columns.map((c) => `${c.name}: ${c.kind}`));
 */
export async function readParquet(path: string, options: ReadParquetOptions = {}): Promise<ParquetTable> {
  const { file, metadata } = await open(path);
  const total = Number(metadata.num_rows);
  const start = Math.max(0, Math.min(total, options.rows?.start ?? 0));
  const end = Math.max(start, Math.min(total, options.rows?.end ?? total));
  const rowCount = end - start;
  const top = parquetSchema(metadata).children;
  const wanted = options.columns ?? top.map((c) => c.element.name);
  const missing = wanted.filter((n) => !top.some((c) => c.element.name === n));
  if (missing.length > 0) {
    throw new MimicError(
      "PARQUET_BAD_SCHEMA",
      `"${path}" has no column ${missing.map((m) => `"${m}"`).join(", ")} (it has ${top.map((c) => c.element.name).join(", ")}).`,
    );
  }
  const columns: ParquetColumn[] = [];
  const fill = new Map<string, (data: ArrayLike<unknown>, at: number) => void>();
  for (const name of wanted) {
    const node = top.find((c) => c.element.name === name)!;
    const kind = node.children.length === 0 ? kindOf(node.element) : undefined;
    if (kind === undefined || node.element.repetition_type === "REPEATED") {
      const type = node.children.length > 0 ? "a nested group" : (node.element.logical_type?.type ?? node.element.converted_type ?? node.element.type);
      throw new MimicError(
        "PARQUET_BAD_SCHEMA",
        `"${path}": column "${name}" is ${type}, which mimic does not read; give flat columns of numbers, text, booleans, dates or times.`,
      );
    }
    if (kind === "string") {
      const column: ParquetTextColumn = { name, kind, values: new Array<string | null>(rowCount).fill(null), nulls: 0 };
      columns.push(column);
      fill.set(name, (data, at) => {
        // Strings (UTF8), or numbers where a writer stored an ENUM/JSON code: text either way.
        const cells = data as ArrayLike<string | number | bigint | boolean | null | undefined>;
        for (let i = 0; i < cells.length; i++) {
          const v = cells[i];
          column.values[at + i] = v === null || v === undefined ? null : String(v);
        }
      });
      continue;
    }
    const values = new Float64Array(rowCount).fill(Number.NaN);
    const scale = kind === "decimal" ? decimalScale(node.element) : undefined;
    const column: ParquetNumberColumn = { name, kind, values, nulls: 0, ...(scale !== undefined ? { scale } : {}) };
    columns.push(column);
    const unit = kind === "time" ? timeScale(node.element) : 1;
    // hyparquet multiplies a DECIMAL's integer by 10^-scale, which can land an ulp away from the
    // value written (78429.52000000001): the integer over 10^scale is the double nearest the decimal.
    const power = 10 ** (scale ?? 0);
    fill.set(name, (data, at) => {
      if (scale !== undefined) {
        for (let i = 0; i < data.length; i++) {
          const v = data[i];
          values[at + i] = v === null || v === undefined ? Number.NaN : Math.round(Number(v) * power) / power;
        }
        return;
      }
      if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) {
        if (unit === 1) values.set(data, at);
        else for (let i = 0; i < data.length; i++) values[at + i] = data[i]! * unit;
        return;
      }
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        values[at + i] = v === null || v === undefined ? Number.NaN : typeof v === "boolean" ? (v ? 1 : 0) : Number(v) * unit;
      }
    });
  }
  try {
    await parquetRead({
      file,
      metadata,
      columns: [...wanted],
      parsers: PARSERS,
      rowStart: start,
      rowEnd: end,
      // A chunk is a page's rows, which may begin before `start` or run past `end`: only the asked rows are kept.
      onChunk: (chunk) => {
        const data = chunk.columnData as ArrayLike<unknown>;
        const lo = Math.max(start, chunk.rowStart);
        const hi = Math.min(end, chunk.rowStart + data.length);
        if (hi > lo) fill.get(chunk.columnName)?.(part(data, lo - chunk.rowStart, hi - chunk.rowStart), lo - start);
      },
    });
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    throw new MimicError("PARQUET_UNREADABLE", `"${path}" could not be decoded as Parquet (${(cause as Error).message}); write it again, or give a CSV.`, {
      cause,
    });
  }
  for (const c of columns) {
    let nulls = 0;
    if (c.kind === "string") for (const v of c.values) nulls += v === null ? 1 : 0;
    else for (const v of c.values) nulls += Number.isNaN(v) ? 1 : 0;
    c.nulls = nulls;
  }
  return { rowCount, columns };
}
