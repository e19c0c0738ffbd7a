import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryRuntime, loadSecret } from "../server/index.js";
import { addReadToken, issueReadToken } from "../telemetry/auth/index.js";
import { startTestRuntime, type TestRuntime } from "./test-support/test-runtime.js";

const FROM = "from=1557360000&to=1557619200";

describe("read access needs a credential", () => {
  let t: TestRuntime;
  let readToken: string;
  let metricsToken: string;
  beforeAll(async () => {
    // auth-cache-ms 0: each request asks the registry, so a revocation shows at once.
    t = await startTestRuntime({ "auth-cache-ms": "0" });
    const secret = loadSecret(t.config);
    readToken = (await addReadToken(t.runtime.store, secret, { scope: "read", name: "grafana", now: Date.now() })).token;
    metricsToken = (await addReadToken(t.runtime.store, secret, { scope: "metrics", name: "prometheus", now: Date.now() })).token;
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.runtime.app.inject({ method: "GET", url, headers });
  const codeOf = async (url: string, headers: Record<string, string> = {}) => {
    const res = await get(url, headers);
    return [res.statusCode, res.statusCode >= 400 ? res.json<{ error: { code: string } }>().error.code : "ok"];
  };

  it("refuses the query API and /metrics without a token (401), with a device token (403)", async () => {
    expect(await codeOf(`/v1/readings?${FROM}`)).toEqual([401, "AUTH_MISSING"]);
    expect(await codeOf("/metrics")).toEqual([401, "AUTH_MISSING"]);
    const device = await t.device("rp829c7e0e");
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: device })).toEqual([403, "AUTH_READ_FORBIDDEN"]);
    expect(await codeOf("/metrics", { authorization: device })).toEqual([403, "AUTH_READ_FORBIDDEN"]);
    // Health stays open: it says nothing about readings.
    expect((await get("/healthz")).statusCode).toBe(200);
  });

  it("lets a read token read both; a metrics token only /metrics; the session token both", async () => {
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${readToken}` })).toEqual([200, "ok"]);
    expect(await codeOf("/metrics", { authorization: `Bearer ${readToken}` })).toEqual([200, "ok"]);
    expect(await codeOf("/metrics", { authorization: `Bearer ${metricsToken}` })).toEqual([200, "ok"]);
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${metricsToken}` })).toEqual([403, "AUTH_READ_FORBIDDEN"]);
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: t.read })).toEqual([200, "ok"]);
  });

  it("refuses a read token that is revoked (AUTH_REVOKED), unknown to this server (AUTH_INVALID), or signed elsewhere", async () => {
    const secret = loadSecret(t.config);
    const doomed = (await addReadToken(t.runtime.store, secret, { scope: "read", name: "doomed", now: Date.now() })).token;
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${doomed}` })).toEqual([200, "ok"]);
    await t.runtime.store.revokeReadToken("doomed", Date.now());
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${doomed}` })).toEqual([401, "AUTH_REVOKED"]);
    // Signed with this server's secret but never registered (a session token of an earlier run).
    const stray = (await issueReadToken(secret, { name: "stray", scope: "read", now: Date.now() })).token;
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${stray}` })).toEqual([401, "AUTH_INVALID"]);
    const foreign = (await issueReadToken(new Uint8Array(32).fill(7), { name: "x", scope: "read", now: Date.now() })).token;
    expect(await codeOf(`/v1/readings?${FROM}`, { authorization: `Bearer ${foreign}` })).toEqual([401, "AUTH_INVALID"]);
  });

  it("exchanges the dashboard URL's token for an HttpOnly, SameSite=Strict cookie and a redirect that drops it from the URL", async () => {
    const session = t.read.slice("Bearer ".length);
    const landing = await get(`/?token=${session}`);
    expect(landing.statusCode).toBe(303);
    expect(landing.headers["location"]).toBe("/dashboard/");
    expect(landing.headers["cache-control"]).toBe("no-store");
    expect(landing.headers["referrer-policy"]).toBe("no-referrer");
    const cookie = String(landing.headers["set-cookie"]);
    expect(cookie).toMatch(/^mimic_read=[\w.-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const jar = cookie.split(";")[0]!;
    expect((await get("/", { cookie: jar })).statusCode).toBe(200);
    expect(await codeOf(`/v1/readings?${FROM}`, { cookie: jar })).toEqual([200, "ok"]);
    expect(await codeOf("/")).toEqual([401, "AUTH_MISSING"]);
    const bad = await get("/?token=a.b.c");
    expect(bad.statusCode).toBe(401);
    expect(bad.headers["set-cookie"]).toBeUndefined();
    expect(await codeOf(`/?token=${session}&x=1`)).toEqual([400, "QUERY_INVALID"]);
  });
});

describe("read access, operator's choices", () => {
  it("--no-read-auth (read-auth off): reading needs nothing, and there is no session token", async () => {
    const t = await startTestRuntime({ "read-auth": "off" });
    try {
      expect(t.runtime.sessionToken).toBeUndefined();
      expect((await t.runtime.app.inject({ method: "GET", url: `/v1/readings?${FROM}` })).statusCode).toBe(200);
      expect((await t.runtime.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("never writes a token to the log, at debug level, whether accepted or refused", async () => {
    const t = await startTestRuntime();
    let log = "";
    const sink = new Writable({ write: (c: Buffer, _e, cb) => ((log += c.toString()), cb()) });
    const runtime = await createTelemetryRuntime({ ...t.config, logLevel: "debug" }, sink);
    try {
      const token = runtime.sessionToken!;
      for (const url of [`/?token=${token}`, `/?token=${token}x`, `/v1/readings?${FROM}`]) {
        await runtime.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
      }
      expect(log).toContain('"route":"/"');
      expect(log).not.toContain(token.split(".")[2]!);
    } finally {
      await runtime.close();
      await t.close();
    }
  });
});
