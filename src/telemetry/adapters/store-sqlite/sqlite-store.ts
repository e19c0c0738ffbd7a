import { statSync } from "node:fs";
import { dirname } from "node:path";
import { MimicError, isMimicError } from "../../../errors/index.js";
import { makeDirsSync } from "../../../files/index.js";
import type { Device, DeviceStatus, DeviceToken } from "../../domain/device.js";
import type { ReadToken } from "../../domain/read-token.js";
import type { Alarm, AlarmQuery } from "../../domain/alarm.js";
import type { Reading } from "../../../sensors/reading.js";
import type { AppendResult, BucketRow, ReadingQuery, ReadingRow, RetentionResult, TelemetryStore } from "../../ports.js";
import { assertStorable } from "../internal/reading-columns.js";
import { packGroups } from "./packed-readings.js";
import { inlineEngine, type SqliteEngine } from "./sqlite-ops.js";
import { workerEngine } from "./worker-engine.js";
import type { SensorKind } from "../../../sensors/reading.js";

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
  /**
   * Where SQLite writes. `worker` (default): commits run in a worker thread, so their CPU and
   * fsync never stall the event loop, while reads (queries, token look-ups) stay on this thread
   * over a second connection, where they cost no hand-over (docs/storage.md has the numbers).
   * `inline`: everything on the calling thread, for short-lived CLI commands. `:memory:` is
   * always inline.
   */
  thread?: "worker" | "inline";
}

interface PendingAppend {
  readings: readonly Reading[];
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

const DEFAULT_MAX_GROUP = 20_000;
/** Readings deleted per retention transaction: short enough not to hold appends up noticeably. */
const RETENTION_BATCH = 5000;

/** Retry hint for callers when SQLite is busy or failing. */
const RETRY_AFTER_MS = 1000;

function unavailable(what: string, cause: unknown): MimicError {
  if (isMimicError(cause)) return cause;
  const code = (cause as { code?: unknown }).code;
  return new MimicError("STORE_UNAVAILABLE", `the SQLite store could not ${what} (${typeof code === "string" ? code : "error"}); retry later`, {
    cause,
    retryAfterMs: RETRY_AFTER_MS,
  });
}

/**
 * The embedded store: one SQLite file in WAL mode, `synchronous=FULL`, appends from concurrent
 * callers group-committed: the calls of one event-loop turn form a group, and the writer thread
 * commits the groups that queued up during its previous commit in one transaction.
 */
export class SqliteStore implements TelemetryStore {
  readonly path: string;
  readonly #engine: SqliteEngine;
  /** Reads: on this thread (a second connection; WAL readers never wait for the writer). */
  readonly #reader: SqliteEngine;
  readonly #maxGroup: number;
  #pending: PendingAppend[] = [];
  #flushScheduled = false;
  #flushing = false;
  /** Groups handed to the writer thread and not yet answered. */
  #inFlight = 0;
  #inlineTransactions = 0;
  #lastTransaction = 0;
  #closed = false;
  #idle: (() => void) | undefined;
  #commits = 0;
  #committed = 0;

