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
  /**
   * The same as dense tables (−1: no context), looked up per row instead of the maps; `fullTable`
   * is absent when the parents' value combinations are too many to tabulate.
   */
  fullTable: Int32Array | undefined;
  firstTable: Int32Array;
  /** Per context c, its cumulative shares (categories) or quantiles (numbers) at `flat[offsets[c], offsets[c + 1])`. */
  offsets: Int32Array;
  flat: Float64Array;
  /** Categories: the child's value index for each entry of `flat`. */
  flatValues: Uint32Array;
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
  const offsets = new Int32Array(cumulative.length + 1);
  cumulative.forEach((c, i) => (offsets[i + 1] = offsets[i]! + c.length));
  const flat = new Float64Array(offsets[cumulative.length]!);
  const flatValues = new Uint32Array(flat.length);
  cumulative.forEach((c, i) => {
    flat.set(c, offsets[i]);
    const values = draw.contexts[i]!.values;
    if (values) flatValues.set(values.slice(0, c.length), offsets[i]);
  });
  const firstSize = sizes[0] ?? 1;
  const fullSize = draw.given.length > 1 ? firstSize * secondSize : firstSize;
  return {
    draw,
    parentCoordinates,
    childCoordinate,
    beta,
    sigma,
    full,
    first,
    secondSize,
    fullTable: fullSize <= MAX_TABLE_KEYS ? denseTable(full, fullSize) : undefined,
    firstTable: denseTable(first, firstSize),
    offsets,
    flat,
    flatValues,
  };
}

/** Past this many parents' value combinations the full-key contexts stay in a map (a table of them would take too much memory). */
const MAX_TABLE_KEYS = 1 << 20;

/** A map of keys in [0, size) as a table (−1: no entry); keys outside it never match a parent's code. */
function denseTable(map: ReadonlyMap<number, number>, size: number): Int32Array {
  const table = new Int32Array(size).fill(-1);
  for (const [k, v] of map) if (k >= 0 && k < size) table[k] = v;
  return table;
}

/** The bin of a value among ascending `cuts`: how many cuts lie at or below it (−1: missing). A date parent's value index (hierarchy.ts). */
export function binOf(v: number, cuts: readonly number[]): number {
  if (v !== v) return -1;
  let k = 0;
  while (k < cuts.length && v >= cuts[k]!) k++;
  return k;
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

// Scratch space for one call's per-row contexts and uniforms (calls never overlap).
let scratchContexts = new Int32Array(0);
let scratchUniforms = new Float64Array(0);

/** Per row, the context index (−1: none listed, or a parent missing). */
function contexts(rule: HierarchyRule, parents: readonly Uint32Array[], parentNulls: readonly (Uint8Array | undefined)[], length: number): Int32Array {
  if (scratchContexts.length < length) scratchContexts = new Int32Array(length);
  const out = scratchContexts;
  const { firstTable, fullTable } = rule;
  const a = parents[0]!,
    aNulls = parentNulls[0];
  if (parents.length === 1) {
    for (let i = 0; i < length; i++) out[i] = aNulls?.[i] ? -1 : (firstTable[a[i]!] ?? -1);
    return out;
  }
  const b = parents[1]!,
    bNulls = parentNulls[1];
  const width = rule.secondSize;
  for (let i = 0; i < length; i++) {
    if (aNulls?.[i]) {
      out[i] = -1;
      continue;
    }
    const first = firstTable[a[i]!] ?? -1;
    if (bNulls?.[i]) out[i] = first;
    else {
      const key = a[i]! * width + b[i]!;
      const at = fullTable ? (fullTable[key] ?? -1) : (rule.full.get(key) ?? -1);
      out[i] = at >= 0 ? at : first;
    }
  }
  return out;
}

/**
 * The child's score given its parents', as a uniform — or, when `fresh` is given (a `--where`
 * fixes a parent, and the conditional copula has already moved the child's score toward that
 * value, which the context would then count twice), independent uniforms from it.
 */
function uniforms(rule: HierarchyRule, z: Float64Array, length: number, fresh: Random | undefined): Float64Array {
  if (scratchUniforms.length < length) scratchUniforms = new Float64Array(length);
  const u = scratchUniforms;
  if (fresh) {
    for (let i = 0; i < length; i++) u[i] = fresh.next();
    return u;
  }
  const c = rule.childCoordinate * length;
  const p0 = rule.parentCoordinates[0]! * length;
  const two = rule.parentCoordinates.length > 1;
  const p1 = two ? rule.parentCoordinates[1]! * length : 0;
  const beta0 = rule.beta[0]!,
    beta1 = two ? rule.beta[1]! : 0;
  const { sigma } = rule;
  // Φ from its table on the z grid (as the marginals are drawn; error in probability < 1e-6).
  const cdf = zCdfTable();
  const last = cdf.length - 1;
  for (let i = 0; i < length; i++) {
    let x = z[c + i]! - beta0 * z[p0 + i]!;
    if (two) x -= beta1 * z[p1 + i]!;
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
  const { offsets, flat, flatValues } = rule;
  for (let i = 0; i < length; i++) {
    const c = at[i]!;
    if (c < 0) continue;
    const ui = u[i]!;
    let k = offsets[c]!;
    const end = offsets[c + 1]! - 1;
    while (k < end && flat[k]! <= ui) k++;
    codes[i] = flatValues[k]!;
  }
}

/**
 * The column's own value where a row has no context: its marginal's quantile function tabulated
 * on the z grid (z-table.ts) at the row's score, as the sampler's `quantilesAt` computes it.
 */
export interface MarginalFallback {
  table: Float64Array;
  scores: Float64Array;
}

/**
 * Numbers drawn within each row's context, between its quantiles. Rows without one keep theirs, or
 * with `marginal` get the marginal's value here (so the caller need not compute every row's
 * marginal value first, only to have most of them replaced).
 */
export function drawNumbers(
  rule: HierarchyRule,
  z: Float64Array,
  parents: readonly Uint32Array[],
  parentNulls: readonly (Uint8Array | undefined)[],
  out: Float64Array,
  length: number,
  fresh?: Random,
  marginal?: MarginalFallback,
): void {
  const at = contexts(rule, parents, parentNulls, length);
  const u = uniforms(rule, z, length, fresh);
  const { offsets, flat } = rule;
  for (let i = 0; i < length; i++) {
    const c = at[i]!;
    if (c < 0) {
      if (marginal) out[i] = quantileAt(marginal.table, marginal.scores[i]!);
      continue;
    }
    const start = offsets[c]!;
    const n = offsets[c + 1]! - start;
    const h = u[i]! * (n - 1);
    const lo = Math.min(n - 2, Math.floor(h));
    out[i] = flat[start + lo]! + (h - lo) * (flat[start + lo + 1]! - flat[start + lo]!);
  }
}

/** x = Q(z) through the tabulated quantile function: the arithmetic of the sampler's `quantilesAt`, for one value. */
function quantileAt(table: Float64Array, z: number): number {
  const last = table.length - 1;
  const h = (z - Z_MIN) * Z_STEPS_PER_UNIT;
  if (!(h > 0)) return table[0]!;
  if (h >= last) return table[last]!;
  const t = h | 0;
  return table[t]! + (h - t) * (table[t + 1]! - table[t]!);
}
