import type { DeviceRegistry, MessageBus, TelemetryStore } from "../telemetry/ports.js";
import type { ServeConfig, StoreLocation } from "./serve-config.js";
import { ensureWritableLocation } from "./data-dir.js";
import { loadSecret } from "./telemetry-runtime.js";

/**
 * Opens (and initialises) the store a configuration names: SQLite in the data dir by default,
 * PostgreSQL for `postgres://…`. Adapters load only when chosen, so the embedded default never
 * pays for `pg` and vice versa.
 */
export async function openStoreFor(location: StoreLocation, use: "server" | "command" = "server"): Promise<TelemetryStore> {
  let store: TelemetryStore;
  if (location.store.kind === "sqlite") {
    const { openSqliteStore } = await import("../telemetry/adapters/store-sqlite/index.js");
    // The server commits on a worker thread so fsyncs never stall the event loop; a one-shot
    // command (devices, query) skips the thread's start-up.
    store = await openSqliteStore({ path: location.store.path, thread: use === "server" ? "worker" : "inline" });
  } else {
    const { openPostgresStore } = await import("../telemetry/adapters/store-postgres/index.js");
    const { url, schema } = splitParam(location.store.url, "schema");
    store = await openPostgresStore(schema === undefined ? { url } : { url, schema });
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
  const { connectNatsBus } = await import("../telemetry/adapters/bus-nats/index.js");
  const { url: withoutStream, stream } = splitParam(config.bus.url, "stream");
  const { url, ack_wait: ackWait } = splitParam(withoutStream, "ack_wait");
  // `?stream=NAME` gives a deployment (or a test) its own stream, subject and durable consumer;
  // `?ack_wait=S` is how long JetStream waits before redelivering a message a crashed consumer took.
  return connectNatsBus({
    url,
    ...(stream === undefined ? {} : { stream, subject: `${stream.toLowerCase()}.readings`, durable: `${stream.toLowerCase()}-store` }),
    ...(ackWait === undefined ? {} : { ackWaitMs: Number(ackWait) * 1000 }),
  });
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
  ensureWritableLocation(location);
  const store = await openStoreFor(location, "command");
  let secret: Uint8Array | undefined;
  return {
    registry: store,
    secret: () => (secret ??= loadSecret(location)),
    close: () => store.close(),
  };
}

/**
 * Takes mimic's own query parameter out of a connection URL (`postgres://…?schema=x`,
 * `nats://…?stream=X`): the drivers never see it.
 */
function splitParam<K extends string>(raw: string, name: K): { url: string } & { [P in K]?: string } {
  const u = new URL(raw);
  const value = u.searchParams.get(name);
  if (value === null) return { url: raw };
  u.searchParams.delete(name);
  return { url: u.toString(), [name]: value };
}
