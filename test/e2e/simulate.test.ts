// mimic simulate against the real `mimic serve` (embedded SQLite store): provisioning, delivery,
// a server stopped and restarted mid-run, and store count == acknowledged count.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStoreFor, resolveStoreLocation } from "../../src/server/index.js";
import { mimic, startServe, type ServeProcess } from "./serve-process.js";

const dirs: string[] = [];
const servers: ServeProcess[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "mimic-sim-e2e-"));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(dataDir: string, port?: number): Promise<ServeProcess> {
  const s = await startServe(["--data-dir", dataDir, "--rate-limit", "0", ...(port === undefined ? [] : ["--port", String(port)])]);
  servers.push(s);
  return s;
}

async function storeCount(dataDir: string): Promise<number> {
  const store = await openStoreFor(resolveStoreLocation({ "data-dir": dataDir }, {}, process.cwd()));
  try {
    return await store.countReadings();
  } finally {
    await store.close();
  }
}

interface Report {
  generated: number;
  sent: number;
  acknowledged: number;
  retried: number;
  buffered: number;
  held: number;
  rejected: Record<string, number>;
  faults: number;
}

/** Resolves once `condition` holds, checking every 50 ms (it waits on a count the system moves). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 50));
}

/** The server's count of acknowledged readings, from its Prometheus metrics. */
async function acceptedReadings(server: ServeProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: server.read } })).text();
  return Number(/^mimic_readings_accepted_total (\S+)$/m.exec(text)?.[1] ?? 0);
}

/** Runs `mimic simulate` as a child process, resolving with its exit code and output. */
function simulate(args: readonly string[]): { done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ["dist/main.js", "simulate", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return { done: new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr }))) };
}

describe("mimic simulate → mimic serve", () => {
  it("provisions the fleet, delivers every reading, and the store holds exactly what was acknowledged", async () => {
    const dir = tempDir();
    const server = await serve(dir);
    const tokens = join(dir, "tokens.json");
    const run = await simulate([
      "--devices",
      "8",
      "--url",
      server.url,
      "--provision",
      "--data-dir",
      dir,
      "--tokens",
      tokens,
      "--speed",
      "3600",
      "--duration",
      "3s",
      "--faults",
      "5",
      "--json",
    ]).done;
    expect(run.stderr).toContain("provisioned 8 devices");
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.generated).toBeGreaterThan(500);
    expect(report.acknowledged).toBe(report.generated);
    expect(report.buffered + report.held).toBe(0);
    expect(report.rejected).toEqual({});
    expect(statSync(tokens).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(tokens, "utf8")) as object)).toHaveLength(8);
    // Tokens never appear in the output.
    for (const t of Object.values(JSON.parse(readFileSync(tokens, "utf8")) as Record<string, string>)) expect(run.stdout + run.stderr).not.toContain(t);
    await server.stop();
    expect(await storeCount(dir)).toBe(report.acknowledged);
  });

  it("lays the fleet out the seed's way: one Pi per room with three sensors under one id and one token, every reading accepted", async () => {
    const dir = tempDir();
    const server = await serve(dir);
    const tokens = join(dir, "tokens.json");
    const run = await simulate([
      "--layout",
      "seed",
      "--devices",
      "3",
      "--url",
      server.url,
      "--provision",
      "--data-dir",
      dir,
      "--tokens",
      tokens,
      "--speed",
      "3600",
      "--duration",
      "2s",
      "--json",
    ]).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("provisioned 3 devices");
    const report = JSON.parse(run.stdout) as Report & { devices: number; sensors: number };
    expect([report.devices, report.sensors]).toEqual([3, 9]);
    expect(report.rejected).toEqual({});
    expect(report.acknowledged).toBe(report.generated);
    const listed = mimic(["devices", "list", "--data-dir", dir, "--json"]);
    const devices = JSON.parse(listed.stdout) as { id: string; sensors: string[] }[];
    expect(devices.map((d) => d.sensors)).toEqual([
      ["DHT22", "PIR", "LIGHT"],
      ["DHT22", "PIR", "LIGHT"],
      ["DHT22", "PIR", "LIGHT"],
    ]);
    expect(Object.keys(JSON.parse(readFileSync(tokens, "utf8")) as object).sort()).toEqual(devices.map((d) => d.id).sort());
    await server.stop();
    expect(await storeCount(dir)).toBe(report.acknowledged);
  });

  it("loses nothing when the server is stopped and restarted mid-run (buffer, retry, same ids)", async () => {
    const dir = tempDir();
    let server = await serve(dir);
    const port = server.port;
    const tokens = join(dir, "tokens.json");
    // Provision only (a run of no time).
    const provision = mimic(["simulate", "--devices", "6", "--url", server.url, "--provision", "--data-dir", dir, "--tokens", tokens, "--duration", "0s"]);
    expect(provision.code, provision.stderr).toBe(0);
    const run = simulate([
      "--devices",
      "6",
      "--url",
      server.url,
      "--tokens",
      tokens,
      "--speed",
      "1800",
      "--duration",
      "8s",
      "--format",
      "batch",
      "--drain",
      "30s",
      "--json",
    ]);
    // Killed mid-run, once it has acknowledged some readings.
    await until(async () => (await acceptedReadings(server)) >= 50);
    await server.stop("SIGKILL");
    // While it is down, a stand-in on its port drops every connection, so the test sees the
    // simulator try (and fail) to deliver before the server comes back.
    let attempts = 0;
    const standIn = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((r) => standIn.listen(port, "127.0.0.1", r));
    await until(() => Promise.resolve(attempts >= 2));
    await new Promise((r) => standIn.close(r));
    server = await serve(dir, port);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.retried).toBeGreaterThan(0);
    expect(report.acknowledged).toBe(report.generated);
    await server.stop();
    expect(await storeCount(dir)).toBe(report.acknowledged);
  });

  it("says clearly when the server is unreachable or the tokens are wrong", async () => {
    const dir = tempDir();
    const server = await serve(dir);
    const tokens = join(dir, "tokens.json");
    // Tokens from another server's data dir: valid JWTs, wrong secret.
    const other = tempDir();
    const otherServer = await serve(other);
    expect(
      mimic(["simulate", "--devices", "3", "--url", otherServer.url, "--provision", "--data-dir", other, "--tokens", tokens, "--duration", "0s"]).code,
    ).toBe(0);
    await otherServer.stop();
    const wrong = mimic(["simulate", "--devices", "3", "--url", server.url, "--tokens", tokens, "--speed", "60", "--duration", "2s"]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("SIM_AUTH_REJECTED");
    expect(wrong.stdout).toMatch(/rejected\s+401 AUTH_INVALID/);
    const down = mimic([
      "simulate",
      "--devices",
      "3",
      "--url",
      `http://127.0.0.1:${otherServer.port}`,
      "--tokens",
      tokens,
      "--duration",
      "30s",
      "--give-up",
      "2s",
    ]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain("ECONNREFUSED");
    expect(down.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const noUrl = mimic(["simulate", "--devices", "3"]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("--url");
    await server.stop();
  });
});