  constructor(engine: SqliteEngine, reader: SqliteEngine, options: SqliteStoreOptions) {
    this.path = options.path;
    this.#engine = engine;
    this.#reader = reader;
    this.#maxGroup = options.maxGroupReadings ?? DEFAULT_MAX_GROUP;
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
    if (this.#flushScheduled || this.#flushing) return;
    this.#flushScheduled = true;
    // On the writer thread, calls made together (one bus delivery, a Promise.all) form a group
    // and go over at once: what arrives later still joins the next transaction there. Inline,
    // setImmediate runs after the current I/O phase: every request parsed in this turn joins.
    if (this.#engine.appendPacked) queueMicrotask(() => this.#flush());
    else setImmediate(() => this.#flush());
  }

  /** Takes the next group: pending calls, in order, up to maxGroupReadings (at least one call). */
  #takeGroup(): PendingAppend[] {
    let rows = 0;
    let n = 0;
    while (n < this.#pending.length && (n === 0 || rows + this.#pending[n]!.readings.length <= this.#maxGroup)) {
      rows += this.#pending[n]!.readings.length;
      n++;
    }
    return this.#pending.splice(0, n);
  }

  #flush(): void {
    this.#flushScheduled = false;
    const appendPacked = this.#engine.appendPacked;
    if (appendPacked) {
      // On the writer thread: hand every group over now, without waiting for the commit before
      // it. The worker commits what queued up behind a commit in one transaction, so it never
      // sits idle waiting for this thread, and this thread never waits for an fsync.
      while (this.#pending.length > 0) void this.#send(appendPacked, this.#takeGroup());
    } else void this.#commitInline();
  }

  /** Inline: one commit at a time; calls arriving meanwhile wait and form the next group. */
  async #commitInline(): Promise<void> {
    this.#flushing = true;
    const group = this.#takeGroup();
    try {
      const results = await this.#engine.call(
        "appendGroups",
        group.map((g) => g.readings),
      );
      this.#counted(++this.#inlineTransactions, group);
      group.forEach((g, i) => g.resolve(results[i]!));
    } catch (e) {
      const err = unavailable("commit the readings", e);
      for (const g of group) g.reject(err);
    }
    this.#flushing = false;
    if (this.#pending.length > 0) this.#schedule();
    else this.#settled();
  }

  async #send(appendPacked: NonNullable<SqliteEngine["appendPacked"]>, group: PendingAppend[]): Promise<void> {
    this.#inFlight++;
    try {
      const reply = await appendPacked(packGroups(group.map((g) => g.readings)));
      this.#counted(reply.transaction, group);
      group.forEach((g, i) => g.resolve(reply.results[i]!));
    } catch (e) {
      const err = unavailable("commit the readings", e);
      for (const g of group) g.reject(err);
    }
    this.#inFlight--;
    this.#settled();
  }

  #counted(transaction: number, group: readonly PendingAppend[]): void {
    if (transaction !== this.#lastTransaction) this.#commits++;
    this.#lastTransaction = transaction;
    for (const g of group) this.#committed += g.readings.length;
  }

  /** Wakes close() once nothing is pending or being committed. */
  #settled(): void {
    if (this.#pending.length === 0 && this.#inFlight === 0 && !this.#flushScheduled && !this.#flushing) this.#idle?.();
  }

