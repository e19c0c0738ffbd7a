// What one correlation per column pair cannot say about a categorical column. The copula predicts
// E[z_j | category k] = R[j][c] · m_k (m_k: the category's own mean score), a straight line
// through the categories; real categories sit off it (snow is the coldest weather but not the
// wettest), and even two categories come out attenuated, since R is a correlation with a score
// whose variance is below 1. `--where` adds the difference back, so rows drawn given a category
// have, per column, the normal-score mean the real rows of that category have.
import { NULL_CODE } from "./column-accumulator.js";

/** Beyond this many categories no shifts are kept (they would grow the model file by K × columns). */
export const MAX_SHIFTED_CATEGORIES = 200;
/** A category seen n times keeps n / (n + PRIOR_ROWS) of its shift: rare ones lean on the copula. */
const PRIOR_ROWS = 5;

/**
 * Per category (in `values` order) and per copula column, the real mean score minus the copula's
 * prediction; undefined for more than MAX_SHIFTED_CATEGORIES categories.
 *
 * @example
 * column.shifts = categoryShifts(codes, rankOfCode, 2, scores, correlation, 1);
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
): number[][] | undefined {
  let categories = 0;
  for (const rank of rankOfCode) categories = Math.max(categories, rank + 1);
  if (categories > MAX_SHIFTED_CATEGORIES) return undefined;
  const k = scores.length;
  const own = scores[index]!;
  const ownScore = new Float64Array(categories);
  const rankAt = new Int32Array(Math.ceil(codes.length / stride));
  for (let r = 0, i = 0; r < codes.length; r += stride, i++) {
    const rank = codes[r] === NULL_CODE ? -1 : rankOfCode[codes[r]!]!;
    rankAt[i] = rank;
    if (rank >= 0) ownScore[rank] = own[r]!;
  }
  const shifts = Array.from({ length: categories }, () => new Array<number>(k).fill(0));
  const sums = new Float64Array(categories);
  const counts = new Float64Array(categories);
  for (let j = 0; j < k; j++) {
    if (j === index) continue;
    sums.fill(0);
    counts.fill(0);
    const column = scores[j]!;
    for (let r = 0, i = 0; r < codes.length; r += stride, i++) {
      const rank = rankAt[i]!;
      const s = column[r]!;
      if (rank >= 0 && s === s) {
        sums[rank]! += s;
        counts[rank]!++;
      }
    }
    for (let c = 0; c < categories; c++) {
      const n = counts[c]!;
      if (n === 0) continue;
      const shift = (sums[c]! / n - correlation[j]![index]! * ownScore[c]!) * (n / (n + PRIOR_ROWS));
      shifts[c]![j] = Math.round(shift * 1e6) / 1e6;
    }
  }
  return shifts;
}
