// Column-at-a-time evaluation of expressions: each node fills whole typed arrays in tight loops
// instead of calling a chain of closures per row. Semantics match the row evaluator exactly
// (checked by a property test); rare shapes fall back to a per-row loop over generic values.
import type { FunctionDef } from "./functions.js";
import type { ExprType, Value } from "./types.js";

export type Vec =
  | { k: "num"; v: Float64Array; nulls: Uint8Array | undefined }
  | { k: "bool"; v: Uint8Array; nulls: Uint8Array | undefined }
  | { k: "str"; v: readonly string[]; nulls: Uint8Array | undefined }
  | { k: "dict"; codes: Uint32Array; dict: readonly string[]; nulls: Uint8Array | undefined }
  | { k: "lit"; value: Value };

/** What vectorised evaluation reads: the chunk length and each column as a Vec of logical values. */
export interface VecContext {
  readonly length: number;
  column(name: string): Vec;
  /** Results of function calls already evaluated on this chunk, by the call's text. */
  readonly memo?: Map<string, Vec>;
  /** The table's groups in this chunk (row → group, group → first row), for lag() and cumsum(). */
  readonly groups?: { readonly ofRow: Uint32Array; readonly firstRow: Uint32Array };
}

/** Evaluates `f` once per chunk for a given key (hour(time) used by three conditions runs once). */
export function memoize(key: string, f: VecMaker): VecMaker {
  return (ctx) => {
    const memo = ctx.memo;
    if (memo === undefined) return f(ctx);
    let x = memo.get(key);
    if (x === undefined) memo.set(key, (x = f(ctx)));
    return x;
  };
}

export type VecMaker = (ctx: VecContext) => Vec;

/** The value of row i of a Vec, as the row evaluator would see it. */
export function valueAt(x: Vec, i: number): Value {
  switch (x.k) {
    case "lit":
      return x.value;
    case "num":
      return x.nulls?.[i] === 1 ? null : x.v[i]!;
    case "bool":
      return x.nulls?.[i] === 1 ? null : x.v[i] === 1;
    case "str":
      return x.nulls?.[i] === 1 ? null : x.v[i]!;
    case "dict":
      return x.nulls?.[i] === 1 ? null : x.dict[x.codes[i]!]!;
  }
}

const NUMERIC = new Set(["int", "float", "decimal", "date", "time", "datetime"]);

