// Reducing a long series to a few points per pixel column for charts: min and max per bucket
// (keeps every spike visible), or Largest-Triangle-Three-Buckets (Steinarsson 2013: keeps the
// shape with one point per bucket). One module, used by reports and (later) the dashboard.

export interface XY {
  x: Float64Array;
  y: Float64Array;
}

/** Indices of the points without NaN values. */
function present(y: ArrayLike<number>): Int32Array {
  const idx = new Int32Array(y.length);
  let n = 0;
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) idx[n++] = i;
  return idx.subarray(0, n);
}

/**
 * Min and max of each of `buckets` equal-width x buckets, in x order (two points per bucket at
 * most, one when they coincide). Input x must be ascending.
 */
export function minMaxPerBucket(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): XY {
  const idx = present(y);
  if (idx.length <= 2 * buckets) return { x: Float64Array.from(idx, (i) => x[i]!), y: Float64Array.from(idx, (i) => y[i]!) };
  const x0 = x[idx[0]!]!;
  const span = x[idx[idx.length - 1]!]! - x0 || 1;
  const outX: number[] = [];
  const outY: number[] = [];
  let b = -1;
  let lo = -1;
  let hi = -1;
  const flush = (): void => {
    if (lo < 0) return;
    const [first, second] = lo <= hi ? [lo, hi] : [hi, lo];
    outX.push(x[first]!);
    outY.push(y[first]!);
    if (second !== first) {
      outX.push(x[second]!);
      outY.push(y[second]!);
    }
  };
  for (const i of idx) {
    const bi = Math.min(buckets - 1, Math.floor(((x[i]! - x0) / span) * buckets));
    if (bi !== b) {
      flush();
      b = bi;
      lo = hi = i;
    } else {
      if (y[i]! < y[lo]!) lo = i;
      if (y[i]! > y[hi]!) hi = i;
    }
  }
  flush();
  return { x: Float64Array.from(outX), y: Float64Array.from(outY) };
}

/** Largest-Triangle-Three-Buckets down to `threshold` points (≥ 3); first and last points kept. */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): XY {
  const keep = lttbIndices(x, y, threshold);
  return { x: Float64Array.from(keep, (i) => x[i]!), y: Float64Array.from(keep, (i) => y[i]!) };
}

/** The indices LTTB keeps (NaN points are never kept), ascending. */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Int32Array {
  const idx = present(y);
  const n = idx.length;
  if (threshold >= n || threshold < 3) return idx;
  const out = new Int32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  out[0] = idx[0]!;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[idx[j]!]!;
      avgY += y[idx[j]!]!;
    }
    const len = nextEnd - nextStart;
    avgX /= len;
    avgY /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x[idx[a]!]!;
    const ay = y[idx[a]!]!;
    let best = -1;
    let chosen = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (y[idx[j]!]! - ay) - (ax - x[idx[j]!]!) * (avgY - ay));
      if (area > best) {
        best = area;
        chosen = j;
      }
    }
    out[i + 1] = idx[chosen]!;
    a = chosen;
  }
  out[threshold - 1] = idx[n - 1]!;
  return out;
}

/**
 * Min and max per bucket of x, reduced while the points arrive (x ascending), for series too long
 * to hold: points are kept as they come up to 2·columns; then they fall into equal x buckets,
 * whose width doubles (pairs of neighbours merge, exactly) whenever they pass 2·columns. The
 * result has at most `columns` buckets of at most two points: the earliest min and the earliest
 * max, with a companion value each (`extra`, e.g. the rolling std beside the rolling mean).
 *
 * @example
 * const r = new MinMaxReducer(600);
 * for (let i = 0; i < times.length; i++) r.add(times[i], values[i]);
 * const { x, y } = r.result(); // ≤ 1200 points, every spike kept
 */
export class MinMaxReducer {
  private x: number[] = [];
  private y: number[] = [];
  private e: number[] = [];
  /** Bucketed phase: bucket index, and the (x, y, extra) of its min and of its max. */
  private idx: number[] = [];
  private lo: number[][] = [[], [], []];
  private hi: number[][] = [[], [], []];
  private x0 = 0;
  private width = 0;

  constructor(private readonly columns: number) {}

