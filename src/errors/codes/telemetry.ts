import { defineCodes } from "./spec.js";

/** Codes of the telemetry area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const TELEMETRY_CODES = defineCodes({
  INGEST_MALFORMED: { status: 400, description: "The request body cannot be decoded (empty, not JSON, not the protobuf message of the URL); send one reading as JSON or the sensor's protobuf message." },
  INGEST_INVALID: { status: 400, description: "The body decoded but values are invalid (missing fields, non-finite numbers, humidity outside 0–100, timestamp far in the future…); every problem is listed in `issues`." },
  INGEST_TOO_LARGE: { status: 413, description: "The body is over the byte limit or a batch has more readings than allowed; split it into smaller requests." },
  INGEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: "The Content-Type is not accepted on this path; use application/json, or application/x-protobuf on the protobuf paths." },
  INGEST_NOT_FOUND: { status: 404, description: "No such route; the ingest paths are POST /v1/telemetry, /v1/telemetry/{dht,pir,light,batch} and the query path is GET /v1/readings." },
  INGEST_RATE_LIMITED: { status: 429, retryable: true, description: "This device sent more requests than its rate limit allows; wait for `Retry-After` seconds, or send batches." },
  INGEST_UNAVAILABLE: { status: 503, retryable: true, description: "The bus or store cannot take readings now (down or over its queue limit); nothing was stored, retry after `Retry-After` seconds." },
  AUTH_MISSING: { status: 401, description: "No Authorization header; send `Authorization: Bearer <token>` with the token `mimic devices add` printed." },
  AUTH_MALFORMED: { status: 401, description: "The Authorization header is not `Bearer <JWT>`; check the header value (the token alone after `Bearer `)." },
  AUTH_INVALID: { status: 401, description: "The token's signature, algorithm or claims are not valid for this server; issue a new one with `mimic devices add` or `rotate`." },
  AUTH_EXPIRED: { status: 401, description: "The token has expired; issue a new one with `mimic devices rotate <id>`." },
  AUTH_REVOKED: { status: 401, description: "The token (or its device) was revoked or replaced; issue a new one with `mimic devices rotate <id>`." },
  AUTH_DEVICE_MISMATCH: { status: 403, description: "A reading's device id differs from the token's device (`sub`); each device may send only its own readings." },
  AUTH_DEVICE_DISABLED: { status: 403, description: "The device is disabled in the registry; enable it again or use another device." },
  AUTH_UNKNOWN_DEVICE: { status: 404, description: "No device with this id in the registry; see `mimic devices list`." },
  AUTH_DEVICE_EXISTS: { status: 409, description: "A device with this id is already registered; use `mimic devices rotate <id>` for a new token." },
  AUTH_SECRET_INVALID: { status: 400, description: "The token signing secret is unreadable or too short (at least 32 bytes); fix MIMIC_TOKEN_SECRET or the secret file in the data dir." },
  QUERY_INVALID: { status: 400, description: "A query parameter is missing or invalid (times as ISO 8601 or epoch seconds, type DHT22|PIR|LIGHT, bucket in seconds); every problem is listed in `issues`." },
  QUERY_RANGE_TOO_LARGE: { status: 400, description: "The time range is longer than allowed without downsampling; narrow from/to or add `bucket`." },
  QUERY_TOO_MANY_ROWS: { status: 400, description: "The result has more rows than the limit; narrow the range, add a device/type filter or downsample with `bucket`." },
  QUERY_UNAVAILABLE: { status: 503, retryable: true, description: "The store cannot answer queries now; retry after `Retry-After` seconds." },
});
