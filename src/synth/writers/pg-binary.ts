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

/** A column of fixed-size fields (`size` bytes of value), null where `isNullAt` says so. */
function fixedColumn(
  size: number,
  exact: (v: number) => boolean,
  put: (view: DataView, q: number, v: number) => void,
  isNullAt: (v: number) => boolean,
): FieldColumn {
  return {
    measure(vector, n, lens) {
      const values = vector.values as Float64Array;
      const nulls = vector.nulls;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (isNull(nulls, i) || isNullAt(v)) lens[i] = lens[i]! + 4;
        else if (!exact(v)) return false;
        else lens[i] = lens[i]! + 4 + size;
      }
      return true;
    },
    write(vector, n, at, _out, view) {
      const values = vector.values as Float64Array;
      const nulls = vector.nulls;
      for (let i = 0; i < n; i++) {
        const q = at[i]!;
        const v = values[i]!;
        if (isNull(nulls, i) || isNullAt(v)) {
          view.setInt32(q, -1);
          at[i] = q + 4;
        } else {
          view.setInt32(q, size);
          put(view, q + 4, v);
          at[i] = q + 4 + size;
        }
      }
    },
  };
}

const notFinite = (v: number) => !Number.isFinite(v);
const always = () => true;

/** An int8 of a safe integer, as two 32-bit halves (no BigInt per value). */
function putInt8(view: DataView, q: number, v: number): void {
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

/** Whole numbers, truncated toward zero as the CSV encoder prints them. */
const intColumn = (): FieldColumn =>
  fixedColumn(
    8,
    (v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER,
    (view, q, v) => putInt8(view, q, Math.trunc(v) + 0),
    notFinite,
  );

/**
 * Doubles. With a scale the CSV encoder prints r / 10^scale to `scale` places, and the server reads
 * back the double nearest that decimal, which is exactly JavaScript's (correctly rounded) r / 10^scale.
 */
function floatColumn(scale: number | undefined): FieldColumn {
  if (scale === undefined) return fixedColumn(8, always, (view, q, v) => view.setFloat64(q, v + 0), notFinite);
  const pow = 10 ** scale;
  return fixedColumn(
    8,
    (v) => Number.isFinite(v * pow) && Math.abs(v * pow) < EXACT_LIMIT,
    (view, q, v) => view.setFloat64(q, Math.round(v * pow) / pow + 0),
    notFinite,
  );
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
  fixedColumn(4, always, (view, q, v) => view.setInt32(q, Math.floor(Math.round(v * 86_400_000) / 86_400_000) - PG_EPOCH_DAYS), notFinite);

/** Seconds since midnight → microseconds, to the whole second of the CSV form `HH:mm:ss`. */
const timeColumn = (): FieldColumn =>
  fixedColumn(
    8,
    always,
    (view, q, v) => {
      const ms = Math.round(v * 1000);
      const msOfDay = ms - Math.floor(ms / 86_400_000) * 86_400_000;
      putInt8(view, q, Math.floor(msOfDay / 1000) * 1_000_000);
    },
    notFinite,
  );

/** Milliseconds since 1970 (UTC) → microseconds since 2000, to the whole millisecond of the CSV form. */
const datetimeColumn = (): FieldColumn =>
  fixedColumn(
    8,
    (v) => Math.abs(Math.round(v)) <= Number.MAX_SAFE_INTEGER - PG_EPOCH_MS,
    (view, q, v) => putInt8Times1000(view, q, Math.round(v) - PG_EPOCH_MS),
    notFinite,
  );

/** Decimal places binary carries exactly: the fraction's base-10000 digits stay below 2^53. */
const MAX_BINARY_SCALE = 12;

/**
 * NUMERIC(38, scale) of scaled integers (value r / 10^scale, r rounded as the CSV encoder does): the
 * fraction padded to whole base-10000 digits, the whole part's digits above it, written from the
 * most significant, without leading or trailing zero digits. `measure` keeps each row's digits for
 * `write`.
 */
function decimalColumn(scale: number): FieldColumn {
  const fracDigits = Math.ceil(scale / 4);
  const unit = 10 ** scale;
  const pad = 10 ** (fracDigits * 4 - scale);
  // Per row: where its digits start in `digits` (least significant first), how many there are up
  // to the most significant non-zero one (-1: null), and where the non-zero ones start.
  let from = new Int32Array(0);
  let count = new Int32Array(0);
  let first = new Int32Array(0);
  let digits = new Int16Array(0);
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
 */
export function createPgBinaryEncoder(shape: TableShape): PgBinaryEncoder {
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
      // Exactly these bytes, in a buffer of their own: it moves to the connection's thread uncopied.
      const out = Buffer.allocUnsafeSlow(end + 2);
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
 * the CSV encoder's bytes (`isPgBinary` tells them apart, to choose the COPY statement).
 */
export function createPgCopyEncoder(shape: TableShape): ChunkEncoder {
  const binary = createPgBinaryEncoder(shape);
  const csv = createChunkEncoder("csv", shape);
  return {
    header: () => Buffer.alloc(0),
    encode: (batch) => binary.encode(batch) ?? csv.encode(batch),
  };
}
