// Window functions: values of earlier rows of the same group (`lag`) and running sums (`cumsum`).
// They read other rows, so they are evaluated a whole chunk at a time; groups never straddle
// chunks, which keeps each chunk's result independent of the others (and of the worker count).
import { describe, ExpressionTypeError, isNumeric, type Eval, type ExprType, type Value } from "./types.js";
import { fromValues, valueAt, type Vec, type VecContext, type VecMaker } from "./vector.js";
import { unifyNumeric } from "./functions.js";

export const WINDOW_FUNCTIONS = ["lag", "cumsum"] as const;
const MAX_LAG = 1000;

/** An argument as compiled: its type, row evaluator, vector evaluator and literal value. */
export interface WindowArg {
  type: ExprType;
  make: (read: (name: string) => Eval) => Eval;
  vec: VecMaker;
  literal?: Value;
}

export interface WindowBuilt {
  type: ExprType;
  make: (read: (name: string) => Eval) => Eval;
  vec: VecMaker;
}

/** Row i's group start in the chunk (the whole chunk is one group when the context has none). */
function groupStarts(ctx: VecContext): (i: number) => number {
  const g = ctx.groups;
  if (g === undefined) return () => 0;
  const { ofRow, firstRow } = g;
  return (i) => firstRow[ofRow[i]!]!;
}

function lagNumbers(x: Extract<Vec, { k: "num" }>, k: number, start: (i: number) => number, n: number): Vec {
  const v = new Float64Array(n);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = i - k;
    if (j < start(i) || x.nulls?.[j] === 1) nulls[i] = 1;
    else v[i] = x.v[j]!;
  }
  return { k: "num", v, nulls };
}

function lag(args: readonly WindowArg[]): WindowBuilt {
  if (args.length < 1 || args.length > 2) throw new ExpressionTypeError(`lag() takes 1 or 2 arguments (a column and how many rows back), got ${args.length}`);
  const k = args.length === 2 ? args[1]!.literal : 1;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > MAX_LAG) throw new ExpressionTypeError(`lag(x, k) needs k as a whole-number literal from 1 to ${MAX_LAG}`);
  const x = args[0]!;
  const type = x.type;
  return {
    type,
    vec: (ctx) => {
      const n = ctx.length;
      const v = x.vec(ctx);
      const start = groupStarts(ctx);
      if (v.k === "num") return lagNumbers(v, k, start, n);
      return fromValues(type, n, (i) => (i - k >= start(i) ? valueAt(v, i - k) : null));
    },
    // The row evaluator knows no groups: its rows are one group.
    make: (read) => {
      const f = x.make(read);
      return (i) => (i - k >= 0 ? f(i - k) : null);
    },
  };
}

function runningSums(x: Vec, start: (i: number) => number, n: number): Vec {
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (start(i) === i) sum = 0;
    const y = valueAt(x, i);
    if (typeof y === "number") sum += y;
    out[i] = sum;
  }
  return { k: "num", v: out, nulls: undefined };
}

function cumsum(args: readonly WindowArg[]): WindowBuilt {
  if (args.length !== 1) throw new ExpressionTypeError(`cumsum() takes 1 argument, got ${args.length}`);
  const x = args[0]!;
  if (!isNumeric(x.type)) throw new ExpressionTypeError(`cumsum() needs a number, got ${describe(x.type)}`);
  const type = unifyNumeric([x.type.t === "null" ? { t: "int" } : x.type]);
  return {
    type,
    vec: (ctx) => runningSums(x.vec(ctx), groupStarts(ctx), ctx.length),
    make: (read) => {
      const f = x.make(read);
      // Rows are usually read in order: keep the running sum instead of re-adding from row 0.
      let last = -1;
      let sum = 0;
      return (i) => {
        if (i !== last + 1) {
          sum = 0;
          last = -1;
        }
        for (let j = last + 1; j <= i; j++) {
          const y = f(j);
          if (typeof y === "number") sum += y;
        }
        last = i;
        return sum;
      };
    },
  };
}

/**
 * Builds a window function call. `blocked` says why window functions cannot be used where the
 * expression is (no groups on the table, a `scope: group` column, a switch branch), if they cannot.
 */
export function buildWindow(fn: string, args: readonly WindowArg[], blocked: string | undefined): WindowBuilt {
  if (blocked !== undefined) throw new ExpressionTypeError(`${fn}() cannot be used here: ${blocked}`);
  return fn === "lag" ? lag(args) : cumsum(args);
}

export const isWindowFunction = (fn: string): boolean => (WINDOW_FUNCTIONS as readonly string[]).includes(fn);
