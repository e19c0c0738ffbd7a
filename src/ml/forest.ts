// A random forest over binned features (the histogram technique of LightGBM and scikit-learn's
// HistGradientBoosting): every feature is cut once into at most 64 quantile bins, so a node's best
// split is found from a histogram of (bin, class) counts instead of sorting its rows — the cost of
// a level is one pass over the node's rows, and a million readings train in seconds. Trees are
// grown on bootstrap samples with √d features tried per node (scikit-learn's defaults); each leaf
// votes for its majority class (hard voting: one add per tree keeps prediction above 500,000
// rows/s, where summing 12 class shares per tree, scikit-learn's soft voting, is several times
// slower). Deterministic for a seed.
import type { Random } from "../random/index.js";

export interface ForestTree {
  /** Per node: the feature split on, or -1 for a leaf. */
  feature: number[];
  /** Per internal node: rows whose bin is ≤ this go left. */
  split: number[];
  /** Per internal node: index of the left child (the right one follows it); per leaf: its class. */
  child: number[];
}

export interface ForestModel {
  kind: "forest";
  classes: number;
  features: number;
  /** Per feature, ascending bin edges: a value's bin is the number of edges below it. */
  edges: number[][];
  trees: ForestTree[];
}

export interface ForestOptions {
  /** Trees; default 100. */
  trees?: number;
  /** Deepest level (the root is 0); default 8. */
  depth?: number;
  /** Rows drawn (with replacement) per tree; default min(n, 200,000). */
  sampleRows?: number;
  /** Fewest rows a node needs to be split; default 20. */
  minSplit?: number;
}

export const FOREST_BINS = 64;

/** Quantile edges of each feature from at most 100,000 evenly spaced rows. */
function binEdges(x: Float64Array, n: number, d: number): number[][] {
  const step = Math.max(1, Math.floor(n / 100_000));
  const edges: number[][] = [];
  for (let j = 0; j < d; j++) {
    const vals = new Float64Array(Math.ceil(n / step));
    for (let i = 0, v = 0; i < n; i += step) vals[v++] = x[i * d + j]!;
    vals.sort();
    const e: number[] = [];
    for (let b = 1; b < FOREST_BINS; b++) {
      const v = vals[Math.floor((b * vals.length) / FOREST_BINS)]!;
      // Repeated quantiles collapse: equal readings always share a bin.
      if (e.length === 0 || v > e[e.length - 1]!) e.push(v);
    }
    edges.push(e);
  }
  return edges;
}

/** Each row's bin per feature (row-major, one byte each). */
export function binRows(edges: readonly (readonly number[])[], x: Float64Array): Uint8Array {
  const d = edges.length;
  const n = d === 0 ? 0 : x.length / d;
  const out = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) {
    const e = edges[j]!;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j]!;
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      out[i * d + j] = lo;
    }
  }
  return out;
}

const gini = (counts: Float64Array, at: number, k: number, total: number): number => {
  let s = 0;
  for (let c = 0; c < k; c++) {
    const p = counts[at + c]!;
    s += p * p;
  }
  return total - s / total; // total × Gini impurity
};

