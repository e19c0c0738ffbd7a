// The columnar batch: what generators fill and writers serialise. Typed arrays keep the hot path
// free of per-row objects; writers format straight from them into large buffers.

/** Logical type of a column; decides how each writer encodes it. */
export type ColumnType =
  | "int" // whole numbers (Float64Array, safe integers)
  | "float" // doubles (Float64Array)
  | "decimal" // exact fixed-point: Float64Array of scaled integers, value = v / 10^scale (money in cents)
  | "bool" // Uint8Array of 0/1
  | "string" // string[] or a dictionary column
  | "date" // Float64Array of days since 1970-01-01 (UTC)
  | "time" // Float64Array of seconds since midnight
  | "datetime"; // Float64Array of milliseconds since the epoch (UTC)

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Decimal places, for `decimal` (and the number of places a `float` is rounded to on output). */
  scale?: number;
  /** Output format for date/time/datetime, e.g. `MM/DD/YYYY`, `HH:mm:ss`, `iso`. */
  format?: string;
  /** Whether the column may hold nulls (see `ColumnVector.nulls`). */
  nullable?: boolean;
  /** How CSV writes a null of this column (the real table's `NA`, `None`); an empty field when absent. */
  nullText?: string;
}

/** Strings stored as codes into a small dictionary (categoricals): fast to generate and to write. */
export interface DictionaryValues {
  kind: "dictionary";
  codes: Uint32Array;
  dictionary: readonly string[];
  /**
   * Optionally, the same words already encoded, for large dictionaries of ids: every word has
   * `width` characters of printable ASCII other than `"` and `\`, and word k is
   * `bytes[k × width, (k + 1) × width)`. Writers may copy these bytes instead of encoding the strings.
   */
  plain?: { bytes: Uint8Array; width: number };
}

export type ColumnValues = Float64Array | Uint8Array | string[] | DictionaryValues;

export interface ColumnVector {
  values: ColumnValues;
  /** 1 where the row's value is null; absent when the column has no nulls in this batch. */
  nulls?: Uint8Array;
}

/** A chunk of rows of one table, column by column, in the table's column order. */
export interface ColumnBatch {
  /** Number of rows in this batch. */
  length: number;
  /** Index of this chunk within the table (the unit of work and of random-stream derivation). */
  chunkIndex: number;
  columns: readonly ColumnVector[];
}

/** The shape of a table's output: column specs in order. */
export interface TableShape {
  name: string;
  columns: readonly ColumnSpec[];
}

/**
 * A compiled table: a pure function from chunk index to rows. Chunk boundaries are fixed by
 * `chunkSize` (never by the number of workers), and every column draws from
 * `random.fork(table, column, chunkIndex)`, so output is byte-identical for any `--workers`.
 */
export interface TableGenerator {
  shape: TableShape;
  /** Rows per chunk (the last chunk of a table may be shorter). */
  chunkSize: number;
  /**
   * The table's natural row count, when it has one (e.g. `iot`: the readings of `--days`);
   * `mimic generate` uses it when `--rows` is not given. Absent: the caller must choose.
   */
  readonly rows?: number | undefined;
  /** Rows [chunkIndex × chunkSize, + length) of the table. Deterministic for a given seed. */
  generateChunk(chunkIndex: number, length: number): ColumnBatch;
}

/** Output formats every writer-facing command accepts. */
export type OutputFormat = "csv" | "jsonl" | "parquet";

/** Streams batches of one table to a sink with back-pressure and bounded memory. */
export interface BatchWriter {
  /** Resolves when the batch has been handed to the sink (waits on back-pressure). */
  write(batch: ColumnBatch): Promise<void>;
  /** Flushes, finalises (e.g. the Parquet footer) and closes; the file is complete on resolve. */
  close(): Promise<void>;
  /** Stops and removes any partial output (no partial file is left behind on error). */
  abort(): Promise<void>;
}
