import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadingBatch } from "../gen/sensors_pb.js";
import { seedBooleanProtobuf, seedDhtProtobuf, seedJsonBody } from "../protocol/test-support/seed-payloads.js";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const PB_TYPE = { "content-type": "application/x-protobuf" };
const ts = () => Math.floor(Date.now() / 1000) - 60;

function dht(device: string, timestamp: number, temperature = 21.5, humidity = 40) {
  return { device, type: "DHT22", timestamp, data: { temperature, humidity } };
}

describe("buildApp (in process, real SQLite store and embedded bus)", () => {
  let t: TestRuntime;
  let auth: string;
  beforeAll(async () => {
    t = await startTestRuntime({ "rate-limit": "1000,1000" });
    auth = await t.device("rp829c7e0e");
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    t.runtime.app.inject({ method: "POST", url, payload, headers: { ...JSON_TYPE, authorization: auth, ...headers } });

  it("201: the seed's double-encoded JSON, stored before the answer", async () => {
    const before = await t.runtime.store.countReadings();
    const res = await post("/v1/telemetry", seedJsonBody("rp829c7e0e", String(ts() + 0.476025)));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ success: true, accepted: 1 });
    expect(await t.runtime.store.countReadings()).toBe(before + 1);
  });

  it("201: the seed's protobuf on /dht, /pir and /light, JSON on /dht, arrays and protobuf batches", async () => {
    const t0 = ts();
    expect((await post("/v1/telemetry/dht", seedDhtProtobuf("rp829c7e0e", t0 + 0.25), PB_TYPE)).statusCode).toBe(201);
    const pirAuth = await t.device("rp-pir", "PIR");
    const lightAuth = await t.device("rp-light", "LIGHT");
    expect((await post("/v1/telemetry/pir", seedBooleanProtobuf("PIR", "rp-pir", t0 + 0.5), { ...PB_TYPE, authorization: pirAuth })).statusCode).toBe(201);
    expect((await post("/v1/telemetry/light", seedBooleanProtobuf("LIGHT", "rp-light", t0 + 0.75), { ...PB_TYPE, authorization: lightAuth })).statusCode).toBe(
      201,
    );
    expect((await post("/v1/telemetry/dht", JSON.stringify(dht("rp829c7e0e", t0 + 0.8)))).statusCode).toBe(201);
    const arr = await post("/v1/telemetry", JSON.stringify([dht("rp829c7e0e", t0 + 1), dht("rp829c7e0e", t0 + 2)]));
    expect(arr.json()).toMatchObject({ success: true, accepted: 2 });
    const batch = {
      readings: Array.from({ length: 500 }, (_, i) => ({
        id: `b${i}`,
        device: "rp829c7e0e",
        kind: "",
        type: "",
        timestamp: t0 - 1000 + i,
        data: { $case: "dht" as const, value: { temperature: 20, humidity: 45 } },
      })),
    };
    const res = await post("/v1/telemetry/batch", Buffer.from(ReadingBatch.encode(batch).finish()), PB_TYPE);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ accepted: 500 });
  });

  it("stores a resent reading once and counts the duplicate", async () => {
    const body = JSON.stringify(dht("rp829c7e0e", ts() + 0.123));
    const before = await t.runtime.store.countReadings();
    expect((await post("/v1/telemetry", body)).statusCode).toBe(201);
    expect((await post("/v1/telemetry", body)).statusCode).toBe(201);
    expect(await t.runtime.store.countReadings()).toBe(before + 1);
    const metrics = (await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/metrics" })).body;
    expect(metrics).toMatch(/mimic_duplicates_dropped_total [1-9]/);
  });

  it("400 with every issue for invalid values, and for undecodable bodies", async () => {
    const res = await post(
      "/v1/telemetry",
      JSON.stringify({ device: "rp829c7e0e", type: "DHT22", timestamp: 1e12, data: { temperature: "hot", humidity: 120 } }),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json<{ success: boolean; error: { code: string; issues: { path: string }[] } }>();
    expect(body.success).toBe(false);
    expect(body.error.code).toBe("INGEST_INVALID");
    expect(body.error.issues.map((i) => i.path)).toEqual(["timestamp", "data.temperature", "data.humidity"]);
    const extra = await post(
      "/v1/telemetry",
      JSON.stringify({ device: "rp829c7e0e", type: "DHT22", timestamp: ts(), data: { temperature: 1, humidity: 2, pressure: 3 } }),
    );
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ error: { code: "INGEST_INVALID", issues: [{ code: "unknown_field", path: "data.pressure" }] } });
    expect((await post("/v1/telemetry", "{not json")).json().error.code).toBe("INGEST_MALFORMED");
    expect((await post("/v1/telemetry", "")).statusCode).toBe(400);
    expect((await post("/v1/telemetry/dht", Buffer.from([0x0a, 0xff, 0x01]), PB_TYPE)).json().error.code).toBe("INGEST_MALFORMED");
  });

  it("422 INGEST_TYPE_MISMATCH naming both types when a reading's type is not the device's registered type, nothing stored", async () => {
    const before = await t.runtime.store.countReadings();
    const pir = { device: "rp829c7e0e", type: "PIR", timestamp: ts(), data: { motion: true } };
    for (const [url, body, headers, path] of [
      ["/v1/telemetry", JSON.stringify(pir), {}, "type"],
      ["/v1/telemetry", JSON.stringify([dht("rp829c7e0e", ts()), pir]), {}, "[1].type"],
      ["/v1/telemetry/pir", seedBooleanProtobuf("PIR", "rp829c7e0e", ts()), PB_TYPE, "type"],
    ] as const) {
      const res = await post(url, body, headers);
      expect(res.statusCode, res.body).toBe(422);
      const error = res.json<{ error: { code: string; message: string; issues: { path: string }[] } }>().error;
      expect(error.code).toBe("INGEST_TYPE_MISMATCH");
      expect(error.message).toContain("type PIR");
      expect(error.message).toContain('"rp829c7e0e" is registered as DHT22');
      expect(error.issues.map((i) => i.path)).toEqual([path]);
    }
    expect(await t.runtime.store.countReadings()).toBe(before);
  });

  it("a device with several sensors sends each of them under one token; a kind it lacks is 422 naming its sensors", async () => {
    const pi = await t.device("rp-two", ["DHT22", "LIGHT"]);
    const t0 = ts();
    const send = (url: string, body: Buffer | string, headers: Record<string, string> = {}) => post(url, body, { authorization: pi, ...headers });
    expect((await send("/v1/telemetry/dht", seedDhtProtobuf("rp-two", t0), PB_TYPE)).statusCode).toBe(201);
    expect((await send("/v1/telemetry/light", seedBooleanProtobuf("LIGHT", "rp-two", t0 + 1), PB_TYPE)).statusCode).toBe(201);
    expect(
      (
        await send(
          "/v1/telemetry",
          JSON.stringify([dht("rp-two", t0 + 2), { device: "rp-two", type: "Anmbest_MD46N", timestamp: t0 + 3, data: { light: false } }]),
        )
      ).statusCode,
    ).toBe(201);
    const before = await t.runtime.store.countReadings();
    const res = await send("/v1/telemetry/pir", seedBooleanProtobuf("PIR", "rp-two", t0 + 4), PB_TYPE);
    expect(res.statusCode).toBe(422);
    const error = res.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe("INGEST_TYPE_MISMATCH");
    expect(error.message).toContain('"rp-two" is registered as DHT22, LIGHT only');
    expect(await t.runtime.store.countReadings()).toBe(before);
  });

  it.each([
    ["no header", undefined, "AUTH_MISSING"],
    ["not Bearer", "Basic dXNlcjpwYXNz", "AUTH_MALFORMED"],
    ["not a JWT", "Bearer abc", "AUTH_MALFORMED"],
    ["a forged JWT", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJycDgyOWM3ZTBlIn0.AAAA", "AUTH_INVALID"],
  ])("401 for %s (%s)", async (_name, header, code) => {
    const headers: Record<string, string> = { ...JSON_TYPE };
    if (header !== undefined) headers["authorization"] = header;
    const res = await t.runtime.app.inject({ method: "POST", url: "/v1/telemetry", payload: seedJsonBody(), headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
    expect(res.body).not.toContain("AAAA");
  });

  it("401 for an expired token", async () => {
    const expired = await t.device("rp-expired", "DHT22", { now: Date.now() - 10_000, expiresInMs: 1000 });
    const res = await post("/v1/telemetry", JSON.stringify(dht("rp-expired", ts())), { authorization: expired });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("AUTH_EXPIRED");
  });

  it("403 when a reading names another device, or the device is disabled", async () => {
    const res = await post("/v1/telemetry", JSON.stringify([dht("rp829c7e0e", ts()), dht("someone-else", ts())]));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: "AUTH_DEVICE_MISMATCH", issues: [{ path: "[1].device" }] });
    const disabled = await t.device("rp-disabled");
    await t.runtime.store.setDeviceStatus("rp-disabled", "disabled", Date.now());
    const res2 = await post("/v1/telemetry", JSON.stringify(dht("rp-disabled", ts())), { authorization: disabled });
    expect(res2.statusCode).toBe(403);
    expect(res2.json().error.code).toBe("AUTH_DEVICE_DISABLED");
  });

  it("404 for unknown routes", async () => {
    const res = await post("/v1/nope", "{}");
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("INGEST_NOT_FOUND");
  });

  it("405 INGEST_METHOD_NOT_ALLOWED with Allow for a known path and another method; every route is in the table", async () => {
    const get = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/v1/telemetry" });
    expect(get.statusCode).toBe(405);
    expect(get.headers["allow"]).toBe("POST");
    expect(get.json()).toMatchObject({
      success: false,
      error: { code: "INGEST_METHOD_NOT_ALLOWED", message: expect.stringContaining("/v1/telemetry takes POST, not GET") },
    });
    const del = await t.runtime.app.inject({ method: "DELETE", url: "/v1/readings?from=1" });
    expect([del.statusCode, del.headers["allow"], del.json().error.code]).toEqual([405, "GET, HEAD", "INGEST_METHOD_NOT_ALLOWED"]);
    // Each path the table names answers its methods (not 404/405), so the table and the routes agree.
    for (const url of ["/v1/telemetry", "/v1/telemetry/dht", "/v1/telemetry/pir", "/v1/telemetry/light", "/v1/telemetry/batch"])
      expect(t.runtime.app.hasRoute({ method: "POST", url })).toBe(true);
    for (const url of ["/v1/readings", "/healthz", "/readyz", "/metrics"]) expect(t.runtime.app.hasRoute({ method: "GET", url })).toBe(true);
  });

  it("431, a bad URL and non-HTTP bytes get the mimic envelope and a code, not Fastify's own body", async () => {
    await t.runtime.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.runtime.app.server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<{ status: number; body: { success: boolean; error: { code: string; message: string } } }>((resolve, reject) => {
        let data = "";
        const socket = connect(port, "127.0.0.1", () => socket.write(request));
        socket.on("data", (c: Buffer) => (data += c.toString()));
        socket.on("error", reject);
        socket.on("close", () => {
          const [head, body] = data.split("\r\n\r\n", 2) as [string, string];
          resolve({ status: Number(head.split(" ")[1]), body: JSON.parse(body) });
        });
      });
    const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.body).toMatchObject({
      success: false,
      error: { code: "INGEST_HEADERS_TOO_LARGE", message: expect.stringContaining("shorten the URL or the headers") },
    });
    expect((await raw(`GET /v1/readings?${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).body.error.code).toBe("INGEST_HEADERS_TOO_LARGE");
    const badUrl = await raw("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect([badUrl.status, badUrl.body.error.code]).toEqual([400, "INGEST_MALFORMED"]);
    const garbage = await raw("HELLO\r\n\r\n");
    expect([garbage.status, garbage.body.error.code]).toEqual([400, "INGEST_MALFORMED"]);
  });

  it("413 for a body over the limit", async () => {
    const res = await post("/v1/telemetry/dht", Buffer.alloc(70 * 1024, 0x20));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("INGEST_TOO_LARGE");
  });

  it("415 for other content types, and protobuf on the JSON-only path", async () => {
    const text = await post("/v1/telemetry", "hello", { "content-type": "text/plain" });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe("INGEST_UNSUPPORTED_MEDIA_TYPE");
    expect((await post("/v1/telemetry", seedDhtProtobuf(), PB_TYPE)).statusCode).toBe(415);
  });

  it("answers GET /v1/readings as JSON and CSV, sorted, projected, downsampled", async () => {
    // A day ago (inside the retention window), on a multiple of 300: buckets start on epoch multiples.
    const base = Math.floor(Date.now() / 1000 / 300) * 300 - 86_400;
    const readings = Array.from({ length: 10 }, (_, i) => dht("rp829c7e0e", base + i * 60, 20 + i, 50));
    expect((await post("/v1/telemetry", JSON.stringify(readings.reverse()))).statusCode).toBe(201);
    const q = `device=rp829c7e0e&type=DHT22&from=${base}&to=${new Date((base + 600) * 1000).toISOString()}`;
    const json = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: `/v1/readings?${q}` });
    expect(json.statusCode).toBe(200);
    const body = json.json<{ count: number; readings: { timestamp: number }[] }>();
    expect(body.count).toBe(10);
    expect(body.readings[0]).toEqual({ device: "rp829c7e0e", type: "DHT22", timestamp: base, temperature: 20, humidity: 50 });
    const times = body.readings.map((r) => r.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const csv = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: `/v1/readings?${q}&format=csv` });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")[0]).toBe("device,type,timestamp,temperature,humidity");
    const buckets = (await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: `/v1/readings?${q}&bucket=300` })).json();
    expect(buckets.buckets, JSON.stringify(buckets)).toHaveLength(2);
    expect(buckets.buckets[0]).toMatchObject({ count: 5, temperature: { min: 20, max: 24, mean: 22 } });
  });

  it("400 for invalid or unbounded queries", async () => {
    const bad = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/v1/readings?type=x&from=yesterday" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path)).toEqual(["type", "from"]);
    const wide = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/v1/readings?from=2000-01-01&to=2020-01-01" });
    expect(wide.json().error.code).toBe("QUERY_RANGE_TOO_LARGE");
    expect(wide.json().error.message).toContain("add bucket=3600");
  });

  it.each(["from=1795620000&from=1795620001", "from=1795620000&type=DHT22&type=PIR", "from=1795620000&device=a&device=b"])(
    "400 QUERY_INVALID naming a repeated parameter: %s",
    async (q) => {
      const res = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: `/v1/readings?${q}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers["retry-after"]).toBeUndefined();
      const error = res.json<{ error: { code: string; message: string; issues: { path: string; code: string }[] } }>().error;
      const name = /(\w+)=[^&]*&\1=/.exec(q)![1]!;
      expect(error.code).toBe("QUERY_INVALID");
      expect(error.issues).toEqual([expect.objectContaining({ path: name, code: "repeated" })]);
      expect(error.message).toContain(`${name} is given 2 times`);
    },
  );

  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    expect((await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/healthz" })).json()).toEqual({ ok: true });
    expect((await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/readyz" })).json()).toEqual({
      ready: true,
      store: true,
      bus: true,
      storeWrites: true,
    });
    const metrics = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/metrics" });
    expect(metrics.headers["content-type"]).toContain("text/plain");
    for (const name of [
      "mimic_http_requests_total",
      "mimic_ingest_latency_seconds_bucket",
      "mimic_readings_stored_total",
      "mimic_duplicates_dropped_total",
      "mimic_requests_rejected_total",
      "mimic_bus_queue_depth",
    ]) {
      expect(metrics.body).toContain(name);
    }
    expect(metrics.body).toMatch(/mimic_requests_rejected_total\{reason="AUTH_MISSING"\} [1-9]/);
    expect(metrics.body).toMatch(/mimic_http_requests_total\{route="\/healthz",method="GET",status="200"\} 1\n/);
    // Request counts are tallied between scrapes and keep adding up across them.
    await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/healthz" });
    const again = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/metrics" });
    expect(again.body).toMatch(/mimic_http_requests_total\{route="\/healthz",method="GET",status="200"\} 2\n/);
  });
});

