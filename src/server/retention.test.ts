import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "../http/test-support/test-runtime.js";
import { dht } from "../telemetry/adapters/test-support/readings-fixture.js";

const DAY = 86_400;

describe("mimic serve --retention", () => {
  let t: TestRuntime;
  let clock = Date.UTC(2026, 0, 10);
  let device: string;
  beforeAll(async () => {
    t = await startTestRuntime({ retention: "2d" }, () => clock);
    device = await t.device("rp1", "DHT22", { now: clock });
  });
  afterAll(() => t.close());

  const post = (timestamp: number) =>
    t.runtime.app.inject({
      method: "POST",
      url: "/v1/telemetry",
      headers: { authorization: device, "content-type": "application/json" },
      payload: { device: "rp1", type: "DHT22", timestamp, data: { temperature: 20, humidity: 50 } },
    });

  it("refuses at ingest a reading older than the window (so PostgreSQL never makes a partition outside it)", async () => {
    const now = clock / 1000;
    const old = await post(now - 2 * DAY - 1);
    expect([old.statusCode, old.json<{ error: { code: string; issues: { code: string }[] } }>().error.issues.map((i) => i.code)]).toEqual([400, ["too_old"]]);
    expect((await post(now - 2 * DAY + 60)).statusCode).toBe(201);
  });

  it("deletes readings as they leave the window on the runtime's schedule, by its clock", async () => {
    const sweeper = t.runtime.retention!;
    await sweeper.sweep(); // the start-up pass may still run; this one starts from a settled store
    const now = clock / 1000;
    await t.runtime.store.appendReadings([dht("rp1", now - 10 * DAY, 1, 1), dht("rp1", now - DAY, 2, 2)]);
    const before = await t.runtime.store.countReadings();
    expect(await sweeper.sweep()).toMatchObject({ readingsDeleted: 1 });
    clock += 2 * DAY * 1000;
    // Now the one-day-old reading and the one posted above are out of the window too.
    expect(await sweeper.sweep()).toMatchObject({ readingsDeleted: 2 });
    expect(await t.runtime.store.countReadings()).toBe(before - 3);
  });

  it("keeps readings forever with --retention off: no sweeper, and 2000-01-01 is the only lower bound", async () => {
    const forever = await startTestRuntime({ retention: "off" }, () => clock);
    try {
      expect(forever.runtime.retention).toBeUndefined();
      const token = await forever.device("rp1", "DHT22", { now: clock });
      const res = await forever.runtime.app.inject({
        method: "POST",
        url: "/v1/telemetry",
        headers: { authorization: token, "content-type": "application/json" },
        payload: { device: "rp1", type: "DHT22", timestamp: 1_557_585_090.5, data: { temperature: 20, humidity: 50 } },
      });
      expect(res.statusCode).toBe(201);
    } finally {
      await forever.close();
    }
  });
});
