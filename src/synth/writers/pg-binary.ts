// PostgreSQL's binary COPY format (`COPY … FROM STDIN WITH (FORMAT binary)`), for loads. Parsing
// CSV text is most of a COPY's cost in the server: for coffee-shop's transactions (a date, a time
// and a decimal per row) the backend spent about twice the CPU on CSV as on the same rows in binary
// (docs/benchmarks.md, branch i22p). Binary fields are the values themselves: big-endian integers,
// days and microseconds since 2000-01-01, numerics as base-10000 digits, text as UTF-8 bytes.
//
// The values loaded must be exactly those the CSV encoder's text would have given, so each field
// mirrors that encoder's rounding (decimals to their scale, dates to whole days, times to whole
// seconds, datetimes to whole milliseconds). Where a value lies outside the range this mirrors
// exactly (integers past 2^53, strings in a numeric column), `encode` returns undefined and the
// caller sends that chunk as CSV instead.
import type { ColumnBatch, ColumnSpec, ColumnVector, TableShape } from "../batch.js";
import { MimicError } from "../../errors/index.js";
import type { BufferPool } from "./buffer-pool.js";
import { createChunkEncoder, type ChunkEncoder } from "./chunk-encoder.js";
import { scratchInts } from "./value-fields.js";

/** The 11-byte signature, then flags and header-extension length (both 0). */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_BYTES = SIGNATURE.length + 8;
/** PostgreSQL's epoch, 2000-01-01, in days and milliseconds after 1970-01-01. */
const PG_EPOCH_DAYS = 10_957;
const PG_EPOCH_MS = PG_EPOCH_DAYS * 86_400_000;
const TWO_32 = 4_294_967_296;
/** Whole-number values the CSV encoder prints exactly (and this one mirrors): below 9e15 in magnitude. */
const EXACT_LIMIT = 9e15;

/** True when `bytes` is a binary COPY payload (CSV from mimic never starts with this signature). */
export function isPgBinary(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let k = 0; k < SIGNATURE.length; k++) if (bytes[k] !== SIGNATURE[k]) return false;
  return true;
}

/**
 * One column's fields, in two passes like the CSV encoder: `measure` adds each row's field size
 * (its 4-byte length included) to `lens`, or returns false when a value cannot be sent exactly
 * (the chunk then goes as CSV); `write` puts each row's field at `at[i]` and advances it.
 */
interface FieldColumn {
  measure(vector: ColumnVector, n: number, lens: Int32Array): boolean;
  write(vector: ColumnVector, n: number, at: Int32Array, out: Buffer, view: DataView): void;
}

const isNull = (nulls: Uint8Array | undefined, i: number) => nulls !== undefined && nulls[i] === 1;

/**
 * Adds each row's field size for a column of fixed-size fields (`size` bytes of value): 4 for a null
 * (absent, or not finite), 4 + size for a value, or returns false when a value is not exact, that
 * is when |v × scale| is not below `limit` (a bound, not a closure: the loop stays the same code
 * for every column).
 */
function measureFixed(vector: ColumnVector, n: number, lens: Int32Array, size: number, scale: number, limit: number): boolean {
  const values = vector.values as Float64Array;
  const nulls = vector.nulls;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if ((nulls !== undefined && nulls[i] === 1) || !Number.isFinite(v)) lens[i] = lens[i]! + 4;
    else if (!(Math.abs(v * scale) < limit)) return false;
    else lens[i] = lens[i]! + 4 + size;
  }
  return true;
}

/** A column of fixed-size fields: `measure` by bounds, `write` by a loop of the column's own. */
function fixedColumn(size: number, scale: number, limit: number, write: FieldColumn["write"]): FieldColumn {
  return { measure: (vector, n, lens) => measureFixed(vector, n, lens, size, scale, limit), write };
}

/** Writes a null field at row i's place and returns where the next field starts. */
function putNull(view: DataView, q: number): number {
  view.setInt32(q, -1);
  return q + 4;
}

