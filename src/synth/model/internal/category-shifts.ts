// What one correlation per column pair cannot say about a categorical column. The copula predicts
// E[z_j | category k] = R[j][c] · m_k (m_k: the category's own mean score), a straight line
// through the categories; real categories sit off it (snow is the coldest weather but not the
// wettest), and even two categories come out attenuated, since R is a correlation with a score
// whose variance is below 1. `--where` adds the difference back, so rows drawn given a category
// have, per column, the normal-score mean the real rows of that category have.
//
// A *rare* category (fewer rows than a CART leaf or a hierarchy context summarises) gets its shift
// in every copula draw too (`drawShifts`): its one score sits at an end of the order, and the
// correlation, weighted by the common categories, gives it the line's extreme instead of its own
// means. With 17 snow days, seattle-weather's sampled snow days were 5.6 °C at night (real −0.1;
// 1.3 with the shift) and a classifier trained on synthetic rows rarely said snow; the copula's
// TSTR ratio of `weather` rose from 0.87 to 0.92 over five splits (docs/model.md). Common
// categories keep the line: shifting every row by its category cost cars' `Origin` 0.922 → 0.811.
import { categoryMeans } from "./category-means.js";
import { MIN_LEAF } from "./cart-tree.js";

/** Beyond this many categories no shifts are kept (they would grow the model file by K × columns). */
export const MAX_SHIFTED_CATEGORIES = 200;
/** A category seen n times keeps n / (n + PRIOR_ROWS) of its shift: rare ones lean on the copula. */
const PRIOR_ROWS = 5;

/**
 * Per category (in `values` order) and per copula column, the real mean score minus the copula's
 * prediction, and the categories seen on fewer than MIN_LEAF rows (`rare`, in `values` order);
 * undefined for more than MAX_SHIFTED_CATEGORIES categories.
 *
 * @example
 * const { shifts, rare } = categoryShifts(codes, rankOfCode, 2, scores, correlation, 1)!;
 */
export function categoryShifts(
  codes: Uint32Array,
  /** Position in the column's `values` of each dictionary code (-1 for codes that never occur). */
  rankOfCode: Int32Array,
  /** The column's index in the copula. */
  index: number,
  scores: readonly Float64Array[],
  correlation: readonly (readonly number[])[],
  stride: number,
): { shifts: number[][]; rare: number[] } | undefined {
  let categories = 0;
  for (const rank of rankOfCode) categories = Math.max(categories, rank + 1);
  if (categories > MAX_SHIFTED_CATEGORIES) return undefined;
  const k = scores.length;
  const { means, counts, rows } = categoryMeans(codes, rankOfCode, categories, scores, stride);
  const shifts = Array.from({ length: categories }, () => new Array<number>(k).fill(0));
  for (let c = 0; c < categories; c++) {
    // The category's own score m_k: every row of it has the same one.
    const own = means[c * k + index]!;
    for (let j = 0; j < k; j++) {
      const n = counts[c * k + j]!;
      if (j === index || n === 0) continue;
      const shift = (means[c * k + j]! - correlation[j]![index]! * own) * (n / (n + PRIOR_ROWS));
      shifts[c]![j] = Math.round(shift * 1e6) / 1e6;
    }
  }
  // Rows counted every `stride`-th: a category under MIN_LEAF rows in the whole table.
  const rare: number[] = [];
  for (let c = 0; c < categories; c++) if (rows[c]! > 0 && rows[c]! * stride < MIN_LEAF) rare.push(c);
  return { shifts, rare };
}
