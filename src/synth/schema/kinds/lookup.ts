import type { ColumnVector } from "../../batch.js";
import { fieldType } from "../runtime/data.js";
import { dictionary, makeReader, numericStorer } from "../runtime/vectors.js";
import { parseDate, parseDateTime } from "../runtime/dates.js";
import { OUTPUT_TYPES, outputShape, type KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

/** out[i] = of[codes[i]]: a leaf loop (see expr/vector.ts), so the caller keeps its feedback. */
function mapCodes(of: Float64Array | Uint8Array | Uint32Array, codes: Uint32Array, out: Float64Array | Uint8Array | Uint32Array): void {
  for (let i = 0; i < codes.length; i++) out[i] = of[codes[i]!]!;
}

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
    for (const [k, f] of [
      ["field", field],
      [o.match === undefined ? "key" : "match", match],
    ] as const) {
      if (f !== undefined && !table.fields.includes(f)) {
        c.add(
          `${path}.${k}`,
          "unknown_field",
          `data table "${table.name}" has no field "${f}"; it has ${table.fields.join(", ")}${k === "key" ? ' (set "match" to the data field to compare with)' : ""}`,
        );
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
  const shape = outputShape(o, path, c, { type: fieldType(table, field) }, [...OUTPUT_TYPES, "date", "datetime"]);
  if (shape === undefined) return undefined;
  const raw = table.records.map((r) => r[field] ?? null);
  // Dates in data tables are text (2024-01-31, or an ISO instant for datetime), stored as numbers.
  const parseTemporal = shape.type === "date" ? parseDate : shape.type === "datetime" ? parseDateTime : undefined;
  if (parseTemporal !== undefined) {
    const bad = raw.find((v) => v !== null && (typeof v !== "string" || parseTemporal(v) === undefined));
    if (bad !== undefined) {
      const example = shape.type === "date" ? "2024-01-31" : "2024-01-31T08:00:00Z";
      c.add(`${path}.type`, "invalid_value", `type ${shape.type} needs every "${field}" in "${table.name}" to be like ${example}; got ${JSON.stringify(bad)}`);
      return undefined;
    }
  }
  if (["int", "float", "decimal"].includes(shape.type) && !raw.every((v) => v === null || typeof v === "number")) {
    c.add(`${path}.type`, "invalid_value", `type ${shape.type} needs every "${field}" in "${table.name}" to be a number`);
    return undefined;
  }
  const keyName = key;
  // Stored value per record, so a chunk only maps key → record → stored value.
  let emit: (recs: Int32Array) => ColumnVector;
  let strCodes: Uint32Array | undefined;
  let strDict: readonly string[] = [];
  let bits: Uint8Array | undefined;
  let nums: Float64Array | undefined;
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
    strCodes = codes;
    strDict = dict;
    emit = (recs) => {
      const out = new Uint32Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : codes[r]!;
      }
      return vec(dictionary(out, dict), recs);
    };
  } else if (shape.type === "bool") {
    const b = Uint8Array.from(raw, (v) => (v === true ? 1 : 0));
    bits = b;
    emit = (recs) => {
      const out = new Uint8Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : b[r]!;
      }
      return vec(out, recs);
    };
  } else {
    const store = parseTemporal === undefined ? numericStorer(shape) : (x: number) => x;
    const vals = Float64Array.from(raw, (v) =>
      typeof v === "number" ? store(v) : typeof v === "string" && parseTemporal !== undefined ? parseTemporal(v)! : 0,
    );
    nums = vals;
    emit = (recs) => {
      const out = new Float64Array(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        out[i] = r < 0 ? 0 : vals[r]!;
      }
      return vec(out, recs);
    };
  }
  /**
   * Dictionary key column: each dictionary entry is resolved to its stored value once, then rows
   * map codes straight to values (no per-row record array). Same values and nulls as `emit`.
   */
  const emitByCode = (byCode: Int32Array, codes: Uint32Array, keyNulls: Uint8Array | undefined, n: number): ColumnVector => {
    const k = byCode.length;
    const nullOf = new Uint8Array(k);
    let anyNull = keyNulls !== undefined;
    for (let c = 0; c < k; c++) {
      const r = byCode[c]!;
      if (r < 0 || raw[r] === null) {
        nullOf[c] = 1;
        anyNull = true;
      }
    }
    let nulls: Uint8Array | undefined;
    if (anyNull) {
      const out = new Uint8Array(n);
      let some = false;
      for (let i = 0; i < n; i++) {
        const x = keyNulls !== undefined && keyNulls[i] === 1 ? 1 : nullOf[codes[i]!]!;
        out[i] = x;
        if (x === 1) some = true;
      }
      if (some) nulls = out;
    }
    let values: ColumnVector["values"];
    if (strCodes !== undefined) {
      const of = new Uint32Array(k);
      for (let c = 0; c < k; c++) of[c] = byCode[c]! < 0 ? 0 : strCodes[byCode[c]!]!;
      const out = new Uint32Array(n);
      mapCodes(of, codes, out);
      values = dictionary(out, strDict);
    } else if (bits !== undefined) {
      const of = new Uint8Array(k);
      for (let c = 0; c < k; c++) of[c] = byCode[c]! < 0 ? 0 : bits[byCode[c]!]!;
      const out = new Uint8Array(n);
      mapCodes(of, codes, out);
      values = out;
    } else {
      const of = new Float64Array(k);
      for (let c = 0; c < k; c++) of[c] = byCode[c]! < 0 ? 0 : nums![byCode[c]!]!;
      const out = new Float64Array(n);
      mapCodes(of, codes, out);
      values = out;
    }
    // A row whose key is null stores 0, as `emit` does for an unmatched record.
    if (keyNulls !== undefined) {
      for (let i = 0; i < n; i++) {
        if (keyNulls[i] !== 1) continue;
        if (values instanceof Float64Array || values instanceof Uint8Array) values[i] = 0;
        else if (!Array.isArray(values)) values.codes[i] = 0;
      }
    }
    return nulls === undefined ? { values } : { values, nulls };
  };
  return {
    shape,
    generate(s) {
      const kv = s.vector(keyName);
      const v = kv.values;
      if (!(v instanceof Float64Array || v instanceof Uint8Array || Array.isArray(v))) {
        const byCode = Int32Array.from(v.dictionary, (t) => index.get(t) ?? -1);
        return emitByCode(byCode, v.codes, kv.nulls, s.length);
      }
      const recs = new Int32Array(s.length);
      const read = makeReader(s.shapeOf(keyName), kv);
      for (let i = 0; i < s.length; i++) {
        const x = read(i);
        recs[i] = x === null ? -1 : (index.get(String(x)) ?? -1);
      }
      const kn = kv.nulls;
      if (kn !== undefined) for (let i = 0; i < s.length; i++) if (kn[i] === 1) recs[i] = -1;
      return emit(recs);
    },
  };
};