/** Builds a Vec of the static type from per-row values (the generic fallback). */
export function fromValues(type: ExprType, n: number, at: (i: number) => Value): Vec {
  let nulls: Uint8Array | undefined;
  const mark = (i: number): void => {
    (nulls ??= new Uint8Array(n))[i] = 1;
  };
  if (NUMERIC.has(type.t)) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = at(i);
      if (typeof x === "number") v[i] = x;
      else mark(i);
    }
    return { k: "num", v, nulls };
  }
  if (type.t === "bool") {
    const v = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = at(i);
      if (x === null) mark(i);
      else v[i] = x === true ? 1 : 0;
    }
    return { k: "bool", v, nulls };
  }
  if (type.t === "null") return { k: "lit", value: null };
  const v = new Array<string>(n);
  let allStrings = true;
  for (let i = 0; i < n; i++) {
    const x = at(i);
    if (x === null) {
      mark(i);
      v[i] = "";
    } else if (typeof x === "string") v[i] = x;
    else {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return { k: "str", v, nulls };
  // `any` (never at run time for a valid schema): keep exact values through a dictionary-free path.
  const vals = Array.from({ length: n }, (_, i) => at(i));
  return { k: "str", v: vals.map((x) => (x === null ? "" : String(x))), nulls: Uint8Array.from(vals, (x) => (x === null ? 1 : 0)) };
}

const orNulls = (a: Uint8Array | undefined, b: Uint8Array | undefined, n: number): Uint8Array | undefined => {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
  return out;
};

/** A numeric Vec as an array (literal numbers broadcast); undefined if not numeric. */
function numeric(x: Vec, n: number): { v: Float64Array; nulls: Uint8Array | undefined } | undefined {
  if (x.k === "num") return { v: x.v, nulls: x.nulls };
  if (x.k === "lit" && typeof x.value === "number") return { v: new Float64Array(n).fill(x.value), nulls: undefined };
  if (x.k === "lit" && x.value === null) return { v: new Float64Array(n), nulls: new Uint8Array(n).fill(1) };
  return undefined;
}

/** + - * / % over two Vecs (numbers fast; text concatenation and the rest per row). */
export function vArithmetic(op: string, type: ExprType, a: VecMaker, b: VecMaker, row: (x: Value, y: Value) => Value): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const x = a(ctx);
    const y = b(ctx);
    const xa = numeric(x, n);
    const ya = numeric(y, n);
    if (xa === undefined || ya === undefined || !NUMERIC.has(type.t)) return fromValues(type, n, (i) => row(valueAt(x, i), valueAt(y, i)));
    const out = new Float64Array(n);
    let nulls = orNulls(xa.nulls, ya.nulls, n);
    const xv = xa.v;
    const yv = ya.v;
    switch (op) {
      case "+":
      case "-":
      case "*":
        arithmetic(op, xv, yv, out, n);
        break;
      default: {
        // Division or remainder by zero is null, as in the row evaluator.
        const div = op === "/";
        for (let i = 0; i < n; i++) {
          const d = yv[i]!;
          if (d === 0) {
            if (nulls === xa.nulls || nulls === ya.nulls) nulls = nulls === undefined ? new Uint8Array(n) : Uint8Array.from(nulls);
            nulls![i] = 1;
          } else out[i] = div ? xv[i]! / d : xv[i]! % d;
        }
      }
    }
    return { k: "num", v: out, nulls };
  };
}

/** Comparisons. `==`/`!=` are strict equality (null == null); orderings with a null are false. */
export function vCompare(op: string, a: VecMaker, b: VecMaker, row: (x: Value, y: Value) => boolean): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const x = a(ctx);
    const y = b(ctx);
    const out = new Uint8Array(n);
    // A dictionary column against a text literal: compare codes.
    if ((op === "==" || op === "!=") && x.k === "dict" && y.k === "lit" && typeof y.value === "string") {
      const code = x.dict.indexOf(y.value);
      const eq = op === "==" ? 1 : 0;
      dictEquals(x.codes, x.nulls, code, eq, out, n);
      return { k: "bool", v: out, nulls: undefined };
    }
    // A number column against a number literal (sale_hour < 11): one loop per operator.
    if (x.k === "num" && x.nulls === undefined && y.k === "lit" && typeof y.value === "number") {
      compareToConstant(op, x.v, y.value, out, n);
      return { k: "bool", v: out, nulls: undefined };
    }
    const xa = numeric(x, n);
    const ya = numeric(y, n);
    if (xa !== undefined && ya !== undefined && (x.k === "num" || y.k === "num")) {
      const [xv, yv, xn, yn] = [xa.v, ya.v, xa.nulls, ya.nulls];
      for (let i = 0; i < n; i++) {
        const xNull = xn !== undefined && xn[i] === 1;
        const yNull = yn !== undefined && yn[i] === 1;
        if (xNull || yNull) {
          out[i] = op === "==" ? (xNull && yNull ? 1 : 0) : op === "!=" ? (xNull && yNull ? 0 : 1) : 0;
          continue;
        }
        const p = xv[i]!;
        const q = yv[i]!;
        out[i] = (op === "==" ? p === q : op === "!=" ? p !== q : op === "<" ? p < q : op === "<=" ? p <= q : op === ">" ? p > q : p >= q) ? 1 : 0;
      }
      return { k: "bool", v: out, nulls: undefined };
    }
    for (let i = 0; i < n; i++) out[i] = row(valueAt(x, i), valueAt(y, i)) ? 1 : 0;
    return { k: "bool", v: out, nulls: undefined };
  };
}

