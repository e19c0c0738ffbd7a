// Column-at-a-time text encoding of dictionaries and dates. Dictionary words and repeated dates are
// never re-encoded: their fields are copied from bytes prepared once.
import type { ColumnSpec, DictionaryValues } from "../batch.js";
import { ByteBuffer, copyRun, putShort } from "./byte-buffer.js";
import { temporalWriter } from "./temporal-format.js";
import { asUint8, boolWriter, MAX_FIXED_FIELD_BYTES, numberWriter, putText, runsWriter, stringWriter, type ColumnWriter } from "./value-fields.js";

/** The two text dialects: CSV (RFC 4180, strings quoted, numbers bare) and JSON Lines. */
export type TextDialect = "csv" | "jsonl";

export type { ColumnWriter } from "./value-fields.js";

const QUOTE = 34;
/** Distinct temporal values cached per column: a window of 2^17 days or seconds. */
const TEMPORAL_CACHE_SLOTS = 1 << 17;
/** Past this many cached bytes, a temporal column's cache starts over (at a batch boundary). */
const TEMPORAL_ARENA_LIMIT = 8 << 20;

/** A string as it appears in the dialect: CSV quoted with quotes doubled, or a JSON string. */
export function quoteString(dialect: TextDialect, text: string): string {
  return dialect === "csv" ? `"${text.replaceAll('"', '""')}"` : JSON.stringify(text);
}

/** A dictionary's words as one byte run each (quoted, or bare for a numeric column), then the null token. */
interface PreparedWords {
  src: Uint8Array;
  from: Int32Array;
  to: Int32Array;
}

/**
 * Encodes every word of a dictionary into one buffer. Large dictionaries (ids) arrive with each
 * batch, so ASCII words are copied with a JS loop instead of a Buffer per word.
 */
function prepareWords(dialect: TextDialect, dictionary: readonly string[], nullToken: string, bare: boolean): PreparedWords {
  const count = dictionary.length + 1;
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const o = new ByteBuffer(dictionary.length * 16 + 64);
  for (let k = 0; k < count; k++) {
    const word = k < dictionary.length ? dictionary[k]! : nullToken;
    const raw = bare || k === dictionary.length;
    o.ensure(word.length * 6 + 8);
    from[k] = o.pos;
    if (raw) putText(o, word, false);
    else if (dialect === "csv") {
      o.bytes[o.pos++] = QUOTE;
      putText(o, word, true);
      o.bytes[o.pos++] = QUOTE;
    } else putText(o, JSON.stringify(word), false);
    to[k] = o.pos;
  }
  return { src: asUint8(o.bytes, o.pos), from, to };
}

/**
 * A dictionary that carries its words as fixed-width plain ASCII bytes (ids): each field is the
 * word's bytes between quotes, the same in CSV and JSON since the words need no escaping.
 */
function plainWordsWriter(nullToken: string): ColumnWriter {
  const nullBytes = new Uint8Array(Buffer.from(nullToken));
  const nullLen = nullBytes.length;
  let src: Uint8Array = new Uint8Array(0);
  let width = 0;
  let codes: Uint32Array = new Uint32Array(0);
  let nulls: Uint8Array | undefined;
  return {
    measure(vector, n, lens) {
      const values = vector.values as DictionaryValues;
      ({ bytes: src, width } = values.plain!);
      codes = values.codes;
      nulls = vector.nulls;
      const len = width + 2;
      if (nulls === undefined) for (let i = 0; i < n; i++) lens[i] = lens[i]! + len;
      else for (let i = 0; i < n; i++) lens[i] = lens[i]! + (nulls[i] === 1 ? nullLen : len);
    },
    write(out, at, n, prefix) {
      const dst = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const from4 = new DataView(src.buffer, src.byteOffset, src.byteLength);
      const w = width;
      for (let i = 0; i < n; i++) {
        let q = at[i]!;
        q = putShort(out, q, prefix);
        if (nulls !== undefined && nulls[i] === 1) {
          q = putShort(out, q, nullBytes);
        } else {
          out[q++] = QUOTE;
          let k = codes[i]! * w;
          const e = k + w;
          for (; k + 4 <= e; k += 4, q += 4) dst.setUint32(q, from4.getUint32(k, true), true);
          for (; k < e; k++) out[q++] = src[k]!;
          out[q++] = QUOTE;
        }
        at[i] = q;
      }
    },
  };
}

