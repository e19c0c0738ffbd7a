import type { ColumnValues } from "../../batch.js";
import { AliasTable } from "../../distributions/index.js";
import type { CompiledExpression } from "../expr/compile.js";
import { truthy } from "../expr/vector.js";
import { isObj, type Checker } from "../internal/checker.js";
import type { ColumnShape } from "../plan.js";
import { fieldType } from "../runtime/data.js";
import { dictionary, numericStorer } from "../runtime/vectors.js";
import { outputShape, type KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

type Label = string | number | boolean;

/** Weights from a list aligned with labels, or a map label → weight (unlisted: `missing`). */
function readWeights(value: unknown, at: string, labels: readonly Label[], c: Checker, missing: number): number[] | undefined {
  if (Array.isArray(value)) {
    if (value.length !== labels.length) {
      c.add(at, "length_mismatch", `weights needs one number per value: ${labels.length} values, ${value.length} weights`);
      return undefined;
    }
    if (!value.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0)) {
      c.add(at, "invalid_value", "weights must be numbers ≥ 0");
      return undefined;
    }
    return value as number[];
  }
  if (isObj(value)) {
    const out = labels.map(() => missing);
    const text = labels.map(String);
    for (const [k, w] of Object.entries(value)) {
      if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
        c.add(`${at}.${k}`, "invalid_value", `the weight of "${k}" must be a number ≥ 0`);
        return undefined;
      }
      let found = false;
      text.forEach((t, i) => {
        if (t === k) {
          out[i] = w;
          found = true;
        }
      });
      if (!found) {
        c.add(`${at}.${k}`, "unknown_value", `"${k}" is not one of the values (${text.slice(0, 12).join(", ")}${text.length > 12 ? ", …" : ""})`);
        return undefined;
      }
    }
    return out;
  }
  c.add(at, "invalid_type", "weights must be a list (one per value) or a mapping value → weight");
  return undefined;
}

function aliasOrIssue(weights: number[], at: string, c: Checker): AliasTable | undefined {
  if (!weights.some((w) => w > 0)) {
    c.add(at, "invalid_value", "at least one weight must be > 0");
    return undefined;
  }
  return new AliasTable(weights);
}

/** which[i] = k where cond holds: a leaf loop (see expr/vector.ts). */
function markWhere(cond: Uint8Array, k: number, which: Uint32Array): void {
  for (let i = 0; i < which.length; i++) if (cond[i] === 1) which[i] = k;
}

