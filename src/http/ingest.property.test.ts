import fc from "fast-check";
import type { OutgoingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

// The whole app under random requests: whatever the body, headers or path, the answer is a 2xx
// or a 4xx in the documented envelope, or a retryable 503 — never another 5xx.
describe("the HTTP app under random requests", () => {
  let t: TestRuntime;
  let device: string;
  beforeAll(async () => {
    t = await startTestRuntime({ "rate-limit": "0" });
    device = await t.device("rp1", ["DHT22", "PIR", "LIGHT"]);
  });
  afterAll(() => t.close());

  const now = Math.floor(Date.now() / 1000);
  const key = fc.constantFrom("device", "type", "timestamp", "data", "id", "kind", "temperature", "humidity", "motion", "light", "__proto__", "x");
  const leaf = fc.oneof(
    fc.double().map(String),
    fc.constantFrom('"rp1"', '"DHT22"', '"Onyehn_PIR"', "true", "null", String(now - 60), String(now - 200 * 86_400), "5e-324", '"[{\\\\"}"'),
  );
  // JSON written as text, so that keys repeat and nesting goes deeper than a reading.
  const json: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(fc.tuple(key, tie("value")), { maxLength: 6 }).map((m) => `{${m.map(([k, v]) => `"${k}":${v}`).join(",")}}`),
      fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    ),
  })).value;
  const body = fc.oneof(
    json,
    json.map((text) => JSON.stringify(text)),
    fc.nat({ max: 5000 }).map((n) => "[".repeat(n)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
  );

  it("answers 2xx, 4xx or 503, never another 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("/v1/telemetry", "/v1/telemetry/dht", "/v1/telemetry/pir", "/v1/telemetry/batch", "/v1/readings?from=0&to=1", "/metrics"),
        fc.constantFrom<"GET" | "POST">("POST", "GET"),
        fc.constantFrom<string | string[] | undefined>("valid", "read", undefined, "Bearer a.b.c", ["valid", "valid"], "Basic x"),
        fc.constantFrom("application/json", "application/x-protobuf", "text/plain", "application/json; charset=utf-8"),
        async (payload, url, method, auth, contentType) => {
          const header = (a: string) => (a === "valid" ? device : a === "read" ? t.read : a);
          const authorization = auth === undefined ? undefined : Array.isArray(auth) ? auth.map(header) : header(auth);
          const res = await t.runtime.app.inject({
            method,
            url,
            headers: { "content-type": contentType, ...(authorization === undefined ? {} : { authorization }) } as OutgoingHttpHeaders,
            ...(method === "POST" ? { payload } : {}),
          });
          if (res.statusCode >= 500) expect(res.statusCode, res.body).toBe(503);
          if (res.statusCode >= 400) {
            const answer = JSON.parse(res.body) as { success: boolean; error: { code: string } };
            expect([answer.success, /^[A-Z_]+$/.test(answer.error.code)]).toEqual([false, true]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