/**
 * Dictionary words, quoted and encoded once per dictionary; the last entry is the null token.
 * Words of a numeric column (a categorical of numbers) are written bare, as numbers.
 */
function dictionaryWriter(dialect: TextDialect, nullToken: string, bare: boolean): ColumnWriter {
  const prepared = new WeakMap<readonly string[], PreparedWords>();
  let words: PreparedWords = { src: new Uint8Array(0), from: new Int32Array(1), to: new Int32Array(1) };
  let codes: Uint32Array = new Uint32Array(0);
  let nulls: Uint8Array | undefined;
  const ids = plainWordsWriter(nullToken);
  let plain = false;
  return {
    measure(vector, n, lens) {
      const values = vector.values as DictionaryValues;
      // Ids arrive with their bytes: quote those rather than encode a new dictionary per batch.
      plain = values.plain !== undefined && !bare;
      if (plain) {
        ids.measure(vector, n, lens);
        return;
      }
      let w = prepared.get(values.dictionary);
      if (w === undefined) prepared.set(values.dictionary, (w = prepareWords(dialect, values.dictionary, nullToken, bare)));
      words = w;
      codes = values.codes;
      nulls = vector.nulls;
      const { from, to } = w;
      const nullCode = from.length - 1;
      if (nulls === undefined) for (let i = 0; i < n; i++) lens[i] = lens[i]! + to[codes[i]!]! - from[codes[i]!]!;
      else
        for (let i = 0; i < n; i++) {
          const code = nulls[i] === 1 ? nullCode : codes[i]!;
          lens[i] = lens[i]! + to[code]! - from[code]!;
        }
    },
    write(out, at, n, prefix) {
      if (plain) {
        ids.write(out, at, n, prefix);
        return;
      }
      const { src, from, to } = words;
      const nullCode = from.length - 1;
      const dst = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const src4 = new DataView(src.buffer, src.byteOffset, src.byteLength);
      for (let i = 0; i < n; i++) {
        const code = nulls !== undefined && nulls[i] === 1 ? nullCode : codes[i]!;
        at[i] = copyRun(out, dst, src, src4, putShort(out, at[i]!, prefix), from[code]!, to[code]!);
      }
    },
  };
}

/** A temporal column's formatted values: a window of cache slots into an arena of bytes. */
interface TemporalCache {
  arena: ByteBuffer;
  slotFrom: Int32Array;
  slotTo: Int32Array;
  /** The whole value cached in slot 0. */
  base: number;
  write: (o: ByteBuffer, value: number) => void;
  quote: boolean;
  nullLen: number;
  /** Room one formatted field can need. */
  maxBytes: number;
}

/**
 * Each row's field as a run of the arena: cached, or formatted now (and cached when its whole
 * value falls in the window). A leaf of its own: inside the writer's closure, the loop was compiled
 * on-stack mid-batch and bailed out after it, in nearly every batch.
 */
