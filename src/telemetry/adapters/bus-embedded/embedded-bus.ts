import { MimicError, isMimicError } from "../../../errors/index.js";
import type { BusMessage, BusSubscription, MessageBus } from "../../ports.js";
import { SERVER_DEFAULTS } from "../../defaults.js";

export interface EmbeddedBusOptions {
  /**
   * Most readings accepted but not yet committed. Past it `publish` rejects with BUS_OVERLOADED
   * (503, retryable) instead of queueing without bound. Default 100,000.
   */
  maxPendingReadings?: number;
  /** Most readings handed to one handler call (one group commit). Default 20,000. */
  maxBatchReadings?: number;
  /**
   * Handler calls running at once. Default 256: a message is handed to the consumer as soon as
   * it arrives, and a store that groups its own commits (SQLite) commits what arrived together
   * without waiting for the previous commit's answer. 1 delivers one batch at a time.
   */
  maxConcurrentDeliveries?: number;
  /** Handler attempts per message before its publisher gets the error. Default 3. */
  maxAttempts?: number;
  /** Wait before redelivering after a failure, doubled per attempt (ms). Default 50. */
  retryDelayMs?: number;
  /** `Retry-After` hint on BUS_OVERLOADED (ms). Default 1000. */
  retryAfterMs?: number;
}

type Handler = (messages: readonly BusMessage[]) => Promise<void>;

interface Entry {
  message: BusMessage;
  resolve: () => void;
  reject: (e: unknown) => void;
  attempts: number;
  /** After a failed batch, deliver alone so one bad message cannot fail its neighbours. */
  alone: boolean;
}

/**
 * The in-process bus of the embedded deployment. `publish` resolves only once the consumer's
 * handler has finished with the message — for the store consumer, once the readings are
 * committed — so ingest can answer 201 only for durable readings. Messages waiting while the
 * handler runs are handed over together in the next call: a group commit.
 */
