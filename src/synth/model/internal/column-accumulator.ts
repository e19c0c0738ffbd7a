// Collects one CSV column value by value into the cheapest faithful storage: numbers in a
// Float64Array, datetimes as epoch milliseconds, anything else dictionary-encoded. The first
// values are buffered so the storage is chosen from evidence, not from the first cell alone.
import { detectDatetimeFormat, formatDatetime, parseDatetime } from "./datetime-format.js";
import { GrowableFloat64, GrowableUint32 } from "./growable.js";

/** Code of a null cell in a dictionary-encoded column. */
export const NULL_CODE = 0xffffffff;

/**
 * Cells read as missing unless `--na` says otherwise: pandas' default `na_values` (so a table reads
 * the same in both), and `Null`, which mimic always read.
 */
export const DEFAULT_NA_MARKERS: readonly string[] = [
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
  "Null",
];
const NULL_TOKENS: ReadonlySet<string> = new Set(DEFAULT_NA_MARKERS);
// "007" or "02134" are codes, not numbers (parseNumber refuses them): reading them as numbers
// would drop their zeros.
const DECIDE_AFTER = 1000;

export function isNullToken(text: string): boolean {
  return NULL_TOKENS.has(text);
}

/**
 * Parses a plain decimal number (`-12`, `3.50`, `.5`, `1e-3`); NaN when `text` is not one, is a
 * zero-padded code, or is a whole number a double cannot hold exactly (beyond 2^53, such as a
 * 20-digit id: read as a number it would come back as another value). A character scan, not a
 * regex: it runs once per cell of every numeric column.
 */
export function parseNumber(text: string): number {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  const start = i;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (digits > 1 && text.charCodeAt(start) === 48) return Number.NaN;
  const wholeDigits = digits;
  if (c === 46) {
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return Number.NaN;
  const exponent = c === 101 || c === 69;
  if (exponent) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    let exp = 0;
    while (c >= 48 && c <= 57) {
      exp++;
      c = text.charCodeAt(++i);
    }
    if (exp === 0) return Number.NaN;
  }
  if (i !== n) return Number.NaN;
  const value = Number(text);
  // 15 digits always fit; past them only a whole number written out can lose digits.
  return wholeDigits > 15 && wholeDigits === digits && !exponent && !Number.isSafeInteger(value) ? Number.NaN : value;
}

