// Decides what each CSV column is (the "sdtype"): the evidence is the column's storage, its
// distinct values and its name; the user's metadata file overrides any decision.
import type { RawColumn } from "./internal/column-accumulator.js";
import { NULL_CODE } from "./internal/column-accumulator.js";
import { detectPersonal } from "./internal/personal.js";

/** Column types a user can name in the metadata file. */
export const COLUMN_TYPES = ["numeric", "integer", "datetime", "categorical", "boolean", "identifier", "text", "email", "phone", "name", "first_name", "last_name", "drop"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** What the user may say about a column in `--metadata`. */
export interface ColumnOverride {
  type: ColumnType;
  /** Datetime format for `datetime` (tokens YYYY MM DD HH mm ss SSS, e.g. `DD/MM/YYYY`). */
  format?: string;
  /** For numbers: read `1,250` as one thousand two hundred and fifty (comma thousands separators). */
  thousands?: boolean;
}

export interface InferredType {
  type: ColumnType | "constant" | "empty";
  /** Why, in a few words, for the fit report. */
  reason: string;
}

const BOOLEAN_PAIRS = [["true", "false"], ["yes", "no"], ["t", "f"], ["y", "n"]];
const ID_HINT = /(^|[_\s-])(id|key|uuid|guid|code|number|no)$|^id[_\s-]|Id$|ID$/;

function distinctCount(values: Float64Array, cap: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      seen.add(v);
      if (seen.size > cap) break;
    }
  }
  return seen.size;
}

function isBoolean(values: readonly string[]): boolean {
  const lower = new Set(values.map((v) => v.toLowerCase()));
  return lower.size <= 2 && BOOLEAN_PAIRS.some((pair) => [...lower].every((v) => pair.includes(v)));
}

/**
 * The type of one column.
 *
 * @example
 * inferColumnType(table.columns[0]!, table.rowCount); // { type: "numeric", reason: "numbers" }
 */
export function inferColumnType(raw: RawColumn, rowCount: number, override?: ColumnOverride): InferredType {
  if (override) return { type: override.type, reason: "set in the metadata file" };
  const present = rowCount - raw.nulls;
  if (present === 0) return { type: "empty", reason: "every value is empty" };
  if (raw.storage === "numeric" || raw.storage === "datetime") {
    if (distinctCount(raw.values, 1) === 1) return { type: "constant", reason: "one distinct value" };
    if (raw.storage === "datetime") return { type: "datetime", reason: `${raw.format.includes("YYYY") ? "dates" : "times of day"} in the format ${raw.format}` };
    let integer = true;
    let min = Number.POSITIVE_INFINITY, max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < raw.values.length; i++) {
      const v = raw.values[i]!;
      if (v !== v) continue;
      if (!Number.isInteger(v)) integer = false;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (raw.decimals > 0) integer = false;
    const keyLike = integer && present === rowCount && (ID_HINT.test(raw.name) || max - min + 1 === rowCount);
    if (keyLike && distinctCount(raw.values, rowCount) === rowCount) {
      return { type: "identifier", reason: "unique whole numbers" + (ID_HINT.test(raw.name) ? " named like a key" : " forming a sequence") };
    }
    if (integer && PHONE_NAME.test(raw.name)) return { type: "phone", reason: "phone numbers" };
    if (integer) return { type: "integer", reason: "whole numbers" };
    if (raw.significant !== undefined) return { type: "numeric", reason: `numbers in scientific notation with up to ${raw.significant} significant digits` };
    return { type: "numeric", reason: `numbers with up to ${raw.decimals} decimal place${raw.decimals === 1 ? "" : "s"}` };
  }
  const distinct = raw.dictionary;
  if (distinct.length === 1) return { type: "constant", reason: "one distinct value" };
  if (isBoolean(distinct)) return { type: "boolean", reason: "true/false values" };
  const personal = detectPersonal(raw.name, distinct);
  if (personal) return { type: personal, reason: `${PERSONAL_WORDS[personal]}: personal data, replaced by a generator` };
  const hasSpaces = spaceShare(distinct) > 0.5;
  // `1,250` in a file whose fields are not comma-separated: thousands or a decimal comma, which
  // only the user can tell (comma-separated files read it as thousands already).
  if (distinct.length > 0 && distinct.every((v) => /^[-+]?\d+(?:,\d+)+(?:\.\d+)?$|^[-+]?\d+(?:\.\d+)?$/.test(v)) && distinct.some((v) => v.includes(","))) {
    const example = distinct.find((v) => v.includes(","))!;
    return { type: "categorical", reason: `numbers with a comma (e.g. "${example}"), read as categories: if the comma separates thousands, fit with --metadata columns: { ${raw.name}: { type: numeric, thousands: true } }` };
  }
  if (distinct.length === present && present > 1) {
    return hasSpaces ? { type: "text", reason: "unique free text" } : { type: "identifier", reason: "a unique value on every row" };
  }
  if (hasSpaces && distinct.length > Math.max(50, present * 0.5)) return { type: "text", reason: "free text with many distinct values" };
  // Mostly distinct words (ids repeated over a few rows, such as the lines of one basket): stored
  // as categories they would put every real id in the model and copy them into the samples.
  if (!hasSpaces && distinct.length >= MANY_IDS && distinct.length > present * 0.5 && !(raw.numericShare > 0 && raw.numericShare < 1)) {
    return { type: "identifier", reason: `${distinct.length} distinct values on ${present} rows: identifiers, regenerated in their shape` };
  }
  if (raw.numericShare > 0 && raw.numericShare < 1) {
    return { type: "categorical", reason: `mixed: ${Math.round(raw.numericShare * 100)}% numbers and some text, so read as categories` };
  }
  return { type: "categorical", reason: `${distinct.length} categories` };
}

/** Distinct values from which a mostly-distinct text column is taken for identifiers. */
const MANY_IDS = 100;

const PHONE_NAME = /phone|mobile|cell|tel(ephone)?$|fax/i;
const PERSONAL_WORDS = { email: "emails", phone: "phones", name: "person names", first_name: "first names", last_name: "last names" } as const;

function spaceShare(values: readonly string[]): number {
  const sample = values.slice(0, 2000);
  let hits = 0;
  for (const v of sample) if (/\s/.test(v)) hits++;
  return sample.length === 0 ? 0 : hits / sample.length;
}

/** Per-row text codes with nulls removed: the observed values of a text column. */
export function presentCodes(codes: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] !== NULL_CODE) n++;
  return n;
}