const nullAt = (nulls: Uint8Array | undefined, v: number, i: number) => (nulls !== undefined && nulls[i] === 1) || !Number.isFinite(v);

/** An int8 of a safe integer, as two 32-bit halves (no BigInt per value, no division when it fits 32 bits). */
function putInt8(view: DataView, q: number, v: number): void {
  if ((v | 0) === v) {
    view.setInt32(q, v < 0 ? -1 : 0);
    view.setInt32(q + 4, v);
    return;
  }
  const hi = Math.floor(v / TWO_32);
  view.setInt32(q, hi);
  view.setUint32(q + 4, v - hi * TWO_32);
}

/** An int8 of `d × 1000` for a safe integer d (milliseconds to microseconds, past 2^53 too). */
function putInt8Times1000(view: DataView, q: number, d: number): void {
  const dh = Math.floor(d / TWO_32);
  const low = (d - dh * TWO_32) * 1000;
  const carry = Math.floor(low / TWO_32);
  view.setInt32(q, dh * 1000 + carry);
  view.setUint32(q + 4, low - carry * TWO_32);
}

/** Whole numbers (|v| ≤ 2^53 - 1, i.e. below 2^53), truncated toward zero as the CSV encoder prints them. */
const intColumn = (): FieldColumn =>
  fixedColumn(8, 1, 2 ** 53, (vector, n, at, _out, view) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (nullAt(nulls, v, i)) at[i] = putNull(view, at[i]!);
      else {
        const q = at[i]!;
        view.setInt32(q, 8);
        putInt8(view, q + 4, Math.trunc(v) + 0);
        at[i] = q + 12;
      }
    }
  });

/**
 * Doubles. With a scale the CSV encoder prints r / 10^scale to `scale` places, and the server reads
 * back the double nearest that decimal, which is exactly JavaScript's (correctly rounded) r / 10^scale.
 */
function floatColumn(scale: number | undefined): FieldColumn {
  const pow = scale === undefined ? 1 : 10 ** scale;
  const rounded = scale !== undefined;
  return fixedColumn(8, pow, rounded ? EXACT_LIMIT : Infinity, (vector, n, at, _out, view) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (nullAt(nulls, v, i)) at[i] = putNull(view, at[i]!);
      else {
        const q = at[i]!;
        view.setInt32(q, 8);
        view.setFloat64(q + 4, (rounded ? Math.round(v * pow) / pow : v) + 0);
        at[i] = q + 12;
      }
    }
  });
}
const boolColumn = (): FieldColumn => ({
  measure(vector, n, lens) {
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) lens[i] = lens[i]! + (isNull(nulls, i) ? 4 : 5);
    return true;
  },
  write(vector, n, at, out, view) {
    const values = vector.values as Uint8Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const q = at[i]!;
      if (isNull(nulls, i)) {
        view.setInt32(q, -1);
        at[i] = q + 4;
      } else {
        view.setInt32(q, 1);
        out[q + 4] = values[i] ? 1 : 0;
        at[i] = q + 5;
      }
    }
  },
});

/** Days since 1970 → days since 2000, rounded to whole days as the CSV encoder does. */
const dateColumn = (): FieldColumn =>
  fixedColumn(4, 1, Infinity, (vector, n, at, _out, view) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (nullAt(nulls, v, i)) at[i] = putNull(view, at[i]!);
      else {
        const q = at[i]!;
        view.setInt32(q, 4);
        view.setInt32(q + 4, Math.floor(Math.round(v * 86_400_000) / 86_400_000) - PG_EPOCH_DAYS);
        at[i] = q + 8;
      }
    }
  });

