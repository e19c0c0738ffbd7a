import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { ReadingBatch, SensorDHT, SensorPIR } from "../gen/sensors_pb.js";
import { DeviceClient, type DeviceClientOptions } from "./device-client.js";
import { TestPeer } from "./test-support/test-peer.js";
import type { ClientOutcome, DeviceReading } from "./types.js";

const dht = (i: number): DeviceReading => ({
  device: "rp829c7e0e",
  type: "DHT22",
  timestamp: 1557585090.476025 + i,
  data: { temperature: 17.1, humidity: 68.1 },
});
const FAST = { initialMs: 20, maxMs: 200, maxRetryAfterMs: 5000 };

/** Resolves once `condition` holds, checking on each timer turn (a counter the client moves, not a guess at how long it takes). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe("DeviceClient", () => {
  let peer: TestPeer;
  const clients: DeviceClient[] = [];
  const client = (o: Partial<DeviceClientOptions> = {}): DeviceClient => {
    const c = new DeviceClient({ url: peer.url, token: "header.payload.signature", backoff: FAST, ...o });
    clients.push(c);
    return c;
  };
  beforeEach(async () => {
    peer = new TestPeer();
    await peer.start();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await peer.stop();
  });

  it("posts the seed's JSON with a bearer token and a reading id, and batches into arrays", async () => {
    const c = client({ format: "json", lingerMs: 50, batchSize: 3 });
    for (let i = 0; i < 5; i++) c.send(dht(i));
    await c.flush();
    expect(peer.received.map((r) => r.path)).toEqual(["/v1/telemetry", "/v1/telemetry"]);
    expect(peer.received[0]!.headers.authorization).toBe("Bearer header.payload.signature");
    expect(peer.received[0]!.headers["content-type"]).toBe("application/json");
    const readings = peer.jsonReadings();
    expect(readings).toHaveLength(5);
    expect(readings[0]).toMatchObject({ device: "rp829c7e0e", type: "DHT22", timestamp: 1557585090.476025, data: { temperature: 17.1, humidity: 68.1 } });
    expect(new Set(readings.map((r) => r["id"])).size).toBe(5);
    expect(c.stats).toMatchObject({ sent: 5, acknowledged: 5, buffered: 0, retried: 0, requests: 2 });
  });

  it("posts the seed's protobuf messages one per request to the sensor's path, and batches as ReadingBatch", async () => {
    const c = client({ format: "protobuf" });
    c.send(dht(0));
    c.send({ device: "rp1", type: "Onyehn_PIR", timestamp: 1557585091, data: { motion: false } });
    await c.flush();
    expect(peer.received.map((r) => [r.path, r.headers["content-type"]])).toEqual([
      ["/v1/telemetry/dht", "application/x-protobuf"],
      ["/v1/telemetry/pir", "application/x-protobuf"],
    ]);
    const m = SensorDHT.decode(peer.received[0]!.body);
    expect(m).toMatchObject({ device: "rp829c7e0e", type: "DHT22", timestamp: 1557585090.476025, data: { temperature: 17.1, humidity: 68.1 } });
    expect(SensorPIR.decode(peer.received[1]!.body).data?.motion).toBe(false);
    const b = client({ format: "batch", lingerMs: 30 });
    for (let i = 0; i < 4; i++) b.send({ ...dht(i), id: `r-${i}` });
    await b.flush();
    const batch = ReadingBatch.decode(peer.received[2]!.body);
    expect(peer.received[2]!.path).toBe("/v1/telemetry/batch");
    expect(batch.readings.map((r) => [r.id, r.kind, r.data?.$case])).toEqual([0, 1, 2, 3].map((i) => [`r-${i}`, "DHT22", "dht"]));
  });

  it("retries 503 and 429 no sooner than Retry-After, then delivers with the same ids", async () => {
    peer.script.push({ status: 503, headers: { "retry-after": "1" } }, { status: 429, headers: { "retry-after": "0.3" } });
    const outcomes: ClientOutcome[] = [];
    const c = client({ onOutcome: (o) => outcomes.push(o) });
    c.send(dht(0));
    await c.flush();
    const at = peer.received.map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(990);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(290);
    const ids = peer.jsonReadings().map((r) => r["id"]);
    expect(new Set(ids).size).toBe(1);
    expect(c.stats).toMatchObject({ acknowledged: 1, retried: 2, requests: 3 });
    expect(outcomes.map((o) => o.kind)).toEqual(["retrying", "retrying", "acknowledged"]);
    expect(outcomes[0]).toMatchObject({ status: 503, code: "TEST_503" });
  });

  it("does not retry a 4xx that retrying cannot fix, and reports it by status and code", async () => {
    peer.script.push({ status: 401, body: '{"success":false,"error":{"code":"AUTH_INVALID","message":"bad token"}}' }, { status: 400 });
    const c = client({ batchSize: 1 });
    c.send(dht(0));
    c.send(dht(1));
    c.send(dht(2));
    await c.flush();
    expect(peer.received).toHaveLength(3);
    expect(c.stats).toMatchObject({ acknowledged: 1, retried: 0, rejected: { "401 AUTH_INVALID": 1, "400 TEST_400": 1 } });
  });

  it("gives up on a request that hangs past the timeout and sends it again", async () => {
    peer.script.push("hang");
    const c = client({ timeoutMs: 200 });
    c.send(dht(0));
    await c.flush();
    expect(peer.received).toHaveLength(2);
    expect(c.stats).toMatchObject({ acknowledged: 1, retried: 1 });
  });

  it("halves batches on 413 until the server takes them", async () => {
    peer.script.push({ status: 413 });
    const c = client({ batchSize: 8, lingerMs: 20 });
    for (let i = 0; i < 8; i++) c.send(dht(i));
    await c.flush();
    expect(peer.received.map((r) => (JSON.parse(r.body.toString()) as unknown[]).length)).toEqual([8, 4, 4]);
    expect(c.stats.acknowledged).toBe(8);
  });

  it("buffers while the server is down, in order, within its bound, and delivers when it is back", async () => {
    const port = peer.port;
    await peer.stop();
    const c = client({ url: `http://127.0.0.1:${port}`, maxBuffered: 50, batchSize: 10, backoff: { initialMs: 50, maxMs: 100 } });
    for (let i = 0; i < 60; i++) c.send(dht(i));
    expect(c.stats).toMatchObject({ buffered: 50, dropped: 10 });
    // The server is down: the client keeps retrying.
    await until(() => c.stats.retried > 0);
    peer = new TestPeer();
    await peer.start(port);
    await c.flush();
    const got = peer.jsonReadings().map((r) => r["timestamp"]);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => dht(i).timestamp));
    expect(c.stats).toMatchObject({ acknowledged: 50, buffered: 0, dropped: 10 });
  });

  it("keeps its buffer in a file across a process restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mimic-client-"));
    try {
      const file = join(dir, "buffer.jsonl");
      const port = peer.port;
      await peer.stop();
      const first = new DeviceClient({ url: `http://127.0.0.1:${port}`, token: "t", bufferFile: file, backoff: FAST });
      for (let i = 0; i < 20; i++) first.send(dht(i));
      // Closed after a failed delivery, as a device that lost its server would be.
      await until(() => first.stats.retried > 0);
      await first.close();
      peer = new TestPeer();
      await peer.start(port);
      const second = client({ url: `http://127.0.0.1:${port}`, bufferFile: file });
      expect(second.size).toBe(20);
      await second.flush();
      expect(peer.jsonReadings().map((r) => r["timestamp"])).toEqual(Array.from({ length: 20 }, (_, i) => dht(i).timestamp));
      // Consumed: a third client starts empty.
      const third = client({ url: `http://127.0.0.1:${port}`, bufferFile: file });
      expect(third.size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects bad options and sends after close with clear codes", async () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isMimicError(e) ? e.code : "other";
      }
      return undefined;
    };
    expect(codeOf(() => new DeviceClient({ url: "ftp://x", token: "t" }))).toBe("DEVICE_BAD_OPTION");
    expect(codeOf(() => new DeviceClient({ url: "http://u:p@x", token: "t" }))).toBe("DEVICE_BAD_OPTION");
    expect(codeOf(() => new DeviceClient({ url: peer.url, token: "Bearer t" }))).toBe("DEVICE_BAD_OPTION");
    expect(codeOf(() => new DeviceClient({ url: peer.url, token: "t", batchSize: 6000 }))).toBe("DEVICE_BAD_OPTION");
    const c = client();
    await c.close();
    expect(codeOf(() => c.send(dht(0)))).toBe("DEVICE_CLOSED");
  });
});
