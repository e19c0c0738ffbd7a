// Public API of mimic's telemetry half: `import { buildApp } from "mimic/telemetry"`.
export { buildApp, createTelemetryMetrics, type AppDeps, type TelemetryMetrics } from "../http/index.js";
export { createTelemetryRuntime, loadServeConfig, startTelemetryServer, type RunningServer, type ServeConfig, type TelemetryRuntime } from "../config/index.js";
export { Authenticator, addDevice, revokeDevice, rotateDevice, issueDeviceToken, parseBearerToken, type AuthContext, type DeviceWithToken } from "./auth/index.js";
export { IngestService, RateLimiter, startStoreConsumer, type RateLimit } from "./ingest/index.js";
export { decodeReadings, readingId, validateReading, DEFAULT_INGEST_LIMITS, type BodyEncoding, type IngestLimits, type IngestTarget } from "./protocol/index.js";
export { parseReadingQuery, readingsToCsv, readingsToJson, runReadingQuery, DEFAULT_QUERY_LIMITS, type QueryLimits } from "./query/index.js";
export type { Device, DeviceStatus, DeviceToken } from "./domain/device.js";
export type { Reading, ReadingData, SensorKind, DhtData, PirData, LightData } from "./domain/reading.js";
export type { AppendResult, BucketRow, BusMessage, BusSubscription, DeviceRegistry, MessageBus, ReadingQuery, ReadingRow, TelemetryStore } from "./ports.js";
