/**
 * Bounds on every ingest input, documented where they are enforced (docs/telemetry.md repeats
 * them). Requests past a bound get a 4xx, never a partial write.
 */
export interface IngestLimits {
  /** Largest body in bytes on the single-reading paths (the seed's JSON is 148 bytes). Default 64 KiB. */
  maxSingleBodyBytes: number;
  /** Largest body in bytes on the batch paths. Default 4 MiB. */
  maxBatchBodyBytes: number;
  /** Most readings in one request. Default 5,000. */
  maxBatchReadings: number;
  /** How far a reading's timestamp may be ahead of the server clock, seconds. Default 1 day. */
  maxFutureSkewSeconds: number;
  /**
   * How old a reading's timestamp may be, seconds: the store's retention (`mimic serve
   * --retention`, default in src/telemetry/defaults.ts). 0 = no bound but 2000-01-01.
   */
  retentionSeconds: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxSingleBodyBytes: 64 * 1024,
  maxBatchBodyBytes: 4 * 1024 * 1024,
  maxBatchReadings: 5000,
  maxFutureSkewSeconds: 86_400,
  // The protocol knows no store: the server passes its retention (src/telemetry/defaults.ts).
  retentionSeconds: 0,
};

/**
 * Earliest timestamp a reading may carry: 2000-01-01T00:00:00Z, epoch seconds. Earlier values are
 * a device clock that never synced (a Pi boots at 1970) or seconds confused with something else
 * (`5e-324`), and each distinct early day would cost PostgreSQL a partition.
 */
export const MIN_TIMESTAMP_SECONDS = 946_684_800;

/** Longest device id (the seed uses the Pi's hostname, e.g. `rp829c7e0e`). */
export const MAX_DEVICE_ID_LENGTH = 64;
/** Longest sensor type label (e.g. `Anmbest_MD46N`). */
export const MAX_TYPE_LABEL_LENGTH = 64;
/** Longest client-chosen reading id. */
export const MAX_READING_ID_LENGTH = 128;
/** Plausible DHT22 temperatures, °C: the sensor's own range is −40…80; beyond ±150 is a fault. */
export const TEMPERATURE_RANGE = { min: -150, max: 150 } as const;
