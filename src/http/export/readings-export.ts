// Any range of raw readings written as CSV, JSON or Parquet a page at a time: `GET /v1/export`
// and `mimic query` share this, so an export and a query of the same range are the same bytes.
import type { Writable } from "node:stream";
import { MimicError } from "../../errors/index.js";
import { openFileSink, openWriter, streamSink, type OutputSink } from "../../synth/writers/index.js";
import type { ReadingQuery, TelemetryStore } from "../../telemetry/ports.js";
import { openReadingStream, streamReadingsCsv, streamReadingsJson } from "../../telemetry/query/index.js";
import { readingsPageBatch, readingsShape } from "./readings-batch.js";

export type ExportFormat = "csv" | "json" | "parquet";

/** What an export wrote. */
export interface ExportResult {
  readings: number;
  /** False when the reader went away before the end (a closed pipe, a cancelled download). */
  complete: boolean;
}

/**
 * Writes the raw readings of `query` (at most `limit`) to `out`: a file path (written under a
 * temporary name and renamed when complete, so a failure leaves nothing) or a stream. Memory holds
 * one page of readings (and, for Parquet, one row group), whatever the range holds.
 *
 * @example
 * await writeReadingsExport(store, { device: "rp1", from, to }, "csv", process.stdout);
 */
export async function writeReadingsExport(
  store: TelemetryStore,
  query: Omit<ReadingQuery, "limit">,
  format: ExportFormat,
  out: string | Writable,
  limit = Number.POSITIVE_INFINITY,
): Promise<ExportResult> {
  if (format === "parquet") return await writeParquet(store, query, out, limit);
  const sink: OutputSink = typeof out === "string" ? await openFileSink(out) : streamSink(out);
  const encoder = new TextEncoder();
  const write = async (text: string): Promise<boolean> => {
    await sink.write(encoder.encode(text));
    return !sink.closed;
  };
  try {
    const readings = format === "csv" ? await streamReadingsCsv(store, query, write, limit) : await streamReadingsJson(store, query, write, limit);
    const complete = !sink.closed;
    await sink.close();
    return { readings, complete };
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

async function writeParquet(store: TelemetryStore, query: Omit<ReadingQuery, "limit">, out: string | Writable, limit: number): Promise<ExportResult> {
  const { fields, pages } = await openReadingStream(store, query, limit);
  const shape = readingsShape(fields);
  let writer;
  try {
    writer = await openWriter({ format: "parquet", shape, out });
  } catch (cause) {
    if (cause instanceof MimicError) throw cause;
    throw new MimicError("IO_UNWRITABLE", `Cannot write ${typeof out === "string" ? out : "the output"}; check the folder exists and is writable.`, { cause });
  }
  let readings = 0;
  let chunk = 0;
  try {
    for await (const page of pages) {
      if (writer.closed) break;
      await writer.write(readingsPageBatch(page, shape, chunk++));
      readings += page.length;
    }
    const complete = !writer.closed;
    await writer.close();
    return { readings, complete };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
