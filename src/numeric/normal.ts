// The standard normal distribution in plain doubles (no dependency, stable across machines), in two
// grades: accurate to near double precision (normalCdf, normalQuantile: the samplers and tests use
// them), and fast with a stated error (normalCdfFast, normalQuantileFast: the copula's per-value hot
// loops and the dataset calibration use them; their models' bytes are pinned to these formulas).

const LN_SQRT_2PI = 0.9189385332046728;

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/**
 * Standard normal CDF Φ(x), accurate in both tails: Marsaglia's Taylor series near the centre,
 * a continued fraction for the Mills ratio beyond |x| = 3 (no cancellation there).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 38) return 1;
  if (x < -38) return 0;
  const ax = Math.abs(x);
  if (ax < 3) {
    let s = x;
    let t = 0;
    let b = x;
    const q = x * x;
    let i = 1;
    while (s !== t) {
      t = s;
      i += 2;
      b *= q / i;
      s = t + b;
    }
    return 0.5 + s * Math.exp(-0.5 * q - LN_SQRT_2PI);
  }
  // Upper tail Q(ax) = φ(ax) / (ax + 1/(ax + 2/(ax + 3/(ax + …)))), evaluated from the back.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / f;
  const tail = normalPdf(ax) / f;
  return x > 0 ? 1 - tail : tail;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Acklam's rational approximation of Φ⁻¹(p) for p in (0, 1): relative error < 1.15e-9. */
function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    return (
      ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
    );
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
}

/** Inverse standard normal CDF Φ⁻¹(p) (Acklam's rational approximation + one Halley step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const x = acklam(p);
  // One Halley refinement against the accurate CDF brings the error near double precision.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Standard normal CDF Φ(z), via the complementary error function (W. J. Cody's rational
 * approximations as given in Numerical Recipes' erfc, relative error < 1.2e-7).
 */
export function normalCdfFast(z: number): number {
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

/**
 * Inverse standard normal CDF Φ⁻¹(p) without the refinement (Acklam, relative error < 1.15e-9).
 * p is clamped into (0, 1) so a uniform of exactly 0 never becomes -Infinity.
 */
export function normalQuantileFast(p: number): number {
  return acklam(p <= 1e-300 ? 1e-300 : p >= 1 - 1e-16 ? 1 - 1e-16 : p);
}

/**
 * E[Z | a < Z < b] for a standard normal Z: the normal score of a whole category interval, so
 * correlations between a categorical and other columns are estimated without random jitter.
 */
export function truncatedNormalMean(a: number, b: number): number {
  const mass = normalCdfFast(b) - normalCdfFast(a);
  if (mass < 1e-12) return Number.isFinite(a) && Number.isFinite(b) ? (a + b) / 2 : Number.isFinite(a) ? a : b;
  return (normalPdf(a) - normalPdf(b)) / mass;
}
