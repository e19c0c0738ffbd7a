// `mimic analyze` speed (issue 16). A fleet of 20 DHT22 devices, 1,000,000 readings as the CSV
// `mimic generate iot` writes; then, in the same run and one after the other:
//   A. `mimic analyze --in fleet.csv --units F --tz America/New_York --json` (read, describe per
//      device and field, rolling means and stds of 20 readings, hourly profile, and the rest),
//      wall time and peak RSS of the process;
//   B. the same with `--report` (the HTML adds at most 1 s: target);
//   C. baseline: a plain pandas script doing the seed's statistics on the same file (read,
//      °C → °F, describe, rolling mean and std of 20, hourly profile in the same zone) with
//      Debian's python3-pandas, when it is installed (`apt-get install -y python3-pandas`).
//   D. memory by design: the same command as A over 10× the readings (10,000,000), peak RSS
//      against A's: the statistics stream, so the target is at most 1.5× (MIMIC_BENCH_SCALE=0 skips
//      D, whose file takes minutes to generate).
// Targets: A faster than C; B − A ≤ 1 s; D / A ≤ 1.5.
// Run: npm run bench -- analyze   (MIMIC_BENCH_READINGS to change 1M, MIMIC_BENCH_SCALE the 10×)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const READINGS = Number(process.env["MIMIC_BENCH_READINGS"] ?? 1_000_000);
const SCALE = Number(process.env["MIMIC_BENCH_SCALE"] ?? 10);
/** Peak memory of D over A's at most: issue 16's target. */
const MEMORY_TARGET = 1.5;
const MAIN = join(import.meta.dirname, "..", "dist", "main.js");
const PANDAS = join(import.meta.dirname, "internal", "analyze-pandas.py");
const PYTHON = "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "mimic-analyze-bench-"));

/** Wall seconds and peak RSS (MB, from GNU time when present) of one command. */
function timed(cmd: string, args: string[]): { seconds: number; rssMb: number | null; ok: boolean; stdout: string } {
  const useTime = existsSync("/usr/bin/time");
  const start = process.hrtime.bigint();
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kb = useTime ? Number(/(\d+)\s*$/.exec(r.stderr)?.[1]) : Number.NaN;
  return { seconds, rssMb: Number.isFinite(kb) ? kb / 1024 : null, ok: r.status === 0, stdout: r.stdout };
}

try {
  const generate = (rows: number, out: string): void => {
    const gen = spawnSync(process.execPath, [MAIN, "generate", "iot", "--devices", "20", "--rows", String(rows), "--seed", "7", "--out", out], {
      cwd: dir,
      encoding: "utf8",
    });
    if (gen.status !== 0) throw new Error(`generate failed: ${gen.stderr}`);
  };
  generate(READINGS, "fleet.csv");
  const args = [MAIN, "analyze", "--in", "fleet.csv", "--units", "F", "--tz", "America/New_York", "--json", "--out", "analysis.json"];
  const pandasThere = spawnSync(PYTHON, ["-c", "import pandas"]).status === 0;
  // Interleaved rounds, medians: the machine is shared, and load moves between runs.
  const rounds = Number(process.env["MIMIC_BENCH_ROUNDS"] ?? 3);
  const runs: { a: ReturnType<typeof timed>; b: ReturnType<typeof timed>; c?: ReturnType<typeof timed> }[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = timed(process.execPath, args);
    const b = timed(process.execPath, [...args, "--report", "analysis.html"]);
    const c = pandasThere ? timed(PYTHON, [PANDAS, "fleet.csv"]) : undefined;
    runs.push(c ? { a, b, c } : { a, b });
  }
  const medianOf = (pick: (r: (typeof runs)[number]) => ReturnType<typeof timed> | undefined): ReturnType<typeof timed> | undefined => {
    const xs = runs
      .map(pick)
      .filter((x) => x !== undefined)
      .sort((x, y) => x.seconds - y.seconds);
    return xs[Math.floor(xs.length / 2)];
  };
  const a = medianOf((r) => r.a)!;
  const b = medianOf((r) => r.b)!;
  const c = medianOf((r) => r.c);
  console.log(
    `rounds: ${rounds}; each line is the median round (all: A ${runs.map((r) => r.a.seconds.toFixed(2)).join(", ")}; C ${runs.map((r) => r.c?.seconds.toFixed(2) ?? "–").join(", ")})`,
  );
  const mb = (x: number | null): string => (x === null ? "?" : `${x.toFixed(0)} MB`);
  console.log(`readings: ${READINGS.toLocaleString("en-US")} (20 devices)`);
  console.log(`A. mimic analyze --json:            ${a.seconds.toFixed(2)} s, peak RSS ${mb(a.rssMb)}${a.ok ? "" : " (FAILED)"}`);
  console.log(`B. … with --report:                 ${b.seconds.toFixed(2)} s (report adds ${(b.seconds - a.seconds).toFixed(2)} s; target ≤ 1 s)`);
  if (c)
    console.log(
      `C. pandas (read, describe, rolling, hourly): ${c.seconds.toFixed(2)} s, peak RSS ${mb(c.rssMb)} (script's own clock: ${c.stdout.trim().split(" ")[0]} s)`,
    );
  else console.log(`C. pandas: not installed here (apt-get install -y python3-pandas); recorded in docs/benchmarks.md`);
  if (c) console.log(`ratio: mimic is ${(c.seconds / a.seconds).toFixed(2)}× the speed of pandas (target > 1)`);
  if (SCALE > 1) {
    generate(READINGS * SCALE, "fleet-scaled.csv");
    const d = timed(process.execPath, [MAIN, "analyze", "--in", "fleet-scaled.csv", ...args.slice(4)]);
    const peaks = runs.map((r) => r.a.rssMb).filter((x): x is number => x !== null);
    const peakA = peaks.length > 0 ? Math.max(...peaks) : null;
    console.log(
      `D. ${(READINGS * SCALE).toLocaleString("en-US")} readings, same command: ${d.seconds.toFixed(2)} s, peak RSS ${mb(d.rssMb)}${d.ok ? "" : " (FAILED)"}`,
    );
    if (d.rssMb !== null && peakA !== null)
      console.log(
        `memory ratio D / A (highest A peak): ${(d.rssMb / peakA).toFixed(2)}× (target ≤ ${MEMORY_TARGET}×: ${d.rssMb / peakA <= MEMORY_TARGET ? "met" : "NOT met"})`,
      );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
