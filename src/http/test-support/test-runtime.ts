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
  /** Registers a device and returns its `Authorization` header value. */
  device(id: string, kind?: SensorKind, options?: { now?: number; expiresInMs?: number }): Promise<string>;
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
    async device(id, kind = "DHT22", options = {}) {
      const { token } = await addDevice(runtime.store, secret, { id, kind, now: options.now ?? Date.now(), ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }) });
      return `Bearer ${token}`;
    },
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
