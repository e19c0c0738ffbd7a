// The Operations page's arithmetic: a bounded ring of /v1/ops snapshots, and rates and latency
// percentiles from the difference of two consecutive ones (counters are totals since start). The
// first snapshot alone already gives the gauges, and the latency percentiles since the server
// started: the charts draw from the first poll instead of waiting for a second.
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
  clear(): void {
    this.#items.length = 0;
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
  /** Null at a first point: a rate needs two snapshots. */
  ingestPerSecond: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  queueDepth: number;
  rejectedPerSecond: Record<string, number>;
  storeSizeMiB: number | null;
  busUp: number;
  /** True when the percentiles cover every request since the server started (a first point), not one poll's. */
  sinceStart: boolean;
  /** Seconds of requests the percentiles cover (the window back to the earlier snapshot); 0 for a first point. */
  latencySeconds: number;
}

/** The gauges of one snapshot, as a point of the charts; rates unknown (null) and rejections none yet. */
function gauges(s: OpsSnapshot): Pick<OpsPoint, "t" | "queueDepth" | "storeSizeMiB" | "busUp"> {
  return { t: s.now, queueDepth: s.queueDepth, storeSizeMiB: s.storeSizeBytes === null ? null : s.storeSizeBytes / 2 ** 20, busUp: s.busUp ? 1 : 0 };
}

/** Latency percentiles in ms of the requests counted between two cumulative histograms. */
function percentilesMs(le: readonly number[], before: readonly number[], after: readonly number[]): Pick<OpsPoint, "p50Ms" | "p95Ms" | "p99Ms"> {
  const q = (p: number): number | null => {
    const s = quantileBetween(le, before, after, p);
    return s === null ? null : s * 1000;
  };
  return { p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) };
}

/**
 * The point of a first snapshot (the page's first poll, or the first after a server restart): its
 * gauges, and the latency percentiles of every request since the server started.
 */
export function firstPoint(s: OpsSnapshot): OpsPoint {
  const none = s.latency.cumulative.map(() => 0);
  return {
    ...gauges(s),
    ingestPerSecond: null,
    ...percentilesMs(s.latency.le, none, s.latency.cumulative),
    rejectedPerSecond: {},
    sinceStart: true,
    latencySeconds: 0,
  };
}

/**
 * One point of the charts from two consecutive snapshots; undefined when they are not in order (a
 * restart resets counters). The latency percentiles are of the requests since `latencyFrom` (an
 * earlier snapshot, `a` by default): a window of several polls keeps the line drawn when a quiet
 * fleet sends no request between two of them.
 */
export function pointBetween(a: OpsSnapshot, b: OpsSnapshot, latencyFrom: OpsSnapshot = a): OpsPoint | undefined {
  const dt = b.now - a.now;
  if (!(dt > 0) || b.readingsAccepted < a.readingsAccepted) return undefined;
  const base = latencyFrom.now <= a.now && latencyFrom.readingsAccepted <= a.readingsAccepted ? latencyFrom : a;
  const sameBounds = base.latency.le.length === b.latency.le.length;
  const rejectedPerSecond: Record<string, number> = {};
  for (const [reason, n] of Object.entries(b.rejected)) rejectedPerSecond[reason] = Math.max(0, n - (a.rejected[reason] ?? 0)) / dt;
  return {
    ...gauges(b),
    ingestPerSecond: (b.readingsAccepted - a.readingsAccepted) / dt,
    ...(sameBounds ? percentilesMs(b.latency.le, base.latency.cumulative, b.latency.cumulative) : { p50Ms: null, p95Ms: null, p99Ms: null }),
    rejectedPerSecond,
    sinceStart: false,
    latencySeconds: b.now - base.now,
  };
}

/**
 * Adds a point to the ring. A first point's since-start percentiles stand in only until percentiles
 * of a window arrive: they are then dropped, so the latency line measures one thing.
 */
export function addPoint(ring: Ring<OpsPoint>, p: OpsPoint): void {
  if (!p.sinceStart && p.p50Ms !== null) for (const q of ring.items) if (q.sinceStart) Object.assign(q, { p50Ms: null, p95Ms: null, p99Ms: null });
  ring.push(p);
}

/** What the latency chart says beside its title: what its points cover, while that is not plain. */
export function latencyNote(points: readonly OpsPoint[]): string | undefined {
  const latest = points.at(-1);
  if (latest === undefined) return undefined;
  const first = points.find((p) => p.sinceStart && p.p50Ms !== null);
  const quiet =
    latest.p50Ms === null
      ? latest.sinceStart
        ? "no request since the server started"
        : `no request in the last ${Math.round(latest.latencySeconds)} s`
      : undefined;
  if (first !== undefined) return [quiet, "first point: all since start"].filter((x) => x !== undefined).join("; ");
  return quiet;
}
