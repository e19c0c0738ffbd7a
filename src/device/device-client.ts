// The device side of mimic's telemetry: what a Raspberry Pi (or the simulator) runs to deliver
// readings. One request in flight per client keeps a device's readings in order; a bounded FIFO
// buffer holds readings while the server is away, optionally on disk to survive a restart.
import type { Agent } from "node:http";
import { randomUUID } from "node:crypto";
import { MimicError } from "../errors/index.js";
import { createRandom } from "../random/index.js";
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffOptions } from "./internal/backoff.js";
import { BufferFile } from "./internal/buffer-file.js";
import { encodeRequest } from "./internal/encode.js";
import { createAgent, NetworkError, post, type PostResult } from "./internal/http-post.js";
import { emptyStats, type ClientOutcome, type ClientStats, type DeviceReading, type WireFormat } from "./types.js";

export interface DeviceClientOptions {
  /** Server base URL, e.g. `http://localhost:8080` (paths are added per format). */
  url: string;
  /** The device's bearer token (JWT), as `mimic devices add` printed it. Never logged. */
  token: string;
  /** `json` (default): the seed's JSON (arrays when batching); `protobuf`: the seed's messages, one per request; `batch`: mimic's ReadingBatch. */
  format?: WireFormat;
  /** Most readings per request (json and batch; default 500, at most 5,000 — the server's bound). */
  batchSize?: number;
  /** Wait this long for a batch to fill before sending, ms (default 0: send at once). */
  lingerMs?: number;
  /** Bound of the offline buffer in readings (default 10,000); beyond it new readings are dropped and counted. */
  maxBuffered?: number;
  /** File that keeps the buffer across restarts (JSON lines); absent: memory only. */
  bufferFile?: string;
  /** Deadline of one request once it has a socket, ms (default 10,000). */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** A shared keep-alive pool (the simulator passes one for all devices); default: the client's own, 2 sockets. */
  agent?: Agent;
  /** Source of backoff jitter in [0, 1); default a random stream per client. */
  random?: () => number;
  /** Sees every outcome: acknowledged, retrying (with the delay), rejected (status and code), dropped. */
  onOutcome?: (outcome: ClientOutcome) => void;
  /** Wall clock for Retry-After dates (default Date.now). */
  now?: () => number;
}

/** Statuses a retry can fix: the server is busy, down or throttling, or the request timed out. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
/** The server's bound on readings per request. */
export const MAX_BATCH_SIZE = 5000;

/**
 * Delivers a device's readings to a mimic server (or any server speaking the seed's protocol).
 *
 * @example
 * const client = new DeviceClient({ url: "http://localhost:8080", token: process.env.MIMIC_TOKEN!, format: "batch", lingerMs: 1000 });
 * client.send({ device: "rp829c7e0e", type: "DHT22", timestamp: Date.now() / 1000, data: { temperature: 21.3, humidity: 48.1 } });
 * await client.flush(); // resolves once everything was acknowledged or rejected
 * await client.close();
 */
export class DeviceClient {
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly format: WireFormat;
  private batchSize: number;
  private readonly lingerMs: number;
  private readonly maxBuffered: number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly agent: Agent;
  private readonly ownAgent: boolean;
  private readonly random: () => number;
  private readonly onOutcome: ((o: ClientOutcome) => void) | undefined;
  private readonly now: () => number;
  private readonly file: BufferFile | undefined;
  private readonly counters = emptyStats();

  private queue: DeviceReading[] = [];
  private head = 0;
  /** Readings removed from the head since the start (acknowledged or rejected). */
  private taken = 0;
  /** Readings (counted from the start) that have gone out in a request at least once. */
  private sentMark = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private resend = false;
  private closed = false;
  private flushWaiters: (() => void)[] = [];

