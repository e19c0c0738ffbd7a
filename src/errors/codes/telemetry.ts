import { defineCodes } from "./spec.js";

/** Codes of the telemetry area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const TELEMETRY_CODES = defineCodes({
  INGEST_MALFORMED: {
    status: 400,
    description:
      "The request body cannot be decoded (empty, not JSON, not the protobuf message of the URL); send one reading as JSON or the sensor's protobuf message.",
  },
  INGEST_INVALID: {
    status: 400,
    description:
      "The body decoded but values are invalid (missing or unknown fields, non-finite numbers, humidity outside 0–100, timestamp far in the future…); every problem is listed in `issues`.",
  },
  INGEST_DUPLICATE_KEY: {
    status: 400,
    description:
      'A JSON object in the body has the same key twice (`{"device":"a","device":"b"}`), which parsers read differently; the issue names the key and where it is. Send each key once.',
  },
  INGEST_TOO_DEEP: {
    status: 400,
    description:
      "The JSON body nests objects or arrays deeper than a reading can (an array of readings whose `data` is an object of plain values: 3 levels); it is refused before parsing.",
  },
  INGEST_TYPE_MISMATCH: {
    status: 422,
    description:
      "A reading's type (sensor kind) is not one of the sensors its device was registered with (`mimic devices add --sensors`); the message names the device's sensors and the kind sent. Send readings of those sensors only, or register a device that carries the other sensor.",
  },
  INGEST_TOO_LARGE: { status: 413, description: "The body is over the byte limit or a batch has more readings than allowed; split it into smaller requests." },
  INGEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: "The Content-Type is not accepted on this path; use application/json, or application/x-protobuf on the protobuf paths.",
  },
  INGEST_NOT_FOUND: {
    status: 404,
    description: "No such route; the ingest paths are POST /v1/telemetry, /v1/telemetry/{dht,pir,light,batch} and the query path is GET /v1/readings.",
  },
  INGEST_METHOD_NOT_ALLOWED: {
    status: 405,
    description:
      "The path exists but not for this HTTP method (GET on an ingest path, POST on /v1/readings…); the `Allow` header and the message name the methods it takes.",
  },
  INGEST_HEADERS_TOO_LARGE: {
    status: 431,
    description: "The request line or headers are larger than the server accepts (16 KiB in all); shorten the URL (query parameters) or the headers.",
  },
  INGEST_REQUEST_TIMEOUT: {
    status: 408,
    retryable: true,
    description: "The client did not send the whole request in time; the connection is closed, send the request again.",
  },
  INGEST_RATE_LIMITED: {
    status: 429,
    retryable: true,
    description: "This device sent more requests than its rate limit allows; wait for `Retry-After` seconds, or send batches.",
  },
  INGEST_UNAVAILABLE: {
    status: 503,
    retryable: true,
    description: "The bus or store cannot take readings now (down or over its queue limit); nothing was stored, retry after `Retry-After` seconds.",
  },
  AUTH_RATE_LIMITED: {
    status: 429,
    retryable: true,
    description:
      "Too many failed authentications from this client address (a token bucket per address, see docs/telemetry.md); wait for `Retry-After` seconds and fix the token. Requests with a valid token are not limited by it.",
  },
  AUTH_MISSING: { status: 401, description: "No Authorization header; send `Authorization: Bearer <token>` with the token `mimic devices add` printed." },
  AUTH_MALFORMED: { status: 401, description: "The Authorization header is not `Bearer <JWT>`; check the header value (the token alone after `Bearer `)." },
  AUTH_INVALID: {
    status: 401,
    description: "The token's signature, algorithm or claims are not valid for this server; issue a new one with `mimic devices add` or `rotate`.",
  },
  AUTH_EXPIRED: { status: 401, description: "The token has expired; issue a new one with `mimic devices rotate <id>`." },
  AUTH_REVOKED: { status: 401, description: "The token (or its device) was revoked or replaced; issue a new one with `mimic devices rotate <id>`." },
  AUTH_DEVICE_MISMATCH: {
    status: 403,
    description: "A reading's device id differs from the token's device (`sub`); each device may send only its own readings.",
  },
  AUTH_READ_FORBIDDEN: {
    status: 403,
    description:
      "The token may not read this: a device token only sends readings, and a metrics token reads only `/metrics`; use a read token from `mimic tokens add --read` (or the URL `mimic serve` prints).",
  },
  AUTH_DEVICE_DISABLED: {
    status: 403,
    description:
      "The device's status was set to disabled in the store directly (no mimic command does this); set it back to active there, or register another device with `mimic devices add`.",
  },
  AUTH_SECRET_INVALID: {
    status: 400,
    description: "The token signing secret is unreadable or too short (at least 32 bytes); fix MIMIC_TOKEN_SECRET or the secret file in the data dir.",
  },
  QUERY_INVALID: {
    status: 400,
    description:
      "A query parameter is missing or invalid (times as ISO 8601 or epoch seconds, type DHT22|PIR|LIGHT, bucket in seconds); every problem is listed in `issues`.",
  },
  QUERY_RANGE_TOO_LARGE: { status: 400, description: "The time range is longer than allowed without downsampling; narrow from/to or add `bucket`." },
  QUERY_TOO_MANY_ROWS: {
    status: 400,
    description: "The result has more rows than the limit; narrow the range, add a device/type filter or downsample with `bucket`.",
  },
  QUERY_UNAVAILABLE: { status: 503, retryable: true, description: "The store cannot answer queries now; retry after `Retry-After` seconds." },
  // Store (src/telemetry/adapters/store-*)
  STORE_UNAVAILABLE: {
    status: 503,
    retryable: true,
    description:
      "The store cannot take the write or answer the query now (database busy, down, disk full or I/O error); nothing was acknowledged, retry after `Retry-After`.",
  },
  STORE_CLOSED: { status: 503, retryable: true, description: "The store is shutting down or closed; retry against a running server." },
  STORE_INVALID_READING: {
    status: 400,
    description: "A reading handed to the store is not storable (unknown kind, missing or non-finite field, empty id); `issues` lists each one.",
  },
  STORE_BAD_QUERY: {
    status: 400,
    description:
      "A readings query is invalid (range not from < to, unknown field for the kind, bucket or limit out of range); the message says which bound to fix.",
  },
  STORE_INVALID_DEVICE: {
    status: 400,
    description: "A device or token handed to the registry is inconsistent (token of another device, unknown kind or status); the message names the field.",
  },
  STORE_DEVICE_EXISTS: { status: 409, description: "A device with this id is already registered; choose another id or rotate the existing device's token." },
  STORE_DEVICE_NOT_FOUND: { status: 404, description: "No device with this id is registered; run `mimic devices list` to see the registered ids." },
  STORE_TOKEN_NOT_FOUND: { status: 404, description: "No read token has this name; run `mimic tokens list` to see the names." },
  STORE_TOKEN_EXISTS: { status: 409, description: "A token with this hash is already registered; issue a fresh token (a new `jti`)." },
  STORE_NOT_FOUND: {
    status: 404,
    description:
      "A command that reads the store (query, devices list/revoke/rotate) found no store at the data dir or --store given (nothing is created); check the path, or create the store with `mimic serve --data-dir …` (or `mimic devices add`).",
  },
  STORE_SCHEMA_NEWER: {
    status: 400,
    description: "The data was written by a newer mimic (higher schema version); upgrade mimic or point it at another data directory.",
  },
  // Bus (src/telemetry/adapters/bus-*)
  BUS_OVERLOADED: {
    status: 503,
    retryable: true,
    description: "The bus holds as many unprocessed readings as it is allowed to; nothing was accepted, retry after `Retry-After`.",
  },
  BUS_CLOSED: {
    status: 503,
    retryable: true,
    description: "The bus is shutting down or closed; the message was not accepted, retry against a running server.",
  },
  BUS_UNAVAILABLE: {
    status: 503,
    retryable: true,
    description: "The bus (NATS JetStream) did not acknowledge the message in time or is unreachable; nothing was acknowledged, retry later.",
  },
  BUS_DELIVERY_FAILED: {
    status: 503,
    retryable: true,
    description: "The consumer kept failing to process the message (the store refused or was down) after every attempt; retry later.",
  },
  BUS_MESSAGE_TOO_LARGE: { status: 413, description: "One message holds more readings or bytes than the bus accepts; split the batch into smaller ones." },
  ALARMS_SERVER_UNREACHABLE: {
    status: 503,
    exitCode: 3,
    retryable: true,
    description:
      "`mimic alarms --url` got no answer from the server (refused, unknown host, timeout) or an answer that is not mimic's; check `--url` and that `mimic serve` runs.",
  },
  // Simulator and device client (src/sensors, src/simulator, src/device)
  SIM_BAD_OPTION: {
    status: 400,
    description:
      "A simulator option is out of range (device count, sensor mix, interval below the DHT22's 2 s minimum, fault rates, site); the message names the option and what it accepts.",
  },
  SIM_TOKENS_INVALID: {
    status: 400,
    description:
      "The tokens file cannot be read, is not a JSON object of device id → token, or lacks a token for a simulated device; run with `--provision --data-dir …` or fix the file.",
  },
  SIM_SERVER_UNREACHABLE: {
    status: 503,
    exitCode: 3,
    retryable: true,
    description: "The server did not answer at all (refused, unknown host, timeout) for the whole grace period; check `--url` and that `mimic serve` runs.",
  },
  SIM_AUTH_REJECTED: {
    status: 401,
    exitCode: 4,
    description:
      "The server refused every device's token (401/403); the tokens belong to another server or were revoked; provision again or pass the right `--tokens`.",
  },
  SIM_READINGS_REJECTED: {
    status: 400,
    exitCode: 5,
    description: "The server rejected readings with a 4xx that retrying cannot fix; the summary lists them by status and error code.",
  },
  SIM_UNDELIVERED: {
    status: 503,
    exitCode: 6,
    retryable: true,
    description:
      "Not every reading was delivered: some were still buffered when the drain time ran out (the server was down or too slow), dropped for a full device buffer (live mode), or a backfill was interrupted (Ctrl-C). The message says which; raise `--drain`/`--buffer`, check the server, or rerun the backfill with the `--start` it names.",
  },
  DEVICE_BAD_OPTION: { status: 400, description: "A DeviceClient option is invalid (URL, format, batch size, buffer bound, timeout); the message names it." },
  DEVICE_BUFFER_FILE_INVALID: {
    status: 400,
    description: "The client's persisted buffer file is not one it wrote (not JSON lines of readings); move it away or point `bufferFile` elsewhere.",
  },
  DEVICE_CLOSED: { status: 400, description: "A reading was sent to a DeviceClient after `close()`; create a new client." },
});
