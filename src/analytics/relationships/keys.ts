// Columns as small dense keys (0 … size − 1, −1 for missing), so counting pairs of values is an
// array increment rather than a hash lookup.
import type { FactColumn } from "./relationship-types.js";

export interface Keys {
  codes: Int32Array;
  size: number;
  /** Rows per key. */
  counts: Float64Array;
}

/** Keys of a column with at most `maxKeys` distinct values (numbers by value), or undefined. */
export function denseKeys(column: FactColumn, maxKeys: number, rows: ArrayLike<number>): Keys | undefined {
  const codes = new Int32Array(rows.length);
  if (column.kind === "codes") {
    // Codes index a dictionary: an array remaps them without hashing.
    const remap = new Map<number, number>();
    const table = new Int32Array(1 << 16).fill(-1);
    let size = 0;
    for (let i = 0; i < rows.length; i++) {
      const c = column.codes[rows[i]!]!;
      if (c === column.nullCode || c < 0) {
        codes[i] = -1;
        continue;
      }
      let k = c < table.length ? table[c]! : (remap.get(c) ?? -1);
      if (k < 0) {
        if (size >= maxKeys) return undefined;
        k = size++;
        if (c < table.length) table[c] = k;
        else remap.set(c, k);
      }
      codes[i] = k;
    }
    return withCounts(codes, size);
  }
  const remap = new Map<number, number>();
  let last = Number.NaN, lastKey = -1;
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]!]!;
    if (v !== v) {
      codes[i] = -1;
      continue;
    }
    // Runs of one value (a basket's lines, sorted data) skip the hash lookup.
    if (v === last) {
      codes[i] = lastKey;
      continue;
    }
    let k = remap.get(v);
    if (k === undefined) {
      if (remap.size >= maxKeys) return undefined;
      k = remap.size;
      remap.set(v, k);
    }
    codes[i] = k;
    last = v;
    lastKey = k;
  }
  return withCounts(codes, remap.size);
}

function withCounts(codes: Int32Array, size: number): Keys {
  const counts = new Float64Array(size);
  for (const c of codes) if (c >= 0) counts[c]!++;
  return { codes, size, counts };
}

/** The value of row `i` as one number: its code, or its value; NaN when missing. */
export function cellKey(column: FactColumn, i: number): number {
  if (column.kind === "numbers") return column.values[i]!;
  const c = column.codes[i]!;
  return c === column.nullCode || c < 0 ? Number.NaN : c;
}

/** Row indices 0, s, 2s, … covering at most `max` rows of `n`. */
export function strideRows(n: number, max: number): Int32Array {
  const stride = Math.max(1, Math.ceil(n / max));
  const out = new Int32Array(Math.ceil(n / stride));
  for (let i = 0, r = 0; r < n; i++, r += stride) out[i] = r;
  return out;
}

/** Share of the non-missing rows taken by the most common key. */
export function modeShare(keys: Keys): number {
  let total = 0, top = 0;
  for (const c of keys.counts) {
    total += c;
    if (c > top) top = c;
  }
  return total === 0 ? 1 : top / total;
}
