// Sampling a fitted model as a TableGenerator: chunk by chunk, each chunk from its own random
// streams (copula, then one per column), so output is identical for any number of workers and a
// given seed, and columns fill typed arrays without a per-row object.
import type { ColumnBatch, ColumnSpec, ColumnVector, TableGenerator } from "../batch.js";
import { createRandom, type Random } from "../../random/index.js";
import { conditionalSampler, resolveConditions, type Condition, type ConditionalSampler } from "./conditions.js";
import { formatDatetime, formatResolutionMs } from "./internal/datetime-format.js";
import { cholesky, choleskyProduct } from "../../numeric/index.js";
import { intervalOf, Z_MIN, Z_STEPS_PER_UNIT, zQuantileTable, zThresholds, type ZQuantile } from "./internal/z-table.js";
import { fillStandardNormals } from "./internal/ziggurat.js";
import { idMaker, type IdMaker } from "./internal/id-shape.js";
import { fakeEmail, fakeFirstName, fakeLastName, fakeName, fakePhone } from "./internal/personal.js";
import {
  isCopulaColumn,
  SEASON_SUFFIX,
  type ArithmeticConstraint,
  type ContinuousColumn,
  type DeterminesConstraint,
  type GroupConstraint,
  type Model,
  type ModelColumn,
  type OrderConstraint,
} from "./model-types.js";
import { placeInSeason } from "./internal/seasons.js";
import { cartDrawer, type CartDrawer } from "./internal/cart-sampler.js";
import { applyDrawShifts, drawShiftRules } from "./internal/draw-shifts.js";
import { computeArithmetic, copyWithinGroups, groupStarts, mapCodes, swapDisordered } from "./internal/apply-constraints.js";
import { binOf, drawCodes, drawNumbers, hierarchyRule, type HierarchyRule } from "./internal/hierarchy-draw.js";

export interface SampleOptions {
  seed: number | string;
  /** Conditions from `parseConditions`; rows are drawn given them, exactly. */
  conditions?: readonly Condition[];
  /** Rows per chunk; part of the output contract (changing it changes the rows for a seed). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 16_384;

// The writers format datetimes straight from epoch milliseconds with these tokens; formats with
// single-letter fields (M/D/YYYY) are formatted here into strings instead.
const WRITER_TOKENS_ONLY = /^(?:YYYY|MM|DD|HH|mm|ss|SSS|[^A-Za-z])*$/;

function writerFormats(format: string | undefined): format is string {
  return format !== undefined && WRITER_TOKENS_ONLY.test(format.replace(/T|Z/g, "-"));
}

const DAY_MS = 86_400_000;

/**
 * Formats with a date and no time of day are written as `date` columns (days since the epoch):
 * the writers format each distinct day once and reuse its bytes, and Parquet stores a DATE.
 */
function writerDates(format: string | undefined): format is string {
  return writerFormats(format) && formatResolutionMs(format) === DAY_MS && format.includes("DD");
}

/** Times of day with no date (`HH:mm:ss`) are written as `time` columns (seconds since midnight): Parquet stores a TIME, not a 1970 timestamp. */
function writerTimesOfDay(format: string | undefined): format is string {
  return writerFormats(format) && format.includes("HH") && !/YYYY|MM|DD/.test(format);
}

/** Milliseconds per unit of the values a temporal column hands the writers: days, seconds or milliseconds. */
function writerUnitMs(format: string | undefined): number {
  return writerDates(format) ? DAY_MS : writerTimesOfDay(format) ? 1000 : 1;
}

function specOf(c: ModelColumn): ColumnSpec {
  const spec = typedSpecOf(c);
  return c.missing !== undefined && spec.nullable ? { ...spec, nullText: c.missing } : spec;
}

function typedSpecOf(c: ModelColumn): ColumnSpec {
  const nullable = c.nullRate > 0;
  switch (c.kind) {
    case "continuous":
    case "discrete":
      if (writerDates(c.datetimeFormat)) return { name: c.name, type: "date", format: c.datetimeFormat, nullable };
      if (writerTimesOfDay(c.datetimeFormat)) return { name: c.name, type: "time", format: c.datetimeFormat, nullable };
      if (writerFormats(c.datetimeFormat)) return { name: c.name, type: "datetime", format: c.datetimeFormat, nullable };
      if (c.datetimeFormat !== undefined) return { name: c.name, type: "string", nullable };
      if (c.kind === "continuous" && c.integer) return { name: c.name, type: "int", nullable };
      // Scientific notation: the shortest round-trip text of values rounded to `significant` digits.
      if (c.significant !== undefined) return { name: c.name, type: "float", nullable };
      return c.decimals > 0 ? { name: c.name, type: "float", scale: c.decimals, nullable } : { name: c.name, type: "int", nullable };
    case "identifier":
      return { name: c.name, type: c.pattern.type === "integer" ? "int" : "string" };
    default:
      return { name: c.name, type: "string", nullable };
  }
}

/** Past this many possible values a number column is written value by value instead. */
const MAX_GRID_LABELS = 4096;

/**
 * The possible values of a rounded number column with a small range (a count, a score, an age),
 * as words for a dictionary column: the writers then copy prepared bytes instead of formatting a
 * number per row. Each word is the text the writers give the same value (`int`, or `float` with
 * `scale` places), so the file's bytes do not depend on this choice; Parquet parses the words
 * back to the same doubles (up to 6 places, which the Parquet writer keeps exactly).
 */
interface NumberGrid {
  /** Scaled value (value × 10^places) of the first word. */
  lo: number;
  factor: number;
  words: string[];
}

function numberGrid(c: ContinuousColumn): NumberGrid | undefined {
  if (c.datetimeFormat !== undefined || c.significant !== undefined) return undefined;
  const places = c.integer ? 0 : c.decimals;
  if (places > 6) return undefined;
  const factor = 10 ** places;
  const lo = Math.round(c.min * factor),
    hi = Math.round(c.max * factor);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi - lo >= MAX_GRID_LABELS) return undefined;
  const words: string[] = [];
  for (let n = lo; n <= hi; n++) words.push(scaledText(n, places, factor));
  return { lo, factor, words };
}