/** Seconds since midnight → microseconds, to the whole second of the CSV form `HH:mm:ss`. */
const timeColumn = (): FieldColumn =>
  fixedColumn(8, 1, Infinity, (vector, n, at, _out, view) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (nullAt(nulls, v, i)) at[i] = putNull(view, at[i]!);
      else {
        const q = at[i]!;
        const ms = Math.round(v * 1000);
        const msOfDay = ms - Math.floor(ms / 86_400_000) * 86_400_000;
        view.setInt32(q, 8);
        putInt8(view, q + 4, Math.floor(msOfDay / 1000) * 1_000_000);
        at[i] = q + 12;
      }
    }
  });

/**
 * Milliseconds since 1970 (UTC) → microseconds since 2000, to the whole millisecond of the CSV form.
 * Exact while |round(v)| ≤ M = 2^53 - 1 - PG_EPOCH_MS, i.e. while |v| < M + 1 (doubles that large
 * are whole numbers).
 */
const datetimeColumn = (): FieldColumn =>
  fixedColumn(8, 1, Number.MAX_SAFE_INTEGER - PG_EPOCH_MS + 1, (vector, n, at, _out, view) => {
    const values = vector.values as Float64Array;
    const nulls = vector.nulls;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (nullAt(nulls, v, i)) at[i] = putNull(view, at[i]!);
      else {
        const q = at[i]!;
        view.setInt32(q, 8);
        putInt8Times1000(view, q + 4, Math.round(v) - PG_EPOCH_MS);
        at[i] = q + 12;
      }
    }
  });

/** `count` of a decimal row whose digits are not kept (see `decimalColumn`). */
const FAST = -2;

/**
 * How many base-10000 digits a value of whole part `whole` (below 10^8) and one fraction digit `d0`
 * has from its most significant non-zero digit to its least significant non-zero one.
 */
function fastDigits(whole: number, d0: number): number {
  const d2 = Math.floor(whole / 10_000);
  const d1 = whole - d2 * 10_000;
  if (d2 !== 0) return d0 !== 0 ? 3 : d1 !== 0 ? 2 : 1;
  if (d1 !== 0) return d0 !== 0 ? 2 : 1;
  return d0 !== 0 ? 1 : 0;
}

/** Decimal places binary carries exactly: the fraction's base-10000 digits stay below 2^53. */
const MAX_BINARY_SCALE = 12;

/**
 * NUMERIC(38, scale) of scaled integers (value r / 10^scale, r rounded as the CSV encoder does): the
 * fraction padded to whole base-10000 digits, the whole part's digits above it, written from the
 * most significant, without leading or trailing zero digits. `measure` keeps each row's digits for
 * `write`, except on the short path for small values of scale 1 to 4, where `write` finds them again.
 */
