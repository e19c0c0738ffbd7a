// CPU of one `mimic generate … --to postgres://…` run, both sides: mimic's process (user + system,
// children included) and PostgreSQL's (every server process that started during the run: the
// connection's backend and any parallel workers of its index builds; autovacuum apart).
// Polls /proc every 20 ms, so it needs the server on this host.
//
//   node bench/internal/pg-load-cpu.mjs LABEL node dist/main.js generate coffee-shop --customers 30000 --to 'postgres://…' --replace
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";

const TICK_MS = 1000 / 100; // USER_HZ

function serverProcesses() {
  const out = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (!stat.slice(stat.indexOf("(") + 1, close).startsWith("postgres")) continue;
      const f = stat.slice(close + 2).split(" ");
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
      out.set(Number(name), { cpu: (Number(f[11]) + Number(f[12])) * TICK_MS, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const [label, cmd, ...args] = process.argv.slice(2);
const before = serverProcesses();
const seen = new Map();
// mimic's threads (CPU ms by thread; the first is the main thread), read while it runs.
const threads = new Map();
const readThreads = (timePid) => {
  let node;
  try {
    node = Number(readFileSync(`/proc/${timePid}/task/${timePid}/children`, "utf8").trim().split(" ")[0]);
  } catch {
    return;
  }
  if (!node) return;
  try {
    for (const tid of readdirSync(`/proc/${node}/task`)) {
      try {
        const stat = readFileSync(`/proc/${node}/task/${tid}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        const f = stat.slice(close + 2).split(" ");
        const name = Number(tid) === node ? "main" : stat.slice(stat.indexOf("(") + 1, close);
        threads.set(Number(tid), { name, cpu: (Number(f[11]) + Number(f[12])) * TICK_MS });
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // the process ended meanwhile
  }
};
let child;
const poll = () => {
  for (const [pid, p] of serverProcesses()) if (!before.has(pid)) seen.set(pid, p);
  if (child) readThreads(child.pid);
};
const timer = setInterval(poll, 20);
const started = performance.now();
// /usr/bin/time reports the child's CPU (Node has no getrusage of children).
const timeFile = `/tmp/pg-load-cpu-${process.pid}.txt`;
child = spawn("/usr/bin/time", ["-o", timeFile, "-f", "%U %S %M", cmd, ...args], { stdio: ["ignore", "ignore", "inherit"] });
const code = await new Promise((resolve) => child.on("exit", resolve));
const wall = performance.now() - started;
poll();
clearInterval(timer);
const [user, system, rssKb] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-3).map(Number);
rmSync(timeFile);
const mimicCpu = (user + system) * 1000;
let backend = 0;
let autovacuum = 0;
for (const p of seen.values()) {
  if (p.cmd.includes("autovacuum")) autovacuum += p.cpu;
  else backend += p.cpu;
}
// Threads by name, biggest first: "main", worker threads ("node" or the name Node gives them), V8's helpers.
const byName = {};
for (const [tid, t] of threads) if (t.cpu > 0) byName[`${t.name}:${tid}`] = Math.round(t.cpu);
const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
console.log(
  JSON.stringify({
    label,
    code,
    wall: Math.round(wall),
    mimicCpu: Math.round(mimicCpu),
    peakRssMb: Math.round(rssKb / 1024),
    backendCpu: Math.round(backend),
    autovacuumCpu: Math.round(autovacuum),
    threads: byName,
    load: Number(load),
  }),
);
