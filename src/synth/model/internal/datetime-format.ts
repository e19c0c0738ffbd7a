// Datetime formats learnt from a column's text and replayed on output, so synthetic dates look
// exactly like the real ones (`2012-01-01`, `01/31/2020 13:05`, `2020-01-31T13:05:00.000Z`, `08:12:42`).
// Values are milliseconds since the epoch, UTC (timezone offsets other than Z are not modelled).

/** Formats tried, most specific first; the first that parses every sampled value wins. */
export const DATETIME_FORMATS = [
  "YYYY-MM-DDTHH:mm:ss.SSSZ",
  "YYYY-MM-DDTHH:mm:ssZ",
  "YYYY-MM-DDTHH:mm:ss.SSS",
  "YYYY-MM-DDTHH:mm:ss",
  "YYYY-MM-DDTHH:mm",
  "YYYY-MM-DD HH:mm:ss.SSS",
  "YYYY-MM-DD HH:mm:ss",
  "YYYY-MM-DD HH:mm",
  "YYYY-MM-DD",
  "YYYY/MM/DD HH:mm:ss",
  "YYYY/MM/DD",
  "MM/DD/YYYY HH:mm:ss",
  "MM/DD/YYYY HH:mm",
  "MM/DD/YYYY",
  "DD/MM/YYYY HH:mm:ss",
  "DD/MM/YYYY",
  "M/D/YYYY H:mm",
  "M/D/YYYY",
  "DD.MM.YYYY",
  // Month names (English, any case): what spreadsheets and R write (`Jun 12 1998`, `1-Jan-00`).
  "MMM D YYYY",
  "MMM D, YYYY",
  "D MMM YYYY",
  "D-MMM-YYYY",
  "D-MMM-YY",
  "YYYY-MMM-DD",
  // Times of day (coffee-sales' `time`), held as milliseconds since midnight: without them a
  // mostly-distinct time column read as an identifier or a category of every real value.
  "HH:mm:ss.SSS",
  "HH:mm:ss",
  "HH:mm",
  "H:mm:ss",
  "H:mm",
] as const;

type Token = "YYYY" | "YY" | "MMM" | "MM" | "M" | "DD" | "D" | "HH" | "H" | "mm" | "ss" | "SSS";
const TOKEN_RE = /YYYY|SSS|MMM|MM|DD|HH|mm|ss|YY|M|D|H/g;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_OF = new Map(MONTHS.map((m, i) => [m.toLowerCase(), i + 1]));

interface CompiledFormat {
  regex: RegExp;
  /** For formats of fixed-width fields only: where each field and literal sits in the text. */
  fixed?: { width: number; fields: { token: Token; at: number; len: number }[]; literals: { at: number; code: number }[] };
  tokens: Token[];
  /** Tokens and literal text, in order; literals are wrapped so they never read as tokens. */
  parts: (Token | { literal: string })[];
}

const cache = new Map<string, CompiledFormat>();

