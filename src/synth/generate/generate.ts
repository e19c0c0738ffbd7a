import type { Writable } from "node:stream";
import type { OutputFormat } from "../batch.js";
import type { TableSource } from "../datasets/dataset.js";
import { MimicError } from "../../errors/index.js";
import { loadResolver, produceChunks, startChunkWorkers } from "../parallel/index.js";
import { openWriter } from "../writers/index.js";

/** The resolver `generate` uses unless told otherwise: built-in datasets and schema files. */
export const DEFAULT_RESOLVER_URL = new URL(import.meta.url.endsWith(".ts") ? "./resolve-source.ts" : "./resolve-source.js", import.meta.url);

/** Rows written when neither the caller nor the table says how many. */
export const DEFAULT_ROWS = 1000;

export interface GenerateOptions {
  source: TableSource;
  seed: number | string;
  /** Rows to write; default: the table's own count (`TableGenerator.rows`, e.g. iot's --days), else 1,000. */
  rows?: number;
  format: OutputFormat;
  /** A file path (written via a temporary name, renamed when complete) or a stream (stdout). */
  out: string | Writable;
  /** Worker threads (default 1: generate in this thread). The output is the same for any value. */
  workers?: number;
  /** Stops the run; the partial file is removed and OUTPUT_INTERRUPTED is thrown. */
  signal?: AbortSignal;
  /** Called after each chunk is written. */
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
  /** Module exporting `resolveTableSource` (defaults to the built-in datasets and schemas). */
  resolverUrl?: string | URL;
}

export interface GenerateResult {
  /** Rows written (fewer than asked only when the reader of a stream went away). */
  rows: number;
  /** The table's name. */
  table: string;
  /** False when the output stream was closed by its reader before the end (`| head`). */
  complete: boolean;
}

/**
 * Generates `rows` rows of a table and streams them to a file or stream in chunk order, with
 * bounded memory. Nothing is left behind on error or interruption.
 *
 * @example
 * await generate({ source: { kind: "dataset", name: "coffee-sales", options: {} }, seed: 42, rows: 1_000_000, format: "csv", out: "sales.csv", workers: 2 });
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const resolverUrl = options.resolverUrl ?? DEFAULT_RESOLVER_URL;
  const workers = options.workers ?? 1;
  // Worker threads start first so that their start-up (thread, modules, compiling the table)
  // overlaps this thread's; they are stopped again if the source turns out to be bad.
  const started =
    workers > 1 ? startChunkWorkers({ source: options.source, seed: options.seed, resolverUrl, format: options.format, count: workers - 1 }) : undefined;
  let generator;
  let writer;
  try {
    const resolve = await loadResolver(resolverUrl);
    // Compiled here before any file exists: a bad source leaves nothing behind.
    generator = await resolve(options.source, options.seed);
    if (options.signal?.aborted) throw new MimicError("OUTPUT_INTERRUPTED", "Stopped before the start (interrupted); nothing was written.");
    writer = await openWriter({ format: options.format, shape: generator.shape, out: options.out });
  } catch (error) {
    await started?.terminate();
    throw error;
  }
  const total = options.rows ?? generator.rows ?? DEFAULT_ROWS;
  let rows = 0;
  try {
    const chunks = produceChunks({
      generator,
      source: options.source,
      seed: options.seed,
      resolverUrl,
      rows: total,
      format: options.format,
      workers,
      ...(started ? { started } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // One write in flight while the next chunk is made: generation and I/O overlap even with one
    // worker, and memory stays at two chunks.
    let inFlight: Promise<void> = Promise.resolve();
    let inFlightRows = 0;
    const settle = async () => {
      await inFlight;
      if (inFlightRows > 0 && !writer.closed) {
        rows += inFlightRows;
        options.onProgress?.(rows, total);
      }
      inFlightRows = 0;
    };
    for await (const chunk of chunks) {
      await settle();
      if (writer.closed) break;
      inFlight = "bytes" in chunk ? writer.writeEncoded(chunk.bytes) : writer.write(chunk.batch);
      // Awaited by the next settle(); if chunk production fails first, the catch below aborts the
      // writer and this rejection must not surface as an unhandled one.
      inFlight.catch(() => undefined);
      inFlightRows = chunk.length;
    }
    await settle();
    if (options.signal?.aborted) throw new MimicError("OUTPUT_INTERRUPTED", "Stopped before the end (interrupted); the partial output was removed.");
    await writer.close();
    return { rows, table: generator.shape.name, complete: !writer.closed };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
