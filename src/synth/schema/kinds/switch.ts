import type { ColumnValues, ColumnVector, DictionaryValues } from "../../batch.js";
import type { Eval } from "../expr/types.js";
import type { CompiledExpression } from "../expr/compile.js";
import type { Obj } from "../internal/checker.js";
import type { ChunkScope, ColumnImpl, ColumnShape } from "../plan.js";
import type { BuildEnv, KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

export const BRANCH_KINDS = ["constant", "categorical", "numeric", "date", "time", "datetime", "lookup", "expression", "template"];

/** Builds the switch kind given the builders of the kinds a branch may use. */
export function makeSwitch(buildBranch: (value: unknown, path: string, env: BuildEnv) => ColumnImpl | undefined): KindBuilder {
  return (o: Obj, path: string, env: BuildEnv) => {
    const { c } = env;
    c.keys(o, path, ["kind", "cases", "default", ...COMMON], "a switch column");
    const before = c.count;
    if (!Array.isArray(o.cases) || o.cases.length === 0) {
      c.add(`${path}.cases`, o.cases === undefined ? "required" : "invalid_type", "cases must be a non-empty list of { when, then }");
      return undefined;
    }
    const whens: (CompiledExpression | undefined)[] = [];
    const branches: (ColumnImpl | null | undefined)[] = [];
    o.cases.forEach((item, k) => {
      const at = `${path}.cases[${k}]`;
      const co = c.object(item, at, "a switch case");
      if (co === undefined) return;
      c.keys(co, at, ["when", "then"], "a switch case");
      const when = env.expr(co.when, `${at}.when`);
      if (when !== undefined && when.type.t !== "bool" && when.type.t !== "any") c.add(`${at}.when`, "invalid_type", `when must be a condition (true/false), got ${when.type.t}`);
      whens.push(when);
      if (!("then" in co)) c.add(`${at}.then`, "required", '"then" is required: a column description, or null');
      branches.push(co.then === null || co.then === undefined ? null : buildBranch(co.then, `${at}.then`, env));
    });
    const fallback = o.default === undefined || o.default === null ? null : buildBranch(o.default, `${path}.default`, env);
    if (c.count > before || branches.includes(undefined) || fallback === undefined) return undefined;
    const all = [...branches, fallback] as (ColumnImpl | null)[];
    const shapes = all.filter((b): b is ColumnImpl => b !== null).map((b) => b.shape);
    if (shapes.length === 0) {
      c.add(`${path}.cases`, "invalid_value", "every branch is null; give at least one branch a value");
      return undefined;
    }
    const type = shapes[0]!.type;
    if (!shapes.every((s) => s.type === type)) {
      c.add(`${path}.cases`, "type_mismatch", `every branch must give the same type, got ${[...new Set(shapes.map((s) => s.type))].join(" and ")}; set "type" on the branches`);
      return undefined;
    }
    const scale = Math.max(...shapes.map((s) => s.scale ?? 2));
    const shape: ColumnShape = type === "decimal" ? { type, scale } : shapes[0]!;
    const conds = whens as CompiledExpression[];
    return {
      shape,
      generate(s) {
        const tests: Eval[] = conds.map((w) => w.bind(s.reader));
        const pick = new Int32Array(s.length);
        for (let i = 0; i < s.length; i++) {
          let k = 0;
          while (k < tests.length && tests[k]!(i) !== true) k++;
          pick[i] = k; // k === cases.length means the default
        }
        const vectors = all.map((b, k) => (b === null ? null : b.generate(branchScope(s, k))));
        return merge(shape, all, vectors, pick);
      },
    };
  };
}

function branchScope(s: ChunkScope, k: number): ChunkScope {
  const rng = s.rng.fork("case", k);
  const columnRng = s.columnRng.fork("case", k);
  return { ...s, globalIndex: (i) => s.globalIndex(i), reader: (n) => s.reader(n), vector: (n) => s.vector(n), shapeOf: (n) => s.shapeOf(n), rng, columnRng };
}

/** Row i takes branch pick[i]'s value; null branches and branch nulls give nulls. */
function merge(shape: ColumnShape, impls: (ColumnImpl | null)[], vectors: (ColumnVector | null)[], pick: Int32Array): ColumnVector {
  const n = pick.length;
  const nulls = new Uint8Array(n);
  let anyNull = false;
  for (let i = 0; i < n; i++) {
    const v = vectors[pick[i]!];
    if (v === null || v === undefined || v.nulls?.[i] === 1) {
      nulls[i] = 1;
      anyNull = true;
    }
  }
  let values: ColumnValues;
  if (shape.type === "string") {
    const dicts = vectors.map((v) => (v === null ? null : v.values));
    if (dicts.every((d) => d === null || (!Array.isArray(d) && !(d instanceof Float64Array) && !(d instanceof Uint8Array)))) {
      // All dictionaries: merge them, remapping each branch's codes.
      const merged: string[] = [];
      const codeOf = new Map<string, number>();
      const remap = dicts.map((d) =>
        d === null
          ? null
          : Uint32Array.from((d as DictionaryValues).dictionary, (t) => {
              let c = codeOf.get(t);
              if (c === undefined) codeOf.set(t, (c = merged.push(t) - 1));
              return c;
            }),
      );
      const codes = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const k = pick[i]!;
        const d = dicts[k] as DictionaryValues | null;
        if (d !== null && nulls[i] === 0) codes[i] = remap[k]![d.codes[i]!]!;
      }
      values = { kind: "dictionary", codes, dictionary: merged };
    } else {
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const v = vectors[pick[i]!];
        const vals = v?.values;
        out[i] = vals === undefined || nulls[i] === 1 ? "" : Array.isArray(vals) ? vals[i]! : (vals as DictionaryValues).dictionary[(vals as DictionaryValues).codes[i]!]!;
      }
      values = out;
    }
  } else if (shape.type === "bool") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = nulls[i] === 1 ? 0 : (vectors[pick[i]!]!.values as Uint8Array)[i]!;
    values = out;
  } else {
    // Decimal branches of smaller scale are rescaled exactly to the switch's scale.
    const factors = impls.map((b) => (b === null || shape.type !== "decimal" ? 1 : 10 ** ((shape.scale ?? 2) - (b.shape.scale ?? 2))));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = pick[i]!;
      out[i] = nulls[i] === 1 ? 0 : (vectors[k]!.values as Float64Array)[i]! * factors[k]!;
    }
    values = out;
  }
  return anyNull ? { values, nulls } : { values };
}