function compile(format: string): CompiledFormat {
  const hit = cache.get(format);
  if (hit) return hit;
  const tokens: Token[] = [];
  const parts: (Token | { literal: string })[] = [];
  let pattern = "^";
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    const literal = format.slice(last, m.index);
    if (literal) {
      parts.push({ literal });
      pattern += literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    const token = m[0] as Token;
    tokens.push(token);
    parts.push(token);
    pattern += token === "YYYY" ? "(\\d{4})" : token === "SSS" ? "(\\d{3})" : token === "MMM" ? "([A-Za-z]{3})" : token.length === 2 ? "(\\d{2})" : "(\\d{1,2})";
    last = m.index + m[0].length;
  }
  const tail = format.slice(last);
  if (tail) {
    parts.push({ literal: tail });
    pattern += tail.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  const compiled: CompiledFormat = { regex: new RegExp(pattern + "$"), tokens, parts };
  if (tokens.every((t) => t.length > 1 && t !== "MMM")) {
    const fields: { token: Token; at: number; len: number }[] = [];
    const literals: { at: number; code: number }[] = [];
    let at = 0;
    for (const part of parts) {
      if (typeof part === "object") {
        for (let i = 0; i < part.literal.length; i++) literals.push({ at: at + i, code: part.literal.charCodeAt(i) });
        at += part.literal.length;
      } else {
        fields.push({ token: part, at, len: part.length });
        at += part.length;
      }
    }
    compiled.fixed = { width: at, fields, literals };
  }
  cache.set(format, compiled);
  return compiled;
}

/** Parses `text` with `format`; NaN when it does not match or is not a real calendar date. */
export function parseDatetime(text: string, format: string): number {
  const compiled = compile(format);
  if (compiled.fixed) return parseFixed(text, compiled.fixed);
  const { regex, tokens } = compiled;
  const m = regex.exec(text);
  if (!m) return Number.NaN;
  // A month name that is not one reads as NaN, which assemble refuses.
  const values = tokens.map((t, i) => (t === "MMM" ? MONTH_OF.get(m[i + 1]!.toLowerCase()) ?? Number.NaN : Number(m[i + 1])));
  return assemble(tokens, values);
}

// Fixed-width formats (all of the common ones) are read by character codes: no regex, no substrings.
function parseFixed(text: string, fixed: NonNullable<CompiledFormat["fixed"]>): number {
  if (text.length !== fixed.width) return Number.NaN;
  for (const l of fixed.literals) if (text.charCodeAt(l.at) !== l.code) return Number.NaN;
  const tokens: Token[] = [];
  const values: number[] = [];
  for (const f of fixed.fields) {
    let v = 0;
    for (let i = f.at; i < f.at + f.len; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      v = v * 10 + d;
    }
    tokens.push(f.token);
    values.push(v);
  }
  return assemble(tokens, values);
}

function assemble(tokens: readonly Token[], values: readonly number[]): number {
  let y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0;
  for (let i = 0; i < tokens.length; i++) {
    const v = values[i]!;
    switch (tokens[i]) {
      case "YYYY": y = v; break;
      // Two-digit years as POSIX strptime's %y: 69–99 are 1969–1999, 00–68 are 2000–2068.
      case "YY": y = v < 69 ? 2000 + v : 1900 + v; break;
      case "MMM": case "MM": case "M": mo = v; break;
      case "DD": case "D": d = v; break;
      case "HH": case "H": h = v; break;
      case "mm": mi = v; break;
      case "ss": s = v; break;
      case "SSS": ms = v; break;
    }
  }
  if (!(mo >= 1 && mo <= 12) || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Rejects 31/02 and friends, which Date.UTC would silently roll over.
  if (new Date(t).getUTCDate() !== d) return Number.NaN;
  return t;
}

const pad = (v: number, w: number): string => String(v).padStart(w, "0");

/** Formats epoch milliseconds (UTC) with `format`. */
export function formatDatetime(ms: number, format: string): string {
  const { parts } = compile(format);
  const date = new Date(ms);
  let out = "";
  for (const part of parts) {
    if (typeof part === "object") {
      out += part.literal;
      continue;
    }
    switch (part) {
      case "YYYY": out += pad(date.getUTCFullYear(), 4); break;
      case "YY": out += pad(date.getUTCFullYear() % 100, 2); break;
      case "MMM": out += MONTHS[date.getUTCMonth()]!; break;
      case "MM": out += pad(date.getUTCMonth() + 1, 2); break;
      case "M": out += String(date.getUTCMonth() + 1); break;
      case "DD": out += pad(date.getUTCDate(), 2); break;
      case "D": out += String(date.getUTCDate()); break;
      case "HH": out += pad(date.getUTCHours(), 2); break;
      case "H": out += String(date.getUTCHours()); break;
      case "mm": out += pad(date.getUTCMinutes(), 2); break;
      case "ss": out += pad(date.getUTCSeconds(), 2); break;
      case "SSS": out += pad(date.getUTCMilliseconds(), 3); break;
    }
  }
  return out;
}

/** The smallest time step a format can express, so sampled values are rounded to it. */
export function formatResolutionMs(format: string): number {
  if (format.includes("SSS")) return 1;
  if (format.includes("ss")) return 1000;
  if (format.includes("mm")) return 60_000;
  return 86_400_000;
}

/** The first known format that parses every one of `samples`, or undefined. */
export function detectDatetimeFormat(samples: readonly string[]): string | undefined {
  if (samples.length === 0) return undefined;
  for (const format of DATETIME_FORMATS) {
    if (samples.every((s) => !Number.isNaN(parseDatetime(s, format)))) return format;
  }
  return undefined;
}
