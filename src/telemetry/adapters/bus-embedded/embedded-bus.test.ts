import { describe, expect, it } from "vitest";
import { MimicError } from "../../../errors/index.js";
import type { BusMessage } from "../../ports.js";
import { message, runBusContract } from "../test-support/bus.contract.js";
import { createEmbeddedBus } from "./embedded-bus.js";

runBusContract("embedded", { publishWaitsForConsumer: true }, () =>
  Promise.resolve({
    open: () => Promise.resolve(createEmbeddedBus({ retryDelayMs: 5 })),
    openBounded: () => Promise.resolve(createEmbeddedBus({ maxPendingReadings: 10, retryDelayMs: 5 })),
    dispose: () => Promise.resolve(),
  }),
);

describe("embedded bus specifics", () => {
  it("resolves publish only after the handler finished, and reports depth meanwhile", async () => {
    const bus = createEmbeddedBus({ maxConcurrentDeliveries: 1 });
    let release!: () => void;
    const seen: string[] = [];
    await bus.consume(async (ms) => {
      await new Promise<void>((r) => (release = r));
      seen.push(...ms.map((m) => m.id));
    });
    let done = false;
    const p = bus.publish(message("x", 3)).then(() => (done = true));
    await new Promise((r) => setImmediate(r)); // x is in the handler now
    const q = bus.publish(message("y", 2));
    // Several turns of the event loop: had publish resolved early, its callbacks would have run.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(bus.depth()).toBe(2);
    expect(bus.pendingReadings()).toBe(5);
    release();
    await p;
    expect(seen).toEqual(["msg-x"]);
    // y waited while x was in the handler: it goes in the next call.
    await new Promise((r) => setImmediate(r));
    release();
    await q;
    expect(seen).toEqual(["msg-x", "msg-y"]);
    expect(bus.depth()).toBe(0);
    await bus.close();
  });

  it("hands each turn's messages over in one call, while earlier calls still run, up to maxConcurrentDeliveries", async () => {
    const bus = createEmbeddedBus({ maxConcurrentDeliveries: 2 });
    const releases: (() => void)[] = [];
    const calls: string[][] = [];
    await bus.consume(async (ms) => {
      calls.push(ms.map((m) => m.id));
      await new Promise<void>((r) => releases.push(r));
    });
    const turn = () => new Promise((r) => setImmediate(r));
    const settled: string[] = [];
    const publish = (t: string) => bus.publish(message(t)).then(() => settled.push(t));
    const first = [publish("a"), publish("b")];
    await turn();
    expect(calls).toEqual([["msg-a", "msg-b"]]);
    const second = publish("c");
    await turn();
    expect(calls).toEqual([["msg-a", "msg-b"], ["msg-c"]]); // while the first call still runs
    const third = [publish("d"), publish("e")];
    await turn();
    expect(calls).toHaveLength(2); // both slots busy: d and e wait
    expect(bus.depth()).toBe(5);
    releases[1]!();
    await second;
    expect(settled).toEqual(["c"]);
    expect(calls[2]).toEqual(["msg-d", "msg-e"]);
    releases[0]!();
    releases[2]!();
    await Promise.all([...first, ...third]);
    expect(settled.sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(bus.depth()).toBe(0);
    await bus.close();
  });

  it("hands a non-retryable refusal to its own publisher only, after isolating it", async () => {
    const bus = createEmbeddedBus({ retryDelayMs: 1 });
    const processed: string[] = [];
    await bus.consume((ms: readonly BusMessage[]) => {
      if (ms.some((m) => m.id === "msg-bad")) return Promise.reject(new MimicError("STORE_INVALID_READING", "bad reading"));
      processed.push(...ms.map((m) => m.id));
      return Promise.resolve();
    });
    const results = await Promise.allSettled(["a", "bad", "b"].map((t) => bus.publish(message(t))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: "STORE_INVALID_READING" });
    expect(processed.sort()).toEqual(["msg-a", "msg-b"]);
    await bus.close();
  });

  it("gives up after maxAttempts with a retryable BUS_DELIVERY_FAILED", async () => {
    const bus = createEmbeddedBus({ maxAttempts: 3, retryDelayMs: 1 });
    let calls = 0;
    await bus.consume(() => {
      calls++;
      return Promise.reject(new Error("store down"));
    });
    await expect(bus.publish(message("z"))).rejects.toMatchObject({ code: "BUS_DELIVERY_FAILED", retryable: true, status: 503 });
    expect(calls).toBe(3);
    expect(bus.depth()).toBe(0);
    await bus.close();
  });

  it("refuses a message larger than the bound, and on close without a consumer rejects what waits", async () => {
    const bus = createEmbeddedBus({ maxPendingReadings: 4 });
    await expect(bus.publish(message("big", 5))).rejects.toMatchObject({ code: "BUS_MESSAGE_TOO_LARGE", status: 413 });
    const waiting = bus.publish(message("w", 2));
    await bus.close();
    await expect(waiting).rejects.toMatchObject({ code: "BUS_CLOSED" });
    expect(await bus.healthy()).toBe(false);
  });
});