/** Grows one tree on `rows` (indices into the binned table, in place reordered). */
function growTree(
  bins: Uint8Array,
  y: Int32Array,
  d: number,
  k: number,
  rows: Int32Array,
  scratch: Int32Array,
  depthMax: number,
  minSplit: number,
  random: Random,
): ForestTree {
  const tree: ForestTree = { feature: [], split: [], child: [] };
  const mtry = Math.max(1, Math.round(Math.sqrt(d)));
  const hist = new Float64Array(FOREST_BINS * k);
  const left = new Float64Array(k);
  const total = new Float64Array(k);
  const order = Int32Array.from({ length: d }, (_, j) => j);
  // Breadth-first: a queue of (node, lo, hi, depth); children are allocated side by side.
  const queue: number[] = [0, 0, rows.length, 0];
  tree.feature.push(-1);
  tree.split.push(0);
  tree.child.push(0);
  const makeLeaf = (node: number, lo: number, hi: number): void => {
    total.fill(0);
    for (let r = lo; r < hi; r++) total[y[rows[r]!]!]!++;
    let majority = 0;
    for (let c = 1; c < k; c++) if (total[c]! > total[majority]!) majority = c;
    tree.feature[node] = -1;
    tree.child[node] = majority;
  };
  for (let q = 0; q < queue.length; q += 4) {
    const node = queue[q]!;
    const lo = queue[q + 1]!;
    const hi = queue[q + 2]!;
    const depth = queue[q + 3]!;
    const n = hi - lo;
    total.fill(0);
    for (let r = lo; r < hi; r++) total[y[rows[r]!]!]!++;
    let pure = false;
    for (let c = 0; c < k; c++) if (total[c] === n) pure = true;
    if (depth >= depthMax || n < minSplit || pure) {
      makeLeaf(node, lo, hi);
      continue;
    }
    const parent = gini(total, 0, k, n);
    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestBin = 0;
    // √d features in a seeded random order (partial Fisher–Yates).
    for (let t = 0; t < mtry; t++) {
      const s = random.int(t, d - 1);
      const f = order[s]!;
      order[s] = order[t]!;
      order[t] = f;
      hist.fill(0);
      for (let r = lo; r < hi; r++) {
        const i = rows[r]!;
        hist[bins[i * d + f]! * k + y[i]!]!++;
      }
      left.fill(0);
      let nLeft = 0;
      for (let b = 0; b < FOREST_BINS - 1; b++) {
        let inBin = 0;
        for (let c = 0; c < k; c++) {
          const v = hist[b * k + c]!;
          left[c]! += v;
          inBin += v;
        }
        if (inBin === 0) continue;
        nLeft += inBin;
        if (nLeft === n) break;
        let sl = 0;
        let sr = 0;
        for (let c = 0; c < k; c++) {
          const l = left[c]!;
          const rr = total[c]! - l;
          sl += l * l;
          sr += rr * rr;
        }
        const gain = parent - (nLeft - sl / nLeft) - (n - nLeft - sr / (n - nLeft));
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b;
        }
      }
    }
    if (bestFeature < 0) {
      makeLeaf(node, lo, hi);
      continue;
    }
    // Stable partition of rows [lo, hi) into bin ≤ bestBin, then the rest: the rows stay in
    // ascending order inside every node, so the histogram passes read memory front to back.
    let a = lo;
    let z = 0;
    for (let r = lo; r < hi; r++) {
      const i = rows[r]!;
      if (bins[i * d + bestFeature]! <= bestBin) rows[a++] = i;
      else scratch[z++] = i;
    }
    rows.set(scratch.subarray(0, z), a);
    const l = tree.feature.length;
    tree.feature[node] = bestFeature;
    tree.split[node] = bestBin;
    tree.child[node] = l;
    tree.feature.push(-1, -1);
    tree.split.push(0, 0);
    tree.child.push(0, 0);
    queue.push(l, lo, a, depth + 1, l + 1, a, hi, depth + 1);
  }
  return tree;
}

/** Fits the forest on rows `x` (n × d) with labels in [0, classes). */
export function fitForest(x: Float64Array, y: Int32Array, classes: number, random: Random, options: ForestOptions = {}): ForestModel {
  const n = y.length;
  const d = n === 0 ? 0 : x.length / n;
  const edges = binEdges(x, n, d);
  const bins = binRows(edges, x);
  const treesWanted = options.trees ?? 100;
  const sample = Math.min(n, options.sampleRows ?? 200_000);
  const rows = new Int32Array(sample);
  const scratch = new Int32Array(sample);
  const trees: ForestTree[] = [];
  for (let t = 0; t < treesWanted; t++) {
    const r = random.fork("tree", t);
    for (let i = 0; i < sample; i++) rows[i] = r.int(0, n - 1);
    rows.sort();
    trees.push(growTree(bins, y, d, classes, rows, scratch, options.depth ?? 8, options.minSplit ?? 20, r));
  }
  return { kind: "forest", classes, features: d, edges, trees };
}

/**
 * The forest laid out for prediction: every tree's nodes in one pair of typed arrays, and every
 * leaf turned into a node that points to itself (split 255: every bin goes "left", to itself). A
 * walk is then a fixed number of steps per tree, its depth, with no test for leaves, and each step
 * picks the child by arithmetic instead of a branch: the branch would be mispredicted about half
 * the time, and those stalls were most of the prediction's cost.
 */
