// Where disasters' copies of training rows come from (docs/model.md, branch i21b). A synthetic row
// copies a real row (Entity, Year, Deaths) with probability P(Entity, Year) · P(Deaths | Entity,
// Year); the script estimates, from a large sample per split, each factor at the training rows and
// at the held-out rows and prints their ratio (training / held-out; 1 = the generator cannot tell
// the two apart, which is what "within chance" means). Pooled over the splits of
// bench/model-copies.ts (seeds 1..K, 80/20, sample seed = split seed).
//   node --import tsx bench/internal/copies-mechanism.ts [--splits=5] [--rows=200000] [variant ...]
// Variants (each an A/B against the same splits): whole (rows drawn from the whole real table:
// the ratios' noise floor on these splits); copula, cart (as fitted); copula-nohier (the
// copula without hierarchical drawing); cart-smooth=<k> (leaf kernel k × Silverman's); any of
// them with `@all`: fitted on the whole table (both parts seen alike: the ratios' noise for that model).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom } from "../../src/random/index.js";
import { sampleTable } from "../../src/synth/evaluate/index.js";
import { asText, fitModel, readCsvTable, splitTable, type FitOptions, type RawTable } from "../../src/synth/model/index.js";
import { vegaPath } from "../../src/synth/model/test-support/vega.js";

const arg = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.split("=")[1]);
};
const splits = arg("splits", 5);
const rows = arg("rows", 200_000);
const variants = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const dir = mkdtempSync(join(tmpdir(), "mimic-mechanism-"));

function cells(table: RawTable): string[][] {
  const cols = table.columns.map((c) => asText(c));
  return Array.from({ length: table.rowCount }, (_, i) => cols.map((c) => c.dictionary[c.codes[i]!] ?? ""));
}
function counter(list: string[][], key: (r: string[]) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of list) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}
/** The noise floor: rows drawn with replacement from the whole real table (no part favoured). */
function wholeTable(table: RawTable, n: number, seed: number): string[][] {
  const all = cells(table);
  const rng = createRandom(seed).fork("whole");
  return Array.from({ length: n }, () => all[rng.int(0, all.length - 1)]!);
}
function optionsOf(variant: string): FitOptions {
  if (variant === "copula") return { method: "copula" };
  if (variant === "copula-nohier") return { method: "copula", hierarchy: false };
  if (variant === "cart") return { method: "cart" };
  if (variant.startsWith("cart-smooth=")) return { method: "cart", cartSmoothing: Number(variant.split("=")[1]) };
  throw new Error(`unknown variant ${variant}`);
}

try {
  const table = await readCsvTable(vegaPath("disasters.csv"));
  console.log(`${splits} splits × ${rows.toLocaleString("en-US")} rows; ratios are mean at training rows / mean at held-out rows`);
  console.log(
    "| variant | row copy rate T / H (ratio) | P(Year) | P(Entity, Year) | P(Year given Entity) | P(Deaths) | P(Deaths given Entity) | P(Deaths given Entity, Year) |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const variant of variants.length > 0 ? variants : ["copula", "cart"]) {
    // Sums over the rows of each part of the estimated probabilities.
    const sum = { T: new Float64Array(7), H: new Float64Array(7) };
    const n = { T: 0, H: 0 };
    for (let seed = 1; seed <= splits; seed++) {
      const { fit, holdout } = splitTable(table, Math.round(table.rowCount * 0.2), seed);
      const s =
        variant === "whole"
          ? wholeTable(table, rows, seed)
          : cells(
              await sampleTable(
                fitModel(variant.endsWith("@all") ? table : fit, undefined, optionsOf(variant.replace(/@all$/, ""))).model,
                rows,
                seed,
                join(dir, "s.csv"),
              ),
            );
      const row = counter(s, (r) => r.join(","));
      const year = counter(s, (r) => r[1]!);
      const ey = counter(s, (r) => `${r[0]},${r[1]}`);
      const e = counter(s, (r) => r[0]!);
      const d = counter(s, (r) => r[2]!);
      const ed = counter(s, (r) => `${r[0]},${r[2]}`);
      for (const [part, t] of [
        ["T", fit],
        ["H", holdout],
      ] as const) {
        for (const r of cells(t)) {
          const c = (m: Map<string, number>, k: string): number => m.get(k) ?? 0;
          const pe = c(e, r[0]!),
            pey = c(ey, `${r[0]},${r[1]}`);
          const v = [
            c(row, r.join(",")) / rows,
            c(year, r[1]!) / rows,
            pey / rows,
            pe > 0 ? pey / pe : 0,
            c(d, r[2]!) / rows,
            pe > 0 ? c(ed, `${r[0]},${r[2]}`) / pe : 0,
            pey > 0 ? c(row, r.join(",")) / pey : 0,
          ];
          v.forEach((x, i) => (sum[part][i]! += x));
          n[part]++;
        }
      }
    }
    const ratio = (i: number): string => (sum.T[i]! / n.T / (sum.H[i]! / n.H)).toFixed(3);
    console.log(
      `| ${variant} | ${((sum.T[0]! / n.T) * 1e6).toFixed(2)} / ${((sum.H[0]! / n.H) * 1e6).toFixed(2)} ×10⁻⁶ (${ratio(0)}) | ${ratio(1)} | ${ratio(2)} | ${ratio(3)} | ${ratio(4)} | ${ratio(5)} | ${ratio(6)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