  /** Group-commit counters since open, for metrics: transactions, and readings handed to them. */
  stats(): { commits: number; readingsCommitted: number } {
    return { commits: this.#commits, readingsCommitted: this.#committed };
  }

  /** The connection's journal mode and sync level, as SQLite reports them (for tests and diagnostics). */
  durability(): Promise<{ journalMode: string; synchronous: string }> {
    return this.#run("read its settings", () => this.#engine.call("durability"));
  }

  queryReadings(query: ReadingQuery): Promise<ReadingRow[] | BucketRow[]> {
    return this.#run("query readings", () => this.#reader.call("query", query));
  }

  countReadings(): Promise<number> {
    return this.#run("count readings", () => this.#reader.call("count"));
  }

  /** The database's pages plus its write-ahead log (which holds commits not yet checkpointed). */
  async sizeBytes(): Promise<number> {
    const pages = await this.#run("measure its size", () => this.#reader.call("pageBytes"));
    const wal = this.path === ":memory:" ? 0 : (statSync(`${this.path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    return pages + wal;
  }

  /**
   * Deletes readings older than `before` in batches of `batchSize` (default 5,000, a few ms each):
   * every batch is its own message to the writer thread, so appends that arrive meanwhile are
   * committed between two batches instead of waiting for the whole deletion.
   */
  async deleteReadingsBefore(before: number, batchSize = RETENTION_BATCH): Promise<RetentionResult> {
    let readingsDeleted = 0;
    let transactions = 0;
    for (;;) {
      const deleted = await this.#run("delete old readings", () => this.#engine.call("deleteBatchBefore", before, batchSize));
      transactions++;
      readingsDeleted += deleted;
      if (deleted < batchSize) return { readingsDeleted, partitionsDropped: 0, transactions };
    }
  }

  async healthy(): Promise<boolean> {
    if (this.#closed) return false;
    return await this.#engine.call("ping").catch(() => false);
  }

  addDevice(device: Device, token: DeviceToken): Promise<void> {
    return this.#run("register the device", () => this.#engine.call("addDevice", device, token));
  }
  getDevice(id: string): Promise<Device | undefined> {
    return this.#run("read the device", () => this.#reader.call("getDevice", id));
  }
  listDevices(): Promise<Device[]> {
    return this.#run("list devices", () => this.#reader.call("listDevices"));
  }
  setDeviceStatus(id: string, status: DeviceStatus, at: number): Promise<void> {
    return this.#run("update the device", () => this.#engine.call("setDeviceStatus", id, status, at));
  }
  setDeviceSensors(id: string, sensors: readonly SensorKind[], at: number): Promise<void> {
    return this.#run("update the device", () => this.#engine.call("setDeviceSensors", id, sensors, at));
  }
  addToken(token: DeviceToken): Promise<void> {
    return this.#run("register the token", () => this.#engine.call("addToken", token));
  }
  revokeTokens(deviceId: string, at: number, keepHash?: string): Promise<void> {
    return this.#run("revoke tokens", () => this.#engine.call("revokeTokens", deviceId, at, keepHash));
  }
  findToken(tokenHash: string): Promise<DeviceToken | undefined> {
    return this.#run("look up the token", () => this.#reader.call("findToken", tokenHash));
  }
  addReadToken(token: ReadToken): Promise<void> {
    return this.#run("register the read token", () => this.#engine.call("addReadToken", token));
  }
  listReadTokens(): Promise<ReadToken[]> {
    return this.#run("list read tokens", () => this.#reader.call("listReadTokens"));
  }
  revokeReadToken(name: string, at: number): Promise<void> {
    return this.#run("revoke the read token", () => this.#engine.call("revokeReadToken", name, at));
  }
  findReadToken(tokenHash: string): Promise<ReadToken | undefined> {
    return this.#run("look up the read token", () => this.#reader.call("findReadToken", tokenHash));
  }

  saveAlarm(alarm: Alarm): Promise<void> {
    return this.#run("save the alarm", () => this.#engine.call("saveAlarm", alarm));
  }
  listAlarms(query: AlarmQuery): Promise<Alarm[]> {
    return this.#run("list alarms", () => this.#reader.call("listAlarms", query));
  }

  /** Commits what is pending, then closes the file. Later calls reject with STORE_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending.length > 0 || this.#flushScheduled || this.#flushing || this.#inFlight > 0) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
    }
    await this.#engine.close();
    if (this.#reader !== this.#engine) await this.#reader.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new MimicError("STORE_CLOSED", `the SQLite store ${this.path} is closed`);
  }

  async #run<T>(what: string, op: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    try {
      return await op();
    } catch (e) {
      throw unavailable(what, e);
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
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  try {
    if (options.path !== ":memory:") makeDirsSync(dirname(options.path));
  } catch (cause) {
    throw new MimicError("IO_UNWRITABLE", `cannot create the folder of the SQLite store ${options.path}; check the path and its permissions`, { cause });
  }
  const busy = options.busyTimeoutMs ?? 5000;
  let engine: SqliteEngine | undefined;
  try {
    // A second connection to ":memory:" would be another, empty database: keep it on one thread.
    if (options.thread === "inline" || options.path === ":memory:") {
      engine = inlineEngine(options.path, busy);
      return new SqliteStore(engine, engine, options);
    }
    engine = await workerEngine(options.path, busy, options.maxGroupReadings ?? DEFAULT_MAX_GROUP);
    return new SqliteStore(engine, inlineEngine(options.path, busy, false), options);
  } catch (e) {
    await engine?.close();
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_CANTOPEN" || (typeof code === "string" && code.startsWith("SQLITE_READONLY"))) {
      throw new MimicError("IO_UNWRITABLE", `cannot open the SQLite store at ${options.path}; check the folder exists and is writable`, { cause: e });
    }
    throw unavailable(`open ${options.path}`, e);
  }
}
