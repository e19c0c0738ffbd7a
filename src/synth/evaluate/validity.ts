// Validity with SDMetrics' definitions: values inside the real range, categories the real column
// has, a similar share of nulls, and keys that stay unique.
import { NULL } from "./table.js";

/**
 * Share of synthetic values within the real column's [min, max]. A synthetic null is left out
 * when the real column has nulls too, and counts as out of bounds when it has none. Rows marked
 * `invalid` (text that is not of the column's type) are values out of bounds, never nulls.
 *
 * @example
 * boundaryAdherence(Float64Array.of(1.0, 2.4, 2.6, 0.8), Float64Array.of(0.9, 1.8, 2.1, 5.0)); // 0.75
 */
export function boundaryAdherence(real: Float64Array, synthetic: Float64Array, invalid?: Uint8Array): number {
  let min = Number.POSITIVE_INFINITY,
    max = Number.NEGATIVE_INFINITY,
    realNulls = false;
  for (const v of real) {
    if (v !== v) realNulls = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let n = 0,
    inside = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i]!;
    if (invalid?.[i]) {
      n++;
      continue;
    }
    if (v !== v) {
      if (!realNulls) n++;
      continue;
    }
    n++;
    if (v >= min && v <= max) inside++;
  }
  return n === 0 ? 1 : inside / n;
}

/**
 * Share of synthetic values (null counting as a value) that also occur in the real column.
 *
 * @example
 * categoryAdherence(Int32Array.of(0, 1), Int32Array.of(0, 1, 2, 2)); // 0.5
 */
export function categoryAdherence(real: Int32Array, synthetic: Int32Array): number {
  const seen = new Set<number>(real);
  if (synthetic.length === 0) return 1;
  let ok = 0;
  for (const v of synthetic) if (seen.has(v)) ok++;
  return ok / synthetic.length;
}

/** Share of nulls; rows marked `invalid` hold a (bad) value, not a null. */
export function nullShare(column: Float64Array | Int32Array, invalid?: Uint8Array): number {
  if (column.length === 0) return 0;
  let n = 0;
  if (column instanceof Float64Array) {
    for (let i = 0; i < column.length; i++) if (column[i] !== column[i] && !invalid?.[i]) n++;
  } else for (const v of column) if (v === NULL) n++;
  return n / column.length;
}

/**
 * 1 − |real null share − synthetic null share|.
 *
 * @example
 * missingValueSimilarity(Float64Array.of(1, NaN), Float64Array.of(1, 2, 3, NaN)); // 0.75
 */
export function missingValueSimilarity(real: Float64Array | Int32Array, synthetic: Float64Array | Int32Array, invalid?: Uint8Array): number {
  return 1 - Math.abs(nullShare(real) - nullShare(synthetic, invalid));
}

/**
 * 1 − the share of rows whose key is null or repeats an earlier row's key (pandas'
 * `duplicated()`, nulls never valid keys).
 *
 * @example
 * keyUniqueness(Float64Array.of(1, 2, NaN, 3, NaN, 5, 2, NaN, 6, NaN)); // 0.5
 */
export function keyUniqueness(keys: Int32Array | Float64Array): number {
  if (keys.length === 0) return 1;
  const seen = new Set<number>();
  let bad = 0;
  const isNull = keys instanceof Int32Array ? (k: number) => k === NULL : (k: number) => k !== k;
  for (const k of keys) {
    if (isNull(k) || seen.has(k)) bad++;
    else seen.add(k);
  }
  return 1 - bad / keys.length;
}
