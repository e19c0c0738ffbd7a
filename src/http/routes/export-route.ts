import { Transform } from "node:stream";
import type { FastifyInstance } from "fastify";
import { MimicError } from "../../errors/index.js";
import type { TelemetryStore } from "../../telemetry/ports.js";
import { parseReadingQuery, STREAMED_QUERY_LIMITS } from "../../telemetry/query/index.js";
import { writeReadingsExport, type ExportFormat } from "../export/readings-export.js";
import { singleParams } from "./query-params.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

const EXPORT_PARAMETERS = ["device", "sensor", "type", "from", "to", "format"] as const;
const CONTENT_TYPE: Record<Exclude<ExportFormat, "json">, string> = {
  csv: "text/csv; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
};

/** A file name safe in a Content-Disposition header: letters, digits, dot, dash, underscore. */
function fileName(device: string | undefined, from: number, to: number, format: string): string {
  const who = (device ?? "all").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 64);
  const when = (s: number): string => new Date(Math.floor(s) * 1000).toISOString().slice(0, 19).replace(/[-:]/g, "") + "Z";
  return `readings-${who}-${when(from)}-${when(to)}.${format}`;
}

/**
 * `GET /v1/export?device=<id>&sensor=<kind>&from=<time>&to=<time>&format=csv|parquet`: the raw
 * readings of any range, however many, streamed a page at a time as a download — the same bytes as
 * `mimic query` of that range (they share `writeReadingsExport`). Needs a read token (or the
 * dashboard's cookie). A problem found before the first byte is an error answer; a store failure
 * after it ends the download early, which the client sees as an incomplete transfer.
 */
export function registerExportRoute(app: FastifyInstance, deps: { store: TelemetryStore; now: () => number; readAccess: ReadAccess }): void {
  app.get("/v1/export", { onRequest: readGuard(deps.readAccess, "read") }, async (request, reply) => {
    const { format = "csv", ...params } = singleParams("/v1/export", request.query, EXPORT_PARAMETERS);
    if (format !== "csv" && format !== "parquet")
      throw new MimicError("QUERY_INVALID", `format must be csv or parquet, got "${format.slice(0, 32)}".`, {
        issues: [{ code: "invalid_value", path: "format", message: "format must be csv or parquet." }],
      });
    const { query } = parseReadingQuery(params, deps.now(), STREAMED_QUERY_LIMITS);
    const { limit, ...range } = query;
    const headers = {
      "content-type": CONTENT_TYPE[format],
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${fileName(range.device, range.from, range.to, format)}"`,
    };
    // HEAD says what a GET would download without reading the range.
    if (request.method === "HEAD") return reply.headers(headers).send();
    let started!: () => void;
    const firstBytes = new Promise<void>((resolve) => (started = resolve));
    const body = new Transform({
      transform(chunk, _encoding, callback) {
        started();
        callback(null, chunk);
      },
    });
    const done = writeReadingsExport(deps.store, range, format, body, limit).then(
      () => body.end(),
      (error: unknown) => {
        body.destroy(error as Error);
        throw error;
      },
    );
    // The first bytes (or a failure before them) decide the status: a store that cannot answer is
    // a 503 with its error body, not a 200 cut short.
    await Promise.race([firstBytes, done]);
    done.catch((error: unknown) => request.log.warn({ err: error }, "export: ended early"));
    return reply.headers(headers).send(body);
  });
}
