// What the live feed costs ingest (issue 19): 50 subscribers to /v1/live (plain HTTP clients
// reading the event stream, as a dashboard's EventSource does) against none, on one `mimic serve`
// (embedded defaults), same run. Single JSON readings with auth and a durable 201 — one event per
// request, so the feed's per-request work is at its largest share — from 64 connections, in
// alternating one-second rounds (A without subscribers, B with 50) so the machine's noise weighs
// on both alike. Target: B ≥ 95% of A. Also printed: the bytes a subscriber receives per reading
// (the feed's encoding) and the server's CPU time per reading on each side (read from /proc on
// Linux), which a loaded machine disturbs less than the rates, and the subscribers' own CPU: on
// this one machine their process shares the cores with the server and the load generator, and what
// it takes is lost to ingest, where dashboards on other machines would cost the server only its part.
// Run: npm run bench -- ingest-live   (or node --import tsx bench/ingest-live.bench.ts)
// Profile the server: MIMIC_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node
// refuses --cpu-prof in NODE_OPTIONS); the profile is written when the server stops at the end.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Children } from "./internal/children.js";
import { pairRatios } from "./internal/pair-ratios.js";

interface AutocannonResult {
  "2xx": number;
  duration: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const ROUNDS = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 10);
const SERVER_NODE_ARGS = (process.env["MIMIC_BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
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

/** CPU seconds (user, system) the process has used so far, or undefined where /proc cannot tell. */
function cpuSeconds(pid: number | undefined): { user: number; system: number } | undefined {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name's closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").at(-1)!.trim().split(" ");
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 }; // clock ticks: 100 a second on Linux
  } catch {
    return undefined;
  }
}

/** What the subscribers read in a round: bytes, streams the server ended (dropped), their process's CPU seconds. */
interface SubscribersRound {
  bytes: number;
  dropped: number;
  cpu: number;
}

/**
 * The subscribers run in their own process, as real dashboards would elsewhere: reading their
 * streams in this process would steal the load generator's event loop and count against ingest.
 * The process lives for the whole run, as a dashboard does, and opens its `n` streams at the start
 * of each B round and closes them at the end (A has none). A process started afresh each round
 * (as this bench did before branch i19v) paid its start and its cold code every round, ~11 ms of
 * CPU on the 2 cores ingest shares, which no long-lived dashboard pays (docs/benchmarks.md). `open` resolves once each stream has its first bytes; `close` first lets
 * them read what the round sent (nothing arrived for longer than the feed gathers), then answers
 * the bytes they read and the CPU seconds their process took from the first bytes to the last.
 */
