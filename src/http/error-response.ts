import { isMimicError, MimicError } from "../errors/index.js";

/** What the client gets for a failed request: status, JSON body, optional Retry-After seconds. */
export interface ErrorResponse {
  status: number;
  retryAfterSeconds: number | undefined;
  body: { success: false; error: { code: string; message: string; issues: readonly { code: string; path: string; message: string }[] } };
  /** True when the fault is ours (logged with its cause), not the client's. */
  internal: boolean;
}

const FASTIFY_CODES: Record<string, () => MimicError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new MimicError("INGEST_TOO_LARGE", "The body is larger than this path accepts; send fewer readings per request."),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", "Unsupported Content-Type; send application/json, or application/x-protobuf on the protobuf paths."),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new MimicError("INGEST_MALFORMED", "The Content-Length does not match the body."),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new MimicError("INGEST_MALFORMED", "The request body is empty; send a reading."),
  FST_ERR_CTP_INVALID_TYPE: () => new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", "The Content-Type header is malformed."),
};

/**
 * Maps any error to the documented JSON shape. Never a 500: an unexpected fault becomes a
 * retryable 503 (nothing was acknowledged, so retrying is safe), logged by the caller.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  let mimic: MimicError | undefined;
  let internal = false;
  if (isMimicError(error)) mimic = error;
  else if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const status = (error as { statusCode?: unknown }).statusCode;
    const known = typeof code === "string" ? FASTIFY_CODES[code] : undefined;
    if (known) mimic = known();
    else if (typeof status === "number" && status >= 400 && status < 500) {
      mimic = status === 413 ? FASTIFY_CODES["FST_ERR_CTP_BODY_TOO_LARGE"]!() : status === 415 ? FASTIFY_CODES["FST_ERR_CTP_INVALID_MEDIA_TYPE"]!() : new MimicError("INGEST_MALFORMED", "The request is malformed.");
    }
  }
  if (mimic === undefined || mimic.status >= 500) {
    internal = mimic === undefined || (mimic.code !== "INGEST_UNAVAILABLE" && mimic.code !== "QUERY_UNAVAILABLE" && !mimic.retryable);
    const retryAfterMs = mimic?.retryAfterMs ?? 1000;
    if (mimic === undefined || mimic.status !== 503) {
      mimic = new MimicError("INGEST_UNAVAILABLE", "The server could not complete the request; nothing was stored, retry after Retry-After.", { cause: error, retryAfterMs });
    }
  }
  const retryAfterSeconds = mimic.status === 429 || mimic.status === 503 ? Math.max(1, Math.ceil((mimic.retryAfterMs ?? 1000) / 1000)) : undefined;
  return { status: mimic.status, retryAfterSeconds, body: { success: false, error: mimic.toJSON() }, internal };
}
