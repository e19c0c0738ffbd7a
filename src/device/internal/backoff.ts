// Retry timing: exponential backoff with "equal jitter" (half fixed, half random, so a fleet that
// failed together does not come back together), never sooner than the server's Retry-After.

export interface BackoffOptions {
  /** First delay, ms (default 500). */
  initialMs: number;
  /** Largest delay, ms (default 30,000). */
  maxMs: number;
  /** Largest Retry-After honoured, ms (default 300,000): a bigger one is capped, not obeyed blindly. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, maxRetryAfterMs: 300_000 };

/** Delay before retry number `attempt` (0 = first retry); `random` in [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: number, retryAfterMs?: number): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const jittered = base / 2 + (random * base) / 2;
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, options.maxRetryAfterMs));
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into ms from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
