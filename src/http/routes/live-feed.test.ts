// The live feed over real sockets: a subscriber that never reads is dropped once its unsent bytes
// pass the bound, while one that reads keeps every event.
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Reading } from "../../sensors/reading.js";
import { LiveFeed, responseSink } from "./live-feed.js";
import { readingsOf, type LiveBatch } from "../../../dashboard/src/live-batch.js";

const reading = (i: number, device = "rp1"): Reading => ({
  id: `r${i}`,
  device,
  kind: "DHT22",
  typeLabel: "DHT22",
  timestamp: 1_796_000_000 + i,
  receivedAt: 1_796_000_000_000 + i,
  data: { temperature: 20 + (i % 10) / 10, humidity: 40 },
});

/** The readings of the `batch` events in `chunks`, read by the dashboard's own decoder. */
const readingsIn = (chunks: string[]) => chunks.flatMap((c) => readingsOf(JSON.parse(/^data: (.*)$/m.exec(c)![1]!) as LiveBatch)!);

describe("LiveFeed", () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((c) => c()));

  /** An HTTP server whose every request subscribes to `feed` (all devices), as `/v1/live` does. */
  async function serveFeed(feed: LiveFeed): Promise<number> {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": live\n\n");
      const unsubscribe = feed.subscribe(undefined, responseSink(res));
      res.on("close", unsubscribe);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    closers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    return (server.address() as AddressInfo).port;
  }

  it("sends an event larger than the bound whole to a subscriber that has taken the earlier ones, and drops one that has not", () => {
    // A sink that holds what was written until `drain()`: writableLength is what the client has not taken yet.
    const sink = () => {
      let held = 0;
      const s = {
        written: 0,
        destroyed: false,
        get writableLength() {
          return held;
        },
        write(chunk: string | Uint8Array) {
          held += chunk.length;
          s.written++;
          return false;
        },
        destroy() {
          s.destroyed = true;
        },
        drain() {
          held = 0;
        },
      };
      return s;
    };
    const feed = new LiveFeed({ maxBufferedBytes: 1024, coalesceMs: 0 });
    const reader = sink();
    const stalled = sink();
    feed.subscribe(undefined, reader);
    feed.subscribe(undefined, stalled);
    // One quarter second of a busy fleet: an event several times the bound.
    const burst = Array.from({ length: 400 }, (_, i) => reading(i));
    feed.publish(burst);
    expect([reader.written, stalled.written]).toEqual([1, 1]);
    expect(reader.writableLength).toBeGreaterThan(2 * 1024);
    expect(feed.dropped).toBe(0);
    reader.drain();
    feed.publish(burst);
    // The reader took the first event and gets the second; the stalled one still holds the first: dropped.
    expect(reader.written).toBe(2);
    expect(stalled.destroyed).toBe(true);
    expect(feed.dropped).toBe(1);
    expect(feed.size).toBe(1);
  });

  it("drops a subscriber that never reads instead of buffering for it, and keeps one that reads", async () => {
    const feed = new LiveFeed({ maxBufferedBytes: 64 * 1024, coalesceMs: 0 });
    const port = await serveFeed(feed);
    // The stalled client: sends its request, then never reads a byte.
    const stalled = connect(port, "127.0.0.1");
    closers.push(() => stalled.destroy());
    await once(stalled, "connect");
    stalled.pause();
    stalled.write("GET /v1/live HTTP/1.1\r\nHost: x\r\n\r\n");
    // The reading client counts the events it receives.
    const reader = await new Promise<IncomingMessage>((resolve) => httpRequest({ host: "127.0.0.1", port, path: "/" }, resolve).end());
    closers.push(() => reader.destroy());
    let received = 0;
    reader.setEncoding("utf8");
    let pending = "";
    reader.on("data", (chunk: string) => {
      // Events end with a blank line; a chunk may end mid-event.
      pending += chunk;
      for (let end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
        if (pending.startsWith("event: batch")) received++;
        pending = pending.slice(end + 2);
      }
    });
    while (feed.size < 2) await new Promise((r) => setImmediate(r));

    const dropped = once(feed, "drop");
    let wasDropped = false;
    void dropped.then(() => (wasDropped = true));
    const batch = Array.from({ length: 200 }, (_, i) => reading(i));
    let published = 0;
    // Publish until the stalled client is dropped; the kernel's socket buffers take some megabytes
    // first. The bound on rounds makes a feed that never drops fail instead of hang.
    for (let round = 0; round < 20_000 && !wasDropped; round++) {
      feed.publish(batch);
      published++;
      await new Promise((r) => setImmediate(r));
    }
    expect(wasDropped).toBe(true);
    expect(feed.dropped).toBe(1);
    expect(feed.size).toBe(1);
    // The reader gets every event published, including after the drop.
    feed.publish(batch);
    published++;
    while (received < published) await new Promise((r) => reader.once("data", r));
    expect(received).toBe(published);
  });

  it("sends each subscriber only its device's readings", () => {
    const feed = new LiveFeed({ coalesceMs: 0 });
    const sinks = { rp1: [] as string[], rp2: [] as string[], all: [] as string[] };
    const sink = (into: string[]) => ({ write: (c: string | Uint8Array) => into.push(String(c)) > 0, writableLength: 0, destroy: () => undefined });
    feed.subscribe("rp1", sink(sinks.rp1));
    feed.subscribe("rp2", sink(sinks.rp2));
    feed.subscribe(undefined, sink(sinks.all));
    feed.publish([reading(1, "rp1"), reading(2, "rp3")]);
    const devicesIn = (chunks: string[]) => readingsIn(chunks).map((r) => r.device);
    expect(devicesIn(sinks.rp1)).toEqual(["rp1"]);
    expect(sinks.rp2).toEqual([]);
    expect(devicesIn(sinks.all)).toEqual(["rp1", "rp3"]);
  });

  it("writes each event framed as one HTTP/1.1 chunk to a chunked sink, framed once for all of them, and unframed to the others", () => {
    const feed = new LiveFeed({ coalesceMs: 0 });
    const written = { a: [] as Buffer[], b: [] as Buffer[], plain: [] as Buffer[] };
    // Keeps what it is given (not a copy): both chunked sinks get the same Buffer.
    const sink = (into: Buffer[], chunked: boolean) => ({
      chunked,
      write: (c: string | Uint8Array) => into.push(c as Buffer) > 0,
      writableLength: 0,
      destroy: () => undefined,
    });
    feed.subscribe(undefined, sink(written.a, true));
    feed.subscribe(undefined, sink(written.b, true));
    feed.subscribe(undefined, sink(written.plain, false));
    feed.publish([reading(1), reading(2, "rp2")]);
    feed.ping();
    const event = written.plain[0]!;
    expect(written.a[0]!.toString("latin1")).toBe(`${event.length.toString(16)}\r\n${event.toString("latin1")}\r\n`);
    expect(written.b[0]).toBe(written.a[0]);
    expect(readingsIn([event.toString("utf8")]).map((r) => r.device)).toEqual(["rp1", "rp2"]);
    expect(written.a[1]!.toString("latin1")).toBe("8\r\n: ping\n\n\r\n");
    expect(written.plain[1]!.toString("latin1")).toBe(": ping\n\n");
  });

  it("gathers what is published within the interval into one write per subscriber, each device's in order", async () => {
    const feed = new LiveFeed({ coalesceMs: 50 });
    const writes = { rp1: [] as string[], all: [] as string[] };
    const sink = (into: string[]) => ({ write: (c: string | Uint8Array) => into.push(String(c)) > 0, writableLength: 0, destroy: () => undefined });
    feed.subscribe("rp1", sink(writes.rp1));
    feed.subscribe(undefined, sink(writes.all));
    for (let i = 0; i < 10; i++) feed.publish([reading(i, i % 2 === 0 ? "rp1" : "rp2")]);
    // Nothing is written until the interval ends…
    expect([writes.rp1.length, writes.all.length]).toEqual([0, 0]);
    await new Promise((r) => setTimeout(r, 200));
    // …then one event each, with every reading published, each device's in order (the event holds
    // a device's readings together).
    const rows = (chunks: string[]) => readingsIn(chunks).map((r) => r.timestamp - 1_796_000_000);
    expect(writes.all).toHaveLength(1);
    expect(rows(writes.all)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
    expect(writes.rp1).toHaveLength(1);
    expect(rows(writes.rp1)).toEqual([0, 2, 4, 6, 8]);
    feed.closeAll();
  });
});
