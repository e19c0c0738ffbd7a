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
  FST_ERR_BAD_URL: () => new MimicError("INGEST_MALFORMED", "The URL is not valid (a bad percent-encoding such as %zz); encode the path and query correctly."),
  FST_ERR_MAX_PARAM_LENGTH: () => new MimicError("INGEST_HEADERS_TOO_LARGE", "The URL is too long; shorten it."),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new MimicError("INGEST_TOO_LARGE", "The body is larger than this path accepts; send fewer readings per request."),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new MimicError("INGEST_UNSUPPORTED_MEDIA_TYPE", "Unsupported Content-Type; send application/json, or application/x-protobuf on the protobuf paths."),
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
      mimic =
        status === 413
          ? FASTIFY_CODES["FST_ERR_CTP_BODY_TOO_LARGE"]!()
          : status === 415
            ? FASTIFY_CODES["FST_ERR_CTP_INVALID_MEDIA_TYPE"]!()
            : new MimicError("INGEST_MALFORMED", "The request is malformed.");
    }
  }
  if (mimic === undefined || mimic.status >= 500) {
    internal = mimic === undefined || (mimic.code !== "INGEST_UNAVAILABLE" && mimic.code !== "QUERY_UNAVAILABLE" && !mimic.retryable);
    const retryAfterMs = mimic?.retryAfterMs ?? 1000;
    if (mimic === undefined || mimic.status !== 503) {
      mimic = new MimicError("INGEST_UNAVAILABLE", "The server could not complete the request; nothing was stored, retry after Retry-After.", {
        cause: error,
        retryAfterMs,
      });
    }
  }
  const retryAfterSeconds = mimic.status === 429 || mimic.status === 503 ? Math.max(1, Math.ceil((mimic.retryAfterMs ?? 1000) / 1000)) : undefined;
  return { status: mimic.status, retryAfterSeconds, body: { success: false, error: mimic.toJSON() }, internal };
}

/**
 * The answer to an error Node's HTTP parser reports before any route runs (headers too large, a
 * request that is not HTTP, a client too slow to send it): the same JSON envelope, as raw bytes
 * for the socket, which is closed afterwards.
 */
export function clientErrorBytes(error: { code?: unknown }): string {
  let mimic: MimicError;
  if (error.code === "HPE_HEADER_OVERFLOW") {
    mimic = new MimicError(
      "INGEST_HEADERS_TOO_LARGE",
      "The request line and headers are larger than the server accepts (16 KiB); shorten the URL or the headers.",
    );
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    mimic = new MimicError("INGEST_REQUEST_TIMEOUT", "The request did not arrive in time; send it again.");
  } else {
    mimic = new MimicError(
      "INGEST_MALFORMED",
      `The request is not valid HTTP/1.1 (${typeof error.code === "string" ? error.code : "parse error"}); check the request line, the headers and Content-Length.`,
    );
  }
  const body = JSON.stringify({ success: false, error: mimic.toJSON() });
  const reason = mimic.status === 431 ? "Request Header Fields Too Large" : mimic.status === 408 ? "Request Timeout" : "Bad Request";
  return `HTTP/1.1 ${mimic.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
