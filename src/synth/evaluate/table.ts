// Real, synthetic and holdout tables read into one encoding: numbers (and datetimes, as epoch
// ms) in Float64Arrays with NaN for null, categories as codes into one dictionary shared by all
// three, so every metric compares like with like.
import { MimicError } from "../../errors/index.js";
import { NULL_CODE, type RawColumn } from "../model/internal/column-accumulator.js";
import { asNumbers, asText } from "../model/internal/column-views.js";
import { parseDatetime } from "../model/internal/datetime-format.js";
import type { RawTable } from "../model/internal/read-csv.js";
import { inferColumnType } from "../model/infer.js";

/** SDMetrics' sdtypes, as far as the metrics need them. */
export type SdType = "numerical" | "datetime" | "categorical" | "boolean" | "id" | "other";

export interface ColumnInfo {
  name: string;
  sdtype: SdType;
  /** Datetime format (for plots' axis labels). */
  format?: string;
  /** Category labels (for categorical/boolean/id/other columns; codes index into it). */
  dictionary: string[];
}

export type EncodedColumn = { kind: "number"; values: Float64Array } | { kind: "code"; codes: Int32Array };

export interface EncodedTable {
  rows: number;
  columns: EncodedColumn[];
}

export const NULL = -1;

/** Decides each column's sdtype from the real table. */
export function describeColumns(real: RawTable): ColumnInfo[] {
  return real.columns.map((raw) => {
    const inferred = inferColumnType(raw, real.rowCount);
    const sdtype: SdType =
      inferred.type === "numeric" || inferred.type === "integer" ? "numerical"
      : inferred.type === "datetime" ? "datetime"
      : inferred.type === "categorical" || inferred.type === "constant" ? "categorical"
      : inferred.type === "boolean" ? "boolean"
      : inferred.type === "identifier" ? "id"
      : "other";
    return { name: raw.name, sdtype, ...(raw.storage === "datetime" ? { format: raw.format } : {}), dictionary: [] };
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
 * table cannot express in the real column's type (text in a number column) become null there.
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
        `The ${label} table's columns differ from the real table's` + (missing.length ? `; missing: ${missing.join(", ")}` : "") + (extra.length ? `; extra: ${extra.join(", ")}` : "") + ".",
      );
    }
  }
  const lookups = info.map(() => new Map<string, number>());
  return tables.map(({ table }) => ({
    rows: table.rowCount,
    columns: info.map((c, i): EncodedColumn => {
      const raw = table.columns.find((r) => r.name === c.name)!;
      if (c.sdtype === "numerical") return { kind: "number", values: asNumbers(raw).values };
      if (c.sdtype === "datetime") {
        const format = c.format!;
        const values = raw.storage === "datetime" && raw.format === format ? raw.values : asNumbers(raw, (t) => parseDatetime(t, format)).values;
        return { kind: "number", values };
      }
      return { kind: "code", codes: encodeCodes(raw, c, lookups[i]!) };
    }),
  }));
}
