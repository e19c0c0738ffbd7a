import { MimicError, type Issue } from "../errors/index.js";
import type { Reading, SensorKind } from "../sensors/reading.js";
import { decodeJsonReadings } from "./json-codec.js";
import { decodeBatchMessage, decodeSensorMessage } from "./protobuf-codec.js";
import { validateReading, type ValidationContext } from "./validate-reading.js";

/** How a body is encoded (from its Content-Type). */
export type BodyEncoding = "json" | "protobuf";

/** Which endpoint received it: any kind (JSON), one sensor kind, or a batch. */
export type IngestTarget = { kind: "any" } | { kind: "sensor"; sensor: SensorKind } | { kind: "batch" };

export interface DecodeOptions extends Omit<ValidationContext, "expectedKind"> {
  maxBatchReadings: number;
}

/**
 * Decodes and validates one request body into readings, all or nothing: any problem rejects
 * the whole request with INGEST_MALFORMED (undecodable), INGEST_TOO_DEEP or INGEST_DUPLICATE_KEY
 * (ambiguous or absurd JSON, refused before validation), INGEST_TOO_LARGE or INGEST_INVALID
 * (with every issue, paths like `[3].data.humidity` for batches).
 *
 * @example
 * decodeReadings(body, "json", { kind: "any" }, { receivedAt: Date.now(), maxFutureSkewSeconds: 86400, maxBatchReadings: 5000 });
 */
export function decodeReadings(body: Uint8Array, encoding: BodyEncoding, target: IngestTarget, options: DecodeOptions): Reading[] {
  let candidates: unknown[];
  let expectedKind: SensorKind | undefined;
  if (encoding === "json") {
    candidates = decodeJsonReadings(body, target.kind === "sensor" ? 1 : options.maxBatchReadings);
    if (target.kind === "sensor") expectedKind = target.sensor;
  } else if (target.kind === "sensor") {
    candidates = [decodeSensorMessage(target.sensor, body)];
    expectedKind = target.sensor;
  } else if (target.kind === "batch") {
    candidates = decodeBatchMessage(body, options.maxBatchReadings);
  } else {
    throw new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", "POST /v1/telemetry takes JSON; send protobuf to /v1/telemetry/dht, /pir, /light or /batch.");
  }
  const ctx: ValidationContext = { receivedAt: options.receivedAt, maxFutureSkewSeconds: options.maxFutureSkewSeconds };
  if (options.retentionSeconds !== undefined) ctx.retentionSeconds = options.retentionSeconds;
  if (expectedKind !== undefined) ctx.expectedKind = expectedKind;
  const issues: Issue[] = [];
  const many = candidates.length > 1 || target.kind === "batch";
  const readings: Reading[] = [];
  for (let i = 0; i < candidates.length && issues.length < 100; i++) {
    const reading = validateReading(candidates[i], many ? i : "", ctx, issues);
    if (reading) readings.push(reading);
  }
  if (issues.length > 0) {
    const count = issues.length >= 100 ? "100 or more problems (the first 100 are listed)" : issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    throw new MimicError("INGEST_INVALID", `The reading${many ? "s have" : " has"} ${count}; see issues, fix them and send again.`, { issues });
  }
  return readings;
}
