// Expected vs received readings of a periodic sensor (the DHT22): how many readings the span
// should hold at the sensor's cadence, how many came, and the gaps longer than three cadences
// (a lost reading or two is a failed read; longer is the device or its network being down).

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

/** Uptime of readings at ascending times (epoch seconds); null with fewer than two readings. */
export function uptime(times: ArrayLike<number>, cadenceSeconds?: number): Uptime | null {
  const n = times.length;
  if (n < 2) return null;
  let cadence = cadenceSeconds;
  if (cadence === undefined) {
    const intervals = new Float64Array(n - 1);
    for (let i = 1; i < n; i++) intervals[i - 1] = times[i]! - times[i - 1]!;
    cadence = median(intervals);
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