function subscribers(url: string, read: string, n: number): { open: () => Promise<void>; close: () => Promise<SubscribersRound>; kill: () => void } {
  const script = `
    const http = require("node:http");
    let round, last = Date.now(), cpu0 = 0;
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
    process.on("message", (command) => {
      if (command === "open") {
        // Each round's own counts: the last round's streams may still be closing when this one opens.
        const mine = (round = { streams: [], bytes: 0, ready: 0, ended: 0, closing: false });
        last = Date.now();
        for (let i = 0; i < ${n}; i++) {
          const request = http.get(process.argv[1] + "/v1/live", { headers: { authorization: process.argv[2] } }, (res) => {
            if (res.statusCode !== 200) { console.error("/v1/live answered " + res.statusCode); process.exit(1); }
            res.once("data", () => { if (++mine.ready === ${n}) { cpu0 = cpu(); process.send("ready"); } });
            res.on("data", (c) => { mine.bytes += c.length; last = Date.now(); });
            // A stream that ends before this process closes it is a subscriber the server dropped as too slow.
            res.on("close", () => { if (!mine.closing) mine.ended++; });
            res.on("error", () => {});
          });
          request.on("error", () => {});
          mine.streams.push(request);
        }
      } else if (command === "close") {
        // It first reads what the round sent: until nothing has come for 600 ms (the feed writes
        // every 250 ms), so the bytes counted are the round's, whatever the lag.
        const wait = setInterval(() => {
          if (Date.now() - last <= 600) return;
          clearInterval(wait);
          const mine = round;
          mine.closing = true;
          for (const s of mine.streams) s.destroy();
          process.send({ bytes: mine.bytes, dropped: mine.ended, cpu: cpu() - cpu0 });
        }, 100);
      }
    });`;
  const child = spawn(process.execPath, ["-e", script, url, read], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const answer = <T>(command: "open" | "close", what: string) =>
    new Promise<T>((resolve, reject) => {
      // Subscribers that never connect, or never finish reading, fail the run instead of hanging it.
      const timer = setTimeout(() => reject(new Error(`the ${n} subscribers did not ${what} in 30 s`)), 30_000);
      const exited = (code: number | null) => reject(new Error(`subscribers exited with ${code}`));
      child.once("exit", exited);
      child.once("message", (m) => {
        clearTimeout(timer);
        child.off("exit", exited);
        resolve(m as T);
      });
      child.send(command);
    });
  return {
    open: async () => void (await answer<string>("open", "all connect")),
    close: () => answer<SubscribersRound>("close", "finish reading"),
    kill: () => child.kill(),
  };
}

let live: ReturnType<typeof subscribers> | undefined;
try {
  const dir = mkdtempSync(join(root, "data-"));
  const devices = Array.from({ length: 8 }, (_, i) => `live-${i}`);
  const tokens = new Map<string, string>();
  for (const d of devices) tokens.set(d, await mimic(["devices", "add", d, "--type", "DHT22", "--data-dir", dir]));
  const read = `Bearer ${await mimic(["tokens", "add", "--read", "--data-dir", dir])}`;
  const url = await children.start(
    [...SERVER_NODE_ARGS, "dist/main.js", "serve", "--port", "0", "--data-dir", dir, "--rate-limit", "0", "--log-level", "warn", "--max-queue", "200000"],
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
  const subs = (live = subscribers(url, read, SUBSCRIBERS));
  // Warm-up, not counted: ingest alone, then with the subscribers.
  await round();
  await subs.open();
  await round();
  await subs.close();
  const side = () => ({ ok: 0, time: 0, non2xx: 0, user: 0, system: 0 });
  const rate = { none: side(), live: side() };
  const received = { bytes: 0, dropped: 0, cpu: 0 };
  const server = children.list[0]?.pid;
  // Each round's pair: B's rate over A's, for the interval of the ratio.
  const pairs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const pairRate = { none: 0, live: 0 };
    // Alternate which side goes first, so neither always follows the other.
    for (const side of r % 2 === 0 ? (["none", "live"] as const) : (["live", "none"] as const)) {
      if (side === "live") await subs.open();
      const cpuBefore = cpuSeconds(server);
      const result = await round();
      rate[side].ok += result["2xx"];
      rate[side].time += result.duration;
      rate[side].non2xx += result.non2xx;
      pairRate[side] = result["2xx"] / result.duration;
      // The server's CPU counts until the round's last event is read (B) or as long after it (A).
      if (side === "live") {
        const got = await subs.close();
        received.bytes += got.bytes;
        received.dropped += got.dropped;
        received.cpu += got.cpu;
      } else await new Promise((r) => setTimeout(r, 700));
      const cpuAfter = cpuSeconds(server);
      rate[side].user += (cpuAfter?.user ?? NaN) - (cpuBefore?.user ?? NaN);
      rate[side].system += (cpuAfter?.system ?? NaN) - (cpuBefore?.system ?? NaN);
    }
    pairs.push(pairRate.live / pairRate.none);
  }
  const a = rate.none.ok / rate.none.time;
  const b = rate.live.ok / rate.live.time;
  const perThousand = (seconds: number, readings: number) => (1000 * 1000 * seconds) / readings;
  const cpuPerThousand = (side: typeof rate.none) => perThousand(side.user + side.system, side.ok);
  const split = (side: typeof rate.none) => `user ${perThousand(side.user, side.ok).toFixed(1)}, system ${perThousand(side.system, side.ok).toFixed(1)}`;
  console.log(`A. no subscribers: ${Math.round(a).toLocaleString("en-US")} 201/s (non-2xx ${rate.none.non2xx})`);
  console.log(
    `B. ${SUBSCRIBERS} live subscribers: ${Math.round(b).toLocaleString("en-US")} 201/s (non-2xx ${rate.live.non2xx}); they read ${(received.bytes / 2 ** 20).toFixed(1)} MiB of events, ${(received.bytes / SUBSCRIBERS / rate.live.ok).toFixed(1)} bytes a reading each; the server dropped ${received.dropped} of ${SUBSCRIBERS * ROUNDS} subscriptions as too slow (the ratio only means what it says when that is 0)`,
  );
  if (Number.isFinite(cpuPerThousand(rate.none) + cpuPerThousand(rate.live))) {
    const [serverA, serverB] = [cpuPerThousand(rate.none), cpuPerThousand(rate.live)];
    console.log(
      `server CPU per 1,000 readings: A ${serverA.toFixed(1)} ms (${split(rate.none)}), B ${serverB.toFixed(1)} ms (${split(rate.live)}) (B/A ${(serverB / serverA).toFixed(3)})`,
    );
    // What a subscriber elsewhere would cost: only the server's part (its loopback writes here also
    // pay the receiving half of TCP, which a remote subscriber's machine would).
    const subscribers = perThousand(received.cpu, rate.live.ok);
    console.log(
      `the ${SUBSCRIBERS} subscribers' own process, on this machine: ${subscribers.toFixed(1)} ms CPU per 1,000 readings (${((100 * subscribers) / serverB).toFixed(1)}% of the server's B); subscribers elsewhere would cost the server B − A = ${(serverB - serverA).toFixed(1)} ms (${((100 * (serverB - serverA)) / serverA).toFixed(1)}%)`,
    );
  }
  console.log(`ratio B/A: ${(b / a).toFixed(3)} (target ≥ 0.95)`);
  const interval = pairRatios(pairs);
  console.log(
    `per round pair B/A: geometric mean ${interval.geomean.toFixed(3)}, 95% bootstrap interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)} over ${pairs.length} pairs (${pairs.map((p) => p.toFixed(2)).join(" ")})`,
  );
} finally {
  live?.kill();
  children.stopAll();
  rmSync(root, { recursive: true, force: true });
}
