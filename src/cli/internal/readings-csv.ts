// Readings from a CSV file as `mimic query --format csv` writes them (device,type,timestamp,
// <fields>) or as `mimic generate iot` writes them (reading_id,device,type,timestamp,temperature,
// humidity,motion,light,fault,room,true_time, strings quoted, seed type labels). Columns are found
// by name, so either shape (and any column order) reads the same.
//
// A million readings are 130 MB of CSV: the file is scanned as bytes (no 130 MB string, no
// per-line strings), numbers are parsed from their digits, and each reading goes to its (device,
// type)'s sink: growing Float64Arrays (ReadingColumns), or an analysis that streams.
import { open } from "node:fs/promises";
import { MimicError } from "../../errors/index.js";
import { kindOfLabel } from "../../sensors/index.js";
import type { SensorKind } from "../../sensors/index.js";

export const READING_FIELDS = ["temperature", "humidity", "motion", "light"] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

/** What takes one (device, kind)'s readings: time and the four fields in READING_FIELDS order (NaN = absent). */
export interface ReadingSink {
  push(time: number, temperature: number, humidity: number, motion: number, light: number): void;
  /** The device's room, from a `room` column, set once when first read (train's `--target room`). */
  room?: string | undefined;
}

/** Where parsed readings go: one sink per (device, kind), the same one each time it is asked. */
export interface ReadingTarget {
  sink(device: string, kind: SensorKind): ReadingSink;
}

/** A target that collects every reading in a map of ReadingColumns keyed `device\0kind`. */
export function columnsTarget(into: Map<string, ReadingColumns>): ReadingTarget {
  return {
    sink(device, kind) {
      const key = device + "\u0000" + kind;
      let cols = into.get(key);
      if (!cols) into.set(key, (cols = new ReadingColumns(device, kind)));
      return cols;
    },
  };
}

/** One device's readings of one kind, in input order; columns hold `length` values (NaN = absent). */
export class ReadingColumns implements ReadingSink {
  length = 0;
  times: Float64Array<ArrayBuffer> = new Float64Array(1024);
  fields: Record<ReadingField, Float64Array<ArrayBuffer>> = {
    temperature: new Float64Array(1024),
    humidity: new Float64Array(1024),
    motion: new Float64Array(1024),
    light: new Float64Array(1024),
  };

  /** The room of the device, from a `room` column (`mimic generate iot` writes one), as first read. */
  room: string | undefined;

  constructor(
    readonly device: string,
    readonly kind: SensorKind,
  ) {}

  /** Appends one reading: its time and the four fields in READING_FIELDS order. */
  push(time: number, temperature: number, humidity: number, motion: number, light: number): void {
    if (this.length === this.times.length) this.grow();
    const i = this.length++;
    this.times[i] = time;
    this.fields.temperature[i] = temperature;
    this.fields.humidity[i] = humidity;
    this.fields.motion[i] = motion;
    this.fields.light[i] = light;
  }

  private grow(): void {
    const next = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.times = next(this.times);
    for (const f of READING_FIELDS) this.fields[f] = next(this.fields[f]);
  }
}

function bad(file: string, message: string): MimicError {
  return new MimicError("ANALYZE_BAD_INPUT", `${file}: ${message}`);
}

const COMMA = 44;
const QUOTE = 34;
const NL = 10;
const CR = 13;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The number in bytes [start, end): NaN when empty, 1/0 for true/false. Plain decimals of up to
 * 15 significant digits take the exact fast path (an integer below 2^53 over an exact power of
 * ten rounds once, as Number() does); anything else goes through Number().
 */
function parseNumber(buf: Buffer, start: number, end: number): number {
  if (start < end && buf[start] === QUOTE) {
    start++;
    if (end > start && buf[end - 1] === QUOTE) end--;
  }
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa > 0 || seenDot) digits++;
      if (seenDot) scale++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else break;
  }
  if (i === end && digits <= 15 && i > start + (negative ? 1 : 0)) {
    const v = mantissa / POW10[scale]!;
    return negative ? -v : v;
  }
  const text = buf.toString("latin1", start, end);
  if (text === "true") return 1;
  if (text === "false") return 0;
  return text.trim() === "" ? Number.NaN : Number(text);
}

/** The text of a cell in bytes [start, end), unquoted. */
function cellText(buf: Buffer, start: number, end: number): string {
  if (end - start >= 2 && buf[start] === QUOTE && buf[end - 1] === QUOTE) return buf.toString("utf8", start + 1, end - 1).replaceAll('""', '"');
  return buf.toString("utf8", start, end);
}

