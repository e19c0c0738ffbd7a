// The telemetry adapters, by port: stores (SQLite embedded, PostgreSQL) and buses (embedded, NATS).
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from "./store-sqlite/index.js";
export { createEmbeddedBus, EmbeddedBus, type EmbeddedBusOptions } from "./bus-embedded/index.js";
