import type { ColumnVector, DictionaryValues } from "../../batch.js";
import type { Eval, ExprType, Value } from "../expr/types.js";
import { valueAt, type Vec, type VecContext } from "../expr/vector.js";
import type { ColumnShape } from "../plan.js";

const EMPTY = new Uint8Array(0);

/** The expression type of a column shape. */
export function exprTypeOf(shape: ColumnShape): ExprType {
  return shape.type === "decimal" ? { t: "decimal", scale: shape.scale ?? 2 } : { t: shape.type };
}

/** A reader of logical values (decimals as real numbers, bools as booleans, nulls as null). */
export function makeReader(shape: ColumnShape, vector: ColumnVector): Eval {
  const nulls = vector.nulls ?? EMPTY;
  const hasNulls = vector.nulls !== undefined;
  const v = vector.values;
  let base: Eval;
  if (v instanceof Float64Array) {
    if (shape.type === "decimal") {
      const f = 10 ** (shape.scale ?? 2);
      base = (i) => v[i]! / f;
    } else {
      base = (i) => v[i]!;
    }
  } else if (v instanceof Uint8Array) {
    base = (i) => v[i] === 1;
  } else if (Array.isArray(v)) {
    base = (i) => v[i]!;
  } else {
    const { codes, dictionary } = v;
    base = (i) => dictionary[codes[i]!]!;
  }
  return hasNulls ? (i) => (nulls[i] === 1 ? null : base(i)) : base;
}

/** Stores logical values produced by `at(i)` into a vector of the given shape. */
export function storeValues(shape: ColumnShape, length: number, at: (i: number) => Value): ColumnVector {
  let nulls: Uint8Array | undefined;
  const markNull = (i: number): void => {
    nulls ??= new Uint8Array(length);
    nulls[i] = 1;
  };
  if (shape.type === "string") {
    const out = new Array<string>(length);
    for (let i = 0; i < length; i++) {
      const x = at(i);
      if (x === null) {
        markNull(i);
        out[i] = "";
      } else out[i] = typeof x === "string" ? x : String(x);
    }
    return withNulls({ values: out }, nulls);
  }
  if (shape.type === "bool") {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const x = at(i);
      if (x === null) markNull(i);
      else out[i] = x === true ? 1 : 0;
    }
    return withNulls({ values: out }, nulls);
  }
  const out = new Float64Array(length);
  const convert = numericStorer(shape);
  for (let i = 0; i < length; i++) {
    const x = at(i);
    if (x === null || typeof x !== "number" || !Number.isFinite(x)) markNull(i);
    else out[i] = convert(x);
  }
  return withNulls({ values: out }, nulls);
}

/** Logical number → stored number for a numeric/temporal shape (int rounds, decimal scales exactly). */
export function numericStorer(shape: ColumnShape): (x: number) => number {
  switch (shape.type) {
    case "int":
      return (x) => Math.round(x);
    case "decimal": {
      // ×(1 + 4ε) undoes binary noise such as 3.49 × 3 = 10.469999… before rounding to cents.
      const f = 10 ** (shape.scale ?? 2);
      return (x) => Math.sign(x) * Math.round(Math.abs(x) * f * (1 + 4 * Number.EPSILON));
    }
    case "float": {
      if (shape.scale === undefined) return (x) => x;
      const f = 10 ** shape.scale;
      return (x) => (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + 4 * Number.EPSILON))) / f;
    }
    default:
      return (x) => x;
  }
}

export function withNulls(vector: ColumnVector, nulls: Uint8Array | undefined): ColumnVector {
  return nulls === undefined ? vector : { values: vector.values, nulls };
}

/** Repeats group-space values onto rows: row r gets the value of group groupOfRow[r]. */
export function expandToRows(vector: ColumnVector, groupOfRow: Uint32Array): ColumnVector {
  const n = groupOfRow.length;
  const v = vector.values;
  let values: ColumnVector["values"];
  if (v instanceof Float64Array) {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = v[groupOfRow[r]!]!;
    values = out;
  } else if (v instanceof Uint8Array) {
    const out = new Uint8Array(n);
    for (let r = 0; r < n; r++) out[r] = v[groupOfRow[r]!]!;
    values = out;
  } else if (Array.isArray(v)) {
    const out = new Array<string>(n);
    for (let r = 0; r < n; r++) out[r] = v[groupOfRow[r]!]!;
    values = out;
  } else {
    const d = v;
    const codes = new Uint32Array(n);
    for (let r = 0; r < n; r++) codes[r] = d.codes[groupOfRow[r]!]!;
    values = recoded(d, codes);
  }
  if (vector.nulls === undefined) return { values };
  const src = vector.nulls;
  const nulls = new Uint8Array(n);
  for (let r = 0; r < n; r++) nulls[r] = src[groupOfRow[r]!]!;
  return { values, nulls };
}

