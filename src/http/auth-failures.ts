import { isMimicError, MimicError } from "../errors/index.js";
import type { RateLimiter } from "../telemetry/ingest/index.js";

/**
 * Turns a failed authentication (any 401) into 429 AUTH_RATE_LIMITED once the client address has
 * spent its budget of failures (a token bucket per address, `SERVER_DEFAULTS.authFailureLimit`):
 * a flood of forged tokens gets a handful of 401s, then only 429s with Retry-After. Only failures
 * take from the bucket, so a valid token from the same address (a NAT shared with the flood) is
 * still accepted: it is verified as always and never reaches this function.
 */
export function limitAuthFailure(failures: RateLimiter, address: string, now: number, error: unknown): unknown {
  if (!isMimicError(error) || error.status !== 401) return error;
  const waitMs = failures.take(address, now);
  if (waitMs === 0) return error;
  return new MimicError(
    "AUTH_RATE_LIMITED",
    `Too many failed authentications from ${address}; wait for Retry-After seconds, then send a valid token (a valid token is never limited by this).`,
    { retryAfterMs: waitMs },
  );
}
