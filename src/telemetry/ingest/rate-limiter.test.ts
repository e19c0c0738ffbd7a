import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";

describe("RateLimiter", () => {
  it("allows a burst, then one request per 1/rate seconds, per device", () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 3 });
    expect([0, 1, 2].map(() => limiter.take("a", 1000))).toEqual([0, 0, 0]);
    expect(limiter.take("a", 1000)).toBe(100);
    expect(limiter.take("b", 1000)).toBe(0);
    expect(limiter.take("a", 1050)).toBe(50);
    expect(limiter.take("a", 1100)).toBe(0);
  });

  it("is off at rate 0", () => {
    const limiter = new RateLimiter({ ratePerSecond: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => limiter.take("a", 0)).every((w) => w === 0)).toBe(true);
  });

  it("tracks at most maxDevices keys: idle ones go first, then the longest-known tenth, never all at once", () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2 }, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.size).toBeGreaterThanOrEqual(90);
    // The most recent keys kept their (spent) budget: a sweep is no reset.
    limiter.take("10.0.3.231", 0);
    expect(limiter.take("10.0.3.231", 0)).toBeGreaterThan(0);
    // Once everyone is idle for a full refill, a sweep forgets them.
    for (let i = 0; i < 100; i++) limiter.take(`b${i}`, 10_000);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.take("10.0.0.0", 10_000)).toBe(0);
  });
});
