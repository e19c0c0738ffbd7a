// One source for every default of the telemetry server: the configuration (src/server), the
// HTTP app (src/http), the services and adapters, and `mimic serve --help` all read these.

export const SERVER_DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  dataDir: "./mimic-data",
  /** Requests per second per device, and the burst a device may send at once. */
  rateLimit: { ratePerSecond: 50, burst: 100 },
  /** Readings waiting on the bus before ingest answers 503. */
  maxQueueDepth: 100_000,
  maxQueueDepthLimit: 10_000_000,
  /** How long registry answers are cached, i.e. how soon a revocation takes effect. */
  authCacheTtlMs: 2000,
  authCacheTtlMsLimit: 5000,
  /**
   * While the registry (the store) cannot be read, a token verified within this time is still
   * honoured from the cache, so ingest through a durable bus survives a store outage; a token
   * not seen within it, or never, gets 503. Revocations apply as soon as the registry answers.
   */
  authStaleLimitMs: 15 * 60_000,
  /** After a failed registry read, how long requests use the cache before the registry is tried again. */
  registryRetryMs: 1000,
  /**
   * A store-write episode ends (and its recovery is logged) once writes have succeeded this long
   * without a failure: a nearly full disk fails and succeeds by turns (each failed write's
   * checkpoint frees some WAL space), and that is one episode, not one per turn.
   */
  storeWritesQuietMs: 5000,
  /** On SIGTERM/SIGINT, how long requests in flight may take before their connections are closed. */
  shutdownTimeoutMs: 10_000,
  shutdownTimeoutMsLimit: 600_000,
  /**
   * How long readings are kept (`--retention`), seconds of device time: older ones are deleted
   * (SQLite) or their partitions dropped (PostgreSQL), and ingest refuses them. 0 = forever.
   */
  retentionSeconds: 90 * 86_400,
  /** Shortest retention accepted: less than a day would refuse readings a device buffered overnight. */
  retentionSecondsMin: 86_400,
  /** How often retention runs (the first pass at start). */
  retentionSweepMs: 3_600_000,
  /** Live fault detection on committed readings (`mimic serve --detect`): alarms and sensor health. */
  detect: true,
  /** Failed authentications per client address: a token bucket refilled at `ratePerSecond`, `burst` at once. */
  authFailureLimit: { ratePerSecond: 1, burst: 20 },
  /** Client addresses whose failures are remembered at once; beyond it, idle ones are forgotten first. */
  authFailureAddresses: 10_000,
  /**
   * Devices whose rejected requests `/metrics` labels by device id (the first ones to be refused);
   * later devices share `device="_other"`, so the label's cardinality stays bounded.
   */
  rejectionDevices: 1000,
} as const;
