import { afterEach, describe, expect, it, vi } from "vitest";
import { MimicError } from "../../errors/index.js";
import { dht } from "../adapters/test-support/readings-fixture.js";
import type { BusMessage, MessageBus } from "../ports.js";
import { IngestService } from "./ingest-service.js";

/** A bus whose publishes settle only when the test says so. */
function manualBus() {
  const waiting: { message: BusMessage; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const bus: MessageBus = {
    publish: (message) => new Promise<void>((resolve, reject) => waiting.push({ message, resolve, reject })),
    consume: () => Promise.reject(new Error("not used")),
    depth: () => waiting.length,
    healthy: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
  return { bus, waiting };
}

describe("IngestService", () => {
  afterEach(() => vi.useRealTimers());

  it("resolves with the message id once the bus confirms", async () => {
    const { bus, waiting } = manualBus();
    const ingest = new IngestService(bus);
    const one = ingest.publish([dht("rp1", 1, 20, 50)]);
    const two = ingest.publish([dht("rp1", 2, 20, 50), dht("rp1", 3, 20, 50)]);
    expect(waiting.map((w) => w.message.readings.length)).toEqual([1, 2]);
    waiting[1]!.resolve();
    waiting[0]!.resolve();
    expect(await one).toBe("rp1@1"); // a single reading's message id is its reading id
    expect(await two).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers 503 for each publish the bus did not confirm in time, and not for the others", async () => {
    vi.useFakeTimers();
    const { bus, waiting } = manualBus();
    const ingest = new IngestService(bus, { publishTimeoutMs: 1000 });
    const early = ingest.publish([dht("rp1", 1, 20, 50)]).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(600);
    const late = ingest.publish([dht("rp1", 2, 20, 50)]).catch((e: unknown) => e);
    const confirmed = ingest.publish([dht("rp1", 3, 20, 50)]);
    waiting[2]!.resolve();
    await vi.advanceTimersByTimeAsync(500); // 1,100 ms after the first, 500 after the others
    expect(await early).toMatchObject({ code: "INGEST_UNAVAILABLE", status: 503, retryAfterMs: 2000 });
    expect(await confirmed).toBe("rp1@3");
    await vi.advanceTimersByTimeAsync(600);
    expect(await late).toMatchObject({ code: "INGEST_UNAVAILABLE", status: 503 });
    waiting[0]!.resolve(); // a confirmation after the timeout changes nothing
  });

  it("hands the readings to onDurable once the bus confirms them, before the caller hears, and never for a failed publish", async () => {
    const { bus, waiting } = manualBus();
    const durable: string[] = [];
    const ingest = new IngestService(bus, { onDurable: (readings) => durable.push(...readings.map((r) => r.id)) });
    const confirmed = ingest.publish([dht("rp1", 1, 20, 50)]).then((id) => [id, [...durable]]);
    const failed = ingest.publish([dht("rp1", 2, 20, 50)]).catch((e: unknown) => e);
    expect(durable).toEqual([]);
    waiting[1]!.reject(new Error("bus down"));
    expect(await failed).toMatchObject({ code: "INGEST_UNAVAILABLE" });
    expect(durable).toEqual([]);
    waiting[0]!.resolve();
    expect(await confirmed).toEqual(["rp1@1", ["rp1@1"]]);
  });

  it("acknowledges a durable publish even when onDurable throws", async () => {
    const { bus, waiting } = manualBus();
    const ingest = new IngestService(bus, {
      onDurable: () => {
        throw new Error("feed broken");
      },
    });
    const confirmed = ingest.publish([dht("rp1", 1, 20, 50)]);
    waiting[0]!.resolve();
    expect(await confirmed).toBe("rp1@1");
  });

  it("passes client errors through and turns bus failures into a retryable 503", async () => {
    const { bus, waiting } = manualBus();
    const ingest = new IngestService(bus);
    const refused = ingest.publish([dht("rp1", 1, 20, 50)]).catch((e: unknown) => e);
    const failed = ingest.publish([dht("rp1", 2, 20, 50)]).catch((e: unknown) => e);
    waiting[0]!.reject(new MimicError("BUS_MESSAGE_TOO_LARGE", "too large"));
    waiting[1]!.reject(new Error("disk on fire"));
    expect(await refused).toMatchObject({ code: "BUS_MESSAGE_TOO_LARGE", status: 413 });
    expect(await failed).toMatchObject({ code: "INGEST_UNAVAILABLE", status: 503, retryable: true });
  });
});
