import { suggest } from "../../../errors/index.js";
import { FUNCTIONS, unifyBranches, unifyNumeric } from "./functions.js";
import { parseExpression, referencedColumns, type Node } from "./parse.js";
import { describe, ExpressionTypeError, isNumeric, isTemporal, type Eval, type ExprType, type Value } from "./types.js";
import { buildWindow, isWindowFunction } from "./window.js";
import { memoize, vArithmetic, vCall, vCompare, vCond, vIn, vLogic, vNeg, vNot, type Vec, type VecContext, type VecMaker } from "./vector.js";

/** A type-checked expression: its static type, the columns it reads, and a binder for a chunk. */
export interface CompiledExpression {
  readonly source: string;
  readonly type: ExprType;
  readonly columns: readonly string[];
  /** Binds the expression to a chunk's columns: `read(name)` gives each column's row reader. */
  bind(read: (name: string) => Eval): Eval;
  /** Evaluates the expression for a whole chunk at once (the fast path; same results as bind). */
  evaluate(ctx: VecContext): Vec;
}

type Maker = (read: (name: string) => Eval) => Eval;
interface Built {
  type: ExprType;
  make: Maker;
  vec: VecMaker;
  /** Set when the node is a literal (constant folding of function arguments such as round places). */
  literal?: Value;
}

export interface ExpressionOptions {
  /**
   * Why `lag()` and `cumsum()` cannot be used where this expression is evaluated (they read the
   * rows of the table's groups); undefined when they can.
   */
  windowsBlocked?: string | undefined;
}

/**
 * Parses and type-checks an expression against the columns it may read.
 * Throws ExpressionSyntaxError or ExpressionTypeError with a message meant for the user.
 *
 * @example
 * const e = compileExpression("price * quantity", (n) => ({ price: { t: "decimal", scale: 2 }, quantity: { t: "int" } })[n]);
 * e.type; // { t: "decimal", scale: 2 }
 */
export function compileExpression(source: string, typeOf: (name: string) => ExprType | undefined, known: readonly string[] = [], options: ExpressionOptions = {}): CompiledExpression {
  const ast = parseExpression(source);
  const built = build(ast, typeOf, known, options.windowsBlocked);
  return { source, type: built.type, columns: [...referencedColumns(ast)], bind: built.make, evaluate: built.vec };
}

const lit = (type: ExprType, value: Value): Built => ({ type, make: () => () => value, vec: () => ({ k: "lit", value }), literal: value });

