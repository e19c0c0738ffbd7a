// Fits the trees of a sequential CART model (cart-tree.ts) from the copula coordinates' scores.
import { createRandom } from "../../../random/index.js";
import { DISCRETE_PRIOR_ROWS, fitCartTree, LEAF_SMOOTHING, type CartTarget } from "./cart-tree.js";
import { intervalOf, zThresholds } from "./z-table.js";
import type { CartModel, CopulaColumn } from "../model-types.js";

/** Real rows the trees learn from; beyond this a regular stride keeps fit time bounded (1M × 20 in seconds). */
export const CART_ROWS = 50_000;

/** One coordinate: its per-row scores (NaN: missing) and, for a category or discrete number, its column. */
export interface CartCoordinate {
  scores: Float64Array;
  column: CopulaColumn | undefined;
}

/**
 * One tree per coordinate, each on the ones before it. Missing scores of a predictor are filled
 * with another row's (the sampler draws nulls independently, so trees must not learn from them).
 * `smoothing`: the kernel width of number leaves in multiples of Silverman's rule; 0 fits raw
 * leaves (no kernel, and a discrete number's shares unshrunk: DISCRETE_PRIOR_ROWS).
 */
export function fitCart(coordinates: readonly CartCoordinate[], rows: number, smoothing = LEAF_SMOOTHING): CartModel {
  const stride = Math.max(1, Math.ceil(rows / CART_ROWS));
  const n = Math.ceil(rows / stride);
  const rng = createRandom("cart-fit");
  const sample = coordinates.map((c, j) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c.scores[i * stride]!;
    return { out, filled: fillMissing(out, rng.fork("fill", j)) };
  });
  const trees = coordinates.map((c, j) => {
    const own = sample[j]!.out;
    let target: CartTarget;
    if (c.column && (c.column.kind === "categorical" || c.column.kind === "discrete")) {
      const cuts = zThresholds(c.column.probabilities);
      target = {
        kind: "classes",
        classes: c.column.probabilities.length,
        codes: Int32Array.from(own, (z) => (z === z ? intervalOf(cuts, z) : -1)),
        prior: c.column.kind === "discrete" && smoothing > 0 ? DISCRETE_PRIOR_ROWS : 0,
      };
    } else target = { kind: "number", scores: own };
    return fitCartTree(
      target,
      sample.slice(0, j).map((s) => s.filled),
      smoothing,
    );
  });
  return { trees, rows: n };
}

function fillMissing(values: Float64Array, rng: ReturnType<typeof createRandom>): Float64Array {
  const present: number[] = [];
  for (const v of values) if (v === v) present.push(v);
  if (present.length === values.length) return values;
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = present.length > 0 ? present[rng.int(0, present.length - 1)]! : 0;
  return out;
}
