import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_DEFAULTS } from "../telemetry/defaults.js";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

const BURST = SERVER_DEFAULTS.authFailureLimit.burst;
const FORGED = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJycDEifQ.c2lnbmF0dXJl";

describe("failed authentications are rate-limited per client address", () => {
  let t: TestRuntime;
  let clock = Date.UTC(2026, 0, 10);
  let device: string;
  beforeAll(async () => {
    t = await startTestRuntime({}, () => clock);
    device = await t.device("rp1", "DHT22", { now: clock });
  });
  afterAll(() => t.close());

  const post = (authorization: string, remoteAddress: string) =>
    t.runtime.app.inject({
      method: "POST",
      url: "/v1/telemetry",
      remoteAddress,
      headers: { authorization, "content-type": "application/json" },
      payload: { device: "rp1", type: "DHT22", timestamp: clock / 1000 - 60, data: { temperature: 20, humidity: 50 } },
    });
  const read = (authorization: string, remoteAddress: string) =>
    t.runtime.app.inject({ method: "GET", url: "/v1/readings?from=0&to=1", remoteAddress, headers: { authorization } });

  it(`answers ${BURST} failures with 401, then 429 AUTH_RATE_LIMITED with Retry-After, on ingest and reads alike`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BURST; i++) statuses.push((await (i % 2 === 0 ? post : read)(FORGED, "198.51.100.7")).statusCode);
    expect(statuses).toEqual(Array(BURST).fill(401));
    const limited = await post(FORGED, "198.51.100.7");
    expect([limited.statusCode, limited.json<{ error: { code: string } }>().error.code, limited.headers["retry-after"]]).toEqual([
      429,
      "AUTH_RATE_LIMITED",
      "1",
    ]);
    expect((await read("Bearer nonsense", "198.51.100.7")).statusCode).toBe(429);
    // Another address has its own budget.
    expect((await post(FORGED, "203.0.113.9")).statusCode).toBe(401);
  });

  it("never limits a valid token from the same address (a NAT shared with the flood)", async () => {
    expect((await post(FORGED, "198.51.100.7")).statusCode).toBe(429);
    expect((await post(device, "198.51.100.7")).statusCode).toBe(201);
    expect((await read(t.read, "198.51.100.7")).statusCode).toBe(200);
  });

  it("refills the bucket with time: after Retry-After the address gets a 401 again", async () => {
    expect((await post(FORGED, "198.51.100.7")).statusCode).toBe(429);
    clock += 1000 / SERVER_DEFAULTS.authFailureLimit.ratePerSecond;
    expect((await post(FORGED, "198.51.100.7")).statusCode).toBe(401);
    expect((await post(FORGED, "198.51.100.7")).statusCode).toBe(429);
  });
});
