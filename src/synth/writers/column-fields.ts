// Column-at-a-time text encoding. Each column turns its values into byte runs (src[starts[i],
// ends[i])) in one tight, monomorphic loop; the chunk encoder then interleaves the runs row by
// row. Dictionary words and repeated dates are never re-encoded: their runs point into bytes
// prepared once.
import type { ColumnSpec, DictionaryValues } from "../batch.js";
import { ByteBuffer } from "./byte-buffer.js";
import { temporalWriter } from "./temporal-format.js";
import { asUint8, boolEncoder, MAX_FIXED_FIELD_BYTES, numberEncoder, offsetArrays, stringEncoder, type ColumnFieldEncoder } from "./value-fields.js";

/** The two text dialects: CSV (RFC 4180, strings quoted, numbers bare) and JSON Lines. */
export type TextDialect = "csv" | "jsonl";

export type { ColumnFieldEncoder, FieldRuns } from "./value-fields.js";

const QUOTE = 34;
/** Distinct temporal values cached per column: a window of 2^17 days or seconds. */
const TEMPORAL_CACHE_SLOTS = 1 << 17;
/** Past this many cached bytes, a temporal column's cache starts over (at a batch boundary). */
const TEMPORAL_ARENA_LIMIT = 8 << 20;

/** A string as it appears in the dialect: CSV quoted with quotes doubled, or a JSON string. */
export function quoteString(dialect: TextDialect, text: string): string {
  return dialect === "csv" ? `"${text.replaceAll('"', '""')}"` : JSON.stringify(text);
}

/**
 * Dictionary words, quoted and encoded once per dictionary; the last entry is the null token.
 * Words of a numeric column (a categorical of numbers) are written bare, as numbers.
 */
function dictionaryEncoder(dialect: TextDialect, nullToken: string, bare: boolean): ColumnFieldEncoder {
  const prepared = new WeakMap<readonly string[], { src: Uint8Array; from: Int32Array; to: Int32Array }>();
  const offsets = offsetArrays();
  return (vector, n) => {
    const values = vector.values as DictionaryValues;
    let words = prepared.get(values.dictionary);
    if (!words) {
      const parts = [...values.dictionary.map((w) => (bare ? w : quoteString(dialect, w))), nullToken].map((t) => Buffer.from(t, "utf8"));
      const flat = Buffer.concat(parts);
      const from = new Int32Array(parts.length);
      const to = new Int32Array(parts.length);
      let at = 0;
      parts.forEach((part, k) => {
        from[k] = at;
        at += part.length;
        to[k] = at;
      });
      words = { src: asUint8(flat, flat.length), from, to };
      prepared.set(values.dictionary, words);
    }
    const { starts, ends } = offsets(n);
    const { from, to } = words;
    const codes = values.codes;
    const nulls = vector.nulls;
    const nullCode = from.length - 1;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const code = nulls !== undefined && nulls[i] === 1 ? nullCode : codes[i]!;
      const s = from[code]!;
      const e = to[code]!;
      starts[i] = s;
      ends[i] = e;
      bytes += e - s;
    }
    return { src: words.src, starts, ends, bytes };
  };
}

/**
 * Dates and times repeat (a year has 365 days, a day 86,400 seconds): each distinct whole value
 * in a window around the first one is formatted once, quotes included, into an arena; other values
 * are formatted into the arena each time. The arena starts over between batches when it grows big.
 */
function temporalEncoder(dialect: TextDialect, spec: ColumnSpec, nullToken: string): ColumnFieldEncoder {
  const write = temporalWriter(spec.type, spec.format);
  const quote = dialect === "csv" || dialect === "jsonl";
  const nullBytes = Buffer.from(nullToken);
  let arena = new ByteBuffer(1 << 16);
  let slotFrom = new Int32Array(TEMPORAL_CACHE_SLOTS).fill(-1);
  const slotTo = new Int32Array(TEMPORAL_CACHE_SLOTS);
  let base = Number.NaN;
  const offsets = offsetArrays();
  return (vector, n) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    if (arena.pos > TEMPORAL_ARENA_LIMIT || Number.isNaN(base)) {
      arena = new ByteBuffer(1 << 16);
      slotFrom = new Int32Array(TEMPORAL_CACHE_SLOTS).fill(-1);
      arena.put(nullBytes); // [0, nullBytes.length) is the null token
      const first = n > 0 && Number.isFinite(values[0]) ? Math.floor(values[0]!) : 0;
      base = Math.max(first - TEMPORAL_CACHE_SLOTS / 2, spec.type === "time" ? 0 : -Infinity);
    }
    const { starts, ends } = offsets(n);
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      let s: number;
      let e: number;
      if ((nulls !== undefined && nulls[i] === 1) || !Number.isFinite(v)) {
        s = 0;
        e = nullBytes.length;
      } else {
        const k = v - base;
        const cacheable = k >= 0 && k < TEMPORAL_CACHE_SLOTS && (k | 0) === k;
        if (cacheable && slotFrom[k]! >= 0) {
          s = slotFrom[k]!;
          e = slotTo[k]!;
        } else {
          arena.ensure(MAX_FIXED_FIELD_BYTES + (spec.format?.length ?? 0) * 4);
          s = arena.pos;
          if (quote) arena.bytes[arena.pos++] = QUOTE;
          write(arena, v);
          if (quote) arena.bytes[arena.pos++] = QUOTE;
          e = arena.pos;
          if (cacheable) {
            slotFrom[k] = s;
            slotTo[k] = e;
          }
        }
      }
      starts[i] = s;
      ends[i] = e;
      bytes += e - s;
    }
    return { src: asUint8(arena.bytes, arena.pos), starts, ends, bytes };
  };
}

/**
 * The encoder of one column in a dialect. A column may arrive as a dictionary in one batch and as
 * plain values in another (a generator's choice per chunk): one encoder per representation.
 */
export function columnFieldEncoder(dialect: TextDialect, spec: ColumnSpec): ColumnFieldEncoder {
  const nullToken = dialect === "csv" ? "" : "null";
  const nullBytes = Buffer.from(nullToken);
  const csv = dialect === "csv";
  let dictionary: ColumnFieldEncoder | undefined;
  let strings: ColumnFieldEncoder | undefined;
  let typed: ColumnFieldEncoder | undefined;
  const makeStrings = () => stringEncoder(csv, nullBytes);
  const makeTyped = (): ColumnFieldEncoder => {
    if (spec.type === "string") return makeStrings();
    if (spec.type === "date" || spec.type === "time" || spec.type === "datetime") return temporalEncoder(dialect, spec, nullToken);
    if (spec.type === "bool") return boolEncoder(csv, nullBytes);
    return numberEncoder(spec, nullBytes);
  };
  return (vector, n) => {
    const values = vector.values;
    if (Array.isArray(values)) return (strings ??= makeStrings())(vector, n);
    if (values instanceof Float64Array || values instanceof Uint8Array) return (typed ??= makeTyped())(vector, n);
    const numeric = spec.type === "int" || spec.type === "float" || spec.type === "decimal";
    return (dictionary ??= dictionaryEncoder(dialect, nullToken, numeric))(vector, n);
  };
}