/** `n / 10^places` with exactly `places` decimals, as the CSV writer prints it (7.47, -0.05, 3). */
function scaledText(n: number, places: number, factor: number): string {
  if (places === 0) return String(n === 0 ? 0 : n);
  const a = Math.abs(n);
  const whole = Math.floor(a / factor);
  return `${n < 0 ? "-" : ""}${whole}.${String(a - whole * factor).padStart(places, "0")}`;
}

// The per-value loops, each in its own small function so the JIT optimises each on its own
// (inside one large closure they shared a single, less optimised body).

/** x = Q(z) for a whole column, through the quantile function tabulated on the z grid (z-table.ts). */
function quantilesAt(table: Float64Array, zc: Float64Array, out: Float64Array, length: number): void {
  const last = table.length - 1;
  for (let i = 0; i < length; i++) {
    const h = (zc[i]! - Z_MIN) * Z_STEPS_PER_UNIT;
    let x: number;
    if (!(h > 0)) x = table[0]!;
    else if (h >= last) x = table[last]!;
    else {
      const t = h | 0;
      x = table[t]! + (h - t) * (table[t + 1]! - table[t]!);
    }
    out[i] = x;
  }
}

/** Rounds to 1 / factor (factor 1: whole numbers). */
function roundAll(out: Float64Array, length: number, factor: number): void {
  // x · 1 / 1 is x exactly: whole numbers skip the multiply and the division.
  if (factor === 1) for (let i = 0; i < length; i++) out[i] = Math.round(out[i]!);
  else for (let i = 0; i < length; i++) out[i] = Math.round(out[i]! * factor) / factor;
}

/**
 * Epoch milliseconds rounded to the format's resolution and kept in [min, max], then in the
 * writers' unit (1: milliseconds; x / 1 is x). A leaf of its own: run inline in `numbersOf`, this
 * loop was compiled on-stack mid-chunk and bailed out after it, in every chunk.
 */
function roundDatetimes(out: Float64Array, length: number, step: number, min: number, max: number, unit: number): void {
  for (let i = 0; i < length; i++) out[i] = Math.min(max, Math.max(min, Math.round(out[i]! / step) * step)) / unit;
}

/**
 * Rounds to `digits` significant digits. The scaled value is a whole number and the power of ten
 * exact (up to 10^22), so the result is the double nearest the rounded decimal and prints as it.
 */
function roundSignificantAll(out: Float64Array, length: number, digits: number): void {
  for (let i = 0; i < length; i++) {
    const x = out[i]!;
    if (x === 0 || !Number.isFinite(x)) continue;
    const places = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
    if (places >= 0 && places <= 22) out[i] = Math.round(x * 10 ** places) / 10 ** places;
    else if (places < 0 && places >= -22) out[i] = Math.round(x / 10 ** -places) * 10 ** -places;
    else out[i] = Number(x.toPrecision(digits));
  }
}

