// A full disk under the embedded server: a small tmpfs holds the data dir, a filler file takes
// the space, readings are posted until the store refuses them, then the filler goes. Needs root
// to mount (CI runs as root); elsewhere it is skipped with a message, never under CI=true.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync, unlinkSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDevice } from "../telemetry/auth/index.js";
import { createTelemetryRuntime, loadSecret, loadServeConfig, type TelemetryRuntime } from "./index.js";

function mountTmpfs(dir: string, size: string): string | undefined {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (e) {
    const reason = `cannot mount a tmpfs (${e instanceof Error ? e.message.split("\n")[0] : "error"}); the full-disk test needs root`;
    if (process.env["CI"] === "true") throw new Error(`CI=true requires the full-disk test: ${reason}`, { cause: e });
    console.warn(`skipping the full-disk test: ${reason}`);
    return reason;
  }
}

const mountPoint = mkdtempSync(join(tmpdir(), "mimic-full-"));
const skipped = mountTmpfs(mountPoint, "16m");

describe.skipIf(skipped !== undefined)("a full disk under mimic serve (embedded)", () => {
  const lines: Record<string, unknown>[] = [];
  const log = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let runtime: TelemetryRuntime;
  let auth: string;
  const filler = join(mountPoint, "filler");
  beforeAll(async () => {
    const config = loadServeConfig({ "data-dir": join(mountPoint, "data"), "log-level": "warn", port: "0", "rate-limit": "0" }, {}, mountPoint);
    runtime = await createTelemetryRuntime(config, log);
    const { token } = await addDevice(runtime.store, loadSecret(config), { id: "full1", sensors: ["DHT22"], now: Date.now() });
    auth = `Bearer ${token}`;
  });
  afterAll(async () => {
    await runtime?.close();
    execFileSync("umount", ["-l", mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  let seq = 0;
  // Readings from 30 days ago on, one second apart: inside the retention window for thousands of posts.
  const start = Math.floor(Date.now() / 1000) - 30 * 86_400;
  const post = () => {
    const base = start + seq;
    seq += 200;
    const readings = Array.from({ length: 200 }, (_, i) => ({
      device: "full1",
      type: "DHT22",
      timestamp: base + i,
      data: { temperature: 20 + i / 100, humidity: 40 },
    }));
    return runtime.app.inject({
      method: "POST",
      url: "/v1/telemetry/batch",
      payload: JSON.stringify(readings),
      headers: { "content-type": "application/json", authorization: auth },
    });
  };
  const get = (url: string) => runtime.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${runtime.sessionToken ?? ""}` } });

  it("answers 503, logs the episode once with its cause, shows it on /readyz and /metrics, and recovers once space is free", async () => {
    expect((await post()).statusCode).toBe(201);
    // Leave ~1 MiB: a few hundred batches fill it.
    const free = Number(statfsSync(mountPoint).bavail) * Number(statfsSync(mountPoint).bsize);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 1024 * 1024)));
    let status = 201;
    let accepted = 1;
    while (status === 201) {
      const res = await post();
      status = res.statusCode;
      if (status === 201) accepted++;
      else expect(res.headers["retry-after"]).toBeDefined();
    }
    expect(status).toBe(503);
    // More refused writes in the same episode: still one log line.
    for (let i = 0; i < 5; i++) expect((await post()).statusCode).toBe(503);
    // Stay full past the WAL's timed checkpoint (every 5 s, wal-maintenance.ts): that checkpoint
    // fails for lack of space too, and once threw out of its timer, killing the store's writer
    // thread — the store never took a write again, even with the disk empty.
    await new Promise((r) => setTimeout(r, 7000));
    expect((await post()).statusCode).toBe(503);
    const failing = lines.filter((l) => l["event"] === "store_writes_failing");
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ code: "STORE_UNAVAILABLE", cause: "SQLITE_FULL" });
    const ready = await get("/readyz");
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, storeWrites: false });
    expect((await get("/metrics")).body).toMatch(/mimic_store_writes_failing 1\n/);

    unlinkSync(filler);
    expect((await post()).statusCode).toBe(201);
    // The episode ends once writes have gone on succeeding for the quiet period (5 s).
    for (let i = 0; i < 100 && !lines.some((l) => l["event"] === "store_writes_recovered"); i++) {
      expect((await post()).statusCode).toBe(201);
      accepted++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(lines.filter((l) => l["event"] === "store_writes_recovered")).toHaveLength(1);
    expect(lines.filter((l) => l["event"] === "store_writes_failing")).toHaveLength(1);
    expect((await get("/readyz")).statusCode).toBe(200);
    expect((await get("/metrics")).body).toMatch(/mimic_store_writes_failing 0\n/);
    expect(await runtime.store.countReadings()).toBe((accepted + 1) * 200);
    // The WAL was checkpointed on the way (its threshold follows the free space), so the database
    // file itself holds the readings, not only the WAL.
    expect(statSync(join(mountPoint, "data", "mimic.db")).size).toBeGreaterThan(accepted * 200 * 20);
  });
});
