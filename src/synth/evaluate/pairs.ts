// Column-pair trends with SDMetrics' definitions: CorrelationSimilarity (Pearson) for two
// continuous columns, ContingencySimilarity for the rest, continuous columns binned into 10
// equal-width bins over the real column's range (numpy's histogram_bin_edges + digitize).
import { pearson } from "../model/index.js";
import { NULL } from "./table.js";

/**
 * 1 − |ρ_real − ρ_synthetic| / 2 with Pearson's ρ over rows where both values are present.
 *
 * @example
 * correlationSimilarity(0.8, 0.6); // 0.9
 */
export function correlationSimilarity(realRho: number, syntheticRho: number): number {
  return 1 - Math.abs(realRho - syntheticRho) / 2;
}

export { pearson };

// The quality scores and the report's correlation matrix ask for the correlations of the same
// columns (the matrix both ways round): each pair is computed once, a whole pass over a million
// rows each. pearson(x, y) and pearson(y, x) are the same bits (the same sums, each product
// commutes), so one entry serves both orders.
const correlations = new WeakMap<Float64Array, WeakMap<Float64Array, number>>();

/** `pearson(x, y)` of two columns that are never changed after, remembered for both orders. */
export function columnPearson(x: Float64Array, y: Float64Array): number {
  const hit = correlations.get(x)?.get(y);
  if (hit !== undefined) return hit;
  const r = pearson(x, y);
  for (const [a, b] of [
    [x, y],
    [y, x],
  ] as const) {
    let inner = correlations.get(a);
    if (!inner) correlations.set(a, (inner = new WeakMap()));
    inner.set(b, r);
  }
  return r;
}

export const DEFAULT_BINS = 10;

/** numpy.histogram_bin_edges(values, bins): equal-width edges over [min, max] of present values. */
export function binEdges(values: Float64Array, bins = DEFAULT_BINS): Float64Array {
  let min = Number.POSITIVE_INFINITY,
    max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return Float64Array.of(0, 1);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  return Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + ((max - min) * i) / bins));
}

/**
 * numpy.digitize(values, edges): bin i where edges[i−1] ≤ x < edges[i] (0 below the first edge,
 * edges.length at or above the last). Nulls stay null (-1), a category of their own.
 */
export function digitize(values: Float64Array, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      out[i] = NULL;
      continue;
    }
    let lo = 0,
      hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** Joint frequencies of two code columns (null as its own category), keyed `a·stride + b`. */
function joint(a: Int32Array, b: Int32Array, rows: Uint32Array | undefined, stride: number): Map<number, number> {
  const counts = new Map<number, number>();
  const n = rows ? rows.length : a.length;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    const key = (a[i]! + 1) * stride + (b[i]! + 1);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, c] of counts) counts.set(key, c / n);
  return counts;
}

// Every pair with a column scans that whole column for its largest code (the table's size), though
// it counts only the subsampled rows: remembered per column, one scan instead of one per pair.
const largestCodes = new WeakMap<Int32Array, number>();

/** The largest value of a code column that is never changed after (-Infinity when empty). */
function largestCode(codes: Int32Array): number {
  let max = largestCodes.get(codes);
  if (max === undefined) {
    max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < codes.length; i++) if (codes[i]! > max) max = codes[i]!;
    largestCodes.set(codes, max);
  }
  return max;
}

/**
 * 1 − the total variation distance between the two tables' normalised contingency tables.
 * `rows` optionally restricts each table to a subsample (SDMetrics subsamples to 50,000 rows).
 *
 * @example
 * // real (x,y): (0,0),(0,1),(1,1),(1,1) vs synthetic (0,0),(1,1): TVD = ½(¼+¼+0+...)…
 * contingencySimilarity(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 1, 1), Int32Array.of(0, 1), Int32Array.of(0, 1));
 */
export function contingencySimilarity(
  realA: Int32Array,
  realB: Int32Array,
  synthA: Int32Array,
  synthB: Int32Array,
  realRows?: Uint32Array,
  synthRows?: Uint32Array,
): number {
  const maxA = Math.max(0, largestCode(realA), largestCode(synthA)),
    maxB = Math.max(0, largestCode(realB), largestCode(synthB));
  const stride = maxB + 2;
  const cells = (maxA + 2) * stride;
  if (cells <= 1 << 20) {
    // Few categories (the usual case, and every binned number): count in a dense table.
    const r = new Float64Array(cells),
      q = new Float64Array(cells);
    const count = (a: Int32Array, b: Int32Array, rows: Uint32Array | undefined, into: Float64Array): number => {
      const n = rows ? rows.length : a.length;
      for (let k = 0; k < n; k++) {
        const i = rows ? rows[k]! : k;
        into[(a[i]! + 1) * stride + b[i]! + 1]!++;
      }
      return n;
    };
    const nr = count(realA, realB, realRows, r);
    const nq = count(synthA, synthB, synthRows, q);
    let tv = 0;
    for (let c = 0; c < cells; c++) tv += Math.abs(r[c]! / nr - q[c]! / nq);
    return 1 - tv / 2;
  }
  const r = joint(realA, realB, realRows, stride);
  const s = joint(synthA, synthB, synthRows, stride);
  let tv = 0;
  for (const [key, p] of r) tv += Math.abs(p - (s.get(key) ?? 0));
  for (const [key, q] of s) if (!r.has(key)) tv += q;
  return 1 - tv / 2;
}

/** Cramér's V of two code columns (scipy.stats.contingency.association, method "cramer"). */
export function cramersV(a: Int32Array, b: Int32Array, rows?: Uint32Array): number {
  const n = rows ? rows.length : a.length;
  const rowIndex = new Map<number, number>(),
    colIndex = new Map<number, number>();
  const cells = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    if (!rowIndex.has(a[i]!)) rowIndex.set(a[i]!, rowIndex.size);
    if (!colIndex.has(b[i]!)) colIndex.set(b[i]!, colIndex.size);
    const key = rowIndex.get(a[i]!)! * 1_000_003 + colIndex.get(b[i]!)!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const r = rowIndex.size,
    c = colIndex.size;
  if (r < 2 || c < 2) return Number.NaN;
  const rowSum = new Float64Array(r),
    colSum = new Float64Array(c);
  for (const [key, count] of cells) {
    rowSum[Math.floor(key / 1_000_003)]! += count;
    colSum[key % 1_000_003]! += count;
  }
  let chi2 = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = (rowSum[i]! * colSum[j]!) / n;
      const observed = cells.get(i * 1_000_003 + j) ?? 0;
      chi2 += (observed - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (n * (Math.min(r, c) - 1)));
}
