// A byte-level RFC 4180 record scanner: the hot path of `mimic fit` and `mimic evaluate`.
// csv-parse (kept as the oracle in csv-records.test.ts) spends ~350 ns per field in its generic
// state machine; this scanner slices unquoted fields straight out of the read buffer, which is
// what makes a million-row file readable in seconds. Quoted fields ("a, b", "say ""hi""",
// embedded newlines), CRLF or LF line ends and a UTF-8 BOM are handled; empty lines are skipped.
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

const QUOTE = 0x22,
  LF = 0x0a,
  CR = 0x0d;

/** A problem at a line of the file (1-based), turned into CSV_MALFORMED by the caller. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes that are not UTF-8 at a line of the file (1-based), e.g. a Latin-1 export. */
export class CsvEncodingError extends Error {
  constructor(
    readonly line: number,
    readonly bytes: string,
  ) {
    super(`line ${line} has a byte that is not UTF-8 (${bytes})`);
  }
}

/** Offset of the first byte of `bytes` that does not start a valid UTF-8 character. */
function firstBadByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length || !isUtf8(bytes.subarray(i, i + n))) return i;
    i += n;
  }
  return 0;
}

/**
 * Checks that `buf[0, end)`, whose first line is `line`, is UTF-8 (one strict validation per
 * byte; the slow search for the line only when it is not).
 */
function checkUtf8(buf: Buffer, end: number, line: number): void {
  if (end <= 0 || isUtf8(buf.subarray(0, end))) return;
  let start = 0;
  while (start < end) {
    let stop = buf.indexOf(LF, start);
    if (stop < 0 || stop >= end) stop = end;
    const text = buf.subarray(start, stop);
    if (!isUtf8(text)) {
      const at = firstBadByte(text);
      const before = text.subarray(Math.max(0, at - 12), at).toString("utf8");
      throw new CsvEncodingError(line, `0x${text[at]!.toString(16).toUpperCase().padStart(2, "0")}${before ? ` after ${JSON.stringify(before)}` : ""}`);
    }
    start = stop + 1;
    line++;
  }
  throw new CsvEncodingError(line, "a character cut short");
}

/**
 * One record's fields as places in the read buffer, so a reader that parses numbers from the
 * bytes never makes a string of them (a string per field was a quarter of reading a file).
 * Quoted fields are kept as their text, unescaped. Valid until the next record is scanned.
 */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  /** Fields in the record. */
  count = 0;
  /** Field `i` is `buf[starts[i], ends[i])` unless `quoted[i]` holds its text. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly quoted: (string | undefined)[] = [];

  /** Field `i` as text. */
  text(i: number): string {
    return this.quoted[i] ?? this.buf.toString("utf8", this.starts[i], this.ends[i]);
  }

  /** For the scanner: the next field, as its place in `buf` or (quoted) its text. */
  add(start: number, end: number, quoted: string | undefined): void {
    const k = this.count++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.quoted[k] = quoted;
  }
}

/**
 * Scans one record starting at `pos` (fields separated by the byte `sep`, a comma or the
 * sniffed delimiter). Returns the position after its line end, or -1 when the
 * buffer ends inside the record and more input may follow (`final` false).
 */
