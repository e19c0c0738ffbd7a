// Columns whose bytes are produced value by value (numbers, booleans, free strings) into a column
// buffer reused between batches. Each kind has its own loop: one shared loop calling a per-column
// `put` closure was a megamorphic call per field, the writer's largest cost after copying.
import type { ColumnSpec, ColumnVector } from "../batch.js";
import { ByteBuffer, putPadded, putUint } from "./byte-buffer.js";

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
export const MAX_FIXED_FIELD_BYTES = 48;
const QUOTE = 34;

export function asUint8(buffer: Buffer, length: number): Uint8Array {
  // One element kind (plain Uint8Array, not Buffer) keeps the interleaving loop monomorphic.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** Reusable per-row offset arrays, grown to the largest batch. */
export function offsetArrays(): (n: number) => { starts: Int32Array; ends: Int32Array } {
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

function isNull(nulls: Uint8Array | undefined, i: number): boolean {
  return nulls !== undefined && nulls[i] === 1;
}

/** Whole numbers; non-finite values have no CSV/JSON number form, so they are written as null. */
function intEncoder(nullBytes: Uint8Array): ColumnFieldEncoder {
  const o = new ByteBuffer(1 << 16);
  const offsets = offsetArrays();
  return (vector, n) => {
    o.pos = 0;
    const { starts, ends } = offsets(n);
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      o.ensure(MAX_FIXED_FIELD_BYTES);
      starts[i] = o.pos;
      const v = values[i]!;
      if (isNull(nulls, i) || !Number.isFinite(v)) o.put(nullBytes);
      else putInteger(o, v);
      ends[i] = o.pos;
    }
    return { src: asUint8(o.bytes, o.pos), starts, ends, bytes: o.pos };
  };
}

/** Decimals (scaled integers) and floats with a scale (rounded to that many places). */
function scaledEncoder(spec: ColumnSpec, nullBytes: Uint8Array): ColumnFieldEncoder {
  const o = new ByteBuffer(1 << 16);
  const offsets = offsetArrays();
  const s = spec.scale ?? 0;
  const pow = 10 ** s;
  const decimal = spec.type === "decimal";
  const factor = decimal ? 1 : pow;
  return (vector, n) => {
    o.pos = 0;
    const { starts, ends } = offsets(n);
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      o.ensure(MAX_FIXED_FIELD_BYTES);
      starts[i] = o.pos;
      const raw = values[i]!;
      const v = raw * factor;
      if (isNull(nulls, i) || !Number.isFinite(v)) o.put(nullBytes);
      else if (Math.abs(v) < 9e15) putScaled(o, v, s, pow);
      else o.putAscii(String(decimal ? raw / pow : raw));
      ends[i] = o.pos;
    }
    return { src: asUint8(o.bytes, o.pos), starts, ends, bytes: o.pos };
  };
}

/** Floats without a scale: the shortest round-trip text. */
function floatEncoder(nullBytes: Uint8Array): ColumnFieldEncoder {
  const o = new ByteBuffer(1 << 16);
  const offsets = offsetArrays();
  return (vector, n) => {
    o.pos = 0;
    const { starts, ends } = offsets(n);
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      o.ensure(MAX_FIXED_FIELD_BYTES);
      starts[i] = o.pos;
      const v = values[i]!;
      if (isNull(nulls, i) || !Number.isFinite(v)) o.put(nullBytes);
      else o.putAscii(String(v));
      ends[i] = o.pos;
    }
    return { src: asUint8(o.bytes, o.pos), starts, ends, bytes: o.pos };
  };
}

/** Numbers of a numeric column given as a Float64Array. */
export function numberEncoder(spec: ColumnSpec, nullBytes: Uint8Array): ColumnFieldEncoder {
  if (spec.type === "int") return intEncoder(nullBytes);
  if (spec.type === "decimal" || spec.scale !== undefined) return scaledEncoder(spec, nullBytes);
  return floatEncoder(nullBytes);
}

/** Booleans: two prepared runs, no bytes produced per row. */
export function boolEncoder(csv: boolean, nullBytes: Uint8Array): ColumnFieldEncoder {
  const src = asUint8(Buffer.from(csv ? `"true""false"` : "truefalse"), csv ? 13 : 9);
  const falseAt = csv ? 6 : 4;
  const nullAt = src.length;
  const words = new Uint8Array(src.length + nullBytes.length);
  words.set(src);
  words.set(nullBytes, nullAt);
  const offsets = offsetArrays();
  return (vector, n) => {
    const { starts, ends } = offsets(n);
    const values = vector.values as Uint8Array;
    const nulls = vector.nulls;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      let s: number;
      let e: number;
      if (isNull(nulls, i)) {
        s = nullAt;
        e = nullAt + nullBytes.length;
      } else if (values[i]) {
        s = 0;
        e = falseAt;
      } else {
        s = falseAt;
        e = nullAt;
      }
      starts[i] = s;
      ends[i] = e;
      bytes += e - s;
    }
    return { src: words, starts, ends, bytes };
  };
}

/**
 * Free strings, CSV-quoted or as JSON strings. A value equal to the previous row's (an order ID
 * repeated over a basket's lines) points at the bytes already written instead of writing them again.
 */
export function stringEncoder(csv: boolean, nullBytes: Uint8Array): ColumnFieldEncoder {
  const o = new ByteBuffer(1 << 16);
  const offsets = offsetArrays();
  return (vector, n) => {
    o.pos = 0;
    const { starts, ends } = offsets(n);
    const values = vector.values as readonly unknown[] | Float64Array | Uint8Array;
    const nulls = vector.nulls;
    let bytes = 0;
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      if (isNull(nulls, i)) {
        o.ensure(8);
        starts[i] = o.pos;
        o.put(nullBytes);
        ends[i] = o.pos;
        previous = undefined;
      } else {
        const raw = values[i];
        const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
        if (text === previous && i > 0) {
          starts[i] = starts[i - 1]!;
          ends[i] = ends[i - 1]!;
        } else {
          o.ensure(8);
          starts[i] = o.pos;
          if (csv) {
            o.bytes[o.pos++] = QUOTE;
            putText(o, text, true);
            o.bytes[o.pos++] = QUOTE;
          } else putText(o, JSON.stringify(text), false);
          ends[i] = o.pos;
          previous = text;
        }
      }
      bytes += ends[i]! - starts[i]!;
    }
    return { src: asUint8(o.bytes, o.pos), starts, ends, bytes };
  };
}
