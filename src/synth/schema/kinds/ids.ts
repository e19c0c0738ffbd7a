import type { Obj } from "../internal/checker.js";
import type { ColumnImpl } from "../plan.js";
import { POSITION } from "../table-links.js";
import { dictionary, numericStorer } from "../runtime/vectors.js";
import type { DataValue } from "../types.js";
import { outputShape, type BuildEnv, type KindBuilder } from "./env.js";

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
  c.keys(o, path, ["kind", "start", "step", "pattern", "within", ...COMMON], "a sequence column");
  const start = c.number(o, "start", path) ?? 1;
  const step = c.number(o, "step", path) ?? 1;
  const within = c.string(o, "within", path, { oneOf: ["table", "parent", "group"] }) ?? "table";
  if (within !== "table") return numberWithin(within, start, step, o, path, env);
  const pattern = c.string(o, "pattern", path);
  if (pattern !== undefined && !/#/.test(pattern)) c.add(`${path}.pattern`, "invalid_value", 'pattern needs "#" where the number goes, e.g. "ORD-######"');
  if (pattern !== undefined) {
    if (!/#/.test(pattern)) return undefined;
    const fmt = patternFormatter(pattern);
    return {
      shape: { type: "string" },
      generate(s) {
        const out = new Array<string>(s.length);
        const index = s.groupOrdinal ?? s.globalIndex;
        for (let i = 0; i < s.length; i++) out[i] = fmt(start + step * index(i));
        return { values: out };
      },
    };
  }
  const integral = Number.isInteger(start) && Number.isInteger(step);
  return {
    shape: { type: integral ? "int" : "float" },
    generate(s) {
      const out = new Float64Array(s.length);
      // With scope: group, groups are numbered 1, 2, 3… (not by the row where they start).
      const index = s.groupOrdinal ?? s.globalIndex;
      for (let i = 0; i < s.length; i++) out[i] = start + step * index(i);
      return { values: out };
    },
  };
};

export const COMMON = ["hidden", "nulls", "scope", "description"];

/**
 * start, start+step, … restarting for each parent row (`within: parent`: line 1, 2, 3 of an order)
 * or each group (`within: group`: the row's index in its basket).
 */
const numberWithin = (within: string, start: number, step: number, o: Obj, path: string, env: BuildEnv): ColumnImpl | undefined => {
  const { c } = env;
  if (o.pattern !== undefined) c.add(`${path}.pattern`, "invalid_value", `pattern is not available with within: ${within}; use a template column`);
  if (o.scope === "group") c.add(`${path}.scope`, "invalid_value", `within: ${within} numbers rows; remove scope: group`);
  const type = Number.isInteger(start) && Number.isInteger(step) ? "int" : "float";
  if (within === "parent") {
    if (env.inputShape(POSITION) === undefined) {
      c.add(`${path}.within`, "invalid_value", "within: parent needs a reference with perParent in this table (its rows then belong to parent rows)");
      return undefined;
    }
    env.dep(POSITION, path);
    return {
      shape: { type },
      generate(s) {
        const position = s.vector(POSITION).values as Float64Array;
        const out = new Float64Array(s.length);
        for (let i = 0; i < s.length; i++) out[i] = start + step * position[i]!;
        return { values: out };
      },
    };
  }
  if (env.columnSpec === undefined || !env.hasGroups) {
    c.add(`${path}.within`, "invalid_value", 'within: group needs a "group" (with a size distribution) on the table');
    return undefined;
  }
  return {
    shape: { type },
    generate(s) {
      const out = new Float64Array(s.length);
      const g = s.groups;
      for (let i = 0; i < s.length; i++) out[i] = start + step * (g === undefined ? 0 : i - g.firstRow[g.ofRow[i]!]!);
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