/** Codes of values on a number grid: the index of each rounded value among the grid's words. */
function gridCodes(grid: NumberGrid, x: Float64Array, length: number): Uint32Array {
  const { lo, factor } = grid;
  const top = grid.words.length - 1;
  const codes = new Uint32Array(length);
  for (let i = 0; i < length; i++) codes[i] = Math.min(top, Math.max(0, Math.round(x[i]! * factor) - lo));
  return codes;
}

/** Codes of z scores: the interval of `cuts` each falls in (categories, discrete numbers). */
function intervalCodes(cuts: Float64Array, zc: Float64Array, codes: Uint32Array, length: number): void {
  const inner = cuts.length - 1; // the last bound is +∞
  if (inner > 8) {
    for (let i = 0; i < length; i++) codes[i] = intervalOf(cuts, zc[i]!);
    return;
  }
  // Few categories: count the bounds at or below z (no data-dependent branch to mispredict).
  for (let i = 0; i < length; i++) {
    const v = zc[i]!;
    let code = 0;
    for (let k = 0; k < inner; k++) code += cuts[k]! <= v ? 1 : 0;
    codes[i] = code;
  }
}

/** A model's constraints, indexed for sampling. */
interface ConstraintRules {
  any: boolean;
  /** Columns whose values a constraint reads or writes (sampled through the constrained path). */
  involved: Set<string>;
  parent: Map<string, { constraint: DeterminesConstraint; mapping: Int32Array }>;
  arithmetic: Map<string, ArithmeticConstraint>;
  orders: OrderConstraint[];
  ordered: Set<string>;
  group: GroupConstraint | undefined;
  groupConstant: Set<string>;
  /** Copula coordinates (columns and their yearly cycles) shared across a group. */
  groupCoordinates: number[];
}

function constraintRules(model: Model): ConstraintRules {
  const constraints = model.constraints ?? [];
  const involved = new Set<string>();
  const parent = new Map<string, { constraint: DeterminesConstraint; mapping: Int32Array }>();
  const arithmetic = new Map<string, ArithmeticConstraint>();
  const orders: OrderConstraint[] = [];
  let group: GroupConstraint | undefined;
  for (const c of constraints) {
    if (c.type === "determines") {
      parent.set(c.to, { constraint: c, mapping: Int32Array.from(c.mapping, (m) => m ?? -1) });
      involved.add(c.from).add(c.to);
    } else if (c.type === "arithmetic") {
      arithmetic.set(c.target, c);
      involved.add(c.target).add(c.left).add(c.right);
    } else if (c.type === "order") {
      orders.push(c);
      involved.add(c.low).add(c.high);
    } else {
      group = c;
      involved.add(c.by);
      for (const n of c.constant) involved.add(n);
    }
  }
  const groupConstant = new Set(group?.constant ?? []);
  const groupCoordinates = model.copula.columns.flatMap((name, j) =>
    groupConstant.has(name) || groupConstant.has(name.endsWith(SEASON_SUFFIX) ? name.slice(0, -SEASON_SUFFIX.length) : "") ? [j] : [],
  );
  for (const h of model.hierarchy ?? []) {
    involved.add(h.column);
    for (const n of h.given) involved.add(n);
  }
  return {
    any: constraints.length > 0 || (model.hierarchy ?? []).length > 0,
    involved,
    parent,
    arithmetic,
    orders,
    ordered: new Set(orders.flatMap((o) => [o.low, o.high])),
    group,
    groupConstant,
    groupCoordinates,
  };
}

/**
 * A generator of synthetic rows for a model.
 *
 * @example
 * const gen = modelGenerator(model, { seed: 42 });
 * const batch = gen.generateChunk(0, 1000);
 */
