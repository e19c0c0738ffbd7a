// Hierarchical drawing: a column strongly associated with one or two categorical columns (a county
// with its state, a city with its state and county, a latitude with its county) is drawn from its
// distribution *given* them, instead of through one correlation per pair. The copula (or CART)
// still draws every coordinate; a child's own score, made independent of its parents' scores,
// picks its value inside the parents' context, so what the child shares with the other columns
// survives and the parents' values decide which values it can take.
//
// Support is kept as the mappings keep it: a context (a parents' value combination) is shared
// only when seen on at least MIN_SUPPORT_ROWS rows for a category, MIN_LEAF rows for a number
// (whose context keeps 17 quantiles, as a CART leaf does); a rarer combination falls back to its
// first parent alone, and then to the child's own draw.
import { MIN_SUPPORT_ROWS, strideRows } from "../../../analytics/relationships/index.js";
import type { CategoricalColumn, ConditionalDraw, ContinuousColumn, DiscreteColumn, ModelColumn } from "../model-types.js";
import { MIN_LEAF } from "./cart-tree.js";
import { binOf } from "./hierarchy-draw.js";
import { MARGINAL_WINDOW } from "./marginals.js";
import { rankWindowQuantiles } from "./rank-window.js";

/** Cramér's V (category child) or V over 10 equal-width bins (number child) a parent must reach: evaluate's association threshold, above which a pair counts toward pair trends. */
export const HIERARCHY_MIN_ASSOCIATION = 0.3;
/** Parents of one child at most (a composite key of two). */
const MAX_PARENTS = 2;
/** Quantiles a number's context keeps (as a CART leaf). */
const CONTEXT_QUANTILES = 17;
/** Rows read for the associations (a regular stride beyond). */
const ASSOCIATION_ROWS = 200_000;
/**
 * Quantile bins a date is cut into as a category's parent (its period): coarse, so each context
 * keeps many rows (a year of seattle's daily weather, three model years of cars). 8 and 12 were
 * measured too (docs/model.md): no better on seattle-weather, worse on cars.
 */
export const PERIOD_BINS = 4;
/**
 * Cramér's V over those bins a date must reach to be a category's parent. Below the 0.3 of
 * category parents: a trend over the years is weak beside a category's bond with another category
 * (fog by year in seattle-weather: 0.19; a car's origin by model year: 0.13), yet it is exactly
 * what one correlation per pair cannot draw — shares that rise for one label and fall for another.
 */
export const PERIOD_MIN_ASSOCIATION = 0.1;
/**
 * Half-width in rows of the rank window a number context's quantiles are averaged over
 * (rank-window.ts; the marginal's MARGINAL_WINDOW, but at most an eighth of the context's rows so a
 * 20-row context keeps its spread).
 */
export function contextWindow(rows: number): number {
  return Math.min(MARGINAL_WINDOW, (rows - 1) / 8);
}
/** Distinct values past which a category is not a parent (its contexts would be too thin). */
const MAX_PARENT_VALUES = 5000;

export interface HierarchyInput {
  columns: readonly ModelColumn[];
  /** Per row, the index of a categorical column's value in its `values` (−1: missing). */
  codes: (name: string) => Int32Array | undefined;
  /** A number column's fitted values (NaN: missing). */
  numbers: (name: string) => Float64Array | undefined;
  /** Columns a constraint already draws or reads (never children; FD targets never parents). */
  constrained: ReadonlySet<string>;
  /**
   * Columns of an order constraint (`low <= high`): never parents, but number children all the
   * same, since sampling swaps a disordered pair only after both are drawn (apply-constraints.ts).
   */
  ordered: ReadonlySet<string>;
  /** Columns another column determines (their values follow it: never parents). */
  determined: ReadonlySet<string>;
  rows: number;
}

/**
 * A parent as the contexts see it: a categorical column's value indices, or a date's period — its
 * PERIOD_BINS quantile bins (`cuts`: the values its range is cut at; binOf).
 */
interface Parent {
  name: string;
  codes: Int32Array;
  size: number;
  cuts?: number[];
  /** Position among the model's columns (ties of size keep the table's order). */
  at: number;
}

