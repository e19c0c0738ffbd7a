// The dashboard's Operations page reads the same numbers as /metrics, as one JSON object: the
// counters as totals since start (the page turns two snapshots into rates), the ingest latency
// histogram summed over routes (the page takes percentiles of the difference of two), and the gauges.
import type { MetricValue } from "prom-client";
import type { TelemetryMetrics } from "./metrics.js";

export interface OpsSnapshot {
  success: true;
  /** Server time, epoch seconds. */
  now: number;
  readingsAccepted: number;
  readingsStored: number;
  duplicatesDropped: number;
  /** Refused requests since start, by error code. */
  rejected: Record<string, number>;
  /** Ingest latency histogram (all routes): upper bounds in seconds and cumulative counts; the last count is every request. */
  latency: { le: number[]; cumulative: number[]; count: number; sumSeconds: number };
  queueDepth: number;
  /** Null when the store could not be measured. */
  storeSizeBytes: number | null;
  busUp: boolean;
  /** Null when this process does not write the store. */
  storeWritesFailing: boolean | null;
}

/** Reads every metric once (as a scrape does) and folds it into the snapshot. */
export async function opsSnapshot(metrics: TelemetryMetrics, nowMs: number): Promise<OpsSnapshot> {
  const all = new Map((await metrics.registry.getMetricsAsJSON()).map((m) => [m.name, m]));
  const values = (name: string): MetricValue<string>[] => all.get(name)?.values ?? [];
  const total = (name: string): number => values(name).reduce((n, v) => n + v.value, 0);
  const rejected: Record<string, number> = {};
  for (const v of values("mimic_requests_rejected_total")) rejected[String(v.labels["reason"])] = v.value;
  return {
    success: true,
    now: nowMs / 1000,
    readingsAccepted: total("mimic_readings_accepted_total"),
    readingsStored: total("mimic_readings_stored_total"),
    duplicatesDropped: total("mimic_duplicates_dropped_total"),
    rejected,
    latency: latencyOf(values("mimic_ingest_latency_seconds")),
    queueDepth: total("mimic_bus_queue_depth"),
    storeSizeBytes: all.has("mimic_store_size_bytes") ? total("mimic_store_size_bytes") : null,
    busUp: total("mimic_bus_up") === 1,
    storeWritesFailing: all.has("mimic_store_writes_failing") ? total("mimic_store_writes_failing") === 1 : null,
  };
}

/** prom-client's histogram values (`_bucket` per route and bound, `_count`, `_sum`) summed over routes. */
function latencyOf(values: readonly MetricValue<string>[]): OpsSnapshot["latency"] {
  const byBound = new Map<number, number>();
  let count = 0;
  let sumSeconds = 0;
  for (const v of values) {
    const name = (v as { metricName?: string }).metricName ?? "";
    if (name.endsWith("_bucket")) {
      const le = v.labels["le"] === "+Inf" ? Number.POSITIVE_INFINITY : Number(v.labels["le"]);
      byBound.set(le, (byBound.get(le) ?? 0) + v.value);
    } else if (name.endsWith("_count")) count += v.value;
    else if (name.endsWith("_sum")) sumSeconds += v.value;
  }
  const bounds = [...byBound.keys()].filter(Number.isFinite).sort((a, b) => a - b);
  return { le: bounds, cumulative: [...bounds.map((b) => byBound.get(b)!), count], count, sumSeconds };
}
