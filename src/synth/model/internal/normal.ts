// The standard normal CDF and its inverse, in pure arithmetic so the copula's hot loop stays fast
// and deterministic across platforms (no libm-dependent special functions beyond exp/log/sqrt).

/** Standard normal density. */
export function normalPdf(z: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * z * z);
}

/**
 * Standard normal CDF Φ(z), via the complementary error function (W. J. Cody's rational
 * approximations as given in Numerical Recipes' erfc, relative error < 1.2e-7).
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * Inverse standard normal CDF Φ⁻¹(p) (P. J. Acklam's algorithm, relative error < 1.15e-9).
 * p is clamped into (0, 1) so a uniform of exactly 0 never becomes -Infinity.
 */
export function normalQuantile(p: number): number {
  const q = p <= 1e-300 ? 1e-300 : p >= 1 - 1e-16 ? 1 - 1e-16 : p;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((C[0]! * r + C[1]!) * r + C[2]!) * r + C[3]!) * r + C[4]!) * r + C[5]!) / ((((D[0]! * r + D[1]!) * r + D[2]!) * r + D[3]!) * r + 1);
  }
  if (q > 1 - 0.02425) {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    return -(((((C[0]! * r + C[1]!) * r + C[2]!) * r + C[3]!) * r + C[4]!) * r + C[5]!) / ((((D[0]! * r + D[1]!) * r + D[2]!) * r + D[3]!) * r + 1);
  }
  const r = q - 0.5;
  const s = r * r;
  return ((((((A[0]! * s + A[1]!) * s + A[2]!) * s + A[3]!) * s + A[4]!) * s + A[5]!) * r) / (((((B[0]! * s + B[1]!) * s + B[2]!) * s + B[3]!) * s + B[4]!) * s + 1);
}

/**
 * E[Z | a < Z < b] for a standard normal Z: the normal score of a whole category interval, so
 * correlations between a categorical and other columns are estimated without random jitter.
 */
export function truncatedNormalMean(a: number, b: number): number {
  const mass = normalCdf(b) - normalCdf(a);
  if (mass < 1e-12) return Number.isFinite(a) && Number.isFinite(b) ? (a + b) / 2 : Number.isFinite(a) ? a : b;
  return (normalPdf(a) - normalPdf(b)) / mass;
}