function temporalRuns(cache: TemporalCache, values: Float64Array, nulls: Uint8Array | undefined, n: number, starts: Int32Array, ends: Int32Array): void {
  const { arena, slotFrom, slotTo, base, write, quote, nullLen, maxBytes } = cache;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let s: number;
    let e: number;
    if ((nulls !== undefined && nulls[i] === 1) || !Number.isFinite(v)) {
      s = 0;
      e = nullLen;
    } else {
      const k = v - base;
      const cacheable = k >= 0 && k < TEMPORAL_CACHE_SLOTS && (k | 0) === k;
      if (cacheable && slotFrom[k]! >= 0) {
        s = slotFrom[k]!;
        e = slotTo[k]!;
      } else {
        arena.ensure(maxBytes);
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
  }
}

/**
 * Dates and times repeat (a year has 365 days, a day 86,400 seconds): each distinct whole value
 * in a window around the first one is formatted once, quotes included, into an arena; other values
 * are formatted into the arena each time. The arena starts over between batches when it grows big.
 */
function temporalWriterOf(dialect: TextDialect, spec: ColumnSpec, nullToken: string): ColumnWriter {
  const nullBytes = Buffer.from(nullToken);
  const cache: TemporalCache = {
    arena: new ByteBuffer(1 << 16),
    slotFrom: new Int32Array(TEMPORAL_CACHE_SLOTS).fill(-1),
    slotTo: new Int32Array(TEMPORAL_CACHE_SLOTS),
    base: Number.NaN,
    write: temporalWriter(spec.type, spec.format),
    quote: dialect === "csv" || dialect === "jsonl",
    nullLen: nullBytes.length,
    maxBytes: MAX_FIXED_FIELD_BYTES + (spec.format?.length ?? 0) * 4,
  };
  return runsWriter((vector, n, starts, ends) => {
    const values = vector.values as Float64Array;
    if (cache.arena.pos > TEMPORAL_ARENA_LIMIT || Number.isNaN(cache.base)) {
      cache.arena = new ByteBuffer(1 << 16);
      cache.slotFrom = new Int32Array(TEMPORAL_CACHE_SLOTS).fill(-1);
      cache.arena.put(nullBytes); // [0, nullBytes.length) is the null token
      const first = n > 0 && Number.isFinite(values[0]) ? Math.floor(values[0]!) : 0;
      cache.base = Math.max(first - TEMPORAL_CACHE_SLOTS / 2, spec.type === "time" ? 0 : -Infinity);
    }
    temporalRuns(cache, values, vector.nulls, n, starts, ends);
    return asUint8(cache.arena.bytes, cache.arena.pos);
  });
}

/**
 * The writer of one column in a dialect. A column may arrive as a dictionary in one batch and as
 * plain values in another (a generator's choice per chunk): one writer per representation, the
 * one `measure` picked also writes.
 */
export function columnWriter(dialect: TextDialect, spec: ColumnSpec): ColumnWriter {
  const nullToken = dialect === "csv" ? (spec.nullText ?? "") : "null";
  const nullBytes = new Uint8Array(Buffer.from(nullToken));
  const csv = dialect === "csv";
  let dictionary: ColumnWriter | undefined;
  let strings: ColumnWriter | undefined;
  let typed: ColumnWriter | undefined;
  let current: ColumnWriter | undefined;
  const makeStrings = () => stringWriter(csv, nullBytes);
  const makeTyped = (): ColumnWriter => {
    if (spec.type === "string") return makeStrings();
    if (spec.type === "date" || spec.type === "time" || spec.type === "datetime") return temporalWriterOf(dialect, spec, nullToken);
    if (spec.type === "bool") return boolWriter(csv, nullBytes);
    return numberWriter(spec.type, spec.scale, nullBytes);
  };
  return {
    measure(vector, n, lens) {
      const values = vector.values;
      if (Array.isArray(values)) current = strings ??= makeStrings();
      else if (values instanceof Float64Array || values instanceof Uint8Array) current = typed ??= makeTyped();
      else {
        const numeric = spec.type === "int" || spec.type === "float" || spec.type === "decimal";
        current = dictionary ??= dictionaryWriter(dialect, nullToken, numeric);
      }
      current.measure(vector, n, lens);
    },
    write(out, at, n, prefix) {
      current!.write(out, at, n, prefix);
    },
  };
}
