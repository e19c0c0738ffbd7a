// Sampling side of hierarchical drawing (hierarchy.ts): per row, the parents' drawn values pick a
// context, and the child's own copula score — with the part its parents' scores explain taken out,
// so it is uniform whatever the parents drew — picks the value inside it.
import { Z_MIN, Z_STEPS_PER_UNIT, zCdfTable } from "./z-table.js";
import type { Random } from "../../../random/index.js";
import type { ConditionalDraw } from "../model-types.js";

export interface HierarchyRule {
  draw: ConditionalDraw;
  /** Copula coordinates of the parents and the child. */
  parentCoordinates: number[];
  childCoordinate: number;
  /** The child's score given its parents' scores: z_child − Σ beta_p z_p, divided by sigma. */
  beta: number[];
  sigma: number;
  /** Context index by full key (first · size of second + second), and by the first parent alone. */
  full: Map<number, number>;
  first: Map<number, number>;
  secondSize: number;
  /** Per context, cumulative shares (categories), or quantiles (numbers). */
  cumulative: Float64Array[];
}

export function hierarchyRule(
  draw: ConditionalDraw,
  sizes: readonly number[],
  coordinates: ReadonlyMap<string, number>,
  correlation: number[][],
): HierarchyRule {
  const parentCoordinates = draw.given.map((n) => coordinates.get(n)!);
  const childCoordinate = coordinates.get(draw.column)!;
  const { beta, sigma } = residual(parentCoordinates, childCoordinate, correlation);
  const secondSize = sizes[1] ?? 1;
  const full = new Map<number, number>(),
    first = new Map<number, number>();
  const cumulative = draw.contexts.map((c, i) => {
    if (c.key.length === draw.given.length) full.set(c.key[0]! * secondSize + (c.key[1] ?? 0), i);
    if (c.key.length === 1) first.set(c.key[0]!, i);
    if (c.quantiles) return Float64Array.from(c.quantiles);
    let sum = 0;
    return Float64Array.from(c.shares!, (s) => (sum += s));
  });
  // A one-parent draw's contexts are full keys and first-parent keys at once.
  if (draw.given.length === 1) for (const [k, v] of full) first.set(k, v);
  return { draw, parentCoordinates, childCoordinate, beta, sigma, full, first, secondSize, cumulative };
}

/** Regression of one coordinate on others under the copula's correlation (one or two predictors). */
function residual(parents: readonly number[], child: number, r: number[][]): { beta: number[]; sigma: number } {
  const rc = parents.map((p) => r[p]![child]!);
  let beta: number[];
  if (parents.length === 1) beta = [rc[0]!];
  else {
    const r12 = r[parents[0]!]![parents[1]!]!;
    const det = 1 - r12 * r12;
    beta = det < 1e-9 ? [rc[0]!, 0] : [(rc[0]! - r12 * rc[1]!) / det, (rc[1]! - r12 * rc[0]!) / det];
  }
  const explained = beta.reduce((s, b, i) => s + b * rc[i]!, 0);
  return { beta, sigma: Math.sqrt(Math.max(1e-6, 1 - explained)) };
}

/** Per row, the context index (−1: none listed, or a parent missing). */
function contexts(rule: HierarchyRule, parents: readonly Uint32Array[], parentNulls: readonly (Uint8Array | undefined)[], length: number): Int32Array {
  const out = new Int32Array(length);
  const two = parents.length > 1;
  for (let i = 0; i < length; i++) {
    if (parentNulls[0]?.[i]) {
      out[i] = -1;
      continue;
    }
    const a = parents[0]![i]!;
    let at: number | undefined;
    if (two && !parentNulls[1]?.[i]) at = rule.full.get(a * rule.secondSize + parents[1]![i]!);
    out[i] = at ?? rule.first.get(a) ?? -1;
  }
  return out;
}

/**
 * The child's score given its parents', as a uniform — or, when `fresh` is given (a `--where`
 * fixes a parent, and the conditional copula has already moved the child's score toward that
 * value, which the context would then count twice), independent uniforms from it.
 */
function uniforms(rule: HierarchyRule, z: Float64Array, length: number, fresh: Random | undefined): Float64Array {
  const u = new Float64Array(length);
  if (fresh) {
    for (let i = 0; i < length; i++) u[i] = fresh.next();
    return u;
  }
  const c = rule.childCoordinate * length;
  const p = rule.parentCoordinates.map((j) => j * length);
  const { beta, sigma } = rule;
  // Φ from its table on the z grid (as the marginals are drawn; error in probability < 1e-6).
  const cdf = zCdfTable();
  const last = cdf.length - 1;
  for (let i = 0; i < length; i++) {
    let x = z[c + i]!;
    for (let k = 0; k < p.length; k++) x -= beta[k]! * z[p[k]! + i]!;
    const h = (x / sigma - Z_MIN) * Z_STEPS_PER_UNIT;
    if (!(h > 0)) u[i] = 0;
    else if (h >= last) u[i] = 1;
    else {
      const t = h | 0;
      u[i] = cdf[t]! + (h - t) * (cdf[t + 1]! - cdf[t]!);
    }
  }
  return u;
}

/** Category codes drawn within each row's context (rows without one keep theirs). */
export function drawCodes(
  rule: HierarchyRule,
  z: Float64Array,
  parents: readonly Uint32Array[],
  parentNulls: readonly (Uint8Array | undefined)[],
  codes: Uint32Array,
  length: number,
  fresh?: Random,
): void {
  const at = contexts(rule, parents, parentNulls, length);
  const u = uniforms(rule, z, length, fresh);
  const { contexts: listed } = rule.draw;
  for (let i = 0; i < length; i++) {
    const c = at[i]!;
    if (c < 0) continue;
    const cum = rule.cumulative[c]!;
    let k = 0;
    while (k < cum.length - 1 && cum[k]! <= u[i]!) k++;
    codes[i] = listed[c]!.values![k]!;
  }
}

/** Numbers drawn within each row's context, between its quantiles (rows without one keep theirs). */
export function drawNumbers(
  rule: HierarchyRule,
  z: Float64Array,
  parents: readonly Uint32Array[],
  parentNulls: readonly (Uint8Array | undefined)[],
  out: Float64Array,
  length: number,
  fresh?: Random,
): void {
  const at = contexts(rule, parents, parentNulls, length);
  const u = uniforms(rule, z, length, fresh);
  for (let i = 0; i < length; i++) {
    const c = at[i]!;
    if (c < 0) continue;
    const q = rule.cumulative[c]!;
    const h = u[i]! * (q.length - 1);
    const lo = Math.min(q.length - 2, Math.floor(h));
    out[i] = q[lo]! + (h - lo) * (q[lo + 1]! - q[lo]!);
  }
}
