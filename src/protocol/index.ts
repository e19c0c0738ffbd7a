// Wire protocol of telemetry ingest: decoding (JSON, the seed's protobuf, our batch), validation
// as data, and the idempotency key of a reading.
export { decodeReadings, type BodyEncoding, type DecodeOptions, type IngestTarget } from "./decode-readings.js";
export { decodeJsonReadings } from "./json-codec.js";
export { decodeBatchMessage, decodeSensorMessage } from "./protobuf-codec.js";
export { validateReading, type ValidationContext } from "./validate-reading.js";
export { MAX_JSON_DEPTH } from "./json-shape.js";
export { messageId, readingId } from "./reading-id.js";
export { DEFAULT_INGEST_LIMITS, MAX_DEVICE_ID_LENGTH, type IngestLimits } from "./limits.js";
