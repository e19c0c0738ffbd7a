import type { ReadingData, SensorKind } from "../sensors/reading.js";

/** How readings travel: the seed's JSON, the seed's protobuf messages, or mimic's batch message. */
export type WireFormat = "json" | "protobuf" | "batch";

/** One reading as a device sends it (the seed's fields, plus an optional id). */
export interface DeviceReading {
  /** Idempotency key; the client fills in a random UUID when absent, so a resend is stored once. */
  id?: string;
  device: string;
  /** The sensor's label, e.g. `DHT22`, `Onyehn_PIR`, `Anmbest_MD46N`. */
  type: string;
  /** The sensor kind; derived from `type` or `data` when absent. */
  kind?: SensorKind;
  /** Device clock, epoch seconds (a double, as the seed's `time.time()`). */
  timestamp: number;
  data: ReadingData;
}

/** What became of some readings; `onOutcome` sees one per request result. */
export type ClientOutcome =
  | { kind: "acknowledged"; count: number; status: number }
  | { kind: "retrying"; count: number; status: number | undefined; code: string; message: string; delayMs: number }
  | { kind: "rejected"; count: number; status: number; code: string; message: string }
  | { kind: "dropped"; count: number };

/** Running totals of one client (or, summed, of a fleet). */
export interface ClientStats {
  /** Readings that went out in a request at least once (not those still waiting, nor dropped ones). */
  sent: number;
  /** Readings the server acknowledged (201). */
  acknowledged: number;
  /** Readings sent again after a failed attempt (counted per resend). */
  retried: number;
  /** Readings waiting in the buffer now (including any in flight). */
  buffered: number;
  /** Readings dropped because the buffer was full (oldest first). */
  dropped: number;
  /** Readings the server refused with an error retrying cannot fix, by `status code` key. */
  rejected: Record<string, number>;
  /** HTTP requests made. */
  requests: number;
}

export function emptyStats(): ClientStats {
  return { sent: 0, acknowledged: 0, retried: 0, buffered: 0, dropped: 0, rejected: {}, requests: 0 };
}

/** Adds `b` into `a` (for fleet totals). */
export function addStats(a: ClientStats, b: ClientStats): ClientStats {
  a.sent += b.sent;
  a.acknowledged += b.acknowledged;
  a.retried += b.retried;
  a.buffered += b.buffered;
  a.dropped += b.dropped;
  a.requests += b.requests;
  for (const [k, v] of Object.entries(b.rejected)) a.rejected[k] = (a.rejected[k] ?? 0) + v;
  return a;
}
