// One SQL shape for readings queries, shared by the SQLite and PostgreSQL stores so both answer
// with the same semantics: [from, to) on the device clock, sorted by time, optional buckets.
import { MimicError } from "../../../errors/index.js";
import { SENSOR_FIELDS, isSensorKind, type SensorField } from "../../../sensors/sensor-fields.js";
import type { BucketRow, ReadingQuery, ReadingRow } from "../../ports.js";
import type { SensorKind } from "../../../sensors/reading.js";
import { FIELD_COLUMNS } from "./reading-columns.js";

/** Largest `limit` a store accepts in one query; the HTTP/CLI layers document tighter bounds. */
export const MAX_QUERY_LIMIT = 1_000_000;

export interface SqlDialect {
  /** Placeholder for the n-th parameter (1-based). */
  param(n: number): string;
  /** A field column as a number for aggregates (booleans as 0/1). */
  numeric(column: string, type: SensorField["type"]): string;
}

export interface PlannedQuery {
  sql: string;
  params: unknown[];
  /** Turns one raw result row (array, in select order) into the port's row. */
  map(row: unknown[]): ReadingRow | BucketRow;
}

function bad(message: string): MimicError {
  return new MimicError("STORE_BAD_QUERY", message);
}

/** Validates a query; throws STORE_BAD_QUERY with what to fix. */
export function checkQuery(q: ReadingQuery): void {
  if (!Number.isFinite(q.from) || !Number.isFinite(q.to)) throw bad("from and to must be finite epoch seconds");
  if (!(q.from < q.to)) throw bad(`from (${q.from}) must be earlier than to (${q.to}); the range is [from, to)`);
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_QUERY_LIMIT) {
    throw bad(`limit must be a whole number from 1 to ${MAX_QUERY_LIMIT}, got ${q.limit}`);
  }
  if (q.kind !== undefined && !isSensorKind(q.kind)) throw bad("kind must be DHT22, PIR or LIGHT");
  if (q.secondMoment === true && q.bucketSeconds === undefined) throw bad("secondMoment needs bucketSeconds: it is a per-bucket aggregate");
  if (q.bucketSeconds !== undefined && !(Number.isFinite(q.bucketSeconds) && q.bucketSeconds > 0)) {
    throw bad(`bucketSeconds must be a positive number of seconds, got ${q.bucketSeconds}`);
  }
  if ((q.after !== undefined || q.withIds === true) && q.bucketSeconds !== undefined) throw bad("after and withIds page raw readings, not buckets");
  if (q.after !== undefined && !(Number.isFinite(q.after.timestamp) && isSensorKind(q.after.kind))) throw bad("after must be a row of an earlier page");
  if (q.fields !== undefined) {
    if (q.kind === undefined) throw bad("fields needs kind: each kind has its own fields");
    const known = SENSOR_FIELDS[q.kind].map((f) => f.name);
    for (const f of q.fields) {
      if (!known.includes(f)) throw bad(`field "${f}" is not a ${q.kind} field; use one of ${known.join(", ")}`);
    }
    if (q.fields.length === 0) throw bad(`fields must name at least one of ${known.join(", ")}`);
  }
}

/** The columns a query selects, and for each kind which of them belong to its rows. */
function projection(q: ReadingQuery): { columns: SensorField[]; perKind: (kind: SensorKind) => number[] } {
  const columns = q.kind === undefined ? [...FIELD_COLUMNS] : SENSOR_FIELDS[q.kind].filter((f) => q.fields === undefined || q.fields.includes(f.name));
  const cache = new Map<SensorKind, number[]>();
  return {
    columns,
    perKind(kind) {
      let idx = cache.get(kind);
      if (!idx) {
        const own = SENSOR_FIELDS[kind].map((f) => f.name);
        idx = columns.flatMap((c, i) => (own.includes(c.name) ? [i] : []));
        cache.set(kind, idx);
      }
      return idx;
    },
  };
}

/**
 * Plans a validated query as SQL over the `readings` table (columns device, kind, ts, id and one
 * per field). Raw rows are ordered by (ts, device, kind, id); buckets by (bucket, device, kind).
 */
