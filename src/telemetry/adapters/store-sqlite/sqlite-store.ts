import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MimicError, isMimicError } from "../../../errors/index.js";
import type { Device, DeviceStatus, DeviceToken } from "../../domain/device.js";
import type { Reading } from "../../domain/reading.js";
import type { AppendResult, BucketRow, ReadingQuery, ReadingRow, TelemetryStore } from "../../ports.js";
import { assertStorable } from "../internal/reading-columns.js";
import { prepareDatabase } from "./sqlite-schema.js";
import { SqliteReadings } from "./sqlite-readings.js";
import { SqliteRegistry } from "./sqlite-registry.js";

export interface SqliteStoreOptions {
  /** Database file; its folder is created if missing. `:memory:` works for throwaway use. */
  path: string;
  /** How long a write waits for another process's lock before failing (ms). Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Most readings committed in one transaction (one fsync). Calls arriving together are grouped
   * up to this bound; a single larger call still commits whole. Default 20,000 (~30 ms of work).
   */
  maxGroupReadings?: number;
}

interface PendingAppend {
  readings: readonly Reading[];
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/** Retry hint for callers when SQLite is busy or failing. */
const RETRY_AFTER_MS = 1000;

function unavailable(what: string, cause: unknown): MimicError {
  if (isMimicError(cause)) return cause;
  const code = (cause as { code?: unknown }).code;
  return new MimicError("STORE_UNAVAILABLE", `the SQLite store could not ${what} (${typeof code === "string" ? code : "error"}); retry later`, { cause, retryAfterMs: RETRY_AFTER_MS });
}

/**
 * The embedded store: one SQLite file in WAL mode, `synchronous=FULL`, appends from concurrent
 * callers group-committed into one transaction per event-loop turn.
 */
export class SqliteStore implements TelemetryStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #readings: SqliteReadings;
  readonly #registry: SqliteRegistry;
  readonly #maxGroup: number;
  #pending: PendingAppend[] = [];
  #flushScheduled = false;
  #closed = false;
  #idle: (() => void) | undefined;
  #commits = 0;
  #committed = 0;

  constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.path = options.path;
    this.#db = db;
    this.#maxGroup = options.maxGroupReadings ?? 20_000;
    this.#readings = new SqliteReadings(db);
    this.#registry = new SqliteRegistry(db);
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Resolves once the readings are committed and the WAL fsynced. Calls made in the same
   * event-loop turn share that commit: throughput grows with concurrency, latency stays one commit.
   */
  async appendReadings(readings: readonly Reading[]): Promise<AppendResult> {
    this.#assertOpen();
    assertStorable(readings);
    if (readings.length === 0) return { inserted: 0, duplicates: 0 };
    return await new Promise((resolve, reject) => {
      this.#pending.push({ readings, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // setImmediate runs after the current I/O phase: every request parsed in this turn joins.
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    let rows = 0;
    let n = 0;
    while (n < this.#pending.length && (n === 0 || rows + this.#pending[n]!.readings.length <= this.#maxGroup)) {
      rows += this.#pending[n]!.readings.length;
      n++;
    }
    const group = this.#pending.splice(0, n);
    try {
      const results = this.#readings.appendGroups(group.map((g) => g.readings));
      this.#commits++;
      this.#committed += rows;
      group.forEach((g, i) => g.resolve(results[i]!));
    } catch (e) {
      const err = unavailable("commit the readings", e);
      for (const g of group) g.reject(err);
    }
    if (this.#pending.length > 0) this.#schedule();
    else this.#idle?.();
  }

  /** Group-commit counters since open, for metrics: transactions, and readings handed to them. */
  stats(): { commits: number; readingsCommitted: number } {
    return { commits: this.#commits, readingsCommitted: this.#committed };
  }

  /** The connection's journal mode and sync level, as SQLite reports them (for tests and diagnostics). */
  durability(): { journalMode: string; synchronous: string } {
    const sync = this.#db.pragma("synchronous", { simple: true }) as number;
    return {
      journalMode: String(this.#db.pragma("journal_mode", { simple: true })),
      synchronous: ["OFF", "NORMAL", "FULL", "EXTRA"][sync] ?? String(sync),
    };
  }

  queryReadings(query: ReadingQuery): Promise<ReadingRow[] | BucketRow[]> {
    return this.#run("query readings", () => this.#readings.query(query));
  }

  countReadings(): Promise<number> {
    return this.#run("count readings", () => this.#readings.count());
  }

  healthy(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    try {
      this.#db.prepare("SELECT 1").get();
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  addDevice(device: Device, token: DeviceToken): Promise<void> {
    return this.#run("register the device", () => this.#registry.addDevice(device, token));
  }
  getDevice(id: string): Promise<Device | undefined> {
    return this.#run("read the device", () => this.#registry.getDevice(id));
  }
  listDevices(): Promise<Device[]> {
    return this.#run("list devices", () => this.#registry.listDevices());
  }
  setDeviceStatus(id: string, status: DeviceStatus, at: number): Promise<void> {
    return this.#run("update the device", () => this.#registry.setDeviceStatus(id, status, at));
  }
  addToken(token: DeviceToken): Promise<void> {
    return this.#run("register the token", () => this.#registry.addToken(token));
  }
  revokeTokens(deviceId: string, at: number, keepHash?: string): Promise<void> {
    return this.#run("revoke tokens", () => this.#registry.revokeTokens(deviceId, at, keepHash));
  }
  findToken(tokenHash: string): Promise<DeviceToken | undefined> {
    return this.#run("look up the token", () => this.#registry.findToken(tokenHash));
  }

  /** Commits what is pending, then closes the file. Later calls reject with STORE_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending.length > 0 || this.#flushScheduled) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
    }
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new MimicError("STORE_CLOSED", `the SQLite store ${this.path} is closed`);
  }

  #run<T>(what: string, op: () => T): Promise<T> {
    try {
      this.#assertOpen();
      return Promise.resolve(op());
    } catch (e) {
      return Promise.reject(unavailable(what, e));
    }
  }
}

/**
 * Opens (creating if needed) the embedded store at `path`.
 *
 * @example
 * const store = await openSqliteStore({ path: "./mimic-data/mimic.db" });
 * await store.appendReadings(readings); // committed and fsynced
 * await store.close();
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  let db: Database.Database;
  try {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
  } catch (cause) {
    return Promise.reject(new MimicError("IO_UNWRITABLE", `cannot open the SQLite store at ${options.path}; check the folder exists and is writable`, { cause }));
  }
  try {
    prepareDatabase(db, options.busyTimeoutMs ?? 5000);
  } catch (e) {
    db.close();
    return Promise.reject(unavailable(`open ${options.path}`, e));
  }
  return Promise.resolve(new SqliteStore(db, options));
}
