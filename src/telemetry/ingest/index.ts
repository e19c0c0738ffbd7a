// Ingest: from validated readings to durable storage (bus publish, store consumer, rate limits).
export { IngestService, type IngestServiceOptions } from "./ingest-service.js";
export { RateLimiter, type RateLimit } from "./rate-limiter.js";
export { startStoreConsumer, type CommittedReadings, type ConsumerObserver } from "./store-consumer.js";
export { RetentionSweeper, type RetentionOptions } from "./retention-sweeper.js";
export { StoreWriteHealth, type StoreWriteLog } from "./store-write-health.js";
