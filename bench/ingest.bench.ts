// Ingest and query speed of `mimic serve` (embedded defaults: SQLite + in-process bus), measured
// from this process with autocannon over loopback against a child `node dist/main.js serve`, and
// in the same run against a bare node:http child that answers 201 without doing anything (the
// machine's ceiling). Targets (issue 4):
//   single JSON readings, auth + durable commit  ≥ 40% of the bare server's req/s
//   protobuf batches of 500                      ≥ 250,000 readings/s
//   p99 latency at half of maximum load          ≤ 20 ms
//   a reading queryable after its 201            ≤ 50 ms p99
//   the seed's query (1 device, 72 h, ~10,200 of 70,000 readings) via HTTP ≤ 30 ms median
// The same phases run against `--bus nats://127.0.0.1:4222 --store postgres://…` when both local
// servers answer (own stream and schema, removed afterwards).
// Live fault detection (issue 18): two embedded servers, `--detect on` and `--detect off`, fed the
// same load in alternated one-second rounds; targets single JSON ≥ 95%, protobuf batches ≥ 90%.
// Run: npm run bench -- ingest      (MIMIC_BENCH_SECONDS=5 by default per load phase)
//      MIMIC_BENCH_INGEST=detect npm run bench -- ingest    only the detection A/B
//      (MIMIC_BENCH_DETECT_PAIRS=8 by default: rounds of each side, per load; MIMIC_BENCH_GC=1 runs
//      both servers with --trace-gc-nvp and prints what their collector did per reading)
import { spawn } from "node:child_process";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Children } from "./internal/children.js";
import { CpuTally } from "./internal/thread-cpu.js";
import { GcTrace } from "./internal/gc-trace.js";
import { decodeJsonReadings } from "../src/protocol/index.js";
import { openSqliteStore } from "../src/telemetry/adapters/store-sqlite/index.js";
import { LiveDetection } from "../src/telemetry/live/index.js";
import { detectSeries, type DetectSeries } from "../src/analytics/detect/index.js";
import type { Reading } from "../src/sensors/index.js";

