// Tables of the PostgreSQL store, in one schema of their own. Readings are range-partitioned by
// device time (epoch seconds), one partition per `partitionSeconds`, created on demand; retention
// drops whole partitions, which costs nothing compared with DELETE + VACUUM.
import { escapeIdentifier, type PoolClient } from "pg";

/**
 * Bumped whenever the tables change. v2: a device has a set of `sensors` (the seed's Pi carries
 * three under one id) instead of one `kind`, and read tokens get a table; a v1 schema is upgraded in place by `createTables`.
 * v3: the live detectors' alarms get a table (created by `createTables`; nothing to move).
 */
export const PG_SCHEMA_VERSION = 3;

/** Names of the store's objects, schema-qualified and quoted. */
export interface PgNames {
  schema: string;
  readings: string;
  devices: string;
  tokens: string;
  readTokens: string;
  alarms: string;
  meta: string;
  partition(start: number): { qualified: string; bare: string };
}

export function pgNames(schema: string): PgNames {
  const s = escapeIdentifier(schema);
  return {
    schema: s,
    readings: `${s}.readings`,
    devices: `${s}.devices`,
    tokens: `${s}.device_tokens`,
    readTokens: `${s}.read_tokens`,
    alarms: `${s}.alarms`,
    meta: `${s}.mimic_meta`,
    partition(start) {
      const bare = `readings_p${start < 0 ? `m${-start}` : start}`;
      return { qualified: `${s}.${escapeIdentifier(bare)}`, bare };
    },
  };
}

/** Start of the partition holding `ts`. */
export function partitionStart(ts: number, partitionSeconds: number): number {
  return Math.floor(ts / partitionSeconds) * partitionSeconds;
}

/** Advisory-lock key for DDL, so concurrent processes create tables and partitions one at a time. */
const DDL_LOCK = 0x6d696d6963; // "mimic"

export async function lockDdl(client: PoolClient): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [DDL_LOCK]);
}

export async function createTables(client: PoolClient, n: PgNames): Promise<void> {
  await lockDdl(client);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${n.schema}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.meta} (key text PRIMARY KEY, value text NOT NULL)`);
  // The primary key must contain the partition key: a reading's identity is (id, ts). A resend
  // carries the same id and timestamp, so it lands in the same partition and is dropped there.
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.readings} (
    device text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL, ts double precision NOT NULL,
    id text COLLATE "C" NOT NULL, type_label text NOT NULL, received_at bigint NOT NULL,
    temperature double precision, humidity double precision, motion boolean, light boolean,
    PRIMARY KEY (id, ts)
  ) PARTITION BY RANGE (ts)`);
  // Byte-order text ("C") sorts like SQLite and fast; the index holds the query's whole order
  // (no sort step) and its fields (index-only scans once the visibility map is set).
  await client.query(`CREATE INDEX IF NOT EXISTS readings_by_device_kind_ts ON ${n.readings} (device, kind, ts, id)
    INCLUDE (temperature, humidity, motion, light)`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.devices} (
    id text PRIMARY KEY, sensors text NOT NULL, status text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL)`);
  await migrateDeviceSensors(client, n);
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.tokens} (
    token_hash text PRIMARY KEY, device_id text NOT NULL REFERENCES ${n.devices} (id),
    issued_at bigint NOT NULL, expires_at bigint, revoked_at bigint)`);
  await client.query(`CREATE INDEX IF NOT EXISTS device_tokens_by_device ON ${n.tokens} (device_id)`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.readTokens} (
    name text PRIMARY KEY, scope text NOT NULL, token_hash text NOT NULL UNIQUE,
    issued_at bigint NOT NULL, expires_at bigint, revoked_at bigint)`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${n.alarms} (
    id text PRIMARY KEY, device text COLLATE "C" NOT NULL, sensor text NOT NULL, kind text NOT NULL, state text NOT NULL,
    start_ts double precision NOT NULL, end_ts double precision, score double precision NOT NULL, evidence text NOT NULL,
    opened_at bigint NOT NULL, closed_at bigint)`);
  await client.query(`CREATE INDEX IF NOT EXISTS alarms_by_start ON ${n.alarms} (start_ts)`);
  await client.query(`INSERT INTO ${n.meta} (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING`, [String(PG_SCHEMA_VERSION)]);
  // An older schema is now current; a newer one is left as it is (init refuses it).
  await client.query(`UPDATE ${n.meta} SET value = $1 WHERE key = 'schema_version' AND value::int < $2`, [String(PG_SCHEMA_VERSION), PG_SCHEMA_VERSION]);
}

/** v1 → v2: each device's one `kind` becomes its `sensors` list (same text for one sensor). */
async function migrateDeviceSensors(client: PoolClient, n: PgNames): Promise<void> {
  const r = await client.query(`SELECT 1 FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'kind' AND NOT attisdropped`, [n.devices]);
  if (r.rowCount === 0) return;
  await client.query(`ALTER TABLE ${n.devices} ADD COLUMN IF NOT EXISTS sensors text`);
  await client.query(`UPDATE ${n.devices} SET sensors = kind`);
  await client.query(`ALTER TABLE ${n.devices} ALTER COLUMN sensors SET NOT NULL, DROP COLUMN kind`);
}

/** Existing partitions as [start, end) pairs, read from the catalog. */
export async function listPartitions(client: PoolClient | { query: PoolClient["query"] }, n: PgNames): Promise<{ name: string; start: number; end: number }[]> {
  const r = await client.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass`,
    [n.readings],
  );
  return r.rows.flatMap((row) => {
    const m = /FROM \('?(-?[\d.e+]+)'?\) TO \('?(-?[\d.e+]+)'?\)/.exec(row.bound);
    return m ? [{ name: row.name, start: Number(m[1]), end: Number(m[2]) }] : [];
  });
}
