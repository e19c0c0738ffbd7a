// Draws copula coordinates from a sequential CART model (cart-tree.ts), row by row through each
// tree in turn. `--where` conditions are kept exactly by rejection: a row's draw of a conditioned
// coordinate is kept with the probability its leaf gives the allowed values, and then drawn among
// them; a rejected row starts again (this is the conditional distribution of the trees).
import type { Random } from "../../../random/index.js";
import { truncatedNormalMean } from "../../../numeric/index.js";
import type { Condition } from "../conditions.js";
import type { CartTree, Model } from "../model-types.js";
import { drawClass, drawQuantile, leafFor } from "./cart-tree.js";
import { zThresholds } from "./z-table.js";

/** Attempts per row before a condition's values are forced (a leaf that never allows them). */
const MAX_ATTEMPTS = 10_000;

export interface CartDrawer {
  /** Fills `z` column-major (`z[j * length + row]`) as the copula does. */
  fill(rng: Random, z: Float64Array, length: number): void;
}

/** The normal score that stands for each value of a category (its interval's mean, as fit gives rows). */
function classScores(probabilities: readonly number[]): Float64Array {
  const cuts = zThresholds(probabilities);
  return Float64Array.from(cuts, (hi, c) => truncatedNormalMean(c === 0 ? Number.NEGATIVE_INFINITY : cuts[c - 1]!, hi));
}

export function cartDrawer(model: Model, conditions: readonly Condition[]): CartDrawer {
  const trees: readonly CartTree[] = model.cart!.trees;
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  const scores = model.copula.columns.map((name) => {
    const c = byName.get(name);
    return c && (c.kind === "categorical" || c.kind === "discrete") ? classScores(c.probabilities) : undefined;
  });
  const allowed = new Map<number, Uint8Array>();
  for (const c of conditions) {
    const s = scores[c.index];
    if (!s) continue;
    const mask = new Uint8Array(s.length);
    for (let v = 0; v < s.length; v++) {
      const z = s[v]!;
      mask[v] = (c.valueIndex >= 0 ? v === c.valueIndex : (c.intervals ?? [{ lo: c.lo, hi: c.hi }]).some((r) => z >= r.lo && z <= r.hi)) ? 1 : 0;
    }
    allowed.set(c.index, mask);
  }
  const k = trees.length;

  function drawCoordinate(j: number, z: Float64Array, length: number, row: number, rng: Random, only?: Uint8Array): number {
    const leaf = leafFor(trees[j]!, z, length, row);
    if ("quantiles" in leaf) {
      z[j * length + row] = drawQuantile(leaf.quantiles, rng);
      return 1;
    }
    if (!("shares" in leaf)) return 1;
    const drawn = drawClass(leaf.shares, rng, only);
    z[j * length + row] = scores[j]![drawn.index]!;
    return drawn.mass;
  }

  return {
    fill(rng, z, length) {
      if (allowed.size === 0) {
        for (let j = 0; j < k; j++) for (let i = 0; i < length; i++) drawCoordinate(j, z, length, i, rng);
        return;
      }
      for (let i = 0; i < length; i++) {
        for (let attempt = 1; ; attempt++) {
          let kept = true;
          for (let j = 0; j < k && kept; j++) {
            const only = allowed.get(j);
            const mass = drawCoordinate(j, z, length, i, rng, only);
            if (only && attempt < MAX_ATTEMPTS && rng.next() >= mass) kept = false;
          }
          if (kept) break;
        }
      }
    },
  };
}
