// nats-server 2.9.x leaves acknowledged messages in a workqueue stream when it is killed under
// load. A private server (not the shared one) is SIGKILLed and restarted mid-load; afterwards the
// stream must hold exactly what the consumer still has to process.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServerInstalled, startPrivateNats, type PrivateNats } from "../../../../test/support/private-nats.js";
import { eventually } from "../test-support/bus.contract.js";
import { connectNatsBus, type NatsBus } from "./nats-bus.js";

describe.skipIf(!natsServerInstalled())("NATS bus across a killed nats-server", () => {
  let nats: PrivateNats;
  beforeAll(async () => {
    nats = await startPrivateNats();
  });
  afterAll(() => nats?.close());

  it("keeps every acknowledged message, and leaves no acknowledged one in the stream", async () => {
    // orphanCheckMs: the periodic check is left out so the test sees what the reconnect does.
    const bus: NatsBus = await connectNatsBus({ url: nats.url, ackWaitMs: 1000, nakDelayMs: 20, orphanCheckMs: 3_600_000 });
    const acked = new Set<string>();
    const seen = new Map<string, number>();
    await bus.consume((ms) => {
      for (const m of ms) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
      return Promise.resolve();
    });
    let running = true;
    let n = 0;
    const load = Array.from({ length: 8 }, async () => {
      while (running) {
        const id = `m${n++}`;
        try {
          await bus.publish({ id, readings: [] });
          acked.add(id);
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    await eventually(() => Promise.resolve(acked.size >= 2000));
    await nats.kill();
    await nats.start();
    await eventually(() => Promise.resolve(bus.connected()));
    const before = acked.size;
    await eventually(() => Promise.resolve(acked.size >= before + 500));
    running = false;
    await Promise.all(load);
    // Every acknowledged message reaches the consumer (redelivered after ack_wait if need be).
    await eventually(() => Promise.resolve([...acked].every((id) => seen.has(id))), 60_000);

    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const live = async () => {
        const c = await jsm.consumers.info("MIMIC_READINGS", "mimic-store");
        return c.num_pending + c.num_ack_pending;
      };
      await eventually(async () => (await live()) === 0, 60_000);
      const leftBefore = (await jsm.streams.info("MIMIC_READINGS")).state.messages;
      const purged = await bus.purgeOrphans();
      expect(purged).toBe(leftBefore);
      expect((await jsm.streams.info("MIMIC_READINGS")).state.messages).toBe(0);
      console.info(`nats-server killed under load: ${leftBefore} acknowledged messages were left in the stream, ${purged} purged`);
    } finally {
      await nc.close();
      await bus.close();
    }
  }, 120_000);
});
