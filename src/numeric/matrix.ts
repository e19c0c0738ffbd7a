// Dense helpers for the conditional Gaussian: sub-matrices, products and a small inverse.

export type Matrix = number[][];

export function sub(m: Matrix, rows: readonly number[], cols: readonly number[]): Matrix {
  return rows.map((i) => cols.map((j) => m[i]![j]!));
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  const inner = b.length, cols = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: cols }, (_, j) => {
    let s = 0;
    for (let k = 0; k < inner; k++) s += row[k]! * b[k]![j]!;
    return s;
  }));
}

export function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j]!));
}

/** Inverse by Gauss–Jordan with partial pivoting (the matrices are small and well-conditioned). */
export function invert(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    for (let j = 0; j < 2 * n; j++) m[col]![j] = m[col]![j]! / p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j] = m[r]![j]! - f * m[col]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}
