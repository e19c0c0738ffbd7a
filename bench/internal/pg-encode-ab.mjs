// CPU of the binary COPY encoder alone, two builds in one process (issue 22, docs/benchmarks.md,
// i22f): every family chunk of coffee-shop is made once (with B's generator), then encoded by A's
// and B's `createPgBinaryEncoder` in alternating passes; prints this thread's CPU per pass (from
// /proc/thread-self/stat) and whether both gave the same bytes.
//   node bench/internal/pg-encode-ab.mjs ../wt-base . 8     (A, B: worktrees with a built dist/)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [a = ".", b = ".", passes = "8"] = process.argv.slice(2);
const A = resolve(a);
const B = resolve(b);
const { resolveDatabaseSource } = await import(`${B}/dist/synth/generate/resolve-database.js`);
const { loadShape } = await import(`${B}/dist/dbload/ddl.js`);
const encoders = {
  A: (await import(`${A}/dist/synth/writers/pg-binary.js`)).createPgBinaryEncoder,
  B: (await import(`${B}/dist/synth/writers/pg-binary.js`)).createPgBinaryEncoder,
};
const customers = process.env["MIMIC_BENCH_CUSTOMERS"] ?? "30000";
const db = await resolveDatabaseSource({ kind: "dataset", name: "coffee-shop", options: { customers } }, 42);
const chunks = db.plan.map((unit) => db.generate(unit));
const threadCpuMs = () => {
  const stat = readFileSync("/proc/thread-self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};
const pass = (make) => {
  const enc = new Map(db.tables.map((t) => [t.name, make(loadShape(t))]));
  const outs = [];
  const cpu = threadCpuMs();
  for (const parts of chunks) for (const { table, batch } of parts) outs.push(enc.get(table).encode(batch));
  return { cpu: threadCpuMs() - cpu, outs };
};
const first = { A: pass(encoders.A), B: pass(encoders.B) };
const same = first.A.outs.length === first.B.outs.length && first.A.outs.every((x, i) => Buffer.compare(x, first.B.outs[i]) === 0);
const bytes = first.B.outs.reduce((s, x) => s + x.length, 0);
console.log(`coffee-shop ${customers} customers, ${chunks.length} family chunks, ${(bytes / 1e6).toFixed(1)} MB; same bytes: ${same ? "yes" : "NO"}`);
const cpu = { A: [], B: [] };
for (let p = 0; p < Number(passes); p++) for (const side of p % 2 === 0 ? ["A", "B"] : ["B", "A"]) cpu[side].push(pass(encoders[side]).cpu);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const side of ["A", "B"]) console.log(`${side} ${side === "A" ? A : B}: encode CPU ms per pass ${cpu[side].join(", ")}; median ${median(cpu[side])}`);
