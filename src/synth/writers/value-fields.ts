// Column writers for values formatted one by one: numbers, booleans and free strings. A text
// encoder works in two passes over a batch, column by column: `measure` adds each row's field
// length, then `write` puts each field straight at its row's place in the one output buffer. Each
// kind has its own loops: one shared loop calling a per-column closure per field was a megamorphic
// call per field, and formatting into a column buffer then copying it doubled the bytes moved.
import type { ColumnVector } from "../batch.js";
import { ByteBuffer, copyRun, putShort } from "./byte-buffer.js";

/**
 * One column of a text encoder. Keeps the batch's column (and any scratch) from `measure` to
 * `write`, and its buffers between batches: one instance per thread.
 */
export interface ColumnWriter {
  /** Takes the batch's column and adds each row's field length in bytes to `lens[0, n)`. */
  measure(vector: ColumnVector, n: number, lens: Int32Array): void;
  /** Writes `prefix` then row i's field at `at[i]`, and moves `at[i]` past them. */
  write(out: Uint8Array, at: Int32Array, n: number, prefix: Uint8Array): void;
}

/** Bytes a number, boolean or null field can need at most. */
export const MAX_FIXED_FIELD_BYTES = 48;
const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

export function asUint8(buffer: Buffer, length: number): Uint8Array {
  // One element kind (plain Uint8Array, not Buffer) keeps the copying loops monomorphic.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** A reusable Int32Array of at least n elements, grown to the largest batch. */
export function scratchInts(): (n: number) => Int32Array {
  let a = new Int32Array(0);
  return (n) => (a.length >= n ? a : (a = new Int32Array(n)));
}

/** Copies `prefix` then `src[starts[i], ends[i])` to `at[i]` for every row. */
export function copyRuns(out: Uint8Array, at: Int32Array, n: number, prefix: Uint8Array, src: Uint8Array, starts: Int32Array, ends: Int32Array): void {
  const dst = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const src4 = new DataView(src.buffer, src.byteOffset, src.byteLength);
  for (let i = 0; i < n; i++) at[i] = copyRun(out, dst, src, src4, putShort(out, at[i]!, prefix), starts[i]!, ends[i]!);
}

/**
 * A writer whose fields are byte runs `src[starts[i], ends[i])`, produced by `runs` in the
 * measure pass (bytes prepared once, or formatted into a buffer) and copied in the write pass.
 */
export function runsWriter(runs: (vector: ColumnVector, n: number, starts: Int32Array, ends: Int32Array) => Uint8Array): ColumnWriter {
  const startsOf = scratchInts();
  const endsOf = scratchInts();
  let src: Uint8Array = new Uint8Array(0);
  return {
    measure(vector, n, lens) {
      const starts = startsOf(n);
      const ends = endsOf(n);
      src = runs(vector, n, starts, ends);
      for (let i = 0; i < n; i++) lens[i] = lens[i]! + ends[i]! - starts[i]!;
    },
    write(out, at, n, prefix) {
      copyRuns(out, at, n, prefix, src, startsOf(n), endsOf(n));
    },
  };
}

/**
 * Copies a string's bytes: a JS loop for ASCII (cheaper than a native call for short values),
 * Buffer#write from the first non-ASCII character on. CSV doubles quotes on the way.
 */
export function putText(o: ByteBuffer, text: string, doubleQuotes: boolean): void {
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

/** Decimal digits of a non-negative int32. */
function digitsOf(u: number): number {
  return u < 10
    ? 1
    : u < 100
      ? 2
      : u < 1000
        ? 3
        : u < 10000
          ? 4
          : u < 100000
            ? 5
            : u < 1000000
              ? 6
              : u < 10000000
                ? 7
                : u < 100000000
                  ? 8
                  : u < 1000000000
                    ? 9
                    : 10;
}

/** The ASCII digits of 00..99, two bytes each. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/** Writes the `digits` decimal digits of a non-negative int32 ending just before `end` (two at a time: half the divisions). */
function putDigits(out: Uint8Array, end: number, u: number, digits: number): void {
  let p = end;
  let v = u;
  let d = digits;
  for (; d >= 2; d -= 2) {
    const q = (v / 100) | 0;
    const pair = (v - q * 100) << 1;
    out[--p] = DIGIT_PAIRS[pair + 1]!;
    out[--p] = DIGIT_PAIRS[pair]!;
    v = q;
  }
  if (d === 1) out[p - 1] = ZERO + (v % 10);
}

/** Text of a whole-number field outside int32 (the general rule: sign, then the floor of |v|). */
function integerText(v: number): string {
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) return String(Math.floor(v));
  if (v < 0 && v >= -Number.MAX_SAFE_INTEGER) return `-${Math.floor(-v)}`;
  return String(v);
}

function putAsciiAt(out: Uint8Array, q: number, text: string): number {
  for (let k = 0; k < text.length; k++) out[q++] = text.charCodeAt(k);
  return q;
}

/** Whole numbers; non-finite values have no CSV/JSON number form, so they are written as null. */
function intWriter(nullBytes: Uint8Array): ColumnWriter {
  let values: Float64Array = new Float64Array(0);
  let nulls: Uint8Array | undefined;
  const nullLen = nullBytes.length;
  return {
    measure(vector, n, lens) {
      values = vector.values as Float64Array;
      nulls = vector.nulls;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        let len: number;
        if (nulls !== undefined && nulls[i] === 1) len = nullLen;
        else if ((v | 0) === v && v !== -2147483648) len = v < 0 ? 1 + digitsOf(-v) : digitsOf(v);
        else len = Number.isFinite(v) ? integerText(v).length : nullLen;
        lens[i] = lens[i]! + len;
      }
    },
    write(out, at, n, prefix) {
      for (let i = 0; i < n; i++) {
        let q = at[i]!;
        q = putShort(out, q, prefix);
        const v = values[i]!;
        if (nulls !== undefined && nulls[i] === 1) {
          q = putShort(out, q, nullBytes);
        } else if ((v | 0) === v && v !== -2147483648) {
          let u = v;
          if (v < 0) {
            out[q++] = MINUS;
            u = -v;
          }
          const d = digitsOf(u);
          q += d;
          putDigits(out, q, u, d);
        } else if (Number.isFinite(v)) q = putAsciiAt(out, q, integerText(v));
        else q = putShort(out, q, nullBytes);
        at[i] = q;
      }
    },
  };
}

