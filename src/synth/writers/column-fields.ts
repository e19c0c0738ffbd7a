// Column-at-a-time text encoding. Each column turns its values into byte runs (src[starts[i],
// ends[i])) in one tight, monomorphic loop; the chunk encoder then interleaves the runs row by
// row. Dictionary words and repeated dates are never re-encoded: their runs point into bytes
// prepared once.
import type { ColumnSpec, ColumnVector, DictionaryValues } from "../batch.js";
import { ByteBuffer, putPadded, putUint } from "./byte-buffer.js";
import { temporalWriter } from "./temporal-format.js";

/** The two text dialects: CSV (RFC 4180, strings quoted, numbers bare) and JSON Lines. */
export type TextDialect = "csv" | "jsonl";

/** Row i of a column is the bytes `src[starts[i], ends[i])`. */
export interface FieldRuns {
  src: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Sum of the runs' lengths. */
  bytes: number;
}

/** Encodes one column of successive batches; keeps its buffers between batches (one thread). */
export type ColumnFieldEncoder = (vector: ColumnVector, n: number) => FieldRuns;

/** Bytes a number, boolean or null field can need at most. */
const MAX_FIXED_FIELD_BYTES = 48;
const QUOTE = 34;
/** Distinct temporal values cached per column: a window of 2^17 days or seconds. */
const TEMPORAL_CACHE_SLOTS = 1 << 17;
/** Past this many cached bytes, a temporal column's cache starts over (at a batch boundary). */
const TEMPORAL_ARENA_LIMIT = 8 << 20;

/** A string as it appears in the dialect: CSV quoted with quotes doubled, or a JSON string. */
export function quoteString(dialect: TextDialect, text: string): string {
  return dialect === "csv" ? `"${text.replaceAll('"', '""')}"` : JSON.stringify(text);
}

function asUint8(buffer: Buffer, length: number): Uint8Array {
  // One element kind (plain Uint8Array, not Buffer) keeps the interleaving loop monomorphic.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** Reusable per-row offset arrays, grown to the largest batch. */
function offsetArrays(): (n: number) => { starts: Int32Array; ends: Int32Array } {
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  return (n) => {
    if (starts.length < n) {
      starts = new Int32Array(n);
      ends = new Int32Array(n);
    }
    return { starts, ends };
  };
}

/**
 * Copies a string's bytes: a JS loop for ASCII (cheaper than a native call for short values),
 * Buffer#write from the first non-ASCII character on. CSV doubles quotes on the way.
 */
function putText(o: ByteBuffer, text: string, doubleQuotes: boolean): void {
  o.ensure(text.length * 6 + 2);
  const b = o.bytes;
  let p = o.pos;
  const n = text.length;
  for (let k = 0; k < n; k++) {
    const ch = text.charCodeAt(k);
    if (ch >= 128) {
      const rest = text.slice(k);
      p += b.write(doubleQuotes ? rest.replaceAll('"', '""') : rest, p, "utf8");
      break;
    }
    b[p++] = ch;
    if (ch === QUOTE && doubleQuotes) b[p++] = QUOTE;
  }
  o.pos = p;
}

/** Writes a safe integer with its sign; anything else (huge values) through String(). */
function putInteger(o: ByteBuffer, v: number): void {
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) putUint(o, Math.floor(v));
  else if (v < 0 && v >= -Number.MAX_SAFE_INTEGER) {
    o.bytes[o.pos++] = 45;
    putUint(o, Math.floor(-v));
  } else o.putAscii(String(v));
}

