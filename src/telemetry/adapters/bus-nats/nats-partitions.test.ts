// Two consumers on one NATS stream partitioned by device: every device's messages reach one of
// them only, in order, so each device's live detection state stays in one process and raises its
// alarm once. Real NATS JetStream and a real SQLite store shared by both consumers.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkService, serviceUrl } from "../../../../test/support/services.js";
import type { Reading } from "../../../sensors/index.js";
import { LiveDetection } from "../../live/index.js";
import type { BusMessage, BusSubscription } from "../../ports.js";
import { openSqliteStore } from "../store-sqlite/index.js";
import { connectNatsBus, type NatsBus } from "./nats-bus.js";
import { partitionOf } from "./nats-setup.js";

const check = await checkService("nats");
const url = serviceUrl("nats");
const k = `P${process.pid}_${Date.now().toString(36)}`;
const root = mkdtempSync(join(tmpdir(), "mimic-nats-part-"));
const T0 = 1_790_000_000;

afterAll(async () => {
  if (check.available) {
    const nc = await connect({ servers: url });
    await (await jetstreamManager(nc)).streams.delete(`MIMIC_${k}`).catch(() => false);
    await nc.close();
  }
  rmSync(root, { recursive: true, force: true });
});

/** A device's readings: 60 that vary, 30 frozen (a stuck sensor), one that varies again, 15 s apart. */
function series(device: string): Reading[] {
  return Array.from({ length: 91 }, (_, i) => {
    const frozen = i >= 60 && i < 90;
    const t = T0 + i * 15;
    const temperature = frozen ? 21.2 : Math.round((21 + (i % 4) / 10) * 10) / 10;
    const humidity = frozen ? 45.1 : Math.round((45 + (i % 3) / 10) * 10) / 10;
    return { id: `${device}@${t}`, device, kind: "DHT22", typeLabel: "DHT22", timestamp: t, receivedAt: t * 1000 + 200, data: { temperature, humidity } };
  });
}

describe.skipIf(!check.available)("nats partitioned by device", () => {
  it("hands every device to one of two consumers, whose detectors each raise its stuck alarm once", async () => {
    const store = await openSqliteStore({ path: join(root, "mimic.db"), thread: "inline" });
    const base = { url, stream: `MIMIC_${k}`, subject: `mimic.part.${k}`, durable: `store_${k}`, partitions: 2, ackWaitMs: 2000 };
    const buses: NatsBus[] = [];
    const subs: BusSubscription[] = [];
    const lives: LiveDetection[] = [];
    const seen: Map<string, number>[] = [new Map(), new Map()];
    try {
      for (const own of [0, 1]) {
        const bus = await connectNatsBus({ ...base, ownPartitions: [own] });
        const live = await LiveDetection.start(store, { sweepMs: 0 });
        buses.push(bus);
        lives.push(live);
        subs.push(
          await bus.consume(async (messages: readonly BusMessage[]) => {
            const readings = messages.flatMap((m) => m.readings);
            const result = await store.appendReadings(readings);
            for (const r of readings) seen[own]!.set(r.device, (seen[own]!.get(r.device) ?? 0) + 1);
            if (result.inserted > 0) live.observe(readings);
          }),
        );
      }
      const devices = Array.from({ length: 8 }, (_, i) => `room-${i}`);
      // Each device's readings in messages of 7, published by the two servers in turn.
      let n = 0;
      for (const d of devices) {
        const all = series(d);
        for (let i = 0; i < all.length; i += 7) await buses[n++ % 2]!.publish({ id: `${d}-${i}`, readings: all.slice(i, i + 7) });
      }
      const total = devices.length * 91;
      for (let wait = 0; wait < 200 && [...seen[0]!.values(), ...seen[1]!.values()].reduce((a, b) => a + b, 0) < total; wait++)
        await new Promise((r) => setTimeout(r, 100));
      for (const d of devices) {
        const p = partitionOf(d, 2);
        expect(seen[p]!.get(d), d).toBe(91);
        expect(seen[1 - p]!.has(d), d).toBe(false);
      }
      expect(new Set(devices.map((d) => partitionOf(d, 2))).size).toBe(2); // both consumers had work
      for (const live of lives) await live.flush();
      const alarms = await store.listAlarms({ state: "all", limit: 100 });
      expect(alarms.map((a) => [a.device, a.kind, a.state, a.start]).sort()).toEqual(devices.map((d) => [d, "stuck", "closed", T0 + 60 * 15]).sort());
    } finally {
      for (const s of subs) await s.stop();
      for (const live of lives) await live.stop();
      for (const b of buses) await b.close();
      await store.close();
    }
  }, 120_000);
});