  /** Adds a point; NaN y is skipped. An x earlier than the last bucket joins the last bucket. */
  add(x: number, y: number, extra = Number.NaN): void {
    if (Number.isNaN(y)) return;
    if (this.width === 0) {
      this.x.push(x);
      this.y.push(y);
      this.e.push(extra);
      if (this.x.length > 2 * this.columns) this.startBuckets();
      return;
    }
    this.put(x, y, extra);
    while (this.idx[this.idx.length - 1]! >= 2 * this.columns) this.double();
  }

  private startBuckets(): void {
    this.x0 = this.x[0]!;
    const span = this.x[this.x.length - 1]! - this.x0;
    this.width = span > 0 ? span / this.columns : 1;
    for (let i = 0; i < this.x.length; i++) this.put(this.x[i]!, this.y[i]!, this.e[i]!);
    this.x = [];
    this.y = [];
    this.e = [];
    while (this.idx[this.idx.length - 1]! >= 2 * this.columns) this.double();
  }

  private put(x: number, y: number, extra: number): void {
    const last = this.idx.length - 1;
    const b = Math.max(Math.floor((x - this.x0) / this.width), last >= 0 ? this.idx[last]! : 0);
    if (last >= 0 && b === this.idx[last]) {
      if (y < this.lo[1]![last]!) this.set(this.lo, last, x, y, extra);
      if (y > this.hi[1]![last]!) this.set(this.hi, last, x, y, extra);
      return;
    }
    this.idx.push(b);
    for (const side of [this.lo, this.hi]) {
      side[0]!.push(x);
      side[1]!.push(y);
      side[2]!.push(extra);
    }
  }

  private set(side: number[][], at: number, x: number, y: number, extra: number): void {
    side[0]![at] = x;
    side[1]![at] = y;
    side[2]![at] = extra;
  }

  /** Doubles the bucket width: buckets 2j and 2j + 1 become bucket j. */
  private double(): void {
    this.width *= 2;
    let w = -1;
    for (let r = 0; r < this.idx.length; r++) {
      const b = Math.floor(this.idx[r]! / 2);
      if (w >= 0 && this.idx[w] === b) {
        // r is later in x than w: it wins only when strictly lower (or higher).
        if (this.lo[1]![r]! < this.lo[1]![w]!) this.set(this.lo, w, this.lo[0]![r]!, this.lo[1]![r]!, this.lo[2]![r]!);
        if (this.hi[1]![r]! > this.hi[1]![w]!) this.set(this.hi, w, this.hi[0]![r]!, this.hi[1]![r]!, this.hi[2]![r]!);
        continue;
      }
      w++;
      this.idx[w] = b;
      this.set(this.lo, w, this.lo[0]![r]!, this.lo[1]![r]!, this.lo[2]![r]!);
      this.set(this.hi, w, this.hi[0]![r]!, this.hi[1]![r]!, this.hi[2]![r]!);
    }
    this.idx.length = w + 1;
    for (const side of [this.lo, this.hi]) for (const col of side) col.length = w + 1;
  }

  /** The points in x order: all of them while few, else min and max per bucket (≤ columns buckets). */
  result(): XY & { extra: Float64Array } {
    if (this.width === 0) return { x: Float64Array.from(this.x), y: Float64Array.from(this.y), extra: Float64Array.from(this.e) };
    while (this.idx.length > 0 && this.idx[this.idx.length - 1]! >= this.columns) this.double();
    const x: number[] = [];
    const y: number[] = [];
    const extra: number[] = [];
    for (let i = 0; i < this.idx.length; i++) {
      const [first, second] = this.lo[0]![i]! <= this.hi[0]![i]! ? [this.lo, this.hi] : [this.hi, this.lo];
      x.push(first[0]![i]!);
      y.push(first[1]![i]!);
      extra.push(first[2]![i]!);
      if (second[0]![i] !== first[0]![i] || second[1]![i] !== first[1]![i]) {
        x.push(second[0]![i]!);
        y.push(second[1]![i]!);
        extra.push(second[2]![i]!);
      }
    }
    return { x: Float64Array.from(x), y: Float64Array.from(y), extra: Float64Array.from(extra) };
  }
}