/** Writes `scaled / 10^scale` exactly with `scale` decimals, e.g. 747 (scale 2) → 7.47. */
function putScaled(o: ByteBuffer, scaled: number, scale: number, pow: number): void {
  let v = Math.round(scaled);
  if (v < 0) {
    o.bytes[o.pos++] = 45;
    v = -v;
  }
  const whole = Math.floor(v / pow);
  putUint(o, whole);
  if (scale > 0) {
    o.bytes[o.pos++] = 46;
    putPadded(o, v - whole * pow, scale);
  }
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

/** Columns whose bytes are produced per value into a column buffer reused between batches. */
function materialisedEncoder(put: (o: ByteBuffer, vector: ColumnVector, i: number) => void, nullToken: string, maxBytes: number): ColumnFieldEncoder {
  const o = new ByteBuffer(1 << 16);
  const nullBytes = Buffer.from(nullToken);
  const offsets = offsetArrays();
  return (vector, n) => {
    o.pos = 0;
    const { starts, ends } = offsets(n);
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      o.ensure(maxBytes);
      starts[i] = o.pos;
      if (nulls !== undefined && nulls[i] === 1) o.put(nullBytes);
      else put(o, vector, i);
      ends[i] = o.pos;
    }
    return { src: asUint8(o.bytes, o.pos), starts, ends, bytes: o.pos };
  };
}

function numberPut(spec: ColumnSpec, nullBytes: Uint8Array): (o: ByteBuffer, vector: ColumnVector, i: number) => void {
  if (spec.type === "int") {
    return (o, vector, i) => {
      const v = (vector.values as Float64Array)[i]!;
      if (Number.isFinite(v)) putInteger(o, v);
      else o.put(nullBytes);
    };
  }
  const scale = spec.scale;
  if (spec.type === "decimal" || scale !== undefined) {
    const s = scale ?? 0;
    const pow = 10 ** s;
    // decimal holds scaled integers already; a float with a scale is rounded to that many places.
    const factor = spec.type === "decimal" ? 1 : pow;
    return (o, vector, i) => {
      const raw = (vector.values as Float64Array)[i]!;
      const v = raw * factor;
      if (Number.isFinite(v) && Math.abs(v) < 9e15) putScaled(o, v, s, pow);
      else if (Number.isFinite(v)) o.putAscii(String(spec.type === "decimal" ? raw / pow : raw));
      else o.put(nullBytes);
    };
  }
  return (o, vector, i) => {
    const v = (vector.values as Float64Array)[i]!;
    // Shortest round-trip text; non-finite values have no CSV/JSON number form, so they are null.
    if (Number.isFinite(v)) o.putAscii(String(v));
    else o.put(nullBytes);
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
  const makeStrings = () =>
    materialisedEncoder(
      (o, v, i) => {
        const raw = (v.values as readonly unknown[] | Float64Array)[i];
        const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
        if (csv) {
          o.bytes[o.pos++] = QUOTE;
          putText(o, text, true);
          o.bytes[o.pos++] = QUOTE;
        } else putText(o, JSON.stringify(text), false);
      },
      nullToken,
      8,
    );
  const makeTyped = (): ColumnFieldEncoder => {
    if (spec.type === "string") return makeStrings();
    if (spec.type === "date" || spec.type === "time" || spec.type === "datetime") return temporalEncoder(dialect, spec, nullToken);
    if (spec.type === "bool") {
      const t = Buffer.from(csv ? '"true"' : "true");
      const f = Buffer.from(csv ? '"false"' : "false");
      return materialisedEncoder((o, v, i) => o.put((v.values as Uint8Array)[i] ? t : f), nullToken, 8);
    }
    return materialisedEncoder(numberPut(spec, nullBytes), nullToken, MAX_FIXED_FIELD_BYTES);
  };
  return (vector, n) => {
    const values = vector.values;
    if (Array.isArray(values)) return (strings ??= makeStrings())(vector, n);
    if (values instanceof Float64Array || values instanceof Uint8Array) return (typed ??= makeTyped())(vector, n);
    const numeric = spec.type === "int" || spec.type === "float" || spec.type === "decimal";
    return (dictionary ??= dictionaryEncoder(dialect, nullToken, numeric))(vector, n);
  };
}
