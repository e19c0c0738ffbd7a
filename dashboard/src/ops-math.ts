// The Operations page's arithmetic: a bounded ring of /v1/ops snapshots, and rates and latency
// percentiles from the difference of two consecutive ones (counters are totals since start).
import type { OpsSnapshot } from "./api.js";

/** A fixed-capacity buffer: pushing past capacity drops the oldest, so an open page's memory stays bounded. */
export class Ring<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  constructor(capacity: number) {
    this.#capacity = capacity;
  }
  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#capacity) this.#items.splice(0, this.#items.length - this.#capacity);
  }
  get items(): readonly T[] {
    return this.#items;
  }
}

/**
 * The `q`-quantile (0–1) of the requests counted between two cumulative histograms, in seconds,
 * interpolated linearly inside its bucket (as Prometheus's histogram_quantile); null when no
 * request fell between them. Past the last finite bound it answers that bound.
 */
export function quantileBetween(le: readonly number[], before: readonly number[], after: readonly number[], q: number): number | null {
  const total = (after[after.length - 1] ?? 0) - (before[before.length - 1] ?? 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < le.length; i++) {
    const upTo = (after[i] ?? 0) - (before[i] ?? 0);
    if (upTo >= rank) {
      const lower = i === 0 ? 0 : le[i - 1]!;
      const inBucket = upTo - below;
      return inBucket <= 0 ? le[i]! : lower + ((le[i]! - lower) * (rank - below)) / inBucket;
    }
    below = upTo;
  }
  return le[le.length - 1] ?? null;
}

export interface OpsPoint {
  t: number;
  ingestPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  queueDepth: number;
  rejectedPerSecond: Record<string, number>;
  storeSizeMiB: number | null;
  busUp: number;
}

/** One point of the charts from two consecutive snapshots; undefined when they are not in order (a restart resets counters). */
export function pointBetween(a: OpsSnapshot, b: OpsSnapshot): OpsPoint | undefined {
  const dt = b.now - a.now;
  if (!(dt > 0) || b.readingsAccepted < a.readingsAccepted) return undefined;
  const sameBounds = a.latency.le.length === b.latency.le.length;
  const q = (p: number): number | null => {
    const s = sameBounds ? quantileBetween(b.latency.le, a.latency.cumulative, b.latency.cumulative, p) : null;
    return s === null ? null : s * 1000;
  };
  const rejectedPerSecond: Record<string, number> = {};
  for (const [reason, n] of Object.entries(b.rejected)) rejectedPerSecond[reason] = Math.max(0, n - (a.rejected[reason] ?? 0)) / dt;
  return {
    t: b.now,
    ingestPerSecond: (b.readingsAccepted - a.readingsAccepted) / dt,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    queueDepth: b.queueDepth,
    rejectedPerSecond,
    storeSizeMiB: b.storeSizeBytes === null ? null : b.storeSizeBytes / 2 ** 20,
    busUp: b.busUp ? 1 : 0,
  };
}
