// The telemetry adapters, by port: stores (SQLite embedded, PostgreSQL) and buses (embedded, NATS).
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from "./store-sqlite/index.js";
export { createEmbeddedBus, EmbeddedBus, type EmbeddedBusOptions } from "./bus-embedded/index.js";
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from "./store-postgres/index.js";
export { connectNatsBus, NatsBus, type NatsBusOptions, type NatsTopology } from "./bus-nats/index.js";
