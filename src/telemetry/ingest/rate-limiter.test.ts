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
});