/** Places after the point of a number written without an exponent. */
function decimalsOf(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

function exponentAt(text: string): number {
  const e = text.indexOf("e");
  return e >= 0 ? e : text.indexOf("E");
}

/** Significant digits of the mantissa of `1.101e-06` (4) or `1E5` (1): the precision the value was written with. */
export function significantDigitsOf(text: string, exponent: number): number {
  let digits = 0;
  let leading = true;
  for (let i = 0; i < exponent; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (leading && c === 48) continue;
    leading = false;
    digits++;
  }
  return Math.max(1, digits);
}

/**
 * A finished column, in one of three storages. `missing`: the marker most of its missing cells
 * were written as (`NA`, `None`), when not an empty cell — written back the same by sample.
 */
export type RawColumn =
  | {
      storage: "numeric";
      name: string;
      values: Float64Array;
      decimals: number;
      nulls: number;
      /** Set when some value is in scientific notation (`1.101e-06`): the most significant digits such a value has. */
      significant?: number;
      /** Set when values were written with thousands separators (`146,083`). */
      thousands?: true;
      missing?: string;
    }
  | {
      storage: "datetime";
      name: string;
      values: Float64Array;
      format: string;
      nulls: number;
      missing?: string;
      /** Set for typed values (Parquet DATE, TIME, TIMESTAMP): they have no text format, so any format is theirs. */
      typed?: true;
    }
  | { storage: "text"; name: string; codes: Uint32Array; dictionary: string[]; nulls: number; numericShare: number; missing?: string };

/** A whole or decimal number with comma thousands separators: `146,083`, `-1,234,567.5`. */
const THOUSANDS = /^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number written plainly or with comma thousands separators (`146,083`); NaN otherwise. Columns
 * are read so only in comma-separated files: where fields are split by `;`, `1,250` is as likely
 * one and a quarter, and the metadata's `thousands: true` decides.
 */
export function parseThousands(text: string): number {
  return THOUSANDS.test(text) ? Number(text.replace(/,/g, "")) : parseNumber(text);
}

const POWERS_OF_TEN = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Places after the point of the last number `plainNumberAt` read. */
let placesRead = 0;

/**
 * `parseNumber` of the text `buf[start, end)` for the common shape, read from the bytes without
 * making a string: an optional sign, at most 15 digits with an optional point, no exponent, no
 * zero-padding. NaN for anything else (the caller then takes the text path, which decides). The
 * digits make a whole number below 2^53 and 10^places is exact, so the one division rounds as
 * `Number(text)` does: the same double.
 */
function plainNumberAt(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = buf[i];
  const negative = c === 45;
  if (negative || c === 43) c = buf[++i];
  const wholeStart = i;
  let m = 0;
  while (i < end && c! >= 48 && c! <= 57) {
    m = m * 10 + (c! - 48);
    c = buf[++i];
  }
  const wholeDigits = i - wholeStart;
  if (wholeDigits > 1 && buf[wholeStart] === 48) return Number.NaN;
  let places = 0;
  if (i < end && c === 46) {
    c = buf[++i];
    while (i < end && c! >= 48 && c! <= 57) {
      m = m * 10 + (c! - 48);
      places++;
      c = buf[++i];
    }
  }
  if (i !== end || wholeDigits + places === 0 || wholeDigits + places > 15) return Number.NaN;
  placesRead = places;
  const value = places === 0 ? m : m / POWERS_OF_TEN[places]!;
  return negative ? -value : value;
}

export interface AccumulatorOptions {
  /** Read `146,083` as a number (comma-separated files, where a decimal comma would have been quoted the same). */
  commaThousands?: boolean;
  /** Cells read as missing (default DEFAULT_NA_MARKERS); an empty cell always is. */
  naMarkers?: ReadonlySet<string>;
}

export class ColumnAccumulator {
  private mode: "pending" | "numeric" | "datetime" | "text" = "pending";
  private pending: (string | null)[] = [];
  private numbers = new GrowableFloat64();
  private decimals = 0;
  private significant = 0;
  private format = "";
  private codes = new GrowableUint32();
  private dictionary: string[] = [];
  private lookup = new Map<string, number>();
  private nulls = 0;
  private numericLooking = 0;
  private nonNull = 0;
  private readonly markers: ReadonlySet<string>;
  private readonly longestMarker: number;
  /** No missing-value marker reads as a number (`--na -999` does), so a number read from bytes is never one. */
  private readonly bytesAreNumbers: boolean;
  /** How often each non-empty marker was seen, to write the column's own one back. */
  private readonly markerCounts = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly options: AccumulatorOptions = {},
  ) {
    this.markers = options.naMarkers ?? NULL_TOKENS;
    this.longestMarker = Math.max(0, ...[...this.markers].map((m) => m.length));
    this.bytesAreNumbers = ![...this.markers].some((m) => !Number.isNaN(parseNumber(m)));
  }

  /**
   * `push` of the field `buf[start, end)`, or of `quoted` (a quoted field's text). A plain number
   * in a numeric column is read from the bytes; anything else goes through `push`.
   */
  pushField(buf: Buffer, start: number, end: number, quoted: string | undefined): void {
    if (quoted === undefined && this.mode === "numeric" && this.bytesAreNumbers) {
      const n = plainNumberAt(buf, start, end);
      if (n === n) {
        // What push and add do for such a cell: present, numeric-looking, its places counted.
        this.nonNull++;
        this.numericLooking++;
        if (placesRead > this.decimals) this.decimals = placesRead;
        this.numbers.push(n);
        return;
      }
    }
    this.push(quoted ?? buf.toString("utf8", start, end));
  }

  push(raw: string): void {
    // Most cells have no surrounding space and are longer than any null token: skip both checks.
    const n = raw.length;
    const text = n > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(n - 1) > 32 ? raw : raw.trim();
    const value = text === "" || (text.length <= this.longestMarker && this.markers.has(text)) ? null : text;
    if (value === null) {
      this.nulls++;
      if (text !== "") this.markerCounts.set(text, (this.markerCounts.get(text) ?? 0) + 1);
    } else this.nonNull++;
    if (this.mode === "pending") {
      this.pending.push(value);
      if (this.pending.length >= DECIDE_AFTER) this.decide();
      return;
    }
    this.add(value);
  }

  private decide(): void {
    const present = this.pending.filter((v): v is string => v !== null);
    if (present.length > 0 && present.every((v) => !Number.isNaN(parseNumber(v)))) this.mode = "numeric";
    else {
      const format = present.length > 0 ? detectDatetimeFormat(present) : undefined;
      if (format) {
        this.mode = "datetime";
        this.format = format;
      } else this.mode = present.length > 0 ? "text" : "numeric";
    }
    const buffered = this.pending;
    this.pending = [];
    for (const v of buffered) this.add(v);
  }

  private add(value: string | null): void {
    switch (this.mode) {
      case "numeric": {
        if (value === null) return this.numbers.push(Number.NaN);
        const n = parseNumber(value);
        if (Number.isNaN(n)) {
          this.toText();
          return this.addText(value);
        }
        this.numericLooking++;
        // One look for an exponent per cell: `1.101e-06` counts significant digits, `3.50` places.
        const e = exponentAt(value);
        if (e >= 0) this.significant = Math.max(this.significant, significantDigitsOf(value, e));
        else {
          const d = decimalsOf(value);
          if (d > this.decimals) this.decimals = d;
        }
        return this.numbers.push(n);
      }
      case "datetime": {
        if (value === null) return this.numbers.push(Number.NaN);
        const t = parseDatetime(value, this.format);
        if (Number.isNaN(t)) {
          this.toText();
          return this.addText(value);
        }
        return this.numbers.push(t);
      }
      default:
        return this.addText(value);
    }
  }

  private addText(value: string | null): void {
    if (value === null) return this.codes.push(NULL_CODE);
    if (!Number.isNaN(parseNumber(value))) this.numericLooking++;
    let code = this.lookup.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.lookup.set(value, code);
    }
    this.codes.push(code);
  }

  // A late value broke the numeric/datetime reading: re-encode what came before as text.
  private toText(): void {
    const previous = this.numbers.view();
    const wasDatetime = this.mode === "datetime";
    this.mode = "text";
    this.numericLooking = 0;
    for (const v of previous) {
      this.addText(Number.isNaN(v) ? null : wasDatetime ? formatDatetime(v, this.format) : String(v));
    }
    this.numbers = new GrowableFloat64();
  }

  /** The text column as numbers when every value is one, some written with thousands separators. */
  private withThousands(): RawColumn | undefined {
    const dict = this.dictionary;
    if (dict.length === 0 || !dict.some((v) => THOUSANDS.test(v))) return undefined;
    const parsed = dict.map(parseThousands);
    if (parsed.some((v) => Number.isNaN(v))) return undefined;
    let decimals = 0;
    for (const v of dict) decimals = Math.max(decimals, decimalsOf(v));
    const codes = this.codes.view();
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) values[i] = codes[i] === NULL_CODE ? Number.NaN : parsed[codes[i]!]!;
    return { storage: "numeric", name: this.name, values, decimals, nulls: this.nulls, thousands: true };
  }

  /** The marker most missing cells were written as, when that is not an empty cell. */
  private missing(): { missing?: string } {
    let best: string | undefined;
    let count = 0;
    for (const [marker, n] of this.markerCounts) if (n > count) [best, count] = [marker, n];
    const empty = this.nulls - [...this.markerCounts.values()].reduce((a, b) => a + b, 0);
    return best !== undefined && count > empty ? { missing: best } : {};
  }

  /** The markers seen in this column, most frequent first, with their counts. */
  markersSeen(): [string, number][] {
    return [...this.markerCounts].sort((a, b) => b[1] - a[1]);
  }

  finish(): RawColumn {
    return { ...this.finishStorage(), ...this.missing() };
  }

  private finishStorage(): RawColumn {
    if (this.mode === "pending") this.decide();
    if (this.mode === "numeric") {
      const column: RawColumn = { storage: "numeric", name: this.name, values: this.numbers.view(), decimals: this.decimals, nulls: this.nulls };
      return this.significant > 0 ? { ...column, significant: this.significant } : column;
    }
    if (this.mode === "datetime") return { storage: "datetime", name: this.name, values: this.numbers.view(), format: this.format, nulls: this.nulls };
    const thousands = this.options.commaThousands ? this.withThousands() : undefined;
    if (thousands) return thousands;
    return {
      storage: "text",
      name: this.name,
      codes: this.codes.view(),
      dictionary: this.dictionary,
      nulls: this.nulls,
      numericShare: this.nonNull === 0 ? 0 : this.numericLooking / this.nonNull,
    };
  }
}
