import { defineCodes } from "./spec.js";

/** Codes of the telemetry area. Each entry is documented in docs/errors.md (generated, checked by a test). */
export const TELEMETRY_CODES = defineCodes({
  // Store (src/telemetry/adapters/store-*)
  STORE_UNAVAILABLE: { status: 503, retryable: true, description: "The store cannot take the write or answer the query now (database busy, down, disk full or I/O error); nothing was acknowledged, retry after `Retry-After`." },
  STORE_CLOSED: { status: 503, retryable: true, description: "The store is shutting down or closed; retry against a running server." },
  STORE_INVALID_READING: { status: 400, description: "A reading handed to the store is not storable (unknown kind, missing or non-finite field, empty id); `issues` lists each one." },
  STORE_BAD_QUERY: { status: 400, description: "A readings query is invalid (range not from < to, unknown field for the kind, bucket or limit out of range); the message says which bound to fix." },
  STORE_INVALID_DEVICE: { status: 400, description: "A device or token handed to the registry is inconsistent (token of another device, unknown kind or status); the message names the field." },
  STORE_DEVICE_EXISTS: { status: 409, description: "A device with this id is already registered; choose another id or rotate the existing device's token." },
  STORE_DEVICE_NOT_FOUND: { status: 404, description: "No device with this id is registered; run `mimic devices list` to see the registered ids." },
  STORE_TOKEN_EXISTS: { status: 409, description: "A token with this hash is already registered; issue a fresh token (a new `jti`)." },
  STORE_SCHEMA_NEWER: { status: 400, description: "The data was written by a newer mimic (higher schema version); upgrade mimic or point it at another data directory." },
  // Bus (src/telemetry/adapters/bus-*)
  BUS_OVERLOADED: { status: 503, retryable: true, description: "The bus holds as many unprocessed readings as it is allowed to; nothing was accepted, retry after `Retry-After`." },
  BUS_CLOSED: { status: 503, retryable: true, description: "The bus is shutting down or closed; the message was not accepted, retry against a running server." },
  BUS_UNAVAILABLE: { status: 503, retryable: true, description: "The bus (NATS JetStream) did not acknowledge the message in time or is unreachable; nothing was acknowledged, retry later." },
  BUS_DELIVERY_FAILED: { status: 503, retryable: true, description: "The consumer kept failing to process the message (the store refused or was down) after every attempt; retry later." },
  BUS_MESSAGE_TOO_LARGE: { status: 413, description: "One message holds more readings or bytes than the bus accepts; split the batch into smaller ones." },
});
