// Parquet output: batches accumulate into a row group, which is encoded and flushed to the sink
// before the next one starts, so memory is bounded by one row group whatever the row count.
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from "hyparquet-writer";
import type { BatchWriter, ColumnBatch, ColumnSpec, ColumnVector, TableShape } from "../batch.js";
import type { OutputSink } from "./output-sink.js";

/** Rows per Parquet row group: large enough for good compression, small enough to bound memory. */
export const PARQUET_ROW_GROUP_ROWS = 131_072;

type ParquetValues = ColumnSource["data"];

/** The Parquet schema element of a column: typed, never a string holding a number. */
export function parquetElement(spec: ColumnSpec): SchemaElement {
  const repetition_type = spec.nullable ? "OPTIONAL" : "REQUIRED";
  const name = spec.name;
  switch (spec.type) {
    case "int":
      return { name, repetition_type, type: "INT64" };
    case "decimal":
      // Exact: the scaled integer itself is stored, as DECIMAL(18, scale).
      return { name, repetition_type, type: "INT64", converted_type: "DECIMAL", scale: spec.scale ?? 0, precision: 18 };
    case "float":
      return { name, repetition_type, type: "DOUBLE" };
    case "bool":
      return { name, repetition_type, type: "BOOLEAN" };
    case "string":
      return { name, repetition_type, type: "BYTE_ARRAY", converted_type: "UTF8" };
    case "date":
      return { name, repetition_type, type: "INT32", converted_type: "DATE" };
    case "time":
      return { name, repetition_type, type: "INT32", converted_type: "TIME_MILLIS" };
    case "datetime":
      return { name, repetition_type, type: "INT64", converted_type: "TIMESTAMP_MILLIS" };
  }
}

/** A column's values as numbers in the batch convention (a decimal's are scaled integers). */
function numbersOf(spec: ColumnSpec, vector: ColumnVector): Float64Array | Uint8Array {
  const v = vector.values;
  if (v instanceof Float64Array || v instanceof Uint8Array) return v;
  // Words of a numeric categorical: their text is the value.
  const scale = spec.type === "decimal" ? 10 ** (spec.scale ?? 0) : 1;
  const words = Array.isArray(v) ? v : Array.from(v.codes, (code) => v.dictionary[code] ?? "");
  return Float64Array.from(words, (w) => Math.round(Number(w) * scale * 1e6) / 1e6);
}

/** Converts the values of one column (several batches) to what hyparquet-writer expects. */
function columnData(spec: ColumnSpec, vectors: readonly ColumnVector[], rows: number): ParquetValues {
  const out: unknown[] = new Array<unknown>(rows);
  let k = 0;
  for (const vector of vectors) {
    const nulls = vector.nulls;
    const values = vector.values;
    if (spec.type === "string") {
      if (Array.isArray(values)) for (let i = 0; i < values.length; i++) out[k++] = nulls?.[i] ? null : values[i];
      else if (values instanceof Float64Array || values instanceof Uint8Array)
        for (let i = 0; i < values.length; i++) out[k++] = nulls?.[i] ? null : String(values[i]);
      else for (let i = 0; i < values.codes.length; i++) out[k++] = nulls?.[i] ? null : values.dictionary[values.codes[i]!];
      continue;
    }
    const nums = numbersOf(spec, vector);
    const convert: (v: number) => unknown =
      spec.type === "int" || spec.type === "decimal" || spec.type === "datetime"
        ? (v) => BigInt(Math.round(v))
        : spec.type === "date"
          ? (v) => Math.floor(v)
          : spec.type === "time"
            ? (v) => Math.round(v * 1000)
            : spec.type === "bool"
              ? (v) => v !== 0
              : spec.type === "float" && spec.scale !== undefined
                ? (v) => Math.round(v * 10 ** spec.scale!) / 10 ** spec.scale!
                : (v) => v;
    for (let i = 0; i < nums.length; i++) {
      const v = nums[i]!;
      out[k++] = nulls?.[i] || (spec.type !== "float" && !Number.isFinite(v)) ? null : convert(v);
    }
  }
  return out as ParquetValues;
}

/** hyparquet's ByteWriter whose row-group flushes go to our sink and free the buffer. */
class SinkByteWriter extends ByteWriter {
  constructor(private readonly sink: OutputSink) {
    super(1 << 20);
  }

  private drain(): Promise<void> {
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink.write(bytes);
  }

  // hyparquet awaits the promise flush() returns before encoding the next row group (its
  // back-pressure hook); ByteWriter declares finish() as void, hence the disabled rule.
  flush(): Promise<void> {
    return this.drain();
  }

  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override finish(): Promise<void> {
    return this.drain();
  }
}

/**
 * A BatchWriter that writes one Parquet file with typed columns (INT64, DECIMAL, DOUBLE, BOOLEAN,
 * UTF8, DATE, TIME_MILLIS, TIMESTAMP_MILLIS), Snappy-compressed.
 *
 * @example
 * const writer = createParquetWriter(shape, await openFileSink("out.parquet"));
 * for (const batch of batches) await writer.write(batch);
 * await writer.close();
 */
export function createParquetWriter(shape: TableShape, sink: OutputSink, rowGroupRows = PARQUET_ROW_GROUP_ROWS): BatchWriter {
  const schema: SchemaElement[] = [{ name: "root", num_children: shape.columns.length }, ...shape.columns.map(parquetElement)];
  const bytes = new SinkByteWriter(sink);
  const parquet = new ParquetWriter({ writer: bytes, schema, createdBy: "mimic" });
  let pending: ColumnBatch[] = [];
  let pendingRows = 0;

  const flushGroup = async () => {
    if (pendingRows === 0) return;
    const columns: ColumnSource[] = shape.columns.map((spec, c) => ({
      name: spec.name,
      data: columnData(
        spec,
        pending.map((b) => b.columns[c]!),
        pendingRows,
      ),
    }));
    const rows = pendingRows;
    pending = [];
    pendingRows = 0;
    await parquet.write({ columnData: columns, rowGroupSize: rows });
  };

  return {
    async write(batch) {
      pending.push(batch);
      pendingRows += batch.length;
      if (pendingRows >= rowGroupRows) await flushGroup();
    },
    async close() {
      try {
        await flushGroup();
        await parquet.finish();
        await sink.close();
      } catch (error) {
        await sink.abort();
        throw error;
      }
    },
    async abort() {
      pending = [];
      await sink.abort();
    },
  };
}
