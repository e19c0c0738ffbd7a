import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../../test/support/services.js";
import type { ReadingRow } from "../../ports.js";
import { eventually, message, runBusContract } from "../test-support/bus.contract.js";
import { openSqliteStore } from "../store-sqlite/index.js";
import { connectNatsBus, type NatsBusOptions } from "./nats-bus.js";
import { startTcpProxy, viaProxy } from "../../../../test/support/tcp-proxy.js";

const check = await checkService("nats");
const url = serviceUrl("nats");
const run = `T${process.pid}_${Date.now().toString(36)}`;
const streams: string[] = [];
let admin: NatsConnection | undefined;
const root = mkdtempSync(join(tmpdir(), "mimic-nats-"));

beforeAll(async () => {
  if (check.available) admin = await connect({ servers: url });
});
afterAll(async () => {
  if (admin) {
    const jsm = await jetstreamManager(admin);
    for (const s of streams) await jsm.streams.delete(s).catch(() => false);
    await admin.close();
  }
  rmSync(root, { recursive: true, force: true });
});

/** A unique stream/subject/durable, deleted after the run, so runs never collide. */
function topology(): Pick<NatsBusOptions, "stream" | "subject" | "durable"> & { stream: string; subject: string; durable: string } {
  const k = `${run}_${streams.length}`;
  streams.push(`MIMIC_${k}`);
  return { stream: `MIMIC_${k}`, subject: `mimic.test.${k}`, durable: `store_${k}` };
}

async function deleteStream(name: string): Promise<void> {
  const jsm = await jetstreamManager(admin!);
  await jsm.streams.delete(name).catch(() => false);
}