  constructor(options: DeviceClientOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new MimicError("DEVICE_BAD_OPTION", `url must be an http(s) URL such as http://localhost:8080; got an unparsable value.`, { cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new MimicError("DEVICE_BAD_OPTION", `url must start with http:// or https://; got ${url.protocol}`);
    if (url.username || url.password || url.search)
      throw new MimicError("DEVICE_BAD_OPTION", "url must not carry credentials or a query string; pass the token as `token`.");
    const check = (name: string, value: number, min: number, max: number): number => {
      if (!Number.isFinite(value) || value < min || value > max)
        throw new MimicError("DEVICE_BAD_OPTION", `${name} must be from ${min} to ${max}; got ${value}.`);
      return value;
    };
    if (typeof options.token !== "string" || options.token.length === 0 || /\s/.test(options.token))
      throw new MimicError("DEVICE_BAD_OPTION", "token must be the device's JWT (no spaces; without the `Bearer ` prefix).");
    this.url = url;
    this.format = options.format ?? "json";
    if (!["json", "protobuf", "batch"].includes(this.format))
      throw new MimicError("DEVICE_BAD_OPTION", `format must be json, protobuf or batch; got ${String(this.format)}.`);
    this.batchSize = this.format === "protobuf" ? 1 : Math.floor(check("batchSize", options.batchSize ?? 500, 1, MAX_BATCH_SIZE));
    this.lingerMs = check("lingerMs", options.lingerMs ?? 0, 0, 3_600_000);
    this.maxBuffered = Math.floor(check("maxBuffered", options.maxBuffered ?? 10_000, 1, 100_000_000));
    this.timeoutMs = check("timeoutMs", options.timeoutMs ?? 10_000, 1, 600_000);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.ownAgent = options.agent === undefined;
    this.agent = options.agent ?? createAgent(url, 2);
    const jitter = createRandom(randomUUID());
    this.random = options.random ?? (() => jitter.next());
    this.onOutcome = options.onOutcome;
    this.now = options.now ?? Date.now;
    this.headers = { authorization: `Bearer ${options.token}`, accept: "application/json" };
    if (options.bufferFile !== undefined) {
      this.file = new BufferFile(options.bufferFile);
      this.queue = this.file.load();
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** Running totals; `buffered` is the current buffer length. */
  get stats(): ClientStats {
    return { ...this.counters, rejected: { ...this.counters.rejected }, buffered: this.size };
  }

  /** Readings waiting (including those in flight). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** How many more readings `send` takes before it starts dropping (a producer that must not drop waits for room). */
  get room(): number {
    return Math.max(0, this.maxBuffered - this.size);
  }

  /**
   * Queues a reading (an id is added when it has none). Returns false when the buffer is full:
   * the reading is dropped and counted, the older ones are kept.
   */
  send(reading: DeviceReading): boolean {
    if (this.closed) throw new MimicError("DEVICE_CLOSED", "send() after close(): this DeviceClient no longer sends; create a new one.");
    if (this.size >= this.maxBuffered) {
      this.counters.dropped++;
      this.onOutcome?.({ kind: "dropped", count: 1 });
      return false;
    }
    const r = reading.id ? reading : { ...reading, id: randomUUID() };
    this.queue.push(r);
    this.file?.append([r]);
    this.schedule();
    return true;
  }

  /** Resolves when the buffer is empty: every reading acknowledged, rejected or dropped. */
  flush(): Promise<void> {
    if (this.size === 0 && !this.inFlight) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    // Do not wait out the linger: a flush means now.
    if (this.timer && this.attempt === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
    return done;
  }

  /** Stops sending after the request in flight; what is left stays in the buffer file, if any. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    if (this.ownAgent) this.agent.destroy();
    for (const w of this.flushWaiters.splice(0)) w();
  }

  private schedule(): void {
    if (this.closed || this.inFlight || this.timer || this.size === 0) return;
    if (this.lingerMs > 0 && this.size < this.batchSize && this.flushWaiters.length === 0) {
      this.timer = setTimeout(() => this.fire(), this.lingerMs);
      return;
    }
    this.fire();
  }

  private fire(): void {
    this.timer = undefined;
    if (this.closed || this.inFlight || this.size === 0) return;
    this.inFlight = this.deliver().finally(() => {
      this.inFlight = undefined;
      if (this.size === 0) for (const w of this.flushWaiters.splice(0)) w();
      else this.schedule();
    });
  }

  private async deliver(): Promise<void> {
    const chunk = this.queue.slice(this.head, this.head + this.batchSize);
    if (this.resend) this.counters.retried += chunk.length;
    // `sent` counts each reading once, the first time it goes out (a resend counts in `retried`).
    const end = this.taken + chunk.length;
    if (end > this.sentMark) {
      this.counters.sent += end - this.sentMark;
      this.sentMark = end;
    }
    this.counters.requests++;
    const request = encodeRequest(this.format, chunk);
    let result: PostResult;
    try {
      result = await post(new URL(request.path, this.url), request.body, { ...this.headers, "content-type": request.contentType }, this.agent, this.timeoutMs);
    } catch (error) {
      const code = error instanceof NetworkError ? error.code : "ENETWORK";
      const message = error instanceof Error ? error.message : String(error);
      this.retryLater(chunk.length, undefined, code, `${code}: ${message}`, undefined);
      return;
    }
    const { status } = result;
    if (status >= 200 && status < 300) {
      this.attempt = 0;
      this.resend = false;
      this.counters.acknowledged += chunk.length;
      this.take(chunk.length);
      this.onOutcome?.({ kind: "acknowledged", count: chunk.length, status });
      return;
    }
    const { code, message } = errorOf(result);
    if (RETRYABLE.has(status)) {
      this.retryLater(chunk.length, status, code, message, parseRetryAfter(headerValue(result.headers["retry-after"]), this.now()));
      return;
    }
    if (status === 413 && chunk.length > 1) {
      // Too big for this server: halve the batches and go again at once.
      this.batchSize = Math.max(1, Math.floor(chunk.length / 2));
      this.resend = true;
      return;
    }
    // A 4xx that retrying cannot fix (bad token, invalid reading, wrong device): give these up.
    this.attempt = 0;
    this.resend = false;
    const key = `${status} ${code}`;
    this.counters.rejected[key] = (this.counters.rejected[key] ?? 0) + chunk.length;
    this.take(chunk.length);
    this.onOutcome?.({ kind: "rejected", count: chunk.length, status, code, message });
  }

  private retryLater(count: number, status: number | undefined, code: string, message: string, retryAfterMs: number | undefined): void {
    const delayMs = backoffDelay(this.attempt++, this.backoff, this.random(), retryAfterMs);
    this.resend = true;
    this.onOutcome?.({ kind: "retrying", count, status, code, message, delayMs });
    if (!this.closed) this.timer = setTimeout(() => this.fire(), delayMs);
  }

  /** Removes n readings from the head of the buffer. */
  private take(n: number): void {
    this.head += n;
    this.taken += n;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.file?.consume(n, this.queue.slice(this.head));
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The server's error code and message from a mimic error body, or the status alone. */
function errorOf(result: PostResult): { code: string; message: string } {
  try {
    const body = JSON.parse(result.body) as { error?: { code?: unknown; message?: unknown; issues?: unknown } };
    if (typeof body.error?.code === "string") {
      // The first issue's code says which fix applies (`too_old`: the server's retention), so it is kept beside the error code.
      const issues = body.error.issues;
      const first = Array.isArray(issues) ? (issues[0] as { code?: unknown } | undefined) : undefined;
      const code = typeof first?.code === "string" ? `${body.error.code} (${first.code})` : body.error.code;
      return { code, message: typeof body.error.message === "string" ? body.error.message : "" };
    }
  } catch {
    // Not JSON: any server speaking the seed's protocol may answer differently.
  }
  return { code: `HTTP_${result.status}`, message: `HTTP ${result.status}` };
}
