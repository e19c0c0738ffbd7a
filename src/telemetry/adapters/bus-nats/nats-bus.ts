import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { MimicError, isMimicError } from "../../../errors/index.js";
import type { BusMessage, BusSubscription, MessageBus } from "../../ports.js";
import { consumersOf, ensureConsumer, ensureStream, orphanCandidates, partitionOf, type NatsTopology } from "./nats-setup.js";

export interface NatsBusOptions extends Partial<NatsTopology> {
  /** Server URL(s), e.g. `nats://127.0.0.1:4222`. Credentials in the URL are never logged. */
  url: string | string[];
  /** How long publish waits for JetStream's acknowledgement (ms). Default 5000. */
  publishTimeoutMs?: number;
  /** Most messages handed to one handler call (one group commit). Default 500. */
  maxBatchMessages?: number;
  /**
   * Delay before a message whose handler failed is first redelivered (ms); it doubles with each
   * further delivery up to `maxNakDelayMs`. Default 500.
   */
  nakDelayMs?: number;
  /** Longest redelivery delay (ms): how soon after a store outage ends the backlog is retried. Default 10,000. */
  maxNakDelayMs?: number;
  /** `Retry-After` hint on BUS_OVERLOADED / BUS_UNAVAILABLE (ms). Default 1000. */
  retryAfterMs?: number;
  /** How often orphaned acknowledged messages (nats-server 2.9.x) are looked for and purged (ms). Default 60,000. */
  orphanCheckMs?: number;
  /** Most orphan candidates one check reads and hands to the handler (the next check goes on). Default 10,000. */
  orphansPerCheck?: number;
}

type Handler = (messages: readonly BusMessage[]) => Promise<void>;

/** A stored message, or undefined when the stream no longer has it (acked and removed since). */
async function storedAt(jsm: JetStreamManager, stream: string, seq: number): Promise<{ data: Uint8Array } | undefined> {
  return (await jsm.streams.getMessage(stream, { seq })) ?? undefined;
}

const DEFAULTS: NatsTopology = {
  stream: "MIMIC_READINGS",
  subject: "mimic.readings",
  durable: "mimic-store",
  maxMessages: 1_000_000,
  maxBytes: 1024 ** 3,
  replicas: 1,
  duplicateWindowMs: 120_000,
  ackWaitMs: 30_000,
  partitions: 1,
  ownPartitions: [0],
};

function decode(data: Uint8Array): BusMessage | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(data)) as Partial<BusMessage>;
    return typeof v.id === "string" && Array.isArray(v.readings) ? { id: v.id, readings: v.readings } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The scale-out bus: NATS JetStream. `publish` resolves once JetStream has stored the message
 * in a file-backed workqueue stream (PubAck); a `Nats-Msg-Id` equal to the message id makes a
 * resend inside the duplicate window a no-op. Consumers share one durable pull consumer, ack
 * only after the handler succeeded, and nak (redeliver) otherwise.
 */
export class NatsBus implements MessageBus {
  readonly keepsReadingsWithoutStore = true;
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #t: NatsTopology;
  readonly #o: Required<Pick<NatsBusOptions, "publishTimeoutMs" | "maxBatchMessages" | "nakDelayMs" | "maxNakDelayMs" | "retryAfterMs">>;
  readonly #subs = new Set<() => Promise<void>>();
  #publishing = 0;
  #buffered = 0;
  #lastPending = 0;
  #dropped = 0;
  #closed = false;
  /** False from a disconnect until the client has reconnected: publishes fail at once meanwhile. */
  #connected = true;
  /** Publishes waiting for JetStream's answer; rejected at once when the connection drops. */
  readonly #inFlight = new Set<(error: MimicError) => void>();
  readonly #jsm: JetStreamManager;
  readonly #orphanTimer: NodeJS.Timeout;
  readonly #orphansPerCheck: number;
  #orphansPurged = 0;
  /** The handler `consume` was given: orphan candidates go through it before they are removed. */
  #handler: Handler | undefined;
  #purging: Promise<number> | undefined;
  /**
   * Set when a publish found the stream at its limits (a store outage long enough to fill it):
   * the node cannot take readings, so `healthy` is false until the stream has room again.
   */
  #full = false;

