import { civilFromDays, daysFromCivil, MS_PER_DAY, weekdayOfDays } from "../runtime/dates.js";
import { DATE_FUNCTIONS } from "./date-functions.js";
import { MATH_FUNCTIONS } from "./math-functions.js";
import { describe, ExpressionTypeError, isNumeric, isTemporal, type ExprType, type Value } from "./types.js";

/** A function of the expression language: a type rule and a row-level implementation. */
export interface FunctionDef {
  /** Result type from argument types; throws ExpressionTypeError on misuse. */
  type(args: readonly ExprType[], literals: readonly (Value | undefined)[]): ExprType;
  /** Called with evaluated arguments (and their static types, for temporal dispatch). */
  impl(args: Value[], types: readonly ExprType[]): Value;
  /** Optional fast form for one number in, one number out (vectorised evaluation uses it). */
  num1?: (x: number, type: ExprType) => number;
  /** Whether a null argument makes the result null without calling impl (default true). */
  nullPropagates?: boolean;
}

const num = (v: Value): number => v as number;

// A direct-mapped cache of day → civil date: conditions such as month(date) in [6, 7, 8] run on
// every row, and a table's dates span few distinct days, so nearly every call is a hit.
const CACHE_SIZE = 4096;
const cacheDay = new Float64Array(CACHE_SIZE).fill(NaN);
const cacheYear = new Int32Array(CACHE_SIZE);
const cacheMonth = new Uint8Array(CACHE_SIZE);
const cacheDate = new Uint8Array(CACHE_SIZE);
const civilTmp = new Int32Array(3);
/** Cache slot holding the civil date of `days`. */
function civil(days: number): number {
  const h = days & (CACHE_SIZE - 1);
  if (cacheDay[h] !== days) {
    civilFromDays(days, civilTmp);
    cacheDay[h] = days;
    cacheYear[h] = civilTmp[0]!;
    cacheMonth[h] = civilTmp[1]!;
    cacheDate[h] = civilTmp[2]!;
  }
  return h;
}

function arity(name: string, args: readonly ExprType[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new ExpressionTypeError(`${name}() takes ${want} argument${max === 1 ? "" : "s"}, got ${args.length}`);
  }
}
function numericArgs(name: string, args: readonly ExprType[]): void {
  args.forEach((a, i) => {
    if (!isNumeric(a)) throw new ExpressionTypeError(`${name}() needs numbers, argument ${i + 1} is ${describe(a)}`);
  });
}
/** The common numeric type of several (int < decimal < float). */
export function unifyNumeric(args: readonly ExprType[]): ExprType {
  if (args.some((a) => a.t === "any")) return { t: "any" };
  if (args.some((a) => a.t === "float")) return { t: "float" };
  const decimals = args.filter((a) => a.t === "decimal");
  if (decimals.length > 0) return { t: "decimal", scale: Math.max(...decimals.map((a) => a.scale ?? 2)) };
  return { t: "int" };
}
function dateOf(name: string, args: readonly ExprType[]): void {
  arity(name, args, 1);
  const a = args[0]!;
  if (!(a.t === "date" || a.t === "datetime" || a.t === "any")) throw new ExpressionTypeError(`${name}() needs a date or datetime, got ${describe(a)}`);
}
function timeOf(name: string, args: readonly ExprType[]): void {
  arity(name, args, 1);
  const a = args[0]!;
  if (!(a.t === "time" || a.t === "datetime" || a.t === "any")) throw new ExpressionTypeError(`${name}() needs a time or datetime, got ${describe(a)}`);
}
const toDays = (v: Value, t: ExprType): number => (t.t === "datetime" ? Math.floor(num(v) / MS_PER_DAY) : num(v));
const toSeconds = (v: Value, t: ExprType): number => (t.t === "datetime" ? (num(v) - Math.floor(num(v) / MS_PER_DAY) * MS_PER_DAY) / 1000 : num(v));

const INT: ExprType = { t: "int" };
const STR: ExprType = { t: "string" };

function roundTo(x: number, places: number): number {
  const f = 10 ** places;
  // Round half away from zero on the decimal value, guarding against binary noise (2.675 → 2.68).
  const r = Math.round(Math.abs(x) * f * (1 + 4 * Number.EPSILON));
  return (Math.sign(x) * r) / f;
}

/** Text of a value for concat/str (numbers in their shortest form, booleans as true/false). */
export function valueText(v: Value): string {
  return v === null ? "" : typeof v === "string" ? v : String(v);
}

