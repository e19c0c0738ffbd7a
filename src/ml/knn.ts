// k nearest neighbours over a k-d tree (readings have 2–10 features, where a k-d tree prunes most
// of the training set per query). The tree is an implicit, balanced one: the training rows are
// reordered so that each subtree is a contiguous range whose middle row is the split, so it needs
// no node objects and is rebuilt identically from the stored rows.

export interface KnnModel {
  kind: "knn";
  k: number;
  classes: number;
  features: number;
  /** Standardised training rows, row-major, in tree order. */
  points: number[];
  /** Their labels, in tree order. */
  labels: number[];
}

/** Reorders rows [lo, hi) so the median on the axis of this depth sits in the middle, recursively. */
function build(x: Float64Array, y: Int32Array, idx: Uint32Array, lo: number, hi: number, depth: number, d: number): void {
  if (hi - lo <= 1) return;
  const axis = depth % d;
  const mid = (lo + hi) >>> 1;
  const sub = idx.subarray(lo, hi);
  // A full sort of the range keeps equal keys in a fixed order (the tree does not depend on the engine's selection).
  sub.sort((a, b) => x[a * d + axis]! - x[b * d + axis]! || a - b);
  build(x, y, idx, lo, mid, depth + 1, d);
  build(x, y, idx, mid + 1, hi, depth + 1, d);
}

/** Stores the standardised training rows in tree order. */
export function fitKnn(x: Float64Array, y: Int32Array, classes: number, k: number): KnnModel {
  const n = y.length;
  const d = n === 0 ? 0 : x.length / n;
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  build(x, y, idx, 0, n, 0, d);
  const points = new Array<number>(n * d);
  const labels = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    const i = idx[r]!;
    for (let j = 0; j < d; j++) points[r * d + j] = x[i * d + j]!;
    labels[r] = y[i]!;
  }
  return { kind: "knn", k: Math.min(k, n), classes, features: d, points, labels };
}

/** Nearest-k search state: a max-heap of (distance², tree row) of size k. */
class Heap {
  readonly dist: Float64Array;
  readonly row: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.dist = new Float64Array(k);
    this.row = new Int32Array(k);
  }
  worst(): number {
    return this.size < this.k ? Infinity : this.dist[0]!;
  }
  /** Larger distance, or equal distance and larger row, is "worse": ties resolve by tree order. */
  private worse(a: number, b: number): boolean {
    return this.dist[a]! > this.dist[b]! || (this.dist[a] === this.dist[b] && this.row[a]! > this.row[b]!);
  }
  private swap(a: number, b: number): void {
    const d = this.dist[a]!;
    this.dist[a] = this.dist[b]!;
    this.dist[b] = d;
    const r = this.row[a]!;
    this.row[a] = this.row[b]!;
    this.row[b] = r;
  }
  offer(dist: number, row: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      this.dist[i] = dist;
      this.row[i] = row;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (dist > this.dist[0]! || (dist === this.dist[0] && row > this.row[0]!)) return;
    this.dist[0] = dist;
    this.row[0] = row;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}

/**
 * Ranges of at most this many rows are scanned rather than split further: below it, deciding
 * which side to visit costs more than measuring every row (a range is a subtree: the same rows).
 */
const LEAF_ROWS = 12;

/** Fills `heap` with the k nearest training rows to the query at q[qo … qo + d) (squared Euclidean distance). */
function search(points: Float64Array, d: number, q: Float64Array, qo: number, heap: Heap, lo: number, hi: number, depth: number): void {
  // Recursion without allocation: each call is one node of the implicit tree.
  while (hi - lo > LEAF_ROWS) {
    const mid = (lo + hi) >>> 1;
    let dist = 0;
    for (let j = 0; j < d; j++) {
      const diff = points[mid * d + j]! - q[qo + j]!;
      dist += diff * diff;
    }
    if (dist <= heap.worst()) heap.offer(dist, mid);
    const axis = depth % d;
    const delta = q[qo + axis]! - points[mid * d + axis]!;
    // The nearer side first; the farther one only if the splitting plane is within the k-th distance
    // (not beyond it: an equal distance may still win a tie by tree order).
    if (delta < 0) {
      search(points, d, q, qo, heap, lo, mid, depth + 1);
      if (delta * delta > heap.worst()) return;
      lo = mid + 1;
    } else {
      search(points, d, q, qo, heap, mid + 1, hi, depth + 1);
      if (delta * delta > heap.worst()) return;
      hi = mid;
    }
    depth++;
  }
  for (let r = lo; r < hi; r++) {
    let dist = 0;
    for (let j = 0; j < d; j++) {
      const diff = points[r * d + j]! - q[qo + j]!;
      dist += diff * diff;
    }
    if (dist <= heap.worst()) heap.offer(dist, r);
  }
}

/** The model's rows and labels as typed arrays, made once per model (a prediction call reuses them). */
const typedTrees = new WeakMap<KnnModel, { points: Float64Array; labels: Int32Array }>();

function typedTree(model: KnnModel): { points: Float64Array; labels: Int32Array } {
  let t = typedTrees.get(model);
  if (!t) typedTrees.set(model, (t = { points: Float64Array.from(model.points), labels: Int32Array.from(model.labels) }));
  return t;
}

/**
 * The majority class among the k nearest for each standardised row; a tie in votes goes to the
 * class whose neighbours are closer in total, then to the lower class index.
 */
export function predictKnn(model: KnnModel, x: Float64Array): Int32Array {
  const d = model.features;
  const n = model.labels.length;
  const { points, labels } = typedTree(model);
  const rows = d === 0 ? 0 : x.length / d;
  const out = new Int32Array(rows);
  const votes = new Float64Array(model.classes);
  const closeness = new Float64Array(model.classes);
  const heap = new Heap(model.k);
  for (let i = 0; i < rows; i++) {
    heap.size = 0;
    search(points, d, x, i * d, heap, 0, n, 0);
    votes.fill(0);
    closeness.fill(0);
    for (let h = 0; h < heap.size; h++) {
      const c = labels[heap.row[h]!]!;
      votes[c]!++;
      closeness[c]! += Math.sqrt(heap.dist[h]!);
    }
    let best = 0;
    for (let c = 1; c < model.classes; c++) {
      if (votes[c]! > votes[best]! || (votes[c] === votes[best] && votes[c]! > 0 && closeness[c]! < closeness[best]!)) best = c;
    }
    out[i] = best;
  }
  return out;
}
