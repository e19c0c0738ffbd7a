export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from "./pg-store.js";