/** Splits the header line (RFC 4180 quotes). */
function splitHeader(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

function sameBytes(buf: Buffer, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}

/**
 * Parses CSV bytes into per-(device, kind) columns. Throws ANALYZE_BAD_INPUT naming the file, the
 * missing column or the bad line, and what file to give instead. For a streamed file:
 * `linesBefore` counts the file's records before these bytes (a later block, given with the header
 * in front), and with `rest` the last record, if it does not end in a line break, is left for the
 * next block: `rest.at` is where it starts and `rest.lines` the records parsed.
 */
export function parseReadingsCsv(
  buf: Buffer,
  file: string,
  into = new Map<string, ReadingColumns>(),
  linesBefore = 0,
  rest?: { at: number; lines: number },
): Map<string, ReadingColumns> {
  scanReadingsCsv(buf, file, columnsTarget(into), linesBefore, rest);
  return into;
}

/** parseReadingsCsv into any target (see there). */
export function scanReadingsCsv(buf: Buffer, file: string, target: ReadingTarget, linesBefore = 0, rest?: { at: number; lines: number }): void {
  let headerEnd = buf.indexOf(NL);
  if (headerEnd < 0) headerEnd = buf.length;
  const header = buf
    .toString("utf8", 0, headerEnd)
    .replace(/\r$/, "")
    .replace(/^\uFEFF/, "");
  if (header.trim() === "") throw bad(file, "the file is empty; give a CSV written by `mimic query --format csv` or `mimic generate iot`.");
  const names = splitHeader(header);
  const at = (name: string): number => names.indexOf(name);
  if (at("bucket") >= 0) throw bad(file, "this is a bucketed answer (`mimic query --bucket`), not readings; export the readings without --bucket.");
  const missing = ["device", "type", "timestamp"].filter((n) => at(n) < 0);
  const fieldAt = READING_FIELDS.map((f) => at(f));
  if (missing.length > 0 || fieldAt.every((i) => i < 0)) {
    const what =
      missing.length > 0 ? `has no ${missing.map((m) => `"${m}"`).join(", ")} column` : "has none of the columns temperature, humidity, motion, light";
    throw bad(file, `${what} (its header is "${header.slice(0, 120)}"); give a CSV written by \`mimic query --format csv\` or \`mimic generate iot\`.`);
  }
  const width = names.length;
  // Which value each column feeds: 0 device, 1 type, 2 time, 3–6 fields, 7 room, −1 none.
  const role = new Int8Array(width).fill(-1);
  if (at("room") >= 0) role[at("room")] = 7;
  role[at("device")] = 0;
  role[at("type")] = 1;
  role[at("timestamp")] = 2;
  fieldAt.forEach((i, f) => {
    if (i >= 0) role[i] = 3 + f;
  });
  const values = new Float64Array(7);
  const byHash = new Map<number, { key: Buffer; cols: ReadingSink }[]>();
  let lastKeyStart = -1;
  let lastKeyLength = 0;
  let last: ReadingSink | undefined;
  let lineNo = 1 + linesBefore;
  let i = headerEnd + 1;
  const n = buf.length;
  // One pass over the bytes: cells end at a comma or a newline; a quoted cell is skipped to its
  // closing quote (a doubled quote inside is two quotes in a row). No native call per row.
  if (rest) rest.at = n;
  while (i < n) {
    const recordStart = i;
    lineNo++;
    values[0] = values[1] = values[2] = values[3] = values[4] = Number.NaN;
    let cell = 0;
    let start = i;
    let deviceStart = 0;
    let deviceEnd = 0;
    let typeStart = 0;
    let typeEnd = 0;
    let roomStart = 0;
    let roomEnd = 0;
    for (;;) {
      if (i >= n && rest) {
        // The block ends inside this record: it is read again, whole, with the next block.
        rest.at = recordStart;
        rest.lines = lineNo - 2 - linesBefore;
        return;
      }
      const c = i < n ? buf[i]! : NL;
      if (c === QUOTE) {
        i++;
        while (i < n) {
          if (buf[i] === QUOTE) {
            if (buf[i + 1] === QUOTE) i += 2;
            else break;
          } else i++;
        }
        i++;
        continue;
      }
      if (c === COMMA || c === NL) {
        const cellEnd = c === NL && i > start && buf[i - 1] === CR ? i - 1 : i;
        const r = cell < width ? role[cell]! : -1;
        if (r === 0) {
          deviceStart = start;
          deviceEnd = cellEnd;
        } else if (r === 1) {
          typeStart = start;
          typeEnd = cellEnd;
        } else if (r === 7) {
          roomStart = start;
          roomEnd = cellEnd;
        } else if (r >= 2) values[r - 2] = parseNumber(buf, start, cellEnd);
        cell++;
        i++;
        start = i;
        if (c === NL) break;
        continue;
      }
      i++;
    }
    // A blank line (or the file's last newline) holds no reading.
    if (cell === 1 && deviceEnd === deviceStart && typeEnd === typeStart && Number.isNaN(values[0])) continue;
    if (cell !== width) throw bad(file, `line ${lineNo} has ${cell} cells where the header has ${width}; is the file complete and one CSV?`);
    // The group key is the bytes from the device cell to the type cell when they are neighbours
    // (both shapes), else both cells decoded.
    const keyStart = Math.min(deviceStart, typeStart);
    const keyLength = Math.max(deviceEnd, typeEnd) - keyStart;
    if (!(last && keyLength === lastKeyLength && sameBytes(buf, keyStart, lastKeyStart, keyLength))) {
      // Rows of many devices interleave (a fleet's readings in time order): groups are found by a
      // hash of the key's bytes before any string is decoded.
      let h = 0x811c9dc5;
      for (let k = keyStart; k < keyStart + keyLength; k++) h = Math.imul(h ^ buf[k]!, 0x01000193);
      let cols: ReadingSink | undefined;
      for (const e of byHash.get(h) ?? []) {
        if (e.key.length !== keyLength) continue;
        let k = 0;
        while (k < keyLength && e.key[k] === buf[keyStart + k]) k++;
        if (k === keyLength) {
          cols = e.cols;
          break;
        }
      }
      if (!cols) {
        const device = cellText(buf, deviceStart, deviceEnd);
        const type = cellText(buf, typeStart, typeEnd);
        const kind = kindOfLabel(type) ?? kindOfLabel(type.toUpperCase());
        if (kind === undefined) throw bad(file, `line ${lineNo}: type "${type}" is not a sensor type (DHT22, PIR, LIGHT or the seed's labels).`);
        cols = target.sink(device, kind);
        // A group's room is read once, when its key is first met in this block (devices do not move).
        if (cols.room === undefined && roomEnd > roomStart) {
          const room = cellText(buf, roomStart, roomEnd);
          if (room !== "") cols.room = room;
        }
        const entry = { key: Buffer.from(buf.subarray(keyStart, keyStart + keyLength)), cols };
        const list = byHash.get(h);
        if (list) list.push(entry);
        else byHash.set(h, [entry]);
      }
      last = cols;
      lastKeyStart = keyStart;
      lastKeyLength = keyLength;
    }
    const t = values[0];
    if (!Number.isFinite(t)) throw bad(file, `line ${lineNo}: the timestamp is not epoch seconds.`);
    last.push(t, values[1], values[2], values[3], values[4]);
  }
  if (rest) rest.lines = lineNo - 1 - linesBefore;
}

/** Bytes read from the file at a time: a million readings are 130 MB, never held at once. */
const BLOCK_BYTES = 16 << 20;

/**
 * Streams a readings CSV file into per-(device, kind) columns, a block of whole records at a
 * time: memory holds the readings' columns and one block, not the file.
 */
export async function readReadingsCsvFile(
  path: string,
  file: string,
  into = new Map<string, ReadingColumns>(),
  blockBytes = BLOCK_BYTES,
): Promise<Map<string, ReadingColumns>> {
  await streamReadingsCsvFile(path, file, columnsTarget(into), blockBytes);
  return into;
}

/** readReadingsCsvFile into any target: memory holds one block, whatever the file's length. */
export async function streamReadingsCsvFile(path: string, file: string, target: ReadingTarget, blockBytes = BLOCK_BYTES): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read ${file}; check the path (a CSV or Parquet file from \`mimic query\` or \`mimic generate iot\`).`, {
      cause,
    });
  }
  try {
    // One working buffer, reused: [header][the last block's unfinished record][new bytes]. Later
    // blocks are parsed with the header in front, so the columns are found the same way.
    let work = Buffer.allocUnsafe(blockBytes + 4096);
    let headerLength = 0;
    let filled = 0;
    let lines = 0;
    const rest = { at: 0, lines: 0 };
    for (;;) {
      if (work.length - filled < blockBytes) {
        const bigger = Buffer.allocUnsafe(filled + blockBytes + 4096);
        work.copy(bigger, 0, 0, filled);
        work = bigger;
      }
      const { bytesRead } = await handle.read(work, filled, blockBytes, null);
      filled += bytesRead;
      const done = bytesRead === 0;
      if (headerLength === 0) {
        const headerEnd = work.subarray(0, filled).indexOf(NL);
        // The header line is not complete yet: read on.
        if (headerEnd < 0 && !done) continue;
        headerLength = headerEnd < 0 ? filled : headerEnd + 1;
      }
      const data = work.subarray(0, filled);
      scanReadingsCsv(data, file, target, lines, done ? undefined : rest);
      if (done) break;
      lines += rest.lines;
      // The unfinished record moves to just after the header.
      work.copy(work, headerLength, Math.max(rest.at, headerLength), filled);
      filled = headerLength + (filled - Math.max(rest.at, headerLength));
    }
  } finally {
    await handle.close();
  }
}
