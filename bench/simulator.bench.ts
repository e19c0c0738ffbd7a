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
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Fleet, runSimulation, type FleetOptions, type SimulationOptions } from "../src/telemetry/simulator/index.js";

const SECONDS = Number(process.env["MIMIC_BENCH_SECONDS"] ?? 30);
const DEVICES = Number(process.env["MIMIC_BENCH_DEVICES"] ?? 20_000);
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), "mimic-sim-bench-"));

const SINK = `
const http = require("node:http");
let n = 0;
const s = http.createServer((req, res) => { req.resume(); req.on("end", () => { n++; res.writeHead(201, {"content-type": "application/json"}); res.end('{"success":true}'); }); });
s.keepAliveTimeout = 60000;
s.listen(0, "127.0.0.1", () => console.log("listening http://127.0.0.1:" + s.address().port));
process.on("SIGTERM", () => process.exit(0));
`;

function startChild(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });
}

function cleanup(): void {
  for (const c of children) c.kill("SIGTERM");
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

try {
  const sinkUrl = await startChild(["-e", SINK], /listening (http:\S+)/);
  const baseline = await bareLoop(sinkUrl, 5, 32);
  console.log(`baseline: bare keep-alive loop, single JSON readings → bare sink: ${Math.round(baseline).toLocaleString("en-US")} requests/s`);
  const rt = await realTime(sinkUrl);
  const target = 1300;
  console.log(
    `A. real time, ${DEVICES.toLocaleString("en-US")} DHT22 devices @15 s, ${SECONDS} s: ${Math.round(rt.rate).toLocaleString("en-US")} readings/s acknowledged ` +
      `(${rt.acked.toLocaleString("en-US")} of ${rt.generated.toLocaleString("en-US")}), one request each; simulator CPU ${(rt.cpu * 100).toFixed(0)}% of one core; ` +
      `backlog at most ${(rt.lagMs / 1000).toFixed(1)} s; needed ${Math.round(target).toLocaleString("en-US")}/s → ${(rt.rate / target).toFixed(2)}× target; ${(rt.rate / baseline).toFixed(2)}× of the bare loop's ceiling`,
  );
} finally {
  cleanup();
}
