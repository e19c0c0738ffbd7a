import { MimicError } from "../../../errors/index.js";
import type { ColumnImpl } from "../plan.js";
import { FeistelPermutation, mixBits } from "../runtime/feistel.js";
import { dictionary, numericStorer } from "../runtime/vectors.js";
import type { DataValue } from "../types.js";
import { outputShape, type KindBuilder } from "./env.js";

const HEX = "0123456789abcdef";
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => HEX[b >>> 4]! + HEX[b & 15]!);
const hex8 = (x: number): string => BYTE_HEX[x >>> 24]! + BYTE_HEX[(x >>> 16) & 255]! + BYTE_HEX[(x >>> 8) & 255]! + BYTE_HEX[x & 255]!;

/** Renders n into the `#` slots of a pattern (zero-padded; more digits than slots widen it). */
function patternFormatter(pattern: string): (n: number) => string {
  const first = pattern.indexOf("#");
  let last = first;
  while (pattern[last + 1] === "#") last++;
  const prefix = pattern.slice(0, first);
  const suffix = pattern.slice(last + 1);
  const width = last - first + 1;
  return (n) => prefix + String(n).padStart(width, "0") + suffix;
}

export const sequence: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "start", "step", "pattern", ...COMMON], "a sequence column");
  const start = c.number(o, "start", path) ?? 1;
  const step = c.number(o, "step", path) ?? 1;
  const pattern = c.string(o, "pattern", path);
  if (pattern !== undefined && !/#/.test(pattern)) c.add(`${path}.pattern`, "invalid_value", 'pattern needs "#" where the number goes, e.g. "ORD-######"');
  if (pattern !== undefined) {
    if (!/#/.test(pattern)) return undefined;
    const fmt = patternFormatter(pattern);
    return {
      shape: { type: "string" },
      generate(s) {
        const out = new Array<string>(s.length);
        for (let i = 0; i < s.length; i++) out[i] = fmt(start + step * s.globalIndex(i));
        return { values: out };
      },
    };
  }
  const integral = Number.isInteger(start) && Number.isInteger(step);
  return {
    shape: { type: integral ? "int" : "float" },
    generate(s) {
      const out = new Float64Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = start + step * s.globalIndex(i);
      return { values: out };
    },
  };
};

export const COMMON = ["hidden", "nulls", "scope", "description"];

export const unique: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "format", "length", "digits", "min", "pattern", ...COMMON], "a unique column");
  const before = c.count;
  const pattern = c.string(o, "pattern", path);
  const format = c.string(o, "format", path, { oneOf: ["hex", "uuid", "int"] }) ?? "hex";
  const length = c.number(o, "length", path, { integer: true, min: 1, max: 64 }) ?? 32;
  const digits = c.number(o, "digits", path, { integer: true, min: 1, max: 15 }) ?? 9;
  const min = c.number(o, "min", path, { integer: true }) ?? 0;
  if (pattern !== undefined && o.format !== undefined) c.add(`${path}.format`, "conflict", 'give either "pattern" or "format", not both');
  if (pattern !== undefined && !/[#%]/.test(pattern)) c.add(`${path}.pattern`, "invalid_value", 'pattern needs "#" (a digit) or "%" (a hex digit) slots, e.g. "TX-########"');
  if (c.count > before) return undefined;

  // The id space and how one permuted value is rendered.
  let size: number;
  let render: (v: number, key: number) => string | number;
  if (pattern !== undefined) {
    const slots = [...pattern].map((ch) => (ch === "#" ? 10 : ch === "%" ? 16 : 0));
    size = slots.reduce((s, r) => (r > 0 ? s * r : s), 1);
    if (size > 2 ** 52) {
      c.add(`${path}.pattern`, "out_of_range", "pattern has too many slots (more than 2^52 ids); use fewer # or %");
      return undefined;
    }
    render = (v) => {
      let out = "";
      let rest = v;
      for (let i = pattern.length - 1; i >= 0; i--) {
        const r = slots[i]!;
        if (r === 0) out = pattern[i]! + out;
        else {
          out = HEX[rest % r]! + out;
          rest = Math.floor(rest / r);
        }
      }
      return out;
    };
  } else if (format === "int") {
    size = 10 ** digits;
    if (!Number.isSafeInteger(min + size)) {
      c.add(`${path}.min`, "out_of_range", "min + 10^digits must stay a safe integer (below 2^53)");
      return undefined;
    }
    render = (v) => min + v;
  } else {
    const hexDigits = format === "uuid" ? 32 : length;
    const uniqueDigits = Math.min(hexDigits, 13); // 13 hex digits = 52 bits, the permutation's limit
    const decoDigits = hexDigits - uniqueDigits;
    size = 16 ** uniqueDigits;
    const deco = (v: number, key: number): string => {
      let out = "";
      for (let lane = 0; out.length < decoDigits; lane++) out += hex8(mixBits(v, key, lane));
      return out.length === decoDigits ? out : out.slice(0, decoDigits);
    };
    render = (v, key) => {
      // The last 13 digits are the unique part; leading digits are a keyed hash of it (decoration).
      const hi = Math.floor(v / 4294967296);
      const u13 = BYTE_HEX[(hi >>> 16) & 15]!.charAt(1) + BYTE_HEX[(hi >>> 8) & 255]! + BYTE_HEX[hi & 255]! + hex8(v >>> 0);
      const uniq = uniqueDigits === 13 ? u13 : u13.slice(13 - uniqueDigits);
      const s = decoDigits === 0 ? uniq : deco(v, key) + uniq;
      if (format !== "uuid") return s;
      const variant = HEX[8 + (parseInt(s[16]!, 16) & 3)]!;
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20)}`;
    };
  }
  const isInt = pattern === undefined && format === "int";
  const column = env.name;
  let cached: { perm: FeistelPermutation; deco: number } | undefined;
  return {
    shape: { type: isInt ? "int" : "string" },
    generate(s) {
      // Keys come from the column's chunk-independent stream: one permutation for the whole table.
      if (cached === undefined) {
        const keyRng = s.columnRng.fork("$unique-key");
        const keys = Uint32Array.from({ length: FeistelPermutation.rounds + 1 }, () => keyRng.uint32());
        cached = { perm: new FeistelPermutation(size, keys), deco: keys[FeistelPermutation.rounds]! };
      }
      const { perm, deco } = cached;
      const at = (i: number): number => {
        const g = s.globalIndex(i);
        if (g >= size) {
          throw new MimicError(
            "SCHEMA_UNIQUE_EXHAUSTED",
            `column "${column}" holds ${size} unique ids but row ${g + 1} needs another; use a longer length/digits/pattern or fewer rows`,
          );
        }
        return perm.apply(g);
      };
      if (isInt) {
        const out = new Float64Array(s.length);
        for (let i = 0; i < s.length; i++) out[i] = render(at(i), deco) as number;
        return { values: out };
      }
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = render(at(i), deco) as string;
      return { values: out };
    },
  };
};

export const constant: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "value", "type", "scale", ...COMMON], "a constant column");
  if (!c.required(o, "value", path, "the value every row gets (text, number, true/false or null)")) return undefined;
  const value = o.value as DataValue;
  if (!(value === null || ["string", "number", "boolean"].includes(typeof value))) {
    c.add(`${path}.value`, "invalid_type", "value must be text, a number, true/false or null");
    return undefined;
  }
  const natural = typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value === "boolean" ? "bool" : "string";
  const shape = outputShape(o, path, c, { type: natural });
  if (shape === undefined) return undefined;
  const fits =
    value === null ||
    shape.type === "string" ||
    (typeof value === "number" && ["int", "float", "decimal"].includes(shape.type)) ||
    (typeof value === "boolean" && shape.type === "bool");
  if (!fits) {
    c.add(`${path}.type`, "invalid_value", `type ${shape.type} does not fit the value ${JSON.stringify(value)}`);
    return undefined;
  }
  return constantImpl(shape, value);
};

/** A column whose every row holds `value` (null gives an all-null column). */
export function constantImpl(shape: ColumnImpl["shape"], value: DataValue): ColumnImpl {
  return {
    shape,
    generate(s) {
      const n = s.length;
      const nulls = value === null ? new Uint8Array(n).fill(1) : undefined;
      if (shape.type === "string") {
        const v = dictionary(new Uint32Array(n), [value === null ? "" : String(value)]);
        return nulls === undefined ? { values: v } : { values: v, nulls };
      }
      if (shape.type === "bool") {
        const out = new Uint8Array(n).fill(value === true ? 1 : 0);
        return nulls === undefined ? { values: out } : { values: out, nulls };
      }
      const out = new Float64Array(n).fill(typeof value === "number" ? numericStorer(shape)(value) : 0);
      return nulls === undefined ? { values: out } : { values: out, nulls };
    },
  };
}
