// Stream and consumer definitions for the NATS bus, applied idempotently: every process that
// starts creates them if missing and otherwise brings their limits to the configured values.
import { AckPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";

export interface NatsTopology {
  stream: string;
  subject: string;
  durable: string;
  /** Unprocessed messages the stream holds before publishes are refused (back-pressure). */
  maxMessages: number;
  /** Unprocessed bytes the stream holds before publishes are refused. */
  maxBytes: number;
  /** Copies of each message in a cluster (1 on a single server; 3 survives one node loss). */
  replicas: number;
  /** Window in which a repeated Nats-Msg-Id is dropped by the server (ms). */
  duplicateWindowMs: number;
  /** How long a delivered message may stay unacknowledged before it is redelivered (ms). */
  ackWaitMs: number;
  /**
   * Subjects by device hash (`<subject>.<k>`, k < partitions), so that every message of a device
   * goes to one consumer and its live detection state stays in one process. 1 (the default): one
   * subject, one durable shared by every server.
   */
  partitions: number;
  /** The partitions this process consumes (default: all); each server of a fleet takes its own. */
  ownPartitions: readonly number[];
}

/** The partition of a device: FNV-1a of its id, modulo `partitions`. */
export function partitionOf(device: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < device.length; i++) h = Math.imul(h ^ device.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

/** The durable consumers this process reads from, with their subject filters when partitioned. */
export function consumersOf(t: NatsTopology): { durable: string; filter?: string }[] {
  if (t.partitions <= 1) return [{ durable: t.durable }];
  return t.ownPartitions.map((k) => ({ durable: `${t.durable}-p${k}`, filter: `${t.subject}.${k}` }));
}

const nanos = (ms: number) => Math.round(ms * 1_000_000);

/** Creates the stream or updates its limits; a workqueue stream deletes a message once acked. */
export async function ensureStream(jsm: JetStreamManager, t: NatsTopology): Promise<void> {
  const limits = {
    subjects: [t.partitions > 1 ? `${t.subject}.*` : t.subject],
    max_msgs: t.maxMessages,
    max_bytes: t.maxBytes,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(t.duplicateWindowMs),
    num_replicas: t.replicas,
  };
  try {
    await jsm.streams.info(t.stream);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add({ name: t.stream, retention: RetentionPolicy.Workqueue, storage: StorageType.File, ...limits });
      return;
    } catch (err) {
      // Another process created it first: fall through and update it like an existing one.
      if (!(err instanceof JetStreamApiError)) throw err;
    }
  }
  await jsm.streams.update(t.stream, limits);
}

/** Creates the durable pull consumers (explicit acks, unlimited redelivery) or updates them. */
export async function ensureConsumer(jsm: JetStreamManager, t: NatsTopology): Promise<void> {
  for (const c of consumersOf(t)) await ensureOneConsumer(jsm, t, c.durable, c.filter);
}

async function ensureOneConsumer(jsm: JetStreamManager, t: NatsTopology, durable: string, filter: string | undefined): Promise<void> {
  const cfg = {
    ...(filter === undefined ? {} : { filter_subject: filter }),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(t.ackWaitMs),
    // -1: a message is redelivered until a consumer acks it; limiting it would drop readings.
    max_deliver: -1,
    max_ack_pending: 20_000,
  };
  try {
    await jsm.consumers.info(t.stream, durable);
    await jsm.consumers.update(t.stream, durable, cfg);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await jsm.consumers.add(t.stream, { durable_name: durable, ...cfg });
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof JetStreamApiError && (e.code === JetStreamApiCodes.StreamNotFound || e.code === JetStreamApiCodes.ConsumerNotFound);
}

/**
 * nats-server 2.9.x can leave acknowledged messages in a workqueue stream after it is killed
 * (fixed in later servers): they count against max_msgs/max_bytes although no consumer will ever
 * see them again. They lie at or below the durable consumer's ack floor, and they are there when
 * the stream holds more than the consumer still has to deliver or is waiting on.
 *
 * The ack floor alone is not proof, though: after a restart 2.9.10 moves it past messages it still
 * owes a consumer (seen in the chaos suite: a reading naked after the restart, behind the floor
 * a minute later, never delivered). So this only names the candidates, `first`..`floor`; the bus
 * hands each one to its handler (the store's idempotent append) before it removes any
 * (`NatsBus.purgeOrphans`). Undefined when there is nothing to look at.
 */
export async function orphanCandidates(jsm: JetStreamManager, t: NatsTopology): Promise<{ first: number; floor: number } | undefined> {
  // One consumer's ack floor says nothing of the other partitions' messages: not purged there.
  if (t.partitions > 1) return undefined;
  const [stream, consumer] = await Promise.all([jsm.streams.info(t.stream), jsm.consumers.info(t.stream, t.durable)]);
  const live = consumer.num_pending + consumer.num_ack_pending;
  const floor = consumer.ack_floor.stream_seq;
  if (stream.state.messages <= live || floor < stream.state.first_seq) return undefined;
  return { first: stream.state.first_seq, floor };
}
