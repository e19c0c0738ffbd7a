// The package entry `mimic-data/telemetry` (`import { buildApp } from "mimic-data/telemetry"`): the
// telemetry server's parts, from the HTTP app down to the ports, named one by one.
export { buildApp, createTelemetryMetrics, type AppDeps, type TelemetryMetrics } from "../http/index.js";
export { createTelemetryRuntime, loadServeConfig, startTelemetryServer, type RunningServer, type ServeConfig, type TelemetryRuntime } from "../server/index.js";
export {
  Authenticator,
  addDevice,
  issueDeviceToken,
  parseBearerToken,
  revokeDevice,
  rotateDevice,
  type AuthContext,
  type DeviceWithToken,
} from "../telemetry/index.js";
export { IngestService, RateLimiter, startStoreConsumer, type RateLimit } from "../telemetry/index.js";
export { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, DEFAULT_QUERY_LIMITS, type QueryLimits } from "../telemetry/index.js";
export type { Device, DeviceStatus, DeviceToken } from "../telemetry/index.js";
export type { AppendResult, BucketRow, BusMessage, BusSubscription, DeviceRegistry, MessageBus, ReadingQuery, ReadingRow, TelemetryStore } from "../telemetry/index.js";
export { decodeReadings, readingId, validateReading, DEFAULT_INGEST_LIMITS, type BodyEncoding, type IngestLimits, type IngestTarget } from "../protocol/index.js";
export type { DhtData, LightData, PirData, Reading, ReadingData, SensorKind } from "../sensors/index.js";
export { MimicError, isMimicError, type Issue } from "../errors/index.js";
