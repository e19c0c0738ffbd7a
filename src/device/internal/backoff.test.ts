import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from "./backoff.js";

describe("backoff", () => {
  it("doubles from the initial delay up to the cap, with half of it jittered", () => {
    const o = { initialMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
    expect(backoffDelay(0, o, 0)).toBe(50);
    expect(backoffDelay(0, o, 0.999999)).toBeCloseTo(100, 3);
    expect(backoffDelay(3, o, 0.5)).toBe(600); // base 800: 400 + 200
    expect(backoffDelay(10, o, 0)).toBe(500); // capped at 1000
    expect(backoffDelay(1000, o, 1)).toBe(1000);
  });

  it("never retries sooner than Retry-After, and caps an absurd one", () => {
    const o = { initialMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
    expect(backoffDelay(0, o, 0, 2000)).toBe(2000);
    expect(backoffDelay(3, o, 0.5, 10)).toBe(600);
    expect(backoffDelay(0, o, 0, 86_400_000)).toBe(5000);
    expect(DEFAULT_BACKOFF.initialMs).toBeGreaterThan(0);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("0.5", 0)).toBe(500);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(5000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
