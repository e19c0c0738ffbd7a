import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { StoreWriteHealth } from "../telemetry/ingest/index.js";
import { SERVER_DEFAULTS } from "../telemetry/defaults.js";
import type { AppendResult, MessageBus, TelemetryStore } from "../telemetry/ports.js";
import { DETECT_KINDS } from "../analytics/detect/index.js";
import { DeviceRejections } from "./device-rejections.js";

/** What the open-alarm gauge reads on each scrape (the live detection). */
export interface OpenAlarmSource {
  openAlarms(): readonly { kind: string }[];
}

/**
 * The Prometheus metrics of one server (own registry: two apps in one process, as in tests, do
 * not share counters). Names follow Prometheus conventions with the `mimic_` prefix.
 */
export interface TelemetryMetrics {
  registry: Registry;
  requests: Counter<"route" | "method" | "status">;
  /**
   * Counts one answered request. Tallied in a plain map and added to `requests` when metrics are
   * read: prom-client's labelled inc (label validation and hashing) per request cost more than
   * the rest of the bookkeeping together.
   */
  countRequest(route: string, method: string, status: number): void;
  ingestLatency: Histogram<"route">;
  readingsAccepted: Counter;
  readingsStored: Counter;
  duplicatesDropped: Counter;
  rejected: Counter<"reason">;
  /** Rejected requests of authenticated devices, by device and reason (bounded: see DeviceRejections). */
  deviceRejections: DeviceRejections;
  /** The consumer's observer: counts what the store wrote and dropped. */
  stored(result: AppendResult): void;
}

/**
 * Creates the metrics; on each scrape the queue depth and bus state read the bus, the store-write
 * gauges `storeWrites`, the open-alarm gauge `alarms` (when detection is on), and the store size
 * `store` (when given).
 */
export function createTelemetryMetrics(
  bus: MessageBus,
  storeWrites?: StoreWriteHealth,
  alarms?: OpenAlarmSource,
  store?: Pick<TelemetryStore, "sizeBytes">,
): TelemetryMetrics {
  const registry = new Registry();
  const tallies = new Map<string, { labels: { route: string; method: string; status: number }; count: number }>();
  const requests = new Counter({
    name: "mimic_http_requests_total",
    help: "HTTP requests by route, method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
    collect() {
      for (const tally of tallies.values()) {
        if (tally.count === 0) continue;
        this.inc(tally.labels, tally.count);
        tally.count = 0;
      }
    },
  });
  const ingestLatency = new Histogram({
    name: "mimic_ingest_latency_seconds",
    help: "Time from request to durable acknowledgement (201) on the ingest routes.",
    labelNames: ["route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const readingsAccepted = new Counter({ name: "mimic_readings_accepted_total", help: "Readings acknowledged with 201 (durable).", registers: [registry] });
  const readingsStored = new Counter({ name: "mimic_readings_stored_total", help: "Readings written to the store by the consumer.", registers: [registry] });
  const duplicatesDropped = new Counter({
    name: "mimic_duplicates_dropped_total",
    help: "Readings dropped by the store because their id was already stored.",
    registers: [registry],
  });
  const rejected = new Counter({
    name: "mimic_requests_rejected_total",
    help: "Requests refused, by error code.",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const deviceRejections = new DeviceRejections(SERVER_DEFAULTS.rejectionDevices);
  new Counter({
    name: "mimic_device_rejections_total",
    help: `Requests of authenticated devices refused, by device and error code; past ${SERVER_DEFAULTS.rejectionDevices} devices, device="_other".`,
    labelNames: ["device", "reason"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { device, reason, count } of deviceRejections.entries()) this.inc({ device, reason }, count);
    },
  });
  new Gauge({
    name: "mimic_bus_up",
    help: "1 while the message bus answers (embedded: open; NATS: connected and its stream reachable), else 0.",
    registers: [registry],
    async collect() {
      this.set((await bus.healthy().catch(() => false)) ? 1 : 0);
    },
  });
  if (store !== undefined) {
    new Gauge({
      name: "mimic_store_size_bytes",
      help: "Bytes the store occupies (SQLite: pages and WAL; PostgreSQL: the schema's tables and indexes).",
      registers: [registry],
      async collect() {
        // A store that cannot answer now keeps its last value; /readyz says it is down.
        const bytes = await store.sizeBytes().catch(() => undefined);
        if (bytes !== undefined) this.set(bytes);
      },
    });
  }
  new Gauge({
    name: "mimic_bus_queue_depth",
    help: "Messages accepted by the bus and not yet processed.",
    registers: [registry],
    collect() {
      this.set(bus.depth());
    },
  });
  if (alarms !== undefined) {
    new Gauge({
      name: "mimic_alarms_open",
      help: "Alarms open now, by detector kind (this server's live detection; docs/detect.md).",
      labelNames: ["kind"] as const,
      registers: [registry],
      collect() {
        const counts = new Map<string, number>(DETECT_KINDS.map((k) => [k, 0]));
        for (const a of alarms.openAlarms()) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
        for (const [kind, n] of counts) this.set({ kind }, n);
      },
    });
  }
  if (storeWrites !== undefined) {
    new Gauge({
      name: "mimic_store_writes_failing",
      help: "1 while the store's writes fail (full disk, store unreachable…), else 0.",
      registers: [registry],
      collect() {
        this.set(storeWrites.failing() ? 1 : 0);
      },
    });
    let counted = 0;
    new Counter({
      name: "mimic_store_write_failures_total",
      help: "Failed store writes (each is retried; the readings stay on the bus meanwhile).",
      registers: [registry],
      collect() {
        const failures = storeWrites.totals().failures;
        if (failures > counted) this.inc(failures - counted);
        counted = failures;
      },
    });
  }
  return {
    registry,
    requests,
    countRequest(route, method, status) {
      const key = `${status} ${method} ${route}`;
      const tally = tallies.get(key);
      if (tally !== undefined) tally.count++;
      else tallies.set(key, { labels: { route, method, status }, count: 1 });
    },
    ingestLatency,
    readingsAccepted,
    readingsStored,
    duplicatesDropped,
    rejected,
    deviceRejections,
    stored(result) {
      readingsStored.inc(result.inserted);
      if (result.duplicates > 0) duplicatesDropped.inc(result.duplicates);
    },
  };
}