function compareToConstant(op: string, v: Float64Array, c: number, out: Uint8Array, n: number): void {
  switch (op) {
    case "==":
      for (let i = 0; i < n; i++) out[i] = v[i] === c ? 1 : 0;
      break;
    case "!=":
      for (let i = 0; i < n; i++) out[i] = v[i] !== c ? 1 : 0;
      break;
    case "<":
      for (let i = 0; i < n; i++) out[i] = v[i]! < c ? 1 : 0;
      break;
    case "<=":
      for (let i = 0; i < n; i++) out[i] = v[i]! <= c ? 1 : 0;
      break;
    case ">":
      for (let i = 0; i < n; i++) out[i] = v[i]! > c ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = v[i]! >= c ? 1 : 0;
  }
}

/** A condition as 0/1 per row: 1 only where the value is `true` (null counts as false). */
export function truthy(x: Vec, n: number): Uint8Array {
  if (x.k === "bool") {
    if (x.nulls === undefined) return x.v;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = x.nulls[i] === 1 ? 0 : x.v[i]!;
    return out;
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = valueAt(x, i) === true ? 1 : 0;
  return out;
}

export function vLogic(op: "and" | "or", a: VecMaker, b: VecMaker): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const x = truthy(a(ctx), n);
    const y = truthy(b(ctx), n);
    const out = new Uint8Array(n);
    if (op === "and") for (let i = 0; i < n; i++) out[i] = x[i]! & y[i]!;
    else for (let i = 0; i < n; i++) out[i] = x[i]! | y[i]!;
    return { k: "bool", v: out, nulls: undefined };
  };
}

export function vNot(a: VecMaker): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const x = truthy(a(ctx), n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = 1 - x[i]!;
    return { k: "bool", v: out, nulls: undefined };
  };
}

export function vNeg(a: VecMaker): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const x = numeric(a(ctx), n)!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = -x.v[i]!;
    return { k: "num", v: out, nulls: x.nulls };
  };
}

// Hot loops live in leaf functions that return nothing. A closure that loops over a chunk is
// compiled on-stack (OSR) before the code after its loop ever ran; that code then lacks type
// feedback and bails out at the end of every chunk until V8 re-optimises the whole function, which
// cost up to ~25 deoptimisations per chunk in the first ten chunks of a run.

function arithmetic(op: string, xv: Float64Array, yv: Float64Array, out: Float64Array, n: number): void {
  if (op === "+") for (let i = 0; i < n; i++) out[i] = xv[i]! + yv[i]!;
  else if (op === "-") for (let i = 0; i < n; i++) out[i] = xv[i]! - yv[i]!;
  else for (let i = 0; i < n; i++) out[i] = xv[i]! * yv[i]!;
}

function dictEquals(codes: Uint32Array, nulls: Uint8Array | undefined, code: number, eq: number, out: Uint8Array, n: number): void {
  if (nulls === undefined) for (let i = 0; i < n; i++) out[i] = codes[i] === code ? eq : 1 - eq;
  else for (let i = 0; i < n; i++) out[i] = nulls[i] !== 1 && codes[i] === code ? eq : 1 - eq;
}

function mapNumbers(f: (x: number, t: ExprType) => number, t0: ExprType, src: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = f(src[i]!, t0);
}

function inSmallInts(v: Float64Array, table: Uint8Array, out: Uint8Array, n: number, hit: number): void {
  for (let i = 0; i < n; i++) {
    const y = v[i]!;
    const k = y | 0;
    out[i] = k === y && k >= 0 && k < 4096 && table[k] === 1 ? hit : 1 - hit;
  }
}

