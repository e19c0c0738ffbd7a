import type { ColumnVector } from "../../batch.js";
import { fieldType } from "../runtime/data.js";
import { dictionary, makeReader, numericStorer } from "../runtime/vectors.js";
import { outputShape, type KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

export const lookup: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "data", "key", "match", "field", "type", "scale", ...COMMON], "a lookup column");
  const before = c.count;
  const table = env.data(o.data, `${path}.data`);
  const key = c.string(o, "key", path, { required: true, hint: "the column of this table that holds the key" });
  const field = c.string(o, "field", path, { required: true, hint: "the data field to output" });
  const match = c.string(o, "match", path) ?? key;
  if (key !== undefined && env.dep(key, `${path}.key`) === undefined && !c.issues.some((i) => i.path === `${path}.key`)) {
    c.add(`${path}.key`, "unknown_column", `there is no column "${key}" in this table`);
  }
  if (table !== undefined) {
    for (const [k, f] of [["field", field], [o.match === undefined ? "key" : "match", match]] as const) {
      if (f !== undefined && !table.fields.includes(f)) {
        c.add(`${path}.${k}`, "unknown_field", `data table "${table.name}" has no field "${f}"; it has ${table.fields.join(", ")}${k === "key" ? ' (set "match" to the data field to compare with)' : ""}`);
      }
    }
  }
  if (table === undefined || key === undefined || field === undefined || match === undefined || c.count > before) return undefined;
  const index = new Map<string, number>();
  for (let i = 0; i < table.records.length; i++) {
    const k = String(table.records[i]![match] ?? "");
    if (index.has(k)) {
      c.add(`${path}.match`, "duplicate_key", `data table "${table.name}" has "${k}" twice in field "${match}"; lookup keys must be unique`);
      return undefined;
    }
    index.set(k, i);
  }
  const shape = outputShape(o, path, c, { type: fieldType(table, field) });
  if (shape === undefined) return undefined;
  const raw = table.records.map((r) => r[field] ?? null);
  if (["int", "float", "decimal"].includes(shape.type) && !raw.every((v) => v === null || typeof v === "number")) {
    c.add(`${path}.type`, "invalid_value", `type ${shape.type} needs every "${field}" in "${table.name}" to be a number`);
    return undefined;
  }
  const keyName = key;
  // Stored value per record, so a chunk only maps key → record → stored value.
  let emit: (recs: Int32Array) => ColumnVector;
  const nullsOf = (recs: Int32Array): Uint8Array | undefined => {
    let nulls: Uint8Array | undefined;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]!;
      if (r < 0 || raw[r] === null) (nulls ??= new Uint8Array(recs.length))[i] = 1;
    }
    return nulls;
  };
  const vec = (values: ColumnVector["values"], recs: Int32Array): ColumnVector => {
    const nulls = nullsOf(recs);
    return nulls === undefined ? { values } : { values, nulls };
  };
  if (shape.type === "string") {
    const dict = [...new Set(raw.map((v) => (v === null ? "" : String(v))))];
    const codeOf = new Map(dict.map((t, i) => [t, i]));
    const codes = Uint32Array.from(raw, (v) => codeOf.get(v === null ? "" : String(v))!);
    emit = (recs) => {
      const out = new Uint32Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : codes[r]!;
      }
      return vec(dictionary(out, dict), recs);
    };
  } else if (shape.type === "bool") {
    const bits = Uint8Array.from(raw, (v) => (v === true ? 1 : 0));
    emit = (recs) => {
      const out = new Uint8Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : bits[r]!;
      }
      return vec(out, recs);
    };
  } else {
    const store = numericStorer(shape);
    const vals = Float64Array.from(raw, (v) => (typeof v === "number" ? store(v) : 0));
    emit = (recs) => {
      const out = new Float64Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : vals[r]!;
      }
      return vec(out, recs);
    };
  }
  return {
    shape,
    generate(s) {
      const kv = s.vector(keyName);
      const recs = new Int32Array(s.length);
      const v = kv.values;
      if (!(v instanceof Float64Array || v instanceof Uint8Array || Array.isArray(v))) {
        // Dictionary key column: resolve each dictionary entry once, then map codes.
        const d = v;
        const byCode = Int32Array.from(d.dictionary, (t) => index.get(t) ?? -1);
        for (let i = 0; i < s.length; i++) recs[i] = byCode[d.codes[i]!]!;
      } else {
        const read = makeReader(s.shapeOf(keyName), kv);
        for (let i = 0; i < s.length; i++) {
          const x = read(i);
          recs[i] = x === null ? -1 : (index.get(String(x)) ?? -1);
        }
      }
      const kn = kv.nulls;
      if (kn !== undefined) for (let i = 0; i < s.length; i++) if (kn[i] === 1) recs[i] = -1;
      return emit(recs);
    },
  };
};