export function planQuery(q: ReadingQuery, d: SqlDialect, table = "readings"): PlannedQuery {
  checkQuery(q);
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return d.param(params.length);
  };
  // Placeholders are numbered in text order (SQLite binds `?` positionally): the bucket
  // expression comes first in the SELECT, so its parameters are taken first.
  const bucketExpr = q.bucketSeconds === undefined ? "" : `floor(ts / ${p(q.bucketSeconds)}) * ${p(q.bucketSeconds)}`;
  const where: string[] = [];
  if (q.device !== undefined) where.push(`device = ${p(q.device)}`);
  if (q.kind !== undefined) where.push(`kind = ${p(q.kind)}`);
  const after = q.after;
  // Paging: the range starts at the last row's time (an index range, not a scan from `from`), and
  // rows at exactly that time come after it only when (device, kind, id) does.
  where.push(`ts >= ${p(after === undefined ? q.from : Math.max(q.from, after.timestamp))}`, `ts < ${p(q.to)}`);
  if (after !== undefined)
    where.push(
      `(ts > ${p(after.timestamp)} OR device > ${p(after.device)} OR (device = ${p(after.device)} AND (kind > ${p(after.kind)} OR (kind = ${p(after.kind)} AND id > ${p(after.id)}))))`,
    );
  const { columns, perKind } = projection(q);

  if (q.bucketSeconds === undefined) {
    // One device and one kind (the seed's query): they are not selected per row, which saves two
    // strings per row (about a third of the time of a 10,000-row answer).
    const device = q.device;
    const kind = q.kind;
    const fixed = device !== undefined && kind !== undefined;
    const first = fixed ? 1 : 3;
    const withIds = q.withIds === true;
    const sql =
      `SELECT ${fixed ? "ts" : "device, kind, ts"}${columns.map((c) => `, ${c.name}`).join("")}${withIds ? ", id" : ""} FROM ${table}` +
      ` WHERE ${where.join(" AND ")} ORDER BY ts, device, kind, id LIMIT ${p(q.limit)}`;
    return {
      sql,
      params,
      map(row) {
        const rowKind = fixed ? kind : (row[1] as SensorKind);
        const data: Record<string, number | boolean> = {};
        for (const i of perKind(rowKind)) {
          const c = columns[i]!;
          const v = row[first + i];
          data[c.name] = c.type === "boolean" ? v === true || v === 1 : Number(v);
        }
        const out: ReadingRow = { device: fixed ? device : (row[0] as string), kind: rowKind, timestamp: Number(row[first - 1]), data };
        if (withIds) out.id = row[first + columns.length] as string;
        return out;
      },
    };
  }

  const m2 = q.secondMoment === true;
  const values = columns.map((c) => d.numeric(c.name, c.type));
  const aggregates = columns
    .map((c, i) => `, avg(${values[i]}), min(${values[i]}), max(${values[i]})${m2 ? `, sum((${values[i]} - m_${c.name}) * (${values[i]} - m_${c.name}))` : ""}`)
    .join("");
  // The second moment in two passes: each reading's bucket mean comes from a window over its
  // bucket, then the squared deviations are summed. Never Σx² − n·mean², which cancels away every
  // digit of values like 17.0 ± 0.4.
  const source = m2
    ? `(SELECT *${columns.map((c, i) => `, avg(${values[i]}) OVER (PARTITION BY device, kind, bucket) AS m_${c.name}`).join("")} FROM (SELECT device, kind, ${bucketExpr} AS bucket${columns.map((c) => `, ${c.name}`).join("")} FROM ${table} WHERE ${where.join(" AND ")}) AS b) AS w`
    : "";
  const sql = m2
    ? `SELECT device, kind, bucket, count(*)${aggregates} FROM ${source} GROUP BY device, kind, bucket ORDER BY bucket, device, kind LIMIT ${p(q.limit)}`
    : `SELECT device, kind, ${bucketExpr} AS bucket, count(*)${aggregates} FROM ${table}` +
      ` WHERE ${where.join(" AND ")} GROUP BY device, kind, bucket ORDER BY bucket, device, kind LIMIT ${p(q.limit)}`;
  const width = m2 ? 4 : 3;
  return {
    sql,
    params,
    map(row) {
      const kind = row[1] as SensorKind;
      const fields: BucketRow["fields"] = {};
      for (const i of perKind(kind)) {
        const at = 4 + width * i;
        const f: BucketRow["fields"][string] = { mean: Number(row[at]), min: Number(row[at + 1]), max: Number(row[at + 2]) };
        if (m2) f.m2 = Math.max(0, Number(row[at + 3] ?? 0));
        fields[columns[i]!.name] = f;
      }
      return { device: row[0] as string, kind, bucket: Number(row[2]), count: Number(row[3]), fields };
    },
  };
}