export class EmbeddedBus implements MessageBus {
  readonly #maxPending: number;
  readonly #maxBatch: number;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;
  readonly #retryAfterMs: number;
  readonly #maxConcurrent: number;
  #queue: Entry[] = [];
  #inFlight = 0;
  #pendingReadings = 0;
  #handler: Handler | undefined;
  readonly #running = new Set<Promise<void>>();
  #kickScheduled = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: EmbeddedBusOptions = {}) {
    this.#maxPending = options.maxPendingReadings ?? SERVER_DEFAULTS.maxQueueDepth;
    this.#maxBatch = options.maxBatchReadings ?? 20_000;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 50;
    this.#retryAfterMs = options.retryAfterMs ?? 1000;
    this.#maxConcurrent = Math.max(1, options.maxConcurrentDeliveries ?? 256);
  }

  publish(message: BusMessage): Promise<void> {
    const n = message.readings.length;
    if (this.#closed) return Promise.reject(new MimicError("BUS_CLOSED", "the embedded bus is shutting down; retry against a running server", { retryAfterMs: this.#retryAfterMs }));
    if (n > this.#maxPending) {
      return Promise.reject(new MimicError("BUS_MESSAGE_TOO_LARGE", `a message of ${n} readings exceeds the bus bound of ${this.#maxPending}; send smaller batches`));
    }
    if (this.#pendingReadings + n > this.#maxPending) {
      return Promise.reject(new MimicError("BUS_OVERLOADED", `the bus already holds ${this.#pendingReadings} unprocessed readings (bound ${this.#maxPending}); retry later`, { retryAfterMs: this.#retryAfterMs }));
    }
    this.#pendingReadings += n;
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ message, resolve, reject, attempts: 0, alone: false });
      // Publishes of one event-loop turn (the requests parsed together) go in one handler call.
      if (!this.#kickScheduled) {
        this.#kickScheduled = true;
        setImmediate(() => {
          this.#kickScheduled = false;
          this.#kick();
        });
      }
    });
  }

  consume(handler: Handler): Promise<BusSubscription> {
    if (this.#handler) return Promise.reject(new MimicError("INTERNAL", "the embedded bus already has a consumer; stop it before subscribing again"));
    this.#handler = handler;
    this.#kick();
    return Promise.resolve({
      stop: async () => {
        if (this.#handler !== handler) return;
        this.#handler = undefined;
        await Promise.all(this.#running);
      },
    });
  }

  /** Messages accepted and not yet processed (queued or in the handler). */
  depth(): number {
    return this.#queue.length + this.#inFlight;
  }

  /** Readings accepted and not yet processed; the bound `maxPendingReadings` applies to this. */
  pendingReadings(): number {
    return this.#pendingReadings;
  }

  healthy(): Promise<boolean> {
    return Promise.resolve(!this.#closed);
  }

  /**
   * Refuses new messages, lets the consumer finish every accepted one, then resolves. Without a
   * consumer, accepted messages are rejected with BUS_CLOSED (their publishers answer 503).
   */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#handler && (this.#queue.length > 0 || this.#running.size > 0)) {
      await (this.#running.size > 0 ? Promise.race(this.#running) : new Promise((r) => setTimeout(r, this.#retryDelayMs)));
    }
    await Promise.all(this.#running);
    clearTimeout(this.#retryTimer);
    const left = this.#queue.splice(0);
    for (const e of left) this.#settle(e, new MimicError("BUS_CLOSED", "the embedded bus closed before this message was processed; retry against a running server"));
  }

  #kick(): void {
    while (this.#running.size < this.#maxConcurrent && !this.#retryTimer && this.#handler && this.#queue.length > 0) {
      const delivery: Promise<void> = this.#deliver(this.#handler).finally(() => {
        this.#running.delete(delivery);
        this.#kick();
      });
      this.#running.add(delivery);
    }
  }

  #takeBatch(): Entry[] {
    const first = this.#queue[0]!;
    if (first.alone) return this.#queue.splice(0, 1);
    let rows = 0;
    let n = 0;
    while (n < this.#queue.length && !this.#queue[n]!.alone) {
      const size = this.#queue[n]!.message.readings.length;
      if (n > 0 && rows + size > this.#maxBatch) break;
      rows += size;
      n++;
    }
    return this.#queue.splice(0, n);
  }

  async #deliver(handler: Handler): Promise<void> {
    const batch = this.#takeBatch();
    this.#inFlight += batch.length;
    try {
      await handler(batch.map((e) => e.message));
      for (const e of batch) this.#settle(e);
    } catch (err) {
      const refused = isMimicError(err) && !err.retryable;
      if (refused && batch.length > 1) {
        // A refusal that retrying cannot fix (an invalid reading) belongs to one message: deliver
        // each alone, at once, so only its own publisher gets the error.
        for (const e of batch) e.alone = true;
        this.#queue.unshift(...batch);
        return;
      }
      const retry: Entry[] = [];
      for (const e of batch) {
        e.attempts++;
        e.alone = batch.length > 1 || e.alone;
        if (refused || e.attempts >= this.#maxAttempts) this.#settle(e, deliveryError(err, e.attempts));
        else retry.push(e);
      }
      if (retry.length > 0) {
        this.#queue.unshift(...retry);
        const delay = this.#retryDelayMs * 2 ** (Math.min(...retry.map((e) => e.attempts)) - 1);
        // Deliveries run concurrently: one retry timer holds them all back.
        this.#retryTimer ??= setTimeout(() => {
          this.#retryTimer = undefined;
          this.#kick();
        }, delay);
      }
    } finally {
      this.#inFlight -= batch.length;
    }
  }

  #settle(e: Entry, err?: unknown): void {
    this.#pendingReadings -= e.message.readings.length;
    if (err === undefined) e.resolve();
    else e.reject(err);
  }
}

function deliveryError(err: unknown, attempts: number): MimicError {
  if (isMimicError(err) && !err.retryable) return err;
  const detail = isMimicError(err) ? `${err.code}: ${err.message}` : "the consumer failed";
  return new MimicError("BUS_DELIVERY_FAILED", `the message was not processed after ${attempts} attempt(s) (${detail}); retry later`, { cause: err, retryAfterMs: 1000 });
}

/**
 * Creates the in-process bus for the embedded deployment.
 *
 * @example
 * const bus = createEmbeddedBus({ maxPendingReadings: 100_000 });
 * await bus.consume(async (messages) => { await store.appendReadings(messages.flatMap((m) => m.readings)); });
 * await bus.publish({ id: "req-1", readings }); // resolves once the store committed them
 */
export function createEmbeddedBus(options: EmbeddedBusOptions = {}): EmbeddedBus {
  return new EmbeddedBus(options);
}
