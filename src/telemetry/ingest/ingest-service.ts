import { isMimicError, MimicError } from "../../errors/index.js";
import type { Reading } from "../../sensors/reading.js";
import type { MessageBus } from "../ports.js";
import { messageId } from "../../protocol/reading-id.js";
import { SERVER_DEFAULTS } from "../defaults.js";

export interface IngestServiceOptions {
  /** Readings waiting on the bus above which new requests get 503 (back-pressure). Default 100,000. */
  maxQueueDepth?: number;
  /** How long a publish may take before the request gets 503. Default 10,000 ms. */
  publishTimeoutMs?: number;
  /**
   * Called with the readings of each publish the bus confirms, before its caller hears of it (the
   * live feed, so that what it shows has its 201). Called from the confirmation itself: no extra
   * promise per request. Also called when the confirmation came after the request's timeout (the
   * readings are durable; the client's resend is de-duplicated).
   */
  onDurable?: (readings: readonly Reading[]) => void;
}

/**
 * Hands validated readings to the bus and resolves only once the bus reports them durable.
 * Any failure is a retryable 503 (INGEST_UNAVAILABLE with Retry-After) — the client resends, and
 * the reading ids make that resend idempotent.
 *
 * @example
 * await new IngestService(bus).publish(readings); // durable when this resolves
 */
export class IngestService {
  readonly #bus: MessageBus;
  readonly #maxDepth: number;
  readonly #timeoutMs: number;
  readonly #onDurable: ((readings: readonly Reading[]) => void) | undefined;
  /**
   * Publishes waiting for the bus, oldest first. The timeout is the same for all, so deadlines
   * come in order and one timer checks the oldest: no timer and no Promise.race per request.
   */
  readonly #waiting = new Set<Waiting>();
  #timer: NodeJS.Timeout | undefined;

  constructor(bus: MessageBus, options: IngestServiceOptions = {}) {
    this.#bus = bus;
    this.#maxDepth = options.maxQueueDepth ?? SERVER_DEFAULTS.maxQueueDepth;
    this.#timeoutMs = options.publishTimeoutMs ?? 10_000;
    this.#onDurable = options.onDurable;
  }

  async publish(readings: readonly Reading[]): Promise<string> {
    if (this.#bus.depth() >= this.#maxDepth) {
      throw new MimicError("INGEST_UNAVAILABLE", "Ingest is over its queue limit; nothing was stored, retry after Retry-After.", { retryAfterMs: 1000 });
    }
    const id = messageId(readings.length === 1 ? [readings[0]!.id] : readings.map((r) => r.id));
    try {
      await new Promise<void>((resolve, reject) => {
        const waiting: Waiting = { deadline: performance.now() + this.#timeoutMs, reject };
        this.#waiting.add(waiting);
        if (this.#timer === undefined) this.#timer = this.#arm(this.#timeoutMs);
        this.#bus.publish({ id, readings }).then(
          () => {
            this.#waiting.delete(waiting);
            try {
              this.#onDurable?.(readings);
            } catch {
              // The readings are durable whatever the live feed does: a throw here would reject no
              // request but leave this callback's promise rejected, unhandled, and stop the server.
            }
            resolve();
          },
          (error: Error) => {
            this.#waiting.delete(waiting);
            reject(error);
          },
        );
      });
    } catch (error) {
      if (isMimicError(error) && error.status < 500) throw error;
      if (isMimicError(error) && error.code === "INGEST_UNAVAILABLE") throw error;
      throw new MimicError("INGEST_UNAVAILABLE", "The bus or store could not make the readings durable; nothing was acknowledged, retry after Retry-After.", {
        cause: error,
        retryAfterMs: isMimicError(error) && error.retryAfterMs !== undefined ? error.retryAfterMs : 1000,
      });
    }
    return id;
  }

  /** The timer never keeps the process alive by itself: the publishes it guards do. */
  #arm(ms: number): NodeJS.Timeout {
    return setTimeout(() => this.#expire(), ms).unref();
  }

  /** Rejects every publish past its deadline (a later bus answer is then ignored), re-arms for the next. */
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const w of this.#waiting) {
      if (w.deadline > now) {
        this.#timer = this.#arm(w.deadline - now);
        return;
      }
      this.#waiting.delete(w);
      w.reject(
        new MimicError("INGEST_UNAVAILABLE", `The bus did not confirm the readings within ${this.#timeoutMs} ms; retry (resends are de-duplicated).`, {
          retryAfterMs: 2000,
        }),
      );
    }
  }
}

interface Waiting {
  deadline: number;
  reject: (error: unknown) => void;
}