interface AutocannonResult {
  requests: { average: number; total: number };
  "2xx": number;
  duration: number;
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const SECONDS = Number(process.env["MIMIC_BENCH_SECONDS"] ?? 5);
// Devices are many concurrent clients; the store group-commits what arrives together.
const CONNECTIONS = 64;
const root = mkdtempSync(join(tmpdir(), "mimic-bench-"));
const children = new Children();

function cleanup(): void {
  children.stopAll();
  rmSync(root, { recursive: true, force: true });
}

async function mimic(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["dist/main.js", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once("exit", r));
  return out.trim();
}

// --- request bodies: every reading distinct, so nothing is a cheap duplicate --------------------
// Regions of the device clock, all in the past (the server refuses timestamps > 1 day ahead) and
// inside the default retention window (90 days; older readings are refused as too_old): they
// span 80 to about 25 days ago.
const BASE = Math.floor(Date.now() / 1000) - 80 * 86_400;
const BATCH_BASE = BASE + 1_000_000;
const LAG_BASE = BASE + 2_000_000;
const SEED_BASE = BASE + 3_000_000;
let sequence = 0;
function jsonBody(device: string): string {
  const ts = BASE + sequence++ / 1000;
  return `{"device":"${device}","type":"DHT22","timestamp":${ts},"data":{"temperature":${(20 + (sequence % 100) / 10).toFixed(1)},"humidity":55.5}}`;
}

/**
 * A ReadingBatch of 500 DHT readings, encoded by hand (fields 2–6 of BatchReading). The bytes are
 * built once per device; each request copies them and writes new timestamps in place, so every
 * reading is still new while the load generator (on the same two cores as the server) spends
 * microseconds, not a millisecond, per 500-reading body.
 */
const batchTemplates = new Map<string, { bytes: Buffer; timestampAt: number[] }>();
function batchBody(device: string, size = 500): Buffer {
  let template = batchTemplates.get(device);
  if (template === undefined) {
    const parts: Buffer[] = [];
    const timestampAt: number[] = [];
    let at = 0;
    const dev = Buffer.from(device);
    for (let i = 0; i < size; i++) {
      const r = Buffer.alloc(2 + dev.length + 2 + 5 + 9 + 2 + 18);
      let o = 0;
      r[o++] = 0x12;
      r[o++] = dev.length;
      dev.copy(r, o);
      o += dev.length; // device = 2
      r[o++] = 0x1a;
      r[o++] = 5;
      r.write("DHT22", o);
      o += 5; // kind = 3
      r[o++] = 0x29;
      timestampAt.push(at + 2 + o);
      o += 8; // timestamp = 5, written per request
      r[o++] = 0x32;
      r[o++] = 18; // dht = 6
      r[o++] = 0x09;
      r.writeDoubleLE(21.5, o);
      o += 8;
      r[o++] = 0x11;
      r.writeDoubleLE(40 + (i % 50), o);
      parts.push(Buffer.from([0x0a, r.length]), r);
      at += 2 + r.length;
    }
    template = { bytes: Buffer.concat(parts), timestampAt };
    batchTemplates.set(device, template);
  }
  const body = Buffer.from(template.bytes);
  for (const at of template.timestampAt) body.writeDoubleLE(BATCH_BASE + sequence++ / 1000, at);
  return body;
}

async function run(opts: Record<string, unknown>): Promise<AutocannonResult> {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
}

/** Successful (2xx) requests per second: refusals never count as throughput. */
const okRate = (r: AutocannonResult) => r["2xx"] / (r.duration || SECONDS);

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Runs every phase against one `mimic serve` shape and prints each figure. */
/**
 * One JSON reading per request, the devices taking turns: the same generator feeds the bare
 * server and mimic (the bare one ignores the token), so the load generator costs both sides the
 * same and the ratio compares the servers alone.
 */
function singleOpts(url: string, devices: readonly string[], tokens: ReadonlyMap<string, string>): Record<string, unknown> {
  const headers = new Map(devices.map((d) => [d, { "content-type": "application/json", authorization: `Bearer ${tokens.get(d)}` }]));
  return {
    url: url + "/v1/telemetry",
    requests: [
      {
        method: "POST",
        setupRequest: (req: Record<string, unknown>) => {
          const device = devices[sequence % devices.length]!;
          return { ...req, headers: headers.get(device), body: jsonBody(device) };
        },
      },
    ],
  };
}

async function shape(label: string, extraArgs: string[], bareUrl: string): Promise<void> {
  const dir = mkdtempSync(join(root, "data-"));
  const at = extraArgs.indexOf("--store");
  const common = ["--data-dir", dir, ...(at >= 0 ? extraArgs.slice(at, at + 2) : [])];
  const devices = Array.from({ length: 8 }, (_, i) => `bench-${i}`);
  const tokens = new Map<string, string>();
  for (const d of devices) tokens.set(d, await mimic(["devices", "add", d, "--type", "DHT22", ...common]));
  // Reading needs a read token; the query timings below include checking it.
  const readHeaders = { authorization: `Bearer ${await mimic(["tokens", "add", "--read", ...common])}` };
  const url = await children.start(
    ["dist/main.js", "serve", "--port", "0", "--data-dir", dir, ...extraArgs, "--rate-limit", "0", "--log-level", "warn", "--max-queue", "200000"],
    /serving on (\S+)/,
  );
  console.log(`\n--- ${label}: ${url}`);

  // 1. Single JSON readings with auth and a durable 201; eight devices take turns, each request a
  // new reading. The machine is shared and noisy, so the bare ceiling and mimic are measured in
  // alternating one-second rounds and each side's 2xx are summed: both see the same noise.
  let bareOk = 0;
  let bareTime = 0;
  let mimicOk = 0;
  let mimicTime = 0;
  let single: AutocannonResult | undefined;
  for (let round = 0; round < SECONDS; round++) {
    const b = await run({ ...singleOpts(bareUrl, devices, tokens), duration: 1 });
    bareOk += b["2xx"];
    bareTime += b.duration;
    single = await run({ ...singleOpts(url, devices, tokens), duration: 1 });
    mimicOk += single["2xx"];
    mimicTime += single.duration;
  }
  const mimicRate = mimicOk / mimicTime;
  const bareRate = bareOk / bareTime;
  console.log(
    `single JSON: ${fmt(mimicRate)} 201/s vs bare node:http ${fmt(bareRate)} req/s (alternating rounds) → ${((mimicRate / bareRate) * 100).toFixed(1)}% of the ceiling (target ≥ 40%); last round p99 ${single!.latency.p99} ms`,
  );

  // 2. p99 at half of the measured maximum.
  const half = await run({
    url: url + "/v1/telemetry",
    overallRate: Math.max(1, Math.floor(mimicRate / 2)),
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens.get(devices[0]!)}` },
    requests: [{ method: "POST", setupRequest: (req: Record<string, unknown>) => ({ ...req, body: jsonBody(devices[0]!) }) }],
  });
  console.log(`half load (${fmt(mimicRate / 2)} req/s): p50 ${half.latency.p50} ms, p99 ${half.latency.p99} ms (target ≤ 20 ms), non-2xx ${half.non2xx}`);

  // 3. Protobuf batches of 500.
  const batch = await run({
    url: url + "/v1/telemetry/batch",
    connections: 8,
    headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${tokens.get(devices[1]!)}` },
    requests: [{ method: "POST", setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(devices[1]!) }) }],
  });
  console.log(
    `protobuf batches of 500: ${fmt(okRate(batch))} 201/s = ${fmt(okRate(batch) * 500)} readings/s (target ≥ 250,000); p99 ${batch.latency.p99} ms, non-2xx ${batch.non2xx}`,
  );

  // 4. Queryable after 201 (in NATS mode this includes the consumer's lag to PostgreSQL).
  const auth = `Bearer ${tokens.get(devices[2]!)}`;
  const lags: number[] = [];
  for (let i = 0; i < 200; i++) {
    const ts = LAG_BASE + i;
    const res = await fetch(url + "/v1/telemetry", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: auth },
      body: JSON.stringify({ device: devices[2], type: "DHT22", timestamp: ts, data: { temperature: 20, humidity: 50 } }),
    });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    const acked = performance.now();
    for (;;) {
      const q = (await (await fetch(`${url}/v1/readings?device=${devices[2]}&type=DHT22&from=${ts}&to=${ts + 1}`, { headers: readHeaders })).json()) as {
        count: number;
      };
      if (q.count === 1) break;
    }
    lags.push(performance.now() - acked);
  }
  lags.sort((a, b) => a - b);
  console.log(`queryable after 201: p50 ${lags[100]!.toFixed(1)} ms, p99 ${lags[197]!.toFixed(1)} ms (target ≤ 50 ms)`);

  // 5. The seed's analysis query: 70,000 readings of 3 devices (~25 s apart), one device over 72 h.
  const seedDevices = devices.slice(5, 8);
  for (const [d, device] of seedDevices.entries()) {
    const count = d === 0 ? 24_000 : 23_000;
    for (let from = 0; from < count; from += 5000) {
      const readings = Array.from({ length: Math.min(5000, count - from) }, (_, i) => ({
        device,
        type: "DHT22",
        timestamp: SEED_BASE + (from + i) * 25 + d,
        data: { temperature: 17 + ((from + i) % 70) / 10, humidity: 50 + ((from + i) % 30) },
      }));
      const res = await fetch(url + "/v1/telemetry", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens.get(device)}` },
        body: JSON.stringify(readings),
      });
      if (res.status !== 201) throw new Error(`loading answered ${res.status}: ${await res.text()}`);
    }
  }
  const queryUrl = `${url}/v1/readings?device=${seedDevices[0]}&type=DHT22&from=${SEED_BASE + 86_400}&to=${SEED_BASE + 86_400 + 72 * 3600}`;
  // Wait until the consumer stored everything (NATS mode), then time the query.
  while (((await (await fetch(queryUrl, { headers: readHeaders })).json()) as { count: number }).count < 10_368) await new Promise((r) => setTimeout(r, 100));
  const times: number[] = [];
  const bareTimes: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    const text = await (await fetch(queryUrl, { headers: readHeaders })).text();
    times.push(performance.now() - t0);
    rows = (JSON.parse(text) as { count: number }).count;
    bytes = text.length;
    const t1 = performance.now();
    await (await fetch(bareUrl + "/static")).text();
    bareTimes.push(performance.now() - t1);
  }
  times.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  const median = times[20]!;
  console.log(
    `seed's 72 h query: ${fmt(rows)} of 70,000 rows (${fmt(bytes)} bytes), median ${median.toFixed(1)} ms (target ≤ 30 ms; the seed took 450–825 ms); a bare server sending 900 kB: median ${bareTimes[20]!.toFixed(1)} ms`,
  );
}

