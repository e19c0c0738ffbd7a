import type { RetentionResult, TelemetryStore } from "../ports.js";

export interface RetentionOptions {
  /** How long readings are kept, seconds of device time before the server clock. */
  retentionSeconds: number;
  /** How often a pass runs, ms (the first runs at start). */
  intervalMs: number;
  /** Server clock, epoch ms (tests pass their own). */
  now: () => number;
  /** Told of each pass that removed something, and of each failure (logged by the caller). */
  onPass?: (result: RetentionResult & { before: number }) => void;
  onError?: (error: unknown) => void;
}

/**
 * Applies retention on a schedule: every `intervalMs`, readings older than `retentionSeconds`
 * (by device time) are removed through the store's `deleteReadingsBefore`. One pass at a time; a
 * failed pass (store down) is reported and tried again at the next tick, never crashing serve.
 *
 * @example
 * const sweeper = new RetentionSweeper(store, { retentionSeconds: 90 * 86_400, intervalMs: 3_600_000, now: Date.now });
 * sweeper.start();
 * await sweeper.stop();
 */
export class RetentionSweeper {
  readonly #store: Pick<TelemetryStore, "deleteReadingsBefore">;
  readonly #options: RetentionOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RetentionResult | undefined> | undefined;

  constructor(store: Pick<TelemetryStore, "deleteReadingsBefore">, options: RetentionOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Runs one pass now (or joins the one running) and resolves with what it removed. */
  sweep(): Promise<RetentionResult | undefined> {
    this.#running ??= this.#pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #pass(): Promise<RetentionResult | undefined> {
    const before = this.#options.now() / 1000 - this.#options.retentionSeconds;
    try {
      const result = await this.#store.deleteReadingsBefore(before);
      if (result.readingsDeleted + result.partitionsDropped > 0) this.#options.onPass?.({ ...result, before });
      return result;
    } catch (error) {
      this.#options.onError?.(error);
      return undefined;
    }
  }

  /** Starts the schedule: one pass now, then one per interval (the timer never keeps the process up). */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Stops the schedule and waits for a pass in progress, so the store can close after it. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
