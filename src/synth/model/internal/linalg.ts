// Small dense linear algebra for correlation matrices (one row/column per table column): the
// sizes are in the hundreds at most, so clear O(k³) algorithms are the right tool.

/** Lower-triangular L with L·Lᵀ = a, or undefined when `a` is not positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(sum > 1e-12)) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  return l;
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!, mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!, mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((row, i) => row[i]!), vectors: v };
}

/**
 * The nearest (in the eigenvalue-clipping sense) correlation matrix that is positive definite:
 * pairwise-complete correlations need not be, and Cholesky sampling requires it.
 */
export function nearestCorrelation(a: readonly (readonly number[])[], minEigen = 1e-6): number[][] {
  const n = a.length;
  if (n === 0) return [];
  if (cholesky(a)) return a.map((r) => [...r]);
  const { values, vectors } = symmetricEigen(a);
  const clipped = values.map((x) => Math.max(x, minEigen));
  const b: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i]![k]! * clipped[k]! * vectors[j]![k]!;
      b[i]![j] = sum;
    }
  }
  const d = b.map((row, i) => Math.sqrt(row[i]!));
  const out = b.map((row, i) => row.map((x, j) => (i === j ? 1 : x / (d[i]! * d[j]!))));
  // Rescaling can leave the smallest eigenvalue a hair below zero; shrink towards I until it is not.
  for (let shrink = 0.999; !cholesky(out) && shrink > 0.5; shrink -= 0.01) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out[i]![j] = out[i]![j]! * shrink;
  }
  return out;
}

/** Sums over rows where both values are present (NaN = missing): count, Σx, Σy, Σx², Σy², Σxy. */
function pairSums(x: Float64Array, y: Float64Array, stride: number): { n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number } {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i += stride) {
    const a = x[i]!, b = y[i]!;
    if (a !== a || b !== b) continue;
    n++;
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  return { n, sx, sy, sxx, syy, sxy };
}

/** Pearson correlation over rows where both values are present (NaN = missing). */
export function pearson(x: Float64Array, y: Float64Array, stride = 1): number {
  const { n, sx, sy, sxx, syy, sxy } = pairSums(x, y, stride);
  if (n < 2) return Number.NaN;
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  if (vx <= 0 || vy <= 0) return Number.NaN;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
}

/** The least-squares line y ≈ intercept + slope · x over rows where both are present (flat when x is). */
export function leastSquaresLine(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  const { n, sx, sy, sxx, sxy } = pairSums(x, y, 1);
  const spread = sxx * n - sx * sx;
  const slope = n > 1 && spread > 0 ? (sxy * n - sx * sy) / spread : 0;
  return { slope, intercept: n > 0 ? (sy - slope * sx) / n : 0 };
}

/**
 * z_i = Σ_{j ≤ i} L_ij n_j over column-major blocks of `length` rows, four terms per pass over
 * z_i (a quarter of the loads and stores of one term at a time). The order of the additions is
 * fixed, so the result is the same on every run and thread.
 */
export function choleskyProduct(l: Float64Array, k: number, n: Float64Array, z: Float64Array, length: number): void {
  for (let i = 0; i < k; i++) {
    const zi = z.subarray(i * length, (i + 1) * length);
    zi.fill(0);
    const li = i * k;
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      const l0 = l[li + j]!, l1 = l[li + j + 1]!, l2 = l[li + j + 2]!, l3 = l[li + j + 3]!;
      const n0 = n.subarray(j * length, (j + 1) * length);
      const n1 = n.subarray((j + 1) * length, (j + 2) * length);
      const n2 = n.subarray((j + 2) * length, (j + 3) * length);
      const n3 = n.subarray((j + 3) * length, (j + 4) * length);
      for (let r = 0; r < length; r++) zi[r] = zi[r]! + (l0 * n0[r]! + l1 * n1[r]! + l2 * n2[r]! + l3 * n3[r]!);
    }
    for (; j <= i; j++) {
      const lij = l[li + j]!;
      const nj = n.subarray(j * length, (j + 1) * length);
      for (let r = 0; r < length; r++) zi[r] = zi[r]! + lij * nj[r]!;
    }
  }
}
