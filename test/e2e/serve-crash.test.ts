// Durability end to end: every reading that got a 201 survives SIGKILL mid-load; SIGTERM finishes
// the requests in flight.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { addDevice, startServe, type ServeProcess } from "./serve-process.js";

// An hour ago: inside the default retention window (90 days), which ingest enforces.
const BASE = Math.floor(Date.now() / 1000) - 3600;

/** Sends readings from `workers` concurrent loops until stopped; returns the timestamps that got 201. */
function load(server: ServeProcess, token: string, device: string, workers: number): { acked: number[]; stop: () => Promise<number[]> } {
  let running = true;
  const acked: number[] = [];
  let seq = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const ts = BASE + seq++ / 100;
      try {
        const res = await fetch(`${server.url}/v1/telemetry`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ device, type: "DHT22", timestamp: ts, data: { temperature: 20, humidity: 50 } }),
        });
        await res.arrayBuffer();
        if (res.status === 201) acked.push(ts);
        else if (res.status === 503) return; // the server is closing
      } catch {
        return; // the server is gone
      }
    }
  });
  return {
    acked,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return acked;
    },
  };
}

/** Waits until the load has had `count` readings acknowledged (the machine may be slow), at most 20 s. */
async function untilAcked(acked: readonly number[], count: number): Promise<void> {
  for (const start = Date.now(); acked.length < count && Date.now() - start < 20_000;) await new Promise((r) => setTimeout(r, 50));
}

async function storedTimestamps(server: ServeProcess, device: string): Promise<Set<number>> {
  const res = await fetch(`${server.url}/v1/readings?device=${device}&type=DHT22&from=${BASE - 1}&to=${BASE + 100_000}`, {
    headers: { authorization: server.read },
  });
  const body = (await res.json()) as { readings: { timestamp: number }[] };
  return new Set(body.readings.map((r) => r.timestamp));
}

describe("mimic serve durability", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every acknowledged reading across SIGKILL mid-load", async () => {
    const token = addDevice(dir, "rp-crash");
    const server = await startServe(["--data-dir", dir, "--rate-limit", "0"]);
    const traffic = load(server, token, "rp-crash", 16);
    await untilAcked(traffic.acked, 100);
    server.child.kill("SIGKILL");
    const acked = await traffic.stop();
    expect(acked.length).toBeGreaterThanOrEqual(100);
    const restarted = await startServe(["--data-dir", dir]);
    try {
      const stored = await storedTimestamps(restarted, "rp-crash");
      expect(acked.filter((ts) => !stored.has(ts))).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });

  it("finishes requests in flight on SIGTERM and exits 0", async () => {
    const token = addDevice(dir, "rp-term");
    const server = await startServe(["--data-dir", dir, "--rate-limit", "0"]);
    const traffic = load(server, token, "rp-term", 16);
    await untilAcked(traffic.acked, 50);
    const code = await server.stop("SIGTERM");
    const acked = await traffic.stop();
    expect(code).toBe(0);
    expect(server.stderr()).toContain("stopped");
    const restarted = await startServe(["--data-dir", dir]);
    try {
      const stored = await storedTimestamps(restarted, "rp-term");
      expect(acked.filter((ts) => !stored.has(ts))).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });

  it("stops within --shutdown-timeout-ms while a client stalls mid-body, keeping what was acknowledged", async () => {
    const token = addDevice(dir, "rp-stall");
    const server = await startServe(["--data-dir", dir, "--shutdown-timeout-ms", "1000"]);
    const res = await fetch(`${server.url}/v1/telemetry`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ device: "rp-stall", type: "DHT22", timestamp: BASE + 7, data: { temperature: 20, humidity: 50 } }),
    });
    expect(res.status).toBe(201);
    // A request that promises 500 bytes, sends a few and stalls. `Expect: 100-continue` makes the
    // server say when it has the request's head, so the test knows the request is in flight.
    const socket = connect({ host: "127.0.0.1", port: server.port });
    await once(socket, "connect");
    socket.on("error", () => {});
    socket.write(
      `POST /v1/telemetry HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 500\r\nExpect: 100-continue\r\n\r\n`,
    );
    const [interim] = (await once(socket, "data")) as [Buffer];
    expect(interim.toString()).toMatch(/^HTTP\/1\.1 100 Continue/);
    socket.write(`{"dev`);
    const code = await server.stop("SIGTERM");
    socket.destroy();
    expect(code).toBe(0);
    // It stopped by its drain deadline, closing the stalled connection, rather than waiting for it.
    expect(server.stderr() + server.stdout()).toContain("requests still in flight after the drain deadline");
    expect(server.stderr()).toContain("stopped");
    const restarted = await startServe(["--data-dir", dir]);
    try {
      expect((await storedTimestamps(restarted, "rp-stall")).has(BASE + 7)).toBe(true);
    } finally {
      await restarted.stop();
    }
  }, 30_000);
});
