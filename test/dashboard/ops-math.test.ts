// The Operations page's arithmetic (dashboard/src/ops-math.ts), run in Node: it touches no DOM.
import { describe, expect, it } from "vitest";
import type { OpsSnapshot } from "../../dashboard/src/api.js";
import { Ring, pointBetween, quantileBetween } from "../../dashboard/src/ops-math.js";

const LE = [0.001, 0.01, 0.1, 1];

function snapshot(now: number, accepted: number, cumulative: number[], rejected: Record<string, number> = {}): OpsSnapshot {
  return {
    now,
    readingsAccepted: accepted,
    readingsStored: accepted,
    duplicatesDropped: 0,
    rejected,
    latency: { le: LE, cumulative, count: cumulative.at(-1)!, sumSeconds: 0 },
    queueDepth: 3,
    storeSizeBytes: 2 ** 21,
    busUp: true,
    storeWritesFailing: false,
  };
}

describe("ops math", () => {
  it("takes percentiles of the requests between two histograms, interpolating inside a bucket", () => {
    // Between the two: 100 requests, 50 under 1 ms, 40 in (1 ms, 10 ms], 10 in (10 ms, 100 ms].
    const before = [10, 20, 20, 20, 20];
    const after = [60, 110, 120, 120, 120];
    expect(quantileBetween(LE, before, after, 0.5)).toBeCloseTo(0.001, 12);
    // Rank 70: the 20th of 40 in (0.001, 0.01] → 0.001 + 0.009 × 20/40.
    expect(quantileBetween(LE, before, after, 0.7)).toBeCloseTo(0.0055, 12);
    // Rank 95: the 5th of 10 in (0.01, 0.1].
    expect(quantileBetween(LE, before, after, 0.95)).toBeCloseTo(0.055, 12);
    expect(quantileBetween(LE, after, after, 0.5)).toBeNull();
    // Past the last finite bound (in +Inf): the last bound.
    expect(quantileBetween(LE, [0, 0, 0, 0, 0], [0, 0, 0, 0, 10], 0.5)).toBe(1);
  });

  it("turns two snapshots into rates, and skips a pair across a restart", () => {
    const a = snapshot(100, 1000, [0, 0, 0, 0, 0], { INGEST_RATE_LIMITED: 2 });
    const b = snapshot(102, 1500, [10, 10, 10, 10, 10], { INGEST_RATE_LIMITED: 6, AUTH_MISSING: 1 });
    const p = pointBetween(a, b)!;
    expect(p.ingestPerSecond).toBe(250);
    expect(p.rejectedPerSecond).toEqual({ INGEST_RATE_LIMITED: 2, AUTH_MISSING: 0.5 });
    expect(p.p50Ms).toBeCloseTo(0.5, 9);
    expect([p.queueDepth, p.storeSizeMiB, p.busUp]).toEqual([3, 2, 1]);
    expect(pointBetween(b, snapshot(104, 10, [0, 0, 0, 0, 0]))).toBeUndefined();
  });

  it("keeps at most its capacity, dropping the oldest", () => {
    const ring = new Ring<number>(3);
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.items).toEqual([2, 3, 4]);
  });
});
