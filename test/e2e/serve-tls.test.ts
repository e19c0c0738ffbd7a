// `mimic serve --tls-cert --tls-key` serves HTTPS (a self-signed certificate made with openssl).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedJsonBody } from "../../src/protocol/test-support/seed-payloads.js";
import { addDevice, mimic, startServe } from "./serve-process.js";

function post(url: string, ca: Buffer, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", ca, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A plain HTTPS subscriber of the live feed: resolves `opened` on the first bytes, `firstBatch` with the first `batch` event's data. */
function subscribe(url: string, ca: Buffer, token: string): { opened: Promise<void>; firstBatch: Promise<unknown>; close: () => void } {
  let close = () => {};
  let opened!: () => void;
  const openedPromise = new Promise<void>((r) => (opened = r));
  const firstBatch = new Promise<unknown>((resolve, reject) => {
    // The promise is 1 s from the 201; a stream that never frames an event fails here.
    setTimeout(() => reject(new Error("no batch event within 5 s")), 5000).unref();
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`/v1/live answered ${res.statusCode}`));
      let text = "";
      res.on("data", (d: Buffer) => {
        opened();
        text += d.toString();
        const match = /event: batch\ndata: (.*)\n\n/.exec(text);
        if (match !== null) resolve(JSON.parse(match[1]!));
      });
    });
    req.on("error", () => {});
    req.end();
    close = () => req.destroy();
  });
  return { opened: openedPromise, firstBatch, close };
}

describe("mimic serve over HTTPS", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the seed's reading over TLS with the certificate it was given, and streams it live", async () => {
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const token = addDevice(dir, "rp829c7e0e");
    const read = mimic(["tokens", "add", "--read", "--data-dir", dir]).stdout.trim();
    const server = await startServe(["--data-dir", dir, "--tls-cert", cert, "--tls-key", key]);
    // The live feed writes its events straight to the connection (live-feed.ts responseSink): over
    // TLS that is the TLS socket, so a subscriber must still read well-framed events.
    const live = subscribe(`${server.url}/v1/live`, readFileSync(cert), read);
    try {
      await live.opened;
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await post(
        `${server.url}/v1/telemetry`,
        readFileSync(cert),
        { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
        seedJsonBody("rp829c7e0e", `${Math.floor(Date.now() / 1000) - 5}.5`),
      );
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject({ success: true });
      const event = await live.firstBatch;
      expect(event).toMatchObject({ v: 3, groups: [{ device: "rp829c7e0e", kind: "DHT22" }] });
    } finally {
      live.close();
      await server.stop();
    }
  });
});