describe("buildApp limits and outages", () => {
  it("429 with Retry-After past the per-device rate", async () => {
    const t = await startTestRuntime({ "rate-limit": "1,2" });
    try {
      const auth = await t.device("rp1");
      const send = (i: number) =>
        t.runtime.app.inject({
          method: "POST",
          url: "/v1/telemetry",
          payload: JSON.stringify(dht("rp1", ts() + i)),
          headers: { ...JSON_TYPE, authorization: auth },
        });
      expect((await send(1)).statusCode).toBe(201);
      expect((await send(2)).statusCode).toBe(201);
      const limited = await send(3);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe("INGEST_RATE_LIMITED");
      expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    } finally {
      await t.close();
    }
  });

  it("503 with Retry-After when the bus is down, and /readyz says so", async () => {
    const t = await startTestRuntime();
    try {
      const auth = await t.device("rp1");
      await t.runtime.bus.close();
      const res = await t.runtime.app.inject({
        method: "POST",
        url: "/v1/telemetry",
        payload: JSON.stringify(dht("rp1", ts())),
        headers: { ...JSON_TYPE, authorization: auth },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toMatch(/UNAVAILABLE|CLOSED/);
      expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      const ready = await t.runtime.app.inject({ method: "GET", headers: { authorization: t.read }, url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ ready: false, bus: false });
    } finally {
      await t.close();
    }
  });
});
