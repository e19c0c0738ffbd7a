// Expected vs received readings of a periodic sensor (the DHT22): how many readings the span
// should hold at the sensor's cadence, how many came, and the gaps longer than three cadences
// (a lost reading or two is a failed read; longer is the device or its network being down).
import { quantileSorted } from "./quantiles.js";

export interface Gap {
  /** Last reading before the gap and first after it, epoch seconds. */
  start: number;
  end: number;
  seconds: number;
}

export interface Uptime {
  /** The cadence used: given, or the median interval between readings. */
  cadenceSeconds: number;
  first: number;
  last: number;
  expected: number;
  received: number;
  /** received / expected. */
  completeness: number;
  /** Share of the span not inside a gap. */
  uptime: number;
  gaps: Gap[];
}

/** A gap is an interval longer than this many cadences. */
export const GAP_CADENCES = 3;

/** Uptime of readings at ascending times (epoch seconds); null with fewer than two readings. */
export function uptime(times: ArrayLike<number>, cadenceSeconds?: number): Uptime | null {
  const n = times.length;
  if (n < 2) return null;
  let cadence = cadenceSeconds;
  if (cadence === undefined) {
    const intervals = new Float64Array(n - 1);
    for (let i = 1; i < n; i++) intervals[i - 1] = times[i]! - times[i - 1]!;
    cadence = quantileSorted(intervals.sort(), 0.5);
  }
  const first = times[0]!;
  const last = times[n - 1]!;
  const span = last - first;
  const gaps: Gap[] = [];
  let down = 0;
  if (cadence > 0) {
    for (let i = 1; i < n; i++) {
      const d = times[i]! - times[i - 1]!;
      if (d > GAP_CADENCES * cadence) {
        gaps.push({ start: times[i - 1]!, end: times[i]!, seconds: d });
        down += d;
      }
    }
  }
  const expected = cadence > 0 ? Math.floor(span / cadence) + 1 : n;
  return { cadenceSeconds: cadence, first, last, expected, received: n, completeness: n / expected, uptime: span > 0 ? 1 - down / span : 1, gaps };
}
