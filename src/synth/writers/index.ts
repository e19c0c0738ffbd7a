// The writers: streaming CSV, JSON Lines and Parquet output of columnar batches. The Parquet writer
// is not re-exported: openWriter imports it when Parquet is asked for, so text runs never load it.
export { createBufferPool, type BufferPool } from "./buffer-pool.js";
export { createChunkEncoder, type ChunkEncoder } from "./chunk-encoder.js";
export { createPgBinaryEncoder, createPgCopyEncoder, isPgBinary, type PgBinaryEncoder } from "./pg-binary.js";
export type { TextDialect } from "./column-fields.js";
export { formatFromPath, openWriter, type OpenWriterOptions, type TableWriter } from "./open-writer.js";
export { openFileSink, streamSink, type OutputSink } from "./output-sink.js";
export { civilFromDays, compileTemporalFormat, DEFAULT_TEMPORAL_FORMAT, formatTemporal } from "./temporal-format.js";
