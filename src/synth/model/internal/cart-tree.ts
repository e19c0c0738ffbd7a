// Sequential CART as in R's synthpop, on the copula's normal scores: coordinate j is drawn from a
// tree fitted on coordinates 0..j−1. Leaves keep summaries, never rows: a category's shares (a
// discrete number's shrunk toward its parent node's), or 17 quantiles of a number's scores over
// at least MIN_LEAF real rows, smoothed by a Gaussian kernel (leaf-smoothing.ts).
import { normalQuantileFast } from "../../../numeric/index.js";
import type { Random } from "../../../random/index.js";
import type { CartNode, CartTree } from "../model-types.js";
import { smoothedLeafQuantiles } from "./leaf-smoothing.js";

/** Fewest real rows a leaf summarises (synthpop's minbucket is 5; a summary of 20 says less of each). */
export const MIN_LEAF = 20;
/** Deepest split, and most leaves: a bound on fit time and model size. */
const MAX_DEPTH = 10;
const MAX_LEAVES = 256;
/** Candidate thresholds per predictor (quantiles of its scores); categories get one per boundary. */
const BINS = 32;
/** Quantiles a number's leaf keeps (every 1/16). */
export const LEAF_QUANTILES = 17;
/**
 * Width of a number leaf's Gaussian kernel, in multiples of Silverman's rule on the leaf
 * (leaf-smoothing.ts; its centres pulled in so the leaf keeps its variance); 0 keeps the raw
 * quantiles. 2 since branch i21b (was 1, without the pull): at 1 a row was ~1/7 of the kernel mass
 * around its own score, so a training row's values came out ~13% likelier than a held-out row's.
 * Measured in docs/model.md.
 */
export const LEAF_SMOOTHING = 2;
/**
 * Pseudo-rows of its parent node's shares a discrete number's leaf is shrunk with: shares =
 * (counts + DISCRETE_PRIOR_ROWS · parent's shares) / (rows + DISCRETE_PRIOR_ROWS), from the root
 * down (hierarchical shrinkage), the class leaves' counterpart of the number leaves' kernel. Without
 * it a leaf of 22 cars gave each model year one car in it held 1/22 of its draws, so synthetic cars
 * took the years of the training cars around them: on cars' inner splits CART's DCR overfitting
 * protection was 0.73–0.76 (three inner seeds of split 1) and `auto` refused it. 20, 40, 60 and 100
 * were measured (docs/model.md, branch i21d). Categories keep their leaves' shares: shrinking them
 * cost cars' `Origin` TSTR ratio 0.93 → 0.84 at 60.
 */
export const DISCRETE_PRIOR_ROWS = 60;
/** A value held by at least this share of a number column's rows is a point mass smoothing keeps exact. */
const ATOM_SHARE = 0.05;
/** A split must remove at least this share of the root's impurity (rpart's cp, as synthpop sets it small). */
const MIN_GAIN = 1e-4;

/**
 * The target of one tree: the scores of a number, or the value index of a category or discrete
 * number (−1: missing); `prior`: pseudo-rows of the parent's shares each node is shrunk with (0 or
 * absent: a leaf's own shares).
 */
export type CartTarget = { kind: "number"; scores: Float64Array } | { kind: "classes"; codes: Int32Array; classes: number; prior?: number };

/** Per predictor, the bin of every training row and the threshold between bin b and b+1. */
interface Binned {
  bins: Uint8Array;
  thresholds: Float64Array;
}

/**
 * Candidate thresholds of one predictor, at most BINS − 1 quantile positions plus run edges.
 * - Where a quantile position falls inside a run of tied scores (a point mass such as 0 mm of
 *   rain), both edges of the run are candidates. Skipping such positions, as before, left
 *   seattle-weather's tree for `weather` no cut between dry and wet days: 253 of 719 dry CART days
 *   were labelled rain (37 of 678 real).
 * - Each cut sits at Φ⁻¹(k/n), k the rows below it: where the copula's marginal turns one value
 *   into the next. Training rows fall on the same side as with the midpoint of the two scores, but
 *   a sampled score lies anywhere in a leaf's range, and the midpoint sent scores the marginal
 *   writes as 0 mm to the "wet" side of the next tree.
 * Measured on seattle-weather's `weather` TSTR ratio (split seed 1): 0.61 before, 0.84 with the
 * run edges, 0.92 with both (bench/model-methods.ts).
 */
