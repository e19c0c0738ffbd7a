// What runs on each chunk, identically in a worker thread and in the main thread (one worker), so
// the bytes cannot depend on where a chunk was made.
import type { ColumnBatch, OutputFormat, TableGenerator } from "../batch.js";
import { createChunkEncoder, type ChunkEncoder } from "../writers/index.js";

/** A finished chunk: encoded rows for text formats, the batch itself for Parquet. */
export type ChunkResult = { chunkIndex: number; length: number; bytes: Uint8Array } | { chunkIndex: number; length: number; batch: ColumnBatch };

/** Generates (and for CSV/JSONL serialises) chunks of one table. */
export function chunkJob(generator: TableGenerator, format: OutputFormat): (chunkIndex: number, length: number) => ChunkResult {
  const encoder: ChunkEncoder | undefined = format === "parquet" ? undefined : createChunkEncoder(format, generator.shape);
  return (chunkIndex, length) => {
    const batch = generator.generateChunk(chunkIndex, length);
    return encoder ? { chunkIndex, length, bytes: encoder.encode(batch) } : { chunkIndex, length, batch };
  };
}

/** The ArrayBuffers a result can hand over to another thread without copying (deduplicated). */
export function transferablesOf(result: ChunkResult): ArrayBuffer[] {
  if ("bytes" in result) return [result.bytes.buffer as ArrayBuffer];
  const buffers = new Set<ArrayBuffer>();
  for (const column of result.batch.columns) {
    const v = column.values;
    if (v instanceof Float64Array || v instanceof Uint8Array) buffers.add(v.buffer as ArrayBuffer);
    else if (!Array.isArray(v)) {
      const dictionary = v as { codes: Uint32Array; plain?: { bytes: Uint8Array } };
      buffers.add(dictionary.codes.buffer as ArrayBuffer);
      // Fixed-width words (unique ids) travel with their bytes instead of being copied.
      if (dictionary.plain && dictionary.plain.bytes.byteOffset === 0 && dictionary.plain.bytes.byteLength === dictionary.plain.bytes.buffer.byteLength) {
        buffers.add(dictionary.plain.bytes.buffer as ArrayBuffer);
      }
    }
    if (column.nulls) buffers.add(column.nulls.buffer as ArrayBuffer);
  }
  return [...buffers];
}
