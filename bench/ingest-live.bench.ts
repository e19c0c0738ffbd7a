// What the live feed costs ingest (issue 19): 50 subscribers to /v1/live (plain HTTP clients
// reading the event stream, as a dashboard's EventSource does) against none, on one `mimic serve`
// (embedded defaults), same run. Single JSON readings with auth and a durable 201 — one event per
// request, so the feed's per-request work is at its largest share — from 64 connections, in
// alternating one-second rounds (A without subscribers, B with 50) so the machine's noise weighs
// on both alike. Target: B ≥ 95% of A. Run: npm run bench -- ingest   (or -- ingest-live)
import { spawn } from "node:child_process";
import { request, type ClientRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Children } from "./internal/children.js";

interface AutocannonResult {
  "2xx": number;
  duration: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const ROUNDS = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 10);
const SUBSCRIBERS = 50;
const root = mkdtempSync(join(tmpdir(), "mimic-bench-live-"));
const children = new Children();
const BASE = Math.floor(Date.now() / 1000) - 30 * 86_400;
let sequence = 0;

async function mimic(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["dist/main.js", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once("exit", r));
  return out.trim();
}

/** Opens `n` live subscribers; resolves once each has its stream's first bytes. Counts every byte they read. */
async function subscribe(url: string, read: string, n: number, received: { bytes: number }): Promise<ClientRequest[]> {
  const requests: ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request(`${url}/v1/live`, { headers: { authorization: read, accept: "text/event-stream" } }, (res) => {
            if (res.statusCode !== 200) reject(new Error(`/v1/live answered ${res.statusCode}`));
            res.once("data", () => resolve());
            res.on("data", (chunk: Buffer) => (received.bytes += chunk.length));
            res.on("error", () => undefined);
          });
          req.on("error", () => undefined);
          req.end();
          requests.push(req);
        }),
    ),
  );
  return requests;
}

try {
  const dir = mkdtempSync(join(root, "data-"));
  const devices = Array.from({ length: 8 }, (_, i) => `live-${i}`);
  const tokens = new Map<string, string>();
  for (const d of devices) tokens.set(d, await mimic(["devices", "add", d, "--type", "DHT22", "--data-dir", dir]));
  const read = `Bearer ${await mimic(["tokens", "add", "--read", "--data-dir", dir])}`;
  const url = await children.start(
    ["dist/main.js", "serve", "--port", "0", "--data-dir", dir, "--rate-limit", "0", "--log-level", "warn", "--max-queue", "200000"],
    /serving on (\S+)/,
  );
  const headers = new Map(devices.map((d) => [d, { "content-type": "application/json", authorization: `Bearer ${tokens.get(d)}` }]));
  const round = () =>
    autocannon({
      url: `${url}/v1/telemetry`,
      connections: 64,
      duration: 1,
      requests: [
        {
          method: "POST",
          setupRequest: (req: Record<string, unknown>) => {
            const device = devices[sequence % devices.length]!;
            const ts = BASE + sequence++ / 1000;
            return {
              ...req,
              headers: headers.get(device),
              body: `{"device":"${device}","type":"DHT22","timestamp":${ts},"data":{"temperature":21.5,"humidity":55.5}}`,
            };
          },
        },
      ],
    });
  console.log(
    `${ROUNDS} alternating 1 s rounds each, 64 connections; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  await round(); // warm-up, not counted
  const rate = { none: { ok: 0, time: 0, non2xx: 0 }, live: { ok: 0, time: 0, non2xx: 0 } };
  const received = { bytes: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side goes first, so neither always follows the other.
    for (const side of r % 2 === 0 ? (["none", "live"] as const) : (["live", "none"] as const)) {
      const subs = side === "live" ? await subscribe(url, read, SUBSCRIBERS, received) : [];
      const result = await round();
      rate[side].ok += result["2xx"];
      rate[side].time += result.duration;
      rate[side].non2xx += result.non2xx;
      for (const s of subs) s.destroy();
    }
  }
  const a = rate.none.ok / rate.none.time;
  const b = rate.live.ok / rate.live.time;
  console.log(`A. no subscribers: ${Math.round(a).toLocaleString("en-US")} 201/s (non-2xx ${rate.none.non2xx})`);
  console.log(
    `B. ${SUBSCRIBERS} live subscribers: ${Math.round(b).toLocaleString("en-US")} 201/s (non-2xx ${rate.live.non2xx}); they read ${(received.bytes / 2 ** 20).toFixed(1)} MiB of events`,
  );
  console.log(`ratio B/A: ${(b / a).toFixed(3)} (target ≥ 0.95)`);
} finally {
  children.stopAll();
  rmSync(root, { recursive: true, force: true });
}
