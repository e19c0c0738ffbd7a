// Every operation of the SQLite store as a plain synchronous function over one connection. The
// same table runs on the main thread (inline engine) or inside a worker thread (worker engine).
import Database from "better-sqlite3";
import type { PackedAppendReply, PackedGroups } from "./packed-readings.js";
import { prepareDatabase } from "./sqlite-schema.js";
import { SqliteReadings } from "./sqlite-readings.js";
import { SqliteRegistry } from "./sqlite-registry.js";
import { SqliteReadTokens } from "./sqlite-read-tokens.js";
import { SqliteRetention } from "./sqlite-retention.js";
import { SqliteAlarms } from "./sqlite-alarms.js";
import type { Alarm, AlarmQuery } from "../../domain/alarm.js";
import type { ReadToken } from "../../domain/read-token.js";
import type { Device, DeviceStatus, DeviceToken } from "../../domain/device.js";
import type { Reading } from "../../../sensors/reading.js";
import type { ReadingQuery } from "../../ports.js";
import type { SensorKind } from "../../../sensors/reading.js";
import { WalMaintenance } from "./wal-maintenance.js";

/**
 * `writer`: this connection writes readings, so it also keeps the WAL checkpointed by size and
 * time (wal-maintenance.ts). Reader connections leave that to the writer.
 */
export function createSqliteOps(path: string, busyTimeoutMs: number, writer = true) {
  const db = new Database(path);
  try {
    prepareDatabase(db, busyTimeoutMs);
  } catch (e) {
    db.close();
    throw e;
  }
  const wal = writer && path !== ":memory:" ? new WalMaintenance(db) : undefined;
  const timer = wal === undefined ? undefined : setInterval(() => wal.tick(), 1000).unref();
  /** Runs a write; after SQLITE_FULL, a truncating checkpoint gives the WAL's space back for the retry. */
  const write = <T>(fn: () => T): T => {
    try {
      const result = fn();
      wal?.afterCommit();
      return result;
    } catch (e) {
      if ((e as { code?: unknown }).code === "SQLITE_FULL") {
        try {
          wal?.checkpoint("TRUNCATE");
        } catch {
          // Still full: the next write's failure says so again.
        }
      }
      throw e;
    }
  };
  const readings = new SqliteReadings(db);
  const registry = new SqliteRegistry(db);
  const readTokens = new SqliteReadTokens(db);
  const retention = new SqliteRetention(db);
  const alarms = new SqliteAlarms(db);
  return {
    appendGroups: (groups: readonly (readonly Reading[])[]) => write(() => readings.appendGroups(groups)),
    /** One transaction for several packs (the writer thread merges appends that queued up). */
    appendPacked: (packs: readonly PackedGroups[]) => write(() => readings.appendPacked(packs)),
    query: (q: ReadingQuery) => readings.query(q),
    count: () => readings.count(),
    /** The database's pages (its WAL is measured apart, from the file). */
    pageBytes: () => (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number),
    deleteBatchBefore: (before: number, max: number) => retention.deleteBatch(before, max),
    ping: () => db.prepare("SELECT 1").get() !== undefined,
    durability: () => {
      const sync = db.pragma("synchronous", { simple: true }) as number;
      return { journalMode: String(db.pragma("journal_mode", { simple: true })), synchronous: ["OFF", "NORMAL", "FULL", "EXTRA"][sync] ?? String(sync) };
    },
    addDevice: (device: Device, token: DeviceToken) => registry.addDevice(device, token),
    getDevice: (id: string) => registry.getDevice(id),
    listDevices: () => registry.listDevices(),
    setDeviceStatus: (id: string, status: DeviceStatus, at: number) => registry.setDeviceStatus(id, status, at),
    setDeviceSensors: (id: string, sensors: readonly SensorKind[], at: number) => registry.setDeviceSensors(id, sensors, at),
    addToken: (token: DeviceToken) => registry.addToken(token),
    revokeTokens: (deviceId: string, at: number, keepHash?: string) => registry.revokeTokens(deviceId, at, keepHash),
    findToken: (tokenHash: string) => registry.findToken(tokenHash),
    addReadToken: (token: ReadToken) => readTokens.add(token),
    listReadTokens: () => readTokens.list(),
    revokeReadToken: (name: string, at: number) => readTokens.revoke(name, at),
    findReadToken: (tokenHash: string) => readTokens.find(tokenHash),
    saveAlarm: (alarm: Alarm) => write(() => alarms.save(alarm)),
    listAlarms: (q: AlarmQuery) => alarms.list(q),
    /** Checkpoint state of the writer connection (tests, diagnostics). */
    walState: () => wal?.state(),
    close: (): void => {
      clearInterval(timer);
      db.close();
    },
  };
}

export type SqliteOps = ReturnType<typeof createSqliteOps>;
export type SqliteOpName = keyof SqliteOps;

/** Runs ops somewhere (this thread or a worker); every call answers asynchronously. */
export interface SqliteEngine {
  call<K extends SqliteOpName>(op: K, ...args: Parameters<SqliteOps[K]>): Promise<ReturnType<SqliteOps[K]>>;
  close(): Promise<void>;
  /**
   * Engines on another thread only (arguments cross by copy, so readings go packed): appends
   * one pack without waiting for earlier appends; the writer thread commits the appends that
   * queue up meanwhile together, in one transaction.
   */
  appendPacked?: (packed: PackedGroups) => Promise<PackedAppendReply>;
}

/** Runs ops on the calling thread: no hand-off cost, but a commit blocks the event loop while it runs. */
export function inlineEngine(path: string, busyTimeoutMs: number, writer = true): SqliteEngine {
  const ops = createSqliteOps(path, busyTimeoutMs, writer);
  return {
    call(op, ...args) {
      // A throw inside the executor becomes the rejection.
      return new Promise((resolve) => resolve((ops[op] as (...a: unknown[]) => never)(...args)));
    },
    close() {
      ops.close();
      return Promise.resolve();
    },
  };
}
