import pg, { type PoolClient } from "pg";
import { MimicError, isMimicError } from "../../../errors/index.js";
import type { Device, DeviceStatus, DeviceToken } from "../../domain/device.js";
import type { ReadToken } from "../../domain/read-token.js";
import type { Reading } from "../../../sensors/reading.js";
import type { AppendResult, BucketRow, ReadingQuery, ReadingRow, RetentionResult, TelemetryStore } from "../../ports.js";
import { assertStorable } from "../internal/reading-columns.js";
import { planQuery, type SqlDialect } from "../internal/reading-query.js";
import { copyRows, insertRows } from "./pg-append.js";
import { PgRegistry } from "./pg-registry.js";
import { PgReadTokens } from "./pg-read-tokens.js";
import { PgAlarms } from "./pg-alarms.js";
import type { Alarm, AlarmQuery } from "../../domain/alarm.js";
import { PG_SCHEMA_VERSION, createTables, listPartitions, lockDdl, partitionStart, pgNames, type PgNames } from "./pg-schema.js";
import type { SensorKind } from "../../../sensors/reading.js";

export interface PostgresStoreOptions {
  /** Connection URL, e.g. `postgres://mimic@db:5432/mimic`. Never logged (it may hold a password). */
  url: string;
  /** Schema holding mimic's tables (created if missing). Default `mimic`. */
  schema?: string;
  /**
   * Whether `init` creates the schema and tables when missing (default true). With false, a
   * missing schema is STORE_NOT_FOUND and nothing is created (read-only commands).
   */
  create?: boolean;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** Width of one readings partition in seconds of device time. Default 86,400 (one day). */
  partitionSeconds?: number;
  /** Appends of at least this many readings use COPY; smaller ones one multi-row INSERT. Default 2,000. */
  copyThreshold?: number;
  /** `application_name` of the connections (shows in `pg_stat_activity`). Default `mimic`. */
  applicationName?: string;
}

const PG_DIALECT: SqlDialect = {
  param: (n) => `$${n}`,
  numeric: (column, type) => (type === "boolean" ? `(${column})::int` : column),
};
const RETRY_AFTER_MS = 1000;
const ignore = () => undefined;