/**
 * Decimals (scaled integers: 747 at scale 2 is 7.47) and floats with a scale (rounded to that many
 * places), written exactly with `scale` decimals.
 */
function scaledWriter(type: string, scale: number, nullBytes: Uint8Array): ColumnWriter {
  const pow = 10 ** scale;
  const decimal = type === "decimal";
  const factor = decimal ? 1 : pow;
  const nullLen = nullBytes.length;
  // Whole part and fraction fit int32 arithmetic below this (the common case, e.g. prices).
  const fastLimit = scale <= 9 ? 2147483647 : 0;
  const fracLen = scale > 0 ? 1 + scale : 0;
  let values: Float64Array = new Float64Array(0);
  let nulls: Uint8Array | undefined;
  /** The general rule: round, sign, whole part, then exactly `scale` decimals; huge values as text. */
  const slowText = (raw: number): string | undefined => {
    const v = raw * factor;
    if (!Number.isFinite(v)) return undefined;
    if (Math.abs(v) >= 9e15) return String(decimal ? raw / pow : raw);
    let r = Math.round(v);
    const sign = r < 0 ? "-" : "";
    if (r < 0) r = -r;
    const whole = Math.floor(r / pow);
    return scale > 0 ? `${sign}${whole}.${String(r - whole * pow).padStart(scale, "0")}` : `${sign}${whole}`;
  };
  // Each value's rounding and whole part, from measure for write (the same batch, next).
  let rounded = new Float64Array(0);
  let wholes = new Int32Array(0);
  return {
    measure(vector, n, lens) {
      values = vector.values as Float64Array;
      nulls = vector.nulls;
      if (rounded.length < n) {
        rounded = new Float64Array(n);
        wholes = new Int32Array(n);
      }
      for (let i = 0; i < n; i++) {
        let len: number;
        if (nulls !== undefined && nulls[i] === 1) len = nullLen;
        else {
          const r = Math.round(values[i]! * factor);
          rounded[i] = r;
          if (r <= fastLimit && r >= -fastLimit) {
            const u = r < 0 ? -r : r;
            const whole = Math.floor(u / pow);
            wholes[i] = whole;
            len = (r < 0 ? 1 : 0) + digitsOf(whole) + fracLen;
          } else len = slowText(values[i]!)?.length ?? nullLen;
        }
        lens[i] = lens[i]! + len;
      }
    },
    write(out, at, n, prefix) {
      for (let i = 0; i < n; i++) {
        let q = at[i]!;
        q = putShort(out, q, prefix);
        if (nulls !== undefined && nulls[i] === 1) {
          q = putShort(out, q, nullBytes);
          at[i] = q;
          continue;
        }
        const r = rounded[i]!;
        if (r <= fastLimit && r >= -fastLimit) {
          let u = r;
          if (r < 0) {
            out[q++] = MINUS;
            u = -r;
          }
          const whole = wholes[i]!;
          const d = digitsOf(whole);
          q += d;
          putDigits(out, q, whole, d);
          if (scale > 0) {
            out[q++] = DOT;
            q += scale;
            putDigits(out, q, u - whole * pow, scale);
          }
        } else {
          const text = slowText(values[i]!);
          if (text === undefined) q = putShort(out, q, nullBytes);
          else q = putAsciiAt(out, q, text);
        }
        at[i] = q;
      }
    },
  };
}

