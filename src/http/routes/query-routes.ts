import type { FastifyInstance } from "fastify";
import { DEFAULT_QUERY_LIMITS, parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, type QueryLimits } from "../../telemetry/query/index.js";
import type { TelemetryStore } from "../../telemetry/ports.js";
import { registerExportRoute } from "./export-route.js";
import { readGuard, type ReadAccess } from "./read-guard.js";

/**
 * `GET /v1/readings`: readings by device, sensor and time range, as JSON or CSV, at most 100,000
 * rows; and `GET /v1/export`, any range streamed as a CSV or Parquet download. Both need a read token.
 */
export function registerQueryRoutes(
  app: FastifyInstance,
  deps: { store: TelemetryStore; now: () => number; limits?: QueryLimits; readAccess: ReadAccess },
): void {
  app.get("/v1/readings", { onRequest: readGuard(deps.readAccess, "read") }, async (request, reply) => {
    // A repeated parameter arrives as an array; the parser refuses it by name.
    const params = request.query as Record<string, string | string[] | undefined>;
    const parsed = parseReadingQuery(params, deps.now(), deps.limits ?? DEFAULT_QUERY_LIMITS);
    const answer = await runReadingQuery(deps.store, parsed);
    if (parsed.format === "csv") return reply.type("text/csv; charset=utf-8").send(readingsToCsv(answer));
    return reply.type("application/json").send(readingsToJson(answer));
  });
  registerExportRoute(app, deps);
}
