// The per-chunk loops that make sampled rows keep a model's exact relationships: groups of rows
// under one id, values copied across a group, mappings from one column's values to another's,
// arithmetic, and ordered pairs. Each runs down one contiguous column.
import type { Random } from "../../../random/index.js";

/**
 * For each row of a chunk, the row where its group starts. Group sizes are drawn from `sizes` with
 * `probabilities`; a group never spans two chunks (chunks are drawn independently), so the last
 * group of a chunk is cut to fit: one group per 16,384-row chunk.
 */
export function groupStarts(rng: Random, sizes: readonly number[], probabilities: readonly number[], length: number): Int32Array {
  const cumulative = new Float64Array(probabilities.length);
  let sum = 0;
  probabilities.forEach((p, i) => (cumulative[i] = sum += p));
  const starts = new Int32Array(length);
  let row = 0;
  while (row < length) {
    const u = rng.next() * sum;
    let k = 0;
    while (k < cumulative.length - 1 && cumulative[k]! <= u) k++;
    const end = Math.min(length, row + sizes[k]!);
    for (let i = row; i < end; i++) starts[i] = row;
    row = end;
  }
  return starts;
}

/** Every row takes its group's first row's value. */
export function copyWithinGroups(values: Float64Array | Uint8Array, starts: Int32Array, length: number): void {
  for (let i = 0; i < length; i++) {
    const s = starts[i]!;
    if (s !== i) values[i] = values[s]!;
  }
}

/**
 * Rows whose `from` value has a mapping get that `to` value (but a share `exceptions` of them, as
 * in the real table, keep their own draw). Returns which rows were mapped.
 */
export function mapCodes(to: Uint32Array, from: Uint32Array, fromNulls: Uint8Array | undefined, mapping: Int32Array, exceptions: number, rng: Random | undefined, length: number): Uint8Array {
  const mapped = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    if (fromNulls?.[i]) continue;
    const m = mapping[from[i]!]!;
    if (m < 0 || (rng !== undefined && rng.next() < exceptions)) continue;
    to[i] = m;
    mapped[i] = 1;
  }
  return mapped;
}

/** target = left op right, rounded to 1 / factor; the share `exceptions` of rows keep their draw. */
export function computeArithmetic(target: Float64Array, left: Float64Array, right: Float64Array, op: "+" | "-" | "*", factor: number, exceptions: number, rng: Random | undefined, length: number): void {
  for (let i = 0; i < length; i++) {
    if (rng !== undefined && rng.next() < exceptions) continue;
    const a = left[i]!, b = right[i]!;
    const v = op === "*" ? a * b : op === "+" ? a + b : a - b;
    target[i] = Math.round(v * factor) / factor;
  }
}

/** Swaps the pairs drawn in the wrong order (low > high; low ≥ high when strict). Returns how many. */
export function swapDisordered(low: Float64Array, high: Float64Array, lowNulls: Uint8Array | undefined, highNulls: Uint8Array | undefined, length: number): number {
  let swapped = 0;
  for (let i = 0; i < length; i++) {
    const a = low[i]!, b = high[i]!;
    if (a > b && !lowNulls?.[i] && !highNulls?.[i]) {
      low[i] = b;
      high[i] = a;
      swapped++;
    }
  }
  return swapped;
}
