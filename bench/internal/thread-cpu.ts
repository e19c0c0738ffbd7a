// CPU time by thread of a child process, of this process (the load generator) and the machine's
// idle time, from /proc (Linux; NaN elsewhere). A throughput ratio on two shared cores swings with
// the machine's load; CPU time per reading hardly does, and says which thread pays for what.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) of each thread of process `pid`, by thread id. */
export function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  const dir = `/proc/${pid}/task`;
  if (!existsSync(dir)) return out;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100); // clock ticks of 1/100 s
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** Idle and total CPU time of the whole machine, in clock ticks (all cores), from /proc/stat. */
function machineTicks(): { idle: number; total: number } {
  if (!existsSync("/proc/stat")) return { idle: Number.NaN, total: Number.NaN };
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
}

/** Per-thread CPU of one server, this process's CPU and the machine's idle share, summed over measured spans. */
export class CpuTally {
  readonly #pid: number;
  readonly #threads = new Map<number, number>();
  #generator = 0;
  #idle = 0;
  #total = 0;
  #span: { threads: Map<number, number>; self: NodeJS.CpuUsage; machine: { idle: number; total: number } } | undefined;

  constructor(pid: number) {
    this.#pid = pid;
  }

  begin(): void {
    this.#span = { threads: threadCpu(this.#pid), self: process.cpuUsage(), machine: machineTicks() };
  }

  end(): void {
    const s = this.#span!;
    for (const [tid, cpu] of threadCpu(this.#pid)) this.#threads.set(tid, (this.#threads.get(tid) ?? 0) + cpu - (s.threads.get(tid) ?? 0));
    const self = process.cpuUsage(s.self);
    this.#generator += (self.user + self.system) / 1e6;
    const m = machineTicks();
    this.#idle += m.idle - s.machine.idle;
    this.#total += m.total - s.machine.total;
    this.#span = undefined;
  }

  /**
   * CPU seconds of the server's main thread, of its busiest other thread (the SQLite writer under
   * ingest), of all its other threads (V8's GC helpers, libuv), of this process, and the machine's
   * idle share over the spans.
   */
  summary(): { main: number; writer: number; others: number; generator: number; idleShare: number } {
    const main = this.#threads.get(this.#pid) ?? Number.NaN;
    const rest = [...this.#threads].filter(([tid]) => tid !== this.#pid).map(([, cpu]) => cpu);
    const writer = rest.length === 0 ? Number.NaN : Math.max(...rest);
    const others = rest.reduce((a, b) => a + b, 0) - (Number.isNaN(writer) ? 0 : writer);
    return { main, writer, others, generator: this.#generator, idleShare: this.#idle / this.#total };
  }
}
