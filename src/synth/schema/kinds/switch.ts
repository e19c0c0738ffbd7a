import type { ColumnValues, ColumnVector } from "../../batch.js";
import { truthy } from "../expr/vector.js";
import type { CompiledExpression } from "../expr/compile.js";
import type { Obj } from "../internal/checker.js";
import type { ChunkScope, ColumnImpl, ColumnShape } from "../plan.js";
import type { BuildEnv, KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";
import { recoded, vecContext } from "../runtime/vectors.js";
import type { VecContext } from "../expr/vector.js";

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
        const tests = conds.map((w) => truthy(w.evaluate(s.columns), s.length));
        // Each row's branch: the first case that holds (cases applied last to first), else the default.
        const pick = new Int32Array(s.length).fill(tests.length);
        for (let k = tests.length - 1; k >= 0; k--) markCase(tests[k]!, k, pick);
        const counts = new Int32Array(all.length);
        countPicks(pick, counts);
        // Each branch fills only the rows that chose it (a sub-scope), so every row is drawn once.
        const rowsOf = all.map((_, k) => new Uint32Array(counts[k]!));
        listRows(pick, rowsOf);
        const parts = all.map((b, k) => (b === null || rowsOf[k]!.length === 0 ? null : { rows: rowsOf[k]!, impl: b, vector: b.generate(subScope(s, k, rowsOf[k]!)) }));
        return scatter(shape, s.length, parts);
      },
    };
  };
}

// Hot loops live in leaf functions (see expr/vector.ts): the code after them keeps its feedback.
function markCase(test: Uint8Array, k: number, pick: Int32Array): void {
  for (let i = 0; i < pick.length; i++) if (test[i] === 1) pick[i] = k;
}

function countPicks(pick: Int32Array, counts: Int32Array): void {
  for (let i = 0; i < pick.length; i++) counts[pick[i]!]!++;
}

function listRows(pick: Int32Array, rowsOf: Uint32Array[]): void {
  const fill = new Int32Array(rowsOf.length);
  for (let i = 0; i < pick.length; i++) {
    const k = pick[i]!;
    rowsOf[k]![fill[k]!++] = i;
  }
}

function gatherNumbers(x: Float64Array | Uint8Array | Uint32Array, rows: Uint32Array, out: Float64Array | Uint8Array | Uint32Array): void {
  for (let j = 0; j < rows.length; j++) out[j] = x[rows[j]!]!;
}

/** The scope of the rows that chose branch k: readers and vectors see those rows only. */
function subScope(s: ChunkScope, k: number, rows: Uint32Array): ChunkScope {
  const gathered = new Map<string, ColumnVector>();
  let ctx: VecContext | undefined;
  return {
    chunkIndex: s.chunkIndex,
    length: rows.length,
    rng: s.rng.fork("case", k),
    columnRng: s.columnRng.fork("case", k),
    globalIndex: (i) => s.globalIndex(rows[i]!),
    reader: (n) => {
      const r = s.reader(n);
      return (i) => r(rows[i]!);
    },
    vector: (n) => {
      let v = gathered.get(n);
      if (v === undefined) gathered.set(n, (v = gather(s.vector(n), rows)));
      return v;
    },
    shapeOf: (n) => s.shapeOf(n),
    // Draws shared within this branch's rows (its own key, so the whole chunk's are not confused).
    shared: (key, make) => s.shared(`${key}|case${k}`, make),
    get columns() {
      return (ctx ??= vecContext(rows.length, (n) => s.shapeOf(n), (n) => this.vector(n)));
    },
  };
}

function gather(v: ColumnVector, rows: Uint32Array): ColumnVector {
  const x = v.values;
  const n = rows.length;
  let values: ColumnValues;
  if (x instanceof Float64Array || x instanceof Uint8Array) {
    const out = x instanceof Float64Array ? new Float64Array(n) : new Uint8Array(n);
    gatherNumbers(x, rows, out);
    values = out;
  } else if (Array.isArray(x)) {
    const out = new Array<string>(n);
    for (let j = 0; j < n; j++) out[j] = x[rows[j]!]!;
    values = out;
  } else {
    const codes = new Uint32Array(n);
    gatherNumbers(x.codes, rows, codes);
    values = recoded(x, codes);
  }
  const src = v.nulls;
  if (src === undefined) return { values };
  const nulls = new Uint8Array(n);
  gatherNumbers(src, rows, nulls);
  return { values, nulls };
}

interface Part {
  rows: Uint32Array;
  impl: ColumnImpl;
  vector: ColumnVector;
}

/** Writes each branch's values back to its rows; rows of null branches (and branch nulls) are null. */
function scatter(shape: ColumnShape, n: number, parts: (Part | null)[]): ColumnVector {
  const nulls = new Uint8Array(n).fill(1);
  let values: ColumnValues;
  if (shape.type === "string") {
    const merged: string[] = [];
    const codeOf = new Map<string, number>();
    const codeFor = (t: string): number => {
      let c = codeOf.get(t);
      if (c === undefined) codeOf.set(t, (c = merged.push(t) - 1));
      return c;
    };
    const allDict = parts.every((p) => p === null || !(Array.isArray(p.vector.values) || p.vector.values instanceof Float64Array || p.vector.values instanceof Uint8Array));
    const codes = new Uint32Array(n);
    const texts = allDict ? undefined : new Array<string>(n).fill("");
    for (const p of parts) {
      if (p === null) continue;
      const v = p.vector.values;
      const rows = p.rows;
      if (Array.isArray(v)) for (let j = 0; j < rows.length; j++) texts![rows[j]!] = v[j]!;
      else if (!(v instanceof Float64Array || v instanceof Uint8Array)) {
        const remap = Uint32Array.from(v.dictionary, codeFor);
        const vc = v.codes;
        if (allDict) for (let j = 0; j < rows.length; j++) codes[rows[j]!] = remap[vc[j]!]!;
        else for (let j = 0; j < rows.length; j++) texts![rows[j]!] = v.dictionary[vc[j]!]!;
      }
    }
    values = allDict ? { kind: "dictionary", codes, dictionary: merged.length > 0 ? merged : [""] } : texts!;
  } else if (shape.type === "bool") {
    const out = new Uint8Array(n);
    for (const p of parts) {
      if (p === null) continue;
      const v = p.vector.values as Uint8Array;
      for (let j = 0; j < p.rows.length; j++) out[p.rows[j]!] = v[j]!;
    }
    values = out;
  } else {
    // Decimal branches of smaller scale are rescaled exactly to the switch's scale.
    const out = new Float64Array(n);
    for (const p of parts) {
      if (p === null) continue;
      const f = shape.type === "decimal" ? 10 ** ((shape.scale ?? 2) - (p.impl.shape.scale ?? 2)) : 1;
      const v = p.vector.values as Float64Array;
      const rows = p.rows;
      for (let j = 0; j < rows.length; j++) out[rows[j]!] = v[j]! * f;
    }
    values = out;
  }
  let anyNull = false;
  for (const p of parts) {
    if (p === null) continue;
    const bn = p.vector.nulls;
    const rows = p.rows;
    if (bn === undefined) for (let j = 0; j < rows.length; j++) nulls[rows[j]!] = 0;
    else for (let j = 0; j < rows.length; j++) nulls[rows[j]!] = bn[j]!;
  }
  for (let i = 0; i < n && !anyNull; i++) anyNull = nulls[i] === 1;
  return anyNull ? { values, nulls } : { values };
}
