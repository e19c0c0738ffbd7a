import type { ColumnBatch, ColumnVector, TableGenerator } from "../../batch.js";

/** Stored value of row i of a column (dictionary codes resolved), or null. */
export function cell(v: ColumnVector, i: number): number | string | null {
  if (v.nulls?.[i] === 1) return null;
  const x = v.values;
  if ("codes" in x) return x.dictionary[x.codes[i]!]!;
  return x[i]!;
}

/** A column of a batch by name, as an array of stored values. */
export function column(gen: TableGenerator, batch: ColumnBatch, name: string): (number | string | null)[] {
  const k = gen.shape.columns.findIndex((c) => c.name === name);
  if (k < 0) throw new Error(`no column ${name}`);
  const v = batch.columns[k]!;
  return Array.from({ length: batch.length }, (_, i) => cell(v, i));
}

/** Rows [0, n) generated chunk by chunk. */
export function generateRows(gen: TableGenerator, n: number): ColumnBatch[] {
  const out: ColumnBatch[] = [];
  for (let k = 0; k * gen.chunkSize < n; k++) out.push(gen.generateChunk(k, Math.min(gen.chunkSize, n - k * gen.chunkSize)));
  return out;
}

/** A whole column over several batches. */
export function columnAll(gen: TableGenerator, batches: readonly ColumnBatch[], name: string): (number | string | null)[] {
  return batches.flatMap((b) => column(gen, b, name));
}
