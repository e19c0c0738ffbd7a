// The MessageBus contract: every bus adapter's test file calls runBusContract. Consumers write to
// a real (in-memory) SQLite store, so "no duplicates reach the store" is checked where it matters.
import { afterEach, describe, expect, it } from "vitest";
import { isMimicError } from "../../../errors/index.js";
import type { BusMessage, MessageBus, TelemetryStore } from "../../ports.js";
import { openSqliteStore } from "../store-sqlite/index.js";
import { dht } from "./readings-fixture.js";

export interface BusFixture {
  /** Opens a bus on this fixture's stream/queue; may be called again after close (same stream). */
  open(): Promise<MessageBus>;
  /** Opens a bus that holds at most 10 unprocessed one-reading messages. */
  openBounded(): Promise<MessageBus>;
  dispose(): Promise<void>;
}

export interface BusTraits {
  /** Embedded: publish resolves after the consumer committed. NATS: after JetStream stored it. */
  publishWaitsForConsumer: boolean;
}

/** A message of `n` DHT readings, ids unique per (tag, i). */
export function message(tag: string, n = 1, id = `msg-${tag}`): BusMessage {
  return { id, readings: Array.from({ length: n }, (_, i) => dht(`dev-${tag}`, 1_557_585_000 + i, 20 + i, 50)) };
}

/** Polls until `check` holds (store writes by a consumer are asynchronous for durable buses). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function storeConsumer(store: TelemetryStore, before?: (messages: readonly BusMessage[]) => Promise<void>) {
  return async (messages: readonly BusMessage[]) => {
    await before?.(messages);
    await store.appendReadings(messages.flatMap((m) => m.readings));
  };
}

export function runBusContract(name: string, traits: BusTraits, makeFixture: () => Promise<BusFixture>): void {
  describe(`${name}: MessageBus contract`, () => {
    let fixture: BusFixture | undefined;
    let store: TelemetryStore | undefined;
    const buses: MessageBus[] = [];
    async function setup(bounded = false): Promise<{ bus: MessageBus; store: TelemetryStore }> {
      fixture = await makeFixture();
      store = await openSqliteStore({ path: ":memory:" });
      const bus = await (bounded ? fixture.openBounded() : fixture.open());
      buses.push(bus);
      return { bus, store };
    }
    afterEach(async () => {
      for (const b of buses.splice(0)) await b.close();
      await store?.close();
      await fixture?.dispose();
      fixture = undefined;
      store = undefined;
    });

    it("delivers every published message to the consumer, in batches", async () => {
      const { bus, store } = await setup();
      const sizes: number[] = [];
      await bus.consume(storeConsumer(store, (ms) => Promise.resolve(void sizes.push(ms.length))));
      await Promise.all(Array.from({ length: 30 }, (_, i) => bus.publish(message(`a${i}`, 5))));
      if (traits.publishWaitsForConsumer) expect(await store.countReadings()).toBe(150);
      await eventually(async () => (await store.countReadings()) === 150);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
      // Group commit: 30 concurrent publishes never need 30 handler calls.
      expect(sizes.length).toBeLessThan(30);
    });

    it("redelivers when the handler throws, and the store keeps exactly one copy", async () => {
      const { bus, store } = await setup();
      let calls = 0;
      await bus.consume(async (messages) => {
        calls++;
        const readings = messages.flatMap((m) => m.readings);
        if (calls <= 2) {
          // A consumer that dies half-way: part of the batch is committed, then it fails.
          await store.appendReadings(readings.slice(0, Math.ceil(readings.length / 2)));
          throw new Error("consumer crashed mid-batch");
        }
        await store.appendReadings(readings);
      });
      const published = Promise.all(Array.from({ length: 4 }, (_, i) => bus.publish(message(`r${i}`, 10))));
      await published;
      await eventually(async () => (await store.countReadings()) === 40);
      expect(calls).toBeGreaterThan(2);
      // Nothing is left outstanding on the bus, so nothing can be redelivered and stored twice later.
      await eventually(() => Promise.resolve(bus.depth() === 0));
      expect(await store.countReadings()).toBe(40);
    });

    it("stores a message published twice (a client retry) once", async () => {
      const { bus, store } = await setup();
      await bus.consume(storeConsumer(store));
      await bus.publish(message("dup", 3));
      await bus.publish(message("dup", 3));
      await bus.publish(message("other", 2));
      await eventually(async () => (await store.countReadings()) === 5);
      await eventually(() => Promise.resolve(bus.depth() === 0));
      expect(await store.countReadings()).toBe(5);
    });

    it("refuses with a retryable BUS_OVERLOADED when full, then recovers", async () => {
      const { bus, store } = await setup(true);
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      await bus.consume(storeConsumer(store, () => gate));
      const accepted = Array.from({ length: 10 }, (_, i) => bus.publish(message(`o${i}`, 1)));
      if (!traits.publishWaitsForConsumer) await Promise.all(accepted);
      const err = await bus.publish(message("o-extra", 1)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMimicError(err) && err.code).toBe("BUS_OVERLOADED");
      expect(isMimicError(err) && err.retryable && err.status).toBe(503);
      expect(isMimicError(err) && err.retryAfterMs).toBeGreaterThan(0);
      open();
      await Promise.all(accepted);
      await eventually(async () => (await store.countReadings()) === 10);
      await eventually(() => Promise.resolve(bus.depth() === 0));
      await bus.publish(message("o-after", 1));
      await eventually(async () => (await store.countReadings()) === 11);
    });

    it("loses nothing accepted before close: drained, or delivered to the next bus", async () => {
      const { bus, store } = await setup();
      await bus.consume(storeConsumer(store));
      const accepted = Array.from({ length: 10 }, (_, i) => bus.publish(message(`c${i}`, 2)));
      await Promise.all(accepted);
      await bus.close();
      await expect(bus.publish(message("late", 1))).rejects.toMatchObject({ code: "BUS_CLOSED" });
      if ((await store.countReadings()) < 20) {
        const next = await fixture!.open();
        buses.push(next);
        await next.consume(storeConsumer(store));
      }
      await eventually(async () => (await store.countReadings()) === 20);
    });
  });
}