function decimalColumn(scale: number): FieldColumn {
  const fracDigits = Math.ceil(scale / 4);
  const unit = 10 ** scale;
  const pad = 10 ** (fracDigits * 4 - scale);
  // Scales 1 to 4 with a whole part below 10^8 (prices, amounts): at most three digits, the
  // fraction's and two whole ones, found again by `write` from the value (FAST) instead of kept.
  const fast = fracDigits === 1;
  const fastUnder = 1e8 * unit;
  // Per row: where its digits start in `digits` (least significant first), how many there are up
  // to the most significant non-zero one (-1: null, FAST: none kept), and where the non-zero ones start.
  let from = new Int32Array(0);
  let count = new Int32Array(0);
  let first = new Int32Array(0);
  let digits = new Int16Array(0);
  /** Writes the field of value v (FAST: scale 1 to 4, whole part below 10^8) at q; returns its end. */
  const writeFast = (view: DataView, q: number, v: number): number => {
    const r = Math.round(v);
    const u = r < 0 ? -r : r;
    const whole = Math.floor(u / unit);
    const d0 = (u - whole * unit) * pad;
    const d2 = Math.floor(whole / 10_000);
    const d1 = whole - d2 * 10_000;
    // The digits from the most significant non-zero one, without trailing zero digits.
    const k = fastDigits(whole, d0);
    view.setInt32(q, 8 + 2 * k);
    view.setInt16(q + 4, k);
    view.setInt16(q + 6, d2 !== 0 ? 1 : d1 !== 0 ? 0 : d0 !== 0 ? -1 : 0);
    view.setUint16(q + 8, r < 0 ? 0x4000 : 0);
    view.setInt16(q + 10, scale);
    let p = q + 12;
    if (d2 !== 0) {
      view.setInt16(p, d2);
      p += 2;
    }
    if (k >= 2 || (d2 === 0 && d1 !== 0)) {
      view.setInt16(p, d1);
      p += 2;
    }
    if (d0 !== 0) {
      view.setInt16(p, d0);
      p += 2;
    }
    return p;
  };
  return {
    measure(vector, n, lens) {
      if (scale > MAX_BINARY_SCALE) return false;
      const values = vector.values as Float64Array;
      const nulls = vector.nulls;
      if (from.length < n) {
        from = new Int32Array(n);
        count = new Int32Array(n);
        first = new Int32Array(n);
      }
      // Below 9e15: at most four whole digits and three of fraction.
      if (digits.length < 7 * n) digits = new Int16Array(7 * n);
      let d = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (isNull(nulls, i) || !Number.isFinite(v)) {
          count[i] = -1;
          lens[i] = lens[i]! + 4;
          continue;
        }
        const r = Math.round(v);
        if (Math.abs(r) >= EXACT_LIMIT) return false;
        const u = r < 0 ? -r : r;
        // Whole part and fraction, exactly: below 2^53 the quotient's rounding error is under half
        // of 1 / unit, so it never rounds up to the next whole number.
        const whole = Math.floor(u / unit);
        const fraction = u - whole * unit;
        if (fast && u < fastUnder) {
          count[i] = FAST;
          lens[i] = lens[i]! + 12 + 2 * fastDigits(whole, fraction * pad);
          continue;
        }
        const start = d;
        let m = fraction * pad;
        for (let g = 0; g < fracDigits; g++) {
          const q = Math.floor(m / 10_000);
          digits[d++] = m - q * 10_000;
          m = q;
        }
        for (m = whole; m > 0;) {
          const q = Math.floor(m / 10_000);
          digits[d++] = m - q * 10_000;
          m = q;
        }
        while (d > start && digits[d - 1] === 0) d--;
        let low = start;
        while (low < d && digits[low] === 0) low++;
        from[i] = start;
        count[i] = d - start;
        first[i] = low;
        lens[i] = lens[i]! + 12 + 2 * (d - low);
      }
      return true;
    },
    write(vector, n, at, _out, view) {
      const values = vector.values as Float64Array;
      for (let i = 0; i < n; i++) {
        let q = at[i]!;
        const all = count[i]!;
        if (all === FAST) {
          at[i] = writeFast(view, q, values[i]!);
          continue;
        }
        if (all < 0) {
          view.setInt32(q, -1);
          at[i] = q + 4;
          continue;
        }
        const low = first[i]!;
        const k = from[i]! + all - low;
        view.setInt32(q, 8 + 2 * k);
        view.setInt16(q + 4, k);
        // The weight of the most significant digit, in powers of 10000.
        view.setInt16(q + 6, k === 0 ? 0 : all - 1 - fracDigits);
        view.setUint16(q + 8, Math.round(values[i]!) < 0 ? 0x4000 : 0);
        view.setInt16(q + 10, scale);
        q += 12;
        for (let j = low + k - 1; j >= low; j--, q += 2) view.setInt16(q, digits[j]!);
        at[i] = q;
      }
    },
  };
}

/** UTF-8 length of a string: ASCII counted in a loop, the rest by Buffer.byteLength. */
function utf8Length(text: string): number {
  const n = text.length;
  for (let k = 0; k < n; k++) if (text.charCodeAt(k) >= 0x80) return Buffer.byteLength(text, "utf8");
  return n;
}

