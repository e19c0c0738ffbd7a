// Small dense linear algebra for correlation matrices (one row/column per table column): the
// sizes are in the hundreds at most, so clear O(k³) algorithms are the right tool.

/**
 * Lower-triangular Cholesky factor L of a symmetric positive-definite matrix (A = L·Lᵀ), flat and
 * row-major (L[i][j] at i·n + j), or undefined when the matrix is not positive definite (a pivot of
 * 1e-12 or less).
 */
export function choleskyFlat(a: readonly (readonly number[])[]): Float64Array | undefined {
  const n = a.length;
  // Flat rows: the inner product runs down two contiguous rows of L.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ai = a[i]!,
      li = i * n;
    for (let j = 0; j <= i; j++) {
      const lj = j * n;
      let sum = ai[j]!;
      for (let k = 0; k < j; k++) sum -= l[li + k]! * l[lj + k]!;
      if (i === j) {
        if (!(sum > 1e-12)) return undefined;
        l[li + i] = Math.sqrt(sum);
      } else l[li + j] = sum / l[lj + j]!;
    }
  }
  return l;
}

/** Lower-triangular L with L·Lᵀ = a as rows, or undefined when `a` is not positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const l = choleskyFlat(a);
  if (l === undefined) return undefined;
  const n = a.length;
  return Array.from({ length: n }, (_, i) => Array.from(l.subarray(i * n, i * n + n)));
}

/**
 * Eigen-decomposition of a symmetric matrix: Householder reduction to tridiagonal form, then the
 * implicit QL method (EISPACK's tred2/tql2, as in JAMA), about 9n³ flops. Cyclic Jacobi, used
 * before, took ~10 sweeps of 8n³ each: 73 s for 800 columns. Eigenvectors are stored flat,
 * vector k at `vectors[k·n … k·n + n)`, so every inner loop runs down contiguous memory.
 */
function eigenFlat(a: readonly (readonly number[])[]): { values: Float64Array; vectors: Float64Array } {
  const n = a.length;
  // w[j·n + k] is V[k][j]: column j of JAMA's V, the matrix being reduced and then the vectors.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[j * n + i] = a[i]![j]!;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(w, d, e, n);
  tql2(w, d, e, n);
  return { values: d, vectors: w };
}

/** Householder tridiagonalisation: d the diagonal, e the subdiagonal, w the accumulated transform. */
function tred2(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0,
      h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1]!;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        const col = j * n;
        w[i * n + j] = f;
        g = e[j]! + w[col + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const vkj = w[col + k]!;
          g += vkj * d[k]!;
          e[k] = e[k]! + vkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        const col = j * n;
        for (let k = j; k <= i - 1; k++) w[col + k] = w[col + k]! - (f * e[k]! + g * d[k]!);
        d[j] = w[col + i - 1]!;
        w[col + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i]!;
    w[i * n + i] = 1;
    const h = d[i + 1]!;
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k]! / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k]! * w[col + k]!;
        for (let k = 0; k <= i; k++) w[col + k] = w[col + k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1]!;
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL iterations on the tridiagonal form: eigenvalues in d, eigenvectors in w. */
function tql2(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0,
    tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 60; iter++) {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[m]!;
        let c = 1,
          c2 = c,
          c3 = c;
        const el1 = e[l + 1]!;
        let s = 0,
          s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const ci = i * n,
            cn = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const vk1 = w[cn + k]!,
              vk = w[ci + k]!;
            w[cn + k] = s * vk + c * vk1;
            w[ci + k] = c * vk - s * vk1;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]!) > eps * tst1)) break;
      }
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/**
 * Eigen-decomposition of a symmetric matrix: `values[k]` with its unit eigenvector in column k of
 * `vectors` (`vectors[i][k]`), values in ascending order.
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const { values, vectors } = eigenFlat(a);
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => values[x]! - values[y]!);
  return {
    values: order.map((k) => values[k]!),
    vectors: Array.from({ length: n }, (_, i) => order.map((k) => vectors[k * n + i]!)),
  };
}

/**
 * The nearest (in the eigenvalue-clipping sense) correlation matrix that is positive definite:
 * pairwise-complete correlations need not be, and Cholesky sampling requires it.
 */
