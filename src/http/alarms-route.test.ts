// GET /v1/alarms, the open alarms in /v1/devices and the gauge on /metrics, against a real runtime
// (SQLite store, embedded bus, live detection on) fed through the ingest API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";
import type { FleetAnswer } from "./routes/devices-route.js";
import type { AlarmJson } from "../telemetry/live/index.js";

const T0 = 1_796_000_000;
const CADENCE = 15;

describe("GET /v1/alarms", () => {
  let t: TestRuntime;
  let clock = T0 * 1000;
  let auth = "";
  beforeAll(async () => {
    t = await startTestRuntime({ "rate-limit": "0" }, () => clock);
    auth = await t.device("room-1", "DHT22", { now: clock });
    await t.device("room-2", "DHT22", { now: clock });
    // One reading a request, each arriving 0.2 s after its device time: 30 that vary, a spike of
    // +15 °C and back, then 12 frozen (a stuck sensor: its alarm opens and stays open).
    const values = [
      ...Array.from({ length: 30 }, (_, i) => [20 + (i % 7) / 10, 40 + (i % 5) / 10]),
      [35.3, 40.2],
      [20.2, 40.3],
      ...Array.from({ length: 12 }, () => [20.3, 40.2]),
    ];
    for (const [i, [temperature, humidity]] of values.entries()) {
      const timestamp = T0 + i * CADENCE;
      clock = timestamp * 1000 + 200;
      const res = await t.runtime.app.inject({
        method: "POST",
        url: "/v1/telemetry",
        headers: { authorization: auth, "content-type": "application/json" },
        payload: JSON.stringify({ device: "room-1", type: "DHT22", timestamp, data: { temperature, humidity } }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await t.runtime.detection!.flush();
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = { authorization: t.read }) => t.runtime.app.inject({ method: "GET", url, headers });

  it("answers the alarms with ISO times, newest start first, and filters by state, kind, device and range", async () => {
    const res = await get("/v1/alarms");
    expect(res.statusCode, res.body).toBe(200);
    const { alarms } = res.json<{ alarms: AlarmJson[] }>();
    expect(alarms.map((a) => [a.kind, a.state])).toEqual([
      ["stuck", "open"],
      ["spike", "closed"],
    ]);
    const [stuck, spike] = alarms as [AlarmJson, AlarmJson];
    expect(spike).toMatchObject({ device: "room-1", sensor: "DHT22", start: new Date((T0 + 30 * CADENCE) * 1000).toISOString() });
    expect(spike.end).toBe(spike.start);
    expect(spike.evidence).toContain("temperature 35.3");
    expect(stuck).toMatchObject({ start: new Date((T0 + 32 * CADENCE) * 1000).toISOString(), end: null, closedAt: null });
    expect(typeof stuck.score).toBe("number");
    expect(Date.parse(stuck.openedAt)).toBeGreaterThan(0);
    expect(Object.keys(stuck).sort()).toEqual(["closedAt", "device", "end", "evidence", "id", "kind", "openedAt", "score", "sensor", "start", "state"]);

    const kinds = async (q: string) => (await get(`/v1/alarms?${q}`)).json<{ alarms: AlarmJson[] }>().alarms.map((a) => a.kind);
    expect(await kinds("state=open")).toEqual(["stuck"]);
    expect(await kinds("state=closed&kind=spike")).toEqual(["spike"]);
    expect(await kinds("kind=dropout")).toEqual([]);
    expect(await kinds("device=room-2")).toEqual([]);
    expect(await kinds(`from=${new Date((T0 + 31 * CADENCE) * 1000).toISOString()}`)).toEqual(["stuck"]);
    expect(await kinds(`to=${T0 + 31 * CADENCE}`)).toEqual(["spike"]);
    expect(await kinds("limit=1")).toEqual(["stuck"]);
  });

  it("refuses bad filters with every problem at once, and a request without a read credential", async () => {
    const bad = await get("/v1/alarms?state=ringing&kind=fire&from=yesterday&colour=red");
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe("QUERY_INVALID");
    const fixed = await get("/v1/alarms?state=ringing&kind=fire&from=yesterday");
    expect(fixed.statusCode).toBe(400);
    expect(fixed.body).toContain("state");
    expect(fixed.body).toContain("kind");
    expect(fixed.body).toContain("from");
    expect((await get("/v1/alarms", {})).statusCode).toBe(401);
  });

  it("shows each device's open alarms and sensor health in /v1/devices, and open alarms by kind on /metrics", async () => {
    const fleet = (await get("/v1/devices")).json<FleetAnswer>();
    const one = fleet.devices.find((d) => d.id === "room-1")!;
    expect(one.openAlarms).toEqual({ count: 1, kinds: ["stuck"] });
    expect(one.health).toEqual([
      { sensor: "DHT22", status: "live", lastSeen: T0 + 43 * CADENCE, lastArrival: T0 + 43 * CADENCE + 0.2, cadenceSeconds: CADENCE },
    ]);
    const two = fleet.devices.find((d) => d.id === "room-2")!;
    expect(two.openAlarms).toEqual({ count: 0, kinds: [] });
    expect(two.health).toEqual([]);
    const metrics = (await get("/metrics")).body;
    expect(metrics).toContain('mimic_alarms_open{kind="stuck"} 1');
    expect(metrics).toContain('mimic_alarms_open{kind="spike"} 0');
  });
});
