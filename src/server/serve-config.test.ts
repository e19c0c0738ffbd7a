import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { loadServeConfig } from "./serve-config.js";

function issuesOf(flags: Record<string, string>, env: Record<string, string> = {}): string[] {
  try {
    loadServeConfig(flags, env, "/srv");
    return [];
  } catch (error) {
    if (!isMimicError(error) || error.code !== "CONFIG_INVALID") throw error;
    return error.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("loadServeConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimic-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults to the embedded shape on localhost:8080 under ./mimic-data", () => {
    const c = loadServeConfig({}, {}, "/srv");
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      dataDir: "/srv/mimic-data",
      store: { kind: "sqlite", path: "/srv/mimic-data/mimic.db" },
      bus: { kind: "embedded" },
      rateLimit: { ratePerSecond: 50, burst: 100 },
      shutdownTimeoutMs: 10_000,
    });
    expect(loadServeConfig({}, { MIMIC_SHUTDOWN_TIMEOUT_MS: "2500" }, "/srv").shutdownTimeoutMs).toBe(2500);
  });

  it("--retention takes the CLI's durations (90d default, at least a day), and 0 or off for keeping readings forever", () => {
    expect(loadServeConfig({}, {}, "/srv").retentionSeconds).toBe(90 * 86_400);
    expect(loadServeConfig({ retention: "30d" }, {}, "/srv").retentionSeconds).toBe(30 * 86_400);
    expect(loadServeConfig({ retention: "1w12h" }, {}, "/srv").retentionSeconds).toBe(7 * 86_400 + 12 * 3600);
    expect(loadServeConfig({}, { MIMIC_RETENTION: "off" }, "/srv").retentionSeconds).toBe(0);
    expect(loadServeConfig({ retention: "0" }, {}, "/srv").retentionSeconds).toBe(0);
    for (const bad of ["12h", "90", "90 days", "-1d", "d"])
      expect(issuesOf({ retention: bad }), bad).toEqual([expect.stringMatching(/^--retention: must be a duration of at least 1d/)]);
  });

  it("reads MIMIC_* variables, and flags win over them", () => {
    const c = loadServeConfig(
      { port: "9000" },
      {
        MIMIC_PORT: "7000",
        MIMIC_HOST: "0.0.0.0",
        MIMIC_BUS: "nats://127.0.0.1:4222",
        MIMIC_STORE: "postgres://postgres@127.0.0.1:5432/test",
        MIMIC_DATA_DIR: "/var/lib/mimic",
        MIMIC_RATE_LIMIT: "5,10",
      },
      "/srv",
    );
    expect(c).toMatchObject({ port: 9000, host: "0.0.0.0", bus: { kind: "nats" }, store: { kind: "postgres" }, rateLimit: { ratePerSecond: 5, burst: 10 } });
  });

  it("lists every problem at once", () => {
    expect(issuesOf({ port: "http", bus: "kafka://x", store: "mysql://x", "rate-limit": "fast", "log-level": "loud", "tls-cert": "c.pem" })).toEqual([
      expect.stringMatching(/^--store: must be postgres/),
      expect.stringMatching(/^--port: must be a whole number/),
      expect.stringMatching(/^--bus: must be nats/),
      expect.stringMatching(/^--tls-key: --tls-cert and --tls-key go together/),
      expect.stringMatching(/^--rate-limit: must be requests per second/),
      expect.stringMatching(/^--log-level: must be one of/),
    ]);
    expect(issuesOf({ bus: "nats://h:4222?stream=bad name" })).toEqual([expect.stringMatching(/\?stream=/)]);
    expect(issuesOf({ bus: "nats://h:4222?partitions=0" })).toEqual([expect.stringMatching(/\?partitions=/)]);
    expect(issuesOf({ bus: "nats://h:4222?partitions=2&own=2" })).toEqual([expect.stringMatching(/\?own= must list distinct partitions below/)]);
    expect(issuesOf({ bus: "nats://h:4222?partitions=2&own=1" })).toEqual([]);
    expect(issuesOf({ detect: "maybe" })).toEqual([expect.stringMatching(/^--detect: must be on or off/)]);
    expect(issuesOf({}, { MIMIC_TOKEN_SECRET: "short" })).toEqual([expect.stringMatching(/^MIMIC_TOKEN_SECRET: must be at least 32 bytes/)]);
  });

  it("with --store but no --data-dir and no MIMIC_TOKEN_SECRET, refuses: the token secret needs an explicit source", () => {
    const pg = "postgres://postgres@127.0.0.1:5432/test";
    for (const [flags, env] of [
      [{ store: pg }, {}],
      [{}, { MIMIC_STORE: pg }],
      [{ store: "sqlite:/tmp/x.db" }, {}],
    ] as const) {
      const issues = issuesOf(flags, env);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(
        /^--data-dir: with --store \(or MIMIC_STORE\) the token signing secret needs an explicit source: pass --data-dir <dir>.*or set MIMIC_TOKEN_SECRET/,
      );
    }
    expect(issuesOf({ store: pg, "data-dir": "/var/lib/mimic" })).toEqual([]);
    expect(issuesOf({ store: pg }, { MIMIC_DATA_DIR: "/var/lib/mimic" })).toEqual([]);
    expect(issuesOf({ store: pg }, { MIMIC_TOKEN_SECRET: Buffer.alloc(32, 7).toString("base64url") })).toEqual([]);
  });

  it("reads TLS files up front, so a bad path stops start-up", () => {
    writeFileSync(join(dir, "cert.pem"), "CERT");
    writeFileSync(join(dir, "key.pem"), "KEY");
    expect(loadServeConfig({ "tls-cert": join(dir, "cert.pem"), "tls-key": join(dir, "key.pem") }, {}, dir).tls?.cert.toString()).toBe("CERT");
    expect(issuesOf({ "tls-cert": join(dir, "missing.pem"), "tls-key": join(dir, "key.pem") })).toEqual([expect.stringMatching(/^--tls-cert: cannot read/)]);
  });
});
