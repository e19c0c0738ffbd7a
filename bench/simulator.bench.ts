// Simulator speed (issue 5). One simulator process, this one, drives the fleet; servers run as
// child processes so their CPU is not counted against the simulator's one core.
//   A. Real time: 20,000 DHT22 devices at the seed's 15 s cadence (≥ 1,333 readings/s) for
//      MIMIC_BENCH_SECONDS (default 30) of wall time, one JSON reading per request (the seed's
//      protocol), against a bare node:http sink: readings/s kept up, lag, and the share of one
//      core the simulator used. Baseline in the same run: the most single-reading POSTs/s a bare
//      keep-alive loop gets from the same sink (the ceiling of the HTTP path on this machine).
//   B. Backfill into an embedded `mimic serve` (SQLite + in-process bus): readings/minute, and
//      the store's count must equal the simulator's acknowledged count. Baseline: the same
//      backfill against the bare sink.
// Run: npm run bench -- simulator
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStoreFor, resolveStoreLocation } from "../src/server/index.js";
import { Fleet, type FleetOptions } from "../src/sensors/index.js";
import { runSimulation, type SimulationOptions } from "../src/simulator/index.js";
import { Children } from "./internal/children.js";

const SECONDS = Number(process.env["MIMIC_BENCH_SECONDS"] ?? 30);
const DEVICES = Number(process.env["MIMIC_BENCH_DEVICES"] ?? 20_000);
const children = new Children();
const dir = mkdtempSync(join(tmpdir(), "mimic-sim-bench-"));

const SINK = `
const http = require("node:http");
let n = 0;
const s = http.createServer((req, res) => { req.resume(); req.on("end", () => { n++; res.writeHead(201, {"content-type": "application/json"}); res.end('{"success":true}'); }); });
s.keepAliveTimeout = 60000;
s.listen(0, "127.0.0.1", () => console.log("listening http://127.0.0.1:" + s.address().port));
process.on("SIGTERM", () => process.exit(0));
`;


function cleanup(): void {
  children.stopAll();
  rmSync(dir, { recursive: true, force: true });
}

/** Baseline: single-reading POSTs as fast as a bare keep-alive loop gets them answered. */
async function bareLoop(url: string, seconds: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = Buffer.from('{"device":"rp829c7e0e","type":"DHT22","timestamp":1557585090.476025,"data":{"temperature":17.1,"humidity":68.1}}');
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await new Promise<void>((resolve, reject) => {
        const req = request(`${url}/v1/telemetry`, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length, authorization: "Bearer x" } }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end(body);
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return done / seconds;
}

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), signal: new AbortController().signal };

function fleetOptions(devices: number, start: number): FleetOptions {
  // The seed's cadence: read, then sleep 15 s (no extra jitter).
  return { seed: 1, devices, mix: { DHT22: 1 }, start, cadence: { intervalMs: 15_000, jitter: "none", failureRate: 0.05, maxAttempts: 15 } };
}