/** Floats without a scale: the shortest round-trip text. */
function floatWriter(nullBytes: Uint8Array): ColumnWriter {
  const o = new ByteBuffer(1 << 16);
  return runsWriter((vector, n, starts, ends) => {
    o.pos = 0;
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      o.ensure(MAX_FIXED_FIELD_BYTES);
      starts[i] = o.pos;
      const v = values[i]!;
      if ((nulls !== undefined && nulls[i] === 1) || !Number.isFinite(v)) o.put(nullBytes);
      else o.putAscii(String(v));
      ends[i] = o.pos;
    }
    return asUint8(o.bytes, o.pos);
  });
}

/** Numbers of a numeric column given as a Float64Array. */
export function numberWriter(type: string, scale: number | undefined, nullBytes: Uint8Array): ColumnWriter {
  if (type === "int") return intWriter(nullBytes);
  if (type === "decimal" || scale !== undefined) return scaledWriter(type, scale ?? 0, nullBytes);
  return floatWriter(nullBytes);
}

/** Booleans: two prepared runs, no bytes produced per row. */
export function boolWriter(csv: boolean, nullBytes: Uint8Array): ColumnWriter {
  const src = asUint8(Buffer.from(csv ? `"true""false"` : "truefalse"), csv ? 13 : 9);
  const falseAt = csv ? 6 : 4;
  const nullAt = src.length;
  const words = new Uint8Array(src.length + nullBytes.length);
  words.set(src);
  words.set(nullBytes, nullAt);
  return runsWriter((vector, n, starts, ends) => {
    const values = vector.values as Uint8Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      if (nulls !== undefined && nulls[i] === 1) {
        starts[i] = nullAt;
        ends[i] = nullAt + nullBytes.length;
      } else if (values[i]) {
        starts[i] = 0;
        ends[i] = falseAt;
      } else {
        starts[i] = falseAt;
        ends[i] = nullAt;
      }
    }
    return words;
  });
}

/**
 * Free strings, CSV-quoted or as JSON strings. A value equal to the previous row's (an order ID
 * repeated over a basket's lines) points at the bytes already written instead of writing them again.
 */
export function stringWriter(csv: boolean, nullBytes: Uint8Array): ColumnWriter {
  const o = new ByteBuffer(1 << 16);
  return runsWriter((vector, n, starts, ends) => {
    o.pos = 0;
    const values = vector.values as readonly unknown[] | Float64Array | Uint8Array;
    const nulls = vector.nulls;
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      if (nulls !== undefined && nulls[i] === 1) {
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
    }
    return asUint8(o.bytes, o.pos);
  });
}
