// Streams a CSV file into column accumulators: bounded work per row, no per-row objects kept,
// and a clear error (with the line) for anything that is not a well-formed CSV.
import { open } from "node:fs/promises";
import { MimicError } from "../../../errors/index.js";
import { ColumnAccumulator, type RawColumn } from "./column-accumulator.js";
import { CsvEncodingError, CsvSyntaxError, readCsvRecords } from "./csv-records.js";

/** A CSV table held column by column. */
export interface RawTable {
  columns: RawColumn[];
  rowCount: number;
}

export interface ReadCsvOptions {
  /** Stop after this many data rows (the rest of the file is not read). */
  maxRows?: number;
  signal?: AbortSignal;
}

async function sniff(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new MimicError("IO_UNREADABLE", `Cannot read "${path}": ${describeFsError(cause)}; check the path.`, { cause });
  }
  try {
    if ((await handle.stat()).isDirectory()) {
      throw new MimicError("IO_UNREADABLE", `Cannot read "${path}": it is a folder, not a CSV file; give the path of a CSV file.`);
    }
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    throw new MimicError("IO_UNREADABLE", `Cannot read "${path}": ${describeFsError(cause)}; check the path.`, { cause });
  } finally {
    await handle.close();
  }
}

function checkLooksLikeCsv(path: string, head: string): void {
  if (head.trim().length === 0) throw new MimicError("CSV_EMPTY", `"${path}" is empty; give a CSV file with a header row and data rows.`);
  if (head.includes("\u0000")) throw new MimicError("CSV_NOT_CSV", `"${path}" is a binary file, not CSV text; export the table as CSV (comma-separated, with a header row).`);
  const first = head.trimStart()[0];
  if (first === "{" || first === "[") {
    throw new MimicError("CSV_NOT_CSV", `"${path}" looks like JSON, not CSV; convert it to CSV (a header row, then one line per record).`);
  }
  if (first === "<") throw new MimicError("CSV_NOT_CSV", `"${path}" looks like HTML/XML, not CSV; export the table as CSV.`);
}

/**
 * Reads a CSV file (header row, RFC 4180 quoting, UTF-8 with or without BOM) into columns.
 *
 * @example
 * const table = await readCsvTable("cars.csv");
 * console.log(table.rowCount, table.columns.map((c) => c.name));
 */
export async function readCsvTable(path: string, options: ReadCsvOptions = {}): Promise<RawTable> {
  checkLooksLikeCsv(path, await sniff(path));
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let accumulators: ColumnAccumulator[] | undefined;
  let rowCount = 0;
  try {
    await readCsvRecords(
      path,
      (fields, line) => {
        if (!accumulators) {
          accumulators = header(path, fields).map((name) => new ColumnAccumulator(name));
          return true;
        }
        if (fields.length !== accumulators.length) {
          throw new MimicError("CSV_MALFORMED", `"${path}" line ${line}: ${fields.length} fields where the header has ${accumulators.length}; fix the row or re-export the file.`);
        }
        for (let i = 0; i < fields.length; i++) accumulators[i]!.push(fields[i]!);
        rowCount++;
        return rowCount < maxRows;
      },
      { signal: options.signal },
    );
  } catch (error) {
    throw translate(path, error);
  }
  if (!accumulators) throw new MimicError("CSV_EMPTY", `"${path}" has no header row; give a CSV file with a header row and data rows.`);
  if (rowCount === 0) throw new MimicError("CSV_EMPTY", `"${path}" has a header but no data rows; give at least two rows.`);
  return { columns: accumulators.map((a) => a.finish()), rowCount };
}

function header(path: string, record: string[]): string[] {
  const names = record.map((n) => n.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "") throw new MimicError("CSV_BAD_HEADER", `"${path}": column ${i + 1} of the header has no name; name every column.`);
    if (seen.has(name)) throw new MimicError("CSV_BAD_HEADER", `"${path}": the header names "${name}" twice; column names must be unique.`);
    seen.add(name);
  });
  if (names.length === 1 && /[;\t|]/.test(names[0]!)) {
    throw new MimicError("CSV_NOT_CSV", `"${path}" has a single column whose name contains ";", tab or "|": it is not comma-separated; convert it to CSV.`);
  }
  return names;
}

function translate(path: string, error: unknown): MimicError {
  if (error instanceof MimicError) return error;
  if (error instanceof CsvEncodingError) {
    return new MimicError(
      "CSV_NOT_CSV",
      `"${path}" is not UTF-8 text: ${error.message}, as in a Latin-1 or Windows-1252 export; convert it to UTF-8, e.g. \`iconv -f latin1 -t utf-8 "${path}" > utf8.csv\`, or export it again as UTF-8 CSV.`,
      { cause: error },
    );
  }
  if (error instanceof CsvSyntaxError) {
    return new MimicError("CSV_MALFORMED", `"${path}" line ${error.line}: ${error.message}; fix the quoting or re-export the file.`, { cause: error });
  }
  if ((error as { name?: string })?.name === "AbortError") {
    return new MimicError("OUTPUT_INTERRUPTED", `Stopped while reading "${path}" (interrupted).`, { cause: error });
  }
  if ((error as NodeJS.ErrnoException)?.code) {
    return new MimicError("IO_UNREADABLE", `Cannot read "${path}": ${describeFsError(error)}; check the path.`, { cause: error });
  }
  return new MimicError("CSV_MALFORMED", `"${path}" cannot be parsed as CSV; re-export it as comma-separated text.`, { cause: error });
}

/** A file-system error in words a user acts on. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a folder, not a CSV file";
  return code ?? "read error";
}