async function realTime(url: string): Promise<{ rate: number; cpu: number; lagMs: number; acked: number; generated: number }> {
  const start = Math.floor(Date.now() / 1000) * 1000;
  const fleet = fleetOptions(DEVICES, start);
  const tokens = new Map(new Fleet(fleet).manifest.map((m) => [m.id, "bench-token"]));
  const options: SimulationOptions = { fleet, url, tokens, format: "json", mode: { kind: "live", speed: 1, durationMs: SECONDS * 1000 }, batchSize: 50, maxBuffered: 10_000, concurrency: 32, timeoutMs: 10_000, drainMs: 30_000, unreachableAfterMs: 10_000 };
  let lagMs = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runSimulation(options, {
    ...realClock,
    onProgress: (t) => {
      // Readings waiting in the clients, in seconds of production: 0 when the fleet keeps up.
      lagMs = Math.max(lagMs, (t.buffered / (DEVICES / 15)) * 1000);
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  // Readings per second of (real) simulated time, all acknowledged within the run.
  return { rate: result.totals.acknowledged / SECONDS, cpu: (used.user + used.system) / 1e6 / wall, lagMs, acked: result.totals.acknowledged, generated: result.totals.generated };
}

const BACKFILL_DEVICES = Number(process.env["MIMIC_BENCH_BACKFILL_DEVICES"] ?? 100);
const BACKFILL_DAYS = Number(process.env["MIMIC_BENCH_BACKFILL_DAYS"] ?? 2);

async function backfill(url: string, tokens: ReadonlyMap<string, string>): Promise<{ perMinute: number; acked: number; generated: number; rejected: number; cpu: number }> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const start = now - BACKFILL_DAYS * 86_400_000;
  const fleet = fleetOptions(BACKFILL_DEVICES, start);
  const options: SimulationOptions = { fleet, url, tokens, format: "batch", mode: { kind: "backfill", untilMs: now }, batchSize: 500, maxBuffered: 1_000_000, concurrency: 64, timeoutMs: 30_000, drainMs: 120_000, unreachableAfterMs: 10_000 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runSimulation(options, realClock);
  const minutes = (performance.now() - t0) / 60_000;
  const used = process.cpuUsage(cpu0);
  if (result.failure) throw result.failure;
  const rejected = Object.values(result.totals.rejected).reduce((a, b) => a + b, 0);
  return { perMinute: result.totals.acknowledged / minutes, acked: result.totals.acknowledged, generated: result.totals.generated, rejected, cpu: (used.user + used.system) / 1e6 / (minutes * 60) };
}

/** Runs `mimic <args>` (the built CLI) to completion. */
function mimic(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["dist/main.js", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

const PARTS = (process.env["MIMIC_BENCH_PARTS"] ?? "A,B").split(",");

try {
  const sinkUrl = await children.start(["-e", SINK], /listening (http:\S+)/);
  if (PARTS.includes("A")) await partA(sinkUrl);
  if (PARTS.includes("B")) await partB(sinkUrl);
} finally {
  cleanup();
}

async function partA(sinkUrl: string): Promise<void> {
  const baseline = await bareLoop(sinkUrl, 5, 32);
  console.log(`baseline: bare keep-alive loop, single JSON readings → bare sink: ${Math.round(baseline).toLocaleString("en-US")} requests/s`);
  const rt = await realTime(sinkUrl);
  const target = 1300;
  console.log(
    `A. real time, ${DEVICES.toLocaleString("en-US")} DHT22 devices @15 s, ${SECONDS} s: ${Math.round(rt.rate).toLocaleString("en-US")} readings/s acknowledged ` +
      `(${rt.acked.toLocaleString("en-US")} of ${rt.generated.toLocaleString("en-US")}), one request each; simulator CPU ${(rt.cpu * 100).toFixed(0)}% of one core; ` +
      `backlog at most ${(rt.lagMs / 1000).toFixed(1)} s; needed ${Math.round(target).toLocaleString("en-US")}/s → ${(rt.rate / target).toFixed(2)}× target; ${(rt.rate / baseline).toFixed(2)}× of the bare loop's ceiling`,
  );
}

async function partB(sinkUrl: string): Promise<void> {
  const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");
  const sinkTokens = new Map(new Fleet(fleetOptions(BACKFILL_DEVICES, 0)).manifest.map((m) => [m.id, "bench-token"]));
  const bare = await backfill(sinkUrl, sinkTokens);
  console.log(`baseline: backfill of ${BACKFILL_DEVICES} DHT22 devices × ${BACKFILL_DAYS} days → bare sink: ${fmt(bare.perMinute)} readings/min (${fmt(bare.acked)} readings; simulator CPU ${(bare.cpu * 100).toFixed(0)}% of one core)`);
  // B. The embedded server: SQLite + in-process bus, every 201 durable.
  const dataDir = join(dir, "data");
  const serveUrl = await children.start(["dist/main.js", "serve", "--port", "0", "--data-dir", dataDir, "--rate-limit", "0", "--log-level", "warn"], /serving on (http:\S+)/);
  const tokensFile = join(dir, "tokens.json");
  const provision = await mimic(["simulate", "--devices", String(BACKFILL_DEVICES), "--mix", "dht22", "--url", serveUrl, "--provision", "--data-dir", dataDir, "--tokens", tokensFile, "--duration", "0s"]);
  if (provision.code !== 0) throw new Error(`provisioning failed: ${provision.stderr}`);
  const tokens = new Map(Object.entries(JSON.parse(readFileSync(tokensFile, "utf8")) as Record<string, string>));
  const b = await backfill(serveUrl, tokens);
  const server = children.list[children.list.length - 1]!;
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  const store = await openStoreFor(resolveStoreLocation({ "data-dir": dataDir }, {}, process.cwd()));
  const stored = await store.countReadings();
  await store.close();
  console.log(
    `B. backfill into embedded mimic serve: ${fmt(b.perMinute)} readings/min, ${fmt(b.acked)} acknowledged of ${fmt(b.generated)}, ${fmt(b.rejected)} rejected; ` +
      `simulator CPU ${(b.cpu * 100).toFixed(0)}% of one core (the rest of the time it waits on the server); store count ${fmt(stored)} ${stored === b.acked ? "== acknowledged ✓" : "≠ acknowledged ✗"}; ${(b.perMinute / 1_000_000).toFixed(2)}× the 1,000,000/min target; ${(b.perMinute / bare.perMinute).toFixed(2)}× the bare sink`,
  );
  if (stored !== b.acked) process.exitCode = 1;
}
