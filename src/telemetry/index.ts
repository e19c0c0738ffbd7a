// The telemetry area's entry: ingest, auth, query and the ports the adapters implement. The HTTP app
// and the server's composition root sit above this area (src/http, src/server); the package entry
// src/api/telemetry.ts puts them together for `mimic-data/telemetry`.
export { Authenticator, addDevice, revokeDevice, rotateDevice, issueDeviceToken, parseBearerToken, type AuthContext, type DeviceWithToken } from "./auth/index.js";
export { IngestService, RateLimiter, startStoreConsumer, type RateLimit } from "./ingest/index.js";
export { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, DEFAULT_QUERY_LIMITS, type QueryLimits } from "./query/index.js";
export type { Device, DeviceStatus, DeviceToken } from "./domain/device.js";
export type { AppendResult, BucketRow, BusMessage, BusSubscription, DeviceRegistry, MessageBus, ReadingQuery, ReadingRow, TelemetryStore } from "./ports.js";
export { SERVER_DEFAULTS } from "./defaults.js";