/** The conditional draws a table needs, parents always before their children. */
export function fitHierarchy(input: HierarchyInput): ConditionalDraw[] {
  const { columns, rows } = input;
  const sample = strideRows(rows, ASSOCIATION_ROWS);
  const categories = columns.filter((c): c is CategoricalColumn => c.kind === "categorical" && c.values.length >= 2 && input.codes(c.name) !== undefined);
  // Coarse before fine: a child's parents have fewer values than it (ties by column order).
  const order = [...categories].sort((a, b) => a.values.length - b.values.length || columns.indexOf(a) - columns.indexOf(b));
  const draws: ConditionalDraw[] = [];
  const asParent = (c: CategoricalColumn): Parent => ({ name: c.name, codes: input.codes(c.name)!, size: c.values.length, at: columns.indexOf(c) });
  const periods = periodsOf(input, sample);
  const isParent = (p: CategoricalColumn): boolean => !input.determined.has(p.name) && p.values.length <= MAX_PARENT_VALUES;
  order.forEach((child, at) => {
    if (input.constrained.has(child.name) || input.determined.has(child.name)) return;
    const candidates = order
      .slice(0, at)
      .filter((p) => isParent(p) && p.values.length < child.values.length)
      .map(asParent);
    const parents = withPeriod(parentsFor(asParent(child), candidates, sample), asParent(child), periods, sample);
    if (parents.length === 0) return;
    const draw = categoryContexts(child, parents, input);
    if (draw) draws.push(draw);
  });
  const candidates = order.filter(isParent).map(asParent);
  for (const child of columns) {
    if (!isNumberChild(child, input)) continue;
    const values = input.numbers(child.name);
    if (!values) continue;
    const parents = numberParents(child, values, candidates, sample);
    if (parents.length === 0) continue;
    // A discrete number (cars' cylinders) keeps its value shares per context, as a category does,
    // so it never takes a value between two it has; a context needs MIN_LEAF rows, as a number's.
    const codes = child.kind === "discrete" ? input.codes(child.name) : undefined;
    const draw =
      child.kind === "discrete" ? (codes ? shareContexts(child, codes, parents, input, MIN_LEAF) : undefined) : numberContexts(child, values, parents, input);
    if (draw) draws.push(draw);
  }
  return draws;
}

/**
 * A plain number (not a date, not seasonal) no constraint draws or reads but an order's swap, and
 * no other column determines: continuous, or (version 6) discrete. Numbers are never parents, so
 * they come after every category child.
 */
function isNumberChild(child: ModelColumn, input: HierarchyInput): child is ContinuousColumn | DiscreteColumn {
  if (child.kind !== "continuous" && child.kind !== "discrete") return false;
  if (child.datetimeFormat !== undefined || (child.kind === "continuous" && child.season)) return false;
  if (input.determined.has(child.name)) return false;
  return !input.constrained.has(child.name) || input.ordered.has(child.name);
}

/**
 * The categories a number follows: its equal-width bins as evaluate's contingency; failing those,
 * deciles, so a point mass (no rain on half the days) and what separates it (rain vs sun) counts
 * though it is all one wide bin.
 */
function numberParents(child: ContinuousColumn | DiscreteColumn, values: Float64Array, candidates: readonly Parent[], sample: Int32Array): Parent[] {
  const min = child.kind === "continuous" ? child.min : Math.min(...child.values);
  const max = child.kind === "continuous" ? child.max : Math.max(...child.values);
  const wide = parentsFor(bins(values, min, max), candidates, sample);
  return wide.length > 0 ? wide : parentsFor(deciles(values, sample), candidates, sample);
}

/** Up to MAX_PARENTS candidates associated with the child at least HIERARCHY_MIN_ASSOCIATION, strongest first, then coarse before fine. */
function parentsFor(child: { codes: Int32Array; size: number }, candidates: readonly Parent[], sample: Int32Array): Parent[] {
  return candidates
    .map((p) => ({ p, v: cramersV(p, child, sample) }))
    .filter((x) => x.v >= HIERARCHY_MIN_ASSOCIATION)
    .sort((a, b) => b.v - a.v)
    .slice(0, MAX_PARENTS)
    .map((x) => x.p)
    .sort((a, b) => a.size - b.size || a.at - b.at);
}

/**
 * With room for one more parent, the date column whose period (PERIOD_BINS quantile bins) is most
 * associated with the child, at least PERIOD_MIN_ASSOCIATION.
 */
