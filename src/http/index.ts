// The telemetry HTTP app: built apart from listening (fastify's testing guide).
export { buildApp, type AppDeps } from "./build-app.js";
export type { ReadAccess } from "./routes/read-guard.js";
export { createTelemetryMetrics, type TelemetryMetrics } from "./metrics.js";
export { toErrorResponse, type ErrorResponse } from "./error-response.js";
export { writeReadingsExport, type ExportFormat, type ExportResult } from "./export/readings-export.js";
export { readingsBatch, readingsPageBatch, readingsShape } from "./export/readings-batch.js";