describe.skipIf(!check.available)("nats", () => {
  runBusContract("nats", { publishWaitsForConsumer: false }, () => {
    const t = topology();
    const base = { url, ...t, ackWaitMs: 1000, nakDelayMs: 20 };
    return Promise.resolve({
      open: () => connectNatsBus(base),
      openBounded: () => connectNatsBus({ ...base, maxMessages: 10 }),
      dispose: () => deleteStream(t.stream),
    });
  });

  describe("nats bus specifics", () => {
    it("loses nothing and duplicates nothing when a consumer process is killed mid-batch", async () => {
      const t = topology();
      const dbPath = join(root, "kill", "mimic.db");
      const publisher = await connectNatsBus({ url, ...t, ackWaitMs: 1000 });
      const sent = Array.from({ length: 20 }, (_, i) => message(`k${i}`, 10));
      await Promise.all(sent.map((m) => publisher.publish(m)));

      const child = spawn(
        process.execPath,
        ["--import", "tsx", fileURLToPath(new URL("../test-support/nats-consumer-child.ts", import.meta.url)), url, t.stream, t.subject, t.durable, dbPath],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const exited = new Promise((r) => child.once("exit", r));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (b: Buffer) => {
          if (b.toString().includes("MID")) resolve();
        });
        child.once("exit", () => reject(new Error("consumer child exited before reaching mid-batch")));
      });
      child.kill("SIGKILL");
      await exited;

      const store = await openSqliteStore({ path: dbPath });
      const partial = await store.countReadings();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(200);
      await publisher.consume(async (ms) => void (await store.appendReadings(ms.flatMap((m) => m.readings))));
      await eventually(async () => (await store.countReadings()) === 200);
      // Nothing more can arrive once the stream is empty: on a work queue an acknowledged message is
      // removed, so an empty stream holds nothing left to redeliver (no need to wait out ack_wait).
      const jsm = await jetstreamManager(admin!);
      await eventually(async () => (await jsm.streams.info(t.stream)).state.messages === 0);
      expect(await store.countReadings()).toBe(200);
      const rows = (await store.queryReadings({ kind: "DHT22", from: 0, to: 2e9, limit: 1000 })) as ReadingRow[];
      const got = rows.map((r) => `${r.device}@${r.timestamp}`).sort();
      expect(got).toEqual(sent.flatMap((m) => m.readings.map((r) => `${r.device}@${r.timestamp}`)).sort());
      const info = await jsm.streams.info(t.stream);
      expect(info.state.messages).toBe(0);
      expect(publisher.depth()).toBe(0);
      await publisher.close();
      await store.close();
    });

    it("creates the stream with file storage idempotently and de-duplicates by message id", async () => {
      const t = topology();
      const a = await connectNatsBus({ url, ...t });
      const b = await connectNatsBus({ url, ...t, maxMessages: 5000 });
      const info = await (await jetstreamManager(admin!)).streams.info(t.stream);
      expect(info.config.storage).toBe("file");
      expect(info.config.retention).toBe("workqueue");
      expect(info.config.max_msgs).toBe(5000);
      await a.publish(message("same", 2));
      await b.publish(message("same", 2));
      expect((await (await jetstreamManager(admin!)).streams.info(t.stream)).state.messages).toBe(1);
      await a.close();
      await b.close();
    });

    it("fails fast while the connection is down, also for publishes in flight, and publishes again once reconnected", async () => {
      const target = new URL(url);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 4222));
      // A publish timeout far beyond the test's own: only failing fast can pass.
      const bus = await connectNatsBus({ url: viaProxy(url, proxy), ...topology(), publishTimeoutMs: 600_000 });
      try {
        await bus.publish(message("before", 1));
        await proxy.cut();
        await eventually(() => Promise.resolve(!bus.connected()));
        await expect(bus.publish(message("during", 1))).rejects.toMatchObject({ code: "BUS_UNAVAILABLE", retryable: true, retryAfterMs: 1000 });
        expect(await bus.healthy()).toBe(false);
        const accepted = proxy.accepted();
        await proxy.restore();
        await eventually(() => Promise.resolve(proxy.accepted() > accepted && bus.connected()));
        await bus.publish(message("after", 1));
        expect(await bus.healthy()).toBe(true);
      } finally {
        await bus.close();
        await proxy.close();
      }
    });

    it("rejects a publish in flight when the connection drops, instead of waiting out its timeout", async () => {
      const target = new URL(url);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 4222));
      const bus = await connectNatsBus({ url: viaProxy(url, proxy), ...topology(), publishTimeoutMs: 600_000 });
      try {
        // Sent into a connection that is cut before JetStream's answer can come back.
        const pending = bus.publish(message("inflight", 1));
        await proxy.cut();
        await expect(pending).rejects.toMatchObject({ code: "BUS_UNAVAILABLE" });
      } finally {
        await bus.close();
        await proxy.close();
      }
    });

    it("is not healthy (so /readyz is not ready) while its stream is full, and healthy again once it has room", async () => {
      // A store outage long enough to fill the stream: the node can take no more readings.
      const bus = await connectNatsBus({ url, ...topology(), maxMessages: 3, ackWaitMs: 1000, nakDelayMs: 20 });
      try {
        expect(await bus.healthy()).toBe(true);
        for (let i = 0; i < 3; i++) await bus.publish(message(`full${i}`));
        await expect(bus.publish(message("full3"))).rejects.toMatchObject({ code: "BUS_OVERLOADED" });
        expect(await bus.healthy()).toBe(false);
        // The store is back: the consumer drains the stream, without a publish to clear the state.
        const sub = await bus.consume(() => Promise.resolve());
        await eventually(() => bus.healthy());
        await sub.stop();
      } finally {
        await bus.close();
      }
    });

    it("reports BUS_UNAVAILABLE when the server cannot be reached, and BUS_CLOSED after close", async () => {
      await expect(connectNatsBus({ url: "nats://127.0.0.1:1" })).rejects.toMatchObject({ code: "BUS_UNAVAILABLE", retryable: true });
      const bus = await connectNatsBus({ url, ...topology() });
      await bus.close();
      expect(await bus.healthy()).toBe(false);
      await expect(bus.publish(message("x"))).rejects.toMatchObject({ code: "BUS_CLOSED" });
    });
  });
});
