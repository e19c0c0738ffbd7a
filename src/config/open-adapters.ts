import { MimicError } from "../errors/index.js";
import type { DeviceRegistry, MessageBus, TelemetryStore } from "../telemetry/ports.js";
import type { ServeConfig, StoreLocation } from "./serve-config.js";
import { loadSecret } from "./telemetry-runtime.js";

/**
 * Opens (and initialises) the store a configuration names: SQLite in the data dir by default,
 * PostgreSQL for `postgres://…`. Adapters load only when chosen, so the embedded default never
 * pays for `pg` and vice versa.
 */
export async function openStoreFor(location: StoreLocation): Promise<TelemetryStore> {
  let store: TelemetryStore;
  if (location.store.kind === "sqlite") {
    const { openSqliteStore } = await import("../telemetry/adapters/store-sqlite/index.js");
    store = await openSqliteStore({ path: location.store.path });
  } else {
    throw new MimicError("CONFIG_INVALID", "--store postgres://… needs the PostgreSQL adapter, which this build does not include yet; leave --store out for the embedded SQLite store.");
  }
  try {
    await store.init();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Opens the bus: in-process by default, NATS JetStream for `nats://…`. */
export async function openBusFor(config: ServeConfig): Promise<MessageBus> {
  if (config.bus.kind === "embedded") {
    const { createEmbeddedBus } = await import("../telemetry/adapters/bus-embedded/index.js");
    return createEmbeddedBus({ maxPendingReadings: config.maxQueueDepth });
  }
  throw new MimicError("CONFIG_INVALID", "--bus nats://… needs the NATS adapter, which this build does not include yet; leave --bus out for the embedded bus.");
}

/** What `mimic devices` needs: the registry of the store, the signing secret, and a way out. */
export interface RegistryContext {
  registry: DeviceRegistry;
  /** Loaded on first call (creating the data dir's secret file if needed). */
  secret(): Uint8Array;
  close(): Promise<void>;
}

/** Opens the device registry of a data dir / store for the `devices` commands. */
export async function openRegistryContext(location: StoreLocation): Promise<RegistryContext> {
  const store = await openStoreFor(location);
  let secret: Uint8Array | undefined;
  return {
    registry: store,
    secret: () => (secret ??= loadSecret(location)),
    close: () => store.close(),
  };
}
