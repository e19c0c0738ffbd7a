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
    this.room(w.bytes.length);
    this.buf.set(w.bytes, this.at);
    this.at += w.bytes.length;
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

  /** A whole number ≥ 0 in decimal. */
  int(n: number): this {
    if (n < 10) return this.char(48 + n);
    return this.ascii(String(n));
  }

  end(): void {
    this.ends[this.row++] = this.chars;
  }

  finish(): string[] {
    if (this.row !== this.rows) throw new Error(`text builder ended ${this.row} of ${this.rows} rows`);
    const all = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.at).toString("utf8");
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
