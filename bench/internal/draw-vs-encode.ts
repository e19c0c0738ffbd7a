// Where one thread's time goes, in-process and without I/O: a table's engine making batches vs.
// the CSV encoder serialising them. Shared by the generate and model benchmarks.
import type { TableGenerator } from "../../src/synth/batch.js";
import { createChunkEncoder } from "../../src/synth/writers/index.js";

/** Rows per second of `generateChunk` alone and of CSV encoding alone, over the first `rows` rows. */
export function drawVsEncode(table: TableGenerator, rows: number): { draw: number; encode: number } {
  const encoder = createChunkEncoder("csv", table.shape);
  let drawMs = 0;
  let encodeMs = 0;
  for (let k = 0; k * table.chunkSize < rows; k++) {
    const t0 = performance.now();
    const batch = table.generateChunk(k, Math.min(table.chunkSize, rows - k * table.chunkSize));
    const t1 = performance.now();
    encoder.encode(batch);
    drawMs += t1 - t0;
    encodeMs += performance.now() - t1;
  }
  return { draw: rows / (drawMs / 1000), encode: rows / (encodeMs / 1000) };
}