export const categorical: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "values", "weights", "data", "field", "weightField", "cases", "type", "scale", ...COMMON], "a categorical column");
  const before = c.count;
  let labels: Label[] | undefined;
  let baseWeights: number[] | undefined;
  let natural: ColumnShape["type"] = "string";
  if (o.values !== undefined && o.data !== undefined) {
    c.add(path, "conflict", 'give either "values" or "data" + "field", not both');
    return undefined;
  }
  if (o.data !== undefined) {
    const table = env.data(o.data, `${path}.data`);
    const field = c.string(o, "field", path, { required: true, hint: "the data field whose values this column takes" });
    const weightField = c.string(o, "weightField", path);
    if (table === undefined || field === undefined) return undefined;
    for (const [key, f] of [
      ["field", field],
      ["weightField", weightField],
    ] as const) {
      if (f !== undefined && !table.fields.includes(f))
        c.add(`${path}.${key}`, "unknown_field", `data table "${table.name}" has no field "${f}"; it has ${table.fields.join(", ")}`);
    }
    if (c.count > before) return undefined;
    labels = table.records.map((r) => r[field] ?? "");
    natural = fieldType(table, field);
    if (weightField !== undefined) {
      baseWeights = table.records.map((r) => r[weightField]) as number[];
      if (!baseWeights.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0)) {
        c.add(`${path}.weightField`, "invalid_value", `every "${weightField}" in data table "${table.name}" must be a number ≥ 0`);
        return undefined;
      }
    }
  } else if (Array.isArray(o.values)) {
    labels = o.values as Label[];
    if (labels.length === 0 || !labels.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
      c.add(`${path}.values`, "invalid_value", "values must be a non-empty list of text, numbers or true/false");
      return undefined;
    }
    if (new Set(labels.map(String)).size !== labels.length)
      c.add(`${path}.values`, "duplicate_value", "values must not repeat; give a repeated value more weight instead");
    natural = labels.every((v) => typeof v === "number")
      ? labels.every((v) => Number.isInteger(v))
        ? "int"
        : "float"
      : labels.every((v) => typeof v === "boolean")
        ? "bool"
        : "string";
    if (o.weights !== undefined) baseWeights = readWeights(o.weights, `${path}.weights`, labels, c, 0);
  } else if (isObj(o.values)) {
    if (o.weights !== undefined) c.add(`${path}.weights`, "conflict", "values is already a mapping value → weight; drop weights");
    labels = Object.keys(o.values);
    baseWeights = readWeights(o.values, `${path}.values`, labels, c, 0);
  } else {
    c.add(`${path}.values`, o.values === undefined ? "required" : "invalid_type", 'give "values" (a list, or a mapping value → weight) or "data" + "field"');
    return undefined;
  }
  if (c.count > before || labels === undefined) return undefined;
  const weights = baseWeights ?? labels.map(() => 1);
  const base = aliasOrIssue(weights, `${path}.${o.data !== undefined ? "weightField" : "weights"}`, c);

  // Conditional weights: the first case whose `when` holds picks the table for the row.
  const cases: { when: CompiledExpression; table: AliasTable }[] = [];
  if (o.cases !== undefined) {
    if (!Array.isArray(o.cases) || o.cases.length === 0) c.add(`${path}.cases`, "invalid_type", "cases must be a non-empty list of { when, weights | scale }");
    else
      o.cases.forEach((item, k) => {
        const at = `${path}.cases[${k}]`;
        const co = c.object(item, at, "a case");
        if (co === undefined) return;
        c.keys(co, at, ["when", "weights", "scale"], "a categorical case");
        const when = env.expr(co.when, `${at}.when`);
        let w: number[] | undefined;
        if ((co.weights === undefined) === (co.scale === undefined))
          c.add(at, "required", 'a case needs exactly one of "weights" (replace) or "scale" (multiply)');
        else if (co.weights !== undefined) w = readWeights(co.weights, `${at}.weights`, labels, c, 0);
        else {
          const factors = readWeights(co.scale, `${at}.scale`, labels, c, 1);
          if (factors !== undefined) w = weights.map((x, i) => x * factors[i]!);
        }
        const table = w === undefined ? undefined : aliasOrIssue(w, at, c);
        if (when !== undefined && when.type.t !== "bool" && when.type.t !== "any")
          c.add(`${at}.when`, "invalid_type", `when must be a condition (true/false), got ${when.type.t}`);
        else if (when !== undefined && table !== undefined) cases.push({ when, table });
      });
  }
  const shape = outputShape(o, path, c, { type: natural });
  if (shape === undefined || base === undefined || c.count > before) return undefined;
  if (shape.type !== "string" && shape.type !== "bool" && !labels.every((v) => typeof v === "number")) {
    c.add(`${path}.type`, "invalid_value", `type ${shape.type} needs every value to be a number`);
    return undefined;
  }

  // How a category index becomes a stored value.
  let emit: (indices: Uint32Array) => ColumnValues;
  if (shape.type === "string") {
    const text = labels.map(String);
    const dict = [...new Set(text)];
    const codeOf = new Map(dict.map((t, i) => [t, i]));
    const codes = Uint32Array.from(text, (t) => codeOf.get(t)!);
    const identity = dict.length === text.length;
    emit = (idx) => {
      if (!identity) for (let i = 0; i < idx.length; i++) idx[i] = codes[idx[i]!]!;
      return dictionary(idx, dict);
    };
  } else if (shape.type === "bool") {
    const bits = Uint8Array.from(labels, (v) => (v === true || v === "true" ? 1 : 0));
    emit = (idx) => {
      const out = new Uint8Array(idx.length);
      for (let i = 0; i < idx.length; i++) out[i] = bits[idx[i]!]!;
      return out;
    };
  } else {
    const store = numericStorer(shape);
    const vals = Float64Array.from(labels as number[], store);
    emit = (idx) => {
      const out = new Float64Array(idx.length);
      for (let i = 0; i < idx.length; i++) out[i] = vals[idx[i]!]!;
      return out;
    };
  }
  const tables = [base, ...cases.map((cs) => cs.table)];
  let scratchWhich = new Uint32Array(0);
  return {
    shape,
    generate(s) {
      const idx = new Uint32Array(s.length);
      if (cases.length === 0) base.fill(s.rng, idx);
      else {
        // Each row's table: the first case whose condition holds (cases applied last to first).
        if (scratchWhich.length < s.length) scratchWhich = new Uint32Array(s.length);
        const which = scratchWhich.subarray(0, s.length).fill(0);
        for (let k = cases.length - 1; k >= 0; k--) {
          markWhere(truthy(cases[k]!.when.evaluate(s.columns), s.length), k + 1, which);
        }
        AliasTable.fillEach(tables, which, s.rng, idx);
      }
      return { values: emit(idx) };
    },
  };
};
