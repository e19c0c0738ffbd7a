import type { Writable } from "node:stream";
import type { BatchWriter, OutputFormat, TableShape } from "../batch.js";
import { createChunkEncoder } from "./chunk-encoder.js";
import { openFileSink, streamSink, type OutputSink } from "./output-sink.js";

export interface OpenWriterOptions {
  format: OutputFormat;
  shape: TableShape;
  /** A file path (written via a temporary name, renamed on close), or a stream such as stdout. */
  out: string | Writable;
  /** Write the CSV header row (default true; false for shards after the first, see --shard). */
  header?: boolean;
}

/** A BatchWriter that also accepts rows already encoded elsewhere (a worker thread). */
export interface TableWriter extends BatchWriter {
  /** Whether `writeEncoded` applies: text formats, whose chunks workers serialise themselves. */
  readonly acceptsEncoded: boolean;
  /** True once the reader of a stream went away (`| head`): stop generating, it is not an error. */
  readonly closed: boolean;
  /** Writes the bytes of whole rows produced by `createChunkEncoder(format, shape).encode`. */
  writeEncoded(bytes: Uint8Array): Promise<void>;
}

/** The format a file name implies: `.jsonl`/`.ndjson` → jsonl, `.parquet`/`.pq` → parquet, else csv. */
export function formatFromPath(path: string): OutputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".parquet") || lower.endsWith(".pq")) return "parquet";
  return "csv";
}

/**
 * Opens a streaming writer for one table. Fails before anything is written when the path cannot
 * be written. Text formats write their header at once; Parquet writes row groups as they fill.
 *
 * @example
 * const writer = await openWriter({ format: "csv", shape: table.shape, out: "sales.csv" });
 * await writer.write(table.generateChunk(0, 1000));
 * await writer.close();
 */
export async function openWriter(options: OpenWriterOptions): Promise<TableWriter> {
  // Loaded only for Parquet (its library is ~50 modules, a third of a CSV run's start-up), and
  // before the output is opened, so nothing is left behind if loading fails.
  const parquetModule = options.format === "parquet" ? await import("./parquet-batch-writer.js") : undefined;
  const sink: OutputSink = typeof options.out === "string" ? await openFileSink(options.out) : streamSink(options.out);
  if (options.format === "parquet") {
    const parquet = parquetModule!.createParquetWriter(options.shape, sink);
    return {
      ...parquet,
      acceptsEncoded: false,
      get closed() {
        return sink.closed;
      },
      writeEncoded() {
        return Promise.reject(new TypeError("Parquet output takes batches, not encoded bytes"));
      },
    };
  }
  const encoder = createChunkEncoder(options.format, options.shape);
  try {
    if (options.header !== false) await sink.write(encoder.header());
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return {
    acceptsEncoded: true,
    get closed() {
      return sink.closed;
    },
    write: (batch) => sink.write(encoder.encode(batch)),
    writeEncoded: (bytes) => sink.write(bytes),
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}
