// Exact copies of training rows against chance, pooled over several splits and large samples
// (issue 21; docs/model.md "Exact copies, measured against chance" and "branch i21b"). For each
// table and method: K 80/20 splits (split seeds 1..K, as bench/model-utility-noise.ts), fitted on
// the 80% with the CLI's library functions (as bench/model-methods.ts), N rows sampled with the
// split's seed, copies of training and of held-out rows counted as `evaluate --holdout` counts them
// (`holdoutCopies`), pooled, and tested with the same one-sided binomial. Not a speed benchmark.
//   node --import tsx bench/model-copies.ts [--splits=5] [--rows=20000] [--detail] [table ...]
// `--detail` also prints the copied rows (training ones marked T, held-out ones H) grouped by the
// first column, and for numeric columns the size of the training value's group (how many training
// rows of the same first-column value hold that value) — the mechanism analysis of docs/model.md.
// MIMIC_BENCH_COPULA / MIMIC_BENCH_CART: extra fit options as JSON (an A/B of a fit setting).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binomialUpperTail } from "../src/numeric/special.js";
import { holdoutCopies } from "../src/synth/evaluate/evaluate.js";
import { sampleTable } from "../src/synth/evaluate/index.js";
import { asText, fitModel, readCsvTable, splitTable, type FitOptions, type RawTable } from "../src/synth/model/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";

const TABLES = ["cars.json", "penguins.json", "seattle-weather.csv", "weather.csv", "gapminder-health-income.csv", "disasters.csv"];
const arg = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.split("=")[1]);
};
const splits = arg("splits", 5);
const rows = arg("rows", 20_000);
const detail = process.argv.includes("--detail");
const chosen = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const extra = (name: string): Partial<FitOptions> => JSON.parse(process.env[name] ?? "{}") as Partial<FitOptions>;
const dir = mkdtempSync(join(tmpdir(), "mimic-copies-"));

/** Each row of a table as one string of its cells (the text the CSV holds). */
function rowKeys(table: RawTable): string[] {
  const cols = table.columns.map((c) => asText(c));
  return Array.from({ length: table.rowCount }, (_, i) => cols.map((c) => c.dictionary[c.codes[i]!] ?? "").join("\u0001"));
}

try {
  console.log(`${splits} splits (seeds 1–${splits}) × ${rows.toLocaleString("en-US")} sampled rows per method`);
  console.log(
    "| table | method | copies of training rows | copies of held-out rows | expected training copies | p (one-sided binomial) | per split (training/held-out) |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const file of TABLES.filter((t) => chosen.length === 0 || chosen.some((c) => t.includes(c)))) {
    const table = await readCsvTable(vegaCsvPath(file, dir));
    for (const method of ["copula", "cart"] as const) {
      let training = 0,
        holdout = 0,
        trainingRows = 0,
        holdoutRows = 0;
      const perSplit: string[] = [];
      const copied = new Map<string, { part: "T" | "H"; times: number }>();
      for (let seed = 1; seed <= splits; seed++) {
        const { fit, holdout: held } = splitTable(table, Math.round(table.rowCount * 0.2), seed);
        const { model } = fitModel(fit, undefined, { method, ...extra(method === "cart" ? "MIMIC_BENCH_CART" : "MIMIC_BENCH_COPULA") });
        const synthetic = await sampleTable(model, rows, seed, join(dir, `${method}.csv`));
        const c = holdoutCopies(fit, synthetic, held).copies!;
        training += c.training;
        holdout += c.holdout;
        trainingRows = fit.rowCount;
        holdoutRows = held.rowCount;
        perSplit.push(`${c.training}/${c.holdout}`);
        if (detail) {
          const fitKeys = new Set(rowKeys(fit)),
            heldKeys = new Set(rowKeys(held));
          for (const key of rowKeys(synthetic)) {
            const part = fitKeys.has(key) && !heldKeys.has(key) ? "T" : heldKeys.has(key) && !fitKeys.has(key) ? "H" : undefined;
            if (part === undefined) continue;
            const k = `${seed}\u0002${key}`;
            const seen = copied.get(k);
            if (seen) seen.times++;
            else copied.set(k, { part, times: 1 });
          }
        }
      }
      const share = trainingRows / (trainingRows + holdoutRows);
      const n = training + holdout;
      console.log(
        `| ${file.replace(/\.(json|csv)$/, "")} | ${method} | ${training} | ${holdout} | ${(n * share).toFixed(1)} | ${binomialUpperTail(n, training, share).toPrecision(2)} | ${perSplit.join(", ")} |`,
      );
      if (detail) {
        const byFirst = new Map<string, { T: number; H: number; rows: string[] }>();
        for (const [k, { part, times }] of copied) {
          const [seed, key] = k.split("\u0002") as [string, string];
          const cells = key.split("\u0001");
          const g = byFirst.get(cells[0]!) ?? { T: 0, H: 0, rows: [] };
          g[part] += times;
          g.rows.push(`${part}${times > 1 ? `×${times}` : ""} s${seed} ${cells.slice(1).join(",")}`);
          byFirst.set(cells[0]!, g);
        }
        for (const [first, g] of [...byFirst].sort((a, b) => b[1].T + b[1].H - a[1].T - a[1].H))
          console.log(`    ${first}: ${g.T} training / ${g.H} held-out — ${g.rows.join("; ")}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
