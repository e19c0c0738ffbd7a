// Ports owned by the telemetry domain. Adapters live in src/telemetry/adapters/<name>/ and each
// port has one contract suite that every adapter runs.
import type { Device, DeviceStatus, DeviceToken } from "./domain/device.js";
import type { ReadToken } from "./domain/read-token.js";
import type { Alarm, AlarmQuery } from "./domain/alarm.js";
import type { Reading, SensorKind } from "../sensors/reading.js";

/** Result of appending readings: duplicates (same id) are dropped, never stored twice. */
export interface AppendResult {
  inserted: number;
  duplicates: number;
}

export interface ReadingQuery {
  device?: string;
  kind?: SensorKind;
  /** Inclusive lower bound, epoch seconds (device clock). */
  from: number;
  /** Exclusive upper bound, epoch seconds. */
  to: number;
  /**
   * Fields of `data` to return (requires `kind`; each must be one of that kind's fields, see
   * `SENSOR_FIELDS`). Default: every field of each row's kind.
   */
  fields?: readonly string[];
  /** Downsample into buckets of this many seconds (mean/min/max per numeric field). */
  bucketSeconds?: number;
  /**
   * With `bucketSeconds`: also the second moment of each field per bucket (`m2`, the sum of
   * squared deviations from the bucket's mean, computed in two passes inside the store), so
   * variances of any range merge from buckets with Chan's formula without reading every reading.
   */
  secondMoment?: boolean;
  /** Maximum rows returned; the caller enforces the documented bound. */
  limit: number;
  /**
   * Keyset paging of raw readings (not buckets): only rows after this one in the answer's order
   * (timestamp, device, kind, id). Each page then starts where the last ended, in both stores'
   * indexes, instead of skipping an ever longer prefix as an OFFSET would.
   */
  after?: ReadingCursor;
  /** Raw readings: also return each row's `id` (what a next page's `after` needs). */
  withIds?: boolean;
}

/** Where a page of readings ended: the last row's place in the order (timestamp, device, kind, id). */
export interface ReadingCursor {
  timestamp: number;
  device: string;
  kind: SensorKind;
  id: string;
}

export interface ReadingRow {
  device: string;
  kind: SensorKind;
  timestamp: number;
  data: Record<string, number | boolean>;
  /** The reading's id, only when the query asked `withIds`. */
  id?: string;
}

export interface BucketRow {
  device: string;
  kind: SensorKind;
  /** Bucket start, epoch seconds. */
  bucket: number;
  count: number;
  /** Per numeric field: mean/min/max (booleans count as 0/1); `m2` when the query asked for `secondMoment`. */
  fields: Record<string, { mean: number; min: number; max: number; m2?: number }>;
}

/** Device registry persistence; shared by `mimic devices` and every ingest process on one store. */
export interface DeviceRegistry {
  addDevice(device: Device, token: DeviceToken): Promise<void>;
  getDevice(id: string): Promise<Device | undefined>;
  listDevices(): Promise<Device[]>;
  setDeviceStatus(id: string, status: DeviceStatus, at: number): Promise<void>;
  /** Replaces the set of sensor kinds a device carries (re-provisioning a fleet laid out anew). */
  setDeviceSensors(id: string, sensors: readonly SensorKind[], at: number): Promise<void>;
  addToken(token: DeviceToken): Promise<void>;
  /** Ends tokens of a device (all, or all but `keepHash`) at `at` (epoch ms). */
  revokeTokens(deviceId: string, at: number, keepHash?: string): Promise<void>;
  findToken(tokenHash: string): Promise<DeviceToken | undefined>;
}

/** Read tokens (`mimic tokens`): who may query readings and metrics. Kept beside the device registry. */
export interface ReadTokenRegistry {
  /** STORE_TOKEN_EXISTS when the name or the hash is taken. */
  addReadToken(token: ReadToken): Promise<void>;
  listReadTokens(): Promise<ReadToken[]>;
  /** Ends the named token at `at` (epoch ms; never later than an earlier end); STORE_TOKEN_NOT_FOUND for an unknown name. */
  revokeReadToken(name: string, at: number): Promise<void>;
  findReadToken(tokenHash: string): Promise<ReadToken | undefined>;
}

/** Alarms of the live detectors (src/telemetry/live), kept beside the readings so they survive a restart. */
export interface AlarmRegistry {
  /** Inserts the alarm, or replaces the one with its id. */
  saveAlarm(alarm: Alarm): Promise<void>;
  /** Newest start first, at most `limit`. */
  listAlarms(query: AlarmQuery): Promise<Alarm[]>;
}

/** What one retention pass removed (`TelemetryStore.deleteReadingsBefore`). */
export interface RetentionResult {
  /** Readings deleted row by row (SQLite); 0 for a store that drops whole partitions. */
  readingsDeleted: number;
  /** Whole partitions dropped (PostgreSQL); 0 for a store without partitions. */
  partitionsDropped: number;
  /** Transactions it took: SQLite deletes in bounded batches so that appends interleave. */
  transactions: number;
}

/** Where readings are kept. Appends are idempotent by `Reading.id` and durable on resolve. */
export interface TelemetryStore extends DeviceRegistry, ReadTokenRegistry, AlarmRegistry {
  /** Creates tables/partitions if missing. */
  init(): Promise<void>;
  /** Appends durably (committed and synced) before resolving. */
  appendReadings(readings: readonly Reading[]): Promise<AppendResult>;
  queryReadings(query: ReadingQuery): Promise<ReadingRow[] | BucketRow[]>;
  countReadings(): Promise<number>;
  /**
   * Bytes the store occupies now (SQLite: the database's pages plus its WAL; PostgreSQL: every
   * table, partition and index of its schema), for `/metrics` and the dashboard's Operations page.
   */
  sizeBytes(): Promise<number>;
  /**
   * Retention: removes readings whose device time is before `before` (epoch seconds), without
   * holding ingest up. SQLite deletes exactly those rows, in batches of `batchSize` (one short
   * transaction each); PostgreSQL drops the partitions that end at or before `before`, so a
   * partition straddling it is kept whole until it, too, is past.
   */
  deleteReadingsBefore(before: number, batchSize?: number): Promise<RetentionResult>;
  /** True while the store can take writes. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** One message on the bus: a batch of readings from one request, with an id for de-duplication. */
export interface BusMessage {
  id: string;
  readings: readonly Reading[];
}

export interface BusSubscription {
  /** Stops delivery; in-flight handlers finish first. */
  stop(): Promise<void>;
}

/**
 * The durable message bus between ingest and the store. `publish` resolves only when the
 * message is durable (embedded: committed by its consumer; NATS: acknowledged by JetStream).
 * Consumers ack after processing; a message whose handler throws is redelivered.
 */
export interface MessageBus {
  publish(message: BusMessage): Promise<void>;
  consume(handler: (messages: readonly BusMessage[]) => Promise<void>): Promise<BusSubscription>;
  /** Messages accepted but not yet processed (for /metrics and back-pressure). */
  depth(): number;
  healthy(): Promise<boolean>;
  /**
   * True when the bus keeps acknowledged messages by itself (NATS JetStream), so ingest goes on
   * while the store is down and the consumer catches up later; false or absent when a publish
   * waits for the store (embedded).
   */
  readonly keepsReadingsWithoutStore?: boolean;
  close(): Promise<void>;
}
