import type { DictionaryValues } from "../../batch.js";
import { MimicError } from "../../../errors/index.js";
import { fmix32 } from "../../../random/derive.js";
import { FeistelPermutation } from "../runtime/feistel.js";
import { dictionary } from "../runtime/vectors.js";
import type { KindBuilder } from "./env.js";
import { COMMON } from "./ids.js";

// Hex digits as latin1 bytes. Ids are written into one byte buffer per chunk and cut out of a single
// decoded string: building each id by string concatenation was ~6× slower and fed the GC.
const HEX_BYTES = Uint8Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));
const DASH = 45;
const FOUR = 52;

/** Writes the `count` low hex digits of v (v < 2^52) ending just before `end`. */
function writeLowHex(buf: Uint8Array, end: number, v: number, count: number): void {
  let lo = v >>> 0;
  let hi = Math.floor(v / 4294967296);
  const low = count < 8 ? count : 8;
  let p = end - 1;
  for (let j = 0; j < low; j++, lo >>>= 4) buf[p--] = HEX_BYTES[lo & 15]!;
  for (let j = low; j < count; j++, hi >>>= 4) buf[p--] = HEX_BYTES[hi & 15]!;
}

/**
 * Writes `count` decorative hex digits from keyed hashes of v (8 per 32-bit word, high nibble
 * first): word k is mixBits(v, key, k), whose inner hash of (v, key) is shared by the words.
 */
function writeDeco(buf: Uint8Array, at: number, v: number, key: number, count: number): void {
  const inner = fmix32((v % 4294967296) ^ key);
  const hi = Math.floor(v / 4294967296);
  let j = 0;
  for (let lane = 0; j < count; lane++) {
    const word = fmix32(inner ^ Math.imul(hi + lane + 1, 0x9e3779b9));
    const end = Math.min(count, j + 8);
    for (let shift = 28; j < end; j++, shift -= 4) buf[at + j] = HEX_BYTES[(word >>> shift) & 15]!;
  }
}

/** The n ids of `width` Latin-1 bytes each, as strings. */
function cutWords(buf: Buffer, n: number, width: number): string[] {
  const all = buf.toString("latin1", 0, n * width);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(all.slice(i * width, (i + 1) * width));
  return words;
}