/** `x in [literals]`: a lookup per dictionary entry for dictionary columns, a Set otherwise. */
export function vIn(a: VecMaker, items: readonly VecMaker[], literals: readonly Value[] | undefined, negate: boolean): VecMaker {
  // Literal lists are fixed at compile time: build the set, the small-integer table and each
  // dictionary's membership once, not once per chunk.
  const set = literals === undefined ? undefined : new Set(literals);
  const small = literals?.every((l) => typeof l === "number" && Number.isInteger(l) && l >= 0 && l < 4096) ?? false;
  const table = new Uint8Array(small ? 4096 : 0);
  if (small) for (const l of literals!) table[l as number] = 1;
  const dictMembers = new WeakMap<readonly unknown[], Uint8Array>();
  return (ctx) => {
    const n = ctx.length;
    const x = a(ctx);
    const out = new Uint8Array(n);
    const hit = negate ? 0 : 1;
    if (set !== undefined) {
      if (x.k === "dict") {
        let member = dictMembers.get(x.dict);
        if (member === undefined) dictMembers.set(x.dict, (member = Uint8Array.from(x.dict, (t) => (set.has(t) ? 1 : 0))));
        const nullHit = set.has(null);
        const nulls = x.nulls;
        if (nulls === undefined) for (let i = 0; i < n; i++) out[i] = member[x.codes[i]!] === 1 ? hit : 1 - hit;
        else for (let i = 0; i < n; i++) out[i] = (nulls[i] === 1 ? nullHit : member[x.codes[i]!] === 1) ? hit : 1 - hit;
      } else if (x.k === "num" && x.nulls === undefined) {
        const v = x.v;
        if (small) {
          // month(d) in [6, 7, 8]: a membership table instead of hashing doubles.
          inSmallInts(v, table, out, n, hit);
        } else for (let i = 0; i < n; i++) out[i] = set.has(v[i]!) ? hit : 1 - hit;
      } else for (let i = 0; i < n; i++) out[i] = set.has(valueAt(x, i)) ? hit : 1 - hit;
      return { k: "bool", v: out, nulls: undefined };
    }
    const ys = items.map((m) => m(ctx));
    for (let i = 0; i < n; i++) {
      const v = valueAt(x, i);
      out[i] = ys.some((y) => valueAt(y, i) === v) ? hit : 1 - hit;
    }
    return { k: "bool", v: out, nulls: undefined };
  };
}

export function vCond(type: ExprType, c: VecMaker, a: VecMaker, b: VecMaker): VecMaker {
  return (ctx) => {
    const n = ctx.length;
    const t = truthy(c(ctx), n);
    const x = a(ctx);
    const y = b(ctx);
    return fromValues(type, n, (i) => (t[i] === 1 ? valueAt(x, i) : valueAt(y, i)));
  };
}

/** A function over whole columns: one impl call per row, without the closure chain. */
export function vCall(type: ExprType, def: FunctionDef, types: readonly ExprType[], args: readonly VecMaker[]): VecMaker {
  const propagate = def.nullPropagates !== false;
  return (ctx) => {
    const n = ctx.length;
    const xs = args.map((m) => m(ctx));
    const buf: Value[] = new Array<Value>(xs.length);
    if (propagate && xs.length === 1 && xs[0]!.k === "num" && NUMERIC.has(type.t)) {
      // month(date), hour(time), round(x): numbers in, numbers out.
      const x = xs[0] as Extract<Vec, { k: "num" }>;
      const out = new Float64Array(n);
      let nulls = x.nulls;
      const fast = def.num1;
      if (fast !== undefined) {
        mapNumbers(fast, types[0]!, x.v, out, n);
        return { k: "num", v: out, nulls };
      }
      for (let i = 0; i < n; i++) {
        if (nulls !== undefined && nulls[i] === 1) continue;
        buf[0] = x.v[i]!;
        const r = def.impl(buf, types);
        if (typeof r === "number") out[i] = r;
        else {
          nulls = nulls === x.nulls ? (nulls === undefined ? new Uint8Array(n) : Uint8Array.from(nulls)) : nulls;
          nulls![i] = 1;
        }
      }
      return { k: "num", v: out, nulls };
    }
    return fromValues(type, n, (i) => {
      for (let k = 0; k < xs.length; k++) {
        const v = valueAt(xs[k]!, i);
        if (v === null && propagate) return null;
        buf[k] = v;
      }
      return def.impl(buf, types);
    });
  };
}