export function modelGenerator(model: Model, options: SampleOptions): TableGenerator {
  const root = createRandom(options.seed);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const k = model.copula.columns.length;
  const correlation = model.copula.correlation;
  const l = k > 0 ? cholesky(correlation)! : [];
  const lFlat = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) lFlat[i * k + j] = l[i]![j]!;
  const conditions = resolveConditions(model, options.conditions ?? []);
  // Sequential CART draws the coordinates from its trees (conditions by rejection); the copula from its correlation.
  const cart: CartDrawer | undefined = model.method === "cart" && model.cart ? cartDrawer(model, conditions) : undefined;
  const conditional: ConditionalSampler | undefined = !cart && conditions.length > 0 ? conditionalSampler(correlation, conditions) : undefined;
  /** Rare categories whose rows carry their own means (internal/draw-shifts.ts): drawn first in every chunk. */
  const shiftRules = cart ? [] : drawShiftRules(model, new Set(conditions.map((c) => c.index)));
  const shifted = new Set(shiftRules.map((r) => r.column));
  const fixedValue = new Map<string, number>();
  /** Columns drawn among a set of values (a condition on a column they determine): codes outside it move to the nearest allowed one. */
  const allowedCodes = new Map<string, Int32Array>();
  for (const c of conditions) {
    if (c.valueIndex >= 0) fixedValue.set(c.column, c.valueIndex);
    if (c.nearestAllowed) allowedCodes.set(c.column, c.nearestAllowed);
    for (const f of c.fixes ?? []) fixedValue.set(f.column, f.valueIndex);
  }
  const rules = constraintRules(model);
  const copulaIndex = new Map(model.copula.columns.map((n, i) => [n, i]));
  /** Columns drawn given their parents' values (hierarchy.ts), unless a condition fixes them. */
  const hierarchy = new Map<string, HierarchyRule>();
  for (const h of model.hierarchy ?? []) {
    if (conditions.some((c) => c.column === h.column)) continue;
    const sizes = h.given.map((n, g) => {
      const col = model.columns.find((c) => c.name === n);
      const cuts = h.cuts?.[g];
      return cuts ? cuts.length + 1 : col?.kind === "categorical" ? col.values.length : 1;
    });
    hierarchy.set(h.column, hierarchyRule(h, sizes, copulaIndex, correlation));
  }
  /** Children whose parent a condition fixes or narrows: their uniforms come from their own stream (hierarchy-draw.ts). */
  const conditioned = new Set(conditions.flatMap((c) => [c.column, ...(c.fixes ?? []).map((f) => f.column)]));
  const freshUniforms = (name: string, chunkIndex: number): Random | undefined =>
    hierarchy.get(name)!.draw.given.some((n) => conditioned.has(n)) ? root.fork("given", name, chunkIndex) : undefined;
  const thresholds = new Map<string, Float64Array>();
  const quantiles = new Map<string, ZQuantile>();
  const seasonQuantiles = new Map<string, ZQuantile>();
  for (const c of model.columns) {
    if (c.kind === "categorical" || c.kind === "discrete") thresholds.set(c.name, zThresholds(c.probabilities));
    if (c.kind === "continuous") quantiles.set(c.name, zQuantileTable(c.marginal, c.min, c.max));
    if (c.kind === "continuous" && c.season) seasonQuantiles.set(c.name, zQuantileTable(c.season.marginal, c.season.min, c.season.max));
  }
  const grids = new Map<string, NumberGrid>();
  for (const c of model.columns) {
    const grid = c.kind === "continuous" ? numberGrid(c) : undefined;
    if (grid) grids.set(c.name, grid);
  }
  // Discrete columns' values as written: days for dates, labels for formats the writers lack.
  const discreteValues = new Map<string, Float64Array>();
  const discreteLabels = new Map<string, string[]>();
  for (const c of model.columns) {
    if (c.kind !== "discrete") continue;
    if (c.datetimeFormat !== undefined && !writerFormats(c.datetimeFormat))
      discreteLabels.set(
        c.name,
        c.values.map((v) => formatDatetime(v, c.datetimeFormat!)),
      );
    else
      discreteValues.set(
        c.name,
        Float64Array.from(c.values, (v) => v / writerUnitMs(c.datetimeFormat)),
      );
  }
  const idMakers = new Map<string, IdMaker>();
  for (const c of model.columns) if (c.kind === "identifier" && c.pattern.type === "shape") idMakers.set(c.name, idMaker(c.pattern.positions));
  const shape = { name: "synthetic", columns: model.columns.map(specOf) };

  // Scratch space reused by every chunk (the batch's columns never point into it).
  let normals = new Float64Array(0);
  let z = new Float64Array(0);
  let scratch = new Float64Array(0);
  let scratchSeason = new Float64Array(0);

  function copulaNormals(chunkIndex: number, length: number): Float64Array {
    // Column-major (copula column j of row i at j * length + i): every later pass, the Cholesky
    // product and each column's mapping, runs down contiguous memory.
    if (normals.length < length * k) {
      normals = new Float64Array(length * k);
      z = new Float64Array(length * k);
    }
    if (cart) {
      cart.fill(root.fork("cart", chunkIndex), z, length);
      return z;
    }
    fillStandardNormals(root.fork("copula", chunkIndex), normals, 0, length * k);
    if (conditional) {
      conditional.fill(root.fork("conditions", chunkIndex), normals, z, length);
      return z;
    }
    choleskyProduct(lFlat, k, normals, z, length);
    return z;
  }

  function nullMask(c: ModelColumn, chunkIndex: number, length: number): Uint8Array | undefined {
    if (c.nullRate <= 0 || fixedValue.has(c.name)) return undefined;
    const rng = root.fork("nulls", c.name, chunkIndex);
    const mask = new Uint8Array(length);
    for (let i = 0; i < length; i++) mask[i] = rng.next() < c.nullRate ? 1 : 0;
    return mask;
  }

  /** Per chunk: what constrained columns have drawn so far (codes, numbers in real units, nulls). */
  interface ChunkState {
    z: Float64Array;
    chunkIndex: number;
    length: number;
    starts: Int32Array | undefined;
    codes: Map<string, Uint32Array>;
    numbers: Map<string, Float64Array>;
    nulls: Map<string, Uint8Array | undefined>;
    ordered: boolean;
  }
  const byName = new Map(model.columns.map((c) => [c.name, c]));

  function nullsOf(c: ModelColumn, st: ChunkState): Uint8Array | undefined {
    if (st.nulls.has(c.name)) return st.nulls.get(c.name);
    const mask = nullMask(c, st.chunkIndex, st.length);
    // A group shares its constant columns' nulls too.
    if (mask && st.starts && rules.groupConstant.has(c.name)) copyWithinGroups(mask, st.starts, st.length);
    st.nulls.set(c.name, mask);
    return mask;
  }

  /** Codes of a categorical or discrete column, mapped from the column that determines it. */
  function codesOf(c: ModelColumn & { kind: "categorical" | "discrete" }, st: ChunkState): Uint32Array {
    const cached = st.codes.get(c.name);
    if (cached) return cached;
    const { length } = st;
    const codes = new Uint32Array(length);
    const fixed = fixedValue.get(c.name);
    if (fixed !== undefined) codes.fill(fixed);
    else {
      const j = copulaIndex.get(c.name)!;
      intervalCodes(thresholds.get(c.name)!, st.z.subarray(j * length, (j + 1) * length), codes, length);
      const nearest = allowedCodes.get(c.name);
      if (nearest) for (let i = 0; i < length; i++) codes[i] = nearest[codes[i]!]!;
      const given = hierarchy.get(c.name);
      if (given) {
        const parents = given.draw.given.map((n) => byName.get(n)!);
        drawCodes(
          given,
          st.z,
          parents.map((p, g) => parentCodes(p, given.draw.cuts?.[g] ?? null, st)),
          parents.map((p) => nullsOf(p, st)),
          codes,
          length,
          freshUniforms(c.name, st.chunkIndex),
        );
      }
      const rule = rules.parent.get(c.name);
      if (rule) {
        const from = byName.get(rule.constraint.from) as ModelColumn & { kind: "categorical" | "discrete" };
        const rng = rule.constraint.exceptions > 0 ? root.fork("exceptions", c.name, st.chunkIndex) : undefined;
        const mapped = mapCodes(codes, codesOf(from, st), nullsOf(from, st), rule.mapping, rule.constraint.exceptions, rng, length);
        // A mapped value is as present as the value it follows.
        const own = nullsOf(c, st);
        if (own) for (let i = 0; i < length; i++) if (mapped[i]) own[i] = 0;
      }
    }
    st.codes.set(c.name, codes);
    return codes;
  }

  /** A parent's value indices as a conditional draw reads them: a category's codes, or the period (bin among `cuts`) of a date's drawn value. */
  function parentCodes(p: ModelColumn, cuts: readonly number[] | null, st: ChunkState): Uint32Array {
    if (cuts === null) return codesOf(p as ModelColumn & { kind: "categorical" }, st);
    const values = numbersOf(p as ModelColumn & { kind: "continuous" | "discrete" }, st);
    const out = new Uint32Array(st.length);
    // A missing value's bin is never read: its null mask leaves the row's own draw.
    for (let i = 0; i < st.length; i++) out[i] = Math.max(0, binOf(values[i]!, cuts));
    return out;
  }

  /** A number column's values in real units (epoch ms for datetimes), rounded as written, constraints applied. */
  function numbersOf(c: ModelColumn & { kind: "continuous" | "discrete" }, st: ChunkState): Float64Array {
    const cached = st.numbers.get(c.name);
    if (cached) return cached;
    const { length, z } = st;
    let out: Float64Array;
    if (c.kind === "discrete") {
      const codes = codesOf(c, st);
      out = new Float64Array(length);
      for (let i = 0; i < length; i++) out[i] = c.values[codes[i]!]!;
    } else {
      const j = copulaIndex.get(c.name)!;
      out = new Float64Array(length);
      const given = hierarchy.get(c.name);
      // A child drawn within its parents' contexts replaces its marginal value on every row that
      // has one: the marginal is then computed for the other rows only (drawNumbers' fallback).
      const marginalLater = given !== undefined && !c.season;
      if (!marginalLater) quantilesAt(quantiles.get(c.name)!.table, z.subarray(j * length, (j + 1) * length), out, length);
      if (c.season) {
        const s = copulaIndex.get(c.name + SEASON_SUFFIX)!;
        const distance = new Float64Array(length);
        quantilesAt(seasonQuantiles.get(c.name)!.table, z.subarray(s * length, (s + 1) * length), distance, length);
        for (let i = 0; i < length; i++) out[i] = placeInSeason(out[i]!, c.season.phase, distance[i]!, c.min, c.max);
      }
      if (given) {
        const parents = given.draw.given.map((n) => byName.get(n)!);
        drawNumbers(
          given,
          z,
          parents.map((p, g) => parentCodes(p, given.draw.cuts?.[g] ?? null, st)),
          parents.map((p) => nullsOf(p, st)),
          out,
          length,
          freshUniforms(c.name, st.chunkIndex),
          marginalLater ? { table: quantiles.get(c.name)!.table, scores: z.subarray(j * length, (j + 1) * length) } : undefined,
        );
      }
      if (c.datetimeFormat !== undefined) roundDatetimes(out, length, formatResolutionMs(c.datetimeFormat), c.min, c.max, 1);
      else if (c.significant !== undefined && !c.integer) roundSignificantAll(out, length, c.significant);
      else roundAll(out, length, 10 ** (c.integer ? 0 : c.decimals));
    }
    const arithmetic = rules.arithmetic.get(c.name);
    if (arithmetic) {
      const left = byName.get(arithmetic.left) as ModelColumn & { kind: "continuous" | "discrete" };
      const right = byName.get(arithmetic.right) as ModelColumn & { kind: "continuous" | "discrete" };
      const rng = arithmetic.exceptions > 0 ? root.fork("exceptions", c.name, st.chunkIndex) : undefined;
      const places = c.kind === "continuous" && c.integer ? 0 : c.decimals;
      computeArithmetic(out, numbersOf(left, st), numbersOf(right, st), arithmetic.op, 10 ** places, arithmetic.exceptions, rng, length);
      // Missing when an operand is.
      const ln = nullsOf(left, st),
        rn = nullsOf(right, st);
      if (ln || rn) {
        let own = nullsOf(c, st);
        if (!own) st.nulls.set(c.name, (own = new Uint8Array(length)));
        for (let i = 0; i < length; i++) own[i] = ln?.[i] || rn?.[i] ? 1 : 0;
      } else if (nullsOf(c, st)) st.nulls.set(c.name, undefined);
    }
    st.numbers.set(c.name, out);
    if (!st.ordered && rules.ordered.has(c.name)) applyOrders(st);
    return out;
  }

  function applyOrders(st: ChunkState): void {
    st.ordered = true;
    const pairs = rules.orders.map((o) => ({ low: byName.get(o.low) as ContinuousColumn, high: byName.get(o.high) as ContinuousColumn }));
    const arrays = pairs.map((p) => ({ low: numbersOf(p.low, st), high: numbersOf(p.high, st), lowNulls: nullsOf(p.low, st), highNulls: nullsOf(p.high, st) }));
    // Chains (a ≤ b ≤ c) settle after at most as many passes as pairs.
    for (let pass = 0; pass < arrays.length; pass++) {
      let swapped = 0;
      for (const a of arrays) swapped += swapDisordered(a.low, a.high, a.lowNulls, a.highNulls, st.length);
      if (swapped === 0) break;
    }
  }

  /** The column as the writers take it, for columns a constraint touches. */
  function constrainedColumn(c: ModelColumn, st: ChunkState): ColumnVector {
    const { length } = st;
    const nulls = (): Uint8Array | undefined => nullsOf(c, st);
    const withNulls = (v: ColumnVector["values"]): ColumnVector => {
      const n = nulls();
      return n ? { values: v, nulls: n } : { values: v };
    };
    if (c.kind === "categorical") return withNulls({ kind: "dictionary", codes: codesOf(c, st), dictionary: c.values });
    if (c.kind === "discrete" && !rules.arithmetic.has(c.name)) {
      const codes = codesOf(c, st);
      const labels = discreteLabels.get(c.name);
      if (labels) return withNulls({ kind: "dictionary", codes, dictionary: labels });
      const values = discreteValues.get(c.name)!;
      const out = new Float64Array(length);
      for (let i = 0; i < length; i++) out[i] = values[codes[i]!]!;
      return withNulls(out);
    }
    if (c.kind === "continuous" || c.kind === "discrete") {
      const values = numbersOf(c, st);
      if (c.datetimeFormat !== undefined) {
        if (writerFormats(c.datetimeFormat)) {
          const unit = writerUnitMs(c.datetimeFormat);
          return withNulls(unit === 1 ? values : values.map((v) => v / unit));
        }
        const text = new Array<string>(length);
        for (let i = 0; i < length; i++) text[i] = formatDatetime(values[i]!, c.datetimeFormat);
        return withNulls(text);
      }
      const grid = grids.get(c.name);
      if (grid) return withNulls({ kind: "dictionary", codes: gridCodes(grid, values, length), dictionary: grid.words });
      return withNulls(values);
    }
    if (c.kind === "identifier" && st.starts) return groupIds(c, st);
    return column(c, st.z, st.chunkIndex, length);
  }

  /** One id per group: the group's first row numbers it, so ids stay unique across chunks. */
  function groupIds(c: ModelColumn & { kind: "identifier" }, st: ChunkState): ColumnVector {
    const { length, starts } = st;
    const firstRow = st.chunkIndex * chunkSize;
    const rng: Random = root.fork("column", c.name, st.chunkIndex);
    if (c.pattern.type === "integer") {
      const out = new Float64Array(length);
      for (let i = 0; i < length; i++) out[i] = c.pattern.start + firstRow + starts![i]!;
      return { values: out };
    }
    const out = new Array<string>(length);
    const maker = idMakers.get(c.name);
    const { pattern } = c;
    for (let i = 0; i < length; i++) {
      const s = starts![i]!;
      if (s !== i) out[i] = out[s]!;
      else
        out[i] = maker
          ? maker.make(firstRow + i, rng)
          : pattern.type === "template"
            ? pattern.prefix + String(firstRow + i + 1).padStart(pattern.digits, "0") + pattern.suffix
            : String(firstRow + i);
    }
    return { values: out };
  }

  function column(c: ModelColumn, z: Float64Array, chunkIndex: number, length: number): ColumnVector {
    const nulls = nullMask(c, chunkIndex, length);
    const withNulls = (v: ColumnVector["values"]): ColumnVector => (nulls ? { values: v, nulls } : { values: v });
    const firstRow = chunkIndex * chunkSize;
    if (isCopulaColumn(c)) {
      const j = copulaIndex.get(c.name)!;
      const zc = z.subarray(j * length, (j + 1) * length);
      const fixed = fixedValue.get(c.name);
      const codesOf = (cuts: Float64Array): Uint32Array => {
        const codes = new Uint32Array(length);
        if (fixed !== undefined) codes.fill(fixed);
        else intervalCodes(cuts, zc, codes, length);
        return codes;
      };
      if (c.kind === "categorical") return withNulls({ kind: "dictionary", codes: codesOf(thresholds.get(c.name)!), dictionary: c.values });
      if (c.kind === "discrete") {
        const codes = codesOf(thresholds.get(c.name)!);
        const labels = discreteLabels.get(c.name);
        if (labels) return withNulls({ kind: "dictionary", codes, dictionary: labels });
        const values = discreteValues.get(c.name)!;
        const out = new Float64Array(length);
        for (let i = 0; i < length; i++) out[i] = values[codes[i]!]!;
        return withNulls(out);
      }
      const grid = grids.get(c.name);
      // A grid column only needs the values on the way to its codes: they go to scratch space.
      if (grid && scratch.length < length) scratch = new Float64Array(length);
      const out = grid ? scratch : new Float64Array(length);
      quantilesAt(quantiles.get(c.name)!.table, zc, out, length);
      if (c.season) {
        // The drawn date keeps its year and moves to the drawn distance from the seasonal axis.
        const s = copulaIndex.get(c.name + SEASON_SUFFIX)!;
        if (scratchSeason.length < length) scratchSeason = new Float64Array(length);
        quantilesAt(seasonQuantiles.get(c.name)!.table, z.subarray(s * length, (s + 1) * length), scratchSeason, length);
        for (let i = 0; i < length; i++) out[i] = placeInSeason(out[i]!, c.season.phase, scratchSeason[i]!, c.min, c.max);
      }
      if (c.datetimeFormat !== undefined) {
        roundDatetimes(out, length, formatResolutionMs(c.datetimeFormat), c.min, c.max, writerUnitMs(c.datetimeFormat));
        if (writerFormats(c.datetimeFormat)) return withNulls(out);
        const text = new Array<string>(length);
        for (let i = 0; i < length; i++) text[i] = formatDatetime(out[i]!, c.datetimeFormat);
        return withNulls(text);
      }
      if (grid) return withNulls({ kind: "dictionary", codes: gridCodes(grid, out, length), dictionary: grid.words });
      // Rounded once here (Parquet stores these doubles); the division keeps x.yz the nearest double.
      if (c.significant !== undefined && !c.integer) roundSignificantAll(out, length, c.significant);
      else roundAll(out, length, 10 ** (c.integer ? 0 : c.decimals));
      return withNulls(out);
    }
    const rng: Random = root.fork("column", c.name, chunkIndex);
    switch (c.kind) {
      case "identifier": {
        if (c.pattern.type === "integer") {
          const out = new Float64Array(length);
          for (let i = 0; i < length; i++) out[i] = c.pattern.start + firstRow + i;
          return { values: out };
        }
        if (c.pattern.type === "shape") {
          const maker = idMakers.get(c.name)!;
          const out = new Array<string>(length);
          for (let i = 0; i < length; i++) out[i] = maker.make(firstRow + i, rng);
          return { values: out };
        }
        const { prefix, digits, suffix } = c.pattern;
        const out = new Array<string>(length);
        for (let i = 0; i < length; i++) out[i] = prefix + String(firstRow + i + 1).padStart(digits, "0") + suffix;
        return { values: out };
      }
      case "text": {
        const out = new Array<string>(length);
        for (let i = 0; i < length; i++) {
          const n = rng.int(c.minWords, c.maxWords);
          const words: string[] = [];
          for (let w = 0; w < n; w++) words.push(c.words[rng.int(0, c.words.length - 1)]!);
          out[i] = words.join(" ");
        }
        return withNulls(out);
      }
      case "personal": {
        const out = new Array<string>(length);
        const make =
          c.personal === "email"
            ? fakeEmail
            : c.personal === "name"
              ? fakeName
              : c.personal === "first_name"
                ? fakeFirstName
                : c.personal === "last_name"
                  ? fakeLastName
                  : (r: Random) => fakePhone(r, c.mask ?? "###-###-####");
        for (let i = 0; i < length; i++) out[i] = make(rng);
        return withNulls(out);
      }
      case "constant": {
        if (c.value === null)
          return { values: { kind: "dictionary", codes: new Uint32Array(length), dictionary: [""] }, nulls: new Uint8Array(length).fill(1) };
        return withNulls({ kind: "dictionary", codes: new Uint32Array(length), dictionary: [c.value] });
      }
    }
  }

  return {
    shape,
    chunkSize,
    generateChunk(chunkIndex: number, length: number): ColumnBatch {
      const z = k > 0 ? copulaNormals(chunkIndex, length) : new Float64Array(0);
      if (!rules.any && shiftRules.length === 0) return { length, chunkIndex, columns: model.columns.map((c) => column(c, z, chunkIndex, length)) };
      let starts: Int32Array | undefined;
      if (rules.group) {
        starts = groupStarts(root.fork("groups", chunkIndex), rules.group.sizes, rules.group.probabilities, length);
        // A group's constant columns: every row takes its first row's copula coordinates.
        for (const j of rules.groupCoordinates) copyWithinGroups(z.subarray(j * length, (j + 1) * length), starts, length);
      }
      const st: ChunkState = { z, chunkIndex, length, starts, codes: new Map(), numbers: new Map(), nulls: new Map(), ordered: false };
      for (const rule of shiftRules) {
        // The category as finally drawn (given its parents, if any); the coordinates its parents
        // have already become values are left alone.
        const codes = codesOf(byName.get(rule.column) as ModelColumn & { kind: "categorical" }, st);
        const used = new Set<number>();
        for (const name of [...st.numbers.keys(), ...st.codes.keys()]) {
          used.add(copulaIndex.get(name)!);
          if (copulaIndex.has(name + SEASON_SUFFIX)) used.add(copulaIndex.get(name + SEASON_SUFFIX)!);
        }
        applyDrawShifts(rule, codes, used, z, length);
      }
      return {
        length,
        chunkIndex,
        columns: model.columns.map((c) => (rules.involved.has(c.name) || shifted.has(c.name) ? constrainedColumn(c, st) : column(c, z, chunkIndex, length))),
      };
    },
  };
}