function scanRecord(buf: Buffer, pos: number, final: boolean, fields: CsvRecord, line: number, sep: number): number {
  fields.buf = buf;
  fields.count = 0;
  const n = buf.length;
  let p = pos;
  for (;;) {
    if (p < n && buf[p] === QUOTE) {
      let text = "";
      let start = p + 1;
      p++;
      for (;;) {
        while (p < n && buf[p] !== QUOTE) p++;
        if (p >= n) {
          if (!final) return -1;
          throw new CsvSyntaxError(line, "a quoted field is not closed before the end of the file");
        }
        if (p + 1 < n && buf[p + 1] === QUOTE) {
          text += buf.toString("utf8", start, p + 1);
          p += 2;
          start = p;
          continue;
        }
        if (p + 1 >= n && !final) return -1;
        text += buf.toString("utf8", start, p);
        p++;
        break;
      }
      fields.add(0, 0, text);
      if (p < n && buf[p] !== sep && buf[p] !== LF && buf[p] !== CR) {
        throw new CsvSyntaxError(line, `unexpected text after a closing quote ("${buf.toString("utf8", p, Math.min(n, p + 10))}…")`);
      }
    } else {
      const start = p;
      while (p < n) {
        const c = buf[p]!;
        if (c === sep || c === LF || c === CR) break;
        p++;
      }
      if (p >= n && !final) return -1;
      fields.add(start, p, undefined);
    }
    if (p >= n) return n;
    const c = buf[p]!;
    if (c === sep) {
      p++;
      continue;
    }
    if (c === CR) {
      if (p + 1 >= n && !final) return -1;
      return p + 1 < n && buf[p + 1] === LF ? p + 2 : p + 1;
    }
    return p + 1;
  }
}

function isBlankLine(buf: Buffer, pos: number): number {
  if (buf[pos] === LF) return pos + 1;
  if (buf[pos] === CR && buf[pos + 1] === LF) return pos + 2;
  return -1;
}

export interface ReadCsvRecordsOptions {
  signal?: AbortSignal | undefined;
  chunkBytes?: number;
  delimiter?: string;
  onBytes?: ((bytesRead: number) => void) | undefined;
}

/**
 * Calls `onRecord(fields, line)` for every record of the file, in order (the array is reused:
 * copy what you keep). `onRecord` returns false to stop early.
 *
 * @example
 * await readCsvRecords("cars.csv", (fields) => { console.log(fields); return true; });
 */
export async function readCsvRecords(path: string, onRecord: (fields: string[], line: number) => boolean, options: ReadCsvRecordsOptions = {}): Promise<void> {
  const fields: string[] = [];
  await readCsvFields(
    path,
    (record, line) => {
      fields.length = record.count;
      for (let i = 0; i < record.count; i++) fields[i] = record.text(i);
      return onRecord(fields, line);
    },
    options,
  );
}

/**
 * `readCsvRecords` with each record's fields as places in the read buffer (`CsvRecord`, reused:
 * read what you keep before returning), for readers that parse numbers from the bytes.
 *
 * @example
 * await readCsvFields("cars.csv", (record) => { console.log(record.text(0)); return true; });
 */
export async function readCsvFields(path: string, onRecord: (record: CsvRecord, line: number) => boolean, options: ReadCsvRecordsOptions = {}): Promise<void> {
  const { signal, chunkBytes = 1 << 22 } = options;
  // The field separator's byte (a comma unless the caller sniffed another: ; tab |).
  const delimiter = (options.delimiter ?? ",").charCodeAt(0);
  const fields = new CsvRecord();
  let pending: Buffer | undefined;
  let line = 1;
  let first = true;
  const stream = createReadStream(path, { highWaterMark: chunkBytes, ...(signal ? { signal } : {}) });
  const consume = (buf: Buffer, final: boolean): boolean => {
    let pos = 0;
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    first = false;
    // Records read from this buffer are checked to be UTF-8 before the caller hears it is done.
    const startLine = line;
    while (pos < buf.length) {
      const blank = isBlankLine(buf, pos);
      if (blank >= 0) {
        pos = blank;
        line++;
        continue;
      }
      const end = scanRecord(buf, pos, final, fields, line, delimiter);
      if (end < 0) break;
      const recordLine = line;
      for (let i = pos; i < end; i++) if (buf[i] === LF) line++;
      pos = end;
      if (!onRecord(fields, recordLine)) {
        checkUtf8(buf, pos, startLine);
        return false;
      }
    }
    checkUtf8(buf, pos, startLine);
    pending = pos < buf.length ? buf.subarray(pos) : undefined;
    return true;
  };
  for await (const chunk of stream) {
    const buf = pending ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    if (!consume(buf, false)) {
      stream.destroy();
      return;
    }
    options.onBytes?.(stream.bytesRead);
  }
  if (pending) consume(pending, true);
}
