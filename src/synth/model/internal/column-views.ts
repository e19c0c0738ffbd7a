// Re-reads a raw column in another storage when inference or the user's metadata says its cells
// mean something else than they first looked like (numbers that are codes, text that is dates).
import { NULL_CODE, parseNumber, type RawColumn } from "./column-accumulator.js";
import { formatDatetime } from "./datetime-format.js";

/** The column dictionary-encoded (numbers written back as plain text, datetimes in their format). */
export function asText(raw: RawColumn): { codes: Uint32Array; dictionary: string[] } {
  if (raw.storage === "text") return { codes: raw.codes, dictionary: raw.dictionary };
  const lookup = new Map<number, number>();
  const dictionary: string[] = [];
  const codes = new Uint32Array(raw.values.length);
  for (let i = 0; i < raw.values.length; i++) {
    const v = raw.values[i]!;
    if (v !== v) {
      codes[i] = NULL_CODE;
      continue;
    }
    let code = lookup.get(v);
    if (code === undefined) {
      code = dictionary.length;
      lookup.set(v, code);
      dictionary.push(
        raw.storage === "datetime" ? formatDatetime(v, raw.format) : raw.decimals > 0 && raw.significant === undefined ? v.toFixed(raw.decimals) : String(v),
      );
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}

/**
 * The column as numbers through `parse` (NaN = null). Returns the first few cells `parse`
 * refused, so a wrong type override can be reported with examples instead of silently nulled.
 */
export function asNumbers(raw: RawColumn, parse: (text: string) => number = parseNumber): { values: Float64Array; refused: string[] } {
  if (raw.storage !== "text" && parse === parseNumber && raw.storage === "numeric") return { values: raw.values, refused: [] };
  const { codes, dictionary } = asText(raw);
  const parsed = dictionary.map(parse);
  const refused = dictionary.filter((_, i) => Number.isNaN(parsed[i]!)).slice(0, 3);
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    values[i] = c === NULL_CODE ? Number.NaN : parsed[c]!;
  }
  return { values, refused };
}
