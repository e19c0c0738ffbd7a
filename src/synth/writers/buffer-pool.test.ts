import { describe, expect, it } from "vitest";
import { createBufferPool } from "./buffer-pool.js";

describe("createBufferPool", () => {
  it("lends a buffer at least as large as asked, and marks it lent until given back", () => {
    const pool = createBufferPool(4);
    const a = pool.take(100_000);
    expect(a.byteLength).toBeGreaterThanOrEqual(100_000);
    expect(pool.lent(a)).toBe(true);
    pool.give(a);
    expect(pool.lent(a)).toBe(false);
  });

  it("lends again the smallest buffer given back that fits, else a new one", () => {
    const pool = createBufferPool(4);
    const small = pool.take(100_000);
    const large = pool.take(1_000_000);
    pool.give(large);
    pool.give(small);
    expect(pool.take(90_000)).toBe(small);
    expect(pool.take(200_000)).toBe(large);
    const fresh = pool.take(200_000);
    expect(fresh).not.toBe(large);
    expect(fresh).not.toBe(small);
  });

  it("keeps at most `keep` buffers (the largest) and drops small ones", () => {
    const pool = createBufferPool(2);
    const sizes = [100_000, 300_000, 200_000];
    const lent = sizes.map((n) => pool.take(n));
    for (const b of lent) pool.give(b);
    pool.give(new ArrayBuffer(1024));
    expect(pool.take(1)).toBe(lent[2]);
    expect(pool.take(1)).toBe(lent[1]);
    expect(pool.take(1)).not.toBe(lent[0]);
  });
});