function build(node: Node, typeOf: (name: string) => ExprType | undefined, known: readonly string[], windowsBlocked: string | undefined): Built {
  const rec = (n: Node): Built => build(n, typeOf, known, windowsBlocked);
  switch (node.type) {
    case "num":
      return lit({ t: node.integer ? "int" : "float" }, node.value);
    case "str":
      return lit({ t: "string" }, node.value);
    case "bool":
      return lit({ t: "bool" }, node.value);
    case "null":
      return lit({ t: "null" }, null);
    case "col": {
      const type = typeOf(node.name);
      if (type === undefined) {
        const hint = FUNCTIONS[node.name] !== undefined ? `; ${node.name} is a function: call it as ${node.name}(...)` : suggest(node.name, known);
        throw new ExpressionTypeError(`unknown column "${node.name}"${hint}`);
      }
      const name = node.name;
      return { type, make: (read) => read(name), vec: (ctx) => ctx.column(name) };
    }
    case "neg": {
      const e = rec(node.operand);
      if (!isNumeric(e.type)) throw new ExpressionTypeError(`cannot negate ${describe(e.type)}`);
      return {
        type: e.type.t === "null" ? { t: "int" } : e.type,
        vec: vNeg(e.vec),
        make: (read) => {
          const f = e.make(read);
          return (i) => {
            const v = f(i);
            return v === null ? null : -(v as number);
          };
        },
      };
    }
    case "not": {
      const e = rec(node.operand);
      if (!(e.type.t === "bool" || e.type.t === "any")) throw new ExpressionTypeError(`"not" needs true/false, got ${describe(e.type)}`);
      return { type: { t: "bool" }, vec: vNot(e.vec), make: (read) => ((f) => (i: number) => f(i) !== true)(e.make(read)) };
    }
    case "cond": {
      const [c, a, b] = [rec(node.test), rec(node.then), rec(node.else)];
      if (!(c.type.t === "bool" || c.type.t === "any")) throw new ExpressionTypeError(`the condition before "?" must be true/false, got ${describe(c.type)}`);
      const type = unifyBranches(a.type, b.type);
      return {
        type,
        vec: vCond(type, c.vec, a.vec, b.vec),
        make: (read) => {
          const [fc, fa, fb] = [c.make(read), a.make(read), b.make(read)];
          return (i) => (fc(i) === true ? fa(i) : fb(i));
        },
      };
    }
    case "in": {
      const e = rec(node.operand);
      const items = node.list.map(rec);
      for (const it of items) comparable(e.type, it.type, "in");
      const negate = node.negate;
      const allLiteral = items.every((it) => "literal" in it);
      return {
        type: { t: "bool" },
        vec: vIn(
          e.vec,
          items.map((it) => it.vec),
          allLiteral ? items.map((it) => it.literal ?? null) : undefined,
          negate,
        ),
        make: (read) => {
          const f = e.make(read);
          if (allLiteral) {
            const set = new Set(items.map((it) => it.literal));
            return (i) => set.has(f(i)) !== negate;
          }
          const fs = items.map((it) => it.make(read));
          return (i) => {
            const v = f(i);
            return fs.some((g) => g(i) === v) !== negate;
          };
        },
      };
    }
    case "call": {
      const args = node.args.map(rec);
      const built = isWindowFunction(node.fn) ? buildWindow(node.fn, args, windowsBlocked) : buildCall(node.fn, args, known);
      return { ...built, vec: memoize(JSON.stringify(node), built.vec) };
    }
    case "bin":
      return buildBinary(node.op, rec(node.left), rec(node.right));
  }
}

function buildCall(fn: string, args: Built[], known: readonly string[]): Built {
  const def = FUNCTIONS[fn];
  if (def === undefined) throw new ExpressionTypeError(`unknown function "${fn}"${suggest(fn, [...Object.keys(FUNCTIONS), "lag", "cumsum"])}${known.includes(fn) ? `; ${fn} is a column, not a function` : ""}`);
  const types = args.map((a) => a.type);
  const type = def.type(types, args.map((a) => a.literal));
  const propagate = def.nullPropagates !== false;
  return {
    type,
    vec: vCall(
      type,
      def,
      types,
      args.map((a) => a.vec),
    ),
    make: (read) => {
      const fs = args.map((a) => a.make(read));
      const buf: Value[] = new Array<Value>(fs.length);
      if (fs.length === 1 && propagate) {
        // The common case (month(date), hour(time), round(x)): no loop over arguments.
        const f0 = fs[0]!;
        return (i) => {
          const v = f0(i);
          if (v === null) return null;
          buf[0] = v;
          return def.impl(buf, types);
        };
      }
      return (i) => {
        for (let k = 0; k < fs.length; k++) {
          const v = fs[k]!(i);
          if (v === null && propagate) return null;
          buf[k] = v;
        }
        return def.impl(buf, types);
      };
    },
  };
}

function comparable(a: ExprType, b: ExprType, op: string): void {
  if (a.t === "any" || b.t === "any" || a.t === "null" || b.t === "null") return;
  if (isNumeric(a) && isNumeric(b)) return;
  if (a.t === b.t) return;
  throw new ExpressionTypeError(`cannot compare ${describe(a)} with ${describe(b)} using "${op}"`);
}

/**
 * A number literal such as 1.08 beside a decimal operand counts as a decimal of its own places, so
 * `price * 1.08` is decimal(4) and `price + 0.1` decimal(2): exact money arithmetic, rounded to
 * its scale on output, instead of a float that prints 5.389200000000001.
 */
function decimalLiteralBeside(side: Built, other: Built): ExprType {
  if (other.type.t !== "decimal" || side.type.t !== "float" || typeof side.literal !== "number") return side.type;
  const places = /^-?\d+\.(\d{1,6})$/.exec(String(side.literal))?.[1]?.length;
  return places === undefined ? side.type : { t: "decimal", scale: places };
}

