import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestPeer } from "../device/test-support/test-peer.js";
import { Fleet, type FleetOptions } from "../sensors/fleet.js";
import { runSimulation, type SimulationOptions } from "./run-simulation.js";

const START = Date.UTC(2019, 4, 8);
const fleet: FleetOptions = { seed: 5, devices: 6, mix: { DHT22: 2, PIR: 1, LIGHT: 1 }, start: START };
const tokens = new Map(new Fleet(fleet).manifest.map((m) => [m.id, `token-${m.id}`]));

function options(url: string, o: Partial<SimulationOptions> = {}): SimulationOptions {
  return { fleet, url, tokens, format: "json", mode: { kind: "live", speed: 3600, durationMs: 1000 }, batchSize: 50, maxBuffered: 10_000, concurrency: 8, timeoutMs: 2000, drainMs: 5000, unreachableAfterMs: 1000, ...o };
}

/** A wall clock that advances only when slept on: runs are instant and exactly repeatable. */
function fakeWall(signal = new AbortController().signal): { now: () => number; sleep: (ms: number) => Promise<void>; signal: AbortSignal } {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms) => void (t += ms, await new Promise((r) => setImmediate(r))), signal };
}

describe("runSimulation", () => {
  let peer: TestPeer;
  beforeEach(async () => {
    peer = new TestPeer();
    await peer.start();
  });
  afterEach(() => peer.stop());

  it("sends exactly what the fleet produces, each device with its own token, all acknowledged", async () => {
    const result = await runSimulation(options(peer.url), fakeWall());
    const expected: string[] = [];
    new Fleet(fleet).runUntil(START + 3600 * 1000, (r) => expected.push(r.id));
    const got = peer.jsonReadings();
    expect(got.map((r) => r["id"]).sort()).toEqual([...expected].sort());
    expect(result.totals).toMatchObject({ generated: expected.length, sent: expected.length, acknowledged: expected.length, buffered: 0, held: 0 });
    for (const req of peer.received) {
      const body = JSON.parse(req.body.toString()) as { device: string } | { device: string }[];
      const device = Array.isArray(body) ? body[0]!.device : body.device;
      expect(req.headers.authorization).toBe(`Bearer token-${device}`);
    }
  });

  it("gives the same readings at any speed", async () => {
    const slow = await runSimulation(options(peer.url, { mode: { kind: "live", speed: 60, durationMs: 60_000 } }), fakeWall());
    const slowIds = peer.jsonReadings().map((r) => r["id"]);
    peer.received.length = 0;
    const fast = await runSimulation(options(peer.url, { mode: { kind: "live", speed: 3600, durationMs: 1000 } }), fakeWall());
    expect(peer.jsonReadings().map((r) => r["id"]).sort()).toEqual([...slowIds].sort());
    expect(fast.totals.generated).toBe(slow.totals.generated);
  });

  it("backfills history in batches, every reading acknowledged", async () => {
    const result = await runSimulation(options(peer.url, { format: "batch", mode: { kind: "backfill", untilMs: START + 86_400_000 } }), fakeWall());
    expect(result.totals.acknowledged).toBe(result.totals.generated);
    expect(result.totals.generated).toBeGreaterThan(10_000);
    expect(peer.received.length).toBeLessThan(result.totals.generated / 20); // batched
    expect(peer.received.every((r) => r.path === "/v1/telemetry/batch")).toBe(true);
  });

  it("backfills with a buffer smaller than a slice without dropping: generation waits for acknowledgements", async () => {
    const result = await runSimulation(options(peer.url, { format: "batch", maxBuffered: 100, mode: { kind: "backfill", untilMs: START + 86_400_000 } }), fakeWall());
    expect(result.totals.generated).toBeGreaterThan(10_000);
    expect(result.totals).toMatchObject({ dropped: 0, buffered: 0, held: 0, sent: result.totals.generated, acknowledged: result.totals.generated });
    expect(result.interruptedAt).toBeUndefined();
  });

  it("a backfill stopped by the signal ends at once and says where it stopped", async () => {
    const controller = new AbortController();
    const wall = fakeWall(controller.signal);
    let sleeps = 0;
    const sleep = async (ms: number): Promise<void> => {
      if (++sleeps === 20) controller.abort();
      await wall.sleep(ms);
    };
    const until = START + 30 * 86_400_000;
    const result = await runSimulation(options(peer.url, { format: "batch", maxBuffered: 100, drainMs: 600_000, mode: { kind: "backfill", untilMs: until } }), { ...wall, sleep });
    expect(result.interruptedAt).toBeGreaterThan(START);
    expect(result.interruptedAt).toBeLessThan(until);
    expect(result.failure).toBeUndefined();
    expect(result.totals.dropped).toBe(0);
    expect(result.totals.acknowledged).toBeLessThan(result.totals.generated);
    expect(result.totals.acknowledged + result.totals.buffered + result.totals.held).toBe(result.totals.generated);
    expect(sleeps).toBeLessThan(25); // no drain after the interruption
  });

  it("stops with SIM_AUTH_REJECTED when every token is refused", async () => {
    peer.fallback = { status: 401, body: '{"success":false,"error":{"code":"AUTH_INVALID","message":"bad"}}' };
    const result = await runSimulation(options(peer.url), fakeWall());
    expect(result.failure?.code).toBe("SIM_AUTH_REJECTED");
    expect(result.totals.rejected["401 AUTH_INVALID"]).toBeGreaterThan(0);
  });

  it("stops with SIM_SERVER_UNREACHABLE when nothing answers", async () => {
    const url = peer.url;
    await peer.stop();
    const result = await runSimulation(options(url, { mode: { kind: "live", speed: 1, durationMs: 60_000 } }), fakeWall());
    expect(result.failure?.code).toBe("SIM_SERVER_UNREACHABLE");
    expect(result.failure?.message).toContain("ECONNREFUSED");
  });
});
