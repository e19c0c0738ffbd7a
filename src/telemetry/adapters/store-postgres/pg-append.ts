// Appends to the partitioned readings table. Small batches go in one multi-row INSERT (one round
// trip); large ones are COPYed into a session-local staging table and moved with one INSERT …
// SELECT. Both end in ON CONFLICT DO NOTHING, so a resend is dropped and counted as a duplicate.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Reading } from "../../../sensors/reading.js";
import { fieldValues } from "../internal/reading-columns.js";
import type { PgNames } from "./pg-schema.js";

const COLUMNS = "device, kind, ts, id, type_label, received_at, temperature, humidity, motion, light";
const WIDTH = 10;
/** Rows per multi-row INSERT: 10 parameters a row stays under PostgreSQL's 65,535. */
export const INSERT_CHUNK = 1000;

function rowParams(r: Reading): (string | number | boolean | null)[] {
  return [r.device, r.kind, r.timestamp, r.id, r.typeLabel, Math.round(r.receivedAt), ...fieldValues(r)];
}

/** One multi-row INSERT per chunk; returns rows inserted. Run inside the caller's transaction. */
export async function insertRows(client: PoolClient, n: PgNames, readings: readonly Reading[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < readings.length; i += INSERT_CHUNK) {
    const chunk = readings.slice(i, i + INSERT_CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      const base = params.length;
      params.push(...rowParams(r));
      return `(${Array.from({ length: WIDTH }, (_, k) => `$${base + k + 1}`).join(", ")})`;
    });
    const res = await client.query(`INSERT INTO ${n.readings} (${COLUMNS}) VALUES ${values.join(", ")} ON CONFLICT DO NOTHING`, params);
    inserted += res.rowCount ?? 0;
  }
  return inserted;
}

/** COPY text format: backslash escapes for the characters that delimit rows and columns. */
function copyText(v: string | number | boolean | null): string {
  if (v === null) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "number") return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** Clients that already have the staging table (temporary tables live as long as the session). */
const staged = new WeakSet<PoolClient>();

/** COPY into staging, then one INSERT … SELECT; returns rows inserted. Run inside a transaction. */
export async function copyRows(client: PoolClient, n: PgNames, readings: readonly Reading[]): Promise<number> {
  if (!staged.has(client)) {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS mimic_staging (
      device text, kind text, ts double precision, id text, type_label text, received_at bigint,
      temperature double precision, humidity double precision, motion boolean, light boolean
    ) ON COMMIT DELETE ROWS`);
    staged.add(client);
  }
  const lines: string[] = [];
  for (const r of readings) lines.push(rowParams(r).map(copyText).join("\t"));
  lines.push("");
  try {
    await pipeline(Readable.from([Buffer.from(lines.join("\n"))]), client.query(copyFrom(`COPY mimic_staging (${COLUMNS}) FROM STDIN`)));
    const res = await client.query(`INSERT INTO ${n.readings} (${COLUMNS}) SELECT ${COLUMNS} FROM mimic_staging ON CONFLICT DO NOTHING`);
    return res.rowCount ?? 0;
  } catch (e) {
    // If the staging table was created in this (now failed) transaction, it is gone.
    staged.delete(client);
    throw e;
  }
}
