// Writes a table read by `readCsvTable` back as CSV: the held-out part of `fit --holdout`, for
// `evaluate --holdout`. Values are written as read (numbers with their places, datetimes in their
// format, text as it was), nulls as empty fields.
import { writeFile } from "node:fs/promises";
import { MimicError } from "../../errors/index.js";
import { NULL_CODE, type RawColumn } from "./internal/column-accumulator.js";
import { formatDatetime } from "./internal/datetime-format.js";
import type { RawTable } from "./internal/read-csv.js";

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(c: RawColumn, i: number): string {
  if (c.storage === "text") {
    const code = c.codes[i]!;
    return code === NULL_CODE ? "" : quote(c.dictionary[code]!);
  }
  const v = c.values[i]!;
  if (v !== v) return "";
  if (c.storage === "datetime") return quote(formatDatetime(v, c.format));
  return c.significant !== undefined ? String(v) : v.toFixed(c.decimals);
}

export function tableCsv(table: RawTable): string {
  const lines = [table.columns.map((c) => quote(c.name)).join(",")];
  for (let i = 0; i < table.rowCount; i++) lines.push(table.columns.map((c) => cell(c, i)).join(","));
  return lines.join("\n") + "\n";
}

export async function writeTableCsv(path: string, table: RawTable): Promise<void> {
  try {
    await writeFile(path, tableCsv(table));
  } catch (cause) {
    throw new MimicError("IO_UNWRITABLE", `Cannot write the held-out rows to "${path}"; check the folder exists and is writable.`, { cause });
  }
}
