// The correlation repair of `fit` on wide tables (nearestCorrelation: eigen-decomposition by
// Householder + QL), timed next to a baseline in the same run: one n×n matrix product, the n³
// operation any O(n³) method is measured against.
//   npm run bench -- numeric
// Target: the repair of 400 columns within 20 matrix products (tred2/tql2 is about 9n³ flops plus
// the reconstruction; cyclic Jacobi, used before, took ~10 sweeps of 8n³ — over 40 products).
import { nearestCorrelation, pearson } from "../src/numeric/index.js";

/** The baseline: C = A·A on flat rows, i-k-j order (the inner loop runs down contiguous memory). */
function flatProduct(a: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * a[k * n + j]!;
    }
  return c;
}

function best(f: () => void, runs = 3): number {
  f();
  let min = Infinity;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

for (const k of [200, 400]) {
  const rows = 20;
  let seed = 7;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  const columns = Array.from({ length: k }, () => Float64Array.from({ length: rows }, next));
  const a = columns.map((x) => columns.map((y) => (x === y ? 1 : pearson(x, y))));
  const flat = Float64Array.from(a.flat());
  const product = best(() => void flatProduct(flat, k));
  const repair = best(() => void nearestCorrelation(a));
  const ratio = repair / product;
  console.log(
    `${k} columns: repair ${repair.toFixed(0)} ms, one ${k}×${k} product ${product.toFixed(0)} ms: ${ratio.toFixed(1)}× a product; target ≤ 20×: ${ratio <= 20 ? "met" : "NOT met"}`,
  );
}
