// Goodness-of-fit statistics for tests at fixed seeds (deterministic, so they cannot flake).

/** Kolmogorov–Smirnov D statistic of a sample against a continuous CDF. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** KS critical value at α = 0.001 (asymptotic: 1.949/√n). */
export function ksCritical001(n: number): number {
  return 1.949 / Math.sqrt(n);
}

/** Pearson χ² of observed counts against expected probabilities (bins with expectation < 5 pooled). */
export function chiSquare(observed: readonly number[], probabilities: readonly number[]): { chi2: number; df: number } {
  const n = observed.reduce((s, x) => s + x, 0);
  let chi2 = 0;
  let bins = 0;
  let poolO = 0;
  let poolE = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = n * probabilities[i]!;
    if (e < 5) {
      poolO += observed[i]!;
      poolE += e;
      continue;
    }
    chi2 += (observed[i]! - e) ** 2 / e;
    bins++;
  }
  if (poolE >= 5) {
    chi2 += (poolO - poolE) ** 2 / poolE;
    bins++;
  }
  return { chi2, df: bins - 1 };
}

/**
 * χ² critical value at α = 0.001 for df degrees of freedom (Wilson–Hilferty approximation,
 * within 1% of the tables for df ≥ 3).
 */
export function chiSquareCritical001(df: number): number {
  const z = 3.0902; // Φ⁻¹(0.999)
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return s / (xs.length - 1);
}
