// The Operations page's arithmetic (dashboard/src/ops-math.ts), run in Node: it touches no DOM.
import { describe, expect, it } from "vitest";
import type { OpsSnapshot } from "../../dashboard/src/api.js";
import { Ring, addPoint, firstPoint, latencyNote, pointBetween, quantileBetween, type OpsPoint } from "../../dashboard/src/ops-math.js";

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

  it("draws a first snapshot at once: its gauges and the latency since start, no rate yet", () => {
    // 10 requests since start: 5 under 1 ms, 5 in (1 ms, 10 ms].
    const p = firstPoint(snapshot(100, 1000, [5, 10, 10, 10, 10], { AUTH_MISSING: 3 }));
    expect(p).toMatchObject({ t: 100, ingestPerSecond: null, rejectedPerSecond: {}, queueDepth: 3, storeSizeMiB: 2, busUp: 1, sinceStart: true });
    expect(p.p50Ms).toBeCloseTo(1, 9);
    expect(p.p99Ms).toBeCloseTo(1 + 9 * 0.98, 9);
    expect(latencyNote([p])).toBe("first point: all since start");
    expect(latencyNote([firstPoint(snapshot(100, 0, [0, 0, 0, 0, 0]))])).toBe("no request since the server started");
  });

  it("takes latency over a window of polls, and drops the since-start point once the window has requests", () => {
    const s0 = snapshot(100, 1000, [5, 10, 10, 10, 10]);
    const s1 = snapshot(102, 1000, [5, 10, 10, 10, 10]);
    const s2 = snapshot(104, 1010, [5, 10, 10, 10, 20]);
    const ring = new Ring<OpsPoint>(10);
    addPoint(ring, firstPoint(s0));
    // No request between the first two polls: a gap, and the since-start point stays.
    const quiet = pointBetween(s0, s1)!;
    expect([quiet.p50Ms, quiet.latencySeconds]).toEqual([null, 2]);
    addPoint(ring, quiet);
    expect(ring.items[0]!.p50Ms).not.toBeNull();
    expect(latencyNote(ring.items)).toBe("no request in the last 2 s; first point: all since start");
    // The window reaches back to s0: the 10 requests of (s1, s2] fall in it; the since-start point goes.
    const busy = pointBetween(s1, s2, s0)!;
    expect([busy.p50Ms, busy.latencySeconds]).toEqual([1000, 4]);
    addPoint(ring, busy);
    expect(ring.items.map((p) => p.p50Ms)).toEqual([null, null, 1000]);
    expect(latencyNote(ring.items)).toBeUndefined();
    // A window start from before a restart (more accepted than now) is not used: the pair's own start is.
    expect(pointBetween(s1, s2, snapshot(90, 5000, [0, 0, 0, 0, 50]))!.latencySeconds).toBe(2);
  });

  it("keeps at most its capacity, dropping the oldest", () => {
    const ring = new Ring<number>(3);
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.items).toEqual([2, 3, 4]);
  });
});