function arithmeticType(op: string, a: ExprType, b: ExprType): ExprType {
  if (a.t === "any" || b.t === "any") return { t: "any" };
  if (op === "+" && a.t === "string" && b.t === "string") return { t: "string" };
  if (isTemporal(a) || isTemporal(b)) {
    if ((op === "+" || op === "-") && isTemporal(a) && isNumeric(b)) return a;
    if (op === "+" && isNumeric(a) && isTemporal(b)) return b;
    if (op === "-" && a.t === b.t) return a.t === "datetime" ? { t: "float" } : { t: "int" };
    throw new ExpressionTypeError(`cannot apply "${op}" to ${describe(a)} and ${describe(b)} (dates take + or - a number of days, times seconds, datetimes milliseconds)`);
  }
  if (!isNumeric(a) || !isNumeric(b)) {
    const hint = op === "+" ? "; join text with concat(a, b)" : "";
    throw new ExpressionTypeError(`"${op}" needs numbers, got ${describe(a)} and ${describe(b)}${hint}`);
  }
  if (op === "/") return { t: "float" };
  if (op === "*" && a.t === "decimal" && b.t === "decimal") return { t: "decimal", scale: Math.min(12, (a.scale ?? 2) + (b.scale ?? 2)) };
  return unifyNumeric([a.t === "null" ? { t: "int" } : a, b.t === "null" ? { t: "int" } : b]);
}

function buildBinary(op: string, l: Built, r: Built): Built {
  if (op === "and" || op === "or") {
    for (const side of [l, r]) {
      if (!(side.type.t === "bool" || side.type.t === "any")) throw new ExpressionTypeError(`"${op}" needs true/false on both sides, got ${describe(side.type)}`);
    }
    return {
      type: { t: "bool" },
      vec: vLogic(op, l.vec, r.vec),
      make: (read) => {
        const [a, b] = [l.make(read), r.make(read)];
        return op === "and" ? (i) => a(i) === true && b(i) === true : (i) => a(i) === true || b(i) === true;
      },
    };
  }
  if (["==", "!=", "<", "<=", ">", ">="].includes(op)) {
    comparable(l.type, r.type, op);
    const scalar = scalarComparison(op);
    return {
      type: { t: "bool" },
      make: (read) => {
        const [a, b] = [l.make(read), r.make(read)];
        return (i) => scalar(a(i), b(i));
      },
      vec: vCompare(op, l.vec, r.vec, scalar),
    };
  }
  const type = arithmeticType(op, decimalLiteralBeside(l, r), decimalLiteralBeside(r, l));
  const scalar = scalarArithmetic(op);
  return {
    type,
    make: (read) => {
      const [a, b] = [l.make(read), r.make(read)];
      return (i) => scalar(a(i), b(i));
    },
    vec: vArithmetic(op, type, l.vec, r.vec, scalar),
  };
}

/** A comparison of two values: strict equality (null == null), orderings false with a null (as SQL). */
function scalarComparison(op: string): (x: Value, y: Value) => boolean {
  switch (op) {
    case "==":
      return (x, y) => x === y;
    case "!=":
      return (x, y) => x !== y;
    case "<":
      return (x, y) => x !== null && y !== null && x < y;
    case "<=":
      return (x, y) => x !== null && y !== null && x <= y;
    case ">":
      return (x, y) => x !== null && y !== null && x > y;
    default:
      return (x, y) => x !== null && y !== null && x >= y;
  }
}

/** Arithmetic on two values: null in → null out; division or remainder by zero → null. */
function scalarArithmetic(op: string): (x: Value, y: Value) => Value {
  switch (op) {
    case "+":
      return (x, y) => (x === null || y === null ? null : typeof x === "string" ? x + (y as string) : (x as number) + (y as number));
    case "-":
      return (x, y) => (x === null || y === null ? null : (x as number) - (y as number));
    case "*":
      return (x, y) => (x === null || y === null ? null : (x as number) * (y as number));
    case "/":
      return (x, y) => (x === null || y === null || y === 0 ? null : (x as number) / (y as number));
    default:
      return (x, y) => (x === null || y === null || y === 0 ? null : (x as number) % (y as number));
  }
}
