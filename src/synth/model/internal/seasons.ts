// The yearly cycle of a datetime column. In the copula a date is one linear coordinate, and
// temperature peaks in July of every year: a straight line through the dates cannot carry that, so
// seattle-weather's synthetic days were as warm in January as in July, and its snow fell all year.
// A datetime spanning a year or more gets a hidden companion coordinate, the angular distance of
// each day from the column's seasonal axis, which the copula correlates with every other column.
// Sampling keeps each drawn date's year and moves it within that year to the drawn distance
// (on the side of the axis it was on), so the seasons follow the weather and the weather follows
// the seasons, while the dates' own distribution stays the fitted one.
import { leastSquaresLine, pearson } from "../../../numeric/index.js";

/** The mean length of a calendar year: one turn of the seasonal angle. */
export const YEAR_MS = 365.2425 * 86_400_000;
/** A span shorter than this cannot tell a season from a trend. */
const MIN_SPAN_MS = 360 * 86_400_000;
const MIN_ROWS = 50;
/** The strongest correlation of the cycle with another column must reach this to be kept. */
const MIN_STRENGTH = 0.1;

/** Angle of an instant within its year, in [0, 2π). */
export function yearAngle(ms: number): number {
  const turns = ms / YEAR_MS;
  return 2 * Math.PI * (turns - Math.floor(turns));
}

/** The same angle in (-π, π]. */
export function wrapAngle(a: number): number {
  const t = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return t === -Math.PI ? Math.PI : t;
}

/**
 * The seasonal axis of a datetime column (epoch ms, NaN for empty) from its correlations with the
 * other columns' normal scores beyond its own (`own`: the column's normal scores), and each row's
 * angular distance from it (NaN for empty); undefined when the column spans under a year, has too
 * few rows, or no column follows the cycle.
 *
 * @example
 * const found = seasonalAxis(dates, dateScores, otherScores, 1); // { phase, distances, strength }
 */
export function seasonalAxis(values: Float64Array, own: Float64Array, others: readonly Float64Array[], stride: number): { phase: number; distances: Float64Array; strength: number } | undefined {
  let min = Number.POSITIVE_INFINITY, max = Number.NEGATIVE_INFINITY, n = 0;
  for (const v of values) {
    if (v !== v) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n < MIN_ROWS || max - min < MIN_SPAN_MS || others.length === 0) return undefined;
  const cos = new Float64Array(values.length), sin = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const a = v === v ? yearAngle(v) : Number.NaN;
    cos[i] = Math.cos(a);
    sin[i] = Math.sin(a);
  }
  // What the cycle says beyond the date's own linear coordinate: over a span that is not a whole
  // number of years cos θ and sin θ partly follow the date itself, and any column that follows the
  // date (a last_seen after a signup) would otherwise seem to follow the seasons.
  residual(cos, own);
  residual(sin, own);
  // Each column's correlation with cos θ and sin θ; the axis φ maximises Σ_j corr(cos(θ − φ), z_j)²,
  // the top eigenvector of the 2×2 matrix Σ_j (c_j, s_j)ᵀ(c_j, s_j).
  const pairs = others.map((z) => [pearson(cos, z, stride), pearson(sin, z, stride)].map((r) => (r === r ? r : 0)) as [number, number]);
  let cc = 0, ss = 0, cs = 0;
  for (const [c, s] of pairs) {
    cc += c * c;
    ss += s * s;
    cs += c * s;
  }
  const phase = 0.5 * Math.atan2(2 * cs, cc - ss);
  const strength = Math.max(...pairs.map(([c, s]) => Math.abs(c * Math.cos(phase) + s * Math.sin(phase))));
  if (!(strength >= MIN_STRENGTH)) return undefined;
  const normalised = phase < 0 ? phase + 2 * Math.PI : phase;
  const distances = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    distances[i] = v === v ? Math.abs(wrapAngle(yearAngle(v) - normalised)) : Number.NaN;
  }
  return { phase: normalised, distances, strength };
}

/** y minus its least-squares line on x, in place (rows where x is NaN become NaN). */
function residual(y: Float64Array, x: Float64Array): void {
  const { slope, intercept } = leastSquaresLine(x, y);
  for (let i = 0; i < y.length; i++) y[i] = x[i]! === x[i]! ? y[i]! - (intercept + slope * x[i]!) : Number.NaN;
}

/**
 * Moves a drawn instant within its year to `distance` from the axis, on the side it was on, and
 * back into [min, max] by a whole year if that carried it out.
 */
export function placeInSeason(ms: number, phase: number, distance: number, min: number, max: number): number {
  const angle = yearAngle(ms);
  const side = wrapAngle(angle - phase) < 0 ? -1 : 1;
  let moved = ms + (wrapAngle(phase + side * distance - angle) * YEAR_MS) / (2 * Math.PI);
  if (moved > max && moved - YEAR_MS >= min) moved -= YEAR_MS;
  else if (moved < min && moved + YEAR_MS <= max) moved += YEAR_MS;
  return moved;
}

/** The axis's two ends as months and days, for the fit report (e.g. "01-21/07-22"). */
export function axisLabel(phase: number): string {
  const ends = [phase, phase + Math.PI].map((a) => ((a % (2 * Math.PI)) / (2 * Math.PI)) * YEAR_MS).sort((a, b) => a - b);
  return ends.map((at) => new Date(Date.UTC(2001, 0, 1) + at).toISOString().slice(5, 10)).join("/");
}