interface FlatForest {
  /** Per tree: its root's node index and its depth (steps from the root to its deepest leaf). */
  roots: Int32Array;
  depths: Int32Array;
  /** Per node: index of its left child (the right one follows it); a leaf's own index. */
  next: Int32Array;
  /** Per node: feature << 8 | split bin (a leaf: feature 0, split 255). */
  test: Uint16Array;
  /** Per node: the class a leaf votes for (0 for internal nodes). */
  vote: Uint16Array;
}

const flatForests = new WeakMap<ForestModel, FlatForest>();

function flatten(model: ForestModel): FlatForest {
  const cached = flatForests.get(model);
  if (cached) return cached;
  const total = model.trees.reduce((s, t) => s + t.feature.length, 0);
  const flat: FlatForest = {
    roots: new Int32Array(model.trees.length),
    depths: new Int32Array(model.trees.length),
    next: new Int32Array(total),
    test: new Uint16Array(total),
    vote: new Uint16Array(total),
  };
  let at = 0;
  model.trees.forEach((t, ti) => {
    flat.roots[ti] = at;
    const depth = new Int32Array(t.feature.length);
    let deepest = 0;
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i]!;
      if (f < 0) {
        flat.next[at + i] = at + i;
        flat.test[at + i] = 255;
        flat.vote[at + i] = t.child[i]!;
        continue;
      }
      flat.next[at + i] = at + t.child[i]!;
      flat.test[at + i] = (f << 8) | t.split[i]!;
      // Children always follow their parent (breadth-first growth), so depths fill in one pass.
      depth[t.child[i]!] = depth[t.child[i]! + 1] = depth[i]! + 1;
      deepest = Math.max(deepest, depth[i]! + 1);
    }
    flat.depths[ti] = deepest;
    at += t.feature.length;
  });
  flatForests.set(model, flat);
  return flat;
}

/** The class most trees vote for, for each row (ties: the lower class index). */
export function predictForest(model: ForestModel, x: Float64Array): Int32Array {
  const d = model.features;
  const k = model.classes;
  const n = d === 0 ? 0 : x.length / d;
  const bins = binRows(model.edges, x);
  const out = new Int32Array(n);
  const { roots, depths, next, test, vote } = flatten(model);
  // Blocks of rows, trees inside: a block's votes and bins and one tree's nodes stay in cache.
  const BLOCK = 2048;
  const votes = new Uint16Array(BLOCK * k);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    votes.fill(0);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      const depth = depths[t]!;
      // Four rows walk side by side: each step waits on the loads of the one before it, and four
      // independent walks fill those waits (one walk at a time measured a third of the speed).
      let i = start;
      for (; i + 3 < end; i += 4) {
        const r0 = i * d;
        const r1 = r0 + d;
        const r2 = r1 + d;
        const r3 = r2 + d;
        let n0 = root;
        let n1 = root;
        let n2 = root;
        let n3 = root;
        for (let level = 0; level < depth; level++) {
          const t0 = test[n0]!;
          const t1 = test[n1]!;
          const t2 = test[n2]!;
          const t3 = test[n3]!;
          // (split − bin) is negative, and its sign bit 1, exactly when the row goes right.
          n0 = next[n0]! + (((t0 & 255) - bins[r0 + (t0 >> 8)]!) >>> 31);
          n1 = next[n1]! + (((t1 & 255) - bins[r1 + (t1 >> 8)]!) >>> 31);
          n2 = next[n2]! + (((t2 & 255) - bins[r2 + (t2 >> 8)]!) >>> 31);
          n3 = next[n3]! + (((t3 & 255) - bins[r3 + (t3 >> 8)]!) >>> 31);
        }
        const v = (i - start) * k;
        votes[v + vote[n0]!]!++;
        votes[v + k + vote[n1]!]!++;
        votes[v + 2 * k + vote[n2]!]!++;
        votes[v + 3 * k + vote[n3]!]!++;
      }
      for (; i < end; i++) {
        const row = i * d;
        let node = root;
        for (let level = 0; level < depth; level++) {
          const tn = test[node]!;
          node = next[node]! + (((tn & 255) - bins[row + (tn >> 8)]!) >>> 31);
        }
        votes[(i - start) * k + vote[node]!]!++;
      }
    }
    for (let i = start; i < end; i++) {
      const v = (i - start) * k;
      let best = 0;
      for (let c = 1; c < k; c++) if (votes[v + c]! > votes[v + best]!) best = c;
      out[i] = best;
    }
  }
  return out;
}
