// `mimic serve --tls-cert --tls-key` serves HTTPS (a self-signed certificate made with openssl).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedJsonBody } from "../../src/protocol/test-support/seed-payloads.js";
import { addDevice, startServe } from "./serve-process.js";

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

describe("mimic serve over HTTPS", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the seed's reading over TLS with the certificate it was given", async () => {
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    const token = addDevice(dir, "rp829c7e0e");
    const server = await startServe(["--data-dir", dir, "--tls-cert", cert, "--tls-key", key]);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await post(`${server.url}/v1/telemetry`, readFileSync(cert), { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` }, seedJsonBody("rp829c7e0e", `${Math.floor(Date.now() / 1000) - 5}.5`));
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject({ success: true });
    } finally {
      await server.stop();
    }
  });
});
