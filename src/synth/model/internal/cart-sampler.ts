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

/**
 * A tree in typed arrays, for drawing a whole column without a conditions' rejection: per node its
 * split (`feature` −1: a leaf), per leaf the kind and its quantiles or shares in one flat array.
 * Draws exactly as `leafFor`, `drawQuantile` and `drawClass` do, from the same random numbers.
 */
interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  /** Right child − left child. */
  delta: Int32Array;
  /** 0: neither (the coordinate is left as it is), 1: quantiles, 2: shares. */
  leafKind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** A share leaf's total (summed in order, as drawClass sums it). */
  mass: Float64Array;
  flat: Float64Array;
  /** For the fixed-length walk: a leaf's column is 0 and its left child itself (delta 0), so a row that reached it stays. */
  walkFeature: Int32Array;
  walkLeft: Int32Array;
  /** Splits on the longest path from the root. */
  depth: number;
}

const QUANTILE_LEAF = 1,
  SHARE_LEAF = 2;

function flatTree(tree: CartTree): FlatTree {
  const n = tree.nodes.length;
  const t: FlatTree = {
    feature: new Int32Array(n).fill(-1),
    threshold: new Float64Array(n),
    left: new Int32Array(n),
    delta: new Int32Array(n),
    leafKind: new Uint8Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    mass: new Float64Array(n),
    flat: new Float64Array(0),
    walkFeature: new Int32Array(n),
    walkLeft: Int32Array.from({ length: n }, (_, i) => i),
    depth: 0,
  };
  const flat: number[] = [];
  tree.nodes.forEach((node, i) => {
    if ("feature" in node) {
      t.feature[i] = node.feature;
      t.threshold[i] = node.threshold;
      t.left[i] = node.left;
      t.delta[i] = node.right - node.left;
      t.walkFeature[i] = node.feature;
      t.walkLeft[i] = node.left;
      return;
    }
    const values = "quantiles" in node ? node.quantiles : "shares" in node ? node.shares : undefined;
    if (!values) return;
    t.leafKind[i] = "quantiles" in node ? QUANTILE_LEAF : SHARE_LEAF;
    t.start[i] = flat.length;
    flat.push(...values);
    t.end[i] = flat.length;
    let mass = 0;
    for (const v of values) mass += v;
    t.mass[i] = mass;
  });
  t.flat = Float64Array.from(flat);
  // Children come after their parent (the model file is checked for it): one pass forward, no recursion.
  const depthAt = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (t.feature[i]! < 0) continue;
    const below = depthAt[i]! + 1;
    const right = t.left[i]! + t.delta[i]!;
    depthAt[t.left[i]!] = Math.max(depthAt[t.left[i]!]!, below);
    depthAt[right] = Math.max(depthAt[right]!, below);
    t.depth = Math.max(t.depth, below);
  }
  return t;
}

// Scratch space for one column's leaves, and the coordinates drawn so far row by row (calls never overlap).
let scratchLeaves = new Int32Array(0);
let scratchRows = new Float64Array(0);

/**
 * The leaf each row reaches. Eight rows walk side by side for the tree's full depth, a row that
 * reached its leaf staying there (`walkLeft`, delta 0): a loop of fixed length with no branch on
 * the data (the right child is left + delta), so the processor overlaps eight independent chains
 * of loads. Walking each row only to its own leaf, two rows at a time, ended every pair with a
 * mispredicted exit; it took 1.45× as long (docs/model.md). The coordinates come from a row-major
 * copy (`zr[row * k + j]`): a step's address is an add, not a multiply.
 */
