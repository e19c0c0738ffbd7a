import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { MimicError } from "../errors/index.js";
import type { DeviceRegistry, MessageBus, ReadTokenRegistry, TelemetryStore } from "../telemetry/ports.js";
import type { ServeConfig, StoreLocation } from "./serve-config.js";
import { ensureWritableDir, ensureWritableLocation } from "./data-dir.js";
import { loadSecret } from "./load-secret.js";

/**
 * Opens (and initialises) the store a configuration names: SQLite in the data dir by default,
 * PostgreSQL for `postgres://…`. Adapters load only when chosen, so the embedded default never
 * pays for `pg` and vice versa.
 */
export async function openStoreFor(location: StoreLocation, use: "server" | "command" | "existing" = "server"): Promise<TelemetryStore> {
  // "existing": a command that only reads (or changes devices already registered) never creates
  // a store, so a mistyped --data-dir is an error rather than an empty answer.
  if (use === "existing") assertStoreExists(location);
  let store: TelemetryStore;
  if (location.store.kind === "sqlite") {
    const { openSqliteStore } = await import("../telemetry/adapters/store-sqlite/index.js");
    // The server commits on a worker thread so fsyncs never stall the event loop; a one-shot
    // command (devices, query) skips the thread's start-up.
    store = await openSqliteStore({ path: location.store.path, thread: use === "server" ? "worker" : "inline" });
  } else {
    const { openPostgresStore } = await import("../telemetry/adapters/store-postgres/index.js");
    const { url, schema } = splitParam(location.store.url, "schema");
    store = await openPostgresStore({ url, ...(schema === undefined ? {} : { schema }), ...(use === "existing" ? { create: false } : {}) });
  }
  try {
    await store.init();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * Throws STORE_NOT_FOUND when the SQLite store of a location does not exist (nothing is created):
 * the message names the path and how a store is made. PostgreSQL is checked when it is opened.
 */
export function assertStoreExists(location: StoreLocation): void {
  if (location.store.kind !== "sqlite" || location.store.path === ":memory:" || existsSync(location.store.path)) return;
  const path = location.store.path;
  const inDataDir = path === join(location.dataDir, "mimic.db");
  const why = inDataDir
    ? existsSync(location.dataDir)
      ? `the data dir ${location.dataDir} holds no mimic.db`
      : `the data dir ${location.dataDir} does not exist`
    : `the file ${path} does not exist`;
  const how = inDataDir
    ? `check --data-dir (or MIMIC_DATA_DIR); a new store is created by \`mimic serve --data-dir ${location.dataDir}\` or \`mimic devices add <id> --type DHT22 --data-dir ${location.dataDir}\``
    : "check --store (or MIMIC_STORE); a new store is created by `mimic serve` with the same --store";
  throw new MimicError("STORE_NOT_FOUND", `No mimic store at ${path}: ${why}; ${how}. Nothing was created.`);
}

/** Opens the bus: in-process by default, NATS JetStream for `nats://…`. */
export async function openBusFor(config: ServeConfig): Promise<MessageBus> {
  if (config.bus.kind === "embedded") {
    const { createEmbeddedBus } = await import("../telemetry/adapters/bus-embedded/index.js");
    return createEmbeddedBus({ maxPendingReadings: config.maxQueueDepth });
  }
  const { connectNatsBus } = await import("../telemetry/adapters/bus-nats/index.js");
  const { url: withoutStream, stream } = splitParam(config.bus.url, "stream");
  const { url: withoutAck, ack_wait: ackWait } = splitParam(withoutStream, "ack_wait");
  const { url: withoutPartitions, partitions } = splitParam(withoutAck, "partitions");
  const { url, own } = splitParam(withoutPartitions, "own");
  // `?stream=NAME` gives a deployment (or a test) its own stream, subject and durable consumer;
  // `?ack_wait=S` is how long JetStream waits before redelivering a message a crashed consumer took;
  // `?partitions=N&own=0,1` splits the subject by device hash and consumes only those partitions,
  // so each device's readings (and its live detection state) stay in one server (docs/detect.md).
  return connectNatsBus({
    url,
    ...(partitions === undefined ? {} : { partitions: Number(partitions) }),
    ...(own === undefined ? {} : { ownPartitions: own.split(",").map(Number) }),
    ...(stream === undefined ? {} : { stream, subject: `${stream.toLowerCase()}.readings`, durable: `${stream.toLowerCase()}-store` }),
    ...(ackWait === undefined ? {} : { ackWaitMs: Number(ackWait) * 1000 }),
  });
}

/** What `mimic devices` needs: the registry of the store, the signing secret, and a way out. */
export interface RegistryContext {
  /** The device registry and read tokens (one store holds both). */
  registry: DeviceRegistry & ReadTokenRegistry;
  /** Loaded on first call (creating the data dir's secret file if needed). */
  secret(): Uint8Array;
  close(): Promise<void>;
}

/**
 * Opens the device registry of a data dir / store for the `devices` commands. With `existing`
 * (list, revoke, rotate) the store must already exist: nothing is created for a mistyped path.
 */
export async function openRegistryContext(location: StoreLocation, use: "create" | "existing" = "create"): Promise<RegistryContext> {
  if (use === "existing") {
    assertStoreExists(location);
    // The store exists, so nothing is created here; a read-only folder is still named clearly
    // (SQLite writes its WAL next to the file even for reads).
    if (location.store.kind === "sqlite" && location.store.path !== ":memory:")
      ensureWritableDir(
        dirname(location.store.path),
        location.store.path === join(location.dataDir, "mimic.db") ? "--data-dir (or MIMIC_DATA_DIR)" : "--store sqlite:<file>",
      );
  } else ensureWritableLocation(location);
  const store = await openStoreFor(location, use === "existing" ? "existing" : "command");
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
