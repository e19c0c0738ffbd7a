// Column shapes with SDMetrics' definitions: KSComplement for numbers and datetimes,
// TVComplement for categories. Nulls are left out of both, as pandas' value_counts/dropna do.
import { sortFloat64 } from "../../numeric/index.js";
import { NULL } from "./table.js";

// The real column is compared with the synthetic table and with the baseline: sort it once.
const sortedCache = new WeakMap<Float64Array, Float64Array>();

function present(values: Float64Array): Float64Array {
  const hit = sortedCache.get(values);
  if (hit) return hit;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[j++] = values[i]!;
  sortFloat64(out);
  sortedCache.set(values, out);
  return out;
}

/**
 * 1 − the two-sample Kolmogorov–Smirnov statistic (the largest gap between the two empirical
 * CDFs). Identical samples score 1, disjoint ones 0.
 *
 * @example
 * ksComplement(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4)); // 1
 */
export function ksComplement(real: Float64Array, synthetic: Float64Array): number {
  const a = present(real),
    b = present(synthetic);
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  let i = 0,
    j = 0,
    d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return 1 - d;
}

/** Category frequencies (nulls excluded). */
export function frequencies(codes: Int32Array, categories: number): Float64Array {
  const f = new Float64Array(categories);
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c !== NULL) {
      f[c]!++;
      n++;
    }
  }
  if (n > 0) for (let c = 0; c < categories; c++) f[c] = f[c]! / n;
  return f;
}

/**
 * 1 − the total variation distance between category frequencies: 1 − ½ Σ |R_ω − S_ω|.
 *
 * @example
 * // real a,b,c,c (¼,¼,½) vs synthetic a,b,c,c,c,c (⅙,⅙,⅔): TVD = ½(1/12 + 1/12 + 1/6) = 1/6
 * tvComplement(Int32Array.of(0, 1, 2, 2), Int32Array.of(0, 1, 2, 2, 2, 2), 3); // 0.8333…
 */
export function tvComplement(real: Int32Array, synthetic: Int32Array, categories: number): number {
  const r = frequencies(real, categories),
    s = frequencies(synthetic, categories);
  let tv = 0;
  for (let c = 0; c < categories; c++) tv += Math.abs(r[c]! - s[c]!);
  return 1 - tv / 2;
}
