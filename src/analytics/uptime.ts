// Expected vs received readings of a periodic sensor (the DHT22): how many readings the span
// should hold at the sensor's cadence, how many came, and the gaps longer than three cadences
// (a lost reading or two is a failed read; longer is the device or its network being down).
// Streamed: the intervals' median comes from their distribution (to the millisecond: a few
// thousand distinct intervals, counted), and the gaps from the longest MAX_LISTED_GAPS intervals
// kept in a heap, so a device's memory does not grow with its readings.
import { createRandom } from "../random/index.js";
import { ValueDistribution } from "./value-distribution.js";

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
  /** Number of gaps. */
  gapCount: number;
  /** The gaps in time order; the longest MAX_LISTED_GAPS when there are more. */
  gaps: Gap[];
}

/** Most gaps listed one by one (their count and down time are exact beyond it). */
export const MAX_LISTED_GAPS = 1000;

/** A gap is an interval longer than this many cadences. */
export const GAP_CADENCES = 3;

/** Median (pandas' definition: the mean of the two middle values for an even count) by quickselect, reordering `xs`. */
export function median(xs: Float64Array): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const hi = select(xs, n >> 1);
  if (n % 2 === 1) return hi;
  // The largest of the lower half: after select, everything left of n/2 is ≤ hi.
  let lo = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if (xs[i]! > lo) lo = xs[i]!;
  return lo + (hi - lo) / 2;
}

/** Hoare's quickselect: the k-th smallest value (0-based), partially ordering xs around it. */
function select(xs: Float64Array, k: number): number {
  let left = 0;
  let right = xs.length - 1;
  while (right > left) {
    // Median of three as the pivot keeps sorted input linear.
    const mid = (left + right) >> 1;
    const a = xs[left]!;
    const b = xs[mid]!;
    const c = xs[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

/** Uptime of one device's readings, fed one time at a time (ascending; a time before the last is not an interval). */
export class UptimeTracker {
  private received = 0;
  private first = Number.NaN;
  private last = Number.NaN;
  /** Intervals rounded to the millisecond: their median is the cadence. */
  private readonly intervals = new ValueDistribution(createRandom("uptime"), { distinct: 1 << 16, exact: 0 });
  /** Min-heap by length of the longest intervals: the gap candidates. */
  private readonly heap: Gap[] = [];

  add(t: number): void {
    this.received++;
    if (this.received === 1) {
      this.first = this.last = t;
      return;
    }
    const d = t - this.last;
    if (d < 0) return; // a reading the reorder buffer could not place: not an interval
    this.intervals.add(Math.round(d * 1000) / 1000);
    this.offer({ start: this.last, end: t, seconds: d });
    this.last = t;
  }

  private offer(g: Gap): void {
    const h = this.heap;
    if (h.length === MAX_LISTED_GAPS) {
      if (g.seconds <= h[0]!.seconds) return;
      h[0] = g;
      this.siftDown(0);
      return;
    }
    h.push(g);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.seconds <= h[i]!.seconds) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.seconds < h[m]!.seconds) m = l;
      if (r < h.length && h[r]!.seconds < h[m]!.seconds) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }

  /** The uptime so far; null with fewer than two readings. */
  result(cadenceSeconds?: number): Uptime | null {
    const n = this.received;
    if (n < 2) return null;
    const cadence = cadenceSeconds ?? this.intervals.quantile(0.5);
    const first = this.first;
    const last = this.last;
    const span = last - first;
    let gaps: Gap[] = [];
    let gapCount = 0;
    let down = 0;
    if (cadence > 0) {
      const threshold = GAP_CADENCES * cadence;
      gaps = this.heap.filter((g) => g.seconds > threshold).sort((a, b) => a.start - b.start);
      const complete = this.heap.length < MAX_LISTED_GAPS || this.heap[0]!.seconds <= threshold;
      if (complete) {
        gapCount = gaps.length;
        for (const g of gaps) down += g.seconds;
      } else {
        // More gaps than listed: count and length from the intervals (to the millisecond).
        const above = this.intervals.above(threshold);
        gapCount = above.count;
        down = above.sum;
      }
    }
    const expected = cadence > 0 ? Math.floor(span / cadence) + 1 : n;
    return { cadenceSeconds: cadence, first, last, expected, received: n, completeness: n / expected, uptime: span > 0 ? 1 - down / span : 1, gapCount, gaps };
  }
}

/** Uptime of readings at ascending times (epoch seconds); null with fewer than two readings. */
export function uptime(times: ArrayLike<number>, cadenceSeconds?: number): Uptime | null {
  const u = new UptimeTracker();
  for (let i = 0; i < times.length; i++) u.add(times[i]!);
  return u.result(cadenceSeconds);
}