/** host:port of a PostgreSQL URL, never its user or password, for messages. */
function serverOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}`;
  } catch {
    return "the --store URL";
  }
}

function unavailable(what: string, cause: unknown, server: string): MimicError {
  if (isMimicError(cause)) return cause;
  const code = (cause as { code?: unknown }).code;
  return new MimicError(
    "STORE_UNAVAILABLE",
    `the PostgreSQL store at ${server} could not ${what} (${typeof code === "string" ? code : "connection error"}); check that PostgreSQL runs there and that --store names the right database, or retry later`,
    { cause, retryAfterMs: RETRY_AFTER_MS },
  );
}

/**
 * The scale-out store: PostgreSQL through a `pg` pool, readings in a table range-partitioned by
 * device time. Appends are idempotent (ON CONFLICT DO NOTHING on (id, ts)) and durable on resolve
 * (committed with the server's `synchronous_commit`).
 */
export class PostgresStore implements TelemetryStore {
  readonly #pool: pg.Pool;
  readonly #n: PgNames;
  readonly #partitionSeconds: number;
  readonly #copyThreshold: number;
  readonly #registry: PgRegistry;
  readonly #readTokens: PgReadTokens;
  readonly #alarms: PgAlarms;
  readonly #partitions = new Set<number>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  readonly #server: string;
  readonly #create: boolean;
  /** The schema's name as PostgreSQL stores it (unquoted), for catalog look-ups. */
  readonly #schemaName: string;

  constructor(options: PostgresStoreOptions) {
    this.#server = serverOf(options.url);
    this.#create = options.create ?? true;
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      application_name: options.applicationName ?? "mimic",
    });
    // An idle client that loses its server must not crash the process; the next query reports it.
    this.#pool.on("error", () => undefined);
    this.#n = pgNames(options.schema ?? "mimic");
    this.#schemaName = options.schema ?? "mimic";
    this.#partitionSeconds = options.partitionSeconds ?? 86_400;
    this.#copyThreshold = options.copyThreshold ?? 2000;
    this.#registry = new PgRegistry(this.#pool, this.#n, (fn) => this.#tx(fn));
    this.#readTokens = new PgReadTokens(this.#pool, this.#n);
    this.#alarms = new PgAlarms(this.#pool, this.#n);
  }

  async init(): Promise<void> {
    await this.#op("create its tables", async () => {
      if (this.#create) await this.#tx((c) => createTables(c, this.#n));
      else {
        const found = await this.#pool.query<{ meta: string | null }>("SELECT to_regclass($1) AS meta", [this.#n.meta]);
        if (found.rows[0]?.meta == null) {
          throw new MimicError(
            "STORE_NOT_FOUND",
            `No mimic store in schema ${this.#n.schema} of the PostgreSQL database at ${this.#server}; check --store (and its ?schema=); a new store is created by \`mimic serve --store …\` with the same URL. Nothing was created`,
          );
        }
      }
      const v = await this.#pool.query<{ value: string }>(`SELECT value FROM ${this.#n.meta} WHERE key = 'schema_version'`);
      const version = Number(v.rows[0]?.value ?? PG_SCHEMA_VERSION);
      if (version > PG_SCHEMA_VERSION) {
        throw new MimicError(
          "STORE_SCHEMA_NEWER",
          `schema ${this.#n.schema} has version ${version}, this mimic knows ${PG_SCHEMA_VERSION}; upgrade mimic or use another schema`,
        );
      }
      // An existing older store is upgraded in place also by read-only commands: they could not
      // read its tables otherwise, and the upgrade creates nothing new.
      if (!this.#create && version < PG_SCHEMA_VERSION) await this.#tx((c) => createTables(c, this.#n));
      for (const p of await listPartitions(this.#pool, this.#n)) this.#partitions.add(p.start);
    });
  }

  async appendReadings(readings: readonly Reading[]): Promise<AppendResult> {
    this.#assertOpen();
    assertStorable(readings);
    if (readings.length === 0) return { inserted: 0, duplicates: 0 };
    return await this.#op("commit the readings", async () => {
      await this.#ensurePartitions(readings);
      const useCopy = readings.length >= this.#copyThreshold;
      const inserted =
        useCopy || readings.length > 1000
          ? await this.#tx((c) => (useCopy ? copyRows(c, this.#n, readings) : insertRows(c, this.#n, readings)))
          : await this.#withClient((c) => insertRows(c, this.#n, readings));
      return { inserted, duplicates: readings.length - inserted };
    });
  }

  /** Creates the partitions the readings fall into, once per process (DDL serialised by an advisory lock). */
  async #ensurePartitions(readings: readonly Reading[]): Promise<void> {
    const missing = new Set<number>();
    for (const r of readings) {
      const start = partitionStart(r.timestamp, this.#partitionSeconds);
      if (!this.#partitions.has(start)) missing.add(start);
    }
    if (missing.size === 0) return;
    await this.#tx(async (c) => {
      await lockDdl(c);
      for (const start of missing) {
        const { qualified } = this.#n.partition(start);
        await c.query(
          `CREATE TABLE IF NOT EXISTS ${qualified} PARTITION OF ${this.#n.readings} FOR VALUES FROM (${start}) TO (${start + this.#partitionSeconds})`,
        );
      }
    });
    for (const start of missing) this.#partitions.add(start);
  }

  /**
   * Retention: drops every partition that ends at or before `before` (epoch seconds) and returns
   * how many were dropped. Readings in a partition that straddles `before` are kept.
   *
   * @example
   * await store.dropPartitionsBefore(Date.now() / 1000 - 30 * 86_400); // keep 30 days
   */
  async dropPartitionsBefore(before: number): Promise<number> {
    this.#assertOpen();
    return await this.#op("drop old partitions", () =>
      this.#tx(async (c) => {
        await lockDdl(c);
        let dropped = 0;
        for (const p of await listPartitions(c, this.#n)) {
          if (p.end <= before) {
            await c.query(`DROP TABLE IF EXISTS ${this.#n.partition(p.start).qualified}`);
            this.#partitions.delete(p.start);
            dropped++;
          }
        }
        return dropped;
      }),
    );
  }

  /** Retention through the port: whole partitions only, which costs no DELETE and no VACUUM. */
  async deleteReadingsBefore(before: number): Promise<RetentionResult> {
    return { readingsDeleted: 0, partitionsDropped: await this.dropPartitionsBefore(before), transactions: 1 };
  }

  /** Existing partitions as [start, end) in epoch seconds, oldest first. */
  async partitions(): Promise<{ start: number; end: number }[]> {
    const list = await this.#op("list partitions", () => listPartitions(this.#pool, this.#n));
    return list.map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start);
  }

  async queryReadings(query: ReadingQuery): Promise<ReadingRow[] | BucketRow[]> {
    this.#assertOpen();
    const plan = planQuery(query, PG_DIALECT, this.#n.readings);
    return await this.#op("query readings", async () => {
      const res = await this.#pool.query<unknown[]>({ text: plan.sql, values: plan.params, rowMode: "array" });
      return res.rows.map((r) => plan.map(r)) as ReadingRow[] | BucketRow[];
    });
  }

  async countReadings(): Promise<number> {
    this.#assertOpen();
    return await this.#op("count readings", async () => {
      const r = await this.#pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.#n.readings}`);
      return Number(r.rows[0]!.n);
    });
  }

  /** Every table of the schema (each partition is one) with its indexes and TOAST. */
  async sizeBytes(): Promise<number> {
    this.#assertOpen();
    return await this.#op("measure its size", async () => {
      const r = await this.#pool.query<{ n: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE s.nspname = $1 AND c.relkind IN ('r', 'm')`,
        [this.#schemaName],
      );
      return Number(r.rows[0]!.n);
    });
  }

  async healthy(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.#pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  addDevice(device: Device, token: DeviceToken): Promise<void> {
    return this.#op("register the device", () => this.#registry.addDevice(device, token));
  }
  getDevice(id: string): Promise<Device | undefined> {
    return this.#op("read the device", () => this.#registry.getDevice(id));
  }
  listDevices(): Promise<Device[]> {
    return this.#op("list devices", () => this.#registry.listDevices());
  }
  setDeviceStatus(id: string, status: DeviceStatus, at: number): Promise<void> {
    return this.#op("update the device", () => this.#registry.setDeviceStatus(id, status, at));
  }
  setDeviceSensors(id: string, sensors: readonly SensorKind[], at: number): Promise<void> {
    return this.#op("update the device", () => this.#registry.setDeviceSensors(id, sensors, at));
  }
  addToken(token: DeviceToken): Promise<void> {
    return this.#op("register the token", () => this.#registry.addToken(token));
  }
  revokeTokens(deviceId: string, at: number, keepHash?: string): Promise<void> {
    return this.#op("revoke tokens", () => this.#registry.revokeTokens(deviceId, at, keepHash));
  }
  findToken(tokenHash: string): Promise<DeviceToken | undefined> {
    return this.#op("look up the token", () => this.#registry.findToken(tokenHash));
  }
  addReadToken(token: ReadToken): Promise<void> {
    return this.#op("register the read token", () => this.#readTokens.add(token));
  }
  listReadTokens(): Promise<ReadToken[]> {
    return this.#op("list read tokens", () => this.#readTokens.list());
  }
  revokeReadToken(name: string, at: number): Promise<void> {
    return this.#op("revoke the read token", () => this.#readTokens.revoke(name, at));
  }
  findReadToken(tokenHash: string): Promise<ReadToken | undefined> {
    return this.#op("look up the read token", () => this.#readTokens.find(tokenHash));
  }

  saveAlarm(alarm: Alarm): Promise<void> {
    return this.#op("save the alarm", () => this.#alarms.save(alarm));
  }
  listAlarms(query: AlarmQuery): Promise<Alarm[]> {
    return this.#op("list alarms", () => this.#alarms.list(query));
  }

  /** Waits for in-flight operations, then closes the pool. Later calls reject with STORE_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    await this.#pool.end();
  }

  #assertOpen(): void {
    if (this.#closed) throw new MimicError("STORE_CLOSED", "the PostgreSQL store is closed");
  }

  async #op<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new MimicError("STORE_CLOSED", "the PostgreSQL store is closed");
    const p = fn();
    this.#inFlight.add(p);
    try {
      return await p;
    } catch (e) {
      throw unavailable(what, e, this.#server);
    } finally {
      this.#inFlight.delete(p);
    }
  }

  /**
   * Runs `fn` on a checked-out client. The pool listens for errors only on idle clients: one that
   * loses its server while checked out (PostgreSQL stopped, backend terminated) emits 'error'
   * with no listener, which would crash the process. Here the query in flight fails instead
   * (STORE_UNAVAILABLE), and a client whose work failed is destroyed, not reused.
   */
  async #withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect();
    // Stays attached when the client is destroyed: its 'error' may still come after the release.
    c.on("error", ignore);
    let broken: Error | undefined;
    try {
      return await fn(c);
    } catch (e) {
      // A failed query may mean a dying connection whose 'error' event has not arrived yet
      // (a terminated backend answers FATAL first, then closes): never hand it out again.
      broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      if (broken === undefined) c.off("error", ignore);
      c.release(broken);
    }
  }

  async #tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    return await this.#withClient(async (c) => {
      await c.query("BEGIN");
      try {
        const r = await fn(c);
        await c.query("COMMIT");
        return r;
      } catch (e) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw e;
      }
    });
  }
}

/**
 * Connects to PostgreSQL and creates mimic's tables in `schema` if missing.
 *
 * @example
 * const store = await openPostgresStore({ url: "postgres://postgres@127.0.0.1:5432/mimic" });
 * await store.appendReadings(readings);
 * await store.dropPartitionsBefore(Date.now() / 1000 - 30 * 86_400);
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const ps = options.partitionSeconds ?? 86_400;
  if (!(Number.isInteger(ps) && ps >= 60)) throw new MimicError("CONFIG_INVALID", `partitionSeconds must be a whole number of seconds ≥ 60, got ${ps}`);
  const store = new PostgresStore(options);
  try {
    await store.init();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
