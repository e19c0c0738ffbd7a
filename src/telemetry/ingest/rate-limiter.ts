/** Per-device request budget: `ratePerSecond` sustained, bursts up to `burst`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per device, in memory (each ingest process limits what it receives; behind a
 * load balancer the fleet-wide limit is the sum). Bounded: idle devices are forgotten.
 *
 * @example
 * const limiter = new RateLimiter({ ratePerSecond: 20, burst: 40 });
 * const waitMs = limiter.take("rp1", Date.now()); // 0 = allowed, else retry after waitMs
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxDevices: number;

  constructor(limit: RateLimit, maxDevices = 100_000) {
    this.#limit = limit;
    this.#maxDevices = maxDevices;
  }

  /** Takes one request from the device's budget; returns 0, or how many ms until one is available. */
  take(deviceId: string, now: number): number {
    const { ratePerSecond, burst } = this.#limit;
    if (ratePerSecond <= 0) return 0;
    let bucket = this.#buckets.get(deviceId);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxDevices) this.#sweep(now);
      bucket = { tokens: burst, at: now };
      this.#buckets.set(deviceId, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * ratePerSecond) / 1000);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSecond);
  }

  /** Keys tracked now (never more than `maxDevices`). */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    const full = (this.#limit.burst * 1000) / this.#limit.ratePerSecond;
    for (const [id, b] of this.#buckets) if (now - b.at >= full) this.#buckets.delete(id);
    // Still full of active keys (a flood from many addresses): forget the longest-known tenth
    // rather than everything, so one sweep does not hand every key a fresh burst.
    if (this.#buckets.size >= this.#maxDevices) {
      let drop = this.#buckets.size - Math.floor(this.#maxDevices * 0.9);
      for (const id of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(id);
      }
    }
  }
}
