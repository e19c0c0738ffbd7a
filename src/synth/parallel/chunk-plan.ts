/** The chunks of a table of `rows` rows: fixed by the generator's chunk size, never by workers. */
export interface ChunkPlan {
  count: number;
  lengthOf(chunkIndex: number): number;
}

export function planChunks(rows: number, chunkSize: number): ChunkPlan {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a whole number ≥ 1, got ${chunkSize}`);
  const count = Math.ceil(rows / chunkSize);
  return { count, lengthOf: (k) => Math.min(chunkSize, rows - k * chunkSize) };
}