function binPredictor(scores: Float64Array): Binned {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  // ends[r]: index just past run r of equal scores.
  const ends: number[] = [];
  for (let i = 1; i <= n; i++) if (i === n || sorted[i] !== sorted[i - 1]) ends.push(i);
  let edges: number[];
  if (ends.length <= BINS) edges = ends.slice(0, -1);
  else {
    const set = new Set<number>();
    let r = 0;
    for (let b = 1; b < BINS; b++) {
      const i = Math.floor((b * n) / BINS);
      while (ends[r]! < i) r++;
      // Run r holds position i − 1; it ends at i (a cut between two values) or straddles i.
      if (ends[r]! === i) set.add(i);
      else {
        if (r > 0) set.add(ends[r - 1]!);
        set.add(ends[r]!);
      }
    }
    set.delete(n);
    edges = [...set].sort((a, b) => a - b);
  }
  const thresholds = Float64Array.from(edges, (k) => {
    const lo = sorted[k - 1]!,
      hi = sorted[k]!;
    const edge = normalQuantileFast(k / n);
    return edge > lo && edge < hi ? edge : (lo + hi) / 2;
  });
  const bins = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    let b = 0;
    while (b < thresholds.length && scores[i]! > thresholds[b]!) b++;
    bins[i] = b;
  }
  return { bins, thresholds };
}

/** Impurity of a node: sum of squared deviations (numbers) or n × Gini (categories). */
function impurity(target: CartTarget, rows: Int32Array): number {
  if (target.kind === "number") {
    let s = 0,
      ss = 0;
    for (const r of rows) {
      const v = target.scores[r]!;
      s += v;
      ss += v * v;
    }
    return ss - (s * s) / rows.length;
  }
  const counts = new Float64Array(target.classes);
  for (const r of rows) counts[target.codes[r]!]!++;
  return giniTimesN(counts, rows.length);
}