export const unique: KindBuilder = (o, path, env) => {
  const { c } = env;
  c.keys(o, path, ["kind", "format", "length", "digits", "min", "pattern", ...COMMON], "a unique column");
  const before = c.count;
  const pattern = c.string(o, "pattern", path);
  const format = c.string(o, "format", path, { oneOf: ["hex", "uuid", "int"] }) ?? "hex";
  const length = c.number(o, "length", path, { integer: true, min: 1, max: 64 }) ?? 32;
  const digits = c.number(o, "digits", path, { integer: true, min: 1, max: 15 }) ?? 9;
  const min = c.number(o, "min", path, { integer: true }) ?? 0;
  if (pattern !== undefined && o.format !== undefined) c.add(`${path}.format`, "conflict", 'give either "pattern" or "format", not both');
  if (pattern !== undefined && !/[#%]/.test(pattern)) c.add(`${path}.pattern`, "invalid_value", 'pattern needs "#" (a digit) or "%" (a hex digit) slots, e.g. "TX-########"');
  if (pattern !== undefined && (pattern.length > 200 || [...pattern].some((ch) => ch.charCodeAt(0) > 255))) {
    c.add(`${path}.pattern`, "invalid_value", "pattern must be at most 200 Latin-1 characters");
  }
  if (c.count > before) return undefined;

  // The id space, the id's width in bytes, and how one permuted value is written.
  let size: number;
  let width: number;
  let write: (buf: Uint8Array, at: number, v: number, key: number) => void;
  if (pattern !== undefined) {
    const slots = Uint8Array.from(pattern, (ch) => (ch === "#" ? 10 : ch === "%" ? 16 : 0));
    const literal = Uint8Array.from(pattern, (ch) => ch.charCodeAt(0));
    size = slots.reduce((s, r) => (r > 0 ? s * r : s), 1);
    if (size > 2 ** 52) {
      c.add(`${path}.pattern`, "out_of_range", "pattern has too many slots (more than 2^52 ids); use fewer # or %");
      return undefined;
    }
    width = pattern.length;
    write = (buf, at, v) => {
      let rest = v;
      for (let i = width - 1; i >= 0; i--) {
        const r = slots[i]!;
        if (r === 0) buf[at + i] = literal[i]!;
        else {
          buf[at + i] = HEX_BYTES[rest % r]!;
          rest = Math.floor(rest / r);
        }
      }
    };
  } else if (format === "int") {
    size = 10 ** digits;
    width = 0;
    write = () => undefined;
    if (!Number.isSafeInteger(min + size)) {
      c.add(`${path}.min`, "out_of_range", "min + 10^digits must stay a safe integer (below 2^53)");
      return undefined;
    }
  } else {
    const hexDigits = format === "uuid" ? 32 : length;
    const uniqueDigits = Math.min(hexDigits, 13); // 13 hex digits = 52 bits, the permutation's limit
    const decoDigits = hexDigits - uniqueDigits;
    size = 16 ** uniqueDigits;
    if (format === "uuid") {
      // 8-4-4-4-12 with version 4 and the RFC 4122 variant; the unique part is the last 13 digits.
      width = 36;
      const tmp = new Uint8Array(32);
      write = (buf, at, v, key) => {
        writeDeco(tmp, 0, v, key, 19);
        writeLowHex(tmp, 32, v, 13);
        const variantNibble = HEX_BYTES.indexOf(tmp[16]!) & 3;
        tmp[12] = FOUR;
        tmp[16] = HEX_BYTES[8 + variantNibble]!;
        let o = at;
        for (let j = 0; j < 32; j++) {
          if (j === 8 || j === 12 || j === 16 || j === 20) buf[o++] = DASH;
          buf[o++] = tmp[j]!;
        }
      };
    } else {
      width = hexDigits;
      write = (buf, at, v, key) => {
        if (decoDigits > 0) writeDeco(buf, at, v, key, decoDigits);
        writeLowHex(buf, at + width, v, uniqueDigits);
      };
    }
  }
  const isInt = pattern === undefined && format === "int";
  // Hex digits, dashes and literals that need no quoting or escaping in CSV or JSON.
  const plain = !isInt && width > 0 && (pattern === undefined || /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(pattern));
  const column = env.name;
  let cached: { perm: FeistelPermutation; deco: number } | undefined;
  let scratchIds = new Float64Array(0);
  return {
    shape: { type: isInt ? "int" : "string" },
    generate(s) {
      // Keys come from the column's chunk-independent stream: one permutation for the whole table.
      if (cached === undefined) {
        const keyRng = s.columnRng.fork("$unique-key");
        const keys = Uint32Array.from({ length: FeistelPermutation.rounds + 1 }, () => keyRng.uint32());
        cached = { perm: new FeistelPermutation(size, keys), deco: keys[FeistelPermutation.rounds]! };
      }
      const { perm, deco } = cached;
      const n = s.length;
      // Text ids only need the permuted values while writing them: reuse one scratch array.
      const ids = isInt ? new Float64Array(n) : scratchIds.length >= n ? scratchIds : (scratchIds = new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const g = s.globalIndex(i);
        if (g >= size) {
          throw new MimicError(
            "SCHEMA_UNIQUE_EXHAUSTED",
            `column "${column}" holds ${size} unique ids but row ${g + 1} needs another; use a longer length/digits/pattern or fewer rows`,
          );
        }
        ids[i] = perm.apply(g);
      }
      if (isInt) {
        for (let i = 0; i < n; i++) ids[i] = min + ids[i]!;
        return { values: ids };
      }
      // The bytes stay with the batch (writers copy them instead of encoding the strings).
      const buf = Buffer.allocUnsafeSlow(n * width);
      for (let i = 0; i < n; i++) write(buf, i * width, ids[i]!, deco);
      // A dictionary of distinct words, one code per value: repeating a group's id over its rows
      // copies codes, not strings, and a writer encodes each id once.
      const codes = new Uint32Array(n);
      for (let i = 0; i < n; i++) codes[i] = i;
      if (!plain) return { values: dictionary(codes, cutWords(buf, n, width)) };
      // Plain ids keep their bytes; the strings are cut only if someone reads them (an expression,
      // Parquet): CSV and JSON Lines copy the bytes.
      let words: string[] | undefined;
      const values: DictionaryValues = {
        kind: "dictionary",
        codes,
        plain: { bytes: new Uint8Array(buf.buffer, buf.byteOffset, n * width), width },
        get dictionary() {
          return (words ??= cutWords(buf, n, width));
        },
      };
      return { values };
    },
  };
};
