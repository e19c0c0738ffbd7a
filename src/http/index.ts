// The telemetry HTTP app: built apart from listening (fastify's testing guide).
export { buildApp, type AppDeps } from "./build-app.js";
export type { ReadAccess } from "./routes/read-guard.js";
export { createTelemetryMetrics, type TelemetryMetrics } from "./metrics.js";
export { toErrorResponse, type ErrorResponse } from "./error-response.js";
