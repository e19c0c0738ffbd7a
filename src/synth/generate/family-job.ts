// What runs on each family chunk of a whole database, identically in a worker thread and in the
// main thread, so the bytes cannot depend on where a chunk was made.
import type { ColumnBatch, TableShape } from "../batch.js";
import type { CompiledDatabase } from "../schema/index.js";
import { transferablesOf } from "../parallel/chunk-job.js";
import { createChunkEncoder, createPgCopyEncoder, type BufferPool, type ChunkEncoder } from "../writers/index.js";

/** How a table's writer takes rows encoded elsewhere: the dialect and the shape it encodes with. */
export interface TableEncoding {
  /** `pg-copy`: PostgreSQL's binary COPY format, or CSV for a chunk binary cannot carry exactly. */
  dialect: "csv" | "jsonl" | "pg-copy";
  shape: TableShape;
}

/** One table's part of a family chunk: encoded rows when its writer takes them, else the batch. */
export type TablePart = { table: string; length: number; bytes: Uint8Array } | { table: string; length: number; batch: ColumnBatch };

/** A finished family chunk: `unit` is its index in the database's plan. */
export interface FamilyResult {
  unit: number;
  parts: TablePart[];
}

/**
 * Generates (and, for tables whose writer takes bytes, encodes) family chunks by plan index.
 * `buffers`: where binary COPY payloads are written (buffers their writers hand back).
 */
export function familyJob(database: CompiledDatabase, encodings: ReadonlyMap<string, TableEncoding>, buffers?: BufferPool): (unit: number) => FamilyResult {
  const encoders = new Map<string, ChunkEncoder>(
    [...encodings].map(([t, e]) => [t, e.dialect === "pg-copy" ? createPgCopyEncoder(e.shape, buffers) : createChunkEncoder(e.dialect, e.shape)]),
  );
  return (unit) => {
    const parts = database.generate(database.plan[unit]!).map(({ table, batch }): TablePart => {
      const encoder = encoders.get(table);
      return encoder === undefined ? { table, length: batch.length, batch } : { table, length: batch.length, bytes: encoder.encode(batch) };
    });
    return { unit, parts };
  };
}

/** The buffers a result hands to another thread without copying. */
export function familyTransferables(result: FamilyResult): ArrayBuffer[] {
  const all = new Set<ArrayBuffer>();
  for (const part of result.parts) {
    const buffers =
      "bytes" in part
        ? transferablesOf({ chunkIndex: 0, length: part.length, bytes: part.bytes })
        : transferablesOf({ chunkIndex: 0, length: part.length, batch: part.batch });
    for (const b of buffers) all.add(b);
  }
  return [...all];
}
