import { isMimicError } from "../../errors/index.js";
import type { AppendResult, BusMessage, BusSubscription, MessageBus, TelemetryStore } from "../ports.js";
import type { StoreWriteHealth } from "./store-write-health.js";
import type { Reading } from "../../sensors/reading.js";

/** Counts of what the consumer did, for /metrics. */
export interface ConsumerObserver {
  stored(result: AppendResult): void;
}

/** Told of the readings of each delivery once they are committed (live detection). */
export type CommittedReadings = (readings: readonly Reading[], result: AppendResult) => void;

/**
 * Moves readings from the bus into the store: all readings of a delivery in one idempotent,
 * durable append; the bus acks only when this resolves, so a crash redelivers and the reading
 * ids drop what was already stored. `health` sees every write: failing episodes are logged and
 * shown on /readyz and /metrics. `committed` sees what was committed; a delivery that was all
 * duplicates (a redelivery after a lost ack) is not shown again.
 *
 * @example
 * const sub = await startStoreConsumer(bus, store);
 */
export async function startStoreConsumer(
  bus: MessageBus,
  store: TelemetryStore,
  observer?: ConsumerObserver,
  health?: StoreWriteHealth,
  committed?: CommittedReadings,
): Promise<BusSubscription> {
  return bus.consume(async (messages: readonly BusMessage[]) => {
    const readings = messages.length === 1 ? messages[0]!.readings : messages.flatMap((m) => m.readings);
    let result: AppendResult;
    try {
      result = await store.appendReadings(readings);
    } catch (error) {
      // A refused reading (not retryable) is that message's fault, not the store's.
      if (!isMimicError(error) || error.retryable) health?.failed(error);
      throw error;
    }
    health?.succeeded();
    observer?.stored(result);
    if (committed !== undefined && result.inserted > 0) committed(readings, result);
  });
}