function giniTimesN(counts: Float64Array, n: number): number {
  if (n === 0) return 0;
  let sq = 0;
  for (const c of counts) sq += c * c;
  return n - sq / n;
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

/** The best split of `rows` over every predictor, from per-bin histograms (one pass per predictor). */
function bestSplit(target: CartTarget, predictors: readonly Binned[], rows: Int32Array, parent: number): Split | undefined {
  let best: Split | undefined;
  const n = rows.length;
  for (let f = 0; f < predictors.length; f++) {
    const { bins, thresholds } = predictors[f]!;
    const nb = thresholds.length + 1;
    if (nb < 2) continue;
    const count = new Float64Array(nb);
    if (target.kind === "number") {
      const sum = new Float64Array(nb),
        sq = new Float64Array(nb);
      for (const r of rows) {
        const b = bins[r]!,
          v = target.scores[r]!;
        count[b]!++;
        sum[b]! += v;
        sq[b]! += v * v;
      }
      let totalS = 0,
        totalQ = 0;
      for (let b = 0; b < nb; b++) {
        totalS += sum[b]!;
        totalQ += sq[b]!;
      }
      let ln = 0,
        ls = 0,
        lq = 0;
      for (let b = 0; b < nb - 1; b++) {
        ln += count[b]!;
        ls += sum[b]!;
        lq += sq[b]!;
        const rn = n - ln;
        if (ln < MIN_LEAF || rn < MIN_LEAF) continue;
        const left = lq - (ls * ls) / ln,
          right = totalQ - lq - ((totalS - ls) * (totalS - ls)) / rn;
        const gain = parent - left - right;
        if (!best || gain > best.gain) best = { feature: f, bin: b, gain };
      }
    } else {
      const k = target.classes;
      const byBin = new Float64Array(nb * k);
      for (const r of rows) {
        const b = bins[r]!;
        count[b]!++;
        byBin[b * k + target.codes[r]!]!++;
      }
      const total = new Float64Array(k);
      for (let b = 0; b < nb; b++) for (let c = 0; c < k; c++) total[c]! += byBin[b * k + c]!;
      const left = new Float64Array(k),
        right = new Float64Array(k);
      let ln = 0;
      for (let b = 0; b < nb - 1; b++) {
        ln += count[b]!;
        for (let c = 0; c < k; c++) left[c]! += byBin[b * k + c]!;
        const rn = n - ln;
        if (ln < MIN_LEAF || rn < MIN_LEAF) continue;
        for (let c = 0; c < k; c++) right[c] = total[c]! - left[c]!;
        const gain = parent - giniTimesN(left, ln) - giniTimesN(right, rn);
        if (!best || gain > best.gain) best = { feature: f, bin: b, gain };
      }
    }
  }
  return best;
}

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

/**
 * The scores a number column holds on at least ATOM_SHARE of its present rows, each with the score
 * interval the copula's marginal writes as that value: [Φ⁻¹(i/n), Φ⁻¹(j/n)], i and j the rows
 * below and up to the run (binPredictor's cuts).
 */
function atomsOf(target: CartTarget, rows: Int32Array): Map<number, [number, number]> {
  const atoms = new Map<number, [number, number]>();
  if (target.kind !== "number" || rows.length === 0) return atoms;
  const values = Float64Array.from(rows, (r) => target.scores[r]!).sort();
  const n = values.length;
  for (let i = 0, j = 0; i < n; i = j) {
    while (j < n && values[j] === values[i]) j++;
    if (j - i >= ATOM_SHARE * n)
      atoms.set(values[i]!, [i === 0 ? Number.NEGATIVE_INFINITY : normalQuantileFast(i / n), j === n ? Number.POSITIVE_INFINITY : normalQuantileFast(j / n)]);
  }
  return atoms;
}

/**
 * A node's class shares: its rows' own, or with `parent` given, shrunk toward the parent's by
 * `target.prior` pseudo-rows ((count + prior · parent share) / (rows + prior)).
 */
function classShares(target: Extract<CartTarget, { kind: "classes" }>, rows: Int32Array, parent: Float64Array | undefined): Float64Array {
  const counts = new Float64Array(target.classes);
  for (const r of rows) counts[target.codes[r]!]!++;
  const prior = parent ? (target.prior ?? 0) : 0;
  if (!(prior > 0)) return counts.map((c) => c / rows.length);
  return counts.map((c, k) => (c + prior * parent![k]!) / (rows.length + prior));
}

function leafOf(
  target: CartTarget,
  rows: Int32Array,
  atoms: ReadonlyMap<number, readonly [number, number]>,
  smoothing: number,
  shares: Float64Array | undefined,
): CartNode {
  if (target.kind === "classes") return { shares: Array.from(shares ?? classShares(target, rows, undefined), (c) => round(c, 6)) };
  const values = Float64Array.from(rows, (r) => target.scores[r]!).sort();
  const smoothed = smoothing > 0 ? smoothedLeafQuantiles(values, atoms, LEAF_QUANTILES, smoothing) : undefined;
  if (smoothed) return { quantiles: smoothed.map((v) => round(v, 5)) };
  const quantiles: number[] = [];
  for (let q = 0; q < LEAF_QUANTILES; q++) {
    const h = (q / (LEAF_QUANTILES - 1)) * (values.length - 1);
    const lo = Math.floor(h);
    const v = values[lo]! + (h - lo) * ((values[Math.min(lo + 1, values.length - 1)] ?? values[lo]!) - values[lo]!);
    quantiles.push(round(v, 5));
  }
  return { quantiles };
}

/**
 * Fits one tree: `predictors` are the earlier coordinates' scores on the training rows (no NaN).
 * Nodes are split best-first (largest gain) until MAX_LEAVES, so a large table's tree spends its
 * leaves where they matter most. `smoothing`: the kernel width of number leaves (LEAF_SMOOTHING).
 */
export function fitCartTree(target: CartTarget, predictors: readonly Float64Array[], smoothing = LEAF_SMOOTHING): CartTree {
  const present: number[] = [];
  const n = target.kind === "number" ? target.scores.length : target.codes.length;
  for (let i = 0; i < n; i++) if (target.kind === "number" ? target.scores[i] === target.scores[i] : target.codes[i]! >= 0) present.push(i);
  const binned = predictors.map(binPredictor);
  const nodes: CartNode[] = [];
  const rootRows = Int32Array.from(present);
  if (rootRows.length === 0)
    return { nodes: [target.kind === "number" ? { quantiles: [0] } : { shares: Array.from({ length: target.classes }, () => 1 / target.classes) }] };
  const rootImpurity = impurity(target, rootRows);
  interface Open {
    slot: number;
    rows: Int32Array;
    depth: number;
    impurity: number;
    split: Split | undefined;
  }
  const open: Open[] = [];
  const consider = (rows: Int32Array, depth: number, slot: number): void => {
    const own = impurity(target, rows);
    const split = depth < MAX_DEPTH && rows.length >= 2 * MIN_LEAF && own > 0 ? bestSplit(target, binned, rows, own) : undefined;
    open.push({ slot, rows, depth, impurity: own, split: split && split.gain > MIN_GAIN * rootImpurity ? split : undefined });
  };
  const atoms = atomsOf(target, rootRows);
  // Rows of every node still a leaf; their summaries are computed once the tree stops growing.
  const leafRows = new Map<number, Int32Array>([[0, rootRows]]);
  // A class target's shares at every node, each shrunk toward its parent's (target.prior).
  const sharesAt = new Map<number, Float64Array>();
  if (target.kind === "classes") sharesAt.set(0, classShares(target, rootRows, undefined));
  nodes.push({ quantiles: [0] });
  consider(rootRows, 0, 0);
  let leaves = 1;
  while (leaves < MAX_LEAVES) {
    let pick = -1;
    for (let i = 0; i < open.length; i++) if (open[i]!.split && (pick < 0 || open[i]!.split!.gain > open[pick]!.split!.gain)) pick = i;
    if (pick < 0) break;
    const node = open.splice(pick, 1)[0]!;
    const { feature, bin } = node.split!;
    const bins = binned[feature]!.bins;
    const leftRows = node.rows.filter((r) => bins[r]! <= bin);
    const rightRows = node.rows.filter((r) => bins[r]! > bin);
    const left = nodes.length,
      right = nodes.length + 1;
    nodes.push({ quantiles: [0] }, { quantiles: [0] });
    leafRows.delete(node.slot);
    leafRows.set(left, leftRows).set(right, rightRows);
    if (target.kind === "classes") {
      const parent = sharesAt.get(node.slot)!;
      sharesAt.set(left, classShares(target, leftRows, parent)).set(right, classShares(target, rightRows, parent));
    }
    nodes[node.slot] = { feature, threshold: round(binned[feature]!.thresholds[bin]!, 9), left, right };
    leaves++;
    consider(leftRows, node.depth + 1, left);
    consider(rightRows, node.depth + 1, right);
  }
  for (const [slot, rows] of leafRows) nodes[slot] = leafOf(target, rows, atoms, smoothing, sharesAt.get(slot));
  return { nodes };
}

/** The leaf a row of scores (`z[feature * stride + row]`) reaches. */
export function leafFor(tree: CartTree, z: Float64Array, stride: number, row: number): CartNode {
  let node = tree.nodes[0]!;
  while ("feature" in node) node = tree.nodes[z[node.feature * stride + row]! <= node.threshold ? node.left : node.right]!;
  return node;
}

/** A score drawn from a number leaf's quantiles (linear between them). */
export function drawQuantile(quantiles: readonly number[], rng: Random): number {
  if (quantiles.length === 1) return quantiles[0]!;
  const h = rng.next() * (quantiles.length - 1);
  const i = Math.floor(h);
  return quantiles[i]! + (h - i) * (quantiles[i + 1]! - quantiles[i]!);
}

/** A value index drawn from a category leaf's shares, among `allowed` when given (their share is returned as `mass`). */
export function drawClass(shares: readonly number[], rng: Random, allowed?: Uint8Array): { index: number; mass: number } {
  let mass = 0;
  for (let c = 0; c < shares.length; c++) if (!allowed || allowed[c]) mass += shares[c]!;
  if (mass <= 0) {
    // No allowed value in this leaf: the first allowed one (the caller counts this row as unlikely).
    const first = allowed ? allowed.indexOf(1) : 0;
    return { index: Math.max(0, first), mass: 0 };
  }
  let u = rng.next() * mass;
  let last = 0;
  for (let c = 0; c < shares.length; c++) {
    if (allowed && !allowed[c]) continue;
    last = c;
    u -= shares[c]!;
    if (u < 0) return { index: c, mass };
  }
  return { index: last, mass };
}