/** Writes a string's UTF-8 bytes at q (its length known); ASCII in a loop, the rest by Buffer.write. */
function putUtf8(out: Buffer, q: number, text: string, bytes: number): void {
  if (bytes !== text.length) {
    out.write(text, q, bytes, "utf8");
    return;
  }
  for (let k = 0; k < bytes; k++) out[q + k] = text.charCodeAt(k);
}

/** The text of row i from any values the CSV encoder takes for a string column (numbers as String() prints them). */
function textOf(values: readonly unknown[] | Float64Array | Uint8Array, i: number): string {
  const raw = values[i];
  return typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
}

/** A dictionary's words, encoded once per dictionary. */
interface EncodedWords {
  dictionary: readonly string[];
  bytes: Buffer;
  from: Int32Array;
}

function encodeWords(dictionary: readonly string[]): EncodedWords {
  const from = new Int32Array(dictionary.length + 1);
  const lengths = dictionary.map(utf8Length);
  for (let k = 0; k < dictionary.length; k++) from[k + 1] = from[k]! + lengths[k]!;
  const bytes = Buffer.allocUnsafe(from[dictionary.length]!);
  for (let k = 0; k < dictionary.length; k++) putUtf8(bytes, from[k]!, dictionary[k]!, lengths[k]!);
  return { dictionary, bytes, from };
}

function textColumn(): FieldColumn {
  let words: EncodedWords | undefined;
  let lengths = new Int32Array(0);
  return {
    measure(vector, n, lens) {
      const values = vector.values;
      const nulls = vector.nulls;
      if (!Array.isArray(values) && !(values instanceof Float64Array) && !(values instanceof Uint8Array)) {
        const { codes, dictionary } = values;
        if (words?.dictionary !== dictionary) words = encodeWords(dictionary);
        const from = words.from;
        for (let i = 0; i < n; i++) {
          const c = codes[i]!;
          lens[i] = lens[i]! + (isNull(nulls, i) ? 4 : 4 + from[c + 1]! - from[c]!);
        }
        return true;
      }
      if (lengths.length < n) lengths = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const len = isNull(nulls, i) ? -1 : utf8Length(textOf(values, i));
        lengths[i] = len;
        lens[i] = lens[i]! + 4 + (len < 0 ? 0 : len);
      }
      return true;
    },
    write(vector, n, at, out, view) {
      const values = vector.values;
      const nulls = vector.nulls;
      if (!Array.isArray(values) && !(values instanceof Float64Array) && !(values instanceof Uint8Array)) {
        const { codes } = values;
        const { bytes, from } = words!;
        for (let i = 0; i < n; i++) {
          const q = at[i]!;
          if (isNull(nulls, i)) {
            view.setInt32(q, -1);
            at[i] = q + 4;
            continue;
          }
          const c = codes[i]!;
          const s = from[c]!;
          const len = from[c + 1]! - s;
          view.setInt32(q, len);
          // Words are short: a loop beats a native copy call.
          for (let k = 0; k < len; k++) out[q + 4 + k] = bytes[s + k]!;
          at[i] = q + 4 + len;
        }
        return;
      }
      for (let i = 0; i < n; i++) {
        const q = at[i]!;
        const len = lengths[i]!;
        view.setInt32(q, len);
        if (len >= 0) putUtf8(out, q + 4, textOf(values, i), len);
        at[i] = q + 4 + (len < 0 ? 0 : len);
      }
    },
  };
}

function fieldColumn(spec: ColumnSpec): FieldColumn {
  switch (spec.type) {
    case "int":
      return intColumn();
    case "decimal":
      return decimalColumn(spec.scale ?? 2);
    case "float":
      return floatColumn(spec.scale);
    case "bool":
      return boolColumn();
    case "date":
      return dateColumn();
    case "time":
      return timeColumn();
    case "datetime":
      return datetimeColumn();
    default:
      return textColumn();
  }
}

