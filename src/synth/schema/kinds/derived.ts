import type { ExprType } from "../expr/types.js";
import type { ColumnShape } from "../plan.js";
import { formatStored } from "../runtime/format.js";
import { storeVec } from "../runtime/vectors.js";
import { outputShape, type KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

const DEFAULT_FORMATS: Partial<Record<string, string>> = { date: "YYYY-MM-DD", time: "HH:mm:ss", datetime: "iso" };

/** The natural output shape of an expression type. */
function shapeOfType(t: ExprType): ColumnShape {
  if (t.t === "decimal") return { type: "decimal", scale: t.scale ?? 2 };
  if (t.t === "null" || t.t === "any") return { type: "string" };
  const format = DEFAULT_FORMATS[t.t];
  return format === undefined ? { type: t.t } : { type: t.t, format };
}

export const expression: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "expr", "type", "scale", ...COMMON], "an expression column");
  const before = c.count;
  if (!c.required(o, "expr", path, "e.g. price * quantity")) return undefined;
  const e = env.expr(o.expr, `${path}.expr`);
  if (e === undefined || c.count > before) return undefined;
  const natural = shapeOfType(e.type);
  const shape = outputShape(o, path, c, natural);
  if (shape === undefined) return undefined;
  const numericOut = ["int", "float", "decimal"].includes(shape.type);
  const numericIn = ["int", "float", "decimal", "null", "any"].includes(e.type.t);
  if (o.type !== undefined && ((numericOut && !numericIn) || (shape.type === "bool" && !["bool", "null"].includes(e.type.t)))) {
    c.add(`${path}.type`, "invalid_value", `the expression gives ${e.type.t}, which cannot be stored as ${shape.type}`);
    return undefined;
  }
  return {
    shape,
    generate: (s) => storeVec(shape, e.evaluate(s.columns), s.length),
  };
};

export const template: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "template", ...COMMON], "a template column");
  const text = c.string(o, "template", path, { required: true, hint: 'e.g. "{house} {street} {street_type}"' });
  if (text === undefined) return undefined;
  const parts: (string | { column: string })[] = [];
  const re = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]/g;
  let last = 0;
  let ok = true;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[0] === "{{") parts.push("{");
    else if (m[0] === "}}") parts.push("}");
    else if (m[1] !== undefined) {
      if (env.dep(m[1], `${path}.template`) === undefined) {
        c.add(`${path}.template`, "unknown_column", `the template uses {${m[1]}} but there is no column "${m[1]}"`);
        ok = false;
      }
      parts.push({ column: m[1] });
    } else {
      c.add(`${path}.template`, "invalid_value", `unmatched "${m[0]}" at character ${m.index + 1}; write {column}, or {{ and }} for literal braces`);
      ok = false;
    }
    last = re.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (!ok) return undefined;
  return {
    shape: { type: "string" },
    generate(s) {
      const readers = parts.map((p) => {
        if (typeof p === "string") return () => p;
        const shape = s.shapeOf(p.column);
        const vec = s.vector(p.column);
        const nulls = vec.nulls;
        const v = vec.values;
        let f: (i: number) => string;
        if (v instanceof Float64Array || v instanceof Uint8Array) f = (i) => formatStored({ name: p.column, ...shape }, v[i]!);
        else if (Array.isArray(v)) f = (i) => v[i]!;
        else {
          const d = v;
          f = (i) => d.dictionary[d.codes[i]!]!;
        }
        return nulls === undefined ? f : (i: number) => (nulls[i] === 1 ? "" : f(i));
      });
      const out = new Array<string>(s.length);
      for (let i = 0; i < s.length; i++) {
        let t = "";
        for (let k = 0; k < readers.length; k++) t += readers[k]!(i);
        out[i] = t;
      }
      return { values: out };
    },
  };
};
