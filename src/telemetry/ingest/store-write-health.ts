import { isMimicError } from "../../errors/index.js";

/** Where episodes are logged (pino's `warn` fits). Both ends of an episode are warnings, so a log at level warn shows the recovery too. */
export interface StoreWriteLog {
  warn(details: object, message: string): void;
}

/** The cause of a failed write in a few words: the error code and the driver's code (SQLITE_FULL, ECONNREFUSED…). */
function causeOf(error: unknown): { code: string; cause: string; message: string } {
  const inner = (error as { cause?: { code?: unknown } }).cause?.code;
  return {
    code: isMimicError(error) ? error.code : "STORE_UNAVAILABLE",
    cause: typeof inner === "string" ? inner : "unknown",
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Whether the store currently takes writes, as the store consumer sees it. A run of failed
 * writes (full disk, PostgreSQL down, …) is one episode: logged once when it starts, with its
 * cause, and once when a write succeeds again, with its length — never once per retry. /readyz
 * and /metrics read the state.
 *
 * @example
 * const health = new StoreWriteHealth(app.log);
 * try { await store.appendReadings(rs); health.succeeded(); } catch (e) { health.failed(e); throw e; }
 */
export class StoreWriteHealth {
  #log: StoreWriteLog | undefined;
  readonly #now: () => number;
  #failingSince: number | undefined;
  #episodeFailures = 0;
  #failures = 0;
  #episodes = 0;

  constructor(log?: StoreWriteLog, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
  }

  /** Sets where episodes are logged (the HTTP app's logger exists only after the consumer). */
  logTo(log: StoreWriteLog | undefined): void {
    this.#log = log;
  }

  failed(error: unknown): void {
    this.#failures++;
    this.#episodeFailures++;
    if (this.#failingSince !== undefined) return;
    this.#failingSince = this.#now();
    this.#episodes++;
    this.#log?.warn(
      { event: "store_writes_failing", ...causeOf(error) },
      "store writes are failing: readings stay on the bus (redelivered with backoff) until the store takes them; /readyz reports it",
    );
  }

  succeeded(): void {
    if (this.#failingSince === undefined) return;
    const failedForMs = this.#now() - this.#failingSince;
    this.#log?.warn({ event: "store_writes_recovered", failedForMs, failedWrites: this.#episodeFailures }, "store writes recovered");
    this.#failingSince = undefined;
    this.#episodeFailures = 0;
  }

  /** True from a failed write until the next successful one. */
  failing(): boolean {
    return this.#failingSince !== undefined;
  }

  /** Failed writes and episodes since start. */
  totals(): { failures: number; episodes: number } {
    return { failures: this.#failures, episodes: this.#episodes };
  }
}