export function nearestCorrelation(a: readonly (readonly number[])[], minEigen = 1e-6): number[][] {
  const n = a.length;
  if (n === 0) return [];
  if (cholesky(a)) return a.map((r) => [...r]);
  const { values, vectors } = eigenFlat(a);
  // V·max(Λ, min)·Vᵀ as min·I plus the kept axes above min, or as A plus the clipped axes lifted
  // to min, whichever takes fewer rank-one updates (a wide table of few rows keeps few axes).
  const kept: number[] = [],
    clipped: number[] = [];
  for (let k = 0; k < n; k++) (values[k]! > minEigen ? kept : clipped).push(k);
  const b = new Float64Array(n * n);
  let axes: number[], weight: (k: number) => number;
  if (kept.length <= clipped.length) {
    for (let i = 0; i < n; i++) b[i * n + i] = minEigen;
    axes = kept;
    weight = (k) => values[k]! - minEigen;
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = a[i]![j]!;
    axes = clipped;
    weight = (k) => minEigen - values[k]!;
  }
  for (const k of axes) {
    const c = weight(k),
      off = k * n;
    for (let i = 0; i < n; i++) {
      const x = c * vectors[off + i]!;
      if (x === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) b[row + j] = b[row + j]! + x * vectors[off + j]!;
    }
  }
  const d = Float64Array.from({ length: n }, (_, i) => Math.sqrt(b[i * n + i]!));
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) out[i]![j] = out[j]![i] = b[i * n + j]! / (d[i]! * d[j]!);
  }
  // Rescaling can leave the smallest eigenvalue a hair below zero; shrink towards I until it is not.
  for (let shrink = 0.999; !cholesky(out) && shrink > 0.5; shrink -= 0.01) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out[i]![j] = out[i]![j]! * shrink;
  }
  return out;
}

/** Sums over rows where both values are present (NaN = missing): count, Σx, Σy, Σx², Σy², Σxy. */
function pairSums(x: Float64Array, y: Float64Array, stride: number): { n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number } {
  let n = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < x.length; i += stride) {
    const a = x[i]!,
      b = y[i]!;
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
    const li = i * k;
    let j = 0;
    // The first pass adds to a zero it does not read (0 + x, as after zeroing: -0 becomes +0 the same).
    for (; j + 3 <= i; j += 4) addFourTerms(zi, n, j * length, length, l[li + j]!, l[li + j + 1]!, l[li + j + 2]!, l[li + j + 3]!, j === 0);
    for (; j <= i; j++) addTerm(zi, n, j * length, length, l[li + j]!, j === 0);
  }
}

// The passes as leaf functions over offsets into `n` (no views): each loop is optimised on its own
// rather than on-stack inside the caller's, ~18% less time for 20 columns × 16,384 rows.

/** zi[r] += l0·n_j[r] + l1·n_{j+1}[r] + l2·n_{j+2}[r] + l3·n_{j+3}[r], with n_j at `offset` and blocks of `length` (`first`: zi starts at 0). */
function addFourTerms(zi: Float64Array, n: Float64Array, offset: number, length: number, l0: number, l1: number, l2: number, l3: number, first: boolean): void {
  const o1 = offset + length,
    o2 = o1 + length,
    o3 = o2 + length;
  if (first) for (let r = 0; r < length; r++) zi[r] = 0 + (l0 * n[offset + r]! + l1 * n[o1 + r]! + l2 * n[o2 + r]! + l3 * n[o3 + r]!);
  else for (let r = 0; r < length; r++) zi[r] = zi[r]! + (l0 * n[offset + r]! + l1 * n[o1 + r]! + l2 * n[o2 + r]! + l3 * n[o3 + r]!);
}

/** zi[r] += lij·n_j[r], with n_j at `offset` (`first`: zi starts at 0). */
function addTerm(zi: Float64Array, n: Float64Array, offset: number, length: number, lij: number, first: boolean): void {
  if (first) for (let r = 0; r < length; r++) zi[r] = 0 + lij * n[offset + r]!;
  else for (let r = 0; r < length; r++) zi[r] = zi[r]! + lij * n[offset + r]!;
}
