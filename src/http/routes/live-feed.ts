// The live feed behind `GET /v1/live`: readings fan out to server-sent-event subscribers the moment
// the bus has made them durable (the same moment ingest answers 201). A subscriber that does not
// read is dropped once its unsent bytes pass a bound: the server never buffers without limit.
import { EventEmitter } from "node:events";
import type { Reading } from "../../sensors/reading.js";
import type { BusMessage, MessageBus } from "../../telemetry/ports.js";

/** Where a subscriber's events are written: an HTTP response, or anything with the same three members. */
export interface LiveSink {
  write(chunk: string): boolean;
  /** Bytes accepted by `write` but not yet handed to the socket. */
  readonly writableLength: number;
  destroy(): void;
}

/** One reading as the feed sends it (the query API's row shape). */
export interface LiveReading {
  device: string;
  kind: Reading["kind"];
  timestamp: number;
  data: Reading["data"];
}

interface Subscriber {
  device: string | undefined;
  sink: LiveSink;
}

/** Default bound on a subscriber's unsent bytes: a few seconds of a busy fleet, far below a leak. */
export const LIVE_MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * Subscribers of new readings, optionally of one device. Emits `drop` (with the subscriber's
 * device filter) when a slow subscriber is cut off.
 *
 * @example
 * const feed = new LiveFeed();
 * const unsubscribe = feed.subscribe("rp1", reply.raw);
 * feed.publish(readings);
 */
export class LiveFeed extends EventEmitter<{ drop: [device: string | undefined] }> {
  readonly #subscribers = new Set<Subscriber>();
  readonly #maxBufferedBytes: number;
  #dropped = 0;

  constructor(options: { maxBufferedBytes?: number } = {}) {
    super();
    this.#maxBufferedBytes = options.maxBufferedBytes ?? LIVE_MAX_BUFFERED_BYTES;
  }

  /** Subscribers now. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** Subscribers dropped for reading too slowly since start. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds a subscriber; returns the function that removes it (idempotent). */
  subscribe(device: string | undefined, sink: LiveSink): () => void {
    const subscriber: Subscriber = { device, sink };
    this.#subscribers.add(subscriber);
    return () => void this.#subscribers.delete(subscriber);
  }

  /** Writes a comment line to every subscriber, so proxies keep idle streams open. */
  ping(): void {
    for (const s of this.#subscribers) this.#send(s, ": ping\n\n");
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    for (const s of this.#subscribers) s.sink.destroy();
    this.#subscribers.clear();
  }

  /** Sends readings to the subscribers that want them: one `readings` event per subscriber. */
  publish(readings: readonly Reading[]): void {
    if (this.#subscribers.size === 0 || readings.length === 0) return;
    const rows: LiveReading[] = readings.map((r) => ({ device: r.device, kind: r.kind, timestamp: r.timestamp, data: r.data }));
    let all: string | undefined;
    for (const s of this.#subscribers) {
      if (s.device === undefined) {
        all ??= event(rows);
        this.#send(s, all);
        continue;
      }
      const mine = rows.filter((r) => r.device === s.device);
      if (mine.length > 0) this.#send(s, event(mine));
    }
  }

  #send(s: Subscriber, chunk: string): void {
    s.sink.write(chunk);
    if (s.sink.writableLength <= this.#maxBufferedBytes) return;
    this.#subscribers.delete(s);
    this.#dropped++;
    s.sink.destroy();
    this.emit("drop", s.device);
  }
}

function event(rows: readonly LiveReading[]): string {
  return `event: readings\ndata: ${JSON.stringify(rows)}\n\n`;
}

/**
 * The bus as ingest sees it, with every durably published message also handed to the live feed:
 * `publish` resolves when the reading is durable, which is when ingest answers 201.
 */
export function withLiveFeed(bus: MessageBus, feed: LiveFeed): MessageBus {
  return {
    async publish(message: BusMessage) {
      await bus.publish(message);
      feed.publish(message.readings);
    },
    consume: (handler) => bus.consume(handler),
    depth: () => bus.depth(),
    healthy: () => bus.healthy(),
    close: () => bus.close(),
  };
}