function leavesOf(t: FlatTree, zr: Float64Array, k: number, length: number): Int32Array {
  if (scratchLeaves.length < length) scratchLeaves = new Int32Array(length);
  const out = scratchLeaves;
  const { feature, threshold, left, delta } = t;
  const root = feature[0]!;
  let row = 0;
  const { walkFeature, walkLeft, depth } = t;
  for (; row + 7 < length; row += 8) {
    const rowK = row * k;
    let n0 = 0,
      n1 = 0,
      n2 = 0,
      n3 = 0,
      n4 = 0,
      n5 = 0,
      n6 = 0,
      n7 = 0;
    for (let d = 0; d < depth; d++) {
      n0 = walkLeft[n0]! + Number(!(zr[rowK + walkFeature[n0]!]! <= threshold[n0]!)) * delta[n0]!;
      n1 = walkLeft[n1]! + Number(!(zr[rowK + k + walkFeature[n1]!]! <= threshold[n1]!)) * delta[n1]!;
      n2 = walkLeft[n2]! + Number(!(zr[rowK + 2 * k + walkFeature[n2]!]! <= threshold[n2]!)) * delta[n2]!;
      n3 = walkLeft[n3]! + Number(!(zr[rowK + 3 * k + walkFeature[n3]!]! <= threshold[n3]!)) * delta[n3]!;
      n4 = walkLeft[n4]! + Number(!(zr[rowK + 4 * k + walkFeature[n4]!]! <= threshold[n4]!)) * delta[n4]!;
      n5 = walkLeft[n5]! + Number(!(zr[rowK + 5 * k + walkFeature[n5]!]! <= threshold[n5]!)) * delta[n5]!;
      n6 = walkLeft[n6]! + Number(!(zr[rowK + 6 * k + walkFeature[n6]!]! <= threshold[n6]!)) * delta[n6]!;
      n7 = walkLeft[n7]! + Number(!(zr[rowK + 7 * k + walkFeature[n7]!]! <= threshold[n7]!)) * delta[n7]!;
    }
    out[row] = n0;
    out[row + 1] = n1;
    out[row + 2] = n2;
    out[row + 3] = n3;
    out[row + 4] = n4;
    out[row + 5] = n5;
    out[row + 6] = n6;
    out[row + 7] = n7;
  }
  // The last rows (fewer than eight) walk one by one, each to its own leaf.
  for (; row < length; row++) {
    let node = 0;
    for (let f = root; f >= 0; f = feature[node]!) node = left[node]! + Number(!(zr[row * k + f]! <= threshold[node]!)) * delta[node]!;
    out[row] = node;
  }
  return out;
}

/** Coordinate j of every row drawn from its tree (no conditions). */
function drawColumn(t: FlatTree, j: number, z: Float64Array, zr: Float64Array, k: number, length: number, rng: Random, scores: Float64Array | undefined): void {
  const { leafKind, start, end, mass, flat } = t;
  const base = j * length;
  // Every walk reads only the earlier coordinates, so all rows walk before any row draws.
  const leaves = leavesOf(t, zr, k, length);
  for (let row = 0; row < length; row++) {
    const node = leaves[row]!;
    const kind = leafKind[node]!;
    if (kind === 0) {
      zr[row * k + j] = z[base + row]!;
      continue;
    }
    const s = start[node]!,
      n = end[node]! - s;
    if (kind === QUANTILE_LEAF) {
      let v: number;
      if (n === 1) v = flat[s]!;
      else {
        const h = rng.next() * (n - 1);
        const i = Math.floor(h);
        v = flat[s + i]! + (h - i) * (flat[s + i + 1]! - flat[s + i]!);
      }
      z[base + row] = v;
      zr[row * k + j] = v;
      continue;
    }
    const total = mass[node]!;
    let index = 0;
    if (total > 0) {
      let u = rng.next() * total;
      index = n - 1;
      for (let c = 0; c < n; c++) {
        u -= flat[s + c]!;
        if (u < 0) {
          index = c;
          break;
        }
      }
    }
    const v = scores![index]!;
    z[base + row] = v;
    zr[row * k + j] = v;
  }
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
  const flatTrees = trees.map(flatTree);

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
        if (scratchRows.length < length * k) scratchRows = new Float64Array(length * k);
        for (let j = 0; j < k; j++) drawColumn(flatTrees[j]!, j, z, scratchRows, k, length, rng, scores[j]);
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
