// Special functions in plain doubles (no dependency, stable across machines).
const LN_SQRT_2PI = 0.9189385332046728;

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p): the terms summed in log space from k up, stopping once they no
 * longer count (exact to ~1e-12 for any n, no approximation for small counts).
 *
 * @example
 * binomialUpperTail(5, 5, 0.8); // 0.32768: five of five by chance at 80% each
 */
export function binomialUpperTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logChoose = (i: number): number => lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1);
  const lp = Math.log(p),
    lq = Math.log1p(-p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logChoose(i) + i * lp + (n - i) * lq);
    sum += term;
    // Past the mode the terms only shrink: stop when they no longer change the sum.
    if (i > n * p && term <= sum * 1e-16) break;
  }
  return Math.min(1, sum);
}
