// Both synthesisers (`fit --method copula|cart`; `--cart-smoothing=0`: CART's leaves unsmoothed) and `auto`'s choice (its inner qualities and DCR overfitting, copula / cart) on the six vega-datasets
// tables of docs/model.md: each table split 80/20 (seed 1), fitted on the 80%, sampled as many
// rows (seed 1), evaluated against the 80% with the 20% as holdout. One Markdown row per table
// and method. Not a speed benchmark: a reproducible measurement for docs/model.md.
//   node --import tsx bench/model-methods.ts [--cart-smoothing=0] [table ...]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseMethod, evaluateTables, sampleTable } from "../src/synth/evaluate/index.js";
import { fitModel, readCsvTable, splitTable } from "../src/synth/model/index.js";
import { vegaCsvPath } from "../src/synth/model/test-support/vega.js";

const TABLES = ["cars.json", "penguins.json", "seattle-weather.csv", "weather.csv", "gapminder-health-income.csv", "disasters.csv"];
// `--cart-smoothing=0`: CART with raw leaf quantiles (before leaf smoothing), for an A/B.
const smoothingArg = process.argv.find((a) => a.startsWith("--cart-smoothing="));
const cartSmoothing = smoothingArg === undefined ? undefined : Number(smoothingArg.split("=")[1]);
const chosen = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const dir = mkdtempSync(join(tmpdir(), "mimic-methods-"));
const f = (x: number | undefined): string => (x === undefined ? "–" : x.toFixed(3));

try {
  console.log(
    "| table | method | q | q all pairs | shapes | pair trends | DCR overfitting (no-memorisation 95% range) | MIA advantage | exact-copy share (holdout's own); copies of training / held-out rows, p | DCR baseline (holdout's own) | utility TSTR/TRTR | auto chose |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const file of TABLES.filter((t) => chosen.length === 0 || chosen.some((c) => t.includes(c)))) {
    const table = await readCsvTable(vegaCsvPath(file, dir));
    const { fit, holdout } = splitTable(table, Math.round(table.rowCount * 0.2), 1);
    const choice = await chooseMethod(fit, undefined, 42);
    for (const method of ["copula", "cart"] as const) {
      const { model } = fitModel(fit, undefined, cartSmoothing === undefined ? { method } : { method, cartSmoothing });
      const synthetic = await sampleTable(model, fit.rowCount, 1, join(dir, `${method}.csv`));
      const e = evaluateTables(fit, synthetic, holdout);
      const q = e.quality;
      console.log(
        `| ${file.replace(/\.(json|csv)$/, "")} | ${method} | ${f(q.score)} | ${f(q.scoreAllPairs)} | ${f(q.columnShapes)} | ${f(q.columnPairTrends)} | ${f(e.privacy.dcrOverfittingProtection)} (${f(e.privacy.dcrOverfittingNoise?.low)}–${f(e.privacy.dcrOverfittingNoise?.high)}) | ${f(e.privacy.membershipAdvantage)} | ${f(e.privacy.exactCopyShare)} (${f(e.privacy.holdoutExactCopyShare)}); ${e.privacy.copies?.training ?? "–"} / ${e.privacy.copies?.holdout ?? "–"}, ${e.privacy.copies?.pValue.toPrecision(2) ?? "–"} | ${f(e.privacy.dcrBaselineProtection)} (${f(e.privacy.holdoutDcrBaselineProtection)}) | ${(e.utility ?? []).map((u) => `${u.target} ${f(u.ratio)}`).join(", ") || "–"} | ${choice.chosen === method ? `**${method}** (q ${choice.quality.copula} / ${choice.quality.cart}; DCR ${choice.privacy?.copula.dcrOverfitting} / ${choice.privacy?.cart.dcrOverfitting}${choice.reason.includes("refused") ? "; other refused for privacy" : ""})` : ""} |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
