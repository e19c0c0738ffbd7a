// Real tables for tests: vega-datasets ships some tables only as JSON arrays of records; these
// helpers turn them into the CSV a user would bring.
import { writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// The package exports only its JS entry (build/index.js); the data folder sits beside build/.
const DATA = join(dirname(require.resolve("vega-datasets")), "..", "data");

/** Absolute path of a file in vega-datasets/data. */
export function vegaPath(file: string): string {
  return join(DATA, file);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes a vega-datasets JSON table (array of flat records) as CSV to `out`; returns the row count. */
export function vegaJsonToCsv(file: string, out: string): number {
  const records = JSON.parse(readFileSync(vegaPath(file), "utf8")) as Record<string, unknown>[];
  const names = Object.keys(records[0]!);
  const lines = [names.map(cell).join(","), ...records.map((r) => names.map((n) => cell(r[n])).join(","))];
  writeFileSync(out, lines.join("\n") + "\n");
  return records.length;
}

/**
 * The CSV of a vega-datasets table as a user would bring it: a CSV file as it is, a JSON table
 * written as CSV into `dir` first (`vegaJsonToCsv`).
 */
export function vegaCsvPath(file: string, dir: string): string {
  if (!file.endsWith(".json")) return vegaPath(file);
  const out = join(dir, file.replace(/\.json$/, ".csv"));
  vegaJsonToCsv(file, out);
  return out;
}
