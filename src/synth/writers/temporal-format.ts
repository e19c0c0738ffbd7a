// Dates and times are stored as numbers (days, seconds, milliseconds since the epoch, UTC) and
// formatted here straight into bytes, without Date objects or toISOString per value.
import type { ColumnType } from "../batch.js";
import { ByteBuffer, putPadded, putUint } from "./byte-buffer.js";
import { civilFromDays as civilFields } from "../schema/runtime/dates.js";

/** Pieces of a compiled format: a field token or literal bytes. */
type Piece = { kind: "YYYY" | "MM" | "DD" | "HH" | "mm" | "ss" | "SSS" } | { kind: "literal"; bytes: Uint8Array };

const TOKENS = ["YYYY", "SSS", "MM", "DD", "HH", "mm", "ss"] as const;

/** Default format of each temporal type (ISO 8601), used when ColumnSpec.format is absent or `iso`. */
export const DEFAULT_TEMPORAL_FORMAT: Partial<Record<ColumnType, string>> = {
  date: "YYYY-MM-DD",
  time: "HH:mm:ss",
  datetime: "YYYY-MM-DDTHH:mm:ss.SSSZ",
};

/**
 * Compiles a format such as `MM/DD/YYYY`, `YYYY-MM-DD`, `HH:mm:ss` or `iso`. Tokens: YYYY MM DD
 * HH mm ss SSS; every other character is copied as is.
 */
export function compileTemporalFormat(type: ColumnType, format: string | undefined): Piece[] {
  const text = format === undefined || format === "iso" ? (DEFAULT_TEMPORAL_FORMAT[type] ?? "iso") : format;
  const pieces: Piece[] = [];
  let literal = "";
  for (let i = 0; i < text.length;) {
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (token) {
      if (literal) pieces.push({ kind: "literal", bytes: Buffer.from(literal, "utf8") });
      literal = "";
      pieces.push({ kind: token });
      i += token.length;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal) pieces.push({ kind: "literal", bytes: Buffer.from(literal, "utf8") });
  return pieces;
}

const civilTmp = new Int32Array(3);

/** Civil date fields of a day count (proleptic Gregorian), from the engine's one calendar. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  civilFields(days, civilTmp);
  return { year: civilTmp[0]!, month: civilTmp[1]!, day: civilTmp[2]! };
}

/**
 * Returns a function that writes one value of a temporal column (the caller reserved 40 bytes).
 * `date`: days since 1970-01-01; `time`: seconds since midnight; `datetime`: ms since the epoch.
 */
export function temporalWriter(type: ColumnType, format: string | undefined): (o: ByteBuffer, value: number) => void {
  const pieces = compileTemporalFormat(type, format);
  const msPerUnit = type === "date" ? 86_400_000 : type === "time" ? 1000 : 1;
  const hasDate = type !== "time";
  let lastDays = Number.NaN;
  let year = 0;
  let month = 0;
  let day = 0;
  return (o, value) => {
    // Whole milliseconds: a time of 59.9996 s must print as 00:01:00.000, not 00:00:59.1000.
    const ms = Math.round(value * msPerUnit);
    const days = Math.floor(ms / 86_400_000);
    const msOfDay = ms - days * 86_400_000;
    if (hasDate && days !== lastDays) {
      // Consecutive rows often share a date; skip the calendar arithmetic when they do.
      const civil = civilFromDays(days);
      year = civil.year;
      month = civil.month;
      day = civil.day;
      lastDays = days;
    }
    for (const piece of pieces) {
      switch (piece.kind) {
        case "literal":
          o.put(piece.bytes);
          break;
        case "YYYY":
          if (year >= 0 && year <= 9999) putPadded(o, year, 4);
          else {
            if (year < 0) o.bytes[o.pos++] = 45;
            putUint(o, Math.abs(year));
          }
          break;
        case "MM":
          putPadded(o, month, 2);
          break;
        case "DD":
          putPadded(o, day, 2);
          break;
        case "HH":
          putPadded(o, Math.floor(msOfDay / 3_600_000), 2);
          break;
        case "mm":
          putPadded(o, Math.floor(msOfDay / 60_000) % 60, 2);
          break;
        case "ss":
          putPadded(o, Math.floor(msOfDay / 1000) % 60, 2);
          break;
        case "SSS":
          putPadded(o, msOfDay % 1000, 3);
          break;
      }
    }
  };
}

/** Formats one temporal value as a string (for tests and the Parquet writer's fallbacks). */
export function formatTemporal(type: ColumnType, format: string | undefined, value: number): string {
  const o = new ByteBuffer(64);
  temporalWriter(type, format)(o, value);
  return o.view().toString("utf8");
}
