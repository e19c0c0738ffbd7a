// Text columns built into one UTF-8 buffer per chunk, decoded once and cut into strings, as the
// `unique` kind's ids are. Concatenating each value (`${first} ${last}`) left about a million
// strings and string pieces per 65,536-row chunk, which outlived V8's young generation and cost
// full collections; slices of one decoded string are one small object each.

/** A word encoded once: its UTF-8 bytes and its length in UTF-16 code units. */
export interface EncodedWord {
  readonly bytes: Uint8Array;
  readonly length: number;
}

const encoder = new TextEncoder();
const cache = new WeakMap<readonly string[], readonly EncodedWord[]>();

/** The encoded words of a list, computed once per list. */
export function encodedWords(words: readonly string[]): readonly EncodedWord[] {
  let e = cache.get(words);
  if (e === undefined) cache.set(words, (e = words.map((w) => ({ bytes: encoder.encode(w), length: w.length }))));
  return e;
}

function isAscii(buf: Uint8Array, n: number): boolean {
  for (let k = 0; k < n; k++) if (buf[k]! > 127) return false;
  return true;
}

/** Builds `rows` text values: append parts, then `end()` each row; `finish()` gives the strings. */
export class TextBuilder {
  private buf: Uint8Array;
  private at = 0;
  private chars = 0;
  private row = 0;
  private readonly ends: Uint32Array;

  constructor(private readonly rows: number, bytesPerRow = 40) {
    this.buf = new Uint8Array(Math.max(64, rows * bytesPerRow));
    this.ends = new Uint32Array(rows);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  word(w: EncodedWord): this {
    const b = w.bytes;
    this.room(b.length);
    // A loop beats TypedArray#set for the few bytes of a word.
    const buf = this.buf;
    let at = this.at;
    for (let k = 0; k < b.length; k++) buf[at++] = b[k]!;
    this.at = at;
    this.chars += w.length;
    return this;
  }

  /** ASCII text (separators, literals, lower-case slugs). */
  ascii(s: string): this {
    this.room(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.at++] = s.charCodeAt(k);
    this.chars += s.length;
    return this;
  }

  /** One ASCII character by code. */
  char(code: number): this {
    this.room(1);
    this.buf[this.at++] = code;
    this.chars++;
    return this;
  }

  /** A whole number ≥ 0 in decimal (below 2^53). */
  int(n: number): this {
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.room(digits);
    let rest = n;
    for (let k = this.at + digits - 1; k >= this.at; k--) {
      this.buf[k] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.at += digits;
    this.chars += digits;
    return this;
  }

  end(): void {
    this.ends[this.row++] = this.chars;
  }

  finish(): string[] {
    if (this.row !== this.rows) throw new Error(`text builder ended ${this.row} of ${this.rows} rows`);
    // ASCII text (most of en-US) decodes faster as Latin-1, and gives the same string.
    const bytes = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.at);
    const all = bytes.toString(isAscii(this.buf, this.at) ? "latin1" : "utf8");
    const out = new Array<string>(this.rows);
    let start = 0;
    for (let i = 0; i < this.rows; i++) {
      const e = this.ends[i]!;
      out[i] = all.slice(start, e);
      start = e;
    }
    return out;
  }
}