function withPeriod(parents: Parent[], child: { codes: Int32Array; size: number }, periods: readonly Parent[], sample: Int32Array): Parent[] {
  if (parents.length >= MAX_PARENTS) return parents;
  let best: Parent | undefined,
    bestV = PERIOD_MIN_ASSOCIATION;
  for (const p of periods) {
    const v = cramersV(p, child, sample);
    if (v >= bestV) [best, bestV] = [p, v];
  }
  return best ? [...parents, best].sort((a, b) => a.size - b.size || a.at - b.at) : parents;
}

/** Each date column as a parent: its PERIOD_BINS quantile bins (never drawn given others: dates are not children). */
function periodsOf(input: HierarchyInput, sample: Int32Array): Parent[] {
  const out: Parent[] = [];
  input.columns.forEach((c, at) => {
    if ((c.kind !== "continuous" && c.kind !== "discrete") || c.datetimeFormat === undefined) return;
    if (input.constrained.has(c.name) || input.determined.has(c.name)) return;
    const values = input.numbers(c.name);
    if (!values) return;
    const cuts = quantileCuts(values, sample, PERIOD_BINS);
    if (cuts.length === 0) return;
    out.push({ name: c.name, codes: Int32Array.from(values, (v) => binOf(v, cuts)), size: cuts.length + 1, cuts, at });
  });
  return out;
}

/** Rows per context: by the full key (first · size of second + second, ≥ 0) and by the first parent alone (−1 − first). */
function contextRows(parentCodes: readonly Int32Array[], sizes: readonly number[], rows: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (key: number, row: number): void => {
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  };
  const [first, second] = parentCodes;
  const width = sizes[1] ?? 1;
  for (let i = 0; i < rows; i++) {
    const a = first![i]!;
    if (a < 0) continue;
    if (second) {
      const b = second[i]!;
      if (b >= 0) add(a * width + b, i);
    }
    add(-1 - a, i);
  }
  return out;
}

/** The key as the file lists it: each given column's value index (one: the first alone). */
function keyList(key: number, width: number, parents: number): number[] {
  if (key < 0) return [-1 - key];
  return parents === 1 ? [key] : [Math.floor(key / width), key % width];
}

function categoryContexts(child: CategoricalColumn, parents: readonly Parent[], input: HierarchyInput): ConditionalDraw | undefined {
  return shareContexts(child, input.codes(child.name)!, parents, input, MIN_SUPPORT_ROWS);
}

/** Per context seen on at least `minRows` rows with a value, the child's value shares (indices into its `values`). */
function shareContexts(
  child: CategoricalColumn | DiscreteColumn,
  codes: Int32Array,
  parents: readonly Parent[],
  input: HierarchyInput,
  minRows: number,
): ConditionalDraw | undefined {
  const parentCodes = parents.map((p) => p.codes);
  const sizes = parents.map((p) => p.size);
  const contexts: ConditionalDraw["contexts"] = [];
  for (const [key, rowList] of contextRows(parentCodes, sizes, input.rows)) {
    // With one parent its full key and its first-parent key are the same context: listed once.
    if (parents.length === 1 && key >= 0) continue;
    const counts = new Map<number, number>();
    let n = 0;
    for (const i of rowList) {
      const v = codes[i]!;
      if (v < 0) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      n++;
    }
    if (n < minRows) continue;
    // In the child's own value order (the copula's category order), so a score near the top of the
    // scale still picks a value near the top of the order within the context.
    const values = [...counts.keys()].sort((a, b) => a - b);
    contexts.push({ key: keyList(key, sizes[1] ?? 1, parents.length), values, shares: rounded(values.map((v) => counts.get(v)! / n)) });
  }
  return contexts.length === 0 ? undefined : drawOf(child.name, parents, contexts);
}

function numberContexts(child: ContinuousColumn, values: Float64Array, parents: readonly Parent[], input: HierarchyInput): ConditionalDraw | undefined {
  const parentCodes = parents.map((p) => p.codes);
  const sizes = parents.map((p) => p.size);
  const contexts: ConditionalDraw["contexts"] = [];
  for (const [key, rowList] of contextRows(parentCodes, sizes, input.rows)) {
    if (parents.length === 1 && key >= 0) continue;
    const present = rowList.map((i) => values[i]!).filter((v) => v === v);
    if (present.length < MIN_LEAF) continue;
    present.sort((a, b) => a - b);
    const quantiles = rankWindowQuantiles(present, CONTEXT_QUANTILES, contextWindow(present.length));
    contexts.push({ key: keyList(key, sizes[1] ?? 1, parents.length), quantiles });
  }
  return contexts.length === 0 ? undefined : drawOf(child.name, parents, contexts);
}

