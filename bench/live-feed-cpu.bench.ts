// What the live feed itself costs the server's process a reading (issue 19), away from ingest's
// noise: readings published one at a time (as ingest does, one a request) at a fixed rate to a
// LiveFeed whose 50 subscribers are HTTP/1.1 responses that another process reads, against the same
// readings published with no subscriber, in alternating one-second rounds of one process. CPU from
// process.cpuUsage (the publisher) and /proc (the readers' process: what a dashboard elsewhere
// would pay on its own machine). With an older build's folder as argument (a copy of dist/ from
// before a change), its LiveFeed is a third side, so two formats are compared in the same run.
// The ingest bench (ingest-live.bench.ts) says what ingest loses; this says what the feed's code
// and its socket writes cost, which a shared 2-core machine disturbs far less.
// Run: node --import tsx bench/live-feed-cpu.bench.ts [older-dist]   (after npm run build)
// Env: MIMIC_BENCH_ROUNDS (10), MIMIC_BENCH_RATE (readings/s, 20000), MIMIC_BENCH_VALUES (bench:
// 21.5/55.5 always, as ingest-live sends; walk: each device's values wander by 0.1 steps).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRandom } from "../src/random/index.js";

interface FeedModule {
  LiveFeed: new () => { publish(readings: unknown[]): void; flush(): void; subscribe(device: undefined, sink: unknown): () => void };
  responseSink: (res: ServerResponse) => unknown;
}
const load = async (dist: string) => (await import(pathToFileURL(resolve(dist, "http/routes/live-feed.js")).href)) as FeedModule;

const ROUNDS = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 10);
const RATE = Number(process.env["MIMIC_BENCH_RATE"] ?? 20_000);
const VALUES = process.env["MIMIC_BENCH_VALUES"] ?? "bench";
const SUBSCRIBERS = 50;
const modules = new Map<string, FeedModule>([["current", await load("dist")]]);
if (process.argv[2] !== undefined) modules.set("older", await load(process.argv[2]));
const feeds = new Map([...modules].map(([side, m]) => [side, { feed: new m.LiveFeed(), sink: m.responseSink }]));
const sides = ["none", ...feeds.keys()];

// Every subscriber is subscribed to every side's feed: only the side being published writes.
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(": live\n\n");
  for (const { feed, sink } of feeds.values()) feed.subscribe(undefined, sink(res));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const reader = spawn(
  process.execPath,
  [
    "-e",
    `const http = require("node:http"); let ready = 0, bytes = 0;
    for (let i = 0; i < ${SUBSCRIBERS}; i++) http.get(process.argv[1], (res) => {
      res.once("data", () => { if (++ready === ${SUBSCRIBERS}) console.log("ready"); });
      res.on("data", (c) => { bytes += c.length; });
    });
    process.on("message", () => process.send(bytes));`,
    url,
  ],
  { stdio: ["ignore", "pipe", "inherit", "ipc"] },
);
await new Promise<void>((r) => reader.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && r()));
const readerBytes = () =>
  new Promise<number>((r) => {
    reader.once("message", (m) => r(Number(m)));
    reader.send(0);
  });
/** The readers' process CPU seconds (user + system), from /proc: clock ticks, 100 a second on Linux. */
const readerCpu = () => {
  const f = readFileSync(`/proc/${reader.pid}/stat`, "utf8").split(")").at(-1)!.trim().split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const BASE = 1_796_000_000;
let sequence = 0;
let tenths = [215, 555];
const random = createRandom(19);
function reading() {
  const device = sequence % 8;
  if (VALUES === "walk" && device === 0) tenths = tenths.map((t) => t + Math.round(random.next() * 2 - 1));
  const data = VALUES === "walk" ? { temperature: (tenths[0]! + device) / 10, humidity: (tenths[1]! - device) / 10 } : { temperature: 21.5, humidity: 55.5 };
  const n = sequence++;
  return { id: `r${n}`, device: `live-${device}`, kind: "DHT22", typeLabel: "DHT22", timestamp: BASE + n / 1000, receivedAt: Date.now(), data };
}

async function round(side: string) {
  const feed = feeds.get(side)?.feed;
  const [bytes0, cpu0, readers0, start] = [await readerBytes(), cpu(), readerCpu(), performance.now()];
  let sent = 0;
  while (performance.now() - start < 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * RATE);
    for (; sent < due; sent++) {
      const r = [reading()];
      feed?.publish(r);
    }
    // Idle between ticks, so the CPU counted is the work, not a spinning loop.
    await new Promise((r) => setTimeout(r, 5));
  }
  feed?.flush();
  await new Promise((r) => setTimeout(r, 400)); // the readers take what was written
  return { readings: sent, cpu: cpu() - cpu0, readers: readerCpu() - readers0, bytes: (await readerBytes()) - bytes0 };
}

const totals = new Map(sides.map((s) => [s, { readings: 0, cpu: 0, readers: 0, bytes: 0 }]));
const load0 = loadavg()[0]!;
for (const side of sides) await round(side); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  // Each side first, middle and last in turn.
  for (let i = 0; i < sides.length; i++) {
    const side = sides[(r + i) % sides.length]!;
    const got = await round(side);
    const t = totals.get(side)!;
    t.readings += got.readings;
    t.cpu += got.cpu;
    t.readers += got.readers;
    t.bytes += got.bytes;
  }
}
const perReading = (side: string, key: "cpu" | "readers") => (1e6 * totals.get(side)![key]) / totals.get(side)!.readings; // µs
console.log(
  `${ROUNDS} alternating 1 s rounds a side, ${RATE} readings/s published one at a time, ${SUBSCRIBERS} subscribers, values "${VALUES}"; load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
);
for (const side of sides) {
  const feedCost = side === "none" ? "" : `, the feed's part ${(perReading(side, "cpu") - perReading("none", "cpu")).toFixed(2)} µs`;
  console.log(
    `${side.padEnd(7)} publisher ${perReading(side, "cpu").toFixed(2)} µs a reading${feedCost}; readers' process ${perReading(side, "readers").toFixed(2)} µs; ${(totals.get(side)!.bytes / SUBSCRIBERS / totals.get(side)!.readings).toFixed(2)} bytes a reading each`,
  );
}
if (feeds.has("older")) {
  const part = (side: string) => perReading(side, "cpu") - perReading("none", "cpu");
  console.log(
    `current/older: the feed's part in the publisher ${(part("current") / part("older")).toFixed(3)}, readers' process ${(perReading("current", "readers") / perReading("older", "readers")).toFixed(3)}`,
  );
}
reader.kill();
server.close();
process.exit(0);