/** Whether a column's values in this batch are of the kind its binary field reads. */
function binaryReadable(spec: ColumnSpec, vector: ColumnVector): boolean {
  if (spec.type === "string") return true;
  if (spec.type === "bool") return vector.values instanceof Uint8Array;
  return vector.values instanceof Float64Array;
}

/** Encodes batches as complete binary COPY payloads (signature, rows, trailer), one COPY each. */
export interface PgBinaryEncoder {
  /** The batch's rows, or undefined when a value cannot be sent exactly in binary (send CSV). */
  encode(batch: ColumnBatch): Buffer | undefined;
}

/** Turns row lengths into row start offsets (after `base` bytes) in place; returns the end. */
function lengthsToOffsets(at: Int32Array, n: number, base: number): number {
  let total = base;
  for (let i = 0; i < n; i++) {
    const len = at[i]!;
    at[i] = total;
    total += len;
  }
  return total;
}

/**
 * A binary COPY encoder for tables made as `ddl.ts` types them (BIGINT, DOUBLE PRECISION,
 * NUMERIC(38, scale), BOOLEAN, DATE, TIME, TIMESTAMPTZ, TEXT).
 *
 * @example
 * const enc = createPgBinaryEncoder(shape);
 * const bytes = enc.encode(batch) ?? csvEncoder.encode(batch);
 *
 * With `buffers`, each payload is written at the start of a buffer taken from that pool (a view of
 * part of it, which the pool lends), to be given back once sent.
 */
export function createPgBinaryEncoder(shape: TableShape, buffers?: BufferPool): PgBinaryEncoder {
  const specs = shape.columns;
  const width = specs.length;
  const columns = specs.map(fieldColumn);
  const rowsOf = scratchInts();
  return {
    encode(batch) {
      if (batch.columns.length !== width) {
        throw new MimicError("INTERNAL", `a batch of table "${shape.name}" has ${batch.columns.length} columns where its shape has ${width}.`);
      }
      for (let c = 0; c < width; c++) if (!binaryReadable(specs[c]!, batch.columns[c]!)) return undefined;
      const n = batch.length;
      // Pass 1: every row's length (its 2-byte field count, then its fields).
      const at = rowsOf(n);
      at.fill(2, 0, n);
      for (let c = 0; c < width; c++) if (!columns[c]!.measure(batch.columns[c]!, n, at)) return undefined;
      const end = lengthsToOffsets(at, n, HEADER_BYTES);
      // In a buffer of their own (exactly these bytes, or the start of a pooled one): it moves to the
      // connection's thread uncopied.
      const out = buffers === undefined ? Buffer.allocUnsafeSlow(end + 2) : Buffer.from(buffers.take(end + 2), 0, end + 2);
      const view = new DataView(out.buffer, out.byteOffset, out.length);
      out.set(SIGNATURE, 0);
      view.setInt32(SIGNATURE.length, 0);
      view.setInt32(SIGNATURE.length + 4, 0);
      for (let i = 0; i < n; i++) {
        view.setInt16(at[i]!, width);
        at[i] = at[i]! + 2;
      }
      // Pass 2: column by column (one monomorphic loop each), into the rows' slots.
      for (let c = 0; c < width; c++) columns[c]!.write(batch.columns[c]!, n, at, out, view);
      view.setInt16(end, -1);
      return out;
    },
  };
}

/**
 * What a PostgreSQL load sends per chunk: binary COPY data where every value can go exactly, else
 * the CSV encoder's bytes (`isPgBinary` tells them apart, to choose the COPY statement). Binary
 * payloads come from `buffers` when given (see `createPgBinaryEncoder`).
 */
export function createPgCopyEncoder(shape: TableShape, buffers?: BufferPool): ChunkEncoder {
  const binary = createPgBinaryEncoder(shape, buffers);
  const csv = createChunkEncoder("csv", shape);
  return {
    header: () => Buffer.alloc(0),
    encode: (batch) => binary.encode(batch) ?? csv.encode(batch),
  };
}
