import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedJsonBody } from "../protocol/test-support/seed-payloads.js";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

/** Sends raw bytes on a fresh connection (headers exactly as written, duplicates included). */
function raw(port: number, request: string | Buffer, halfClose = false): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    let data = "";
    // allowHalfOpen: after end() the client still reads, as curl or a Pi's script may.
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true }, () => (halfClose ? socket.end(request) : socket.write(request)));
    socket.on("data", (c: Buffer) => (data += c.toString()));
    socket.on("error", reject);
    socket.on("end", () => socket.end());
    socket.on("close", () => {
      const [head, body = ""] = data.split("\r\n\r\n", 2) as [string, string | undefined];
      resolve({ status: Number(head.split(" ")[1]), code: /"code":"([A-Z_]+)"/.exec(body)?.[1] });
    });
  });
}

describe("ambiguous input is refused", () => {
  let t: TestRuntime;
  let port: number;
  let device: string;
  beforeAll(async () => {
    t = await startTestRuntime();
    device = await t.device("rp829c7e0e");
    await t.runtime.app.listen({ host: "127.0.0.1", port: 0 });
    port = (t.runtime.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it("two Authorization headers: 401 AUTH_MALFORMED on ingest and on reads (the first no longer wins silently)", async () => {
    const body = seedJsonBody("rp829c7e0e", String(Math.floor(Date.now() / 1000) - 60));
    const post = (headers: string) =>
      Buffer.concat([
        Buffer.from(
          `POST /v1/telemetry HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n${headers}Content-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]);
    expect(await raw(port, post(`Authorization: ${device}\r\n`))).toEqual({ status: 201, code: undefined });
    expect(await raw(port, post(`Authorization: ${device}\r\nAuthorization: Bearer a.b.c\r\n`))).toEqual({ status: 401, code: "AUTH_MALFORMED" });
    expect(await raw(port, post(`authorization: ${device}\r\nAUTHORIZATION: ${device}\r\n`))).toEqual({ status: 401, code: "AUTH_MALFORMED" });
    const get = (headers: string) => `GET /v1/readings?from=1557360000&to=1557619200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`;
    expect(await raw(port, get(`Authorization: ${t.read}\r\n`))).toEqual({ status: 200, code: undefined });
    expect(await raw(port, get(`Authorization: ${t.read}\r\nAuthorization: ${t.read}\r\n`))).toEqual({ status: 401, code: "AUTH_MALFORMED" });
  });

  it("a client that half-closes after sending its body still gets its answer (201, and 4xx for a bad body)", async () => {
    const request = (body: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `POST /v1/telemetry HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${device}\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]);
    const before = await t.runtime.store.countReadings();
    expect(await raw(port, request(seedJsonBody("rp829c7e0e", String(Math.floor(Date.now() / 1000) - 30))), true)).toEqual({ status: 201, code: undefined });
    expect(await t.runtime.store.countReadings()).toBe(before + 1);
    expect(await raw(port, request(Buffer.from('{"device":"rp829c7e0e","device":"x"}')), true)).toEqual({ status: 400, code: "INGEST_DUPLICATE_KEY" });
  });

  it("a 4 MiB body of [ is refused as INGEST_TOO_DEEP (the scan stops at the fourth byte; the parser never runs)", async () => {
    const res = await t.runtime.app.inject({
      method: "POST",
      url: "/v1/telemetry",
      headers: { authorization: device, "content-type": "application/json" },
      payload: "[".repeat(4 * 1024 * 1024 - 1),
    });
    expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([400, "INGEST_TOO_DEEP"]);
  });
});
