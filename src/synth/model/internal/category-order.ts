// The order a categorical column's values take on the copula's normal scale. Each category is an
// interval of that scale, so the order decides which categories the copula treats as neighbours
// and how much of a category's dependence on the other columns one correlation coefficient can
// carry. In frequency order (SDV's default, and ours before) seattle-weather's rare "snow" sat
// beside "sun": `--where weather=snow` drew warm, dry days all year round. Here the categories are
// placed along the direction in which their rows differ most — the first principal axis of each
// category's mean normal scores of the other columns (optimal scaling, as in correspondence
// analysis) — so snow lands beyond rain, at the cold and wet end.
import { categoryMeans } from "./category-means.js";
import { NULL_CODE } from "./column-accumulator.js";
import { frequencyOrder } from "./marginals.js";

/** A categorical column being fitted: its per-row dictionary codes (NULL_CODE for empty). */
export interface CategoricalInput {
  /** Index of the column among `scores`. */
  index: number;
  codes: Uint32Array;
  dictionary: readonly string[];
}

const POWER_ITERATIONS = 200;
/** Below this between-category variance (on the normal scale) the categories carry no signal. */
const MIN_SIGNAL = 1e-9;

/**
 * The order (dictionary codes of the categories that occur) that places the categories along the
 * first principal axis of their mean scores of the other columns, weighted by frequency. Falls
 * back to frequency order with fewer than 3 categories (2 need no order: the correlation's sign
 * says it all) or when no other column differs between them. Deterministic; rows are read with
 * `stride` to bound the cost on large tables.
 *
 * @example
 * const order = associationOrder({ index: 2, codes, dictionary }, scores, 1);
 * fitCategorical("weather", codes, dictionary, false, order);
 */
export function associationOrder(column: CategoricalInput, scores: readonly Float64Array[], stride: number): number[] {
  const { codes, dictionary } = column;
  const counts = new Float64Array(dictionary.length);
  for (let r = 0; r < codes.length; r++) if (codes[r] !== NULL_CODE) counts[codes[r]!]!++;
  const byFrequency = frequencyOrder(counts, dictionary);
  const others = scores.filter((_, j) => j !== column.index);
  const k = byFrequency.length;
  const p = others.length;
  if (k < 3 || p === 0) return byFrequency;

  const rankOf = new Int32Array(dictionary.length).fill(-1);
  byFrequency.forEach((code, rank) => (rankOf[code] = rank));
  const { means, rows: weight } = categoryMeans(codes, rankOf, k, others, stride);
  // Rows of M: category means, centred per column with frequency weights, scaled by √weight so
  // that MᵀM is the between-category covariance.
  const m = new Float64Array(k * p);
  let total = 0;
  for (let c = 0; c < k; c++) total += weight[c]!;
  if (total === 0) return byFrequency;
  for (let j = 0; j < p; j++) {
    let centre = 0;
    for (let c = 0; c < k; c++) {
      m[c * p + j] = means[c * p + j]!;
      centre += weight[c]! * m[c * p + j]!;
    }
    centre /= total;
    for (let c = 0; c < k; c++) m[c * p + j] = (m[c * p + j]! - centre) * Math.sqrt(weight[c]! / total);
  }

  // Power iteration for the top eigenvector of MᵀM, from a fixed start (deterministic).
  let v = new Float64Array(p).map((_, j) => 1 + j / p);
  let eigen = 0;
  const mv = new Float64Array(k);
  for (let it = 0; it < POWER_ITERATIONS; it++) {
    for (let c = 0; c < k; c++) {
      let x = 0;
      for (let j = 0; j < p; j++) x += m[c * p + j]! * v[j]!;
      mv[c] = x;
    }
    const next = new Float64Array(p);
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) next[j]! += m[c * p + j]! * mv[c]!;
    let norm = 0;
    for (let j = 0; j < p; j++) norm += next[j]! * next[j]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return byFrequency;
    eigen = norm;
    let moved = 0;
    for (let j = 0; j < p; j++) {
      next[j] = next[j]! / norm;
      moved = Math.max(moved, Math.abs(next[j]! - v[j]!));
    }
    v = next;
    if (moved < 1e-12) break;
  }
  if (eigen < MIN_SIGNAL) return byFrequency;
  const position = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let x = 0;
    for (let j = 0; j < p; j++) x += (m[c * p + j]! / Math.sqrt(weight[c]! / total || 1)) * v[j]!;
    position[c] = weight[c]! > 0 ? x : 0;
  }
  // Ties (identical means) keep frequency order, so the result never depends on sort stability.
  const ranks = [...Array(k).keys()].sort((a, b) => position[a]! - position[b]! || a - b);
  return ranks.map((rank) => byFrequency[rank]!);
}
