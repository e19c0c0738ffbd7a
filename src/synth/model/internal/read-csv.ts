// Streams a CSV file into column accumulators: bounded work per row, no per-row objects kept,
// and a clear error (with the line) for anything that is not a well-formed CSV.
import { open } from "node:fs/promises";
import { MimicError } from "../../../errors/index.js";
import { ColumnAccumulator, type AccumulatorOptions, type RawColumn } from "./column-accumulator.js";
import { CsvEncodingError, CsvSyntaxError, readCsvFields } from "./csv-records.js";

/** A CSV table held column by column. */
export interface RawTable {
  columns: RawColumn[];
  rowCount: number;
  /** How the file was read when it was not plain comma-separated CSV (delimiter, R row names), for the fit report. */
  notices?: string[];
}

/** Name given to the unnamed first column of a file written with R's row names. */
export const ROW_NAMES_COLUMN = "row_names";

const DELIMITERS = [",", ";", "\t", "|"] as const;
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

/** Count of `sep` outside double quotes in `line`. */
function countOutsideQuotes(line: string, sep: string): number {
  let n = 0,
    quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) n++;
  }
  return n;
}

/**
 * The field separator, from the first lines of the file: the first of comma, semicolon, tab and
 * pipe that splits the header and every following line (up to 20) into the same number of fields
 * (one more on the first data line: R's row names). Undefined when none does though one occurs.
 */
export function sniffDelimiter(head: string): string | undefined {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = headLines(text);
  const [header, ...rows] = lines;
  if (header === undefined) return ",";
  const consistent = DELIMITERS.filter((d) => {
    const h = countOutsideQuotes(header, d);
    return (
      h > 0 &&
      rows.every((r, i) => {
        const n = countOutsideQuotes(r, d);
        return n === h || (i === 0 && n === h + 1) || (i > 0 && n === countOutsideQuotes(rows[0]!, d));
      })
    );
  });
  if (consistent.length > 0) return consistent[0];
  // A comma in the header: read as CSV, whose own errors then name the line that is off.
  if (countOutsideQuotes(header, ",") > 0) return ",";
  return DELIMITERS.some((d) => countOutsideQuotes(header, d) > 0) ? undefined : ",";
}

/** The first complete records of `text` (up to 21), split at line ends outside double quotes. */
function headLines(text: string): string[] {
  const out: string[] = [];
  let quoted = false,
    start = 0;
  for (let i = 0; i < text.length && out.length < 21; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) {
      const line = text.slice(start, i).replace(/\r$/, "");
      if (line.trim() !== "") out.push(line);
      start = i + 1;
    }
  }
  return out;
}

export interface ReadCsvOptions {
  /** Stop after this many data rows (the rest of the file is not read). */
  maxRows?: number;
  signal?: AbortSignal;
  /** Called after each chunk read, with the bytes read so far (the file's size is the total). */
  onBytes?: (bytesRead: number) => void;
  /**
   * Cells read as missing, in place of the default (pandas' list, DEFAULT_NA_MARKERS); an empty cell
   * always is. Each column's own marker is kept on the column and written back by sample.
   */
  na?: readonly string[];
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
  if (head.includes("\u0000"))
    throw new MimicError("CSV_NOT_CSV", `"${path}" is a binary file, not CSV text; export the table as CSV (comma-separated, with a header row).`);
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
  const head = await sniff(path);
  checkLooksLikeCsv(path, head);
  const delimiter = sniffDelimiter(head);
  if (delimiter === undefined) {
    throw new MimicError(
      "CSV_UNKNOWN_DELIMITER",
      `"${path}": cannot tell how the fields are separated (no comma, semicolon, tab or pipe splits the header and the first lines into the same number of fields); re-export it as comma-separated CSV with a header row.`,
    );
  }
  const notices: string[] = [];
  if (delimiter !== ",") notices.push(`fields are separated by a ${DELIMITER_NAMES[delimiter]}, not a comma`);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const cellOptions: AccumulatorOptions = { commaThousands: delimiter === ",", ...(options.na ? { naMarkers: new Set(["", ...options.na]) } : {}) };
  let accumulators: ColumnAccumulator[] | undefined;
  let names: string[] = [];
  let rowCount = 0;
  try {
    await readCsvFields(
      path,
      (record, line) => {
        const fields = record.count;
        if (!accumulators) {
          names = header(
            path,
            Array.from({ length: fields }, (_, i) => record.text(i)),
            delimiter,
          );
          accumulators = names.map((name) => new ColumnAccumulator(name, cellOptions));
          return true;
        }
        // R's write.csv: the header has no name for the row names, so the first row is one field longer.
        if (rowCount === 0 && fields === accumulators.length + 1 && !names.includes(ROW_NAMES_COLUMN)) {
          accumulators.unshift(new ColumnAccumulator(ROW_NAMES_COLUMN, cellOptions));
          notices.push(
            `the header is one name short of the rows (R's row names): the first column is read as "${ROW_NAMES_COLUMN}"; drop it with --metadata columns: { ${ROW_NAMES_COLUMN}: { type: drop } }`,
          );
        }
        if (fields !== accumulators.length) {
          throw new MimicError(
            "CSV_MALFORMED",
            `"${path}" line ${line}: ${fields} fields where the header has ${accumulators.length}; fix the row or re-export the file.`,
          );
        }
        const { buf, starts, ends, quoted } = record;
        for (let i = 0; i < fields; i++) accumulators[i]!.pushField(buf, starts[i]!, ends[i]!, quoted[i]);
        rowCount++;
        return rowCount < maxRows;
      },
      { signal: options.signal, delimiter, onBytes: options.onBytes },
    );
  } catch (error) {
    throw translate(path, error);
  }
  if (!accumulators) throw new MimicError("CSV_EMPTY", `"${path}" has no header row; give a CSV file with a header row and data rows.`);
  if (rowCount === 0) throw new MimicError("CSV_EMPTY", `"${path}" has a header but no data rows; give at least two rows.`);
  if (options.na) checkNaLeavesValues(path, accumulators, rowCount, options.na);
  return { columns: accumulators.map((a) => a.finish()), rowCount, ...(notices.length > 0 ? { notices } : {}) };
}

/** A `--na` marker that turns a whole column missing is a mistake (`--na 0` on a column of zeros), not data. */
function checkNaLeavesValues(path: string, accumulators: readonly ColumnAccumulator[], rowCount: number, na: readonly string[]): void {
  const listed = new Set(na.filter((m) => m !== ""));
  for (const a of accumulators) {
    const seen = a.markersSeen().filter(([m]) => listed.has(m));
    if (seen.length === 0) continue;
    const column = a.finish();
    if (column.nulls < rowCount) continue;
    throw new MimicError(
      "MODEL_BAD_NA",
      `"${path}": --na makes every value of column "${a.name}" missing (${seen.map(([m, n]) => `"${m}" ${n.toLocaleString("en-US")}×`).join(", ")}); leave ${seen.length === 1 ? "that marker" : "those markers"} out of --na.`,
    );
  }
}

function header(path: string, record: string[], delimiter: string): string[] {
  const names = record.map((n) => n.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "") throw new MimicError("CSV_BAD_HEADER", `"${path}": column ${i + 1} of the header has no name; name every column.`);
    if (seen.has(name)) throw new MimicError("CSV_BAD_HEADER", `"${path}": the header names "${name}" twice; column names must be unique.`);
    seen.add(name);
  });
  if (delimiter === "," && names.length === 1 && /[;\t|]/.test(names[0]!)) {
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
