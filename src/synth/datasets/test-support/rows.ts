// Reads generated batches back as plain values, so dataset tests can measure shares and patterns
// without a writer (the writers are tested on their own).
import type { ColumnBatch, ColumnSpec, TableGenerator } from "../../batch.js";

export type Cell = string | number | boolean | null;

/** Generates `rows` rows chunk by chunk, as the CLI does. */
export function generate(table: TableGenerator, rows: number): ColumnBatch[] {
  const batches: ColumnBatch[] = [];
  for (let chunk = 0; chunk * table.chunkSize < rows; chunk++) {
    batches.push(table.generateChunk(chunk, Math.min(table.chunkSize, rows - chunk * table.chunkSize)));
  }
  return batches;
}

/** One column's values over all batches: strings for text, numbers (decimals as real numbers). */
export function column(table: TableGenerator, batches: readonly ColumnBatch[], name: string): Cell[] {
  const index = table.shape.columns.findIndex((c) => c.name === name);
  if (index < 0) throw new Error(`no column ${name} in ${table.shape.columns.map((c) => c.name).join(", ")}`);
  const spec = table.shape.columns[index]!;
  const out: Cell[] = [];
  for (const batch of batches) {
    const vector = batch.columns[index]!;
    for (let row = 0; row < batch.length; row++) {
      if (vector.nulls?.[row] === 1) {
        out.push(null);
        continue;
      }
      const values = vector.values;
      let v: Cell;
      if (Array.isArray(values)) v = values[row] as string;
      else if ("kind" in values) v = values.dictionary[values.codes[row]!]!;
      else v = values[row]!;
      if (spec.type === "decimal" && typeof v === "number") v = v / 10 ** (spec.scale ?? 2);
      if (spec.type === "bool" && typeof v === "number") v = v === 1;
      out.push(v);
    }
  }
  return out;
}

/** Rows as text the way a CSV reader would see them (dates and times formatted), for snapshots. */
export function textRows(table: TableGenerator, batches: readonly ColumnBatch[], count: number): Record<string, string | null>[] {
  const columns = table.shape.columns.map((spec) => ({ spec, values: column(table, batches, spec.name).slice(0, count) }));
  return Array.from({ length: Math.min(count, columns[0]?.values.length ?? 0) }, (_, row) =>
    Object.fromEntries(columns.map(({ spec, values }) => [spec.name, render(spec, values[row] ?? null)])),
  );
}

function render(spec: ColumnSpec, v: Cell): string | null {
  if (v === null) return null;
  if (typeof v !== "number") return String(v);
  switch (spec.type) {
    case "decimal":
      return v.toFixed(spec.scale ?? 2);
    case "date":
      return formatDate(v, spec.format ?? "YYYY-MM-DD");
    case "time":
      return formatTime(v);
    default:
      return String(v);
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A day number (days since 1970-01-01) in `YYYY-MM-DD` or `MM/DD/YYYY`. */
export function formatDate(days: number, format = "YYYY-MM-DD"): string {
  const d = new Date(days * 86_400_000);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return format === "MM/DD/YYYY" ? `${pad(m)}/${pad(day)}/${y}` : `${pad(y, 4)}-${pad(m)}-${pad(day)}`;
}

function formatTime(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(Math.floor(seconds) % 60)}`;
}

/** Share of each value, as a fraction of the rows given. */
export function shares(values: readonly Cell[]): Map<Cell, number> {
  const counts = new Map<Cell, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [k, n] of counts) counts.set(k, n / values.length);
  return counts;
}

/** Rows as `a | b | c` lines in column order: a compact golden snapshot. */
export function textLines(table: TableGenerator, batches: readonly ColumnBatch[], count: number): string[] {
  const header = table.shape.columns.map((c) => c.name).join(" | ");
  return [
    header,
    ...textRows(table, batches, count).map((row) =>
      Object.values(row)
        .map((v) => v ?? "∅")
        .join(" | "),
    ),
  ];
}

/**
 * Collects rows that break a rule and asserts once at the end (a per-row `expect` over 100,000
 * rows costs seconds): the failure shows the first few offenders.
 */
export class Offenders {
  private readonly found: string[] = [];
  private count = 0;

  check(ok: boolean, describe: () => string): void {
    if (ok) return;
    this.count++;
    if (this.found.length < 5) this.found.push(describe());
  }

  /** `{ count, first }`: compare with `{ count: 0, first: [] }`. */
  report(): { count: number; first: string[] } {
    return { count: this.count, first: this.found };
  }
}
