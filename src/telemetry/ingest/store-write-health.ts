import { isMimicError } from "../../errors/index.js";
import { SERVER_DEFAULTS } from "../defaults.js";

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
 * cause, and once when it ends, with its length — never once per retry. It ends when writes have
 * succeeded for `quietMs` without a failure (a failure before that continues it), so a disk that
 * is nearly full and fails by turns is one episode too. /readyz and /metrics read the current
 * state (`failing`), which follows every write.
 *
 * @example
 * const health = new StoreWriteHealth(app.log);
 * try { await store.appendReadings(rs); health.succeeded(); } catch (e) { health.failed(e); throw e; }
 */
export class StoreWriteHealth {
  #log: StoreWriteLog | undefined;
  readonly #now: () => number;
  readonly #quietMs: number;
  /** Start of the open episode (undefined: none). */
  #episodeSince: number | undefined;
  /** The first success after the episode's last failure, while its quiet period runs. */
  #backSince: number | undefined;
  #quietTimer: NodeJS.Timeout | undefined;
  #writesFailing = false;
  #episodeFailures = 0;
  #failures = 0;
  #episodes = 0;

  constructor(log?: StoreWriteLog, now: () => number = Date.now, quietMs: number = SERVER_DEFAULTS.storeWritesQuietMs) {
    this.#log = log;
    this.#now = now;
    this.#quietMs = quietMs;
  }

  /** Sets where episodes are logged (the HTTP app's logger exists only after the consumer). */
  logTo(log: StoreWriteLog | undefined): void {
    this.#log = log;
  }

  failed(error: unknown): void {
    this.#failures++;
    this.#episodeFailures++;
    this.#writesFailing = true;
    if (this.#episodeSince !== undefined) {
      // Failing again within the quiet period: the same episode goes on.
      clearTimeout(this.#quietTimer);
      this.#quietTimer = undefined;
      this.#backSince = undefined;
      return;
    }
    this.#episodeSince = this.#now();
    this.#episodes++;
    this.#log?.warn(
      { event: "store_writes_failing", ...causeOf(error) },
      "store writes are failing: readings stay on the bus (redelivered with backoff) until the store takes them; /readyz reports it",
    );
  }

  succeeded(): void {
    this.#writesFailing = false;
    if (this.#episodeSince === undefined || this.#backSince !== undefined) return;
    this.#backSince = this.#now();
    // unref: a pending recovery line never keeps the process alive.
    this.#quietTimer = setTimeout(() => this.#endEpisode(), this.#quietMs).unref();
  }

  #endEpisode(): void {
    if (this.#episodeSince === undefined || this.#backSince === undefined) return;
    const failedForMs = this.#backSince - this.#episodeSince;
    this.#log?.warn({ event: "store_writes_recovered", failedForMs, failedWrites: this.#episodeFailures }, "store writes recovered");
    this.#episodeSince = undefined;
    this.#backSince = undefined;
    this.#quietTimer = undefined;
    this.#episodeFailures = 0;
  }

  /** True from a failed write until the next successful one. */
  failing(): boolean {
    return this.#writesFailing;
  }

  /** Failed writes and episodes since start. */
  totals(): { failures: number; episodes: number } {
    return { failures: this.#failures, episodes: this.#episodes };
  }
}
