// Real, synthetic and holdout tables read into one encoding: numbers (and datetimes, as epoch
// ms) in Float64Arrays with NaN for null, categories as codes into one dictionary shared by all
// three, so every metric compares like with like.
import { MimicError } from "../../errors/index.js";
import { asNumbers, asText, NULL_CODE, parseDatetime, parseNumber, type RawColumn, type RawTable } from "../model/index.js";
import { inferColumnType } from "../model/infer.js";

/** SDMetrics' sdtypes, as far as the metrics need them. */
export type SdType = "numerical" | "datetime" | "categorical" | "boolean" | "id" | "other";

export interface ColumnInfo {
  name: string;
  sdtype: SdType;
  /** The type inference found (e.g. `email`, `text`, `integer`), for the report. */
  inferred: string;
  /** Datetime format (for plots' axis labels). */
  format?: string;
  /** Category labels (for categorical/boolean/id/other columns; codes index into it). */
  dictionary: string[];
}

/**
 * A number column; `invalid` marks the rows whose text is not a number (a date) of the real
 * column's type. Their value is NaN, but they are not nulls: the metrics count them as mismatches.
 */
export type EncodedColumn = { kind: "number"; values: Float64Array; invalid?: Uint8Array } | { kind: "code"; codes: Int32Array };

/** Values of a compared table's column that do not parse as the real column's type. */
export interface InvalidValues {
  /** "synthetic" or "holdout". */
  table: string;
  column: string;
  /** Rows whose value does not parse. */
  count: number;
  /** Share of the column's non-empty values that do not parse. */
  share: number;
  /** What the values should be, e.g. "numbers" or "dates in YYYY-MM-DD". */
  expected: string;
  /** A few of the values, as written. */
  examples: string[];
}

export interface EncodedTable {
  rows: number;
  columns: EncodedColumn[];
  /** Per column with values that do not parse (none in the real table, whose types they are). */
  invalid?: InvalidValues[];
}

/** Reads a column as numbers through `parse`, marking the non-empty cells it refuses. */
function parseNumbers(
  raw: RawColumn,
  parse: (text: string) => number,
): { values: Float64Array; invalid?: Uint8Array; count: number; present: number; examples: string[] } {
  const { codes, dictionary } = asText(raw);
  const parsed = dictionary.map(parse);
  const values = new Float64Array(codes.length);
  let invalid: Uint8Array | undefined;
  let count = 0,
    present = 0;
  const examples = new Set<string>();
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === NULL_CODE) {
      values[i] = Number.NaN;
      continue;
    }
    present++;
    const v = parsed[c]!;
    values[i] = v;
    if (v !== v) {
      invalid ??= new Uint8Array(codes.length);
      invalid[i] = 1;
      count++;
      if (examples.size < 3) examples.add(dictionary[c]!);
    }
  }
  return { values, ...(invalid ? { invalid } : {}), count, present, examples: [...examples] };
}

export const NULL = -1;

/** Decides each column's sdtype from the real table. */
export function describeColumns(real: RawTable): ColumnInfo[] {
  return real.columns.map((raw) => {
    const inferred = inferColumnType(raw, real.rowCount);
    const sdtype: SdType =
      inferred.type === "numeric" || inferred.type === "integer"
        ? "numerical"
        : inferred.type === "datetime"
          ? "datetime"
          : inferred.type === "categorical" || inferred.type === "constant"
            ? "categorical"
            : inferred.type === "boolean"
              ? "boolean"
              : inferred.type === "identifier"
                ? "id"
                : "other";
    return { name: raw.name, sdtype, inferred: inferred.type, ...(raw.storage === "datetime" ? { format: raw.format } : {}), dictionary: [] };
  });
}

function encodeCodes(raw: RawColumn, info: ColumnInfo, lookup: Map<string, number>): Int32Array {
  const { codes, dictionary } = asText(raw);
  const map = dictionary.map((label) => {
    let code = lookup.get(label);
    if (code === undefined) {
      code = info.dictionary.length;
      info.dictionary.push(label);
      lookup.set(label, code);
    }
    return code;
  });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    out[i] = c === NULL_CODE ? NULL : map[c]!;
  }
  return out;
}

/**
 * Encodes tables with the columns of `info` (taken from the real table). Values a synthetic
 * table cannot express in the real column's type (text in a number column) are NaN there, marked
 * `invalid` and listed in the table's `invalid`, so they are reported and scored as mismatches.
 */
export function encodeTables(info: ColumnInfo[], tables: readonly { label: string; table: RawTable }[]): EncodedTable[] {
  const names = info.map((c) => c.name);
  for (const { label, table } of tables) {
    const theirs = table.columns.map((c) => c.name);
    const missing = names.filter((n) => !theirs.includes(n));
    const extra = theirs.filter((n) => !names.includes(n));
    if (missing.length > 0 || extra.length > 0) {
      throw new MimicError(
        "EVAL_COLUMNS_MISMATCH",
        `The ${label} table's columns differ from the real table's` +
          (missing.length ? `; missing: ${missing.join(", ")}` : "") +
          (extra.length ? `; extra: ${extra.join(", ")}` : "") +
          ".",
      );
    }
  }
  const lookups = info.map(() => new Map<string, number>());
  return tables.map(({ label, table }) => {
    const invalid: InvalidValues[] = [];
    const numbers = (c: ColumnInfo, raw: RawColumn, parse: (text: string) => number, expected: string): EncodedColumn => {
      const r = parseNumbers(raw, parse);
      if (!r.invalid) return { kind: "number", values: r.values };
      invalid.push({ table: label, column: c.name, count: r.count, share: r.count / r.present, expected, examples: r.examples });
      return { kind: "number", values: r.values, invalid: r.invalid };
    };
    const columns = info.map((c, i): EncodedColumn => {
      const raw = table.columns.find((r) => r.name === c.name)!;
      if (c.sdtype === "numerical")
        return raw.storage === "numeric" ? { kind: "number", values: asNumbers(raw).values } : numbers(c, raw, parseNumber, "numbers");
      if (c.sdtype === "datetime") {
        const format = c.format!;
        // Typed dates from Parquet are dates whatever the real CSV's text format; text in another format is not.
        if (raw.storage === "datetime" && (raw.format === format || raw.typed)) return { kind: "number", values: raw.values };
        return numbers(c, raw, (t) => parseDatetime(t, format), `dates in ${format}`);
      }
      return { kind: "code", codes: encodeCodes(raw, c, lookups[i]!) };
    });
    return { rows: table.rowCount, columns, invalid };
  });
}
