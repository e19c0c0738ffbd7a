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
