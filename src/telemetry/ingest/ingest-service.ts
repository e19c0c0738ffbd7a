import { isMimicError, MimicError } from "../../errors/index.js";
import type { Reading } from "../domain/reading.js";
import type { MessageBus } from "../ports.js";
import { messageId } from "../protocol/reading-id.js";

export interface IngestServiceOptions {
  /** Readings waiting on the bus above which new requests get 503 (back-pressure). Default 100,000. */
  maxQueueDepth?: number;
  /** How long a publish may take before the request gets 503. Default 10,000 ms. */
  publishTimeoutMs?: number;
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

  constructor(bus: MessageBus, options: IngestServiceOptions = {}) {
    this.#bus = bus;
    this.#maxDepth = options.maxQueueDepth ?? 100_000;
    this.#timeoutMs = options.publishTimeoutMs ?? 10_000;
  }

  async publish(readings: readonly Reading[]): Promise<string> {
    if (this.#bus.depth() >= this.#maxDepth) {
      throw new MimicError("INGEST_UNAVAILABLE", "Ingest is over its queue limit; nothing was stored, retry after Retry-After.", { retryAfterMs: 1000 });
    }
    const id = messageId(readings.map((r) => r.id));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new MimicError("INGEST_UNAVAILABLE", `The bus did not confirm the readings within ${this.#timeoutMs} ms; retry (resends are de-duplicated).`, { retryAfterMs: 2000 })), this.#timeoutMs);
    });
    try {
      await Promise.race([this.#bus.publish({ id, readings }), timeout]);
    } catch (error) {
      if (isMimicError(error) && error.status < 500) throw error;
      if (isMimicError(error) && error.code === "INGEST_UNAVAILABLE") throw error;
      throw new MimicError("INGEST_UNAVAILABLE", "The bus or store could not make the readings durable; nothing was acknowledged, retry after Retry-After.", {
        cause: error,
        retryAfterMs: isMimicError(error) && error.retryAfterMs !== undefined ? error.retryAfterMs : 1000,
      });
    } finally {
      clearTimeout(timer);
    }
    return id;
  }
}
