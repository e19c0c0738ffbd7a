// The dashboard's read endpoints against a real runtime (SQLite store, embedded bus, fixed clock).
import { request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";
import type { FleetAnswer } from "./routes/devices-route.js";
import type { SeriesAnswer } from "./routes/series-route.js";
import { readingsOf, type LiveBatch } from "../../dashboard/src/live-batch.js";

// A fixed server clock on a whole 1000 s, so series columns line up with the store's buckets.
const NOW = 1_796_000_000;

describe("dashboard endpoints", () => {
  let t: TestRuntime;
  const auth: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestRuntime({ "rate-limit": "0" }, () => NOW * 1000);
    for (const id of ["room-live", "room-late", "room-silent", "room-never"]) auth[id] = await t.device(id, ["DHT22", "PIR", "LIGHT"], { now: NOW * 1000 });
    auth["room-dht"] = await t.device("room-dht", "DHT22", { now: NOW * 1000 });
    auth["room-mixed"] = await t.device("room-mixed", ["DHT22", "PIR", "LIGHT"], { now: NOW * 1000 });
  });
  afterAll(() => t.close());

  const post = async (device: string, readings: object[]) => {
    const res = await t.runtime.app.inject({
      method: "POST",
      url: "/v1/telemetry/batch",
      headers: { authorization: auth[device]!, "content-type": "application/json" },
      payload: JSON.stringify(readings.map((r) => ({ device, ...r }))),
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const get = (url: string, headers: Record<string, string> = { authorization: t.read }) => t.runtime.app.inject({ method: "GET", url, headers });

  it("/v1/series reduces a range to one min/max/mean per column, per field", async () => {
    // 1000 s of DHT22 readings every 10 s, temperature i/10 and humidity 50 + (i % 10): 100 readings.
    const from = NOW - 1000;
    await post(
      "room-dht",
      Array.from({ length: 100 }, (_, i) => ({ type: "DHT22", timestamp: from + i * 10, data: { temperature: i / 10, humidity: 50 + (i % 10) } })),
    );
    const res = await get(`/v1/series?device=room-dht&from=${from}&to=${NOW}&width=10`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<SeriesAnswer>();
    expect(body.bucketSeconds).toBe(100);
    const dht = body.sensors.DHT22!;
    expect(dht.t).toEqual(Array.from({ length: 10 }, (_, c) => from + c * 100));
    expect(dht.count).toEqual(Array(10).fill(10));
    // Column c holds readings 10c … 10c + 9.
    expect(dht.fields["temperature"]!.min.map((v) => Math.round(v * 10))).toEqual(Array.from({ length: 10 }, (_, c) => 10 * c));
    expect(dht.fields["temperature"]!.max.map((v) => Math.round(v * 10))).toEqual(Array.from({ length: 10 }, (_, c) => 10 * c + 9));
    expect(dht.fields["temperature"]!.mean[3]).toBeCloseTo(3.45, 9);
    expect(dht.fields["humidity"]!.mean).toEqual(Array(10).fill(54.5));
    expect(body.sensors.PIR).toBeUndefined();
    // Wider than the readings: one column per reading at most.
    const fine = (await get(`/v1/series?device=room-dht&from=${from}&to=${NOW}&width=4000`)).json<SeriesAnswer>();
    expect(fine.sensors.DHT22!.t).toHaveLength(100);
  });

  it("/v1/series reduces each sensor of a device on its own, keeping a one-reading spike in its column's max", async () => {
    // 500 s: a DHT22 reading every 10 s at 20 °C but one of 35 °C, motion every 50 s (true every
    // other one), the light switched on once.
    const from = NOW - 500;
    await post("room-mixed", [
      ...Array.from({ length: 50 }, (_, i) => ({ type: "DHT22", timestamp: from + i * 10, data: { temperature: i === 23 ? 35 : 20, humidity: 40 } })),
      ...Array.from({ length: 10 }, (_, i) => ({ type: "PIR", timestamp: from + 5 + i * 50, data: { motion: i % 2 === 0 } })),
      { type: "LIGHT", timestamp: from + 120, data: { light: true } },
    ]);
    const body = (await get(`/v1/series?device=room-mixed&from=${from}&to=${NOW}&width=5`)).json<SeriesAnswer>();
    expect(body.bucketSeconds).toBe(100);
    const columns = Array.from({ length: 5 }, (_, c) => from + c * 100);
    const dht = body.sensors.DHT22!;
    expect([dht.t, dht.count]).toEqual([columns, Array(5).fill(10)]);
    // The spike (reading 23, in column 2) is its column's max; the mean dilutes it tenfold.
    expect(dht.fields["temperature"]!.max).toEqual([20, 20, 35, 20, 20]);
    expect(dht.fields["temperature"]!.mean[2]).toBeCloseTo(21.5, 9);
    const pir = body.sensors.PIR!;
    expect([pir.t, pir.count, pir.fields["motion"]!.mean]).toEqual([columns, Array(5).fill(2), Array(5).fill(0.5)]);
    expect(body.sensors.LIGHT).toEqual({ t: [from + 100], count: [1], fields: { light: { mean: [1], min: [1], max: [1] } } });
  });

  it("/v1/series refuses bad parameters with every problem at once, and a missing credential", async () => {
    const bad = await get("/v1/series?from=yesterday&width=0&colour=red");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("QUERY_INVALID");
    const paths = (res: { json<T>(): T }) =>
      res
        .json<{ error: { issues: { path: string }[] } }>()
        .error.issues.map((i) => i.path)
        .sort();
    expect(paths(bad)).toEqual(["colour"]);
    expect(paths(await get("/v1/series?from=yesterday&width=0"))).toEqual(["device", "from", "width"]);
    expect((await get(`/v1/series?device=x&from=${NOW - 400 * 86_400}&to=${NOW}`)).json().error.code).toBe("QUERY_RANGE_TOO_LARGE");
    expect((await get(`/v1/series?device=x&from=${NOW - 10}`, {})).statusCode).toBe(401);
  });

  it("/v1/devices tells live, late and silent apart by missed cadences, with last seen and the hour's count", async () => {
    await post("room-live", [
      { type: "DHT22", timestamp: NOW - 20, data: { temperature: 20, humidity: 40 } },
      { type: "PIR", timestamp: NOW - 10, data: { motion: true } },
    ]);
    await post("room-late", [{ type: "DHT22", timestamp: NOW - 100, data: { temperature: 20, humidity: 40 } }]); // 6.7 cadences of 15 s
    await post("room-silent", [
      { type: "DHT22", timestamp: NOW - 1000, data: { temperature: 20, humidity: 40 } },
      { type: "DHT22", timestamp: NOW - 2 * 3600, data: { temperature: 20, humidity: 40 } }, // outside the hour
    ]);
    const res = await get("/v1/devices");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<FleetAnswer>();
    expect(body.cadenceSeconds).toBe(15);
    const of = (id: string) => body.devices.find((d) => d.id === id)!;
    expect(of("room-live")).toMatchObject({
      status: "live",
      lastSeen: NOW - 10,
      readingsLastHour: 2,
      sensors: ["DHT22", "PIR", "LIGHT"],
      registration: "active",
    });
    expect(of("room-late")).toMatchObject({ status: "late", lastSeen: NOW - 100, readingsLastHour: 1 });
    // Past 10 cadences, last seen is the start of its minute (the hour is counted per minute).
    expect(of("room-silent")).toMatchObject({ status: "silent", lastSeen: Math.floor((NOW - 1000) / 60) * 60, readingsLastHour: 1 });
    expect(of("room-never")).toMatchObject({ status: "silent", lastSeen: null, readingsLastHour: 0 });
    // A longer cadence makes the late device live again.
    expect((await get("/v1/devices?cadence=60")).json<FleetAnswer>().devices.find((d) => d.id === "room-late")!.status).toBe("live");
    expect((await get("/v1/devices?cadence=0")).json().error.code).toBe("QUERY_INVALID");
    expect((await get("/v1/devices", {})).statusCode).toBe(401);
  });

  it("/v1/live streams a reading as soon as ingest accepts it, only to subscribers of its device", async () => {
    await t.runtime.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.runtime.app.server.address() as AddressInfo;
    const open = (path: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, path, headers: { authorization: t.read } }, resolve);
        req.on("error", reject);
        req.end();
      });
    const mine = await open("/v1/live?device=room-live");
    const other = await open("/v1/live?device=room-late");
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    const events = (stream: IncomingMessage) => {
      const seen: string[] = [];
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => seen.push(chunk));
      return seen;
    };
    const otherEvents = events(other);
    const first = new Promise<string>((resolve) => {
      let text = "";
      mine.setEncoding("utf8");
      mine.on("data", (chunk: string) => {
        text += chunk;
        if (text.includes("event: batch")) resolve(text);
      });
    });
    await post("room-live", [{ type: "DHT22", timestamp: NOW - 5, data: { temperature: 21.5, humidity: 41 } }]);
    const text = await first;
    // Read as the page reads it (dashboard/src/live-batch.ts).
    const data = readingsOf(JSON.parse(/data: (.*)\n\n/.exec(text)![1]!) as LiveBatch);
    expect(data).toEqual([{ device: "room-live", kind: "DHT22", timestamp: NOW - 5, data: { temperature: 21.5, humidity: 41 } }]);
    // The other device's subscriber got the opening comment only.
    expect(otherEvents.join("")).not.toContain("event: batch");
    mine.destroy();
    other.destroy();
    const refused = await new Promise<IncomingMessage>((resolve) => httpRequest({ host: "127.0.0.1", port, path: "/v1/live" }, resolve).end());
    expect(refused.statusCode).toBe(401);
    refused.resume();
  });
});