export const FUNCTIONS: Record<string, FunctionDef> = {
  round: {
    type(args, lits) {
      arity("round", args, 1, 2);
      numericArgs("round", args);
      const places = args.length === 2 ? lits[1] : 0;
      if (typeof places !== "number" || !Number.isInteger(places) || places < 0 || places > 12) {
        throw new ExpressionTypeError("round(x, places) needs places as a whole-number literal 0–12");
      }
      return places === 0 ? INT : { t: "decimal", scale: places };
    },
    impl: (a) => roundTo(num(a[0]!), a.length > 1 ? num(a[1]!) : 0),
  },
  floor: { type: (a) => (arity("floor", a, 1), numericArgs("floor", a), INT), impl: (a) => Math.floor(num(a[0]!)) },
  ceil: { type: (a) => (arity("ceil", a, 1), numericArgs("ceil", a), INT), impl: (a) => Math.ceil(num(a[0]!)) },
  abs: { type: (a) => (arity("abs", a, 1), numericArgs("abs", a), unifyNumeric(a)), impl: (a) => Math.abs(num(a[0]!)) },
  sqrt: { type: (a) => (arity("sqrt", a, 1), numericArgs("sqrt", a), { t: "float" }), impl: (a) => Math.sqrt(num(a[0]!)) },
  min: { type: (a) => (arity("min", a, 1, Infinity), numericArgs("min", a), unifyNumeric(a)), impl: (a) => Math.min(...(a as number[])) },
  max: { type: (a) => (arity("max", a, 1, Infinity), numericArgs("max", a), unifyNumeric(a)), impl: (a) => Math.max(...(a as number[])) },
  clamp: {
    type: (a) => (arity("clamp", a, 3), numericArgs("clamp", a), unifyNumeric(a)),
    impl: (a) => Math.min(Math.max(num(a[0]!), num(a[1]!)), num(a[2]!)),
  },
  year: { type: (a) => (dateOf("year", a), INT), impl: (a, t) => cacheYear[civil(toDays(a[0]!, t[0]!))]!, num1: (x, t) => cacheYear[civil(toDays(x, t))]! },
  month: { type: (a) => (dateOf("month", a), INT), impl: (a, t) => cacheMonth[civil(toDays(a[0]!, t[0]!))]!, num1: (x, t) => cacheMonth[civil(toDays(x, t))]! },
  day: { type: (a) => (dateOf("day", a), INT), impl: (a, t) => cacheDate[civil(toDays(a[0]!, t[0]!))]!, num1: (x, t) => cacheDate[civil(toDays(x, t))]! },
  dayofyear: {
    type: (a) => (dateOf("dayofyear", a), INT),
    impl: (a, t) => {
      const d = toDays(a[0]!, t[0]!);
      return d - daysFromCivil(cacheYear[civil(d)]!, 1, 1) + 1;
    },
  },
  weekday: { type: (a) => (dateOf("weekday", a), INT), impl: (a, t) => weekdayOfDays(toDays(a[0]!, t[0]!)), num1: (x, t) => weekdayOfDays(toDays(x, t)) },
  hour: { type: (a) => (timeOf("hour", a), INT), impl: (a, t) => Math.floor(toSeconds(a[0]!, t[0]!) / 3600), num1: (x, t) => Math.floor(toSeconds(x, t) / 3600) },
  minute: { type: (a) => (timeOf("minute", a), INT), impl: (a, t) => Math.floor(toSeconds(a[0]!, t[0]!) / 60) % 60 },
  second: { type: (a) => (timeOf("second", a), INT), impl: (a, t) => Math.floor(toSeconds(a[0]!, t[0]!)) % 60 },
  concat: { type: (a) => (arity("concat", a, 1, Infinity), STR), impl: (a) => a.map(valueText).join(""), nullPropagates: false },
  str: { type: (a) => (arity("str", a, 1), STR), impl: (a) => valueText(a[0]!) },
  upper: { type: (a) => (arity("upper", a, 1), STR), impl: (a) => valueText(a[0]!).toUpperCase() },
  lower: { type: (a) => (arity("lower", a, 1), STR), impl: (a) => valueText(a[0]!).toLowerCase() },
  len: { type: (a) => (arity("len", a, 1), INT), impl: (a) => valueText(a[0]!).length },
  pad: {
    type: (a) => (arity("pad", a, 2), numericArgs("pad", [a[1]!]), STR),
    impl: (a) => valueText(a[0]!).padStart(num(a[1]!), typeof a[0] === "number" ? "0" : " "),
  },
  if: {
    type(a) {
      arity("if", a, 3);
      if (!(a[0]!.t === "bool" || a[0]!.t === "any")) throw new ExpressionTypeError(`if() needs a condition (true/false) first, got ${describe(a[0]!)}`);
      return unifyBranches(a[1]!, a[2]!);
    },
    impl: (a) => (a[0] === true ? a[1]! : a[2]!),
    nullPropagates: false,
  },
  coalesce: {
    type: (a) => (arity("coalesce", a, 1, Infinity), a.reduce(unifyBranches)),
    impl: (a) => a.find((v) => v !== null) ?? null,
    nullPropagates: false,
  },
  // Date construction (makedate, adddays, daysinyear), kept in its own file.
  ...DATE_FUNCTIONS,
  // sin, cos, tan, exp, log, pow, haversine.
  ...MATH_FUNCTIONS,
};

/** The type of `c ? a : b` (or if/coalesce): null joins anything, numbers widen, others must match. */
export function unifyBranches(a: ExprType, b: ExprType): ExprType {
  if (a.t === "null") return b;
  if (b.t === "null") return a;
  if (a.t === "any" || b.t === "any") return { t: "any" };
  if (isNumeric(a) && isNumeric(b)) return unifyNumeric([a, b]);
  if (a.t === b.t) return a;
  if (isTemporal(a) || isTemporal(b) || a.t !== b.t) throw new ExpressionTypeError(`both branches must have the same type, got ${describe(a)} and ${describe(b)}`);
  return a;
}
