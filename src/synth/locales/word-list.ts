import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";

/** Words of one list, with relative weights (undefined: all equally likely). */
export interface WordList {
  readonly words: readonly string[];
  readonly weights: readonly number[] | undefined;
}

/** Records of a committed data file: `#` header lines (source, licence) skipped, all fields text. */
export function readRecords(file: URL): Record<string, string>[] {
  return parseCsv(readFileSync(file, "utf8"), { columns: true, comment: "#", comment_no_infix: true, skip_empty_lines: true, bom: true });
}

/** A word list from a data file: the first column's words, the `weight` column's weights if any. */
export function readWordList(file: URL): WordList {
  const records = readRecords(file);
  const column = Object.keys(records[0] ?? {})[0];
  if (column === undefined) throw new Error(`locale data file ${file.pathname} is empty`);
  const words = records.map((r) => r[column]!);
  const weights = "weight" in records[0]! ? records.map((r) => Number(r.weight)) : undefined;
  return { words, weights };
}