function drawOf(column: string, parents: readonly Parent[], contexts: ConditionalDraw["contexts"]): ConditionalDraw {
  const draw: ConditionalDraw = { column, given: parents.map((p) => p.name), contexts };
  if (parents.some((p) => p.cuts)) draw.cuts = parents.map((p) => p.cuts ?? null);
  return draw;
}

/** Cuts at the `bins` − 1 inner quantiles of a number column's sampled present values (ties merged). */
function quantileCuts(values: Float64Array, sample: Int32Array, bins: number): number[] {
  const present = Array.from(sample, (i) => values[i]!)
    .filter((v) => v === v)
    .sort((a, b) => a - b);
  if (present.length === 0) return [];
  const cuts = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const v = present[Math.floor((k / bins) * present.length)]!;
    // A cut at the smallest value would leave its bin empty.
    if (v > present[0]!) cuts.add(v);
  }
  return [...cuts];
}

/** Shares rounded for the file, summing to 1 (the largest absorbs the rounding). */
function rounded(p: number[]): number[] {
  const out = p.map((x) => Math.round(x * 1e9) / 1e9);
  const top = out.indexOf(Math.max(...out));
  out[top] = out[top]! + (1 - out.reduce((s, x) => s + x, 0));
  return out;
}

/** A number column in 10 equal-width bins of [min, max] (−1: missing), as evaluate's contingency bins it. */
function bins(values: Float64Array, min: number, max: number): { codes: Int32Array; size: number } {
  const width = (max - min) / 10 || 1;
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    codes[i] = v === v ? Math.min(9, Math.max(0, Math.floor((v - min) / width))) : -1;
  }
  return { codes, size: 10 };
}

/** A number column in its deciles over the sampled rows (tied cuts merged; −1: missing). */
function deciles(values: Float64Array, sample: Int32Array): { codes: Int32Array; size: number } {
  const present = Array.from(sample, (i) => values[i]!)
    .filter((v) => v === v)
    .sort((a, b) => a - b);
  const cuts = [
    ...new Set(Array.from({ length: 9 }, (_, k) => present[Math.floor(((k + 1) / 10) * present.length)]).filter((v): v is number => v !== undefined)),
  ];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      codes[i] = -1;
      continue;
    }
    let k = 0;
    while (k < cuts.length && v >= cuts[k]!) k++;
    codes[i] = k;
  }
  return { codes, size: cuts.length + 1 };
}

/**
 * Cramér's V of two code columns over the sampled rows, a missing value (−1) counting as one more
 * category, as evaluate counts it: a column missing on most rows otherwise looks strongly
 * associated on the few rows it has.
 */
export function cramersV(a: { codes: Int32Array; size: number }, b: { codes: Int32Array; size: number }, rows: Int32Array): number {
  const table = new Map<number, number>();
  const width = b.size + 1;
  const rowTotals = new Float64Array(a.size + 1),
    colTotals = new Float64Array(width);
  let n = 0;
  for (const i of rows) {
    const x = a.codes[i]! < 0 ? a.size : a.codes[i]!,
      y = b.codes[i]! < 0 ? b.size : b.codes[i]!;
    const key = x * width + y;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowTotals[x]!++;
    colTotals[y]!++;
    n++;
  }
  const r = rowTotals.filter((t) => t > 0).length,
    c = colTotals.filter((t) => t > 0).length;
  if (n === 0 || r < 2 || c < 2) return 0;
  // χ² = n (Σ n_xy² / (n_x n_y) − 1): only the occupied cells are visited.
  let sum = 0;
  for (const [key, count] of table) sum += (count * count) / (rowTotals[Math.floor(key / width)]! * colTotals[key % width]!);
  const chi2 = n * (sum - 1);
  return Math.sqrt(Math.max(0, chi2) / (n * (Math.min(r, c) - 1)));
}
