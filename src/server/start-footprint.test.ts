import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isMimicError } from "../errors/index.js";
import { loadServeConfig } from "./serve-config.js";
import { createTelemetryRuntime, startTelemetryServer } from "./telemetry-runtime.js";

const root = mkdtempSync(join(tmpdir(), "mimic-footprint-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A port that refuses connections: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("a server that fails to start", () => {
  it("leaves no data dir, token secret or SQLite file behind when the bus cannot be reached", async () => {
    const dir = join(root, "new", "data");
    const config = loadServeConfig({ "data-dir": dir, bus: `nats://127.0.0.1:${await closedPort()}` }, {}, root);
    const failure = await createTelemetryRuntime(config).catch((e: unknown) => e);
    expect(isMimicError(failure) && failure.code).toBe("BUS_UNAVAILABLE");
    expect(existsSync(join(root, "new"))).toBe(false);
  });

  it("keeps what was there before, and removes only what it created", async () => {
    const dir = join(root, "existing");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const config = loadServeConfig({ "data-dir": dir, bus: `nats://127.0.0.1:${await closedPort()}` }, {}, root);
    await expect(createTelemetryRuntime(config)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("removes what it created when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    try {
      const dir = join(root, "port-taken");
      const config = loadServeConfig({ "data-dir": dir, port: String((blocker.address() as { port: number }).port) }, {}, root);
      await expect(startTelemetryServer(config)).rejects.toThrow(/already in use/);
      expect(existsSync(dir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("reports the real problem when the data dir is a file, not an error of its own clean-up", async () => {
    const file = join(root, "plain-file");
    writeFileSync(file, "x");
    const config = loadServeConfig({ "data-dir": file }, {}, root);
    const failure = await createTelemetryRuntime(config).catch((e: unknown) => e);
    expect(isMimicError(failure) && failure.code).toBe("IO_UNWRITABLE");
  });
});
