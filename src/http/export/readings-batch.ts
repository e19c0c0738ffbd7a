// A query answer (or one page of a streamed one) as a columnar batch, for the Parquet writer of
// synth/writers: the same columns as
// the CSV (device, type, timestamp, one per field; buckets: bucket, count, <field>_mean/_min/_max),
// typed — timestamps as epoch-second doubles like the CSV's, motion and light as booleans.
import { SENSOR_FIELDS, SENSOR_KINDS } from "../../sensors/index.js";
import type { SensorField } from "../../sensors/index.js";
import type { ColumnBatch, ColumnSpec, ColumnVector, TableShape } from "../../synth/batch.js";
import { isBucketRows, type QueryAnswer } from "../../telemetry/query/index.js";
import type { ReadingRow } from "../../telemetry/ports.js";

/** The fields of an answer: the asked kind's, else every kind's that occurs, in SENSOR_FIELDS order. */
function fieldsOf(answer: QueryAnswer): SensorField[] {
  if (answer.kind !== undefined) return [...SENSOR_FIELDS[answer.kind]];
  const kinds = new Set<string>(answer.rows.map((r) => r.kind));
  return SENSOR_KINDS.flatMap((kind) => (kinds.has(kind) ? SENSOR_FIELDS[kind] : []));
}

/** One column of values (NaN-free, nulls marked), as doubles or, for a boolean column, as 0/1 bytes. */
function vectorOf(n: number, value: (i: number) => number | boolean | undefined, asBool: boolean): { vector: ColumnVector; anyNull: boolean } {
  const values = asBool ? new Uint8Array(n) : new Float64Array(n);
  const nulls = new Uint8Array(n);
  let anyNull = false;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (v === undefined) {
      nulls[i] = 1;
      anyNull = true;
      continue;
    }
    const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
    values[i] = asBool ? (x === 1 ? 1 : 0) : x;
  }
  return { vector: anyNull ? { values, nulls } : { values }, anyNull };
}

const numbers = (n: number, value: (i: number) => number | boolean | undefined) => vectorOf(n, value, false);
const booleans = (n: number, value: (i: number) => number | boolean | undefined) => vectorOf(n, value, true);

/**
 * The shape of streamed raw readings with these field columns (in SENSOR_FIELDS order): each
 * field nullable when the answer holds several kinds (a DHT22 row has no motion), as
 * `readingsBatch` would find.
 */
export function readingsShape(fields: readonly string[]): TableShape {
  const kinds = SENSOR_KINDS.filter((kind) => SENSOR_FIELDS[kind].some((f) => fields.includes(f.name)));
  const nullable = kinds.length > 1 ? { nullable: true } : {};
  return {
    name: "readings",
    columns: [
      { name: "device", type: "string" },
      { name: "type", type: "string" },
      { name: "timestamp", type: "float" },
      // In SENSOR_FIELDS order, as readingsBatch: a file's columns do not depend on which row came first.
      ...kinds.flatMap((kind) =>
        SENSOR_FIELDS[kind]
          .filter((f) => fields.includes(f.name))
          .map((f): ColumnSpec => ({ name: f.name, type: f.type === "boolean" ? "bool" : "float", ...nullable })),
      ),
    ],
  };
}

/** One page of raw readings as a batch of `shape` (from {@link readingsShape}). */
export function readingsPageBatch(rows: readonly ReadingRow[], shape: TableShape, chunkIndex: number): ColumnBatch {
  const n = rows.length;
  const columns: ColumnVector[] = [{ values: rows.map((r) => r.device) }, { values: rows.map((r) => r.kind) }, numbers(n, (i) => rows[i]!.timestamp).vector];
  for (const spec of shape.columns.slice(3)) {
    const value = (i: number) => rows[i]!.data[spec.name];
    const made = spec.type === "bool" ? booleans(n, value) : numbers(n, value);
    columns.push(made.vector);
  }
  return { length: n, chunkIndex, columns };
}

/** The shape and the one batch of a query answer. */
export function readingsBatch(answer: QueryAnswer): { shape: TableShape; batch: ColumnBatch } {
  const rows = answer.rows;
  const n = rows.length;
  const specs: ColumnSpec[] = [
    { name: "device", type: "string" },
    { name: "type", type: "string" },
  ];
  const columns: ColumnVector[] = [{ values: rows.map((r) => r.device) }, { values: rows.map((r) => r.kind) }];
  const add = (spec: ColumnSpec, made: { vector: ColumnVector; anyNull: boolean }): void => {
    specs.push(made.anyNull ? { ...spec, nullable: true } : spec);
    columns.push(made.vector);
  };
  const fields = fieldsOf(answer);
  if (answer.bucketed && isBucketRows(rows)) {
    const buckets = rows;
    add(
      { name: "bucket", type: "int" },
      numbers(n, (i) => buckets[i]!.bucket),
    );
    add(
      { name: "count", type: "int" },
      numbers(n, (i) => buckets[i]!.count),
    );
    for (const f of fields) {
      for (const stat of ["mean", "min", "max"] as const)
        add(
          { name: `${f.name}_${stat}`, type: "float" },
          numbers(n, (i) => buckets[i]!.fields[f.name]?.[stat]),
        );
    }
  } else {
    const readings = rows as readonly ReadingRow[];
    add(
      { name: "timestamp", type: "float" },
      numbers(n, (i) => readings[i]!.timestamp),
    );
    for (const f of fields) {
      const value = (i: number) => readings[i]!.data[f.name];
      add({ name: f.name, type: f.type === "boolean" ? "bool" : "float" }, f.type === "boolean" ? booleans(n, value) : numbers(n, value));
    }
  }
  return { shape: { name: "readings", columns: specs }, batch: { length: n, chunkIndex: 0, columns } };
}
