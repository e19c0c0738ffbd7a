import type { AppendResult, BusMessage, BusSubscription, MessageBus, TelemetryStore } from "../ports.js";

/** Counts of what the consumer did, for /metrics. */
export interface ConsumerObserver {
  stored(result: AppendResult): void;
}

/**
 * Moves readings from the bus into the store: all readings of a delivery in one idempotent,
 * durable append; the bus acks only when this resolves, so a crash redelivers and the reading
 * ids drop what was already stored.
 *
 * @example
 * const sub = await startStoreConsumer(bus, store);
 */
export async function startStoreConsumer(bus: MessageBus, store: TelemetryStore, observer?: ConsumerObserver): Promise<BusSubscription> {
  return bus.consume(async (messages: readonly BusMessage[]) => {
    const readings = messages.length === 1 ? messages[0]!.readings : messages.flatMap((m) => m.readings);
    const result = await store.appendReadings(readings);
    observer?.stored(result);
  });
}
