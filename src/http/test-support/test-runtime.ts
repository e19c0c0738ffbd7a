// A real telemetry runtime (SQLite store + embedded bus in a temp data dir) for in-process tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTelemetryRuntime, loadSecret, loadServeConfig, type ServeConfig, type TelemetryRuntime } from "../../server/index.js";
import type { SensorKind } from "../../sensors/reading.js";
import { addDevice } from "../../telemetry/auth/index.js";

export interface TestRuntime {
  runtime: TelemetryRuntime;
  config: ServeConfig;
  dir: string;
  /** `Bearer <the runtime's session read token>`: the Authorization header value that may read. */
  read: string;
  /** Registers a device with one sensor kind or several (default DHT22) and returns its `Authorization` header value. */
  device(id: string, sensors?: SensorKind | readonly SensorKind[], options?: { now?: number; expiresInMs?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestRuntime(settings: Record<string, string> = {}, now?: () => number): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), "mimic-http-"));
  const config = loadServeConfig({ "data-dir": dir, "log-level": "silent", port: "0", ...settings }, {}, dir);
  const runtime = await createTelemetryRuntime(config, undefined, now);
  const secret = loadSecret(config);
  return {
    runtime,
    config,
    dir,
    read: `Bearer ${runtime.sessionToken ?? ""}`,
    async device(id, sensors = "DHT22", options = {}) {
      const { token } = await addDevice(runtime.store, secret, { id, sensors: typeof sensors === "string" ? [sensors] : sensors, now: options.now ?? Date.now(), ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }) });
      return `Bearer ${token}`;
    },
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