  constructor(nc: NatsConnection, jsm: JetStreamManager, topology: NatsTopology, options: NatsBusOptions) {
    this.#nc = nc;
    this.#jsm = jsm;
    this.#js = jetstream(nc);
    this.#t = topology;
    this.#o = {
      publishTimeoutMs: options.publishTimeoutMs ?? 5000,
      maxBatchMessages: options.maxBatchMessages ?? 500,
      nakDelayMs: options.nakDelayMs ?? 500,
      maxNakDelayMs: options.maxNakDelayMs ?? 10_000,
      retryAfterMs: options.retryAfterMs ?? 1000,
    };
    void this.#watchConnection();
    this.#orphanTimer = setInterval(() => void this.purgeOrphans(), options.orphanCheckMs ?? 60_000).unref();
    this.#orphansPerCheck = options.orphansPerCheck ?? 10_000;
  }

  /**
   * Removes acknowledged messages nats-server 2.9.x left in the stream (see `orphanCandidates` in
   * nats-setup.ts), so the stream's limits apply to the unprocessed backlog only. Runs once this
   * process consumes, every `orphanCheckMs`, after a reconnect, and when a publish finds the
   * stream full. A process that does not consume leaves them to one that does: each candidate
   * goes through the handler (an idempotent store append) before it is removed, because 2.9's
   * ack floor can pass a message it still owes.
   */
  purgeOrphans(): Promise<number> {
    const handler = this.#handler;
    if (this.#closed || !this.#connected || handler === undefined) return Promise.resolve(0);
    this.#purging ??= this.#settleOrphans(handler)
      .then(
        (n) => ((this.#orphansPurged += n), n),
        () => 0,
      )
      .finally(() => (this.#purging = undefined));
    return this.#purging;
  }

  /**
   * Reads the candidates in stream order a batch at a time, hands each batch to the handler and
   * purges up to it once the handler took it; stops at the first batch the handler fails (the
   * store is down: the next check goes on). Returns how many messages were removed.
   */
  async #settleOrphans(handler: Handler): Promise<number> {
    const range = await orphanCandidates(this.#jsm, this.#t);
    if (range === undefined) return 0;
    const last = Math.min(range.floor, range.first + this.#orphansPerCheck - 1);
    let removed = 0;
    for (let from = range.first; from <= last && !this.#closed; from += this.#o.maxBatchMessages) {
      const to = Math.min(last, from + this.#o.maxBatchMessages - 1);
      const batch: BusMessage[] = [];
      for (let seq = from; seq <= to; seq++) {
        const stored = await storedAt(this.#jsm, this.#t.stream, seq);
        const msg = stored === undefined ? undefined : decode(stored.data);
        if (msg !== undefined) batch.push(msg);
      }
      if (!(await this.#takeAll(batch, handler))) break;
      removed += (await this.#jsm.streams.purge(this.#t.stream, { seq: to + 1 })).purged;
    }
    return removed;
  }

  /**
   * True once the handler took every message (a message it refuses for good counts as taken, as
   * the consumer terminates it); false when it failed with something retrying may fix.
   */
  async #takeAll(batch: readonly BusMessage[], handler: Handler): Promise<boolean> {
    if (batch.length === 0) return true;
    try {
      await handler(batch);
      return true;
    } catch (err) {
      if (!isMimicError(err) || err.retryable) return false;
      if (batch.length === 1) {
        this.#dropped++;
        return true;
      }
      for (const m of batch) if (!(await this.#takeAll([m], handler))) return false;
      return true;
    }
  }

  /** Orphaned acknowledged messages purged since start (nats-server 2.9.x defect). */
  orphansPurged(): number {
    return this.#orphansPurged;
  }

  async #watchConnection(): Promise<void> {
    for await (const s of this.#nc.status()) {
      if (s.type === "disconnect") {
        this.#connected = false;
        // Their answer cannot come on this connection: 503 now instead of after the publish
        // timeout. Had JetStream stored one anyway, the client's resend is de-duplicated (msg id).
        const error = this.#down();
        for (const reject of this.#inFlight) reject(error);
        this.#inFlight.clear();
      } else if (s.type === "reconnect") {
        this.#connected = true;
        // A server that was killed is where 2.9.x leaves orphans.
        void this.purgeOrphans();
      }
    }
  }

  #down(): MimicError {
    return new MimicError("BUS_UNAVAILABLE", "the connection to NATS is down (reconnecting); nothing was accepted, retry after Retry-After", {
      retryAfterMs: this.#o.retryAfterMs,
    });
  }

  /** False while the connection to the server is down and the client is reconnecting. */
  connected(): boolean {
    return this.#connected && !this.#nc.isClosed();
  }

  async publish(message: BusMessage): Promise<void> {
    if (this.#closed || this.#nc.isClosed())
      throw new MimicError("BUS_CLOSED", "the NATS bus is closed; retry against a running server", { retryAfterMs: this.#o.retryAfterMs });
    const data = new TextEncoder().encode(JSON.stringify(message));
    const max = this.#nc.info?.max_payload ?? 1024 * 1024;
    if (data.length > max) {
      throw new MimicError("BUS_MESSAGE_TOO_LARGE", `a message of ${data.length} bytes exceeds the NATS server's max_payload of ${max}; send smaller batches`);
    }
    if (!this.#connected) throw this.#down();
    this.#publishing++;
    let reject: ((error: MimicError) => void) | undefined;
    try {
      await Promise.race([
        this.#js.publish(this.#subjectOf(message), data, { msgID: message.id, timeout: this.#o.publishTimeoutMs }),
        new Promise<never>((_, r) => this.#inFlight.add((reject = r))),
      ]);
      this.#full = false;
    } catch (e) {
      if (isMimicError(e)) throw e;
      const text = e instanceof Error ? e.message : "";
      if (/maximum (messages|bytes)/i.test(text)) {
        this.#full = true;
        // Full of orphans rather than of work? Then the client's retry finds room.
        void this.purgeOrphans();
        throw new MimicError("BUS_OVERLOADED", `the NATS stream ${this.#t.stream} holds its maximum of unprocessed messages; retry later`, {
          cause: e,
          retryAfterMs: this.#o.retryAfterMs,
        });
      }
      throw new MimicError(
        "BUS_UNAVAILABLE",
        `NATS JetStream did not acknowledge the message (${e instanceof Error ? e.name : "error"}); nothing was accepted, retry later`,
        { cause: e, retryAfterMs: this.#o.retryAfterMs },
      );
    } finally {
      this.#inFlight.delete(reject!);
      this.#publishing--;
    }
  }

  /** A message holds one request's readings, all of one device: its partition's subject. */
  #subjectOf(message: BusMessage): string {
    const t = this.#t;
    return t.partitions > 1 ? `${t.subject}.${partitionOf(message.readings[0]?.device ?? "", t.partitions)}` : t.subject;
  }

  /** Consumes this process's partitions (all of one subject when not partitioned). */
  async consume(handler: Handler): Promise<BusSubscription> {
    if (this.#closed) throw new MimicError("BUS_CLOSED", "the NATS bus is closed");
    const subs: BusSubscription[] = [];
    for (const c of consumersOf(this.#t)) subs.push(await this.#consumeFrom(c.durable, handler));
    this.#handler ??= handler;
    void this.purgeOrphans();
    return { stop: async () => void (await Promise.all(subs.map((s) => s.stop()))) };
  }

  async #consumeFrom(durable: string, handler: Handler): Promise<BusSubscription> {
    const consumer = await this.#js.consumers.get(this.#t.stream, durable);
    const messages = await consumer.consume({ max_messages: this.#o.maxBatchMessages * 2 });
    const buffer: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let stopping = false;
    const pump = (async () => {
      try {
        for await (const m of messages) {
          buffer.push(m);
          this.#buffered++;
          wake?.();
        }
      } catch {
        // The connection closed under the iterator: unacked messages are redelivered elsewhere.
      }
      ended = true;
      wake?.();
    })();
    // Messages arriving while the handler runs wait in `buffer` and go together in the next call.
    const loop = (async () => {
      while (!stopping) {
        if (buffer.length === 0) {
          if (ended) break;
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        const batch = buffer.splice(0, this.#o.maxBatchMessages);
        await this.#handle(batch, handler);
        this.#buffered -= batch.length;
      }
    })();
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      this.#subs.delete(stop);
      await messages.close().catch(() => undefined);
      wake?.();
      await loop;
      await pump;
      // Not handled here: hand them back at once instead of waiting out ack_wait.
      const left = buffer.splice(0);
      for (const m of left) m.nak();
      this.#buffered -= left.length;
    };
    this.#subs.add(stop);
    return { stop };
  }

  async #handle(batch: JsMsg[], handler: Handler): Promise<void> {
    const good: { m: JsMsg; msg: BusMessage }[] = [];
    for (const m of batch) {
      const msg = decode(m.data);
      // Bytes that are not a bus message can never be processed: terminate, never redeliver.
      if (msg) good.push({ m, msg });
      else this.#term(m, "undecodable");
    }
    this.#lastPending = batch.at(-1)?.info.pending ?? this.#lastPending;
    if (good.length === 0) return;
    try {
      await handler(good.map((g) => g.msg));
      await Promise.all(good.map((g) => g.m.ackAck().catch(() => false)));
    } catch (err) {
      if (isMimicError(err) && !err.retryable && good.length > 1) {
        // A refusal retrying cannot fix belongs to one message: retry each alone to find it.
        for (const g of good) await this.#handle([g.m], handler);
        return;
      }
      for (const g of good) {
        if (isMimicError(err) && !err.retryable) this.#term(g.m, err.code);
        else g.m.nak(this.#redeliveryDelay(g.m.info.deliveryCount));
      }
    }
  }

  /**
   * Exponential backoff by delivery count (500 ms, 1 s, 2 s, … up to maxNakDelayMs): a store
   * outage costs a few redeliveries per message, not one every 500 ms for as long as it lasts.
   */
  #redeliveryDelay(deliveries: number): number {
    return Math.min(this.#o.nakDelayMs * 2 ** Math.min(Math.max(deliveries - 1, 0), 30), this.#o.maxNakDelayMs);
  }

  #term(m: JsMsg, reason: string): void {
    this.#dropped++;
    m.term(reason);
  }

  /** Messages this process holds unprocessed, plus the consumer's backlog at the last delivery. */
  depth(): number {
    return this.#publishing + this.#buffered + this.#lastPending;
  }

  /** Messages terminated because they can never be processed (undecodable, or refused by the store). */
  dropped(): number {
    return this.#dropped;
  }

  /**
   * True when the server answers a round trip within two seconds (false while reconnecting), and
   * the stream has room: after a publish found it full, the stream's state is read here (a load
   * balancer that stopped sending on a not-ready answer would otherwise never see it ready again).
   */
  async healthy(): Promise<boolean> {
    if (this.#closed || !this.connected()) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 2000)));
    try {
      return await Promise.race([
        this.#nc.flush().then(
          () => (this.#full ? this.#hasRoom() : true),
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #hasRoom(): Promise<boolean> {
    try {
      const { config, state } = await this.#jsm.streams.info(this.#t.stream);
      const room = (config.max_msgs < 0 || state.messages < config.max_msgs) && (config.max_bytes < 0 || state.bytes < config.max_bytes);
      if (room) this.#full = false;
      return room;
    } catch {
      return false;
    }
  }

  /** Stops consumers (their handlers finish and ack), waits for publishes, closes the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#orphanTimer);
    await this.#purging;
    await Promise.all([...this.#subs].map((stop) => stop()));
    await this.#nc.drain().catch(() => undefined);
  }

  /** The underlying connection (for tests that kill it mid-batch). */
  get connection(): NatsConnection {
    return this.#nc;
  }
}

/**
 * Connects to NATS, creates or updates the stream and the durable consumer, and returns the bus.
 *
 * @example
 * const bus = await connectNatsBus({ url: "nats://127.0.0.1:4222" });
 * await bus.consume(async (ms) => { await store.appendReadings(ms.flatMap((m) => m.readings)); });
 * await bus.publish({ id: "req-1", readings }); // resolves once JetStream stored it
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const topology: NatsTopology = {
    stream: options.stream ?? DEFAULTS.stream,
    subject: options.subject ?? DEFAULTS.subject,
    durable: options.durable ?? DEFAULTS.durable,
    maxMessages: options.maxMessages ?? DEFAULTS.maxMessages,
    maxBytes: options.maxBytes ?? DEFAULTS.maxBytes,
    replicas: options.replicas ?? DEFAULTS.replicas,
    duplicateWindowMs: options.duplicateWindowMs ?? DEFAULTS.duplicateWindowMs,
    ackWaitMs: options.ackWaitMs ?? DEFAULTS.ackWaitMs,
    partitions: options.partitions ?? DEFAULTS.partitions,
    ownPartitions: options.ownPartitions ?? Array.from({ length: options.partitions ?? DEFAULTS.partitions }, (_, k) => k),
  };
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  try {
    // A server process keeps reconnecting for ever: while NATS is away, publishes fail at once
    // with BUS_UNAVAILABLE (503) and /readyz reports it. Attempts every 250 ms (±100 ms jitter)
    // put the first successful request within ~0.4 s of the server accepting connections again.
    nc = await connect({
      servers: options.url,
      name: "mimic",
      timeout: 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      reconnectJitter: 100,
    });
  } catch (cause) {
    throw new MimicError("BUS_UNAVAILABLE", "cannot connect to NATS; check --bus and that the server runs with JetStream enabled (-js)", {
      cause,
      retryAfterMs: 1000,
    });
  }
  try {
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, topology);
    await ensureConsumer(jsm, topology);
  } catch (cause) {
    await nc.close();
    throw new MimicError("BUS_UNAVAILABLE", `cannot set up the JetStream stream ${topology.stream}; is JetStream enabled on the server (nats-server -js)?`, {
      cause,
      retryAfterMs: 1000,
    });
  }
  return new NatsBus(nc, jsm, topology, options);
}
