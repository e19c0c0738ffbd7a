// The live feed behind `GET /v1/live`: readings fan out to server-sent-event subscribers once the
// bus has made them durable (the same moment ingest answers 201: IngestService's `onDurable`),
// gathered for a quarter second so that a subscriber costs one write per interval rather than one
// per ingest request, of one columnar event encoded once for all (live-batch.ts). A subscriber that does not read is dropped
// once its unsent bytes pass a bound: the server never buffers without limit.
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import type { Reading } from "../../sensors/reading.js";
import { LiveBatch } from "./live-batch.js";

/** Where a subscriber's events are written: an HTTP response, or anything with the same three members. */
export interface LiveSink {
  /**
   * True when `write` goes straight to the connection of an HTTP/1.1 response sent in chunks: the
   * feed then writes each event already framed as one chunk, framed once for all such subscribers,
   * instead of having `ServerResponse.write` frame it and cork the socket once per subscriber.
   */
  readonly chunked?: boolean;
  write(chunk: string | Uint8Array): boolean;
  /** Bytes accepted by `write` but not yet handed to the socket. */
  readonly writableLength: number;
  destroy(): void;
}

interface Subscriber {
  device: string | undefined;
  sink: LiveSink;
}

/** Default bound on a subscriber's unsent bytes: a few seconds of a busy fleet, far below a leak. */
export const LIVE_MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * Default time readings are gathered before they are written to the subscribers. Without it, 50
 * subscribers cost every ingest request 50 socket writes: ingest ran at 0.38 of its rate without
 * subscribers (bench/ingest-live.bench.ts; 0.84 with 100 ms, 0.90–1.08 with 250 ms, see
 * docs/benchmarks.md). A quarter second keeps a reading on the page within the 1 s promised.
 */
export const LIVE_COALESCE_MS = 250;

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
  readonly #coalesceMs: number;
  #dropped = 0;
  /** Readings published since the last write to the subscribers. */
  #pending = new LiveBatch();
  #timer: NodeJS.Timeout | undefined;

  /** `coalesceMs: 0` writes each publish at once (one event per publish). */
  constructor(options: { maxBufferedBytes?: number; coalesceMs?: number } = {}) {
    super();
    this.#maxBufferedBytes = options.maxBufferedBytes ?? LIVE_MAX_BUFFERED_BYTES;
    this.#coalesceMs = options.coalesceMs ?? LIVE_COALESCE_MS;
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
    for (const s of this.#subscribers) this.#send(s, s.sink.chunked === true ? PING_CHUNK : PING);
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = new LiveBatch();
    for (const s of this.#subscribers) s.sink.destroy();
    this.#subscribers.clear();
  }

  /** Queues readings for the subscribers that want them; they are written within `coalesceMs`. */
  publish(readings: readonly Reading[]): void {
    if (this.#subscribers.size === 0 || readings.length === 0) return;
    this.#pending.add(readings);
    if (this.#coalesceMs === 0) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#coalesceMs).unref();
  }

  /** Writes the queued readings now: one `batch` event per subscriber that wants any of them. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (batch.empty) return;
    this.#pending = new LiveBatch();
    const chunks = new Map<Buffer, Buffer>();
    for (const s of this.#subscribers) {
      const event = batch.event(s.device);
      if (event === undefined) continue;
      if (s.sink.chunked !== true) this.#send(s, event);
      else {
        let chunk = chunks.get(event);
        if (chunk === undefined) chunks.set(event, (chunk = httpChunk(event)));
        this.#send(s, chunk);
      }
    }
  }

  #send(s: Subscriber, chunk: string | Uint8Array): void {
    // Slow is judged on what the subscriber has not yet taken of earlier events, before this one is
    // written: a busy fleet's quarter second can be one event larger than the bound (20,000
    // readings/s made ~0.5 MB as objects; ~60 KB as columns, but a larger fleet gets there too), and
    // judging after the write dropped every subscriber of the whole fleet at once, reading or not.
    // Memory stays bounded by the bound plus one event.
    if (s.sink.writableLength <= this.#maxBufferedBytes) {
      s.sink.write(chunk);
      return;
    }
    this.#subscribers.delete(s);
    this.#dropped++;
    s.sink.destroy();
    this.emit("drop", s.device);
  }
}

/**
 * Where the feed writes a subscriber's events: straight to the connection, framed by the feed once
 * for all, when Node sends this response in chunks (an HTTP/1.1 request; ~40% of a write's cost
 * was `ServerResponse.write` framing and corking per subscriber, docs/benchmarks.md); through the
 * response otherwise (HTTP/1.0: the body is the bytes, ended by closing).
 */
export function responseSink(res: ServerResponse): LiveSink {
  const socket = res.socket;
  if (!res.chunkedEncoding || socket === null) return res;
  return {
    chunked: true,
    write: (chunk) => socket.write(chunk),
    get writableLength() {
      return socket.writableLength;
    },
    destroy: () => socket.destroy(),
  };
}

/** `bytes` as one chunk of an HTTP/1.1 body sent with `transfer-encoding: chunked`. */
export function httpChunk(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`, "latin1"), bytes, CRLF]);
}

const CRLF = Buffer.from("\r\n", "latin1");
const PING = Buffer.from(": ping\n\n", "utf8");
const PING_CHUNK = httpChunk(PING);