/**
 * What refusing duplicate keys and deep nesting costs the JSON hot path, on this thread: the
 * parser alone against mimic's JSON decoding (one byte scan, the parse, a count of the parsed
 * members), alternated in one run so the machine's load weighs on both alike.
 */
function decodeCost(): void {
  const single = Buffer.from(jsonBody("bench-0"));
  const batch = Buffer.from(`[${Array.from({ length: 5000 }, () => jsonBody("bench-0")).join(",")}]`);
  for (const [label, body, rounds] of [
    ["one reading (148 B)", single, 20_000],
    ["a batch of 5,000 (0.6 MB)", batch, 10],
  ] as const) {
    const parseOnly: number[] = [];
    const decode: number[] = [];
    for (let pass = 0; pass < 11; pass++) {
      let t = performance.now();
      for (let i = 0; i < rounds; i++) JSON.parse(body.toString("utf8"));
      parseOnly.push((performance.now() - t) / rounds);
      t = performance.now();
      for (let i = 0; i < rounds; i++) decodeJsonReadings(body, 5000);
      decode.push((performance.now() - t) / rounds);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[5]!;
    console.log(
      `JSON decode, ${label}: parse alone ${(med(parseOnly) * 1000).toFixed(1)} µs, with the depth scan and duplicate-key count ${(med(decode) * 1000).toFixed(1)} µs (×${(med(decode) / med(parseOnly)).toFixed(2)})`,
    );
  }
  sequence = 0;
}

/**
 * The detectors' CPU per committed reading, in this process (the same code the consumer calls),
 * on 400,000 readings of 8 devices in deliveries of 500: a room (15 s apart, a slow wave at 0.1 °C
 * resolution), and the A/B's own batch readings (1 ms apart, 21.5 °C, humidity a sawtooth 40–89,
 * which keeps the spike test computing a MAD and the drift test firing). A warm-up pass (the JIT),
 * then best and median of 5 in CPU time (a busy machine stretches wall time, far less CPU time);
 * a turn of the event loop after each delivery; each pass ends when every reading is judged (`flush`). Set against
 * the time a reading costs the server at the A/B's rates, it says what the A/B's noise cannot.
 * Alternated with each pass: the detectors alone (`detectSeries`, as `mimic detect` runs them) on
 * the same readings as one column set per device, so the difference is what the live wrapper adds.
 */
async function detectCpu(): Promise<void> {
  const store = await openSqliteStore({ path: ":memory:" });
  const n = 400_000;
  const reading = (device: string, t: number, temperature: number, humidity: number): Reading => ({
    id: `${device}@${t}`,
    device,
    kind: "DHT22",
    typeLabel: "DHT22",
    timestamp: t,
    receivedAt: t * 1000 + 300,
    data: { temperature, humidity },
  });
  const room = Array.from({ length: n }, (_, i) => {
    const k = Math.floor(i / 4000) * 500 + (i % 500);
    return reading(
      `cpu-${Math.floor(i / 500) % 8}`,
      BASE + k * 15,
      Math.round((21 + Math.sin(k / 500) + (k % 3) / 10) * 10) / 10,
      Math.round((45 + Math.cos(k / 700) * 3 + (k % 5) / 10) * 10) / 10,
    );
  });
  const sawtooth = Array.from({ length: n }, (_, i) => {
    const k = Math.floor(i / 4000) * 500 + (i % 500);
    return reading(`cpu-${Math.floor(i / 500) % 8}`, BATCH_BASE + k / 1000, 21.5, 40 + (i % 50));
  });
  for (const [label, readings] of [
    ["a room", room],
    ["the A/B's batch readings", sawtooth],
  ] as const) {
    const times: number[] = [];
    const alone: number[] = [];
    const series = devicesAsSeries(readings);
    for (let pass = 0; pass < 6; pass++) {
      const offline = process.cpuUsage();
      for (const one of series) detectSeries(one);
      const offlineUsed = process.cpuUsage(offline);
      if (pass > 0) alone.push((offlineUsed.user + offlineUsed.system) / n);
      const live = await LiveDetection.start(store, { sweepMs: 0 });
      const before = process.cpuUsage();
      // A turn of the event loop after each delivery, as a server takes requests between them:
      // the queue stays as short as there (observed all at once, 100,000 readings would wait).
      for (let i = 0; i < n; i += 500) {
        live.observe(readings.slice(i, i + 500));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await live.flush();
      const used = process.cpuUsage(before);
      if (pass > 0) times.push((used.user + used.system) / n);
      await live.stop();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(2);
    console.log(
      `detection CPU per committed reading, in process, ${label}: best ${Math.min(...times).toFixed(2)} µs, median ${median(times)} µs; the detectors alone (offline) best ${Math.min(...alone).toFixed(2)} µs, median ${median(alone)} µs`,
    );
  }
  await store.close();
}

/** Each device's DHT22 readings as the offline detectors take them. */
function devicesAsSeries(readings: readonly Reading[]): DetectSeries[] {
  const byDevice = new Map<string, Reading[]>();
  for (const r of readings) {
    const rs = byDevice.get(r.device);
    if (rs === undefined) byDevice.set(r.device, [r]);
    else rs.push(r);
  }
  return [...byDevice].map(([device, rs]) => {
    const column = (f: (r: Reading) => number) => Float64Array.from(rs, f);
    const dht = (r: Reading) => r.data as { temperature: number; humidity: number };
    return {
      device,
      sensor: "DHT22",
      times: column((r) => r.timestamp),
      temperature: column((r) => dht(r).temperature),
      humidity: column((r) => dht(r).humidity),
      arrival: column((r) => r.receivedAt / 1000),
    };
  });
}

/**
 * One embedded server on a fresh data dir with 8 DHT22 devices; its URL, process id and their
 * tokens. With MIMIC_BENCH_GC=1 it runs with `--trace-gc-nvp`, and `gc` counts its collections.
 */
async function embeddedServer(
  extraArgs: string[],
): Promise<{ url: string; pid: number; dir: string; devices: string[]; tokens: Map<string, string>; gc: GcTrace | undefined }> {
  const dir = mkdtempSync(join(root, "data-"));
  const devices = Array.from({ length: 8 }, (_, i) => `bench-${i}`);
  const tokens = new Map<string, string>();
  for (const d of devices) tokens.set(d, await mimic(["devices", "add", d, "--type", "DHT22", "--data-dir", dir]));
  const traceGc = process.env["MIMIC_BENCH_GC"] === "1";
  const url = await children.start(
    [
      ...(traceGc ? ["--trace-gc-nvp"] : []),
      "dist/main.js",
      "serve",
      "--port",
      "0",
      "--data-dir",
      dir,
      ...extraArgs,
      "--rate-limit",
      "0",
      "--log-level",
      "warn",
      "--max-queue",
      "200000",
    ],
    /serving on (\S+)/,
  );
  const child = children.list.at(-1)!;
  return { url, pid: child.pid!, dir, devices, tokens, gc: traceGc ? new GcTrace(child.stdout!) : undefined };
}

/**
 * Live detection's cost: the same load against `--detect off` and `--detect on` in alternated
 * one-second rounds (off-on, then on-off, …), each side's 2xx summed, so both see the machine's
 * noise alike. Prints each pair's ratio too: their spread is the noise.
 */
async function detectAB(): Promise<void> {
  const pairs = Number(process.env["MIMIC_BENCH_DETECT_PAIRS"] ?? 8);
  const off = await embeddedServer(["--detect", "off"]);
  const on = await embeddedServer(["--detect", "on"]);
  console.log(`\n--- live detection A/B: --detect off ${off.url}, --detect on ${on.url}; ${pairs} alternated pairs of 1 s rounds`);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  const loads: [string, number, number, (s: typeof on) => Record<string, unknown>][] = [
    ["single JSON readings", 0.95, 1, (s) => singleOpts(s.url, s.devices, s.tokens)],
    [
      "protobuf batches of 500",
      0.9,
      500,
      (s) => ({
        url: s.url + "/v1/telemetry/batch",
        connections: 8,
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${s.tokens.get(s.devices[1]!)}` },
        requests: [{ method: "POST", setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(s.devices[1]!) }) }],
      }),
    ],
  ];
  for (const [label, target, perRequest, opts] of loads) {
    const sum = { off: { ok: 0, time: 0 }, on: { ok: 0, time: 0 } };
    // Each side's threads, the load generator (this process) and the machine's idle time, over that side's rounds only.
    const cpu = { off: new CpuTally(off.pid), on: new CpuTally(on.pid) };
    const gc = { off: { promoted: 0, scavenges: 0, markCompacts: 0 }, on: { promoted: 0, scavenges: 0, markCompacts: 0 } };
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const rate: Record<"off" | "on", number> = { off: 0, on: 0 };
      for (const side of pair % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
        const server = side === "on" ? on : off;
        const gcBefore = server.gc?.snapshot();
        cpu[side].begin();
        const r = await run({ ...opts(server), duration: 1 });
        cpu[side].end();
        if (server.gc !== undefined)
          for (const [k, v] of Object.entries(server.gc.snapshot())) gc[side][k as keyof typeof gc.on] += v - gcBefore![k as keyof typeof gc.on];
        sum[side].ok += r["2xx"];
        sum[side].time += r.duration;
        rate[side] = r["2xx"] / r.duration;
      }
      ratios.push(rate.on / rate.off);
    }
    const offRate = sum.off.ok / sum.off.time;
    const onRate = sum.on.ok / sum.on.time;
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(
      `${label}: detect on ${fmt(onRate)} 201/s vs off ${fmt(offRate)} 201/s → ${((onRate / offRate) * 100).toFixed(1)}% (target ≥ ${target * 100}%); per pair ${ratios.map((x) => x.toFixed(2)).join(" ")} (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)})`,
    );
    const t = { off: cpu.off.summary(), on: cpu.on.summary() };
    const µs = (side: "off" | "on", seconds: number) => ((seconds * 1e6) / (sum[side].ok * perRequest)).toFixed(2);
    const both = (key: "main" | "writer" | "others" | "generator") => `${µs("off", t.off[key])} → ${µs("on", t.on[key])}`;
    if (!Number.isNaN(t.on.main)) {
      const cpuOff = Number(µs("off", t.off.main));
      const cpuOn = Number(µs("on", t.on.main));
      console.log(
        `  main-thread CPU per reading: on ${cpuOn.toFixed(2)} µs, off ${cpuOff.toFixed(2)} µs (+${(cpuOn - cpuOff).toFixed(2)} µs; if that thread were the bottleneck: ${((cpuOff / cpuOn) * 100).toFixed(1)}%)`,
      );
      console.log(
        `  CPU per reading, off → on (µs): main ${both("main")}, busiest other thread (SQLite writer) ${both("writer")}, the server's other threads (GC, libuv) ${both("others")}, load generator ${both("generator")}; machine idle during the rounds ${(t.off.idleShare * 100).toFixed(0)}% → ${(t.on.idleShare * 100).toFixed(0)}% of ${cpus().length} cores`,
      );
    }
    if (on.gc !== undefined) {
      const readings = (side: "off" | "on") => sum[side].ok * perRequest;
      const gcLine = (side: "off" | "on") =>
        `${(gc[side].promoted / readings(side)).toFixed(0)} B promoted a reading, ${((gc[side].markCompacts * 1e6) / readings(side)).toFixed(1)} mark-compacts and ${((gc[side].scavenges * 1e6) / readings(side)).toFixed(0)} scavenges per million`;
      console.log(`  collector, off: ${gcLine("off")}; on: ${gcLine("on")}`);
    }
  }
  await detectCpu();
  // The synthetic readings (1 ms apart, sawtooth values) are not a healthy room: say what they raised.
  const alarms = (JSON.parse(await mimic(["alarms", "--data-dir", on.dir, "--json"])) as { alarms: { kind: string }[] }).alarms;
  const kinds = new Map<string, number>();
  for (const a of alarms) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  console.log(`alarms the load raised on the detecting server: ${alarms.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ") || "none"})`);
}

try {
  decodeCost();
  if (process.env["MIMIC_BENCH_INGEST"] === "detect") await detectAB();
  else await allPhases();
} finally {
  cleanup();
}

async function allPhases(): Promise<void> {
  const bareUrl = await children.start(
    [
      "-e",
      `const body=JSON.stringify({success:true});const big="x".repeat(Number(process.argv[1]));require("node:http").createServer((q,s)=>{q.resume();q.on("end",()=>{if(q.method==="GET"){s.writeHead(200,{"content-type":"application/json"});s.end(big)}else{s.writeHead(201,{"content-type":"application/json"});s.end(body)}})}).listen(0,"127.0.0.1",function(){console.log("url http://127.0.0.1:"+this.address().port)})`,
      "900000",
    ],
    /url (\S+)/,
  );
  console.log(
    `${SECONDS}s per phase, ${CONNECTIONS} connections; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  await shape("embedded: SQLite + in-process bus", [], bareUrl);
  await detectAB();

  if ((await reachable(5432)) && (await reachable(4222))) {
    const suffix = randomBytes(4).toString("hex");
    const pgUrl = `postgres://postgres@127.0.0.1:5432/test?schema=bench_${suffix}`;
    try {
      await shape("NATS JetStream + PostgreSQL", ["--bus", `nats://127.0.0.1:4222?stream=BENCH_${suffix}`, "--store", pgUrl], bareUrl);
    } finally {
      const client = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS bench_${suffix} CASCADE`);
      await client.end();
      const nc = await connect({ servers: "nats://127.0.0.1:4222" });
      await (await jetstreamManager(nc)).streams.delete(`BENCH_${suffix}`).catch(() => false);
      await nc.close();
    }
  } else console.log("\n(NATS or PostgreSQL not reachable on 127.0.0.1: scaled-out figures skipped)");
}