/**
 * The same dictionary with other codes. Words carried as bytes stay unread: their strings are cut
 * only if someone asks for `dictionary` (the text writers copy the bytes instead).
 */
export function recoded(d: DictionaryValues, codes: Uint32Array): DictionaryValues {
  if (d.plain === undefined) return { kind: "dictionary", codes, dictionary: d.dictionary };
  return {
    kind: "dictionary",
    codes,
    plain: d.plain,
    get dictionary() {
      return d.dictionary;
    },
  };
}

/** A dictionary column from per-row codes. */
export function dictionary(codes: Uint32Array, dict: readonly string[]): DictionaryValues {
  return { kind: "dictionary", codes, dictionary: dict };
}

// A leaf loop (see expr/vector.ts): the caller's code after it keeps its type feedback.
function divideInto(v: Float64Array, f: number, out: Float64Array): void {
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / f;
}

/** A column as a Vec of logical values (decimals divided out; other arrays shared, not copied). */
export function toVec(shape: ColumnShape, vector: ColumnVector): Vec {
  const v = vector.values;
  const nulls = vector.nulls;
  if (v instanceof Float64Array) {
    if (shape.type !== "decimal") return { k: "num", v, nulls };
    const out = new Float64Array(v.length);
    divideInto(v, 10 ** (shape.scale ?? 2), out);
    return { k: "num", v: out, nulls };
  }
  if (v instanceof Uint8Array) return { k: "bool", v, nulls };
  if (Array.isArray(v)) return { k: "str", v, nulls };
  const d = v;
  return { k: "dict", codes: d.codes, dict: d.dictionary, nulls };
}

/** A VecContext over a chunk's columns, converting each column once. */
export function vecContext(length: number, shapeOf: (n: string) => ColumnShape, vector: (n: string) => ColumnVector, groups?: VecContext["groups"]): VecContext {
  const cache = new Map<string, Vec>();
  return {
    length,
    ...(groups === undefined ? {} : { groups }),
    memo: new Map<string, Vec>(),
    column(name) {
      let x = cache.get(name);
      if (x === undefined) cache.set(name, (x = toVec(shapeOf(name), vector(name))));
      return x;
    },
  };
}

/** Stores an evaluated Vec into a column of the given shape (dictionary text stays a dictionary). */
export function storeVec(shape: ColumnShape, x: Vec, length: number): ColumnVector {
  if (x.k === "num" && shape.type !== "string" && shape.type !== "bool") {
    const out = new Float64Array(length);
    const src = x.v;
    // The storer's rules inlined per type (a closure call per value is not inlined here, where
    // every column's storer passes).
    if (shape.type === "int") for (let i = 0; i < length; i++) out[i] = Math.round(src[i]!);
    else if (shape.type === "decimal") {
      const f = 10 ** (shape.scale ?? 2);
      const nudge = 1 + 4 * Number.EPSILON;
      for (let i = 0; i < length; i++) {
        const v = src[i]!;
        out[i] = Math.sign(v) * Math.round(Math.abs(v) * f * nudge);
      }
    } else {
      const store = numericStorer(shape);
      for (let i = 0; i < length; i++) out[i] = store(src[i]!);
    }
    return withNulls({ values: out }, x.nulls);
  }
  if (x.k === "bool" && shape.type === "bool") return withNulls({ values: x.v }, x.nulls);
  if (x.k === "dict" && shape.type === "string") return withNulls({ values: dictionary(x.codes, x.dict) }, x.nulls);
  if (x.k === "str" && shape.type === "string") return withNulls({ values: x.v as string[] }, x.nulls);
  return storeValues(shape, length, (i) => valueAt(x, i));
}
