// Tables of the embedded store. Readings are clustered by (device, kind, ts) — a WITHOUT ROWID
// table whose primary key is the query's index — so the seed's "72 h of one device" query reads
// one contiguous key range. The key ends with the reading id, so a resent reading (same device,
// kind, timestamp and id) is ignored by INSERT OR IGNORE: appends are idempotent without a second
// index. Schema v1 also had a unique index on id alone; its random keys made every insert a
// cache-missing B-tree descent (59k vs 507k rows/s measured here), so v2 drops it — the same
// (id, timestamp) uniqueness the PostgreSQL store has. Schema v3 gives a device a set of sensors
// (the seed's Pi carries three under one id) instead of one kind: v2's `kind` column becomes a
// one-sensor `sensors` list in place, and read tokens (who may query) get a table of their own.
// Schema v4 adds the live detectors' alarms (created by the DDL below; nothing to move).
import type { Database } from "better-sqlite3";
import { MimicError } from "../../../errors/index.js";

/** Bumped whenever the tables change; a file written by a newer mimic is refused. */
export const SQLITE_SCHEMA_VERSION = 4;

const DDL = `
CREATE TABLE IF NOT EXISTS readings (
  device      TEXT NOT NULL,
  kind        TEXT NOT NULL,
  ts          REAL NOT NULL,
  id          TEXT NOT NULL,
  type_label  TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  temperature REAL,
  humidity    REAL,
  motion      INTEGER,
  light       INTEGER,
  PRIMARY KEY (device, kind, ts, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS devices (
  id         TEXT PRIMARY KEY,
  sensors    TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS device_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL REFERENCES devices (id),
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS device_tokens_by_device ON device_tokens (device_id);
CREATE TABLE IF NOT EXISTS read_tokens (
  name       TEXT PRIMARY KEY,
  scope      TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS alarms (
  id         TEXT PRIMARY KEY,
  device     TEXT NOT NULL,
  sensor     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  state      TEXT NOT NULL,
  start_ts   REAL NOT NULL,
  end_ts     REAL,
  score      REAL NOT NULL,
  evidence   TEXT NOT NULL,
  opened_at  INTEGER NOT NULL,
  closed_at  INTEGER
);
CREATE INDEX IF NOT EXISTS alarms_by_start ON alarms (start_ts);
CREATE INDEX IF NOT EXISTS alarms_open ON alarms (state) WHERE state = 'open';
`;

/**
 * Sets the durability pragmas and creates the tables. WAL lets `mimic devices` and query readers
 * work while ingest writes; synchronous=FULL fsyncs the WAL on every commit, so a resolved append
 * survives power loss, not only a process crash. busy_timeout makes a second process wait for
 * the write lock instead of failing at once. A 64 MiB page cache keeps the id index (random keys)
 * in memory instead of re-reading it per insert, and a larger WAL between checkpoints spreads
 * their cost; neither changes what a commit guarantees.
 */
export function prepareDatabase(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("cache_size = -65536");
  db.pragma("wal_autocheckpoint = 8192");
  db.pragma("foreign_keys = ON");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new MimicError(
      "STORE_SCHEMA_NEWER",
      `${db.name} has schema version ${version}, this mimic knows ${SQLITE_SCHEMA_VERSION}; upgrade mimic or use another --data-dir`,
    );
  }
  db.transaction(() => {
    db.exec(DDL);
    if (version < 2) db.exec("DROP INDEX IF EXISTS readings_by_id"); // v1 → v2, see the top of this file
    if (version < 3) migrateDeviceSensors(db);
    if (version < SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

/** v2 → v3: each device's one `kind` becomes its `sensors` list (same text for one sensor). */
function migrateDeviceSensors(db: Database): void {
  const columns = db.pragma("table_info(devices)") as { name: string }[];
  if (!columns.some((c) => c.name === "kind")) return;
  db.exec("ALTER TABLE devices ADD COLUMN sensors TEXT NOT NULL DEFAULT ''");
  db.exec("UPDATE devices SET sensors = kind");
  db.exec("ALTER TABLE devices DROP COLUMN kind");
}
