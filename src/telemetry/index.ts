// The telemetry area's entry: ingest, auth, query and the ports the adapters implement. The HTTP app
// and the server's composition root sit above this area (src/http, src/server); the package entry
// src/api/telemetry.ts puts them together for `mimic-data/telemetry`.
export {
  Authenticator,
  ReadAuthenticator,
  addDevice,
  addReadToken,
  revokeDevice,
  rotateDevice,
  issueDeviceToken,
  issueReadToken,
  parseBearerToken,
  type AuthContext,
  type DeviceWithToken,
} from "./auth/index.js";
export { IngestService, RateLimiter, startStoreConsumer, type RateLimit } from "./ingest/index.js";
export { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, DEFAULT_QUERY_LIMITS, type QueryLimits } from "./query/index.js";
export { formatSensors, SEED_DEVICE_SENSORS, type Device, type DeviceStatus, type DeviceToken } from "./domain/device.js";
export { READ_TOKEN_NAME, type ReadScope, type ReadToken } from "./domain/read-token.js";
export type {
  AppendResult,
  BucketRow,
  BusMessage,
  BusSubscription,
  DeviceRegistry,
  MessageBus,
  ReadingQuery,
  ReadingRow,
  RetentionResult,
  TelemetryStore,
} from "./ports.js";
export { SERVER_DEFAULTS } from "./defaults.js";
